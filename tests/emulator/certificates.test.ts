/**
 * The emulator's certificate stores: ssl DescribeCertificates over the SSL store TEO deploys from,
 * gaap DescribeCertificates over GAAP's own; paging, filters and documented errors; the admin calls
 * that add and expire certificates; accounts; and the one store seen the same by SSL and TEO.
 */
import { strict as assert } from "node:assert";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SECOND_ACCOUNT_CREDENTIALS, SECOND_ACCOUNT_SEED, DEMO_CREDENTIALS, startEmulator, type Emulator } from "../../emulator";
import { call, codeOf } from "../support/raw-api-call";

const NOW = Date.parse("2030-06-01T00:00:00Z");
const ts = { timestamp: Math.floor(NOW / 1000) };
const ssl = (emu: Emulator, params: object, o: object = {}) => call(emu.url, "ssl", "DescribeCertificates", params, { ...ts, ...o });
const gaap = (emu: Emulator, params: object, o: object = {}) => call(emu.url, "gaap", "DescribeCertificates", params, { ...ts, ...o });

describe("emulator: certificate stores (ssl and gaap DescribeCertificates)", () => {
    let emu: Emulator;
    before(async () => {
        emu = await startEmulator({
            rateLimits: false,
            clock: () => NOW,
            credentials: [DEMO_CREDENTIALS, SECOND_ACCOUNT_CREDENTIALS],
            accountSeeds: { [SECOND_ACCOUNT_CREDENTIALS.ownerUin]: SECOND_ACCOUNT_SEED },
        });
    });
    after(() => emu.close());
    beforeEach(() => emu.admin.reset());

    describe("ssl 2019-12-05 DescribeCertificates", () => {
        it("answers the seeded certificates TEO uses, with Domain, SubjectAltName, GMT+8 times, Status and type", async () => {
            const r = await ssl(emu, { CertIds: ["teo-cert-wild", "teo-cert-ca"] });
            assert.equal(r.TotalCount, 2);
            const wild = r.Certificates.find((c: any) => c.CertificateId === "teo-cert-wild");
            assert.equal(wild.Domain, "*.example.com");
            assert.deepEqual(wild.SubjectAltName, ["*.example.com", "example.com"]);
            assert.equal(wild.CertificateType, "SVR");
            assert.equal(wild.Status, 1);
            assert.equal(wild.CertEndTime, "2036-01-01 08:00:00", "2036-01-01T00:00:00Z in China time");
            assert.match(wild.CertBeginTime, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
            assert.equal(wild.From, "upload");
            assert.equal(wild.OwnerUin, "100000000001");
            const ca = r.Certificates.find((c: any) => c.CertificateId === "teo-cert-ca");
            assert.equal(ca.CertificateType, "CA");
            assert.equal(ca.Domain, "");
        });

        it("answers an expired certificate with Status 3 and leaves unknown ids out", async () => {
            const r = await ssl(emu, { CertIds: ["teo-cert-expired", "teo-cert-nope"] });
            assert.equal(r.TotalCount, 1);
            assert.equal(r.Certificates[0].CertificateId, "teo-cert-expired");
            assert.equal(r.Certificates[0].Status, 3);
            assert.equal(r.Certificates[0].CertEndTime, "2020-01-01 08:00:00");
        });

        it("pages (default 10, Limit above 1000 treated as 1000) and filters by type, search key and status", async () => {
            for (let i = 0; i < 14; i++) {
                emu.admin.addSslCertificate({
                    certificate: {
                        CertificateId: `page-${String(i).padStart(2, "0")}`,
                        Alias: `paging ${i}`,
                        From: "upload",
                        CertificateType: "SVR",
                        Domain: `p${i}.example.org`,
                        SubjectAltName: [`p${i}.example.org`],
                        ExpireTime: "2031-01-01T00:00:00Z",
                        Status: 1,
                        SignAlgo: "RSA 2048",
                    },
                });
            }
            const first = await ssl(emu, {});
            assert.equal(first.TotalCount, 19);
            assert.equal(first.Certificates.length, 10);
            assert.equal(first.Certificates[0].CertificateId, "page-13", "newest first");
            const rest = await ssl(emu, { Offset: 10, Limit: 5000 });
            assert.equal(rest.Certificates.length, 9);
            assert.deepEqual(
                (await ssl(emu, { CertificateType: "CA" })).Certificates.map((c: any) => c.CertificateId),
                ["teo-cert-ca"],
            );
            assert.deepEqual(
                (await ssl(emu, { SearchKey: "EXAMPLE.NET" })).Certificates.map((c: any) => c.CertificateId),
                ["teo-cert-net"],
            );
            assert.deepEqual(
                (await ssl(emu, { CertificateStatus: [3] })).Certificates.map((c: any) => c.CertificateId),
                ["teo-cert-expired"],
            );
            const byExpiry = await ssl(emu, { ExpirationSort: "ASC", Limit: 1 });
            assert.equal(byExpiry.Certificates[0].CertificateId, "teo-cert-expired");
        });

        it("answers Deployable, IsExpiring and IsWildcard, and filters by Deployable and FilterExpiring, as the admin calls add and expire certificates", async () => {
            // SDK model (api-models/ssl-2019-12-05): Deployable "whether it can be deployed", IsExpiring "will expire within 30 days",
            // IsWildcard "whether it is a wildcard domain name certificate"; the filters take 1 (yes) or 0 (no).
            const added = (id: string, fields: object) =>
                emu.admin.addSslCertificate({
                    certificate: {
                        CertificateId: id,
                        Alias: id,
                        From: "upload",
                        CertificateType: "SVR",
                        Domain: `${id}.example.org`,
                        SubjectAltName: [`${id}.example.org`],
                        ExpireTime: "2031-01-01T00:00:00Z",
                        Status: 1,
                        SignAlgo: "RSA 2048",
                        ...fields,
                    },
                });
            const inDays = (days: number) => new Date(NOW + days * 86400_000).toISOString();
            added("soon-30", { ExpireTime: inDays(30) });
            added("later-31", { ExpireTime: inDays(31) });
            // Under review (0), expiring in 5 days, wildcard only in SubjectAltName.
            added("review", { Status: 0, SubjectAltName: ["*.review.example.org"], ExpireTime: inDays(5) });
            emu.admin.setCertificateExpiry({ certId: "teo-cert-www", expiresInDays: 10 });
            emu.admin.setCertificateExpiry({ certId: "teo-cert-net", expiresInDays: -1 });

            const all = await ssl(emu, { Limit: 1000 });
            assert.equal(all.TotalCount, 8);
            const fields = Object.fromEntries(
                all.Certificates.map((c: any) => [c.CertificateId, { Deployable: c.Deployable, IsExpiring: c.IsExpiring, IsWildcard: c.IsWildcard }]),
            );
            assert.deepEqual(fields, {
                "teo-cert-www": { Deployable: true, IsExpiring: true, IsWildcard: false },
                "teo-cert-wild": { Deployable: true, IsExpiring: false, IsWildcard: true },
                "teo-cert-net": { Deployable: false, IsExpiring: false, IsWildcard: true },
                "teo-cert-expired": { Deployable: false, IsExpiring: false, IsWildcard: false },
                "teo-cert-ca": { Deployable: true, IsExpiring: false, IsWildcard: false },
                "soon-30": { Deployable: true, IsExpiring: true, IsWildcard: false },
                "later-31": { Deployable: true, IsExpiring: false, IsWildcard: false },
                review: { Deployable: false, IsExpiring: false, IsWildcard: true },
            });

            const ids = async (params: object) => (await ssl(emu, { Limit: 1000, ...params })).Certificates.map((c: any) => c.CertificateId).sort();
            assert.deepEqual(await ids({ FilterExpiring: 1 }), ["soon-30", "teo-cert-www"]);
            assert.equal((await ids({ FilterExpiring: 0 })).length, 8, "FilterExpiring 0 does not filter");
            assert.deepEqual(await ids({ Deployable: 1 }), ["later-31", "soon-30", "teo-cert-ca", "teo-cert-wild", "teo-cert-www"]);
            assert.deepEqual(await ids({ Deployable: 0 }), ["review", "teo-cert-expired", "teo-cert-net"]);
        });

        it("refuses bad values with the documented codes", async () => {
            assert.equal(codeOf(await ssl(emu, { CertificateType: "SERVER" })), "FailedOperation.InvalidParam");
            assert.equal(codeOf(await ssl(emu, { ExpirationSort: "up" })), "FailedOperation.InvalidParam");
            assert.equal(codeOf(await ssl(emu, { Offset: -1 })), "InvalidParameter");
            assert.equal(codeOf(await ssl(emu, { CertIds: "teo-cert-www" })), "InvalidParameter");
            assert.equal(codeOf(await ssl(emu, { Nope: 1 })), "UnknownParameter");
        });

        it("shows each account its own certificates only", async () => {
            const second = { secretId: SECOND_ACCOUNT_CREDENTIALS.secretId, secretKey: SECOND_ACCOUNT_CREDENTIALS.secretKey };
            const theirs = await ssl(emu, { CertIds: ["teo-cert-www", "teo-cert-2-www"] }, second);
            assert.deepEqual(
                theirs.Certificates.map((c: any) => c.CertificateId),
                ["teo-cert-2-www"],
            );
            const ours = await ssl(emu, { CertIds: ["teo-cert-www", "teo-cert-2-www"] });
            assert.deepEqual(
                ours.Certificates.map((c: any) => c.CertificateId),
                ["teo-cert-www"],
            );
        });
    });

    describe("gaap 2018-05-29 DescribeCertificates", () => {
        it("lists every type by default with Unix-second times and common names, never a body or key", async () => {
            const r = await gaap(emu, {});
            assert.equal(r.TotalCount, 5);
            const www = r.CertificateSet.find((c: any) => c.CertificateId === "cert-emuwww01");
            assert.deepEqual(Object.keys(www).sort(), [
                "BeginTime",
                "CertificateAlias",
                "CertificateId",
                "CertificateName",
                "CertificateType",
                "CreateTime",
                "EndTime",
                "IssuerCN",
                "SubjectCN",
            ]);
            assert.equal(www.CertificateType, 2);
            assert.equal(www.EndTime, Date.parse("2036-01-01T00:00:00Z") / 1000);
            assert.ok(www.BeginTime < www.EndTime);
            assert.equal(www.SubjectCN, "www.example.com");
            assert.equal(r.CertificateSet.find((c: any) => c.CertificateId === "cert-emuwild1").SubjectCN, "*.example.com");
        });

        it("pages (default 20, max 100) and filters by CertificateType; refuses out-of-range values", async () => {
            for (let i = 0; i < 23; i++) {
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
            const first = await gaap(emu, {});
            assert.equal(first.TotalCount, 28);
            assert.equal(first.CertificateSet.length, 20);
            assert.equal((await gaap(emu, { Offset: 20, Limit: 100 })).CertificateSet.length, 8);
            const cas = await gaap(emu, { CertificateType: 1 });
            assert.deepEqual(
                cas.CertificateSet.map((c: any) => c.CertificateId),
                ["cert-emuca001", "cert-emuca002"],
            );
            assert.equal(codeOf(await gaap(emu, { Limit: 101 })), "InvalidParameterValue");
            assert.equal(codeOf(await gaap(emu, { CertificateType: 7 })), "InvalidParameterValue");
            assert.equal(codeOf(await gaap(emu, { CertificateType: "2" })), "InvalidParameter");
        });

        it("shows each account its own certificates only", async () => {
            const second = { secretId: SECOND_ACCOUNT_CREDENTIALS.secretId, secretKey: SECOND_ACCOUNT_CREDENTIALS.secretKey };
            const r = await gaap(emu, {}, second);
            assert.deepEqual(r.CertificateSet.map((c: any) => c.CertificateId).sort(), ["cert-emu2wild", "cert-emu2www1"]);
        });
    });

    describe("admin: add and expire certificates", () => {
        it("setCertificateExpiry moves an SSL certificate's CertEndTime (and Status) and a GAAP certificate's EndTime", async () => {
            const at = emu.admin.setCertificateExpiry({ certId: "teo-cert-www", expiresInDays: -1 });
            assert.equal(at, "2030-05-31T00:00:00Z");
            const cert = (await ssl(emu, { CertIds: ["teo-cert-www"] })).Certificates[0];
            assert.equal(cert.CertEndTime, "2030-05-31 08:00:00");
            assert.equal(cert.Status, 3);
            emu.admin.setCertificateExpiry({ certId: "cert-emuca001", expiresInDays: 10 });
            const ca = (await gaap(emu, { CertificateType: 1 })).CertificateSet.find((c: any) => c.CertificateId === "cert-emuca001");
            assert.equal(ca.EndTime, NOW / 1000 + 10 * 86400);
        });

        it("addTeoCertificate (TEO's terms) lands in the SSL store: ssl lists it and TEO deploys it", async () => {
            emu.admin.addTeoCertificate({
                certificate: {
                    CertId: "teo-cert-api",
                    Alias: "api",
                    Type: "managed",
                    Kind: "server",
                    Domains: ["api.example.com"],
                    ExpireTime: "2031-01-01T00:00:00Z",
                    SignAlgo: "ECC 256",
                },
            });
            const listed = (await ssl(emu, { CertIds: ["teo-cert-api"] })).Certificates[0];
            assert.equal(listed.CertificateType, "SVR");
            assert.equal(listed.Domain, "api.example.com");
            assert.equal(listed.From, "trustasia");
            assert.equal(emu.state.ssl.certificates["teo-cert-api"].OwnerUin, "100000000001");
            const modify = await call(
                emu.url,
                "teo",
                "ModifyHostsCertificate",
                { ZoneId: "zone-emu0example", Hosts: ["api.example.com"], Mode: "sslcert", ServerCertInfo: [{ CertId: "teo-cert-api" }] },
                ts,
            );
            assert.equal(codeOf(modify), "OK");
        });

        it("addSslCertificate adds to one account; another account's id is refused (ids are global)", async () => {
            const certificate = {
                CertificateId: "ssl-new",
                Alias: "new",
                From: "upload",
                CertificateType: "SVR" as const,
                Domain: "new.example.com",
                SubjectAltName: ["new.example.com"],
                ExpireTime: "2031-01-01T00:00:00Z",
                Status: 1,
                SignAlgo: "RSA 2048",
            };
            emu.admin.addSslCertificate({ certificate, ownerUin: SECOND_ACCOUNT_CREDENTIALS.ownerUin });
            assert.equal((await ssl(emu, { CertIds: ["ssl-new"] })).TotalCount, 0);
            assert.throws(() => emu.admin.addSslCertificate({ certificate }), /belongs to account 200000000002/);
            const res = await fetch(`${emu.url}/_emulator/addSslCertificate`, {
                method: "POST",
                body: JSON.stringify({ certificate: { ...certificate, CertificateId: "ssl-http" } }),
            });
            assert.equal(res.status, 200);
            assert.equal((await ssl(emu, { CertIds: ["ssl-http"] })).TotalCount, 1);
        });

        it("a seed's ssl.certificates replace the default ones; reset restores the seed", async () => {
            emu.admin.seed({
                seed: {
                    ssl: {
                        certificates: [
                            {
                                CertificateId: "seeded-only",
                                Alias: "s",
                                From: "upload",
                                CertificateType: "CA",
                                Domain: "",
                                SubjectAltName: [],
                                ExpireTime: "2031-01-01T00:00:00Z",
                                Status: 1,
                                SignAlgo: "RSA 2048",
                            },
                        ],
                    },
                },
            });
            assert.deepEqual(
                (await ssl(emu, {})).Certificates.map((c: any) => c.CertificateId),
                ["seeded-only"],
            );
            emu.admin.reset();
            assert.equal((await ssl(emu, { CertIds: ["seeded-only"] })).TotalCount, 1, "reset reloads the current seed");
        });
    });

    it("a state file written when TEO kept its certificates under teo.certificates loads into the SSL store", async () => {
        const dir = mkdtempSync(join(tmpdir(), "emu-state-"));
        try {
            const statePath = join(dir, "state.json");
            const legacy = JSON.parse(JSON.stringify(emu.state));
            legacy.teo.certificates = {
                "teo-cert-old": {
                    CertId: "teo-cert-old",
                    Alias: "old",
                    Type: "upload",
                    Kind: "server",
                    Domains: ["old.example.com"],
                    ExpireTime: "2031-01-01T00:00:00Z",
                    SignAlgo: "RSA 2048",
                },
            };
            delete legacy.ssl.certificates;
            writeFileSync(statePath, JSON.stringify(legacy));
            const old = await startEmulator({ rateLimits: false, clock: () => NOW, statePath });
            try {
                const r = await call(old.url, "ssl", "DescribeCertificates", { CertIds: ["teo-cert-old"] }, ts);
                assert.equal(r.Certificates[0].Domain, "old.example.com");
                old.admin.setCertificateExpiry({ certId: "teo-cert-old", expiresInDays: 5 });
                const saved = JSON.parse(readFileSync(statePath, "utf8"));
                assert.equal(saved.teo.certificates, undefined);
                assert.equal(saved.ssl.certificates["teo-cert-old"].CertificateType, "SVR");
            } finally {
                await old.close();
            }
        } finally {
            rmSync(dir, { recursive: true, force: true });
        }
    });
});
