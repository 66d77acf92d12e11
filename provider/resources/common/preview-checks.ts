/**
 * The resources' side of preview verification (common/verify, issue 18): the verification deps of a
 * resource's context (its account's client, the process's VerificationState, the switch), whether a
 * check's inputs would make `up` call the API at all, and the warnings to the log. Each resource's
 * `verify` hook maps its inputs to references and calls the verification with these.
 */
import type { Logger } from "../../tencentcloud/log";
import type { ResourceDeps } from "./deps";
import { warningDaysOf } from "./expiry";
import { changedInputs, FieldTable, onlyLocal } from "./fields";
import type { ScopedDeps } from "./resource";
import { verifyAccount, type VerificationDeps, type VerificationResult } from "./verify";
import type { CheckFailure, Props } from "./wire";

/**
 * What the verification needs for one account/region context, or undefined when the deps carry no
 * preview checks (unit tests). The state is the process's, asked for on every use.
 */
export function verificationFor(deps: ScopedDeps<ResourceDeps>, now: () => number): VerificationDeps | undefined {
    const checks = deps.previewChecks;
    if (!checks) {
        return undefined;
    }
    return {
        client: () => deps.client(),
        account: deps.scope.profile ?? "",
        get state() {
            return checks.state();
        },
        now,
        enabled: () => checks.enabled(),
        expiryWarningDays: warningDaysOf(deps),
    };
}

/**
 * Whether `up` would call the API for these inputs: a new resource (no old inputs), or an input
 * changed that is not local to the resource (region, wait timeouts and the like make no call).
 */
function changesRemote(table: FieldTable, olds: Props, news: Props): boolean {
    if (Object.keys(olds).length === 0) {
        return true;
    }
    const changed = changedInputs(table, olds, news);
    return changed.length > 0 && !onlyLocal(table, changed, olds);
}

/** Probes the account's key (once per run) when `up` would call the API for these inputs; nothing without preview checks. */
export async function verifyAccountIfRemote(verification: VerificationDeps | undefined, table: FieldTable, olds: Props, news: Props): Promise<void> {
    if (verification && changesRemote(table, olds, news)) {
        await verifyAccount(verification);
    }
}

/** Logs the verification's warnings (each already given once per run) and returns its failures. */
export function reportVerification(log: Logger, result: VerificationResult): CheckFailure[] {
    result.warnings.forEach((warning) => log.warn(warning));
    return result.failures;
}

/** A property's value as a string for the references, or undefined (absent, or not a string in hostile old inputs). */
export const textOf = (value: unknown): string | undefined => (typeof value === "string" ? value : undefined);

/** A property's value as a list of strings for the references ([] when absent or not a list). */
export const textsOf = (value: unknown): string[] => (Array.isArray(value) ? value.filter((item): item is string => typeof item === "string") : []);
