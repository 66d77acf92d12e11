/**
 * Config (key → effect):
 *   awayProfile   profile of the second account's resources (default "second")
 *   awayRegion    region of the second account's resources (unset: none sent)
 *   homeRegion    region of the default account's CSR "home-api" (unset: none)
 *   bindings      "false": no GAAP/TEO bindings
 */
import * as pulumi from "@pulumi/pulumi";
import { CsrResource, HostsCertificateBinding, ListenerCertificateBinding } from "pulumi-tencent-certs";

const config = new pulumi.Config();
const away = { profile: config.get("awayProfile") ?? "second", region: config.get("awayRegion") };
const subject = {
    organization: "Example Ltd",
    department: "IT",
    email: "admin@example.com",
    province: "Guangdong",
    city: "Shenzhen",
    country: "CN",
    generate: false,
};

const homeWeb = new CsrResource("home-web", { ...subject, domain: "home-web.example.com" });
const homeApi = new CsrResource("home-api", { ...subject, domain: "home-api.example.com", region: config.get("homeRegion") });
const awayWeb = new CsrResource("away-web", { ...subject, domain: "away-web.example.com", ...away });
const awayApi = new CsrResource("away-api", { ...subject, domain: "away-api.example.com", generate: true, ...away });

if (config.get("bindings") !== "false") {
    new ListenerCertificateBinding("home-gaap", { listenerId: "listener-emu00001", domain: "www.example.com", certificateId: "cert-emuwild1" });
    new ListenerCertificateBinding("away-gaap", { listenerId: "listener-emu20001", domain: "www.example.com", certificateId: "cert-emu2wild", ...away });
    new HostsCertificateBinding("home-teo", {
        zoneId: "zone-emu0example",
        hosts: ["static.example.com"],
        mode: "sslcert",
        serverCertIds: ["teo-cert-wild"],
        waitTimeoutSeconds: 60,
    });
    new HostsCertificateBinding("away-teo", {
        zoneId: "zone-emu2example",
        hosts: ["static.example.com"],
        mode: "sslcert",
        serverCertIds: ["teo-cert-2-wild"],
        waitTimeoutSeconds: 60,
        ...away,
    });
}

export const csrIds = { homeWeb: homeWeb.csrId, homeApi: homeApi.csrId, awayWeb: awayWeb.csrId, awayApi: awayApi.csrId };
export const awayApiPrivateKey = awayApi.privateKey;
