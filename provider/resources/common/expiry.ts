/**
 * Certificate expiry: how far an expiry time is from now, whether it calls for a warning or an
 * error line, and the wording of the time left. Pure functions of the expiry, the clock and the
 * `tencentcloud:expiryWarningDays` threshold; and the expiry lines both bindings log
 * (reportCertificateExpiry), once per binding and certificate per process.
 */
import type { Logger } from "../../tencentcloud/log";
import { DEFAULT_EXPIRY_WARNING_DAYS } from "../../tencentcloud/settings";

export const DAY_MS = 86_400_000;

export type ExpiryVerdict =
    /** Expires within the warning threshold (or in less than a day). */
    | { kind: "expiring"; expireTime: string; daysLeft: number; text: string }
    /** The expiry time has passed. */
    | { kind: "expired"; expireTime: string; daysAgo: number; text: string };

const days = (n: number): string => `${n} day${n === 1 ? "" : "s"}`;

/**
 * Whole days from a time difference, rounded: an expiry set "10 days from now" reads as 10 days a
 * few seconds later, not 9.
 */
export function wholeDays(ms: number): number {
    return Math.round(Math.abs(ms) / DAY_MS);
}

/** "in 10 days", "in 1 day", "in less than a day". */
export function timeLeftText(msLeft: number): string {
    const n = wholeDays(msLeft);
    return n === 0 ? "in less than a day" : `in ${days(n)}`;
}

/** "3 days ago", "less than a day ago". */
export function timeAgoText(msAgo: number): string {
    const n = wholeDays(msAgo);
    return n === 0 ? "less than a day ago" : `${days(n)} ago`;
}

/**
 * The verdict for one expiry time (`datetime_iso`, e.g. "2030-01-01T00:00:00Z"), or undefined when
 * nothing is to be said: warnings off (`warningDays` 0), no or unreadable time, or further away
 * than the threshold. An expired certificate is reported whatever the threshold, unless warnings
 * are off.
 */
export function expiryVerdict(expireTime: string, now: number, warningDays: number): ExpiryVerdict | undefined {
    if (warningDays <= 0 || !expireTime) {
        return undefined;
    }
    const at = Date.parse(expireTime);
    if (!Number.isFinite(at)) {
        return undefined;
    }
    const msLeft = at - now;
    if (msLeft <= 0) {
        return { kind: "expired", expireTime, daysAgo: wholeDays(msLeft), text: `expired ${timeAgoText(msLeft)}` };
    }
    if (msLeft > warningDays * DAY_MS) {
        return undefined;
    }
    return { kind: "expiring", expireTime, daysLeft: wholeDays(msLeft), text: `expires ${timeLeftText(msLeft)}` };
}

/**
 * Remembers what was reported, so one operation (one provider host process: one `pulumi` command)
 * says it once even when diff, update and read all see the same certificate.
 */
export class ReportedOnce {
    private readonly seen = new Set<string>();

    /** True the first time a key is offered. */
    first(key: string): boolean {
        if (this.seen.has(key)) {
            return false;
        }
        if (this.seen.size >= 10_000) {
            this.seen.clear(); // a bound on memory; never reached by a stack of sane size
        }
        this.seen.add(key);
        return true;
    }
}

/** Where a binding reports expiry lines, and what it already reported. */
export interface ExpiryContext {
    log: Logger;
    now(): number;
    /** The threshold in days, 0 = off; throws ConfigError when the setting is invalid. */
    warningDays(): number;
    /** Per process (one `pulumi` command): each binding reports a certificate once. */
    reported: ReportedOnce;
}

/** `tencentcloud:expiryWarningDays` as the deps give it (asked for on every use), else the default. */
export function warningDaysOf(deps: { expiryWarningDays?(): number }): () => number {
    return () => (deps.expiryWarningDays ? deps.expiryWarningDays() : DEFAULT_EXPIRY_WARNING_DAYS);
}

/** A resource context's expiry reporting: its log and clock, the setting, and a fresh record of what it reported. */
export function expiryContext(deps: { log: Logger; expiryWarningDays?(): number }, now: () => number): ExpiryContext {
    return { log: deps.log, now, warningDays: warningDaysOf(deps), reported: new ReportedOnce() };
}

/** A binding as the lines name it (its Pulumi resource name, else its id), and its id (what "once" is counted by). */
export interface BindingName {
    label: string;
    id: string;
}

/** One certificate a binding uses, as its expiry line names it. */
export interface CertificateUse {
    certId: string;
    /** Its role in the binding; with the binding's id, what "once" is counted by. */
    role: string;
    /** What and where it serves, e.g. "server certificate of 'www.example.com'". */
    description: string;
    /** ISO 8601; "" when unknown (nothing is reported). */
    expireTime: string;
    /** The fix once it has expired. */
    whenExpired: string;
    /** Renewed by the service itself (EdgeOne's free certificates): only an expired one is reported. */
    renewsItself?: boolean;
}

/**
 * Logs a warning for each certificate expiring within `tencentcloud:expiryWarningDays` and an error
 * line for each expired one, naming the binding, the certificate, what it serves and the days;
 * each binding and certificate once per process. A log line, never a failure.
 */
export function reportCertificateExpiry(ctx: ExpiryContext, binding: BindingName, uses: readonly CertificateUse[]): void {
    if (uses.length === 0) {
        return;
    }
    const threshold = ctx.warningDays();
    if (threshold <= 0) {
        return;
    }
    const now = ctx.now();
    for (const use of uses) {
        const verdict = expiryVerdict(use.expireTime, now, threshold);
        if (!verdict || (use.renewsItself && verdict.kind === "expiring") || !ctx.reported.first(`${binding.id}|${use.role}|${use.certId}`)) {
            continue;
        }
        const what = `${binding.label}: certificate '${use.certId}' (${use.description}) ${verdict.text} (${verdict.expireTime})`;
        if (verdict.kind === "expired") {
            ctx.log.error(`${what}; ${use.whenExpired}`);
        } else {
            ctx.log.warn(`${what}; deploy a renewed certificate before then (tencentcloud:expiryWarningDays is ${threshold}; 0 turns these warnings off)`);
        }
    }
}
