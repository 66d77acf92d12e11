/**
 * Preview verification (provider/resources/common/verify) against a scripted API and a fake clock:
 * every verdict, the caches (calls grow with distinct accounts, listeners, zones and certificates,
 * not with resources), only-what-changed, refusals skipped with one warning, the credentials
 * probe, unknown values and the off switch.
 */
import * as assert from "node:assert/strict";
import { ReadCache } from "../../provider/resources/common/read-cache";
import {
    nameCovers,
    verifyHostsBinding,
    verifyListenerBinding,
    VerificationState,
    type HostsBindingReferences,
    type HostsVerificationDeps,
    type ListenerBindingReferences,
    type ListenerVerificationDeps,
    type ListenerView,
    type ZoneView,
} from "../../provider/resources/common/verify";
import { UNKNOWN_VALUE } from "../../provider/resources/common/wire";
import { ConfigError, CredentialsRejectedError, TencentCloudError } from "../../provider/tencentcloud/errors";
import { resolvePreviewChecks } from "../../provider/tencentcloud/settings";
import { FakeCertificateApi } from "../support/certificate-api";
import { configOf } from "../support/config-source";
import { FakeClock } from "../support/fake-clock";

const NOW = "2030-01-01T00:00:00Z";
const DAY = 86_400_000;
const inDays = (days: number): string => new Date(Date.parse(NOW) + days * DAY).toISOString();
const FAR = "2036-01-01T00:00:00Z";

type Deps = ListenerVerificationDeps & HostsVerificationDeps;

interface Harness {
    api: FakeCertificateApi;
    state: VerificationState;
    clock: FakeClock;
    listeners: Map<string, string[]>;
    zones: Map<string, string[]>;
    reads: { listener: number; zone: number };
    /** Thrown by the readers when set. */
    readerError: { listener?: Error; zone?: Error };
    deps(overrides?: Partial<Deps>): Deps;
}

/** Readers cached per id like the resources' read caches (a read in flight shared). */
function harness(): Harness {
    const api = new FakeCertificateApi();
    const clock = new FakeClock(Date.parse(NOW));
    const state = new VerificationState(clock.now);
    const listeners = new Map<string, string[]>([
        ["listener-aaaa0001", ["www.example.com", "api.example.com"]],
        ["listener-aaaa0002", ["shop.example.org"]],
    ]);
    const zones = new Map<string, string[]>([["zone-example", ["www.example.com", "api.example.com", "a.b.example.com", "example.com"]]]);
    const reads = { listener: 0, zone: 0 };
    const readerError: Harness["readerError"] = {};
    const listenerCache = new ReadCache<ListenerView>(60_000, clock.now);
    const zoneCache = new ReadCache<ZoneView>(60_000, clock.now);
    const readListener = (id: string) =>
        listenerCache.get(id, async () => {
            reads.listener++;
            if (readerError.listener) throw readerError.listener;
            return { found: listeners.has(id), domains: listeners.get(id) ?? [] };
        });
    const readZone = (id: string) =>
        zoneCache.get(id, async () => {
            reads.zone++;
            if (readerError.zone) throw readerError.zone;
            return { found: zones.has(id), hosts: zones.get(id) ?? [] };
        });
    const deps = (overrides: Partial<Deps> = {}): Deps => ({
        client: () => api,
        account: "",
        state,
        now: clock.now,
        enabled: () => true,
        expiryWarningDays: () => 30,
        readListener,
        readZone,
        ...overrides,
    });
    return { api, state, clock, listeners, zones, reads, readerError, deps };
}

