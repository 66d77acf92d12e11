/**
 * Two certificate signing requests in Tencent Cloud SSL Certificates: an RSA one for the web front
 * end and an ECC one for the API. Point `tencentcloud:endpoint` at the emulator (`npm run emulator`)
 * or drop it to run against Tencent Cloud with real credentials.
 *
 * Config (all optional):
 *   baseDomain     the CSRs are for www.<baseDomain> and api.<baseDomain>   (example.com)
 *   organization   subject O of both CSRs                                    (Example Ltd)
 *   webCity        subject L of the web CSR                                  (Shenzhen)
 *   webRemark      remark of the web CSR                                     (web front end)
 *   webKeySize     2048 or 4096                                              (2048)
 *   generateWeb    generate the web CSR now (false: keep it editable)        (true)
 *   keyPassword    secret; encrypts the web CSR's private key                (none)
 */
import * as pulumi from "@pulumi/pulumi";
import { CsrResource } from "pulumi-tencent-certs";

const config = new pulumi.Config();
const baseDomain = config.get("baseDomain") ?? "example.com";
const subject = {
    organization: config.get("organization") ?? "Example Ltd",
    department: "IT",
    email: `admin@${baseDomain}`,
    province: "Guangdong",
    city: "Shenzhen",
    country: "CN",
};

const web = new CsrResource("web", {
    ...subject,
    domain: `www.${baseDomain}`,
    city: config.get("webCity") ?? subject.city,
    encryptAlgo: "RSA",
    keyParameter: (config.get("webKeySize") ?? "2048") as "2048" | "4096",
    generate: config.getBoolean("generateWeb") ?? true,
    remark: config.get("webRemark") ?? "web front end",
    keyPassword: config.getSecret("keyPassword"),
});

const api = new CsrResource("api", {
    ...subject,
    domain: `api.${baseDomain}`,
    encryptAlgo: "ECC",
    keyParameter: "prime256v1",
    remark: "API gateway",
    tags: { env: "demo" },
});

export const webCsrId = web.csrId;
export const webStatus = web.status;
export const webCsr = web.csr;
export const webPrivateKey = pulumi.secret(web.privateKey);
export const apiCsrId = api.csrId;
export const apiStatus = api.status;
export const apiCsr = api.csr;
export const apiPrivateKey = pulumi.secret(api.privateKey);
