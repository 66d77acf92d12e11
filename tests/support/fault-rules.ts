/** The fault kinds of the matrix, how seeds are chosen, and the mixed-fault rules (shared by the matrix, its soak variant and the secret scan). */
import type { FaultRule } from "../../emulator";
import { mulberry32 } from "../../emulator/prng";

/** The request timeout in the slow-response cells; the emulator delays answers beyond it. */
export const MATRIX_REQUEST_TIMEOUT_MS = 150;

export interface FaultSpec {
    label: string;
    rule: Omit<FaultRule, "service" | "probability">;
}

export const FAULTS: readonly FaultSpec[] = [
    { label: "HTTP 500", rule: { kind: "http500" } },
    { label: "HTTP 502", rule: { kind: "http502" } },
    { label: "HTTP 503", rule: { kind: "http503" } },
    { label: "connection reset", rule: { kind: "reset" } },
    { label: `slow (> ${MATRIX_REQUEST_TIMEOUT_MS} ms timeout)`, rule: { kind: "delay", delayMs: MATRIX_REQUEST_TIMEOUT_MS * 3 } },
    { label: "InternalError", rule: { kind: "internalError" } },
    { label: "RequestLimitExceeded", rule: { kind: "throttle" } },
    { label: "LimitExceeded.RateLimitExceeded", rule: { kind: "throttle", code: "LimitExceeded.RateLimitExceeded" } },
    { label: "busy", rule: { kind: "busy" } },
    { label: "act, then reset", rule: { kind: "actThenFail" } },
    { label: "act, then HTTP 500", rule: { kind: "actThenFail", lostAs: "http500" } },
];

export const PROBABILITY = 0.2;

/**
 * The first seed from `base` whose fault draws hit at least twice in the first 8 calls, and
 * then keep the overall rate: the emulator draws once per call with one rule, so a lifecycle of
 * ~10-20 calls is guaranteed to see the fault early (in create) rather than maybe never.
 */
export function seedWithEarlyHits(base: number, probability = PROBABILITY, window = 8, minHits = 2): number {
    for (let seed = base; ; seed++) {
        const draw = mulberry32(seed);
        const hits = Array.from({ length: window }, () => draw() < probability).filter(Boolean).length;
        if (hits >= minHits && hits <= Math.max(minHits, Math.ceil(window * probability * 1.5))) {
            return seed;
        }
    }
}

/** Every fault kind at once, each with the same chance, together failing 20 % of calls. */
export function mixedFaults(service: "ssl" | "gaap" | "teo", requestTimeoutMs: number): FaultRule[] {
    const kinds: Omit<FaultRule, "probability">[] = [
        { kind: "http500" },
        { kind: "http502" },
        { kind: "http503" },
        { kind: "reset" },
        { kind: "delay", delayMs: requestTimeoutMs * 3 },
        { kind: "internalError" },
        { kind: "throttle" },
        { kind: "busy" },
        { kind: "actThenFail" },
    ];
    // 1 - (1 - p)^9 = 0.2
    const p = 1 - Math.pow(0.8, 1 / kinds.length);
    return kinds.map((k) => ({ ...k, service, probability: p }));
}
