/**
 * Client-side rate limiting, one instance per process (runtime.ts owns it through the client).
 *
 * Tencent Cloud limits every action separately ("N requests per second") and the limit is
 * account-wide: several provider hosts (stacks deployed at once, CI jobs) share it without knowing
 * of each other. Tencent does not say how it counts (fixed seconds, a sliding second or a token
 * bucket); docs/performance.md ("What each limiter shape needs") works out that one rule satisfies
 * all three: the calls a process sends reach the server at least a second after the call `limit`
 * places earlier. Each (service, action) therefore has `limit` tokens; a token is held while its
 * request is in flight and comes back `windowMs` (the second plus a little for clock resolution)
 * after the request was counted. The server counts a request between send and answer, so the
 * answer is a safe bound; a request still unanswered `maxTransitMs` after it left is taken as
 * counted then (it is being processed), so slow actions do not hold their tokens for the whole
 * processing time.
 *
 * Alone on the account (never throttled), the whole limit may leave at once. Once throttled,
 * tokens are the adaptive limit (adaptive-limit.ts) and requests leave at least a quarter of
 * window ÷ limit apart. A token is reused as soon as it comes back, so each process keeps reusing
 * the places in the server's count its requests won, a second later, instead of landing on other
 * processes' places (which a schedule of its own would do); the spacing keeps those places apart,
 * so that a process that lost all of its places still finds free ones.
 *
 * In-flight requests are bounded per service; a request takes its token and its slot at the same
 * moment and is sent right away, so recorded starts are real sends. Waiting is per action, in the
 * order calls first asked (a retry keeps its call's place), asynchronous (one timer per waiting
 * action, no polling); a waiter leaves only when granted or when its caller's signal aborts.
 */
import { AdaptiveLimit } from "./adaptive-limit";
import { AbortedError } from "./errors";
import type { ServiceName } from "./types";

export interface RateLimits {
    /** Requests per second per action, by service (Tencent's published limits by default). */
    perSecond: Readonly<Record<ServiceName, number>>;
    /** Overrides for single actions, keyed `service.Action` (e.g. `ssl.CreateCSR`). */
    perAction: Readonly<Record<string, number>>;
    /** Requests in flight at once, by service. */
    maxInFlight: Readonly<Record<ServiceName, number>>;
}

export const DEFAULT_RATE_LIMITS: RateLimits = Object.freeze({
    perSecond: Object.freeze({ ssl: 10, gaap: 20, teo: 20 }),
    // Actions whose documented limit differs from their service's (docs/api-notes.md).
    perAction: Object.freeze({ "ssl.DescribeCertificates": 5 }),
    maxInFlight: Object.freeze({ ssl: 20, gaap: 40, teo: 40 }),
});

export interface RateLimiterOptions {
    limits: RateLimits;
    /** How long a token stays used after its request was counted, in milliseconds: the server's 1 s plus 10 ms for clock resolution. Default 1010. */
    windowMs?: number;
    /** A request unanswered this long after it left is taken as counted then, in milliseconds. Default 250. */
    maxTransitMs?: number;
    /** The deepest single decrease on throttle answers: the limit is multiplied by at least this. Default 0.5. */
    decreaseFactor?: number;
    /** Once throttled, requests leave at least this share of window ÷ configured limit apart. Default 0.25. */
    spacingShare?: number;
    /** Lowest the adaptive limit goes, in requests per window. Default 1. */
    minLimit?: number;
    now?: () => number;
    sleep?: (ms: number) => Promise<void>;
}

type BucketOptions = Required<Omit<RateLimiterOptions, "limits">>;

const DEFAULT_WINDOW_MS = 1010;
const DEFAULT_MAX_TRANSIT_MS = 250;

export type CallOutcome = "ok" | "throttled" | "failed";

/** A granted slot: call `release` exactly once, when the request has completed. */
export interface RateLimitPermit {
    release(outcome: CallOutcome): void;
}

export interface BucketSnapshot {
    key: string;
    configuredLimit: number;
    currentLimit: number;
    queued: number;
    startedInWindow: number;
}

/** One request's token: used from its grant until a window after the server counted the request. */
interface Token {
    /** When the request was counted at the latest: its answer, or `maxTransitMs` after it left. */
    countedBy: number;
    /** It left while every token was in use or others waited: its success may raise the limit. */
    demanded: boolean;
}

interface Waiter {
    /** When the call first asked (a retry keeps its call's place, ahead of calls that came later). */
    since: number;
    resolve(token: Token): void;
    reject(err: unknown): void;
}

