/**
 * EdgeOne (TEO) calls used by HostsCertificateBinding: thin typed wrappers, one per action and
 * API version, with request/response shapes exactly as the API reference documents them
 * (the project's API reference, shared/api-reference.md: "teo 2022-01-06" and "teo 2022-09-01"), conforming to the
 * official SDK models (api-models/teo-2022-01-06.ts, teo-2022-09-01.ts; tests/conformance checks them).
 */
import type { CallOptions, TencentCloudApi } from "../types";
import { apiAction } from "./action";
import { fetchAllPages, type TotalCountPage } from "./paging";

const TEO_SERVICE = "teo" as const;
export const TEO_V20220106 = "2022-01-06" as const;
export const TEO_V20220901 = "2022-09-01" as const;
export type TeoApiVersion = typeof TEO_V20220106 | typeof TEO_V20220901;

/** Largest page DescribeAccelerationDomains accepts ("上限：200"). */
const ACCELERATION_DOMAINS_MAX_LIMIT = 200;
/** Largest page DescribeHostsCertificate accepts ("最大可设置为 1000"). */
const HOSTS_CERTIFICATE_MAX_LIMIT = 1000;

// ---------------------------------------------------------------- 2022-01-06

/** ServerCertInfo (2022-01-06): every field may come back null; the international SDK models no SignAlgo here (2022-09-01's CertificateInfo has it). */
export interface ServerCertInfoV20220106 {
    CertId: string | null;
    Alias?: string | null;
    /** default | upload | managed */
    Type?: string | null;
    ExpireTime?: string | null;
    DeployTime?: string | null;
    /** processing | deployed */
    Status?: string | null;
}

export interface ModifyHostsCertificateRequestV20220106 {
    ZoneId: string;
    Hosts: string[];
    /** Only CertId is needed; omitted or empty = the default certificate. */
    CertInfo?: Array<{ CertId: string }>;
}

export interface CertFilter {
    /** host | certId | certAlias | certType */
    Name: string;
    Values: string[];
    Fuzzy?: boolean;
}

export interface CertSort {
    /** createTime | certExpireTime | certDeployTime */
    Key: string;
    /** asc | desc (default desc) */
    Sequence?: string;
}

export interface DescribeHostsCertificateRequest {
    ZoneId: string;
    Offset?: number;
    /** Default 100, at most 1000. */
    Limit?: number;
    Filters?: CertFilter[];
    Sort?: CertSort;
}

export interface HostCertSetting {
    Host: string | null;
    CertInfo: ServerCertInfoV20220106[] | null;
}

export interface DescribeHostsCertificateResponse {
    TotalCount: number;
    Hosts: HostCertSetting[] | null;
}

export const modifyHostsCertificateV20220106 = apiAction<ModifyHostsCertificateRequestV20220106, object>(TEO_SERVICE, TEO_V20220106, "ModifyHostsCertificate");

export const describeHostsCertificate = apiAction<DescribeHostsCertificateRequest, DescribeHostsCertificateResponse>(
    TEO_SERVICE,
    TEO_V20220106,
    "DescribeHostsCertificate",
);

// ---------------------------------------------------------------- 2022-09-01

/** disable | eofreecert | eofreecert_manual | sslcert */
export type CertificateMode = "disable" | "eofreecert" | "eofreecert_manual" | "sslcert";

/** CertificateInfo as returned (request use needs only CertId). */
export interface CertificateInfo {
    CertId: string;
    Alias?: string;
    Type?: string;
    ExpireTime?: string;
    DeployTime?: string;
    SignAlgo?: string;
    /** deployed | processing | applying | failed | issued */
    Status?: string;
}

export interface MutualTLS {
    /** on | off */
    Switch: string;
    CertInfos?: CertificateInfo[];
}

export interface OriginCertificateVerify {
    /** disable | custom_ca */
    VerificationMode: string;
    CustomCACerts?: CertificateInfo[];
}

