/**
 * One CsrResource, one ListenerCertificateBinding and one HostsCertificateBinding, every setting
 * from config, so the reliability suite can walk a whole lifecycle (create, in-place edits,
 * refresh, destroy) through the real dynamic-provider host by changing config between runs.
 *
 * Config (all optional): only = csr|gaap|teo (comma-separated), csrCount, csrDomain, csrEmail,
 * csrRemark, csrGenerate, keyPassword (secret), gaapListenerId, gaapCertificateId, teoHosts,
 * teoMode, teoCertIds, waitTimeoutSeconds.
 */
import * as pulumi from "@pulumi/pulumi";
import { CsrResource, HostsCertificateBinding, ListenerCertificateBinding } from "pulumi-tencent-certs";

const config = new pulumi.Config();
const only = config.get("only");
const wants = (kind: string) => only === undefined || only.split(",").includes(kind);
const waitTimeoutSeconds = config.getNumber("waitTimeoutSeconds") ?? 60;

if (wants("csr")) {
    const keyPassword = config.getSecret("keyPassword");
    const count = config.getNumber("csrCount") ?? 1;
    for (let i = 0; i < count; i++) {
        const csr = new CsrResource(`csr-${i}`, {
            domain: config.get("csrDomain") ?? `r${i}.reliability.example.com`,
            organization: "Reliability Ltd",
            department: "SRE",
            email: config.get("csrEmail") ?? "sre@example.com",
            province: "Guangdong",
            city: "Shenzhen",
            country: "CN",
            encryptAlgo: i % 2 === 0 ? "RSA" : "ECC",
            generate: config.getBoolean("csrGenerate") ?? false,
            remark: config.get("csrRemark") ?? "first",
            ...(keyPassword ? { keyPassword } : {}),
        });
        if (i === 0) {
            exports.csrId = csr.csrId;
            exports.privateKey = csr.privateKey;
        }
    }
}

if (wants("gaap")) {
    const binding = new ListenerCertificateBinding("gaap", {
        listenerId: config.get("gaapListenerId") ?? "listener-emu00001",
        domain: "www.example.com",
        certificateId: config.get("gaapCertificateId") ?? "cert-emuwww01",
        waitTimeoutSeconds,
    });
    exports.gaapCertificateId = binding.certificateId;
}

if (wants("teo")) {
    const mode = (config.get("teoMode") ?? "sslcert") as "sslcert" | "eofreecert" | "disable";
    const certIds = (config.get("teoCertIds") ?? "teo-cert-wild").split(",").filter(Boolean);
    const binding = new HostsCertificateBinding("teo", {
        zoneId: "zone-emu0example",
        hosts: (config.get("teoHosts") ?? "static.example.com").split(","),
        mode,
        ...(mode === "sslcert" ? { serverCertIds: certIds } : {}),
        deleteBehavior: "disable",
        waitTimeoutSeconds,
    });
    exports.teoMode = binding.mode;
}
