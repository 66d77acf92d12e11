/**
 * Binds certificates to two domains of a GAAP HTTPS listener. The defaults match the emulator's
 * default seed (`npm run emulator`); point `tencentcloud:endpoint` at it, or drop the endpoint and
 * set real ids to run against Tencent Cloud.
 *
 * Config (all optional):
 *   listenerId             GAAP HTTPS listener              (listener-emu00001)
 *   wwwDomain / wwwCertificateId                            (www.example.com / cert-emuwww01)
 *   apiDomain / apiCertificateId                            (api.example.com / cert-emuwild1)
 *   waitTimeoutSeconds     how long to wait for GAAP to apply a change (600)
 *   mtlsClientCertificates also bind mtlsDomain on the mutual-auth listener mtlsListenerId:
 *                          "none" = the listener's client CA, "cert-a" = one client CA,
 *                          "cert-a,cert-b" = several (polyClientCertificateIds)
 *   mtlsListenerId / mtlsDomain / mtlsCertificateId         (listener-emu00002 / mtls.example.com / cert-emuwild1)
 */
import * as pulumi from "@pulumi/pulumi";
import { ListenerCertificateBinding } from "pulumi-tencent-certs";

const config = new pulumi.Config();
const listenerId = config.get("listenerId") ?? "listener-emu00001";
const waitTimeoutSeconds = config.getNumber("waitTimeoutSeconds") ?? 600;

const www = new ListenerCertificateBinding("www", {
    listenerId,
    domain: config.get("wwwDomain") ?? "www.example.com",
    certificateId: config.get("wwwCertificateId") ?? "cert-emuwww01",
    waitTimeoutSeconds,
});

const api = new ListenerCertificateBinding("api", {
    listenerId,
    domain: config.get("apiDomain") ?? "api.example.com",
    certificateId: config.get("apiCertificateId") ?? "cert-emuwild1",
    waitTimeoutSeconds,
});

const clientCertificates = config.get("mtlsClientCertificates");
let mtls: ListenerCertificateBinding | undefined;
if (clientCertificates) {
    const ids = clientCertificates === "none" ? [] : clientCertificates.split(",").map((id) => id.trim());
    mtls = new ListenerCertificateBinding("mtls", {
        listenerId: config.get("mtlsListenerId") ?? "listener-emu00002",
        domain: config.get("mtlsDomain") ?? "mtls.example.com",
        certificateId: config.get("mtlsCertificateId") ?? "cert-emuwild1",
        ...(ids.length === 1 ? { clientCertificateId: ids[0] } : ids.length > 1 ? { polyClientCertificateIds: ids } : {}),
        waitTimeoutSeconds,
    });
}

export const wwwBindingId = www.id;
export const wwwCertificate = pulumi.interpolate`${www.certificateId} (${www.certificateAlias})`;
export const apiBindingId = api.id;
export const apiCertificate = pulumi.interpolate`${api.certificateId} (${api.certificateAlias})`;
export const listenerCertificateId = www.listenerCertificateId;
// Empty without mtlsClientCertificates (an undefined export would only earn "Undefined value ... will not show" from Pulumi).
export const mtlsClientCertificateIds = mtls ? mtls.polyClientCertificates.apply((certs) => certs.map((c) => c.certificateId)) : [];
