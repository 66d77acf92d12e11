/**
 * The package's run-time state inside one Pulumi provider host process.
 *
 * The serialized shim (provider/shim.ts) requires this module by name on every call. Node caches
 * modules, so everything here (configuration, the HTTP client, rate limiters, batchers and read
 * caches) exists once per host process and is shared by every dynamic resource of the stack.
 * Nothing here is ever serialized into state.
 */
import * as path from "node:path";
import type * as pulumi from "@pulumi/pulumi";
import { csrProviderImpl } from "./resources/csr/provider";
import type { ResourceDeps } from "./resources/common/deps";
import { hostsCertificateBindingProviderImpl } from "./resources/hosts-certificate-binding/provider";
import { listenerCertificateBindingProviderImpl } from "./resources/listener-certificate-binding/provider";
import type { ResourceKind } from "./shim";
import { createClient, TencentCloudClient } from "./tencentcloud/client";
import { Logger, redactingLogger, streamLogger } from "./tencentcloud/log";
import { RateLimiter } from "./tencentcloud/rate-limiter";
import { ClientSettings, resolveSettings } from "./tencentcloud/settings";
import type { ConfigSource, TencentCloudApi } from "./tencentcloud/types";

/** What `configure` receives from the Pulumi host: stack configuration, `namespace:key` → value. */
export type { ConfigSource } from "./tencentcloud/types";

const emptyConfig: ConfigSource = { get: () => undefined };
let configSource: ConfigSource = emptyConfig;
let configGeneration = 0;

/** Called by the shim's `configure`; the last call wins (every resource kind configures once). */
export function configure(config: ConfigSource | undefined): void {
    configSource = config ?? emptyConfig;
    configGeneration++;
}

/** The stack configuration the host passed, or an empty source when not running under Pulumi. */
export function getConfig(): ConfigSource {
    return configSource;
}

/** Increments on each `configure`, so lazily built singletons know when to rebuild. */
export function getConfigGeneration(): number {
    return configGeneration;
}

/** The dependencies runtime gives every provider: the process's client and logger, both resolved per call. */
const processDeps: ResourceDeps = {
    client: () => getClient(),
    log: {
        debug: (message) => getLogger().debug(message),
        info: (message) => getLogger().info(message),
        warn: (message) => getLogger().warn(message),
        error: (message) => getLogger().error(message),
    },
};

const providerFactories: Record<ResourceKind, (deps: ResourceDeps) => pulumi.dynamic.ResourceProvider> = {
    csr: csrProviderImpl,
    listenerCertificateBinding: listenerCertificateBindingProviderImpl,
    hostsCertificateBinding: hostsCertificateBindingProviderImpl,
};

const providers = new Map<ResourceKind, pulumi.dynamic.ResourceProvider>();

/** The real provider implementation for a resource kind, created once per process. */
export function providerFor(kind: ResourceKind): pulumi.dynamic.ResourceProvider {
    let provider = providers.get(kind);
    if (!provider) {
        const factory = providerFactories[kind];
        if (!factory) {
            throw new Error(`pulumi-tencent-certs: unknown resource kind '${kind}'; the installed package is older than the one that created this resource`);
        }
        provider = factory(processDeps);
        providers.set(kind, provider);
    }
    return provider;
}

// ---- logging ---------------------------------------------------------------------------------

/** Engine log severities (pulumirpc.LogSeverity). */
const ENGINE_SEVERITY = { debug: 0, info: 1, warn: 2, error: 3 } as const;

/**
 * The engine address when this process is Pulumi's dynamic-provider host, which is started as
 * `node <...>/@pulumi/pulumi/cmd/dynamic-provider <engine address>` and, unlike a program, gets
 * no PULUMI_NODEJS_ENGINE variable: `pulumi.log` there would only print to stderr.
 */
export function engineAddressFromArgv(argv: readonly string[]): string | undefined {
    const script = (argv[1] ?? "").replace(/\\/g, "/");
    if (!/\/cmd\/dynamic-provider(\/index(\.js)?)?$/.test(script)) {
        return undefined;
    }
    const address = argv[2];
    return address && /^[\w.\-[\]:]+:\d+$/.test(address) ? address : undefined;
}

