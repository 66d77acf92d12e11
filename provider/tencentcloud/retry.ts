/**
 * The retry policy: which failures are retried, and how long to wait between attempts.
 *
 * Safety rule: a request may be sent again only if the first one cannot have changed anything,
 * or the action is idempotent. An API error code means the server answered and refused, so codes
 * that say "busy / throttled / try later" are retried for every action. A lost answer (reset after
 * sending, timeout, HTTP 500/502/504, an unreadable body) may hide a completed action, so it is
 * retried only for idempotent calls (Describe* by default, or `CallOptions.idempotent: true`).
 * Failures before the request left and HTTP 503/429 (rejected at the front door) are retried for
 * every action. When nothing can answer at all (connection refused, no such host, no route) the
 * endpoint is most likely wrong or the emulator is stopped: those get a short budget
 * ({@link UNREACHABLE_RETRY}) so the user hears about it in about a second, not after the full
 * backoff.
 */

/** All retry defaults, in one place. */
export interface RetryPolicy {
    /** Attempts in total, including the first (count). */
    maxAttempts: number;
    /** Backoff cap of the first retry, in milliseconds; doubles each retry (full jitter: 0..cap). */
    baseDelayMs: number;
    /** Growth of the backoff cap per retry (factor). */
    factor: number;
    /** Largest backoff cap, in milliseconds. */
    maxDelayMs: number;
    /** Total time for one call across attempts and waits, in milliseconds, counted from the first send. */
    deadlineMs: number;
    /** Timeout of one attempt (headers and body), in milliseconds. */
    attemptTimeoutMs: number;
}

export const DEFAULT_RETRY_POLICY: Readonly<RetryPolicy> = Object.freeze({
    maxAttempts: 10,
    baseDelayMs: 250,
    factor: 2,
    maxDelayMs: 10_000,
    deadlineMs: 120_000,
    attemptTimeoutMs: 30_000,
});

/**
 * The short retry budget of "nothing answers there" failures (refused, DNS, no route): enough to ride
 * out a restart of a local emulator or a DNS blip, short enough that a wrong or stopped endpoint is
 * reported well within 3 s of the call.
 */
export const UNREACHABLE_RETRY = Object.freeze({
    /** Attempts in total, including the first (never more than the call's own cap). */
    maxAttempts: 3,
    baseDelayMs: 150,
    factor: 2,
    maxDelayMs: 500,
    /** No retry is started later than this after the first send, in milliseconds. */
    budgetMs: 1_200,
});

/** A failed attempt, reduced to what the retry decision needs. */
export type AttemptFailure =
    | { kind: "api"; code: string }
    /** HTTP status without an API error body. */
    | { kind: "http"; status: number }
    /** Connection-level failure; `requestSent` false when the request never left (refused, DNS). */
    | { kind: "network"; requestSent: boolean }
    /** Nothing answers at the endpoint (refused, no such host, no route): the request never left. */
    | { kind: "unreachable" }
    /** The attempt's timeout fired. */
    | { kind: "timeout" }
    /** A 200 whose body is not an API answer (HTML, truncated, oversized). */
    | { kind: "invalidResponse" }
    /** Not worth retrying whatever the action (aborted, local bug, bad settings). */
    | { kind: "fatal" };

export type RetryReason = "throttled" | "busy" | "notSent" | "unreachable" | "mayHaveActed" | "optedIn" | "permanent" | "unsafe";

export interface RetryDecision {
    retry: boolean;
    reason: RetryReason;
    /** The server said we are over its rate limit (the rate limiter should slow down). */
    throttled: boolean;
}

export interface ClassifyOptions {
    idempotent: boolean;
    /** Extra codes from the call: exact (`FailedOperation.NetworkError`) or prefix patterns ending in `*` (`InternalError*`). */
    retryableCodes?: readonly string[];
}

/** Throttling answers: the server refused before acting. */
function isThrottleCode(code: string): boolean {
    return code === "RequestLimitExceeded" || code.startsWith("RequestLimitExceeded.") || code === "LimitExceeded.RateLimitExceeded";
}

/**
 * `ResourceUnavailable.*` usually means "not ready yet", but TEO uses ResourceUnavailable.HostNotFound /
 * ZoneNotFound / CertNotFound for things that do not exist, and GAAP ResourceUnavailable.AccountViolation
 * for a suspended account. Those never heal by waiting, and callers must see them at once
 * (a delete treats a not-found as done), so they are not retried.
 */
function isPermanentResourceUnavailable(code: string): boolean {
    return code.endsWith("NotFound") || code === "ResourceUnavailable.AccountViolation";
}

