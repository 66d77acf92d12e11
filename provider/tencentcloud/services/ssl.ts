/**
 * Thin typed calls for the SSL Certificates API (ssl 2019-12-05): the CSR actions and
 * DescribeCertificates (the certificates TEO deploys).
 *
 * Request and response shapes follow the project's API reference (shared/api-reference.md) field by
 * field (the certificate listing: docs/api-notes.md) and conform to the official SDK model
 * (api-models/ssl-2019-12-05.ts; tests/conformance checks it). The CSR actions are limited to 10
 * requests per second, DescribeCertificates to 5; the client's rate limiter enforces its setting.
 */
import type { CallOptions, TencentCloudApi } from "../types";
import { apiAction } from "./action";
import { fetchAllPages } from "./paging";

const SSL_SERVICE = "ssl" as const;
const SSL_VERSION = "2019-12-05";

/** Largest page DescribeCSRSet returns. */
const DESCRIBE_CSR_SET_MAX_LIMIT = 100;
/** Most ids one BatchDeleteCSR call accepts. */
export const BATCH_DELETE_CSR_MAX_IDS = 100;

/** A tag as CreateCSR takes it. */
export interface SslTag {
    TagKey: string;
    TagValue: string;
}

export interface CreateCSRRequest {
    Domain: string;
    Organization: string;
    Department: string;
    Email: string;
    Province: string;
    City: string;
    /** ISO 3166 alpha-2 code, e.g. CN, US. */
    Country: string;
    EncryptAlgo: string;
    KeyParameter: string;
    Generate: boolean;
    KeyPassword?: string;
    Remark?: string;
    Tags?: SslTag[];
}

export interface CreateCSRResponse {
    Id: number;
}

export interface DescribeCSRRequest {
    CSRId: number;
}

/** The subject and key fields of a CSR, as DescribeCSR returns them and ModifyCSR sets them. */
export interface CsrSubjectParams {
    Domain?: string;
    Organization?: string;
    Department?: string;
    Email?: string;
    Province?: string;
    City?: string;
    Country?: string;
    EncryptAlgo?: string;
    KeyParameter?: string;
}

export interface DescribeCSRResponse extends CsrSubjectParams {
    Id?: number;
    OwnerUin?: string;
    Remarks?: string;
    Status?: number;
    KeyPassword?: string | null;
    CreateTime?: string;
    CSR?: string | null;
    PrivateKey?: string | null;
}

export interface DescribeCSRSetRequest {
    Limit?: number;
    Offset?: number;
    Domain?: string;
    EncryptAlgo?: string;
}

/** One CSR as DescribeCSRSet lists it: no content, no private key, no key password. */
export interface CSRItem {
    Id?: number | null;
    OwnerUin?: string | null;
    Domain?: string | null;
    Organization?: string | null;
    Department?: string | null;
    Email?: string | null;
    Province?: string | null;
    City?: string | null;
    Country?: string | null;
    Remarks?: string | null;
    Status?: number | null;
    CreateTime?: string | null;
    EncryptAlgo?: string | null;
    KeyParameter?: string | null;
}

export interface DescribeCSRSetResponse {
    Total: number;
    Set: CSRItem[];
}

export interface ModifyCSRRequest extends CsrSubjectParams {
    CSRId: number;
    Generate: boolean;
    Remark?: string;
    KeyPassword?: string;
}

export interface ModifyCSRResponse {
    Id: number;
}

export interface BatchDeleteCSRRequest {
    CSRIds: number[];
}

export interface BatchDeleteCSRResponse {
    Success?: number[];
}

/** Error codes with which the SSL API says a CSR id does not exist. */
export const CSR_NOT_FOUND_CODES: readonly string[] = ["InvalidParameter.InvalidCSRId", "ResourceNotFound"];

/**
 * "CA system is busy" (FailedOperation.NetworkError): the SSL service refused for now, without
 * acting. Every CSR action waits it out like any busy code, CreateCSR included.
 */
const SSL_BUSY_CODES: readonly string[] = ["FailedOperation.NetworkError"];

/**
 * Not idempotent: the client retries only answers after which nothing was created (throttled,
 * busy, never sent); after a lost answer resources/csr/create.ts looks the CSR up before any re-send.
 */
export const createCSR = apiAction<CreateCSRRequest, CreateCSRResponse>(SSL_SERVICE, SSL_VERSION, "CreateCSR", {
    idempotent: false,
    retryableCodes: SSL_BUSY_CODES,
});
export const describeCSR = apiAction<DescribeCSRRequest, DescribeCSRResponse>(SSL_SERVICE, SSL_VERSION, "DescribeCSR", { retryableCodes: SSL_BUSY_CODES });
export const describeCSRSet = apiAction<DescribeCSRSetRequest, DescribeCSRSetResponse>(SSL_SERVICE, SSL_VERSION, "DescribeCSRSet", {
    retryableCodes: SSL_BUSY_CODES,
});
/**
 * Setting the same values twice has the same effect, so a lost response may be re-sent; the
 * client's default for non-Describe actions is the conservative "not idempotent".
 */
