/**
 * Preview verification against the emulator: the project's real client, the resources' real read
 * caches (ListenerCoordinator, ZoneReader) as the readers, and the real ssl/gaap DescribeCertificates
 * answers. Verdicts on the seeded objects, the calls each check makes (from the emulator's log),
 * a rejected key, a refused read and a second account.
 */
import * as assert from "node:assert/strict";
import { DEMO_CREDENTIALS, SECOND_ACCOUNT_CREDENTIALS, SECOND_ACCOUNT_SEED, startEmulator, type Emulator } from "../../emulator";
import {
    verifyHostsBinding,
    verifyListenerBinding,
    VerificationState,
    type HostsVerificationDeps,
    type ListenerVerificationDeps,
} from "../../provider/resources/common/verify";
import { ZoneReader } from "../../provider/resources/hosts-certificate-binding/remote";
import { ListenerCoordinator } from "../../provider/resources/listener-certificate-binding/remote";
import { CredentialsRejectedError } from "../../provider/tencentcloud/errors";
import { listGaapCertificates } from "../../provider/tencentcloud/services/gaap";
import { describeSslCertificates } from "../../provider/tencentcloud/services/ssl";
import type { TencentCloudApi } from "../../provider/tencentcloud/types";
import { emulatorClient, testClient } from "../support/emulator-client";
import { listenerReader, zoneReader } from "../support/preview-readers";

type Deps = ListenerVerificationDeps & HostsVerificationDeps;

/** Deps over one client, with the resources' read caches as readers (as check will wire them). */
function depsFor(api: TencentCloudApi, state: VerificationState, account = ""): Deps {
    // The client signs with the real clock, so the emulator and the verification use it too.
    const now = Date.now;
    return {
        client: () => api,
        account,
        state,
        now,
        enabled: () => true,
        expiryWarningDays: () => 30,
        readListener: listenerReader(new ListenerCoordinator({ client: () => api, now })),
        readZone: zoneReader(new ZoneReader(() => api, now, 60_000)),
    };
}