/** Codes that mean "busy, try again later": the server did not act. */
function isBusyCode(code: string): boolean {
    if (code === "ResourceUnavailable" || code.startsWith("ResourceUnavailable.")) {
        return !isPermanentResourceUnavailable(code);
    }
    return (
        code === "ResourceInUse" ||
        code.startsWith("ResourceInUse.") ||
        code === "ResourceBusy" ||
        code.startsWith("ResourceBusy.") ||
        code === "FailedOperation.ListenerHasTask" ||
        code === "InvalidParameter.ActionInProgress" ||
        code.endsWith(".ConfigLocked") ||
        code === "ServiceUnavailable"
    );
}

/** `InternalError` and its sub-codes (except the busy `*.ConfigLocked`, handled above). */
function isInternalErrorCode(code: string): boolean {
    return code === "InternalError" || code.startsWith("InternalError.");
}

function matchesCodePattern(code: string, pattern: string): boolean {
    return pattern.endsWith("*") ? code.startsWith(pattern.slice(0, -1)) : code === pattern;
}

/** The whole retry decision for one failed attempt, as a pure function. */
export function classifyFailure(failure: AttemptFailure, options: ClassifyOptions): RetryDecision {
    const mayRepeat = (reason: RetryReason): RetryDecision =>
        options.idempotent ? { retry: true, reason, throttled: false } : { retry: false, reason: "unsafe", throttled: false };
    switch (failure.kind) {
        case "api": {
            const code = failure.code;
            if (isThrottleCode(code)) {
                return { retry: true, reason: "throttled", throttled: true };
            }
            if (isBusyCode(code)) {
                return { retry: true, reason: "busy", throttled: false };
            }
            // The caller opted in (e.g. ModifyCSR's FailedOperation.NetworkError, "CA system is busy",
            // or InternalError for an action whose InternalError is known to be transient).
            if (options.retryableCodes?.some((pattern) => matchesCodePattern(code, pattern))) {
                return { retry: true, reason: "optedIn", throttled: false };
            }
            // The server failed while handling the request: it may or may not have acted, exactly
            // like an HTTP 500. A read (or an idempotent write) is simply sent again; anything else
            // is reported with an unknown outcome so the resource looks before re-creating.
            if (isInternalErrorCode(code)) {
                return mayRepeat("mayHaveActed");
            }
            return { retry: false, reason: "permanent", throttled: false };
        }
        case "http":
            if (failure.status === 429) {
                return { retry: true, reason: "throttled", throttled: true };
            }
            if (failure.status === 503) {
                return { retry: true, reason: "busy", throttled: false };
            }
            if (failure.status >= 500) {
                return mayRepeat("mayHaveActed");
            }
            return { retry: false, reason: "permanent", throttled: false };
        case "network":
            return failure.requestSent ? mayRepeat("mayHaveActed") : { retry: true, reason: "notSent", throttled: false };
        case "unreachable":
            return { retry: true, reason: "unreachable", throttled: false };
        case "timeout":
        case "invalidResponse":
            return mayRepeat("mayHaveActed");
        case "fatal":
            return { retry: false, reason: "permanent", throttled: false };
    }
}

/** Describe* actions only read; everything else is assumed to change something. */
export function isIdempotentByDefault(action: string): boolean {
    return action.startsWith("Describe");
}

/**
 * Full-jitter backoff before retry number `retry` (1 = the first retry):
 * uniform in [0, min(maxDelayMs, baseDelayMs * factor^(retry-1))).
 */
export function backoffDelayMs(retry: number, policy: Pick<RetryPolicy, "baseDelayMs" | "factor" | "maxDelayMs">, random: () => number): number {
    const cap = Math.min(policy.maxDelayMs, policy.baseDelayMs * Math.pow(policy.factor, Math.max(0, retry - 1)));
    return Math.floor(random() * cap);
}

/**
 * The wait before the next attempt, or undefined when it would not fit in the deadline.
 * `retryAfterMs` (a server's Retry-After) raises the wait, never beyond `maxDelayMs`.
 */
export function nextDelayMs(retry: number, policy: RetryPolicy, random: () => number, elapsedMs: number, retryAfterMs?: number): number | undefined {
    let delay = backoffDelayMs(retry, policy, random);
    if (retryAfterMs !== undefined && retryAfterMs > delay) {
        delay = Math.min(retryAfterMs, policy.maxDelayMs);
    }
    return elapsedMs + delay >= policy.deadlineMs ? undefined : delay;
}
