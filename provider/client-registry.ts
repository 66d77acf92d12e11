/**
 * The provider host's API clients, one per account/region a resource names (its `profile` and
 * `region` inputs; no profile and no region is the stack's default account).
 *
 * - A client is built on first use and rebuilt when `configure` brings settings that resolve
 *   differently for its scope; the previous one finishes its calls and closes.
 * - Rate limiters are per account, not per client: Tencent's limits are account-wide, so every
 *   client signing with the same SecretId shares one limiter (two regions of one account, or a
 *   profile holding the stack's own keys). A limiter is replaced only when the limits change.
 */
import { scopeKey } from "./resources/common/deps";
import type { TencentCloudClient } from "./tencentcloud/client";
import type { RateLimiter, RateLimits } from "./tencentcloud/rate-limiter";
import type { ClientSettings } from "./tencentcloud/settings";
import type { ClientScope } from "./tencentcloud/types";

export interface ClientRegistryParts {
    /** Resolves and validates the settings for a scope (throws ConfigError / CredentialsError). */
    settings(scope: ClientScope): ClientSettings;
    client(settings: ClientSettings, limiter: RateLimiter): TencentCloudClient;
    limiter(limits: RateLimits): RateLimiter;
}

interface Entry {
    generation: number;
    fingerprint: string;
    settings: ClientSettings;
    client: TencentCloudClient;
}

export class ClientRegistry {
    private readonly entries = new Map<string, Entry>();
    private readonly limiters = new Map<string, { fingerprint: string; limiter: RateLimiter }>();

    constructor(private readonly parts: ClientRegistryParts) {}

    /** The client for `scope` under configuration `generation` (settings re-resolved when it moved on). */
    get(scope: ClientScope | undefined, generation: number): TencentCloudClient {
        const key = scopeKey(scope);
        const entry = this.entries.get(key);
        if (entry && entry.generation === generation) {
            return entry.client;
        }
        const settings = this.parts.settings({ ...scope });
        // Held in memory only, to notice a change; never logged or serialized.
        const fingerprint = JSON.stringify(settings);
        if (entry && entry.fingerprint === fingerprint) {
            entry.generation = generation;
            return entry.client;
        }
        const client = this.parts.client(settings, this.limiterFor(settings));
        this.entries.set(key, { generation, fingerprint, settings, client });
        // In-flight calls of the previous client finish; close() waits for them.
        entry?.client.close().catch(() => undefined);
        return client;
    }

    /** Secret values of every client's credentials, for the log scrubber. */
    secrets(): string[] {
        const values: string[] = [];
        for (const { settings } of this.entries.values()) {
            values.push(settings.credentials.secretKey);
            if (settings.credentials.token) {
                values.push(settings.credentials.token);
            }
        }
        return values;
    }

    /** How many clients and limiters exist (tests and logs). */
    size(): { clients: number; limiters: number } {
        return { clients: this.entries.size, limiters: this.limiters.size };
    }

    async closeAll(): Promise<void> {
        const clients = [...this.entries.values()].map((e) => e.client);
        this.entries.clear();
        this.limiters.clear();
        await Promise.all(clients.map((c) => c.close()));
    }

    private limiterFor(settings: ClientSettings): RateLimiter {
        const account = settings.credentials.secretId;
        const fingerprint = JSON.stringify(settings.limits);
        const known = this.limiters.get(account);
        if (known && known.fingerprint === fingerprint) {
            return known.limiter;
        }
        const limiter = this.parts.limiter(settings.limits);
        this.limiters.set(account, { fingerprint, limiter });
        return limiter;
    }
}
