/**
 * The credentials probe: one cheap signed call per account per run, shared by every check of that
 * account (a probe in flight included), so a rejected key fails preview with the same
 * CredentialsRejectedError `up` gives, naming where the key came from.
 *
 * The call is ssl DescribeCSRSet with Limit 1: SSL Certificates is open to every account and the
 * answer is at most one short record. Any API answer other than a credential rejection means the
 * key works (a sub-account refused the action still signs correctly); the client turns rejections
 * into CredentialsRejectedError itself.
 */
import { CredentialsRejectedError, TencentCloudError } from "../../../tencentcloud/errors";
import { describeCSRSet } from "../../../tencentcloud/services/ssl";
import type { TencentCloudApi } from "../../../tencentcloud/types";
import { ReadCache } from "../read-cache";

/** What the probe found; a failure is kept too, so a run asks once per account whatever the answer. */
type ProbeOutcome = { ok: true } | { ok: false; error: unknown };

async function probe(api: TencentCloudApi): Promise<ProbeOutcome> {
    try {
        await describeCSRSet(api, { Limit: 1 });
        return { ok: true };
    } catch (err) {
        if (err instanceof CredentialsRejectedError || !(err instanceof TencentCloudError) || err.code.startsWith("Client.")) {
            return { ok: false, error: err };
        }
        return { ok: true }; // the API answered: the signature and key were accepted
    }
}

export class CredentialProbe {
    private readonly outcomes: ReadCache<ProbeOutcome>;

    constructor(now: () => number) {
        this.outcomes = new ReadCache<ProbeOutcome>(Number.POSITIVE_INFINITY, now);
    }

    /** Probes made so far (one per account). */
    get calls(): number {
        return this.outcomes.loads;
    }

    /** Resolves when `account`'s key works; throws what the probe met (CredentialsRejectedError, an unreachable endpoint...). */
    async verify(account: string, client: () => TencentCloudApi): Promise<void> {
        const outcome = await this.outcomes.get(account, () => probe(client()));
        if (!outcome.ok) {
            throw outcome.error;
        }
    }
}
