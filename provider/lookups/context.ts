/**
 * The lookups' surroundings inside a Pulumi program's process (not the dynamic-provider host):
 * one client built lazily from the program's `tencentcloud:*` config and the environment (the
 * same resolution the provider uses), on the process's rate limiter, and one set of read caches.
 * Every lookup of the process shares them: two lookups of the same listing, listener or zone
 * while the first is in flight (or within the TTL) cost one call.
 */
import * as pulumi from "@pulumi/pulumi";
import { warnAboutPlaintextSecretConfig } from "../resources/common/plaintext-secrets";
import { ReadCache } from "../resources/common/read-cache";
import { ZoneReader } from "../resources/hosts-certificate-binding/remote";
import { ListenerCoordinator } from "../resources/listener-certificate-binding/remote";
import { createClientRegistry, getLogger } from "../runtime";
import type { Logger } from "../tencentcloud/log";
import type { CSRItem } from "../tencentcloud/services/ssl";
import type { ConfigSource, TencentCloudApi } from "../tencentcloud/types";

/** How long a lookup's answer serves later lookups of the same thing in this process. */
export const LOOKUP_CACHE_TTL_MS = 60_000;

export interface LookupContext {
    client(): TencentCloudApi;
    log: Logger;
    /** DescribeCSRSet listings, by domain filter ("" = all). */
    csrListings: ReadCache<CSRItem[]>;
    /** DescribeRules per listener. */
    listeners: ListenerCoordinator;
    /** A zone's hosts per API version. */
    zones: ZoneReader;
}

/** The program's stack config (`tencentcloud:secretId`, ...), as Pulumi hands it to the program. */
export const programConfig: ConfigSource = { get: (key) => pulumi.runtime.getConfig(key) };

/** A context over `client`, with fresh caches (the process's context, or a test's). */
export function createLookupContext(client: () => TencentCloudApi, log: Logger, now: () => number = Date.now): LookupContext {
    return {
        client,
        log,
        csrListings: new ReadCache<CSRItem[]>(LOOKUP_CACHE_TTL_MS, now),
        listeners: new ListenerCoordinator({ client, now, rulesTtlMs: LOOKUP_CACHE_TTL_MS }),
        zones: new ZoneReader(client, now, LOOKUP_CACHE_TTL_MS),
    };
}

let processContext: LookupContext | undefined;

/** The process's context; the client is built on the first API call (so bad arguments never need credentials). */
export function lookupContext(): LookupContext {
    if (!processContext) {
        warnAboutPlaintextSecretConfig();
        // A program's config does not change while it runs: one generation, one client.
        const programClients = createClientRegistry(() => programConfig);
        processContext = createLookupContext(() => programClients.get(undefined, 0), getLogger());
    }
    return processContext;
}

/** Forgets the process's context (tests only). */
export function resetLookupContextForTests(): void {
    processContext = undefined;
}
