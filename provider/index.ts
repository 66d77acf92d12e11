/**
 * pulumi-tencent-certs: Pulumi dynamic resources for Tencent Cloud certificate objects.
 *
 * - CsrResource: SSL certificate signing requests (ssl 2019-12-05).
 * - ListenerCertificateBinding: the certificate of a GAAP listener's HTTPS domain (gaap 2018-05-29).
 * - HostsCertificateBinding: EdgeOne (TEO) host certificates (teo 2022-09-01 and 2022-01-06).
 *
 * The public API is this explicit list; everything else is internal and may change.
 */
export { CsrResource, csrProvider, CsrDeleteError, CsrAdoptionError, CsrIdError } from "./resources/csr";
export type { CsrResourceArgs, CsrOutputs, CsrInputs, CsrEncryptAlgo } from "./resources/csr";
export { ListenerCertificateBinding, listenerCertificateBindingProvider, ListenerCertificateBindingError } from "./resources/listener-certificate-binding";
export type {
    ListenerCertificateBindingArgs,
    ListenerCertificateBindingOutputs,
    ListenerCertificateBindingCertificate,
} from "./resources/listener-certificate-binding";
export { HostsCertificateBinding, hostsCertificateBindingProvider, HostsCertificateBindingError } from "./resources/hosts-certificate-binding";
export type {
    HostsCertificateBindingArgs,
    HostsCertificateBindingOutputs,
    HostsCertificateBindingInputs,
    HostCertificateStatus,
    HostCertificate,
    HostCertificateRole,
    HostsCertificateApiVersion,
    HostsCertificateMode,
    HostsCertificateDeleteBehavior,
    HostsCertificateUpstreamVerifyMode,
} from "./resources/hosts-certificate-binding";
export type { AccountScopeArgs } from "./resources/common/resource";
export {
    TencentCloudError,
    CredentialsError,
    ConfigError,
    NetworkError,
    TimeoutError,
    HttpStatusError,
    InvalidResponseError,
    ResponseTooLargeError,
    AbortedError,
    SignatureExpireError,
} from "./tencentcloud/errors";
export { getCsrs, getListenerDomains, getZoneHosts, LookupArgumentError, LookupNotFoundError } from "./lookups";
export type {
    GetCsrsArgs,
    GetCsrsResult,
    CsrSummary,
    GetListenerDomainsArgs,
    GetListenerDomainsResult,
    ListenerDomain,
    GetZoneHostsArgs,
    GetZoneHostsResult,
    ZoneHost,
    ZoneHostCertificate,
} from "./lookups";