function removeWaiter(queue: Waiter[], waiter: Waiter): boolean {
    const index = queue.indexOf(waiter);
    if (index >= 0) {
        queue.splice(index, 1);
        return true;
    }
    return false;
}

function waitInQueue(
    queue: Waiter[],
    since: number,
    signal: AbortSignal | undefined,
    context: { service: ServiceName; action: string },
    onQueued: () => void,
): Promise<Token> {
    return new Promise<Token>((resolve, reject) => {
        const waiter: Waiter = { since, resolve, reject };
        if (signal) {
            const onAbort = () => {
                if (removeWaiter(queue, waiter)) {
                    reject(new AbortedError({ ...context, cause: signal.reason }));
                }
            };
            signal.addEventListener("abort", onAbort, { once: true });
            waiter.resolve = (token) => {
                signal.removeEventListener("abort", onAbort);
                resolve(token);
            };
        }
        // In order of `since`; equal ones in arrival order.
        let at = queue.length;
        while (at > 0 && queue[at - 1].since > since) at--;
        queue.splice(at, 0, waiter);
        onQueued();
    });
}

/**
 * Bounds concurrent requests of one service. Buckets whose head waiter has a token but no slot
 * park here and are pumped again, in turn, when a slot frees up; so a request holds a slot only
 * while it is actually in flight, and a queue for one action never starves the others.
 */
class ConcurrencyGate {
    private inFlight = 0;
    private readonly parked = new Set<ActionBucket>();

    constructor(private readonly max: number) {}

    tryEnter(): boolean {
        if (this.inFlight < this.max) {
            this.inFlight++;
            return true;
        }
        return false;
    }

    park(bucket: ActionBucket): void {
        this.parked.add(bucket);
    }

    leave(): void {
        this.inFlight--;
        for (const bucket of Array.from(this.parked)) {
            if (this.inFlight >= this.max) {
                break;
            }
            // Round robin: a bucket pumped now goes to the back of the line.
            this.parked.delete(bucket);
            bucket.pump();
        }
    }

    get active(): number {
        return this.inFlight;
    }
}

/**
 * Tokens and spacing of one (service, action): a request may leave when fewer than the limit's
 * tokens are in use (see the module comment) and, once the action has been throttled, at least
 * the spacing after the previous one.
 */
class ActionBucket {
    private tokens: Token[] = [];
    private readonly queue: Waiter[] = [];
    /** When the pending timer fires (one timer at a time, unless a sooner one is needed). */
    private timerAt = Number.POSITIVE_INFINITY;
    private lastGrantAt = Number.NEGATIVE_INFINITY;
    readonly limit: AdaptiveLimit;

    constructor(
        readonly key: string,
        configured: number,
        private readonly gate: ConcurrencyGate,
        private readonly options: BucketOptions,
    ) {
        this.limit = new AdaptiveLimit(configured, options);
    }

    take(since: number, signal: AbortSignal | undefined, context: { service: ServiceName; action: string }): Promise<Token> {
        if (signal?.aborted) {
            return Promise.reject(new AbortedError({ ...context, cause: signal.reason }));
        }
        return waitInQueue(this.queue, since, signal, context, () => this.pump());
    }

    private freeAt(token: Token): number {
        return token.countedBy + this.options.windowMs;
    }

    private prune(now: number): void {
        if (this.tokens.some((t) => this.freeAt(t) <= now)) {
            this.tokens = this.tokens.filter((t) => this.freeAt(t) > now);
        }
    }

    /** Tokens in use now: requests in flight plus those counted less than a window ago. */
    held(): number {
        this.prune(this.options.now());
        return this.tokens.length;
    }

    /** Tokens this process may use now: the configured limit alone on the account, else the adaptive limit. */
    private capacity(): number {
        return this.limit.shared ? Math.min(this.limit.configured, this.limit.tokens) : this.limit.configured;
    }

    /** Grants waiters in order while a token, the spacing and an in-flight slot all allow it. */
    pump(): void {
        while (this.queue.length > 0) {
            const now = this.options.now();
            this.prune(now);
            const freeAt = Math.max(this.spacedFrom(), this.tokenFreeAt());
            if (now < freeAt) {
                this.wakeAt(freeAt, now);
                return;
            }
            if (!this.gate.tryEnter()) {
                this.gate.park(this);
                return;
            }
            this.grant(now);
        }
    }

    private grant(now: number): void {
        const waiter = this.queue.shift()!;
        const token: Token = { countedBy: now + this.options.maxTransitMs, demanded: false };
        this.tokens.push(token);
        token.demanded = this.queue.length > 0 || this.tokens.length >= this.capacity();
        this.lastGrantAt = now;
        waiter.resolve(token);
    }

