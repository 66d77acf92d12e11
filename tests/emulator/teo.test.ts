import { strict as assert } from "node:assert";
import { startEmulator, type Emulator } from "../../emulator";
import { call, codeOf } from "../support/raw-api-call";

const Z = "zone-emu0example";
const NET = "zone-emu00000net";
const V1 = { version: "2022-01-06" };

describe("emulator: TEO host certificates (2022-01-06 and 2022-09-01)", () => {
    let emu: Emulator;
    let now = Date.now();
    before(async () => {
        emu = await startEmulator({ port: 0, rateLimits: false, clock: () => now, teoDeployDelayMs: 3000 });
    });
    after(() => emu.close());
    beforeEach(() => emu.admin.reset());
    const domain = async (host: string) =>
        (await call(emu.url, "teo", "DescribeAccelerationDomains", { ZoneId: Z, Filters: [{ Name: "domain-name", Values: [host] }] })).AccelerationDomains[0];

    it("DescribeAccelerationDomains returns the full AccelerationDomain shape with the certificate", async () => {
        const d = await domain("www.example.com");
        for (const f of [
            "ZoneId",
            "DomainName",
            "DomainStatus",
            "Cname",
            "IPv6Status",
            "IdentificationStatus",
            "OwnershipVerification",
            "OriginDetail",
            "OriginProtocol",
            "HttpOriginPort",
            "HttpsOriginPort",
            "Certificate",
            "CreatedOn",
            "ModifiedOn",
        ])
            assert.ok(f in d, f);
        assert.equal(d.DomainStatus, "online");
        assert.equal(d.Certificate.Mode, "sslcert");
        assert.deepEqual(
            d.Certificate.List.map((c: any) => [c.CertId, c.Status]),
            [["teo-cert-www", "deployed"]],
        );
        for (const f of ["CertId", "Alias", "Type", "ExpireTime", "DeployTime", "SignAlgo", "Status"]) assert.ok(f in d.Certificate.List[0], f);
        assert.deepEqual(d.Certificate.ClientCertInfo, { Switch: "off", CertInfos: [] });
        assert.equal(d.Certificate.UpstreamCertInfo.UpstreamCertificateVerify.VerificationMode, "disable");
        assert.match(d.CreatedOn, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    });

    it("DescribeAccelerationDomains pages (default 20, max 200), filters exactly or fuzzily, orders", async () => {
        const first = await call(emu.url, "teo", "DescribeAccelerationDomains", { ZoneId: NET });
        assert.equal(first.TotalCount, 25);
        assert.equal(first.AccelerationDomains.length, 20);
        assert.equal(first.AccelerationDomains[0].DomainName, "h01.example.net");
        const rest = await call(emu.url, "teo", "DescribeAccelerationDomains", { ZoneId: NET, Offset: 20, Limit: 200 });
        assert.deepEqual(
            rest.AccelerationDomains.map((d: any) => d.DomainName),
            ["h21", "h22", "h23", "h24", "h25"].map((h) => `${h}.example.net`),
        );
        assert.equal(codeOf(await call(emu.url, "teo", "DescribeAccelerationDomains", { ZoneId: NET, Limit: 201 })), "InvalidParameterValue");
        const fuzzy = await call(emu.url, "teo", "DescribeAccelerationDomains", {
            ZoneId: NET,
            Filters: [{ Name: "domain-name", Values: ["h1"], Fuzzy: true }],
        });
        assert.equal(fuzzy.TotalCount, 10);
        const exact = await call(emu.url, "teo", "DescribeAccelerationDomains", { ZoneId: NET, Filters: [{ Name: "domain-name", Values: ["h1"] }] });
        assert.equal(exact.TotalCount, 0);
        const desc = await call(emu.url, "teo", "DescribeAccelerationDomains", { ZoneId: NET, Direction: "desc", Limit: 1 });
        assert.equal(desc.AccelerationDomains[0].DomainName, "h25.example.net");
        const any = await call(emu.url, "teo", "DescribeAccelerationDomains", {
            ZoneId: NET,
            Match: "any",
            Filters: [
                { Name: "domain-name", Values: ["h01.example.net"] },
                { Name: "domain-name", Values: ["h02.example.net"] },
            ],
        });
        assert.equal(any.TotalCount, 2);
        assert.equal(
            codeOf(
                await call(emu.url, "teo", "DescribeAccelerationDomains", {
                    ZoneId: NET,
                    Filters: [{ Name: "domain-name", Values: Array.from({ length: 21 }, (_, i) => `x${i}`) }],
                }),
            ),
            "InvalidParameter.TooManyFilterValues",
        );
        assert.equal(codeOf(await call(emu.url, "teo", "DescribeAccelerationDomains", { ZoneId: "zone-nope" })), "ResourceNotFound");
    });

    it("ModifyHostsCertificate (2022-09-01) deploys asynchronously: processing/process, ActionInProgress, then deployed/online", async () => {
        const r = await call(emu.url, "teo", "ModifyHostsCertificate", {
            ZoneId: Z,
            Hosts: ["api.example.com"],
            Mode: "sslcert",
            ServerCertInfo: [{ CertId: "teo-cert-wild" }],
        });
        assert.equal(codeOf(r), "OK");
        let d = await domain("api.example.com");
        assert.equal(d.DomainStatus, "process");
        assert.equal(d.Certificate.Mode, "sslcert");
        assert.deepEqual(
            d.Certificate.List.map((c: any) => [c.CertId, c.Status]),
            [["teo-cert-wild", "processing"]],
        );
        assert.equal(
            codeOf(await call(emu.url, "teo", "ModifyHostsCertificate", { ZoneId: Z, Hosts: ["api.example.com"], Mode: "eofreecert" })),
            "InvalidParameter.ActionInProgress",
        );
        now += 3000;
        d = await domain("api.example.com");
        assert.equal(d.DomainStatus, "online");
        assert.equal(d.Certificate.List[0].Status, "deployed");
        assert.equal(codeOf(await call(emu.url, "teo", "ModifyHostsCertificate", { ZoneId: Z, Hosts: ["api.example.com"], Mode: "disable" })), "OK");
        now += 3000;
        d = await domain("api.example.com");
        assert.equal(d.Certificate.Mode, "disable");
        assert.deepEqual(d.Certificate.List, []);
    });

    it("ModifyHostsCertificate (2022-09-01) documented errors", async () => {
        const m = (p: object) =>
            call(emu.url, "teo", "ModifyHostsCertificate", {
                ZoneId: Z,
                Hosts: ["www.example.com"],
                Mode: "sslcert",
                ServerCertInfo: [{ CertId: "teo-cert-www" }],
                ...p,
            });
        assert.equal(codeOf(await m({ ZoneId: "zone-nope" })), "ResourceUnavailable.ZoneNotFound");
        assert.equal(codeOf(await m({ Hosts: ["nope.example.com"] })), "ResourceUnavailable.HostNotFound");
        assert.equal(codeOf(await m({ ServerCertInfo: [{ CertId: "no-such-cert" }] })), "ResourceUnavailable.CertNotFound");
        assert.equal(codeOf(await m({ ServerCertInfo: [{ CertId: "teo-cert-net" }] })), "InvalidParameter.CertNotMatchDomain");
        assert.equal(codeOf(await m({ ServerCertInfo: [{ CertId: "teo-cert-expired" }] })), "FailedOperation.CertificateHasExpired");
        assert.equal(codeOf(await m({ ServerCertInfo: [] })), "InvalidParameter.InvalidCertInfo");
        assert.equal(codeOf(await m({ Mode: "bogus" })), "InvalidParameterValue");
        assert.equal(
            codeOf(await m({ Hosts: ["offline.example.com"], ServerCertInfo: [{ CertId: "teo-cert-wild" }] })),
            "InvalidParameter.HostStatusNotAllowApplyCertificate",
        );
        assert.equal(codeOf(await m({ ClientCertInfo: { Switch: "on", CertInfos: [] } })), "InvalidParameterValue.CertificateVerifyClientNeedCert");
        assert.equal(
            codeOf(await m({ ClientCertInfo: { Switch: "on", CertInfos: [{ CertId: "teo-cert-www" }] } })),
            "InvalidParameterValue.CertificateVerifyClientMustCa",
        );
        assert.equal(
            codeOf(await m({ UpstreamCertInfo: { UpstreamCertificateVerify: { VerificationMode: "custom_ca" } } })),
            "InvalidParameterValue.CertificateVerifyUpstreamVerifyCustomCANeedCert",
        );
        // A multi-host change is all or nothing: one bad host fails the call, nothing changes.
        assert.equal(codeOf(await m({ Hosts: ["www.example.com", "nope.example.com"] })), "ResourceUnavailable.HostNotFound");
        assert.equal((await domain("www.example.com")).Certificate.List[0].Status, "deployed");
        const ok = await m({ ClientCertInfo: { Switch: "on", CertInfos: [{ CertId: "teo-cert-ca" }] } });
        assert.equal(codeOf(ok), "OK");
        const d = await domain("www.example.com");
        assert.equal(d.Certificate.ClientCertInfo.Switch, "on");
        assert.equal(d.Certificate.ClientCertInfo.CertInfos[0].CertId, "teo-cert-ca");
    });

    it("2022-01-06: ModifyHostsCertificate with CertInfo / empty (default cert) and DescribeHostsCertificate", async () => {
        assert.equal(
            codeOf(
                await call(emu.url, "teo", "ModifyHostsCertificate", { ZoneId: Z, Hosts: ["static.example.com"], CertInfo: [{ CertId: "teo-cert-wild" }] }, V1),
            ),
            "OK",
        );
        let r = await call(emu.url, "teo", "DescribeHostsCertificate", { ZoneId: Z, Filters: [{ Name: "host", Values: ["static.example.com"] }] }, V1);
        assert.equal(r.TotalCount, 1);
        assert.equal(r.Hosts[0].Host, "static.example.com");
        assert.deepEqual(
            r.Hosts[0].CertInfo.map((c: any) => [c.CertId, c.Status]),
            [["teo-cert-wild", "processing"]],
        );
        assert.equal(codeOf(await call(emu.url, "teo", "ModifyHostsCertificate", { ZoneId: Z, Hosts: ["static.example.com"] }, V1)), "OperationDenied");
        now += 3000;
        assert.equal(codeOf(await call(emu.url, "teo", "ModifyHostsCertificate", { ZoneId: Z, Hosts: ["static.example.com"] }, V1)), "OK");
        now += 3000;
        r = await call(emu.url, "teo", "DescribeHostsCertificate", { ZoneId: Z, Filters: [{ Name: "host", Values: ["static"], Fuzzy: true }] }, V1);
        assert.equal(r.Hosts[0].CertInfo[0].Type, "default");
        assert.equal(r.Hosts[0].CertInfo[0].Status, "deployed");
        assert.equal(
            codeOf(await call(emu.url, "teo", "ModifyHostsCertificate", { ZoneId: Z, Hosts: ["nope.example.com"] }, V1)),
            "ResourceUnavailable.HostNotFound",
        );
        assert.equal(
            codeOf(await call(emu.url, "teo", "ModifyHostsCertificate", { ZoneId: Z, Hosts: ["www.example.com"], CertInfo: [{ CertId: "nope" }] }, V1)),
            "FailedOperation.CertificateNotFound",
        );
        assert.equal(
            codeOf(await call(emu.url, "teo", "ModifyHostsCertificate", { ZoneId: Z, Hosts: ["www.example.com"], CertInfo: [{ CertId: "teo-cert-net" }] }, V1)),
            "InvalidParameter.InvalidCertInfo",
        );
        assert.equal(
            codeOf(await call(emu.url, "teo", "DescribeHostsCertificate", { ZoneId: Z, Filters: [{ Name: "bogus", Values: ["x"] }] }, V1)),
            "InvalidParameter.InvalidFilterName",
        );
        const paged = await call(emu.url, "teo", "DescribeHostsCertificate", { ZoneId: NET, Offset: 20, Limit: 100 }, V1);
        assert.equal(paged.TotalCount, 25);
        assert.equal(paged.Hosts.length, 5);
        const byCert = await call(emu.url, "teo", "DescribeHostsCertificate", { ZoneId: Z, Filters: [{ Name: "certId", Values: ["teo-cert-www"] }] }, V1);
        assert.deepEqual(
            byCert.Hosts.map((h: any) => h.Host),
            ["www.example.com"],
        );
    });

    it("admin drift: set a host's certificate/mode, busy host, host status, remove host", async () => {
        emu.admin.setHostCertificate({ zoneId: Z, host: "static.example.com", mode: "sslcert", certIds: ["teo-cert-wild"] });
        let d = await domain("static.example.com");
        assert.deepEqual([d.Certificate.Mode, d.Certificate.List[0].CertId, d.Certificate.List[0].Status], ["sslcert", "teo-cert-wild", "deployed"]);
        emu.admin.setHostBusy({ zoneId: Z, host: "static.example.com", ms: 1000 });
        assert.equal(
            codeOf(await call(emu.url, "teo", "ModifyHostsCertificate", { ZoneId: Z, Hosts: ["static.example.com"], Mode: "disable" })),
            "InvalidParameter.ActionInProgress",
        );
        now += 1000;
        emu.admin.setHostStatus({ zoneId: Z, host: "static.example.com", status: "offline" });
        d = await domain("static.example.com");
        assert.equal(d.DomainStatus, "offline");
        emu.admin.removeHost({ zoneId: Z, host: "static.example.com" });
        assert.equal(await domain("static.example.com"), undefined);
        assert.equal(
            codeOf(await call(emu.url, "teo", "ModifyHostsCertificate", { ZoneId: Z, Hosts: ["static.example.com"], Mode: "disable" })),
            "ResourceUnavailable.HostNotFound",
        );
    });
});
