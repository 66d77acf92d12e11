/**
 * The package's run-time state inside one Pulumi provider host process.
 *
 * The serialized shim (provider/shim.ts) requires this module by name on every call. Node caches
 * modules, so everything here (configuration, the HTTP client, rate limiters, batchers and read
 * caches) exists once per host process and is shared by every dynamic resource of the stack.
 * Nothing here is ever serialized into state.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { ResourceKind } from "./shim";

/** What `configure` receives from the Pulumi host: stack configuration, `namespace:key` → value. */
export interface ConfigSource {
    get(key: string): string | undefined;
}

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

const providerModules: Record<ResourceKind, () => pulumi.dynamic.ResourceProvider> = {
    csr: () => require("./resources/csr").csrProviderImpl(),
    listenerCertificateBinding: () => require("./resources/listener-certificate-binding").listenerCertificateBindingProviderImpl(),
    hostsCertificateBinding: () => require("./resources/hosts-certificate-binding").hostsCertificateBindingProviderImpl(),
};

const providers = new Map<ResourceKind, pulumi.dynamic.ResourceProvider>();

/** The real provider implementation for a resource kind, created once per process. */
export function providerFor(kind: ResourceKind): pulumi.dynamic.ResourceProvider {
    let provider = providers.get(kind);
    if (!provider) {
        const factory = providerModules[kind];
        if (!factory) {
            throw new Error(`pulumi-tencent-certs: unknown resource kind '${kind}'; the installed package is older than the one that created this resource`);
        }
        provider = factory();
        providers.set(kind, provider);
    }
    return provider;
}