    /** When a token is free: now if fewer than the capacity are in use, else when the earliest in use comes back. */
    private tokenFreeAt(): number {
        const capacity = this.capacity();
        if (this.tokens.length < capacity) {
            return Number.NEGATIVE_INFINITY;
        }
        const frees = this.tokens.map((t) => this.freeAt(t)).sort((x, y) => x - y);
        return frees[this.tokens.length - capacity];
    }

    /** Once throttled, requests leave at least `spacingShare` × window ÷ configured limit apart. */
    private spacedFrom(): number {
        if (!this.limit.shared) {
            return Number.NEGATIVE_INFINITY;
        }
        return this.lastGrantAt + (this.options.spacingShare * this.options.windowMs) / this.limit.configured;
    }

    /** Sleeps until `at` unless a timer already fires by then. */
    private wakeAt(at: number, now: number): void {
        if (this.timerAt <= at) {
            return;
        }
        this.timerAt = at;
        this.options.sleep(Math.max(1, Math.ceil(at - now))).then(
            () => {
                if (this.timerAt === at) {
                    this.timerAt = Number.POSITIVE_INFINITY;
                }
                this.pump();
            },
            (err) => {
                // A failing timer must not strand waiters silently.
                this.timerAt = Number.POSITIVE_INFINITY;
                for (const waiter of this.queue.splice(0)) {
                    waiter.reject(err);
                }
            },
        );
    }

    /** The request of `token` was answered (or failed): it was counted by now at the latest. */
    record(token: Token, outcome: CallOutcome): void {
        const now = this.options.now();
        token.countedBy = Math.min(token.countedBy, now);
        if (outcome === "throttled") {
            this.limit.throttled(now);
        } else if (outcome === "ok") {
            this.limit.succeeded(now, token.demanded);
        }
        this.pump();
    }

    get queued(): number {
        return this.queue.length;
    }
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class RateLimiter {
    private readonly buckets = new Map<string, ActionBucket>();
    private readonly gates = new Map<ServiceName, ConcurrencyGate>();
    private readonly options: BucketOptions;

    constructor(
        private readonly limits: RateLimits = DEFAULT_RATE_LIMITS,
        options: Omit<RateLimiterOptions, "limits"> = {},
    ) {
        this.options = {
            windowMs: options.windowMs ?? DEFAULT_WINDOW_MS,
            maxTransitMs: options.maxTransitMs ?? DEFAULT_MAX_TRANSIT_MS,
            decreaseFactor: options.decreaseFactor ?? 0.5,
            spacingShare: options.spacingShare ?? 0.25,
            minLimit: options.minLimit ?? 1,
            now: options.now ?? Date.now,
            sleep: options.sleep ?? realSleep,
        };
    }

    /** The configured requests per window of one action. */
    limitFor(service: ServiceName, action: string): number {
        return this.limits.perAction[`${service}.${action}`] ?? this.limits.perSecond[service];
    }

    private bucket(service: ServiceName, action: string): ActionBucket {
        const key = `${service}.${action}`;
        let bucket = this.buckets.get(key);
        if (!bucket) {
            bucket = new ActionBucket(key, this.limitFor(service, action), this.gate(service), this.options);
            this.buckets.set(key, bucket);
        }
        return bucket;
    }

    private gate(service: ServiceName): ConcurrencyGate {
        let gate = this.gates.get(service);
        if (!gate) {
            gate = new ConcurrencyGate(this.limits.maxInFlight[service]);
            this.gates.set(service, gate);
        }
        return gate;
    }

    /**
     * Waits until both a token of the action and an in-flight slot of the service are free, and
     * takes them together; the request should be sent right away. Rejects only with
     * {@link AbortedError} when `signal` aborts.
     */
    async acquire(service: ServiceName, action: string, signal?: AbortSignal, since: number = this.options.now()): Promise<RateLimitPermit> {
        const gate = this.gate(service);
        const bucket = this.bucket(service, action);
        const token = await bucket.take(since, signal, { service, action });
        let released = false;
        return {
            release(outcome: CallOutcome) {
                if (released) {
                    return;
                }
                released = true;
                gate.leave();
                bucket.record(token, outcome);
            },
        };
    }

    snapshot(): BucketSnapshot[] {
        return Array.from(this.buckets.values()).map((b) => ({
            key: b.key,
            configuredLimit: b.limit.configured,
            currentLimit: b.limit.current,
            queued: b.queued,
            startedInWindow: b.held(),
        }));
    }

    inFlight(service: ServiceName): number {
        return this.gates.get(service)?.active ?? 0;
    }
}
