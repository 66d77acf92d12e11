import { DEFAULT_OWNER_UIN } from "./accounts";
import type { EmulatorCredential, EmulatorSeed } from "./types";

/**
 * The demo key pair the emulator accepts by default. Not a real Tencent Cloud credential; it only
 * opens the local emulator. Use it with `endpoint` pointing at the emulator URL.
 */
export const DEMO_CREDENTIALS: Readonly<EmulatorCredential> = Object.freeze({
    secretId: "AKIDEMULATOR0000000000000000000000DEMO",
    secretKey: "emulator-demo-secret-key-000000000",
    ownerUin: DEFAULT_OWNER_UIN,
});

/**
 * A key pair of a second account, for tests of one program managing two accounts. Not accepted
 * unless passed in `credentials` (e.g. `[DEMO_CREDENTIALS, SECOND_ACCOUNT_CREDENTIALS]`).
 */
export const SECOND_ACCOUNT_CREDENTIALS: Readonly<EmulatorCredential> & { ownerUin: string } = Object.freeze({
    secretId: "AKIDEMULATOR000000000000000000ACCOUNT2",
    secretKey: "emulator-second-account-key-000000",
    ownerUin: "200000000002",
});

const FAR_FUTURE = "2036-01-01T00:00:00Z";

/**
 * Default seed. Ids are stable: tests and examples of other modules rely on them (see README).
 */
export const DEFAULT_SEED: EmulatorSeed = {
    gaap: {
        proxies: [
            { ProxyId: "link-emu00001", ProxyName: "demo-proxy", Version: "3.0", GroupId: null },
            { ProxyId: "link-emu00002", ProxyName: "legacy-proxy", Version: "2.0", GroupId: null },
        ],
        certificates: [
            {
                CertificateId: "cert-emuwww01",
                CertificateAlias: "www-example-com",
                CertificateType: 2,
                Domains: ["www.example.com", "example.com"],
                ExpireTime: FAR_FUTURE,
            },
            {
                CertificateId: "cert-emuwild1",
                CertificateAlias: "wildcard-example-com",
                CertificateType: 2,
                Domains: ["*.example.com"],
                ExpireTime: FAR_FUTURE,
            },
            {
                CertificateId: "cert-emuorg01",
                CertificateAlias: "example-org",
                CertificateType: 2,
                Domains: ["example.org", "*.example.org"],
                ExpireTime: FAR_FUTURE,
            },
            { CertificateId: "cert-emuca001", CertificateAlias: "client-ca-1", CertificateType: 1, Domains: [], ExpireTime: FAR_FUTURE },
            { CertificateId: "cert-emuca002", CertificateAlias: "client-ca-2", CertificateType: 1, Domains: [], ExpireTime: FAR_FUTURE },
        ],
        listeners: [
            {
                ListenerId: "listener-emu00001",
                ListenerName: "https-443",
                ProxyId: "link-emu00001",
                Port: 443,
                CertificateId: "cert-emuwild1",
                AuthType: 0,
                Domains: [
                    { Domain: "www.example.com", CertificateId: "default" },
                    { Domain: "api.example.com", CertificateId: "cert-emuwild1" },
                    { Domain: "shop.example.org", CertificateId: "cert-emuorg01" },
                ],
            },
            {
                ListenerId: "listener-emu00002",
                ListenerName: "https-mtls-8443",
                ProxyId: "link-emu00001",
                Port: 8443,
                CertificateId: "cert-emuwild1",
                ClientCertificateId: "cert-emuca001",
                AuthType: 1,
                Domains: [{ Domain: "mtls.example.com", CertificateId: "default", ClientCertificateId: "default" }],
            },
            {
                ListenerId: "listener-emu00003",
                ListenerName: "legacy-443",
                ProxyId: "link-emu00002",
                Port: 443,
                CertificateId: "cert-emuwww01",
                AuthType: 0,
                Domains: [{ Domain: "www.example.com", CertificateId: "default" }],
            },
        ],
    },
    teo: {
        certificates: [
            {
                CertId: "teo-cert-www",
                Alias: "www.example.com",
                Type: "upload",
                Kind: "server",
                Domains: ["www.example.com", "example.com"],
                ExpireTime: FAR_FUTURE,
                SignAlgo: "RSA 2048",
            },
            {
                CertId: "teo-cert-wild",
                Alias: "*.example.com",
                Type: "upload",
                Kind: "server",
                Domains: ["*.example.com", "example.com"],
                ExpireTime: FAR_FUTURE,
                SignAlgo: "ECC 256",
            },
            {
                CertId: "teo-cert-net",
                Alias: "*.example.net",
                Type: "managed",
                Kind: "server",
                Domains: ["*.example.net", "example.net"],
                ExpireTime: FAR_FUTURE,
                SignAlgo: "RSA 2048",
            },
            {
                CertId: "teo-cert-expired",
                Alias: "expired www",
                Type: "upload",
                Kind: "server",
                Domains: ["www.example.com"],
                ExpireTime: "2020-01-01T00:00:00Z",
                SignAlgo: "RSA 2048",
            },
            { CertId: "teo-cert-ca", Alias: "client CA", Type: "upload", Kind: "ca", Domains: [], ExpireTime: FAR_FUTURE, SignAlgo: "RSA 2048" },
        ],
        zones: [
            {
                ZoneId: "zone-emu0example",
                ZoneName: "example.com",
                hosts: [
                    { DomainName: "www.example.com", Mode: "sslcert", CertIds: ["teo-cert-www"] },
                    { DomainName: "api.example.com", Mode: "eofreecert" },
                    { DomainName: "static.example.com", Mode: "disable" },
                    { DomainName: "offline.example.com", Mode: "disable", DomainStatus: "offline" },
                ],
            },
            {
                ZoneId: "zone-emu00000net",
                ZoneName: "example.net",
                hosts: Array.from({ length: 25 }, (_, i) => ({ DomainName: `h${String(i + 1).padStart(2, "0")}.example.net`, Mode: "disable" as const })),
            },
        ],
    },
};

