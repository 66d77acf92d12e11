/**
 * What one scenario run measured, computed from the emulator's call log (the server side's view:
 * every request that reached it, throttled or not).
 */
import type { CallLogEntry, Emulator, RateLimitShape } from "../emulator";

/** The emulator's per-action limits (requests per second), as Tencent publishes them. */
export const SERVICE_LIMITS: Record<string, number> = { ssl: 10, gaap: 20, teo: 20 };

export interface Measurement {
    scenario: string;
    impl: "ours" | "naive";
    /** Steps in flight at most (the engine's --parallel). */
    parallel: number;
    resources: number;
    wallMs: number;
    /** Calls that reached the emulator, by `service.Action` (throttled ones included). */
    calls: Record<string, number>;
    totalCalls: number;
    throttlesSeen: number;
    /** Throttle errors that reached Pulumi (failed steps because of throttling). */
    throttlesSurfaced: number;
    /** Steps that failed for any reason. */
    failedSteps: number;
    /**
     * The fastest the API allows for these calls: limits are per action, so the slowest action sets
     * the pace: max over actions of (successful calls ÷ limit), in ms.
     */
    physicalMs: number;
    /** wall ÷ physical: 1.0 = exactly at the rate limit. */
    ratioToLimit: number;
    /** How the emulator counted calls against the limits (pacing scenarios; the others run under the default). */
    shape?: RateLimitShape;
    note?: string;
}

/** One target `npm run bench` checks (printed, written to the results docs; a miss makes it exit 1). */
export interface Target {
    name: string;
    limit: string;
    measured: string;
    pass: boolean;
}

/** A target whose scenario did not run: a miss. */
export function notMeasured(name: string): Target {
    return { name, limit: "", measured: "not measured", pass: false };
}

const THROTTLE = /RequestLimitExceeded|RateLimitExceeded/;

export function isThrottle(entry: CallLogEntry): boolean {
    return THROTTLE.test(entry.code);
}

/** Calls in `entries` by `service.Action`. */
export function callsByAction(entries: readonly CallLogEntry[]): Record<string, number> {
    const calls: Record<string, number> = {};
    for (const e of entries) calls[`${e.service}.${e.action}`] = (calls[`${e.service}.${e.action}`] ?? 0) + 1;
    return calls;
}

export function summarize(
    base: Omit<Measurement, "calls" | "totalCalls" | "throttlesSeen" | "physicalMs" | "ratioToLimit" | "throttlesSurfaced" | "failedSteps">,
    entries: readonly CallLogEntry[],
    failures: readonly Error[],
): Measurement {
    const calls = callsByAction(entries);
    const okByAction: Record<string, { service: string; n: number }> = {};
    for (const e of entries.filter((x) => !isThrottle(x))) {
        const key = `${e.service}.${e.action}`;
        okByAction[key] = { service: e.service, n: (okByAction[key]?.n ?? 0) + 1 };
    }
    // n calls at L per second need (n - L) / L seconds after the first window opens, +1 window
    // for the last ones to be answered: n / L seconds is the usual, slightly generous, figure.
    const physicalMs = Math.max(0, ...Object.values(okByAction).map(({ service, n }) => (n / (SERVICE_LIMITS[service] ?? 1)) * 1000));
    return {
        ...base,
        calls,
        totalCalls: entries.length,
        throttlesSeen: entries.filter(isThrottle).length,
        throttlesSurfaced: failures.filter((f) => THROTTLE.test(f.message)).length,
        failedSteps: failures.length,
        physicalMs: Math.round(physicalMs),
        ratioToLimit: physicalMs > 0 ? round2(base.wallMs / physicalMs) : 0,
    };
}

export function round2(n: number): number {
    return Math.round(n * 100) / 100;
}

/** Runs `fn` and measures it from the calls it made. */
export async function measure(
    emulator: Emulator,
    base: Pick<Measurement, "scenario" | "impl" | "parallel" | "resources" | "note" | "shape">,
    fn: () => Promise<readonly (unknown | Error)[]>,
    surfaced?: () => number,
): Promise<Measurement> {
    const from = emulator.log.length;
    const started = process.hrtime.bigint();
    const results = await fn();
    const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
    const failures = results.filter((r): r is Error => r instanceof Error);
    const m = summarize({ ...base, wallMs: Math.round(wallMs) }, emulator.log.slice(from), failures);
    if (surfaced) {
        m.throttlesSurfaced = surfaced();
    }
    return m;
}
