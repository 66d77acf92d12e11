/**
 * Client-side rate limiting, one instance per process (runtime.ts owns it through the client).
 *
 * Tencent Cloud limits every action separately, counting requests per one-second window, and the
 * limit is account-wide: several provider hosts (stacks deployed at once, CI jobs) share it without
 * knowing of each other. Each (service, action) gets a bucket of `limit` tokens; a token comes back
 * `windowMs` after the request it paid for reached the server. That moment is unknown, so it is
 * estimated as the middle of send and answer: a request delayed on its way (a busy event loop, a
 * queue at the server) then does not land in the same server second as the next use of its token,
 * and the few milliseconds of margin absorb the rest of the jitter. Once an action has been
 * throttled, its requests are spread evenly over the window (see `pacedFrom`; after a quiet spell
 * half the limit may still leave at once); before that, the whole limit may leave at once.
 *
 * The limit adapts to what the account has left for this process:
 * - on a throttle answer it drops at once in proportion to the share of this action's answers that
 *   were throttles over the last window (a stray throttle costs 10 %, three stacks starting together
 *   cut each to about a third), never by more than `decreaseFactor`, once per window;
 * - for one window after a decrease it stays put (answers still reflect the old pace), then climbs
 *   back by about one request per window (slowly: another stack may still be running); after
 *   `fastRecoveryAfterWindows` windows without a throttle it climbs 25 % per window, so capacity
 *   freed by a finished stack is taken up again quickly; never above the configured value.
 * In-flight requests are bounded per service; a request takes its token and its slot at the same
 * moment and is sent right away, so recorded starts are real sends. Waiting is FIFO per action and
 * asynchronous (one timer per waiting action, no polling); a waiter leaves only when granted or
 * when its caller's signal aborts.
 */
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
    perAction: Object.freeze({}),
    maxInFlight: Object.freeze({ ssl: 20, gaap: 40, teo: 40 }),
});

export interface RateLimiterOptions {
    limits: RateLimits;
    /** Length of the rolling window, in milliseconds: the server's 1 s plus a safety margin. Default 1050. */
    windowMs?: number;
    /** The deepest single decrease on throttle answers: the limit is multiplied by at least this. Default 0.5. */
    decreaseFactor?: number;
    /** Once throttled: share of the limit a quiet bucket may send at once; beyond it, requests are spaced window ÷ limit apart. Default 0.5. */
    burstShare?: number;
    /** Windows without a throttle after which the limit climbs by 25 % per window instead of +1. Default 2. */
    fastRecoveryAfterWindows?: number;
    /** Lowest the adaptive limit goes, in requests per window. Default 1. */
    minLimit?: number;
    now?: () => number;
    sleep?: (ms: number) => Promise<void>;
}

const DEFAULT_WINDOW_MS = 1050;

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

/** One request's token: `at` is its estimated arrival at the server (the grant until it is answered). */
interface Start {
    at: number;
}

