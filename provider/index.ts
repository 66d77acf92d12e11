/**
 * pulumi-tencent-certs: Pulumi dynamic resources for Tencent Cloud certificate objects.
 *
 * - CsrResource: SSL certificate signing requests (ssl 2019-12-05).
 * - ListenerCertificateBinding: the certificate of a GAAP listener's HTTPS domain (gaap 2018-05-29).
 * - HostsCertificateBinding: EdgeOne (TEO) host certificates (teo 2022-09-01 and 2022-01-06).
 */
export * from "./resources/csr";
export * from "./resources/listener-certificate-binding";
export * from "./resources/hosts-certificate-binding";
export { TencentCloudError } from "./tencentcloud/errors";
