/**
 * GAAP (Global Application Acceleration Platform) 2018-05-29: the calls ListenerCertificateBinding
 * makes and the certificate listing preview verifies against (docs/api-notes.md), typed field by
 * field after the project's API reference (shared/api-reference.md), conforming to the official SDK
 * model (api-models/gaap-2018-05-29.ts; tests/conformance checks it). Thin wrappers: no retries or
 * caching here (the client retries; the resource coordinates per listener).
 */
import type { CallOptions, TencentCloudApi } from "../types";
import { apiAction } from "./action";
import { fetchAllPages, type TotalCountPage } from "./paging";

const GAAP_SERVICE = "gaap" as const;
const GAAP_VERSION = "2018-05-29";

/** Certificate id meaning "use the listener's own certificate" (server or client). */
export const LISTENER_DEFAULT_CERTIFICATE = "default";

/** DomainRuleSet.DomainStatus values. */
export const DomainStatus = { Running: 0, Changing: 1, Deleting: 2 } as const;

/** HTTPSListener.AuthType values. */
export const ListenerAuthType = { OneWay: 0, Mutual: 1 } as const;

/**
 * Error codes the GAAP actions we call may return (tencentcloud-sdk-go gaap/v20180529/client.go),
 * named where the resource decides something on them (the others surface as the API answered them).
 */
export const GaapErrorCode = {
    /** A task (another certificate change, a rule change) is running on the listener. */
    ListenerHasTask: "FailedOperation.ListenerHasTask",
    /** The domain is changing (DomainStatus 1) or being deleted (2). */
    DomainStatusNotInRunning: "FailedOperation.DomainStatusNotInRunning",
    /** The listener (or domain) does not exist. */
    ResourceNotFound: "ResourceNotFound",
    /** The listener is busy (another task holds it). */
    ResourceUnavailable: "ResourceUnavailable",
    /** GAAP also answers an unknown listener id with one of these, naming ListenerId in the message. */
    InvalidParameter: "InvalidParameter",
    InvalidParameterValue: "InvalidParameterValue",
} as const;

// ---- ModifyCertificate ----------------------------------------------------------------------

export interface ModifyCertificateRequest {
    /** Listener instance id. */
    ListenerId: string;
    /** The domain whose certificate changes. */
    Domain: string;
    /** New server certificate id; `default` = the listener's certificate. */
    CertificateId: string;
    /** New client certificate id (`default` = the listener's); only with mutual authentication. */
    ClientCertificateId?: string;
    /** New client certificate ids; instead of ClientCertificateId, only with mutual authentication. */
    PolyClientCertificateIds?: string[];
}

// eslint-disable-next-line @typescript-eslint/no-empty-interface
export interface ModifyCertificateResponse {}

// ---- DescribeRules --------------------------------------------------------------------------

export interface DescribeRulesRequest {
    /** Layer-7 listener id. */
    ListenerId: string;
}

export interface CertificateAliasInfo {
    CertificateId: string;
    CertificateAlias: string;
}

export interface RuleCheckParams {
    DelayLoop: number;
    ConnectTimeout: number;
    Path: string;
    Method: string;
    StatusCode: number[];
    Domain: string;
    FailedCountInter: number;
    FailedThreshold: number;
    BlockInter: number;
}

export interface BindRealServer {
    RealServerId: string;
    RealServerIP: string;
    RealServerWeight: number;
    RealServerStatus: number;
    RealServerPort: number;
    DownIPList: string[];
    RealServerFailoverRole: string;
}

export interface RuleInfo {
    RuleId: string;
    ListenerId: string;
    Domain: string;
    Path: string;
    RealServerType: string;
    Scheduler: string;
    HealthCheck: number;
    /** 0 running, 1 creating, 2 destroying, 3 (un)binding origins, 4 updating configuration. */
    RuleStatus: number;
    CheckParams: RuleCheckParams;
    RealServerSet: BindRealServer[];
    BindStatus: number;
    ForwardHost: string;
    ServerNameIndicationSwitch: string | null;
    ServerNameIndication: string | null;
    ForcedRedirect: string | null;
    ForwardProtocol?: string;
}

export interface DomainRuleSet {
    Domain: string;
    RuleSet: RuleInfo[];
    /** Server certificate id; `default` = the listener's certificate. */
    CertificateId: string;
    CertificateAlias: string;
    /** Client certificate id; `default` = the listener's certificate. */
    ClientCertificateId: string;
    ClientCertificateAlias: string;
    BasicAuthConfId: string;
    BasicAuth: number;
    BasicAuthConfAlias: string;
    RealServerCertificateId: string;
    RealServerAuth: number;
    RealServerCertificateAlias: string;
    GaapCertificateId: string;
    GaapAuth: number;
    GaapCertificateAlias: string;
    RealServerCertificateDomain: string;
    /** With several client certificates: each id and alias. */
    PolyClientCertificateAliasInfo: CertificateAliasInfo[];
    PolyRealServerCertificateAliasInfo: CertificateAliasInfo[];
    /** 0 running, 1 changing, 2 deleting ({@link DomainStatus}). */
    DomainStatus: number;
    BanStatus: string;
    Http3Supported: number;
    IsDefaultServer?: boolean;
    TLSCiphers?: string;
    TLSSupportVersion?: string[];
}

