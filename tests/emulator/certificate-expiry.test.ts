/**
 * Certificates with settable expiry (issue 15 item 2, emulator part): the admin call
 * setCertificateExpiry, programmatic and over POST /_emulator/setCertificateExpiry, and the describe
 * answers that carry the expiry exactly where the reference puts it:
 * - teo 2022-09-01 DescribeAccelerationDomains: AccelerationDomains[].Certificate.List[].ExpireTime
 *   (and ClientCertInfo.CertInfos[], UpstreamCertInfo.UpstreamMutualTLS.CertInfos[],
 *   UpstreamCertInfo.UpstreamCertificateVerify.CustomCACerts[]), CertificateInfo, datetime_iso;
 * - teo 2022-01-06 DescribeHostsCertificate: Hosts[].CertInfo[].ExpireTime (ServerCertInfo).
 * GAAP: no call in the reference returns a certificate's expiry (DescribeRules and
 * DescribeHTTPSListeners carry ids and aliases only), so nothing GAAP answers changes.
 */
import { strict as assert } from "node:assert";
import { startEmulator, type Emulator } from "../../emulator";
import { adminPost, call, codeOf } from "../support/raw-api-call";

const Z = "zone-emu0example";
const V1 = { version: "2022-01-06" };
const DAY = 86400_000;
const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/;

