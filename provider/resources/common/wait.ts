import type { Logger } from "../../tencentcloud/log";

/** Options for {@link waitUntil}. Times are in milliseconds. */
export interface WaitOptions<T> {
    /** What is awaited, for progress and errors: "certificate cert-1 on www.example.com". */
    what: string;
    /** Reads the current remote state. Errors propagate (the client already retried them). */
    poll(): Promise<T>;
    /** True when the awaited state is reached. */
    done(value: T): boolean;
    /** Fails the wait at once when the state can no longer reach `done` (returns the reason). */
    failed?(value: T): string | undefined;
    /** Describes the current state in progress lines and the timeout error. */
    describe?(value: T): string;
    timeoutMs: number;
    /**
     * Poll interval while the wait is young (`steadyForMs`), so a change that finishes in a second
     * or two is noticed within this much; afterwards it grows by half each poll up to
     * `maxIntervalMs`. Default 500.
     */
    intervalMs?: number;
    /** How long polls keep `intervalMs` before backing off. Default 60000 (the first minute). */
    steadyForMs?: number;
    /** Default 15000. */
    maxIntervalMs?: number;
    /** How often a progress line is logged. Default 30000. */
    progressEveryMs?: number;
    /** Added to the timeout error: how to check on the change and what to do next. */
    timeoutHint?: string;
    log: Logger;
    sleep?(ms: number): Promise<void>;
    now?(): number;
}

/** The awaited state was not reached in time. The change may still complete remotely. */
export class WaitTimeoutError extends Error {
    override name = "WaitTimeoutError";
    readonly code = "Client.WaitTimeout";
    constructor(
        message: string,
        readonly lastState: string | undefined,
    ) {
        super(message);
    }
}

/** The remote state reached a dead end (for example a failed deployment). */
export class WaitFailedError extends Error {
    override name = "WaitFailedError";
    readonly code = "Client.WaitFailed";
}

/** Polls every half second during the first minute: deployments that take a second or two are seen promptly. */
export const DEFAULT_POLL_INTERVAL_MS = 500;
const DEFAULT_STEADY_FOR_MS = 60_000;

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Polls until `done`, logging progress at intervals, and fails with a clear error on timeout. */
export async function waitUntil<T>(options: WaitOptions<T>): Promise<T> {
    const sleep = options.sleep ?? defaultSleep;
    const now = options.now ?? Date.now;
    const maxInterval = options.maxIntervalMs ?? 15_000;
    const progressEvery = options.progressEveryMs ?? 30_000;
    const describe = options.describe ?? (() => undefined);
    const start = now();
    const deadline = start + options.timeoutMs;
    const steadyFor = options.steadyForMs ?? DEFAULT_STEADY_FOR_MS;
    let interval = Math.min(options.intervalMs ?? DEFAULT_POLL_INTERVAL_MS, maxInterval);
    let lastProgress = start;
    for (;;) {
        const value = await options.poll();
        if (options.done(value)) {
            return value;
        }
        const failure = options.failed?.(value);
        if (failure) {
            throw new WaitFailedError(`${options.what}: ${failure}`);
        }
        const current = describe(value);
        const t = now();
        if (t >= deadline) {
            const seconds = Math.round(options.timeoutMs / 1000);
            throw new WaitTimeoutError(
                `timed out after ${seconds}s waiting for ${options.what}` +
                    (current ? ` (last seen: ${current})` : "") +
                    `. The change may still complete on Tencent Cloud.` +
                    (options.timeoutHint ? ` ${options.timeoutHint}` : ""),
                current,
            );
        }
        if (t - lastProgress >= progressEvery) {
            lastProgress = t;
            options.log.info(`still waiting for ${options.what} after ${Math.round((t - start) / 1000)}s` + (current ? `: ${current}` : ""));
        }
        await sleep(Math.min(interval, Math.max(0, deadline - t)));
        if (now() - start >= steadyFor) {
            interval = Math.min(Math.ceil(interval * 1.5), maxInterval);
        }
    }
}
