/**
 * The adaptive limit of one action in one process: how many requests per window this process may
 * have counted by the server now. It only learns of other processes on the account from throttle
 * answers (docs/performance.md, "Many stacks at once against one account").
 *
 * - Decrease: on a throttle answer, in proportion to the share of this action's answers over the
 *   last window that were throttles (a stray throttle costs 10 %, three stacks starting together
 *   cut each to about a third), never by more than `decreaseFactor`, once per window.
 * - Hold: for one window after a decrease the limit stays put (answers still reflect the old pace).
 * - Slow start: after that, every successful answer of a request sent while the bucket was full
 *   adds one request per window, so the limit doubles each round trip while the server keeps
 *   accepting, until the next throttle or the configured value. Capacity freed by a stack that
 *   finished is taken up within a window or two instead of one request per window; the overshoot
 *   is one round trip's worth of requests, refused before acting and retried.
 */
export interface AdaptiveLimitOptions {
    windowMs: number;
    /** The deepest single decrease: the limit is multiplied by at least this. */
    decreaseFactor: number;
    /** Lowest the limit goes, in requests per window. */
    minLimit: number;
}

export class AdaptiveLimit {
    /** Answers of the last window: time and whether it was a throttle (the throttled share drives decreases). */
    private answers: { at: number; throttled: boolean }[] = [];
    private lastDecreaseAt = Number.NEGATIVE_INFINITY;
    current: number;

    constructor(
        readonly configured: number,
        private readonly options: AdaptiveLimitOptions,
    ) {
        this.current = configured;
    }

    /** Whether the server ever throttled this action: then someone else uses the account. */
    get shared(): boolean {
        return this.lastDecreaseAt !== Number.NEGATIVE_INFINITY;
    }

    /** Requests this process may have counted in one window now (whole requests, at least `minLimit`). */
    get tokens(): number {
        return Math.max(this.options.minLimit, Math.floor(this.current));
    }

    /** A throttle answer at `now`. */
    throttled(now: number): void {
        this.remember(now, true);
        // One decrease per window: the throttles of one window reflect one overload.
        if (now - this.lastDecreaseAt < this.options.windowMs) {
            return;
        }
        const throttledShare = this.answers.filter((a) => a.throttled).length / this.answers.length;
        const factor = Math.max(this.options.decreaseFactor, 1 - throttledShare);
        this.current = Math.max(this.options.minLimit, this.current * factor);
        this.lastDecreaseAt = now;
    }

    /**
     * A successful answer at `now`; `demanded` when its request left while every token was in use
     * or others were waiting (growth only where the limit was what held requests back).
     */
    succeeded(now: number, demanded: boolean): void {
        this.remember(now, false);
        if (demanded && this.current < this.configured && now - this.lastDecreaseAt >= this.options.windowMs) {
            this.current = Math.min(this.configured, this.current + 1);
        }
    }

    private remember(now: number, throttled: boolean): void {
        this.answers = this.answers.filter((a) => a.at > now - this.options.windowMs);
        this.answers.push({ at: now, throttled });
    }
}