describe("emulator: certificates with settable expiry (setCertificateExpiry)", () => {
    let emu: Emulator;
    // A fixed emulator clock near the real one (requests are signed with the real time, ±300 s).
    const now = Math.floor(Date.now() / 1000) * 1000;
    const inDays = (days: number) => new Date(now + days * DAY).toISOString().replace(".000Z", "Z");
    before(async () => {
        emu = await startEmulator({ port: 0, rateLimits: false, clock: () => now, teoDeployDelayMs: 0 });
    });
    after(() => emu.close());
    beforeEach(() => emu.admin.reset());

    const domain = async (host: string) =>
        (await call(emu.url, "teo", "DescribeAccelerationDomains", { ZoneId: Z, Filters: [{ Name: "domain-name", Values: [host] }] })).AccelerationDomains[0];
    const hostV1 = async (host: string) =>
        (await call(emu.url, "teo", "DescribeHostsCertificate", { ZoneId: Z, Filters: [{ Name: "host", Values: [host] }] }, V1)).Hosts[0];

    it("sets a TEO certificate's expiry by days from the emulator clock; both API versions answer it as datetime_iso", async () => {
        const at = emu.admin.setCertificateExpiry({ certId: "teo-cert-www", expiresInDays: 10 });
        assert.equal(at, inDays(10));
        const d = await domain("www.example.com");
        assert.deepEqual(
            d.Certificate.List.map((c: any) => [c.CertId, c.ExpireTime]),
            [["teo-cert-www", at]],
        );
        const v1 = await hostV1("www.example.com");
        assert.deepEqual(
            v1.CertInfo.map((c: any) => [c.CertId, c.ExpireTime]),
            [["teo-cert-www", at]],
        );
        // 2022-01-06 ServerCertInfo as the international SDK models it: no SignAlgo (that is 2022-09-01's CertificateInfo).
        assert.deepEqual(Object.keys(v1.CertInfo[0]).sort(), ["Alias", "CertId", "DeployTime", "ExpireTime", "Status", "Type"]);
        assert.match(v1.CertInfo[0].ExpireTime, ISO);
    });

    it("takes an ISO time (normalized to whole seconds), and a past one: shown as is, refused for new deployments", async () => {
        assert.equal(emu.admin.setCertificateExpiry({ certId: "teo-cert-wild", expireTime: "2026-11-30T12:34:56.789Z" }), "2026-11-30T12:34:56Z");
        // Already deployed on nothing; deploying it now is refused as the API refuses an expired certificate.
        const refused = await call(emu.url, "teo", "ModifyHostsCertificate", {
            ZoneId: Z,
            Hosts: ["static.example.com"],
            Mode: "sslcert",
            ServerCertInfo: [{ CertId: "teo-cert-wild" }],
        });
        assert.equal(codeOf(refused), "FailedOperation.CertificateHasExpired");
        // A host that already serves a certificate keeps showing it after it expires.
        emu.admin.setCertificateExpiry({ certId: "teo-cert-www", expiresInDays: -2 });
        const d = await domain("www.example.com");
        assert.equal(d.Certificate.List[0].ExpireTime, inDays(-2));
        assert.equal(d.Certificate.List[0].Status, "deployed");
    });

    it("shows the expiry of mutual-TLS CA certificates in ClientCertInfo and the upstream lists too", async () => {
        emu.admin.setCertificateExpiry({ certId: "teo-cert-ca", expiresInDays: 5 });
        const ok = await call(emu.url, "teo", "ModifyHostsCertificate", {
            ZoneId: Z,
            Hosts: ["www.example.com"],
            ClientCertInfo: { Switch: "on", CertInfos: [{ CertId: "teo-cert-ca" }] },
            UpstreamCertInfo: { UpstreamCertificateVerify: { VerificationMode: "custom_ca", CustomCACerts: [{ CertId: "teo-cert-ca" }] } },
        });
        assert.equal(codeOf(ok), "OK", JSON.stringify(ok));
        const d = await domain("www.example.com");
        assert.deepEqual(
            d.Certificate.ClientCertInfo.CertInfos.map((c: any) => [c.CertId, c.ExpireTime]),
            [["teo-cert-ca", inDays(5)]],
        );
        assert.deepEqual(
            d.Certificate.UpstreamCertInfo.UpstreamCertificateVerify.CustomCACerts.map((c: any) => c.ExpireTime),
            [inDays(5)],
        );
    });

    it("sets a free certificate's expiry (teo-free-<host>); the next deployment re-issues it", async () => {
        const free = "teo-free-api.example.com";
        assert.equal((await domain("api.example.com")).Certificate.List[0].CertId, free);
        const at = emu.admin.setCertificateExpiry({ certId: free, expiresInDays: 3 });
        assert.equal((await domain("api.example.com")).Certificate.List[0].ExpireTime, at);
        assert.equal((await hostV1("api.example.com")).CertInfo[0].ExpireTime, at);
        const redeploy = await call(emu.url, "teo", "ModifyHostsCertificate", { ZoneId: Z, Hosts: ["api.example.com"], Mode: "eofreecert" });
        assert.equal(codeOf(redeploy), "OK");
        assert.equal((await domain("api.example.com")).Certificate.List[0].ExpireTime, inDays(90), "DeployTime + 90 days");
        // A host not using a free certificate has none to set.
        assert.throws(() => emu.admin.setCertificateExpiry({ certId: "teo-free-static.example.com", expiresInDays: 1 }), /no TEO or GAAP certificate/);
    });

    it("keeps a GAAP certificate's expiry in state; no GAAP answer carries it (none does in the reference)", async () => {
        const at = emu.admin.setCertificateExpiry({ certId: "cert-emuwww01", expiresInDays: 7 });
        assert.equal(emu.state.gaap.certificates["cert-emuwww01"].ExpireTime, at);
        const rules = await call(emu.url, "gaap", "DescribeRules", { ListenerId: "listener-emu00001" });
        assert.ok(!JSON.stringify(rules).includes("ExpireTime"));
    });

    it("over HTTP: POST /_emulator/setCertificateExpiry answers {ok, result}; bad arguments and unknown ids answer 400", async () => {
        const r = await adminPost(emu.url, "setCertificateExpiry", { certId: "teo-cert-net", expireTime: "2027-01-15T00:00:00Z" });
        assert.equal(r.status, 200);
        assert.deepEqual(r.json, { ok: true, result: "2027-01-15T00:00:00Z" });
        assert.equal(emu.state.ssl.certificates["teo-cert-net"].ExpireTime, "2027-01-15T00:00:00Z");
        const state = (await (await fetch(`${emu.url}/_emulator/state`)).json()) as any;
        assert.equal(state.ssl.certificates["teo-cert-net"].ExpireTime, "2027-01-15T00:00:00Z");

        for (const [body, message] of [
            [{ certId: "teo-cert-nope", expiresInDays: 1 }, /no TEO or GAAP certificate teo-cert-nope/],
            [{ certId: "teo-cert-net" }, /exactly one of expireTime/],
            [{ certId: "teo-cert-net", expireTime: "2027-01-01T00:00:00Z", expiresInDays: 1 }, /exactly one of expireTime/],
            [{ certId: "teo-cert-net", expireTime: "next tuesday" }, /expireTime must be an ISO 8601 time/],
            [{ certId: "teo-cert-net", expiresInDays: "5" }, /expiresInDays must be a number/],
        ] as const) {
            const bad = await adminPost(emu.url, "setCertificateExpiry", body);
            assert.equal(bad.status, 400, JSON.stringify(body));
            assert.match(bad.json.error, message);
        }
        assert.equal(emu.state.ssl.certificates["teo-cert-net"].ExpireTime, "2027-01-15T00:00:00Z", "a refused call changes nothing");
    });

    it("reset restores the seeded expiry", async () => {
        emu.admin.setCertificateExpiry({ certId: "teo-cert-www", expiresInDays: 1 });
        emu.admin.reset();
        assert.equal((await domain("www.example.com")).Certificate.List[0].ExpireTime, "2036-01-01T00:00:00Z");
    });
});