/**
 * GAAP/TEO data for a second account (`accountSeeds: { [SECOND_ACCOUNT_CREDENTIALS.ownerUin]:
 * SECOND_ACCOUNT_SEED }`). Ids differ from DEFAULT_SEED's (ids are global); the domain names are
 * the same, so a test can tell the accounts apart only by where a change lands.
 */
export const SECOND_ACCOUNT_SEED: EmulatorSeed = {
    gaap: {
        proxies: [{ ProxyId: "link-emu20001", ProxyName: "account2-proxy", Version: "3.0", GroupId: null }],
        certificates: [
            {
                CertificateId: "cert-emu2www1",
                CertificateAlias: "account2-www-example-com",
                CertificateType: 2,
                Domains: ["www.example.com", "example.com"],
                ExpireTime: FAR_FUTURE,
            },
            {
                CertificateId: "cert-emu2wild",
                CertificateAlias: "account2-wildcard-example-com",
                CertificateType: 2,
                Domains: ["*.example.com"],
                ExpireTime: FAR_FUTURE,
            },
        ],
        listeners: [
            {
                ListenerId: "listener-emu20001",
                ListenerName: "account2-https-443",
                ProxyId: "link-emu20001",
                Port: 443,
                CertificateId: "cert-emu2wild",
                AuthType: 0,
                Domains: [
                    { Domain: "www.example.com", CertificateId: "default" },
                    { Domain: "api.example.com", CertificateId: "cert-emu2wild" },
                ],
            },
        ],
    },
    teo: {
        certificates: [
            {
                CertId: "teo-cert-2-www",
                Alias: "account2 www.example.com",
                Type: "upload",
                Kind: "server",
                Domains: ["www.example.com", "example.com"],
                ExpireTime: FAR_FUTURE,
                SignAlgo: "RSA 2048",
            },
            {
                CertId: "teo-cert-2-wild",
                Alias: "account2 *.example.com",
                Type: "upload",
                Kind: "server",
                Domains: ["*.example.com", "example.com"],
                ExpireTime: FAR_FUTURE,
                SignAlgo: "ECC 256",
            },
        ],
        zones: [
            {
                ZoneId: "zone-emu2example",
                ZoneName: "example.com",
                hosts: [
                    { DomainName: "www.example.com", Mode: "sslcert", CertIds: ["teo-cert-2-www"] },
                    { DomainName: "static.example.com", Mode: "disable" },
                ],
            },
        ],
    },
};