export const modifyCSR = apiAction<ModifyCSRRequest, ModifyCSRResponse>(SSL_SERVICE, SSL_VERSION, "ModifyCSR", {
    idempotent: true,
    retryableCodes: SSL_BUSY_CODES,
});
/** Deleting an id twice is harmless (the second time it is reported missing), so it may be re-sent. */
export const batchDeleteCSR = apiAction<BatchDeleteCSRRequest, BatchDeleteCSRResponse>(SSL_SERVICE, SSL_VERSION, "BatchDeleteCSR", {
    idempotent: true,
    retryableCodes: SSL_BUSY_CODES,
});

/** Every CSR of the account (optionally of one domain): one DescribeCSRSet call per 100, pages after the first in parallel. */
export function listCsrs(api: TencentCloudApi, filter: { Domain?: string } = {}): Promise<CSRItem[]> {
    return fetchAllPages(
        DESCRIBE_CSR_SET_MAX_LIMIT,
        async (offset) => {
            const page = await describeCSRSet(api, { ...filter, Limit: DESCRIBE_CSR_SET_MAX_LIMIT, Offset: offset });
            return { items: page.Set ?? [], total: typeof page.Total === "number" ? page.Total : 0 };
        },
        "parallel",
    );
}

// ---- DescribeCertificates (the SSL certificate store; fields: docs/api-notes.md) ----------------

/** Largest page DescribeCertificates returns ("maximum value is 1000"). */
const DESCRIBE_CERTIFICATES_MAX_LIMIT = 1000;

/** DescribeCertificates `CertificateType`: a client (CA) certificate or a server certificate. */
export type SslCertificateType = "CA" | "SVR";

/** DescribeCertificates `Status`: each code and its meaning (docs/api-notes.md). */
export const SSL_CERTIFICATE_STATUS: Readonly<Record<number, string>> = Object.freeze({
    0: "under review",
    1: "approved",
    2: "review failed",
    3: "expired",
    4: "DNS record added, awaiting validation",
    5: "enterprise certificate awaiting documents",
    6: "cancellation in progress",
    7: "cancelled",
    8: "awaiting the confirmation letter",
    9: "revocation in progress",
    10: "revoked",
    11: "reissue in progress",
    12: "awaiting the revocation letter",
    13: "free certificate awaiting documents",
    14: "refunded",
    15: "migration in progress",
});

export interface DescribeCertificatesRequest {
    Offset?: number;
    /** Default 10, at most 1000. */
    Limit?: number;
    /** Only these certificate ids (only those the caller may see are listed; others are left out). */
    CertIds?: string[];
    CertificateType?: SslCertificateType;
    /** Fuzzy match on id, alias and domain. */
    SearchKey?: string;
}

/** One `Certificates` item: the fields read here; the API returns many more (orders, hosting, packages...). */
export interface SslCertificateItem {
    CertificateId?: string | null;
    /** CA | SVR */
    CertificateType?: string | null;
    /** Main domain. */
    Domain?: string | null;
    /** Every domain of the certificate, the main one included. */
    SubjectAltName?: string[] | null;
    /** "YYYY-MM-DD HH:mm:ss", GMT+8. */
    CertBeginTime?: string | null;
    /** "YYYY-MM-DD HH:mm:ss", GMT+8. */
    CertEndTime?: string | null;
    /** 1 approved, 3 expired, ... ({@link SSL_CERTIFICATE_STATUS}). */
    Status?: number | null;
    Alias?: string | null;
    /** upload | trustasia | ... */
    From?: string | null;
    OwnerUin?: string | null;
}

export interface DescribeCertificatesResponse {
    TotalCount?: number | null;
    Certificates?: SslCertificateItem[] | null;
}

export const describeCertificates = apiAction<DescribeCertificatesRequest, DescribeCertificatesResponse>(SSL_SERVICE, SSL_VERSION, "DescribeCertificates", {
    retryableCodes: SSL_BUSY_CODES,
});

/**
 * The certificates among `certIds` the account can see, one call for up to 1000 ids (pages after
 * the first in parallel). An id not listed does not exist for this account.
 */
export async function describeSslCertificates(api: TencentCloudApi, certIds: readonly string[], options?: CallOptions): Promise<SslCertificateItem[]> {
    const ids = [...new Set(certIds)];
    const chunks: string[][] = [];
    for (let i = 0; i < ids.length; i += DESCRIBE_CERTIFICATES_MAX_LIMIT) {
        chunks.push(ids.slice(i, i + DESCRIBE_CERTIFICATES_MAX_LIMIT));
    }
    const lists = await Promise.all(
        chunks.map((chunk) =>
            fetchAllPages(
                chunk.length,
                async (offset) => {
                    const page = await describeCertificates(api, { CertIds: chunk, Offset: offset, Limit: chunk.length }, options);
                    return { items: page.Certificates ?? [], total: typeof page.TotalCount === "number" ? page.TotalCount : 0 };
                },
                "parallel",
            ),
        ),
    );
    return lists.flat();
}
