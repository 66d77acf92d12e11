/**
 * Per-action request limits, "N requests per second" per action as Tencent documents them. Limits
 * are keyed "<service>.<Action>"; each account (OwnerUin) has its own counters, as Tencent's limits
 * are account-wide: every SecretId of one account shares them.
 *
 * Tencent does not say how it counts, so the emulator has three shapes (docs/performance.md, "What
 * each limiter shape needs"), all of the limit L per second:
 * - `fixed-window` (default): at most L calls in each calendar second of the emulator clock
 *   (`floor(ms / 1000)`); refused calls count too, which changes nothing once L is reached.
 * - `sliding-window`: at most L admitted calls in any rolling second: a call at t is admitted when
 *   fewer than L were admitted in (t − 1000 ms, t]. Refused calls are not counted.
 * - `token-bucket`: a bucket of L tokens (one second's worth), full at first, refilled continuously
 *   at L per second; a call takes a token or is refused (and takes none).
 * A client whose calls reach the server at least 1000 ms after the call L places earlier
 * (a_{i+L} − a_i ≥ 1000 ms) is never refused by any of the three.
 */
import type { EmulatedService, RateLimitOverrides, RateLimitShape } from "./types";

export const DEFAULT_RATE_LIMITS: Readonly<Record<EmulatedService, number>> = Object.freeze({ ssl: 10, gaap: 20, teo: 20 });
/** Actions whose documented limit differs from their service's: ssl DescribeCertificates is limited to 5 per second. */
export const DEFAULT_ACTION_RATE_LIMITS: Readonly<Record<string, number>> = Object.freeze({ "ssl.DescribeCertificates": 5 });
export const RATE_LIMIT_SHAPES: readonly RateLimitShape[] = Object.freeze(["fixed-window", "sliding-window", "token-bucket"]);
export const DEFAULT_RATE_LIMIT_SHAPE: RateLimitShape = "fixed-window";

const SECOND_MS = 1000;

/** One (account, action)'s counter; `admit` is called once per call, in arrival order. */
export interface AdmissionCounter {
    admit(nowMs: number, limit: number): boolean;
}

class FixedWindowCounter implements AdmissionCounter {
    private second = Number.NEGATIVE_INFINITY;
    private count = 0;

    admit(nowMs: number, limit: number): boolean {
        const second = Math.floor(nowMs / SECOND_MS);
        if (second !== this.second) {
            this.second = second;
            this.count = 0;
        }
        this.count += 1;
        return this.count <= limit;
    }
}

class SlidingWindowCounter implements AdmissionCounter {
    /** Times of the admitted calls still inside the window, oldest first. */
    private readonly admitted: number[] = [];

    admit(nowMs: number, limit: number): boolean {
        while (this.admitted.length > 0 && this.admitted[0] <= nowMs - SECOND_MS) this.admitted.shift();
        if (this.admitted.length >= limit) return false;
        this.admitted.push(nowMs);
        return true;
    }
}

class TokenBucketCounter implements AdmissionCounter {
    /** Tokens × 1000, so that integer milliseconds refill exactly (L tokens per 1000 ms = L units per ms). */
    private credit = Number.POSITIVE_INFINITY;
    private at = 0;

    admit(nowMs: number, limit: number): boolean {
        const capacity = limit * SECOND_MS;
        this.credit = Math.min(capacity, this.credit + Math.max(0, nowMs - this.at) * limit);
        this.at = Math.max(this.at, nowMs);
        if (this.credit < SECOND_MS) return false;
        this.credit -= SECOND_MS;
        return true;
    }
}

/** A fresh counter of `shape` (the emulator keeps one per account and action; tests use them as a server model). */
export function admissionCounter(shape: RateLimitShape): AdmissionCounter {
    switch (shape) {
        case "fixed-window":
            return new FixedWindowCounter();
        case "sliding-window":
            return new SlidingWindowCounter();
        case "token-bucket":
            return new TokenBucketCounter();
    }
}

export function isRateLimitShape(value: unknown): value is RateLimitShape {
    return typeof value === "string" && (RATE_LIMIT_SHAPES as readonly string[]).includes(value);
}

export class RateLimiter {
    private counters = new Map<string, AdmissionCounter>();

    constructor(
        private limits: RateLimitOverrides | false,
        private shape: RateLimitShape = DEFAULT_RATE_LIMIT_SHAPE,
    ) {}

    setLimits(limits: RateLimitOverrides | false): void {
        this.limits = limits;
        this.counters.clear();
    }

    setShape(shape: RateLimitShape): void {
        this.shape = shape;
        this.counters.clear();
    }

    get currentShape(): RateLimitShape {
        return this.shape;
    }

    reset(): void {
        this.counters.clear();
    }

    limitFor(service: EmulatedService, action: string): number | undefined {
        if (this.limits === false) return undefined;
        const key = `${service}.${action}`;
        return this.limits[key] ?? DEFAULT_ACTION_RATE_LIMITS[key] ?? DEFAULT_RATE_LIMITS[service];
    }

    /** Counts the call against `ownerUin`'s counter of the action; false when the shape refuses it. */
    admit(service: EmulatedService, action: string, nowMs: number, ownerUin: string): boolean {
        const limit = this.limitFor(service, action);
        if (limit === undefined) return true;
        const key = `${ownerUin} ${service}.${action}`;
        let counter = this.counters.get(key);
        if (!counter) {
            counter = admissionCounter(this.shape);
            this.counters.set(key, counter);
        }
        return counter.admit(nowMs, limit);
    }
}