export interface UpstreamCertInfo {
    UpstreamMutualTLS?: MutualTLS;
    UpstreamCertificateVerify?: OriginCertificateVerify;
}

export interface ModifyHostsCertificateRequest {
    ZoneId: string;
    Hosts: string[];
    Mode?: CertificateMode;
    /** Only used with Mode sslcert; only CertId is needed. */
    ServerCertInfo?: Array<{ CertId: string }>;
    /** Omitted = keep the current setting. */
    ClientCertInfo?: MutualTLS;
    /** Omitted = keep the current setting. */
    UpstreamCertInfo?: UpstreamCertInfo;
}

export interface AdvancedFilter {
    Name: string;
    /** At most 20 values. */
    Values: string[];
    Fuzzy?: boolean;
}

export interface DescribeAccelerationDomainsRequest {
    ZoneId: string;
    Offset?: number;
    /** Default 20, at most 200. */
    Limit?: number;
    Filters?: AdvancedFilter[];
    /** created_on | domain-name */
    Order?: string;
    /** asc | desc */
    Direction?: string;
    /** all | any */
    Match?: string;
}

export interface AccelerationDomainCertificate {
    Mode?: string;
    List?: CertificateInfo[] | null;
    ClientCertInfo?: MutualTLS;
    UpstreamCertInfo?: UpstreamCertInfo;
}

/** The fields of AccelerationDomain this package reads; the API returns more (origins, CNAME...). */
export interface AccelerationDomain {
    ZoneId: string;
    DomainName: string;
    /** online | process | offline | forbidden | init */
    DomainStatus: string;
    Cname?: string;
    Certificate?: AccelerationDomainCertificate | null;
    CreatedOn?: string;
    ModifiedOn?: string;
}

export type DescribeAccelerationDomainsResponse = TotalCountPage<"AccelerationDomains", AccelerationDomain>;

// calls (2022-09-01)
export const modifyHostsCertificate = apiAction<ModifyHostsCertificateRequest, object>(TEO_SERVICE, TEO_V20220901, "ModifyHostsCertificate");
export const describeAccelerationDomains = apiAction<DescribeAccelerationDomainsRequest, DescribeAccelerationDomainsResponse>(
    TEO_SERVICE,
    TEO_V20220901,
    "DescribeAccelerationDomains",
);

// ---------------------------------------------------------------- paging

/** One page of a zone's listing, as both TEO listing actions take it. */
interface ZonePageRequest {
    ZoneId: string;
    Offset: number;
    Limit: number;
}

/** Every item of a zone's paged listing at the action's largest page size, one call after another. */
function listZone<TItem, TPage extends { TotalCount: number }>(
    zoneId: string,
    limit: number,
    describe: (request: ZonePageRequest) => Promise<TPage>,
    items: (page: TPage) => TItem[] | null | undefined,
): Promise<TItem[]> {
    const page = async (offset: number) => {
        const answer = await describe({ ZoneId: zoneId, Offset: offset, Limit: limit });
        return { items: items(answer) ?? [], total: answer.TotalCount ?? 0 };
    };
    return fetchAllPages(limit, page, "sequential");
}

/** Every acceleration domain of a zone: a zone of up to 200 domains costs one call. */
export function listAccelerationDomains(api: TencentCloudApi, zoneId: string, options?: CallOptions): Promise<AccelerationDomain[]> {
    const describe = (req: ZonePageRequest) => describeAccelerationDomains(api, req, options);
    return listZone(zoneId, ACCELERATION_DOMAINS_MAX_LIMIT, describe, (page) => page.AccelerationDomains);
}

/** Every host certificate setting of a zone (2022-01-06). */
export function listHostsCertificates(api: TencentCloudApi, zoneId: string, options?: CallOptions): Promise<HostCertSetting[]> {
    const describe = (req: ZonePageRequest) => describeHostsCertificate(api, req, options);
    return listZone(zoneId, HOSTS_CERTIFICATE_MAX_LIMIT, describe, (page) => page.Hosts);
}