function seedCertificates(h: Harness): void {
    h.api.addSsl(
        { id: "ssl-www", type: "SVR", domain: "www.example.com", sans: ["www.example.com", "example.com"], endTime: FAR },
        { id: "ssl-wild", type: "SVR", domain: "*.example.com", sans: ["*.example.com"], endTime: FAR },
        { id: "ssl-ca", type: "CA", domain: "", sans: [], endTime: FAR },
        { id: "ssl-expired", type: "SVR", domain: "www.example.com", endTime: inDays(-3) },
        { id: "ssl-status3", type: "SVR", domain: "www.example.com", endTime: FAR, status: 3 },
        { id: "ssl-pending", type: "SVR", domain: "www.example.com", endTime: FAR, status: 0 },
        { id: "ssl-revoked", type: "SVR", domain: "www.example.com", endTime: FAR, status: 10 },
        { id: "ssl-soon", type: "SVR", domain: "www.example.com", endTime: inDays(10) },
    );
    h.api.addGaap(
        { id: "cert-www", type: 2, subjectCN: "www.example.com", endTime: FAR },
        { id: "cert-wild", type: 2, subjectCN: "*.example.com", endTime: FAR },
        { id: "cert-org", type: 2, subjectCN: "example.org", endTime: FAR },
        { id: "cert-ca1", type: 1, subjectCN: "Client CA", endTime: FAR },
        { id: "cert-old", type: 2, subjectCN: "www.example.com", endTime: inDays(-1) },
        { id: "cert-soon", type: 2, subjectCN: "www.example.com", endTime: inDays(5) },
    );
}

const hostsBinding = (hosts: string[], server: string[], extra: Partial<HostsBindingReferences> = {}): HostsBindingReferences => ({
    zoneId: "zone-example",
    hosts,
    certificates: [{ property: "serverCertIds", ids: server, use: "server" }],
    ...extra,
});

const listenerBinding = (certificateId: string, extra: Partial<ListenerBindingReferences> = {}): ListenerBindingReferences => ({
    listenerId: "listener-aaaa0001",
    domain: "www.example.com",
    certificateId,
    ...extra,
});

describe("preview verification: certificate names as TLS matches them", () => {
    const cases: Array<[string, string, boolean]> = [
        ["www.example.com", "www.example.com", true],
        ["WWW.Example.COM", "www.example.com", true],
        ["www.example.com.", "www.example.com", true],
        ["*.example.com", "a.example.com", true],
        ["*.example.com", "A.EXAMPLE.com", true],
        ["*.example.com", "a.b.example.com", false],
        ["*.example.com", "example.com", false],
        ["*.example.com", ".example.com", false],
        ["*.example.com", "aexample.com", false],
        ["a*.example.com", "ab.example.com", false],
        ["*.*.example.com", "a.b.example.com", false],
        ["*.example.com", "*.example.com", true],
        ["www.example.com", "*.example.com", false],
        ["example.com", "www.example.com", false],
        ["", "example.com", false],
        ["10.0.0.1", "10.0.0.1", true],
    ];
    for (const [pattern, host, covers] of cases) {
        it(`${JSON.stringify(pattern)} ${covers ? "covers" : "does not cover"} ${JSON.stringify(host)}`, () => {
            assert.equal(nameCovers(pattern, host), covers);
        });
    }
});

