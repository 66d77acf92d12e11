import { strict as assert } from "node:assert";
import { startEmulator, type Emulator } from "../../emulator";
import { call, codeOf } from "../support/raw-api-call";

const L1 = "listener-emu00001";
const modify = (url: string, p: object) =>
    call(url, "gaap", "ModifyCertificate", { ListenerId: L1, Domain: "api.example.com", CertificateId: "cert-emuwww01", ...p });
const rulesOf = async (url: string, listenerId = L1) => (await call(url, "gaap", "DescribeRules", { ListenerId: listenerId })).DomainRuleSet as any[];

describe("emulator: GAAP listener certificates (2018-05-29)", () => {
    let emu: Emulator;
    let now = Date.now();
    before(async () => {
        emu = await startEmulator({ port: 0, rateLimits: false, clock: () => now, gaapApplyDelayMs: 2000 });
    });
    after(() => emu.close());
    beforeEach(() => {
        emu.admin.reset();
    });
    const ts = () => ({ timestamp: Math.floor(now / 1000) });

    it("DescribeRules returns the full DomainRuleSet shape for the seeded listener", async () => {
        const r = await call(emu.url, "gaap", "DescribeRules", { ListenerId: L1 }, ts());
        assert.equal(r.TotalCount, 3);
        const www = r.DomainRuleSet.find((d: any) => d.Domain === "www.example.com");
        for (const f of [
            "Domain",
            "RuleSet",
            "CertificateId",
            "CertificateAlias",
            "ClientCertificateId",
            "ClientCertificateAlias",
            "BasicAuthConfId",
            "BasicAuth",
            "BasicAuthConfAlias",
            "RealServerCertificateId",
            "RealServerAuth",
            "RealServerCertificateAlias",
            "GaapCertificateId",
            "GaapAuth",
            "GaapCertificateAlias",
            "RealServerCertificateDomain",
            "PolyClientCertificateAliasInfo",
            "PolyRealServerCertificateAliasInfo",
            "DomainStatus",
            "BanStatus",
            "Http3Supported",
            "IsDefaultServer",
            "TLSCiphers",
            "TLSSupportVersion",
        ]) {
            assert.ok(f in www, `DomainRuleSet.${f}`);
        }
        assert.equal(www.CertificateId, "default");
        assert.equal(www.CertificateAlias, "wildcard-example-com", "default resolves to the listener certificate's alias");
        assert.equal(www.DomainStatus, 0);
        for (const f of [
            "RuleId",
            "ListenerId",
            "Domain",
            "Path",
            "RealServerType",
            "Scheduler",
            "HealthCheck",
            "RuleStatus",
            "CheckParams",
            "RealServerSet",
            "BindStatus",
            "ForwardHost",
            "ServerNameIndicationSwitch",
            "ServerNameIndication",
            "ForcedRedirect",
            "ForwardProtocol",
        ]) {
            assert.ok(f in www.RuleSet[0], `RuleInfo.${f}`);
        }
        assert.equal(codeOf(await call(emu.url, "gaap", "DescribeRules", { ListenerId: "listener-nope" }, ts())), "ResourceNotFound");
    });

    it("ModifyCertificate applies asynchronously: DomainStatus 1 while applying, ListenerHasTask for a second change, then 0", async () => {
        assert.equal(codeOf(await modify(emu.url, { Domain: "www.example.com" })), "OK");
        let www = (await rulesOf(emu.url)).find((d) => d.Domain === "www.example.com");
        assert.equal(www.CertificateId, "cert-emuwww01");
        assert.equal(www.CertificateAlias, "www-example-com");
        assert.equal(www.DomainStatus, 1);
        const busy = await modify(emu.url, { Domain: "api.example.com", CertificateId: "cert-emuwild1" });
        assert.equal(codeOf(busy), "FailedOperation.ListenerHasTask");
        const listeners = await call(emu.url, "gaap", "DescribeHTTPSListeners", { ListenerId: L1 });
        assert.equal(listeners.ListenerSet[0].ListenerStatus, 4);
        now += 2000;
        www = (await call(emu.url, "gaap", "DescribeRules", { ListenerId: L1 }, ts())).DomainRuleSet.find((d: any) => d.Domain === "www.example.com");
        assert.equal(www.DomainStatus, 0);
        assert.equal(
            codeOf(await call(emu.url, "gaap", "ModifyCertificate", { ListenerId: L1, Domain: "www.example.com", CertificateId: "default" }, ts())),
            "OK",
        );
        now += 2000;
        assert.equal((await call(emu.url, "gaap", "DescribeRules", { ListenerId: L1 }, ts())).DomainRuleSet[0].CertificateId, "default");
    });

    it("ModifyCertificate errors: unknown listener/domain/certificate, wrong certificate type, domain mismatch, legacy proxy", async () => {
        assert.equal(codeOf(await modify(emu.url, { ListenerId: "listener-nope" })), "ResourceNotFound");
        assert.equal(codeOf(await modify(emu.url, { Domain: "nope.example.com" })), "InvalidParameterValue");
        assert.equal(codeOf(await modify(emu.url, { CertificateId: "cert-nope" })), "InvalidParameterValue");
        assert.equal(codeOf(await modify(emu.url, { CertificateId: "cert-emuca001" })), "InvalidParameterValue");
        const mismatch = await modify(emu.url, { Domain: "shop.example.org", CertificateId: "cert-emuwww01" });
        assert.equal(codeOf(mismatch), "InvalidParameterValue.CertificateNotMatchDomain");
        assert.equal(codeOf(await modify(emu.url, { ListenerId: "listener-emu00003", Domain: "www.example.com" })), "FailedOperation.ProxyVersionNotSupport");
        assert.equal(codeOf(await modify(emu.url, { CertificateId: "cert-emuwild1", ClientCertificateId: "cert-emuwww01" })), "InvalidParameterValue");
        assert.equal(
            codeOf(await modify(emu.url, { CertificateId: "cert-emuwild1", PolyClientCertificateIds: ["cert-emuca001", "cert-nope"] })),
            "InvalidParameterValue",
        );
        // Nothing changed.
        assert.equal((await rulesOf(emu.url)).find((d) => d.Domain === "api.example.com").CertificateId, "cert-emuwild1");
    });

    it("ModifyCertificate sets client CA certificates for mutual TLS (ClientCertificateId and PolyClientCertificateIds)", async () => {
        const L2 = "listener-emu00002";
        assert.equal(
            codeOf(await call(emu.url, "gaap", "ModifyCertificate", { ListenerId: L2, Domain: "mtls.example.com", CertificateId: "cert-emuwww01" })),
            "InvalidParameterValue.CertificateNotMatchDomain",
        );
        assert.equal(
            codeOf(
                await call(emu.url, "gaap", "ModifyCertificate", {
                    ListenerId: L2,
                    Domain: "mtls.example.com",
                    CertificateId: "cert-emuwild1",
                    PolyClientCertificateIds: ["cert-emuca001", "cert-emuca002"],
                }),
            ),
            "OK",
        );
        const d = (await rulesOf(emu.url, L2))[0];
        assert.equal(d.CertificateId, "cert-emuwild1");
        assert.deepEqual(d.PolyClientCertificateAliasInfo, [
            { CertificateId: "cert-emuca001", CertificateAlias: "client-ca-1" },
            { CertificateId: "cert-emuca002", CertificateAlias: "client-ca-2" },
        ]);
        now += 2000;
        assert.equal(
            codeOf(
                await call(
                    emu.url,
                    "gaap",
                    "ModifyCertificate",
                    { ListenerId: L2, Domain: "mtls.example.com", CertificateId: "default", ClientCertificateId: "cert-emuca002" },
                    ts(),
                ),
            ),
            "OK",
        );
        const after = (await rulesOf(emu.url, L2))[0];
        assert.equal(after.ClientCertificateId, "cert-emuca002");
        assert.equal(after.ClientCertificateAlias, "client-ca-2");
    });

    it("DescribeHTTPSListeners filters and pages; needs a ListenerId, ProxyId or GroupId", async () => {
        const all = await call(emu.url, "gaap", "DescribeHTTPSListeners", { ProxyId: "link-emu00001" }, ts());
        assert.equal(all.TotalCount, 2);
        const l = all.ListenerSet.find((x: any) => x.ListenerId === "listener-emu00002");
        for (const f of [
            "ListenerId",
            "ListenerName",
            "Port",
            "Protocol",
            "ListenerStatus",
            "CertificateId",
            "ForwardProtocol",
            "CreateTime",
            "CertificateAlias",
            "ClientCertificateId",
            "AuthType",
            "ClientCertificateAlias",
            "PolyClientCertificateAliasInfo",
            "Http3Supported",
            "ProxyId",
            "GroupId",
            "TLSSupportVersion",
            "TLSCiphers",
        ])
            assert.ok(f in l, f);
        assert.equal(l.Protocol, "HTTPS");
        assert.equal(l.AuthType, 1);
        assert.equal(l.ClientCertificateId, "cert-emuca001");
        assert.equal((await call(emu.url, "gaap", "DescribeHTTPSListeners", { ProxyId: "link-emu00001", Port: 8443 }, ts())).TotalCount, 1);
        assert.equal((await call(emu.url, "gaap", "DescribeHTTPSListeners", { ProxyId: "link-emu00001", SearchValue: "mtls" }, ts())).TotalCount, 1);
        const paged = await call(emu.url, "gaap", "DescribeHTTPSListeners", { ProxyId: "link-emu00001", Limit: 1, Offset: 1 }, ts());
        assert.equal(paged.TotalCount, 2);
        assert.equal(paged.ListenerSet.length, 1);
        assert.equal((await call(emu.url, "gaap", "DescribeHTTPSListeners", { ListenerId: "listener-nope" }, ts())).TotalCount, 0);
        assert.equal(codeOf(await call(emu.url, "gaap", "DescribeHTTPSListeners", {}, ts())), "InvalidParameter");
        assert.equal(codeOf(await call(emu.url, "gaap", "DescribeHTTPSListeners", { ProxyId: "link-nope" }, ts())), "ResourceNotFound");
    });

    it("admin drift: set a domain's certificate, busy listener, remove domain and listener", async () => {
        emu.admin.setDomainCertificate({ listenerId: L1, domain: "api.example.com", certificateId: "cert-emuwww01" });
        assert.equal((await rulesOf(emu.url)).find((d) => d.Domain === "api.example.com").CertificateId, "cert-emuwww01");
        emu.admin.setListenerBusy({ listenerId: L1, ms: 5000 });
        assert.equal(codeOf(await modify(emu.url, {})), "FailedOperation.ListenerHasTask");
        now += 5000;
        assert.equal(
            codeOf(await call(emu.url, "gaap", "ModifyCertificate", { ListenerId: L1, Domain: "api.example.com", CertificateId: "cert-emuwild1" }, ts())),
            "OK",
        );
        emu.admin.removeDomain({ listenerId: L1, domain: "shop.example.org" });
        assert.equal((await call(emu.url, "gaap", "DescribeRules", { ListenerId: L1 }, ts())).TotalCount, 2);
        emu.admin.removeListener({ listenerId: L1 });
        assert.equal(codeOf(await call(emu.url, "gaap", "DescribeRules", { ListenerId: L1 }, ts())), "ResourceNotFound");
        assert.throws(() => emu.admin.removeListener({ listenerId: L1 }), /no GAAP listener/);
    });
});