export interface DescribeRulesResponse {
    DomainRuleSet: DomainRuleSet[];
    /** Number of domains on the listener. */
    TotalCount: number;
}

// ---- DescribeHTTPSListeners -----------------------------------------------------------------

export interface DescribeHTTPSListenersRequest {
    /** At least one of ListenerId, ProxyId, GroupId; at most one of ProxyId and GroupId. */
    ProxyId?: string;
    GroupId?: string;
    /** Exact listener id filter. */
    ListenerId?: string;
    ListenerName?: string;
    Port?: number;
    /** Default 0. */
    Offset?: number;
    /** Default 20. */
    Limit?: number;
    SearchValue?: string;
    Http3Supported?: number;
}

export interface HTTPSListener {
    ListenerId: string;
    ListenerName: string;
    Port: number;
    Protocol: string;
    /** 0 running, 1 creating, 2 destroying, 3 adjusting origins, 4 changing configuration. */
    ListenerStatus: number;
    /** The listener's server certificate (what `default` means on a domain). */
    CertificateId: string;
    ForwardProtocol: string;
    CreateTime: number;
    CertificateAlias: string;
    ClientCertificateId: string | null;
    /** 0 one-way, 1 mutual authentication ({@link ListenerAuthType}). */
    AuthType: number;
    ClientCertificateAlias: string | null;
    PolyClientCertificateAliasInfo: CertificateAliasInfo[];
    Http3Supported: number;
    /** null when the listener belongs to a proxy group (then GroupId is set). */
    ProxyId: string | null;
    GroupId: string | null;
    TLSSupportVersion?: string[];
    TLSCiphers?: string;
}

export type DescribeHTTPSListenersResponse = TotalCountPage<"ListenerSet", HTTPSListener>;

// ---- calls ----------------------------------------------------------------------------------

export const modifyCertificate = apiAction<ModifyCertificateRequest, ModifyCertificateResponse>(GAAP_SERVICE, GAAP_VERSION, "ModifyCertificate");
export const describeRules = apiAction<DescribeRulesRequest, DescribeRulesResponse>(GAAP_SERVICE, GAAP_VERSION, "DescribeRules");
export const describeHTTPSListeners = apiAction<DescribeHTTPSListenersRequest, DescribeHTTPSListenersResponse>(
    GAAP_SERVICE,
    GAAP_VERSION,
    "DescribeHTTPSListeners",
);

// ---- DescribeCertificates (fields: docs/api-notes.md) -----------------------------------------
// Never DescribeCertificateDetail: its answer carries the certificate's private key.

/** Page size for DescribeCertificates: no documented maximum; 50 is what the Terraform provider pages with. */
const DESCRIBE_CERTIFICATES_PAGE = 50;

/** Certificate.CertificateType values. */
export const GaapCertificateType = { BasicAuth: 0, ClientCa: 1, Server: 2, RealServerCa: 3, Proxy: 4 } as const;

export interface DescribeCertificatesRequest {
    /** -1 (default) all, or one of {@link GaapCertificateType}. */
    CertificateType?: number;
    Offset?: number;
    /** Default 20. */
    Limit?: number;
}

/** One certificate as listed: no body, no key. */
export interface GaapCertificateInfo {
    CertificateId: string;
    /** Deprecated twin of CertificateAlias. */
    CertificateName?: string | null;
    /** {@link GaapCertificateType} */
    CertificateType: number;
    CertificateAlias?: string | null;
    /** Unix seconds. */
    CreateTime?: number | null;
    /** Unix seconds. */
    BeginTime?: number | null;
    /** Unix seconds. */
    EndTime?: number | null;
    IssuerCN?: string | null;
    SubjectCN?: string | null;
}

export type DescribeCertificatesResponse = TotalCountPage<"CertificateSet", GaapCertificateInfo>;

export const describeCertificates = apiAction<DescribeCertificatesRequest, DescribeCertificatesResponse>(GAAP_SERVICE, GAAP_VERSION, "DescribeCertificates");

/** Every GAAP certificate of the account, of every type: one call per 50 (pages after the first in parallel). */
export function listGaapCertificates(api: TencentCloudApi, options?: CallOptions): Promise<GaapCertificateInfo[]> {
    return fetchAllPages(
        DESCRIBE_CERTIFICATES_PAGE,
        async (offset) => {
            const page = await describeCertificates(api, { Offset: offset, Limit: DESCRIBE_CERTIFICATES_PAGE }, options);
            return { items: page.CertificateSet ?? [], total: typeof page.TotalCount === "number" ? page.TotalCount : 0 };
        },
        "parallel",
    );
}
