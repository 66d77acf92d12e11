/**
 * Per-action request limits in fixed 1-second windows (as Tencent documents "N requests per
 * second" per action). Limits are keyed "<service>.<Action>"; each account (OwnerUin) has its own
 * windows, as Tencent's limits are account-wide: every SecretId of one account shares them.
 */
import type { EmulatedService, RateLimitOverrides } from "./types";

export const DEFAULT_RATE_LIMITS: Readonly<Record<EmulatedService, number>> = Object.freeze({ ssl: 10, gaap: 20, teo: 20 });

export class RateLimiter {
    private windows = new Map<string, { second: number; count: number }>();

    constructor(private limits: RateLimitOverrides | false) {}

    setLimits(limits: RateLimitOverrides | false): void {
        this.limits = limits;
        this.windows.clear();
    }

    reset(): void {
        this.windows.clear();
    }

    limitFor(service: EmulatedService, action: string): number | undefined {
        if (this.limits === false) return undefined;
        return this.limits[`${service}.${action}`] ?? DEFAULT_RATE_LIMITS[service];
    }

    /** Counts the call against `ownerUin`'s window; false when it exceeds the action's limit in the current second. */
    admit(service: EmulatedService, action: string, nowMs: number, ownerUin: string): boolean {
        const limit = this.limitFor(service, action);
        if (limit === undefined) return true;
        const key = `${ownerUin} ${service}.${action}`;
        const second = Math.floor(nowMs / 1000);
        let window = this.windows.get(key);
        if (!window || window.second !== second) {
            window = { second, count: 0 };
            this.windows.set(key, window);
        }
        window.count += 1;
        return window.count <= limit;
    }
}
