/**
 * Up to one resource of each kind, for tests/resources/preview-checks.lifecycle.test.ts. Each is
 * declared when its config is set (comma-separated lists):
 *   csrDomain                                   a CsrResource (not generated)
 *   listenerId, domain, certificateId           a ListenerCertificateBinding "gaap"
 *     clientCertificateIds                        its polyClientCertificateIds
 *   zoneId, hosts, serverCertIds                HostsCertificateBinding "teo" (mode sslcert)
 *     secondHost                                  a second binding "teo2" on that host, same certificates
 */
import * as pulumi from "@pulumi/pulumi";
import { CsrResource, HostsCertificateBinding, ListenerCertificateBinding } from "pulumi-tencent-certs";

const config = new pulumi.Config();
const list = (key: string) => (config.get(key) ?? "").split(",").filter((item) => item !== "");
const waitTimeoutSeconds = 60;

const csrDomain = config.get("csrDomain");
if (csrDomain) {
    new CsrResource("csr", {
        domain: csrDomain,
        organization: "Example Ltd",
        department: "IT",
        email: "admin@example.com",
        province: "Guangdong",
        city: "Shenzhen",
        country: "CN",
        generate: false,
    });
}

const listenerId = config.get("listenerId");
if (listenerId) {
    const clients = list("clientCertificateIds");
    new ListenerCertificateBinding("gaap", {
        listenerId,
        domain: config.require("domain"),
        certificateId: config.require("certificateId"),
        ...(clients.length ? { polyClientCertificateIds: clients } : {}),
        waitTimeoutSeconds,
    });
}

const zoneId = config.get("zoneId");
if (zoneId) {
    const serverCertIds = list("serverCertIds");
    new HostsCertificateBinding("teo", { zoneId, hosts: list("hosts"), mode: "sslcert", serverCertIds, waitTimeoutSeconds });
    const secondHost = config.get("secondHost");
    if (secondHost) {
        new HostsCertificateBinding("teo2", { zoneId, hosts: [secondHost], mode: "sslcert", serverCertIds, waitTimeoutSeconds });
    }
}
