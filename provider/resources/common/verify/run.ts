/**
 * One verification (one check): collects failures and warnings, gives each warning once per run,
 * probes the account's credentials before the first call, and skips a read the credentials may
 * not make (one warning per account and action per run).
 */
import type { ServiceName } from "../../../tencentcloud/types";
import { isUnknown } from "../wire";
import type { VerificationDeps, VerificationResult } from "./types";
import { noVerdicts, type Verdicts } from "./verdicts";

/** Verdicts of one step; steps run concurrently and are added in a fixed order, so the result is stable. */
export { noVerdicts } from "./verdicts";

/** A value to verify: present and not the preview placeholder for an unknown value. */
export function known(value: string | undefined): value is string {
    return typeof value === "string" && value !== "" && !isUnknown(value);
}

/** The known ids of a list, without repeats. */
export function knownIds(ids: readonly string[] | undefined): string[] {
    return [...new Set((ids ?? []).filter(known))];
}

/** Up to ten names, then how many there are in all. */
export function shortList(names: readonly string[]): string {
    return names.slice(0, 10).join(", ") + (names.length > 10 ? `, … (${names.length} in all)` : "");
}

function accountText(account: string): string {
    return account === "" ? "the stack's credentials" : `the credentials of profile '${account}'`;
}

/**
 * The credentials of `deps`'s account work: one probe per account per run (see credentials.ts), for
 * a check that verifies nothing else but whose resource will call the API (a new CSR, a changed
 * setting). Nothing when preview checks are off.
 */
export async function verifyAccount(deps: VerificationDeps): Promise<void> {
    if (deps.enabled()) {
        await deps.state.probes.verify(deps.account, () => deps.client());
    }
}

export class VerificationRun {
    private readonly result: VerificationResult = { failures: [], warnings: [], expiring: [] };

    constructor(readonly deps: VerificationDeps) {}

    add(verdicts: Verdicts): void {
        this.result.failures.push(...verdicts.failures);
        this.result.expiring.push(...verdicts.expiring);
        verdicts.warnings.forEach((w) => this.warnOnce(w.key, w.message));
    }

    warnOnce(key: string, message: string): void {
        if (this.deps.state.reported.first(key)) {
            this.result.warnings.push(message);
        }
    }

    /** Throws CredentialsRejectedError (or what else the probe met) when the account's key does not work. */
    async probeCredentials(): Promise<void> {
        await this.deps.state.probes.verify(this.deps.account, () => this.deps.client());
    }

    /**
     * `read()`'s answer, or undefined when these credentials may not call `service.action`: then a
     * warning (once per run) says what preview could not verify, and later calls skip it.
     */
    async unlessRefused<T>(service: ServiceName, action: string, what: string, read: () => Promise<T>): Promise<T | undefined> {
        return this.deps.state.unlessRefused(this.deps.account, service, action, read, (err, key) =>
            this.warnOnce(
                `refused|${key}`,
                `preview cannot verify ${what}: ${accountText(this.deps.account)} may not call ${service}:${action} (${err.code}${err.requestId ? `, RequestId ${err.requestId}` : ""}); ` +
                    `skipped for this run. Grant that read permission (CAM) to have preview check it, or set tencentcloud:previewChecks false`,
            ),
        );
    }

    /**
     * Each check's verdicts against a certificate catalog read once; none when these credentials
     * may not read it (unlessRefused).
     */
    async catalogVerdicts<Catalog, Check>(
        read: { service: ServiceName; action: string; what: string; load: () => Promise<Catalog> },
        checks: readonly Check[],
        verdictsOf: (check: Check, catalog: Catalog, now: number, warningDays: number) => Verdicts,
    ): Promise<Verdicts> {
        const out = noVerdicts();
        const catalog = await this.unlessRefused(read.service, read.action, read.what, read.load);
        if (catalog === undefined) {
            return out;
        }
        const now = this.deps.now();
        const warningDays = this.deps.expiryWarningDays();
        for (const check of checks) {
            const verdicts = verdictsOf(check, catalog, now, warningDays);
            out.failures.push(...verdicts.failures);
            out.warnings.push(...verdicts.warnings);
            out.expiring.push(...verdicts.expiring);
        }
        return out;
    }

    done(): VerificationResult {
        return this.result;
    }
}

/** One part of a verification: its verdicts, from the reads it makes through `run`. */
export type VerificationStep = (run: VerificationRun) => Promise<Verdicts>;

/**
 * A resource's verification: nothing when preview checks are off (`plan` is not even made) or
 * nothing is to be verified (every step undefined); else the account's credential probe, then the
 * steps concurrently, their verdicts added in order.
 */
export async function verifyPlanned(deps: VerificationDeps, plan: () => (VerificationStep | undefined)[]): Promise<VerificationResult> {
    const run = new VerificationRun(deps);
    if (!deps.enabled()) {
        return run.done();
    }
    const steps = plan().filter((step): step is VerificationStep => step !== undefined);
    if (steps.length === 0) {
        return run.done();
    }
    await run.probeCredentials();
    const verdicts = await Promise.all(steps.map((step) => step(run)));
    verdicts.forEach((v) => run.add(v));
    return run.done();
}
