/**
 * What the preview verification keeps for the run (one provider host process = one `pulumi`
 * command): the credential probes, the certificate catalogs, the refusals met and the warnings
 * already given. Create one per process, in a module the runtime requires (never in shim.ts).
 */
import type { TencentCloudError } from "../../../tencentcloud/errors";
import { ReportedOnce } from "../expiry";
import { CredentialProbe } from "./credentials";
import { GaapCatalog } from "./gaap-catalog";
import { SslCatalog } from "./ssl-catalog";

export class VerificationState {
    readonly probes: CredentialProbe;
    readonly ssl = new SslCatalog();
    readonly gaap: GaapCatalog;
    /** `account|service.Action` → the refusal met: that verification is skipped for the rest of the run. */
    readonly refusals = new Map<string, TencentCloudError>();
    /** Warnings given once per run (refusals, expiry, SubjectCN-only coverage). */
    readonly reported = new ReportedOnce();

    constructor(now: () => number = Date.now) {
        this.probes = new CredentialProbe(now);
        this.gaap = new GaapCatalog(now);
    }
}
