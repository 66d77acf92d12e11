/**
 * What the preview verification keeps for the run (one provider host process = one `pulumi`
 * command): the credential probes, the certificate catalogs, the refusals met and the warnings
 * already given. Create one per process, in a module the runtime requires (never in shim.ts).
 */
import type { TencentCloudError } from "../../../tencentcloud/errors";
import type { ServiceName } from "../../../tencentcloud/types";
import { ReportedOnce } from "../expiry";
import { CredentialProbe } from "./credentials";
import { GaapCatalog } from "./gaap-catalog";
import { isAuthorizationRefusal, refusalKey } from "./refusals";
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

    /**
     * `read()`'s answer, or undefined when `account` may not call `service.action`: the first
     * refusal is remembered for the run (later reads skip the call) and handed to `onRefused`.
     * Any other error rejects.
     */
    async unlessRefused<T>(
        account: string,
        service: ServiceName,
        action: string,
        read: () => Promise<T>,
        onRefused: (err: TencentCloudError, key: string) => void,
    ): Promise<T | undefined> {
        const key = refusalKey(account, service, action);
        if (this.refusals.has(key)) {
            return undefined;
        }
        try {
            return await read();
        } catch (err) {
            if (!isAuthorizationRefusal(err, service)) {
                throw err;
            }
            this.refusals.set(key, err);
            onRefused(err, key);
            return undefined;
        }
    }
}
