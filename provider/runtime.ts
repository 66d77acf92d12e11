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
import { csrDefinition } from "./resources/csr/provider";
import type { AccountScope, ResourceDeps } from "./resources/common/deps";
import { resourceProvider } from "./resources/common/resource";
import { VerificationState } from "./resources/common/verify";
import { hostsCertificateBindingDefinition } from "./resources/hosts-certificate-binding/provider";
import { listenerCertificateBindingDefinition } from "./resources/listener-certificate-binding/provider";
import { ClientRegistry } from "./client-registry";
import { warnAboutUnknownRegions } from "./region-warnings";
import { createClient } from "./tencentcloud/client";
import { resolveProfileCredentials } from "./tencentcloud/credentials";
import { CredentialsError } from "./tencentcloud/errors";
import { Logger, secretScrubbingLogger, streamLogger } from "./tencentcloud/log";
import { RateLimiter } from "./tencentcloud/rate-limiter";
import { resolveExpiryWarningDays, resolvePreviewChecks, resolveSettings } from "./tencentcloud/settings";
import type { ClientScope, ConfigSource, TencentCloudApi } from "./tencentcloud/types";

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
function getConfig(): ConfigSource {
    return configSource;
}

/** Increments on each `configure`, so lazily built singletons know when to rebuild. */
function getConfigGeneration(): number {
    return configGeneration;
}

/** The dependencies runtime gives every resource: the process's client and logger (resolved per call) and its settings checks. */
const processDeps: ResourceDeps = {
    client: (scope) => getClient(scope),
    profileProblem: (profile) => profileProblem(profile),
    log: {
        debug: (message) => getLogger().debug(message),
        info: (message) => getLogger().info(message),
        warn: (message) => getLogger().warn(message),
        error: (message) => getLogger().error(message),
    },
    expiryWarningDays: () => getExpiryWarningDays(),
    checkSettings: (scope) => checkSettingsFor(scope),
    previewChecks: { state: () => verificationState, enabled: () => getPreviewChecks() },
    onHostFailure: (err) => withoutHostStackTrace(err),
};

/** The resource kinds this package provides (the shim's `kind`); each maps to one definition under provider/resources/. */
export type ResourceKind = "csr" | "listenerCertificateBinding" | "hostsCertificateBinding";

const providerFactories: Record<ResourceKind, () => pulumi.dynamic.ResourceProvider> = {
    csr: () => resourceProvider(csrDefinition, processDeps),
    listenerCertificateBinding: () => resourceProvider(listenerCertificateBindingDefinition, processDeps),
    hostsCertificateBinding: () => resourceProvider(hostsCertificateBindingDefinition, processDeps),
};

const providers = new Map<ResourceKind, pulumi.dynamic.ResourceProvider>();

/**
 * The provider of a resource kind, created once per process, as the shim calls it (the resource
 * wrapper of resources/common/resource.ts over the kind's definition): check first verifies the
 * provider settings (so a bad `tencentcloud:site`, missing credentials or a plain-http remote
 * endpoint fail `pulumi preview`, not only `up`), and an expected failure is reported as its
 * one-line message, without the host's JavaScript stack trace.
 */
export function providerFor(kind: ResourceKind): pulumi.dynamic.ResourceProvider {
    let provider = providers.get(kind);
    if (!provider) {
        const factory = providerFactories[kind];
        if (!factory) {
            throw new Error(`pulumi-tencent-certs: unknown resource kind '${kind}'; the installed package is older than the one that created this resource`);
        }
        provider = factory();
        providers.set(kind, provider);
    }
    return provider;
}

/**
 * Resolves the settings of the account/region a resource names, so bad settings fail preview,
 * and `tencentcloud:expiryWarningDays` and `tencentcloud:previewChecks`. Throws ConfigError /
 * CredentialsError naming the setting; builds no connection. A profile the credentials file cannot serve is left to the `profile`
 * input's own check, which names the input.
 */
function checkSettingsFor(scope: AccountScope): void {
    try {
        getClient(scope);
    } catch (err) {
        if (!(scope.profile && err instanceof CredentialsError)) {
            throw err;
        }
    }
    getExpiryWarningDays();
    getPreviewChecks();
    warnAboutUnknownRegions(getConfig(), scope.region, getLogger());
}

// ---- expected errors without stack traces ------------------------------------------------------

/**
 * Built-in error classes other than Error itself mean a bug (a TypeError in our code, say): their
 * stack trace is worth printing. Everything else we throw is an expected failure (an API error, an
 * unreachable endpoint, bad settings) whose message already says what to do.
 */
const BUG_CLASSES = new Set(["TypeError", "ReferenceError", "RangeError", "SyntaxError", "EvalError", "URIError"]);

export function isExpectedFailure(err: unknown): boolean {
    return err instanceof Error && !BUG_CLASSES.has(err.constructor?.name);
}

/** The exact lines the host is about to print for expected errors; the console filter drops them once. */
const quietLines = new Set<string>();
let consoleFilterInstalled = false;