/** A logger that sends each line to the Pulumi engine's Log RPC (shown by the CLI; debug with --debug/-v). */
export function createEngineLogger(address: string, fallback: Logger): Logger {
    const pulumiDir = path.dirname(require.resolve("@pulumi/pulumi/package.json"));
    // The gRPC module must be the one the generated Pulumi stubs were built with.
    const grpc = require(require.resolve("@grpc/grpc-js", { paths: [pulumiDir] }));
    const { EngineClient } = require("@pulumi/pulumi/proto/engine_grpc_pb");
    const { LogRequest } = require("@pulumi/pulumi/proto/engine_pb");
    const engine = new EngineClient(address, grpc.credentials.createInsecure());
    const send = (level: keyof typeof ENGINE_SEVERITY) => (message: string) => {
        const request = new LogRequest();
        request.setSeverity(ENGINE_SEVERITY[level]);
        request.setMessage(message);
        engine.log(request, (err: unknown) => {
            if (err) {
                fallback[level](message);
            }
        });
    };
    return { debug: send("debug"), info: send("info"), warn: send("warn"), error: send("error") };
}

function pulumiProgramLogger(): Logger | undefined {
    try {
        const pulumiModule: typeof pulumi = require("@pulumi/pulumi");
        if (!pulumiModule.runtime.hasEngine() && !process.env.PULUMI_NODEJS_ENGINE) {
            return undefined;
        }
        const log = pulumiModule.log;
        const quiet = (p: Promise<void>) => void p.catch(() => undefined);
        return {
            debug: (m) => quiet(log.debug(m)),
            info: (m) => quiet(log.info(m)),
            warn: (m) => quiet(log.warn(m)),
            error: (m) => quiet(log.error(m)),
        };
    } catch {
        return undefined;
    }
}

let logger: Logger | undefined;

/**
 * The process's logger: the engine's Log RPC inside the dynamic-provider host, `pulumi.log` inside
 * a Pulumi program, otherwise stderr (warnings and errors; debug too with TENCENTCLOUD_DEBUG=1).
 */
export function getLogger(): Logger {
    if (!logger) {
        const stderr = streamLogger(process.env.TENCENTCLOUD_DEBUG === "1" ? "debug" : "warn");
        const address = engineAddressFromArgv(process.argv);
        let chosen: Logger | undefined;
        if (address) {
            try {
                chosen = createEngineLogger(address, stderr);
            } catch {
                chosen = undefined;
            }
        }
        logger = chosen ?? pulumiProgramLogger() ?? stderr;
    }
    return logger;
}

// ---- the API client --------------------------------------------------------------------------

interface ClientState {
    generation: number;
    fingerprint: string;
    client: TencentCloudClient;
}

let clientState: ClientState | undefined;
let sharedLimiter: { fingerprint: string; limiter: RateLimiter } | undefined;

/** One rate limiter per process, kept across configure calls unless the limits change. */
function limiterFor(settings: ClientSettings): RateLimiter {
    const fingerprint = JSON.stringify(settings.limits);
    if (!sharedLimiter || sharedLimiter.fingerprint !== fingerprint) {
        sharedLimiter = { fingerprint, limiter: new RateLimiter(settings.limits) };
    }
    return sharedLimiter.limiter;
}

/**
 * A client for `settings` on the process's shared rate limiter, logging through the process's
 * logger with the credentials redacted. Used by getClient and by the program-side lookups.
 */
export function clientFromSettings(settings: ClientSettings): TencentCloudClient {
    return createClient(settings, {
        logger: redactingLogger(getLogger(), [settings.credentials.secretKey, settings.credentials.token]),
        limiter: limiterFor(settings),
    });
}

/**
 * The process's Tencent Cloud client, built on first use from the stack config and the
 * environment, and rebuilt when `configure` brings different settings. Throws ConfigError or
 * CredentialsError (naming the setting and the fix) when the settings are unusable.
 */
export function getClient(): TencentCloudApi {
    const generation = getConfigGeneration();
    if (clientState && clientState.generation === generation) {
        return clientState.client;
    }
    const settings = resolveSettings(getConfig(), process.env);
    // Held in memory only, to notice a change; never logged or serialized.
    const fingerprint = JSON.stringify(settings);
    if (clientState && clientState.fingerprint === fingerprint) {
        clientState.generation = generation;
        return clientState.client;
    }
    const previous = clientState?.client;
    const client = clientFromSettings(settings);
    clientState = { generation, fingerprint, client };
    // In-flight calls of the previous client finish; close() waits for them.
    previous?.close().catch(() => undefined);
    return client;
}

/** Forgets the client, limiter, logger and configuration (tests only). */
export async function resetRuntimeForTests(): Promise<void> {
    const previous = clientState?.client;
    clientState = undefined;
    sharedLimiter = undefined;
    logger = undefined;
    configSource = emptyConfig;
    configGeneration++;
    providers.clear();
    await previous?.close();
}
