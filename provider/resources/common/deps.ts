import type { Logger } from "../../tencentcloud/log";
import type { ClientScope, TencentCloudApi } from "../../tencentcloud/types";
import type { VerificationState } from "./verify/state";

/** The account and region a resource's calls go to (its `profile` and `region` inputs). */
export type AccountScope = ClientScope;

/** One key per account/region, "" for the default account and region (per-scope contexts, the client registry). */
export function scopeKey(scope: AccountScope | undefined): string {
    return scope?.profile || scope?.region ? `${scope.profile ?? ""}|${scope.region ?? ""}` : "";
}

/**
 * What every resource provider gets from its surroundings: runtime.providerFor passes the
 * process's client, logger and settings checks; unit tests pass their own. Resources never load
 * the runtime module themselves.
 */
export interface ResourceDeps {
    /**
     * The API client for `scope` (default: the stack's account), asked for on every call (the
     * runtime rebuilds it when `configure` changes settings). One client per account and region.
     */
    client(scope?: AccountScope): TencentCloudApi;
    log: Logger;
    /**
     * `tencentcloud:expiryWarningDays` (0 = off), asked for on every use; throws ConfigError when the
     * setting is invalid. Absent: the default, 30.
     */
    expiryWarningDays?(): number;
    /**
     * Why the credentials file cannot serve `profile` (missing file, section or keys), as a
     * sentence naming the file and the fix; undefined when it can. Reads no secret into the answer.
     */
    profileProblem?(profile: string): string | undefined;
    /**
     * Resolves the provider settings of a scope so bad settings fail `check` (preview), not only
     * `up`: throws ConfigError / CredentialsError naming the setting. Builds no connection.
     */
    checkSettings?(scope: AccountScope): void;
    /** Sees every failure of check/diff/read/delete before it goes to the host (runtime keeps expected ones quiet). */
    onHostFailure?(err: unknown): void;
    /**
     * Preview verification (common/verify, docs/configuration.md "Preview checks"): runtime passes
     * the process's state and `tencentcloud:previewChecks`. Absent (unit tests): check verifies
     * nothing with the API.
     */
    previewChecks?: PreviewChecksDeps;
}

export interface PreviewChecksDeps {
    /** The process's verification state: one per provider host process (one `pulumi` command). */
    state(): VerificationState;
    /** `tencentcloud:previewChecks`, asked for on every check; throws ConfigError when the setting is invalid. */
    enabled(): boolean;
}

/** Waiting and the clock, injectable for tests. */
export interface ClockDeps {
    sleep(ms: number): Promise<void>;
    now(): number;
}

export const realClock: ClockDeps = { sleep: (ms) => new Promise<void>((resolve) => setTimeout(resolve, ms)), now: () => Date.now() };
