/**
 * Thin typed calls for the SSL Certificates API (ssl 2019-12-05), CSR actions only.
 *
 * Request and response shapes follow the project's API reference (shared/api-reference.md) field by field. Every action is
 * limited to 10 requests per second by Tencent Cloud; the client's rate limiter enforces that.
 */
import type { TencentCloudApi } from "../types";
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