describe("preview verification against the emulator", function () {
    this.timeout(30_000);
    let emu: Emulator;
    let state: VerificationState;
    let deps: Deps;
    const actions = () => emu.log.map((e) => `${e.service}.${e.action}`);

    before(async () => {
        emu = await startEmulator({
            rateLimits: false,
            credentials: [DEMO_CREDENTIALS, SECOND_ACCOUNT_CREDENTIALS],
            accountSeeds: { [SECOND_ACCOUNT_CREDENTIALS.ownerUin]: SECOND_ACCOUNT_SEED },
        });
    });
    after(() => emu.close());
    beforeEach(() => {
        emu.admin.reset();
        state = new VerificationState();
        deps = depsFor(emulatorClient(emu), state);
    });

    it("GAAP: the seeded listener, domains and certificates; one probe, one DescribeRules per listener, one listing", async () => {
        const ok = await verifyListenerBinding(deps, { listenerId: "listener-emu00001", domain: "www.example.com", certificateId: "cert-emuwww01" });
        assert.deepEqual(ok, { failures: [], warnings: [], expiring: [] });
        const org = await verifyListenerBinding(deps, { listenerId: "listener-emu00001", domain: "shop.example.org", certificateId: "cert-emuorg01" });
        assert.deepEqual(org.failures, []);
        assert.match(org.warnings[0], /subject CN 'example\.org', which does not cover domain 'shop\.example\.org'/);
        const mtls = await verifyListenerBinding(deps, {
            listenerId: "listener-emu00002",
            domain: "mtls.example.com",
            certificateId: "cert-emuca001",
            clientCertificates: { property: "polyClientCertificateIds", ids: ["cert-emuca002", "cert-emuwild1"] },
        });
        assert.deepEqual(
            mtls.failures.map((f) => f.property),
            ["certificateId", "polyClientCertificateIds"],
        );
        assert.match(mtls.failures[0].reason, /'cert-emuca001' is a client CA certificate \(type 1\)/);
        assert.match(mtls.failures[1].reason, /'cert-emuwild1' is a server certificate \(type 2\)/);
        const missing = await verifyListenerBinding(deps, { listenerId: "listener-emu09999", domain: "www.example.com", certificateId: "cert-nope0001" });
        assert.deepEqual(
            missing.failures.map((f) => f.property),
            ["listenerId", "certificateId"],
        );
        assert.deepEqual(actions().sort(), [
            "gaap.DescribeCertificates",
            "gaap.DescribeRules",
            "gaap.DescribeRules",
            "gaap.DescribeRules",
            "ssl.DescribeCSRSet",
        ]);
    });

    it("GAAP expiry from the listing's EndTime: expired fails, expiring is returned for the binding's line", async () => {
        emu.admin.setCertificateExpiry({ certId: "cert-emuwww01", expiresInDays: -2 });
        emu.admin.setCertificateExpiry({ certId: "cert-emuwild1", expiresInDays: 12 });
        const old = await verifyListenerBinding(deps, { listenerId: "listener-emu00001", domain: "www.example.com", certificateId: "cert-emuwww01" });
        assert.match(old.failures[0].reason, /GAAP certificate 'cert-emuwww01' expired 2 days ago \(\d{4}-\d\d-\d\dT[\d:]+Z\)/);
        const soon = await verifyListenerBinding(deps, { listenerId: "listener-emu00001", domain: "api.example.com", certificateId: "cert-emuwild1" });
        assert.deepEqual(soon.failures, []);
        assert.deepEqual(
            soon.expiring.map((e) => [e.property, e.certificateId, Math.round((e.endTime - Date.now()) / 86_400_000)]),
            [["certificateId", "cert-emuwild1", 12]],
        );
    });

    it("TEO: the SSL store TEO deploys from; coverage, expiry, type, zone and hosts; one DescribeCertificates per check", async () => {
        const binding = (hosts: string[], server: string[], extra: object = {}) => ({
            zoneId: "zone-emu0example",
            hosts,
            certificates: [{ property: "serverCertIds", ids: server, use: "server" as const }],
            ...extra,
        });
        assert.deepEqual(await verifyHostsBinding(deps, binding(["www.example.com", "api.example.com"], ["teo-cert-wild"])), {
            failures: [],
            warnings: [],
            expiring: [],
        });
        const bad = await verifyHostsBinding(
            deps,
            binding(["www.example.com", "nope.example.com"], ["teo-cert-net", "teo-cert-expired", "teo-cert-ca", "teo-cert-nope"], {
                certificates: [
                    { property: "serverCertIds", ids: ["teo-cert-net", "teo-cert-expired", "teo-cert-ca", "teo-cert-nope"], use: "server" },
                    { property: "clientCertIds", ids: ["teo-cert-ca"], use: "ca" },
                ],
            }),
        );
        const reasons = bad.failures.map((f) => `${f.property}: ${f.reason}`);
        assert.ok(
            reasons.some((r) => /^hosts: 'nope\.example\.com' is not an acceleration domain of zone 'zone-emu0example'/.test(r)),
            reasons.join("\n"),
        );
        assert.ok(reasons.some((r) => /^serverCertIds: SSL certificate 'teo-cert-net' does not cover 'www\.example\.com', 'nope\.example\.com'/.test(r)));
        assert.ok(reasons.some((r) => /^serverCertIds: SSL certificate 'teo-cert-expired' expired/.test(r)));
        assert.ok(reasons.some((r) => /^serverCertIds: SSL certificate 'teo-cert-ca' is a CA certificate/.test(r)));
        assert.ok(reasons.some((r) => /^serverCertIds: SSL certificate 'teo-cert-nope' does not exist in this account/.test(r)));
        assert.equal(reasons.filter((r) => r.startsWith("clientCertIds")).length, 0, "a CA certificate is right for clientCertIds");
        const gone = await verifyHostsBinding(deps, { zoneId: "zone-emu0nothere", hosts: ["www.example.com"] });
        assert.deepEqual(
            gone.failures.map((f) => f.property),
            ["zoneId"],
        );
        const sslCalls = emu.log.filter((e) => e.service === "ssl" && e.action === "DescribeCertificates");
        assert.equal(sslCalls.length, 2, "one call per check for the ids it did not know yet");
        assert.deepEqual(sslCalls[1].params.CertIds, ["teo-cert-net", "teo-cert-expired", "teo-cert-ca", "teo-cert-nope"]);
        assert.equal(actions().filter((a) => a === "ssl.DescribeCSRSet").length, 1);
        assert.equal(actions().filter((a) => a === "teo.DescribeAccelerationDomains").length, 2, "one per zone");
    });

    it("an SSL certificate expiring within expiryWarningDays is returned for the binding's line", async () => {
        emu.admin.setCertificateExpiry({ certId: "teo-cert-www", expiresInDays: 20 });
        const r = await verifyHostsBinding(deps, {
            zoneId: "zone-emu0example",
            hosts: ["www.example.com"],
            certificates: [{ property: "serverCertIds", ids: ["teo-cert-www"], use: "server" }],
        });
        assert.deepEqual(r.failures, []);
        assert.deepEqual(
            r.expiring.map((e) => [e.property, e.certificateId, Math.round((e.endTime - Date.now()) / 86_400_000)]),
            [["serverCertIds", "teo-cert-www", 20]],
        );
    });

    it("a rejected secret key fails with CredentialsRejectedError naming where the key came from, after one call", async () => {
        const wrong = testClient(emu, { credential: { ...DEMO_CREDENTIALS, secretKey: "not-the-emulator-key-0000000000000" } });
        const bad = depsFor(wrong, state, "wrong");
        await assert.rejects(
            verifyHostsBinding(bad, { zoneId: "zone-emu0example", hosts: ["www.example.com"] }),
            (err: unknown) =>
                err instanceof CredentialsRejectedError &&
                /Pulumi config tencentcloud:secretId/.test(err.message) &&
                !err.message.includes("not-the-emulator-key"),
        );
        await assert.rejects(verifyListenerBinding(bad, { listenerId: "listener-emu00001", domain: "www.example.com" }), CredentialsRejectedError);
        assert.deepEqual(actions(), ["ssl.DescribeCSRSet"]);
    });

    it("a sub-account refused DescribeCertificates gets one warning and no failure (the check still verifies the zone)", async () => {
        emu.admin.setFaults({
            faults: {
                seed: 1,
                rules: [{ service: "ssl", action: "DescribeCertificates", kind: "internalError", code: "AuthFailure.UnauthorizedOperation", probability: 1 }],
            },
        });
        const binding = (host: string) => ({
            zoneId: "zone-emu0example",
            hosts: [host],
            certificates: [{ property: "serverCertIds", ids: ["teo-cert-nope"], use: "server" as const }],
        });
        const first = await verifyHostsBinding(deps, binding("nope.example.com"));
        assert.deepEqual(
            first.failures.map((f) => f.property),
            ["hosts"],
        );
        assert.equal(first.warnings.length, 1);
        assert.match(first.warnings[0], /may not call ssl:DescribeCertificates \(AuthFailure\.UnauthorizedOperation, RequestId /);
        const second = await verifyHostsBinding(deps, binding("www.example.com"));
        assert.deepEqual(second, { failures: [], warnings: [], expiring: [] });
        assert.equal(actions().filter((a) => a === "ssl.DescribeCertificates").length, 1);
    });

    it("a second account has its own probe and sees only its own certificates", async () => {
        const other = depsFor(testClient(emu, { credential: SECOND_ACCOUNT_CREDENTIALS }), state, "account2");
        const r = await verifyHostsBinding(other, {
            zoneId: "zone-emu2example",
            hosts: ["www.example.com"],
            certificates: [{ property: "serverCertIds", ids: ["teo-cert-2-www", "teo-cert-www"], use: "server" }],
        });
        assert.equal(r.failures.length, 1);
        assert.match(r.failures[0].reason, /^SSL certificate 'teo-cert-www' does not exist in this account/);
        await verifyHostsBinding(deps, { zoneId: "zone-emu0example", hosts: ["www.example.com"] });
        assert.deepEqual(
            emu.log.filter((e) => e.action === "DescribeCSRSet").map((e) => e.ownerUin),
            [SECOND_ACCOUNT_CREDENTIALS.ownerUin, DEMO_CREDENTIALS.ownerUin],
        );
    });

    describe("the typed calls", () => {
        it("listGaapCertificates reads every page at 50 per call, pages after the first at once", async () => {
            for (let i = 0; i < 120; i++) {
                emu.admin.addGaapCertificate({
                    certificate: {
                        CertificateId: `cert-page${i}`,
                        CertificateAlias: `p${i}`,
                        CertificateType: 2,
                        Domains: [`p${i}.example.com`],
                        ExpireTime: "2031-01-01T00:00:00Z",
                    },
                });
            }
            const all = await listGaapCertificates(emulatorClient(emu));
            assert.equal(all.length, 125);
            assert.equal(new Set(all.map((c) => c.CertificateId)).size, 125);
            const calls = emu.log.filter((e) => e.action === "DescribeCertificates");
            assert.deepEqual(
                calls.map((e) => [e.params.Offset, e.params.Limit]),
                [
                    [0, 50],
                    [50, 50],
                    [100, 50],
                ],
            );
        });

        it("describeSslCertificates asks for up to 1000 ids per call and lists only the ones that exist", async () => {
            const ids = ["teo-cert-www", ...Array.from({ length: 1200 }, (_, i) => `nope-${i}`), "teo-cert-ca", "teo-cert-www"];
            const found = await describeSslCertificates(emulatorClient(emu), ids);
            assert.deepEqual(found.map((c) => c.CertificateId).sort(), ["teo-cert-ca", "teo-cert-www"]);
            const calls = emu.log.filter((e) => e.action === "DescribeCertificates");
            assert.deepEqual(
                calls.map((e) => (e.params.CertIds as string[]).length),
                [1000, 202],
            );
            assert.ok(calls.every((e) => e.params.Limit === (e.params.CertIds as string[]).length));
        });
    });
});
