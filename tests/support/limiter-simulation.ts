/**
 * Simulated time: provider hosts (one RateLimiter each, `parallel` workers each) calling one action
 * of a server that counts calls with one of the emulator's limiter shapes (emulator/rate-limit.ts),
 * account-wide. A call goes through the limiter, travels to the server (where it is admitted or
 * refused), travels back, and is retried after the client's own full-jitter backoff when refused,
 * up to the client's 10 attempts, as provider/tencentcloud/client.ts does.
 *
 * Latency is drawn per request: a short trip each way, plus, for some requests, a spike on the way
 * there (a busy event loop or a queue in front of the server), which is when a client that guesses
 * the arrival time too early lands in the same server second as the next use of its token.
 */
import { mulberry32 } from "../../emulator/prng";
import { admissionCounter } from "../../emulator/rate-limit";
import type { RateLimitShape } from "../../emulator/types";
import { DEFAULT_RATE_LIMITS, RateLimiter } from "../../provider/tencentcloud/rate-limiter";
import { backoffDelayMs, DEFAULT_RETRY_POLICY } from "../../provider/tencentcloud/retry";
import { FakeClock } from "./fake-clock";

interface Latency {
    /** One-way trip, uniform in [min, max] ms, each way. */
    tripMs: [number, number];
    /** Share of requests delayed on the way to the server, and by how much (uniform, ms). */
    spikeShare: number;
    spikeMs: [number, number];
}

const LOOPBACK_LATENCY: Latency = { tripMs: [1, 8], spikeShare: 0.1, spikeMs: [20, 150] };

export interface SimulationOptions {
    shape: RateLimitShape;
    /** The server's limit for the action, per second, account-wide (the client is configured with the same). */
    limit: number;
    hosts: number;
    callsPerHost: number;
    /** Calls in flight at once per host (the engine's --parallel). */
    parallel: number;
    /** When each host starts, ms after the first (start-up differences); default all at once. */
    startOffsetsMs?: number[];
    seed: number;
    /** Each item is a CreateCSR and then a DescribeCSR (its own limit, also `limit`), as a CsrResource create is. */
    describeAfterCreate?: boolean;
}

export interface SimulationResult {
    /** Simulated ms from the first host's start to the last answer. */
    elapsedMs: number;
    /** The fastest the server allows: every call at `limit` per second. */
    boundMs: number;
    throttles: number;
    /** Calls refused on all their attempts (a throttle error the user would see). */
    surfaced: number;
    worstAttempts: number;
    /** Server times of the admitted CreateCSR calls, in order. */
    admitted: number[];
}

const MAX_ATTEMPTS = DEFAULT_RETRY_POLICY.maxAttempts;
const DEADLINE_MS = 600_000;

export async function simulate(options: SimulationOptions): Promise<SimulationResult> {
    const clock = new FakeClock();
    const random = mulberry32(options.seed);
    const uniform = ([min, max]: [number, number]) => min + Math.floor(random() * (max - min + 1));
    const counters = new Map<string, ReturnType<typeof admissionCounter>>();
    const counterOf = (action: string) => counters.get(action) ?? counters.set(action, admissionCounter(options.shape)).get(action)!;
    const startedAt = clock.now();
    const result: SimulationResult = {
        elapsedMs: 0,
        boundMs: ((options.hosts * options.callsPerHost) / options.limit) * 1000,
        throttles: 0,
        surfaced: 0,
        worstAttempts: 0,
        admitted: [],
    };
    const limits = {
        ...DEFAULT_RATE_LIMITS,
        perAction: { "ssl.CreateCSR": options.limit, "ssl.DescribeCSR": options.limit },
        maxInFlight: { ssl: 1000, gaap: 1000, teo: 1000 },
    };

    /** One call through the client: limiter, trip, server, trip back; retried with backoff when refused. */
    const call = async (limiter: RateLimiter, action: string): Promise<void> => {
        const since = clock.now();
        for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            const permit = await limiter.acquire("ssl", action, undefined, since);
            await clock.sleep(uniform(LOOPBACK_LATENCY.tripMs) + (random() < LOOPBACK_LATENCY.spikeShare ? uniform(LOOPBACK_LATENCY.spikeMs) : 0));
            const admitted = counterOf(action).admit(clock.now() - startedAt, options.limit);
            if (admitted && action === "CreateCSR") result.admitted.push(clock.now() - startedAt);
            await clock.sleep(uniform(LOOPBACK_LATENCY.tripMs));
            permit.release(admitted ? "ok" : "throttled");
            if (admitted) {
                result.worstAttempts = Math.max(result.worstAttempts, attempt);
                return;
            }
            result.throttles++;
            if (attempt < MAX_ATTEMPTS) await clock.sleep(backoffDelayMs(attempt, DEFAULT_RETRY_POLICY, random));
        }
        result.surfaced++;
    };
    const host = async (offsetMs: number): Promise<void> => {
        await clock.sleep(offsetMs);
        const limiter = new RateLimiter(limits, { now: clock.now, sleep: clock.sleep });
        let next = 0;
        const worker = async () => {
            while (next < options.callsPerHost) {
                next++;
                await call(limiter, "CreateCSR");
                if (options.describeAfterCreate) await call(limiter, "DescribeCSR");
            }
        };
        await Promise.all(Array.from({ length: options.parallel }, worker));
    };
    let done = false;
    const all = Promise.all(Array.from({ length: options.hosts }, (_, h) => host(options.startOffsetsMs?.[h] ?? 0))).finally(() => (done = true));
    result.elapsedMs = await clock.runUntil(() => done, DEADLINE_MS);
    await all;
    return result;
}

/** Largest number of `times` inside any window of `windowMs` (half-open, starting at one of them). */
export function maxInAnyWindow(times: readonly number[], windowMs: number): number {
    const sorted = [...times].sort((a, b) => a - b);
    let best = 0;
    let from = 0;
    for (let to = 0; to < sorted.length; to++) {
        while (sorted[to] - sorted[from] >= windowMs) from++;
        best = Math.max(best, to - from + 1);
    }
    return best;
}
