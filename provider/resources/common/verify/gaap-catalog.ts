/**
 * GAAP certificates: one listing (gaap DescribeCertificates, every type and page) per account for
 * the run, shared by every check of that account, a listing in flight included.
 */
import { listGaapCertificates, type GaapCertificateInfo } from "../../../tencentcloud/services/gaap";
import type { TencentCloudApi } from "../../../tencentcloud/types";
import { ReadCache } from "../read-cache";
import { fromUnixSeconds } from "./times";

/** What the verification needs of a GAAP certificate (the listing has no SANs, body or key). */
export interface GaapCertificateFacts {
    certificateId: string;
    /** 0 basic auth, 1 client CA, 2 server, 3 origin CA, 4 proxy. */
    type: number;
    subjectCN: string;
    /** EndTime as epoch ms; undefined when absent. */
    endTime?: number;
    alias: string;
}

function factsOf(info: GaapCertificateInfo): GaapCertificateFacts {
    return {
        certificateId: info.CertificateId,
        type: info.CertificateType,
        subjectCN: info.SubjectCN ?? "",
        endTime: fromUnixSeconds(info.EndTime),
        alias: info.CertificateAlias ?? info.CertificateName ?? "",
    };
}

export type GaapListing = Map<string, GaapCertificateFacts>;

export class GaapCatalog {
    private readonly cache: ReadCache<GaapListing>;

    constructor(now: () => number) {
        this.cache = new ReadCache<GaapListing>(Number.POSITIVE_INFINITY, now);
    }

    /** Listings started (one per account; each is one DescribeCertificates call per 50 certificates). */
    get listings(): number {
        return this.cache.loads;
    }

    /** The account's certificates by id; rejects with the API's error (not remembered). */
    listing(account: string, client: () => TencentCloudApi): Promise<GaapListing> {
        return this.cache.get(account, async () => new Map((await listGaapCertificates(client())).map((c) => [c.CertificateId, factsOf(c)])));
    }
}