interface Waiter {
    resolve(start: Start): void;
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
    signal: AbortSignal | undefined,
    context: { service: ServiceName; action: string },
    onQueued: () => void,
): Promise<Start> {
    return new Promise<Start>((resolve, reject) => {
        const waiter: Waiter = { resolve, reject };
        if (signal) {
            const onAbort = () => {
                if (removeWaiter(queue, waiter)) {
                    reject(new AbortedError({ ...context, cause: signal.reason }));
                }
            };
            signal.addEventListener("abort", onAbort, { once: true });
            waiter.resolve = (start) => {
                signal.removeEventListener("abort", onAbort);
                resolve(start);
            };
        }
        queue.push(waiter);
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

/** Token bucket of one (service, action) over a rolling window, with an adaptive limit. */
class ActionBucket {
    private starts: Start[] = [];
    private readonly queue: Waiter[] = [];
    /** Answers of the last window: time and whether it was a throttle (the throttled share drives decreases). */
    private answers: { at: number; throttled: boolean }[] = [];
    private timerPending = false;
    private lastDecreaseAt = Number.NEGATIVE_INFINITY;
    /** Pacing (GCRA): when the next request is due if requests leave evenly spaced. */
    private theoreticalAt = Number.NEGATIVE_INFINITY;
    current: number;

    constructor(
        readonly key: string,
        readonly configured: number,
        private readonly gate: ConcurrencyGate,
        private readonly options: Required<Omit<RateLimiterOptions, "limits">>,
    ) {
        this.current = configured;
    }

    get effectiveLimit(): number {
        return Math.max(this.options.minLimit, Math.floor(this.current));
    }

    take(signal: AbortSignal | undefined, context: { service: ServiceName; action: string }): Promise<Start> {
        if (signal?.aborted) {
            return Promise.reject(new AbortedError({ ...context, cause: signal.reason }));
        }
        return waitInQueue(this.queue, signal, context, () => this.pump());
    }

    private prune(now: number): void {
        const horizon = now - this.options.windowMs;
        if (this.starts.some((s) => s.at <= horizon)) {
            this.starts = this.starts.filter((s) => s.at > horizon);
        }
    }

    startedInWindow(): number {
        this.prune(this.options.now());
        return this.starts.length;
    }

    /** Grants waiters in order while both a token and an in-flight slot are free. */
    pump(): void {
        while (this.queue.length > 0) {
            const now = this.options.now();
            this.prune(now);
            const limit = this.effectiveLimit;
            const pacedAt = this.pacedFrom();
            if (this.starts.length < limit && now >= pacedAt) {
                if (!this.gate.tryEnter()) {
                    this.gate.park(this);
                    return;
                }
                const start: Start = { at: now };
                this.starts.push(start);
                this.theoreticalAt = Math.max(this.theoreticalAt, now) + this.spacing();
                this.queue.shift()!.resolve(start);
                continue;
            }
            if (!this.timerPending) {
                this.timerPending = true;
                let freeAt = pacedAt;
                if (this.starts.length >= limit) {
                    // The earliest moment fewer than `limit` starts remain in the window.
                    const times = this.starts.map((s) => s.at).sort((a, b) => a - b);
                    freeAt = Math.max(freeAt, times[times.length - limit] + this.options.windowMs);
                }
                const wait = Math.max(1, freeAt - now);
                this.options.sleep(wait).then(
                    () => {
                        this.timerPending = false;
                        this.pump();
                    },
                    (err) => {
                        // A failing timer must not strand waiters silently.
                        this.timerPending = false;
                        for (const waiter of this.queue.splice(0)) {
                            waiter.reject(err);
                        }
                    },
                );
            }
            return;
        }
    }

    /**
     * Once the action has been throttled (someone else uses the account), requests are spread
     * evenly over the window instead of leaving in bursts of `limit`: the server counts fixed
     * seconds first-come, so a process that bursts takes whole seconds and starves the other
     * processes sharing the account, which then recover only slowly once it is done. A bucket with
     * fewer than `burst` requests in its window may send at once; beyond that, a request is due one spacing (window ÷ limit) after the previous one's
     * schedule (GCRA), and may leave one spacing early to catch up after a late timer.
     */
    private pacedFrom(): number {
        // Alone on the account (never throttled), bursts of the whole limit are harmless and fastest.
        const share = this.lastDecreaseAt === Number.NEGATIVE_INFINITY ? 1 : this.options.burstShare;
        const burst = Math.max(1, Math.ceil(this.effectiveLimit * share));
        if (this.starts.length < burst) {
            return Number.NEGATIVE_INFINITY;
        }
        return this.theoreticalAt - this.spacing();
    }

    private spacing(): number {
        return this.options.windowMs / Math.max(this.options.minLimit, this.current);
    }

    record(start: Start, outcome: CallOutcome): void {
        const now = this.options.now();
        const { windowMs } = this.options;
        // The server counted the request somewhere between send and answer.
        start.at = start.at + (now - start.at) / 2;
        if (outcome === "failed") {
            return;
        }
        this.answers = this.answers.filter((a) => a.at > now - windowMs);
        this.answers.push({ at: now, throttled: outcome === "throttled" });
        if (outcome === "throttled") {
            // One decrease per window: the throttles of one window reflect one overload.
            if (now - this.lastDecreaseAt >= windowMs) {
                const throttledShare = this.answers.filter((a) => a.throttled).length / this.answers.length;
                const factor = Math.max(this.options.decreaseFactor, 1 - throttledShare);
                this.current = Math.max(this.options.minLimit, this.current * factor);
                this.lastDecreaseAt = now;
            }
            return;
        }
        const sinceDecrease = now - this.lastDecreaseAt;
        if (this.current < this.configured && sinceDecrease >= windowMs) {
            // Per answer, so that a bucket running at its limit gains +1 (or +25 %) per window.
            const fast = sinceDecrease >= this.options.fastRecoveryAfterWindows * windowMs;
            const step = Math.max(fast ? 0.25 : 0, 1 / Math.max(1, this.current));
            this.current = Math.min(this.configured, this.current + step);
            this.pump();
        }
    }

    get queued(): number {
        return this.queue.length;
    }
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class RateLimiter {
    private readonly buckets = new Map<string, ActionBucket>();
    private readonly gates = new Map<ServiceName, ConcurrencyGate>();
    private readonly options: Required<Omit<RateLimiterOptions, "limits">>;

    constructor(
        private readonly limits: RateLimits = DEFAULT_RATE_LIMITS,
        options: Omit<RateLimiterOptions, "limits"> = {},
    ) {
        this.options = {
            windowMs: options.windowMs ?? DEFAULT_WINDOW_MS,
            decreaseFactor: options.decreaseFactor ?? 0.5,
            fastRecoveryAfterWindows: options.fastRecoveryAfterWindows ?? 2,
            burstShare: options.burstShare ?? 0.5,
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
    async acquire(service: ServiceName, action: string, signal?: AbortSignal): Promise<RateLimitPermit> {
        const gate = this.gate(service);
        const bucket = this.bucket(service, action);
        const start = await bucket.take(signal, { service, action });
        let released = false;
        return {
            release(outcome: CallOutcome) {
                if (released) {
                    return;
                }
                released = true;
                gate.leave();
                bucket.record(start, outcome);
            },
        };
    }

    snapshot(): BucketSnapshot[] {
        return Array.from(this.buckets.values()).map((b) => ({
            key: b.key,
            configuredLimit: b.configured,
            currentLimit: b.current,
            queued: b.queued,
            startedInWindow: b.startedInWindow(),
        }));
    }

    inFlight(service: ServiceName): number {
        return this.gates.get(service)?.active ?? 0;
    }
}