describe("preview verification: HostsCertificateBinding verdicts (SSL certificates)", () => {
    let h: Harness;
    beforeEach(() => {
        h = harness();
        seedCertificates(h);
    });

    it("a covering, issued, valid server certificate passes: one probe, one zone read, one DescribeCertificates", async () => {
        const r = await verifyHostsBinding(h.deps(), hostsBinding(["www.example.com", "example.com"], ["ssl-www"]));
        assert.deepEqual(r, { failures: [], warnings: [], expiring: [] });
        assert.equal(h.api.count("DescribeCSRSet"), 1);
        assert.equal(h.api.count("DescribeCertificates", "ssl"), 1);
        assert.deepEqual(h.api.calls.find((c) => c.action === "DescribeCertificates")!.params.CertIds, ["ssl-www"]);
        assert.equal(h.reads.zone, 1);
    });

    it("a missing certificate fails naming the property, the certificate and the fix", async () => {
        const r = await verifyHostsBinding(h.deps(), hostsBinding(["www.example.com"], ["ssl-nope"]));
        assert.equal(r.failures.length, 1);
        assert.equal(r.failures[0].property, "serverCertIds");
        assert.match(r.failures[0].reason, /SSL certificate 'ssl-nope' does not exist in this account/);
        assert.match(r.failures[0].reason, /upload it in the SSL Certificates console, or fix the id in serverCertIds/);
    });

    it("an expired certificate fails (by CertEndTime, and by Status 3)", async () => {
        const r = await verifyHostsBinding(h.deps(), hostsBinding(["www.example.com"], ["ssl-expired", "ssl-status3"]));
        assert.deepEqual(
            r.failures.map((f) => f.property),
            ["serverCertIds", "serverCertIds"],
        );
        assert.match(r.failures[0].reason, /SSL certificate 'ssl-expired' expired 3 days ago \(2029-12-29T00:00:00Z\): renew it/);
        assert.match(r.failures[1].reason, /SSL certificate 'ssl-status3' expired/);
    });

    it("a certificate not issued yet, or revoked, cannot be deployed", async () => {
        const r = await verifyHostsBinding(h.deps(), hostsBinding(["www.example.com"], ["ssl-pending", "ssl-revoked"]));
        assert.match(r.failures[0].reason, /'ssl-pending' cannot be deployed \(status 0, under review\): wait until it is issued/);
        assert.match(r.failures[1].reason, /'ssl-revoked' cannot be deployed \(status 10, revoked\): use an issued certificate in serverCertIds/);
    });

    it("a CA certificate where a server certificate belongs fails, and the reverse", async () => {
        const r = await verifyHostsBinding(
            h.deps(),
            hostsBinding(["www.example.com"], ["ssl-ca"], {
                certificates: [
                    { property: "serverCertIds", ids: ["ssl-ca"], use: "server" },
                    { property: "clientCertIds", ids: ["ssl-www"], use: "ca" },
                    { property: "upstreamMutualTlsCertIds", ids: ["ssl-ca"], use: "upstreamClient" },
                    { property: "upstreamCustomCaCertIds", ids: ["ssl-ca"], use: "ca" },
                ],
            }),
        );
        assert.deepEqual(
            r.failures.map((f) => f.property),
            ["serverCertIds", "clientCertIds", "upstreamMutualTlsCertIds"],
        );
        assert.match(
            r.failures[0].reason,
            /'ssl-ca' is a CA certificate \(CertificateType CA\); serverCertIds takes a server certificate \(CertificateType SVR\)/,
        );
        assert.match(r.failures[1].reason, /'ssl-www' is a SVR certificate; clientCertIds takes a CA certificate/);
        assert.equal(h.api.count("DescribeCertificates", "ssl"), 1, "every id of one check in one call");
    });

    it("a server certificate must cover every host: Domain + SubjectAltName, one-label wildcards", async () => {
        const r = await verifyHostsBinding(
            h.deps(),
            hostsBinding(["www.example.com", "api.example.com", "a.b.example.com", "example.com"], ["ssl-wild", "ssl-www"]),
        );
        assert.equal(r.failures.length, 2);
        assert.match(
            r.failures[0].reason,
            /'ssl-wild' does not cover 'a\.b\.example\.com', 'example\.com' \(it covers \*\.example\.com; a wildcard covers one label/,
        );
        assert.match(r.failures[1].reason, /'ssl-www' does not cover 'api\.example\.com', 'a\.b\.example\.com'/);
    });

    it("a certificate expiring within expiryWarningDays is returned for the binding's expiry line (once per binding: the resource's); 0 turns it off", async () => {
        const first = await verifyHostsBinding(h.deps(), hostsBinding(["www.example.com"], ["ssl-soon"]));
        assert.deepEqual(first.failures, []);
        assert.deepEqual(first.warnings, [], "the resource words the line, as its create and diff do");
        assert.deepEqual(first.expiring, [{ property: "serverCertIds", certificateId: "ssl-soon", endTime: Date.parse("2030-01-11T00:00:00Z") }]);
        const second = await verifyHostsBinding(h.deps(), hostsBinding(["api.example.com", "www.example.com"], ["ssl-soon"]));
        assert.deepEqual(
            second.expiring.map((e) => e.certificateId),
            ["ssl-soon"],
            "another binding gets its own line",
        );
        const off = harness();
        seedCertificates(off);
        const quiet = await verifyHostsBinding(off.deps({ expiryWarningDays: () => 0 }), hostsBinding(["www.example.com"], ["ssl-soon"]));
        assert.deepEqual(quiet, { failures: [], warnings: [], expiring: [] });
    });

    it("a missing zone fails on zoneId; hosts not in the zone fail on hosts, naming the zone's hosts", async () => {
        const gone = await verifyHostsBinding(h.deps(), { zoneId: "zone-nope", hosts: ["www.example.com"] });
        assert.deepEqual(
            gone.failures.map((f) => f.property),
            ["zoneId"],
        );
        assert.match(gone.failures[0].reason, /EdgeOne zone 'zone-nope' does not exist or is not visible/);
        const missing = await verifyHostsBinding(h.deps(), { zoneId: "zone-example", hosts: ["www.example.com", "nope.example.com", "Other.example.com"] });
        assert.equal(missing.failures.length, 1);
        assert.equal(missing.failures[0].property, "hosts");
        assert.match(
            missing.failures[0].reason,
            /'nope\.example\.com', 'other\.example\.com' are not acceleration domains of zone 'zone-example' \(its hosts: a\.b\.example\.com, api\.example\.com/,
        );
    });
});

describe("preview verification: ListenerCertificateBinding verdicts (GAAP certificates)", () => {
    let h: Harness;
    beforeEach(() => {
        h = harness();
        seedCertificates(h);
    });

    it("an existing domain with a matching server certificate passes: one probe, one DescribeRules, one listing", async () => {
        const r = await verifyListenerBinding(
            h.deps(),
            listenerBinding("cert-www", { clientCertificates: { property: "polyClientCertificateIds", ids: ["cert-ca1"] } }),
        );
        assert.deepEqual(r, { failures: [], warnings: [], expiring: [] });
        assert.equal(h.reads.listener, 1);
        assert.equal(h.api.count("DescribeCertificates", "gaap"), 1);
        assert.deepEqual(h.api.gaapPageSizeSeen, [50]);
    });

    it("a missing listener fails on listenerId; a missing domain on domain, naming the listener's domains", async () => {
        const gone = await verifyListenerBinding(h.deps(), listenerBinding("default", { listenerId: "listener-nope0001" }));
        assert.deepEqual(
            gone.failures.map((f) => f.property),
            ["listenerId"],
        );
        assert.match(gone.failures[0].reason, /GAAP HTTPS listener 'listener-nope0001' does not exist/);
        const noDomain = await verifyListenerBinding(h.deps(), listenerBinding("default", { domain: "nope.example.com" }));
        assert.deepEqual(
            noDomain.failures.map((f) => f.property),
            ["domain"],
        );
        assert.match(
            noDomain.failures[0].reason,
            /domain 'nope\.example\.com' does not exist on GAAP listener 'listener-aaaa0001' \(its domains: www\.example\.com, api\.example\.com\)/,
        );
        assert.equal(h.api.count("DescribeCertificates", "gaap"), 0, "certificateId 'default' is the listener's own: not looked up");
    });

    it("a missing, wrong-type or expired certificate fails naming the property", async () => {
        const missing = await verifyListenerBinding(h.deps(), listenerBinding("cert-nope"));
        assert.match(missing.failures[0].reason, /GAAP certificate 'cert-nope' does not exist in this account .*fix the id in certificateId/);
        const ca = await verifyListenerBinding(h.deps(), listenerBinding("cert-ca1"));
        assert.equal(ca.failures[0].property, "certificateId");
        assert.match(ca.failures[0].reason, /'cert-ca1' is a client CA certificate \(type 1\); certificateId takes a server certificate \(type 2\)/);
        const server = await verifyListenerBinding(
            h.deps(),
            listenerBinding("default", { domain: "api.example.com", clientCertificates: { property: "clientCertificateId", ids: ["cert-www"] } }),
        );
        assert.equal(server.failures[0].property, "clientCertificateId");
        assert.match(server.failures[0].reason, /'cert-www' is a server certificate \(type 2\); clientCertificateId takes a client CA certificate \(type 1\)/);
        const old = await verifyListenerBinding(h.deps(), listenerBinding("cert-old"));
        assert.match(old.failures[0].reason, /GAAP certificate 'cert-old' expired 1 day ago/);
        assert.equal(h.api.count("DescribeCertificates", "gaap"), 1, "one listing per account for the run");
    });

    it("a subject CN that does not cover the domain warns (the listing has no SANs), never fails", async () => {
        const r = await verifyListenerBinding(h.deps(), listenerBinding("cert-org", { listenerId: "listener-aaaa0002", domain: "shop.example.org" }));
        assert.deepEqual(r.failures, []);
        assert.equal(r.warnings.length, 1);
        assert.match(
            r.warnings[0],
            /'cert-org' \(certificateId\) has subject CN 'example\.org', which does not cover domain 'shop\.example\.org'.*may still cover it/,
        );
        const wild = await verifyListenerBinding(h.deps(), listenerBinding("cert-wild", { domain: "api.example.com" }));
        assert.deepEqual(wild, { failures: [], warnings: [], expiring: [] });
    });

    it("GAAP bindings get expiry from the listing's EndTime: a certificate expiring soon is returned for the binding's expiry line", async () => {
        const r = await verifyListenerBinding(h.deps(), listenerBinding("cert-soon"));
        assert.deepEqual(r.failures, []);
        assert.deepEqual(r.warnings, []);
        assert.deepEqual(
            r.expiring.map((e) => [e.property, e.certificateId, new Date(e.endTime).toISOString()]),
            [["certificateId", "cert-soon", new Date(Date.parse(NOW) + 5 * DAY).toISOString()]],
        );
    });
});

describe("preview verification: calls grow with distinct objects, not resources", () => {
    it("50 new bindings on 2 listeners and 1 zone with 5 certificates: ≤ 1 + 2 + 1 + 5 calls", async () => {
        const h = harness();
        seedCertificates(h);
        h.zones.set(
            "zone-example",
            Array.from({ length: 25 }, (_, i) => `h${i}.example.com`),
        );
        const gaapCerts = ["cert-www", "cert-wild", "cert-org"];
        const sslCerts = ["ssl-wild", "ssl-soon"];
        for (let i = 0; i < 25; i++) {
            const listenerId = i % 2 === 0 ? "listener-aaaa0001" : "listener-aaaa0002";
            const domain = i % 2 === 0 ? "www.example.com" : "shop.example.org";
            await verifyListenerBinding(h.deps(), { listenerId, domain, certificateId: gaapCerts[i % 3] });
            await verifyHostsBinding(h.deps(), hostsBinding([`h${i}.example.com`], [sslCerts[i % 2]]));
        }
        const calls = h.api.calls.length + h.reads.listener + h.reads.zone;
        assert.equal(h.api.count("DescribeCSRSet"), 1, "one probe for the account");
        assert.equal(h.reads.listener, 2);
        assert.equal(h.reads.zone, 1);
        assert.equal(h.api.count("DescribeCertificates", "gaap"), 1);
        assert.equal(h.api.count("DescribeCertificates", "ssl"), 2, "one per SSL certificate, each remembered for the run");
        assert.ok(calls <= 1 + 2 + 1 + 5, `${calls} calls`);
    });

    it("an unchanged binding makes 0 calls; a changed value verifies only that value", async () => {
        const h = harness();
        seedCertificates(h);
        const hosts = hostsBinding(["www.example.com"], ["ssl-www"]);
        const listener = listenerBinding("cert-www");
        assert.deepEqual(await verifyHostsBinding(h.deps(), hosts, hosts), { failures: [], warnings: [], expiring: [] });
        assert.deepEqual(await verifyListenerBinding(h.deps(), listener, listener), { failures: [], warnings: [], expiring: [] });
        assert.equal(h.api.calls.length + h.reads.listener + h.reads.zone, 0);

        // A host added to an unchanged certificate: the zone (for the host) and that certificate (for coverage).
        const added = await verifyHostsBinding(h.deps(), hostsBinding(["www.example.com", "api.example.com"], ["ssl-www"]), hosts);
        assert.match(added.failures[0].reason, /'ssl-www' does not cover 'api\.example\.com'/);
        assert.equal(added.failures.length, 1, "www.example.com was verified before: not again");
        // A new client CA id only: the listing, no listener read.
        const before = h.reads.listener;
        await verifyListenerBinding(h.deps(), { ...listener, clientCertificates: { property: "polyClientCertificateIds", ids: ["cert-ca1"] } }, listener);
        assert.equal(h.reads.listener, before);
        assert.equal(h.api.count("DescribeCertificates", "gaap"), 1);
    });

    it("distinct certificates cost one call each; concurrent checks share the probe, the listing and ids in flight", async () => {
        const h = harness();
        seedCertificates(h);
        await Promise.all([
            verifyHostsBinding(h.deps(), hostsBinding(["www.example.com"], ["ssl-www", "ssl-wild"])),
            verifyHostsBinding(h.deps(), hostsBinding(["www.example.com"], ["ssl-wild"])),
            verifyListenerBinding(h.deps(), listenerBinding("cert-www")),
            verifyListenerBinding(h.deps(), listenerBinding("cert-wild", { domain: "api.example.com" })),
        ]);
        assert.equal(h.api.count("DescribeCSRSet"), 1);
        assert.equal(h.api.count("DescribeCertificates", "gaap"), 1);
        assert.equal(h.api.count("DescribeCertificates", "ssl"), 1, "ssl-wild was in flight for the second check");
        await verifyHostsBinding(h.deps(), hostsBinding(["example.com"], ["ssl-expired"]));
        await verifyHostsBinding(h.deps(), hostsBinding(["example.com"], ["ssl-soon"]));
        assert.equal(h.api.count("DescribeCertificates", "ssl"), 3);
    });

    it("each account has its own probe and catalogs; a failed lookup is not remembered", async () => {
        const h = harness();
        seedCertificates(h);
        await verifyHostsBinding(h.deps(), hostsBinding(["www.example.com"], ["ssl-www"]));
        await verifyHostsBinding(h.deps({ account: "ops" }), hostsBinding(["www.example.com"], ["ssl-www"]));
        assert.equal(h.api.count("DescribeCSRSet"), 2);
        assert.equal(h.api.count("DescribeCertificates", "ssl"), 2);
        h.api.failures.set("ssl.DescribeCertificates", new TencentCloudError("InternalError", "try again"));
        await assert.rejects(verifyHostsBinding(h.deps(), hostsBinding(["www.example.com"], ["ssl-wild"])), /try again/);
        h.api.failures.delete("ssl.DescribeCertificates");
        const again = await verifyHostsBinding(h.deps(), hostsBinding(["api.example.com"], ["ssl-wild"]));
        assert.deepEqual(again.failures, []);
        assert.equal(h.api.count("DescribeCertificates", "ssl"), 4);
    });
});

describe("preview verification: credentials, refusals, unknown values, the off switch", () => {
    it("a rejected key fails with the client's CredentialsRejectedError, probed once per account", async () => {
        const h = harness();
        seedCertificates(h);
        const rejected = new CredentialsRejectedError(
            "AuthFailure.SecretIdNotFound",
            "The SecretId is not found",
            "config keys tencentcloud:secretId / tencentcloud:secretKey",
        );
        h.api.failures.set("ssl.DescribeCSRSet", rejected);
        await assert.rejects(verifyHostsBinding(h.deps(), hostsBinding(["www.example.com"], ["ssl-www"])), (err) => err === rejected);
        await assert.rejects(verifyListenerBinding(h.deps(), listenerBinding("cert-www")), (err) => err === rejected);
        assert.equal(h.api.count("DescribeCSRSet"), 1);
        assert.equal(h.api.calls.length, 1, "nothing else is called with a rejected key");
    });

    it("a probe refused for lack of permission still proves the key works", async () => {
        const h = harness();
        seedCertificates(h);
        h.api.failures.set("ssl.DescribeCSRSet", new TencentCloudError("AuthFailure.UnauthorizedOperation", "not authorized"));
        const r = await verifyHostsBinding(h.deps(), hostsBinding(["www.example.com"], ["ssl-nope"]));
        assert.equal(r.failures[0].property, "serverCertIds");
    });

    for (const [service, action, code] of [
        ["ssl", "DescribeCertificates", "AuthFailure.UnauthorizedOperation"],
        ["ssl", "DescribeCertificates", "FailedOperation.CAMAuthorizedFail"],
        ["gaap", "DescribeCertificates", "UnauthorizedOperation"],
    ] as const) {
        it(`${service}.${action} refused with ${code}: one warning per run, that verification skipped, never a failure`, async () => {
            const h = harness();
            seedCertificates(h);
            h.api.failures.set(`${service}.${action}`, new TencentCloudError(code, "no permission", { requestId: "req-x" }));
            const verify = () =>
                service === "ssl"
                    ? verifyHostsBinding(h.deps(), hostsBinding(["www.example.com"], [`ssl-nope-${h.api.calls.length}`]))
                    : verifyListenerBinding(h.deps(), listenerBinding(`cert-nope-${h.api.calls.length}`));
            const first = await verify();
            assert.deepEqual(first.failures, []);
            assert.equal(first.warnings.length, 1);
            assert.match(
                first.warnings[0],
                new RegExp(`preview cannot verify .*the stack's credentials may not call ${service}:${action} \\(${code}, RequestId req-x\\)`),
            );
            assert.match(first.warnings[0], /tencentcloud:previewChecks false/);
            const calls = h.api.count(action, service);
            const second = await verify();
            assert.deepEqual(second, { failures: [], warnings: [], expiring: [] });
            assert.equal(h.api.count(action, service), calls, "skipped for the rest of the run");
        });
    }

    it("a refused listener or zone read is skipped with a warning; other read errors fail the check", async () => {
        const h = harness();
        h.readerError.listener = new TencentCloudError("AuthFailure.UnauthorizedOperation", "no");
        h.readerError.zone = new TencentCloudError("UnauthorizedOperation.CamUnauthorized", "no");
        const l = await verifyListenerBinding(h.deps(), listenerBinding("default"));
        assert.match(l.warnings[0], /cannot verify GAAP listener 'listener-aaaa0001'.*gaap:DescribeRules/);
        const z = await verifyHostsBinding(h.deps({ zoneReadAction: "DescribeHostsCertificate" }), { zoneId: "zone-example", hosts: ["www.example.com"] });
        assert.match(z.warnings[0], /cannot verify EdgeOne zone 'zone-example'.*teo:DescribeHostsCertificate \(UnauthorizedOperation\.CamUnauthorized\)/);
        const other = harness();
        other.readerError.zone = new TencentCloudError("InternalError", "boom");
        await assert.rejects(verifyHostsBinding(other.deps(), { zoneId: "zone-example", hosts: ["www.example.com"] }), /boom/);
    });

    it("values not known yet (preview placeholders) are not verified", async () => {
        const h = harness();
        seedCertificates(h);
        const r = await verifyHostsBinding(h.deps(), {
            zoneId: UNKNOWN_VALUE,
            hosts: [UNKNOWN_VALUE],
            certificates: [{ property: "serverCertIds", ids: [UNKNOWN_VALUE], use: "server" }],
        });
        const l = await verifyListenerBinding(h.deps(), { listenerId: UNKNOWN_VALUE, domain: UNKNOWN_VALUE, certificateId: UNKNOWN_VALUE });
        assert.deepEqual(
            [r, l],
            [
                { failures: [], warnings: [], expiring: [] },
                { failures: [], warnings: [], expiring: [] },
            ],
        );
        assert.equal(h.api.calls.length + h.reads.listener + h.reads.zone, 0);
    });

    it("tencentcloud:previewChecks false: nothing is verified and no call is made", async () => {
        const h = harness();
        const off = h.deps({ enabled: () => false });
        assert.deepEqual(await verifyHostsBinding(off, hostsBinding(["nope.example.com"], ["ssl-nope"])), { failures: [], warnings: [], expiring: [] });
        assert.deepEqual(await verifyListenerBinding(off, listenerBinding("cert-nope", { listenerId: "listener-nope0001" })), {
            failures: [],
            warnings: [],
            expiring: [],
        });
        assert.equal(h.api.calls.length + h.reads.listener + h.reads.zone, 0);
    });

    it("resolvePreviewChecks: default true, true/false from config or environment, anything else names the setting", () => {
        assert.equal(resolvePreviewChecks(configOf({}), {}), true);
        assert.equal(resolvePreviewChecks(configOf({ "tencentcloud:previewChecks": "false" }), {}), false);
        assert.equal(resolvePreviewChecks(configOf({}), { TENCENTCLOUD_PREVIEW_CHECKS: "FALSE" }), false);
        assert.equal(resolvePreviewChecks(configOf({ "tencentcloud:previewChecks": "true" }), { TENCENTCLOUD_PREVIEW_CHECKS: "false" }), true);
        assert.throws(
            () => resolvePreviewChecks(configOf({}), { TENCENTCLOUD_PREVIEW_CHECKS: "off" }),
            (err: unknown) =>
                err instanceof ConfigError &&
                err.setting === "TENCENTCLOUD_PREVIEW_CHECKS" &&
                /is 'off'; use true .* or false .*pulumi config set tencentcloud:previewChecks false/.test(err.message),
        );
    });
});

describe("VerificationState.unlessRefused: one refusal registry for preview checks and GAAP expiry listings", () => {
    it("a refusal is remembered per account and action (onRefused hears it once, later reads are skipped); other errors reject and are not remembered", async () => {
        const state = new VerificationState();
        const heard: string[] = [];
        let reads = 0;
        const refused = () => {
            reads++;
            return Promise.reject(new TencentCloudError("UnauthorizedOperation.CamUnauthorized", "no"));
        };
        const onRefused = (err: TencentCloudError, key: string) => heard.push(`${key} ${err.code}`);
        assert.equal(await state.unlessRefused("ops", "gaap", "DescribeCertificates", refused, onRefused), undefined);
        assert.equal(await state.unlessRefused("ops", "gaap", "DescribeCertificates", refused, onRefused), undefined);
        assert.equal(reads, 1, "the second read is skipped");
        assert.deepEqual(heard, ["ops|gaap.DescribeCertificates UnauthorizedOperation.CamUnauthorized"]);
        assert.equal(await state.unlessRefused("", "gaap", "DescribeCertificates", async () => "listed", onRefused), "listed", "another account reads");

        const throttled = () => Promise.reject(new TencentCloudError("RequestLimitExceeded", "slow down"));
        await assert.rejects(state.unlessRefused("", "ssl", "DescribeCertificates", throttled, onRefused), { code: "RequestLimitExceeded" });
        assert.equal(await state.unlessRefused("", "ssl", "DescribeCertificates", async () => 1, onRefused), 1, "not remembered");
        assert.equal(heard.length, 1);
    });
});