/**
 * On check/diff/read/delete failures Pulumi's dynamic-provider host (cmd/dynamic-provider/index.js)
 * runs `console.error(`${e}: ${e.stack}`)` before sending `e.message` to the engine, which shows
 * the message on the resource. Inside that host process only, the line for an expected error is
 * dropped: the user sees the message once, without a JavaScript stack trace. Bugs keep theirs.
 */
function withoutHostStackTrace(err: unknown): void {
    if (!isExpectedFailure(err) || !engineAddressFromArgv(process.argv)) {
        return;
    }
    installConsoleFilter();
    if (quietLines.size > 1000) {
        quietLines.clear(); // never reached while the host prints every line it is given; a bound all the same
    }
    quietLines.add(`${err}: ${(err as Error).stack}`);
}

function installConsoleFilter(): void {
    if (consoleFilterInstalled) {
        return;
    }
    consoleFilterInstalled = true;
    const original = console.error.bind(console);
    console.error = (...args: unknown[]) => {
        if (args.length === 1 && typeof args[0] === "string" && quietLines.delete(args[0])) {
            return;
        }
        original(...args);
    };
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
        return { debug: (m) => quiet(log.debug(m)), info: (m) => quiet(log.info(m)), warn: (m) => quiet(log.warn(m)), error: (m) => quiet(log.error(m)) };
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
        // Whatever a caller passes, no credential, private key or key password leaves this process
        // through the log (the engine's Log RPC shows debug lines with -v/--debug).
        // The secrets of every account's credentials in use are masked (ClientRegistry.secrets).
        logger = secretScrubbingLogger(chosen ?? pulumiProgramLogger() ?? stderr, () => registries.flatMap((registry) => registry.secrets()));
    }
    return logger;
}

// ---- settings the resources read ------------------------------------------------------------

/** A setting resolved once per configuration (again after `configure` or a reset); a resolve that throws is tried again next time. */
function perConfiguration<T>(resolve: (config: ConfigSource) => T): () => T {
    let resolved: { generation: number; value: T } | undefined;
    return () => {
        const generation = getConfigGeneration();
        if (!resolved || resolved.generation !== generation) {
            resolved = { generation, value: resolve(getConfig()) };
        }
        return resolved.value;
    };
}

/** `tencentcloud:expiryWarningDays` of the current configuration; throws ConfigError naming the setting when invalid. */
export const getExpiryWarningDays = perConfiguration((config) => resolveExpiryWarningDays(config, process.env));

/** `tencentcloud:previewChecks` of the current configuration (default true); throws ConfigError naming the setting when invalid. */
export const getPreviewChecks = perConfiguration((config) => resolvePreviewChecks(config, process.env));

/**
 * What preview verification keeps for the run (credential probes, certificate catalogs, refusals,
 * warnings given): one per provider host process, i.e. one `pulumi` command. Lives here, in the
 * module the shim requires, never in the serialized shim.
 */
let verificationState = new VerificationState();

// ---- the API clients ---------------------------------------------------------------------------

const registries: ClientRegistry[] = [];

/**
 * A registry of API clients whose settings come from `config` (the host's `configure`, or a
 * program's own stack config for the lookups) and the environment. The credentials of every
 * registry's clients are masked in every log line of the process.
 */
export function createClientRegistry(config: () => ConfigSource): ClientRegistry {
    const registry = new ClientRegistry({
        settings: (scope) => resolveSettings(config(), process.env, { scope }),
        client: (settings, limiter) => createClient(settings, { logger: getLogger(), limiter }),
        limiter: (limits) => new RateLimiter(limits),
    });
    registries.push(registry);
    return registry;
}

const clients = createClientRegistry(getConfig);

/**
 * The process's Tencent Cloud client for `scope` (default: the stack's account and region), built
 * on first use from the stack config and the environment (and, with a profile, the credentials
 * file), and rebuilt when `configure` brings different settings. One client per account/region,
 * one rate limiter per account (ClientRegistry). Throws ConfigError or CredentialsError (naming
 * the setting and the fix) when the settings are unusable.
 */
export function getClient(scope?: ClientScope): TencentCloudApi {
    return clients.get(scope, getConfigGeneration());
}

/** Why a resource's `profile` cannot be used (checked at preview), or undefined. Never a secret. */
export function profileProblem(profile: string): string | undefined {
    try {
        resolveProfileCredentials(profile);
        return undefined;
    } catch (err) {
        if (err instanceof CredentialsError) {
            return `${err.message} Each resource with 'profile' takes its credentials from that profile only (config and environment credentials do not apply).`;
        }
        throw err;
    }
}

/** Forgets the clients, limiters, logger and configuration (tests only). */
export async function resetRuntimeForTests(): Promise<void> {
    logger = undefined;
    verificationState = new VerificationState();
    configSource = emptyConfig;
    configGeneration++;
    providers.clear();
    await clients.closeAll();
}
