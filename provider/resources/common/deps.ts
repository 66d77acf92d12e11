import type { Logger } from "../../tencentcloud/log";
import type { TencentCloudApi } from "../../tencentcloud/types";

/**
 * What every provider factory gets from its surroundings: runtime.providerFor passes the
 * process's client and logger; unit tests pass their own. Resources never load the runtime
 * module themselves.
 */
export interface ResourceDeps {
    /** The API client, asked for on every call (the runtime rebuilds it when `configure` changes settings). */
    client(): TencentCloudApi;
    log: Logger;
    /**
     * `tencentcloud:expiryWarningDays` (0 = off), asked for on every use; throws ConfigError when the
     * setting is invalid. Absent: the default, 30.
     */
    expiryWarningDays?(): number;
}

/** Waiting and the clock, injectable for tests. */
export interface ClockDeps {
    sleep(ms: number): Promise<void>;
    now(): number;
}

export const realClock: ClockDeps = {
    sleep: (ms) => new Promise<void>((resolve) => setTimeout(resolve, ms)),
    now: () => Date.now(),
};
