import { strict as assert } from "node:assert";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
    DEFAULT_OWNER_UIN,
    DEFAULT_SEED,
    DEMO_CREDENTIALS,
    SECOND_ACCOUNT_CREDENTIALS,
    SECOND_ACCOUNT_SEED,
    startEmulator,
    type Emulator,
    type EmulatorCredential,
} from "../../emulator";
import { parseArgs } from "../../emulator/cli";
import { adminPost, call, type CallOpts, codeOf } from "../support/raw-api-call";

const B = SECOND_ACCOUNT_CREDENTIALS;
/** A second key pair of the default account: same account as DEMO_CREDENTIALS, other SecretId. */
const A2: EmulatorCredential = {
    secretId: "AKIDEMULATOR000000000000000000ACCOUNTA",
    secretKey: "emulator-account-a-second-key-0000",
    ownerUin: DEFAULT_OWNER_UIN,
};
const CSR = {
    Domain: "a.example.com",
    Organization: "O",
    Department: "D",
    Email: "a@example.com",
    Province: "P",
    City: "C",
    Country: "CN",
    EncryptAlgo: "ECC",
    KeyParameter: "prime256v1",
    Generate: false,
};

describe("emulator: accounts (objects, rate limits and region per call)", () => {
    let emu: Emulator;
    let now = Date.now();
    before(async () => {
        emu = await startEmulator({
            port: 0,
            rateLimits: false,
            clock: () => now,
            credentials: [DEMO_CREDENTIALS, B, A2],
            accountSeeds: { [B.ownerUin]: SECOND_ACCOUNT_SEED },
        });
    });
    after(() => emu.close());
    beforeEach(() => {
        now = Date.now();
        emu.admin.reset();
    });
    const asA = (o: CallOpts = {}): CallOpts => ({ timestamp: Math.floor(now / 1000), ...o });
    const asB = (o: CallOpts = {}): CallOpts => ({ secretId: B.secretId, secretKey: B.secretKey, ...asA(o) });
    const asA2 = (o: CallOpts = {}): CallOpts => ({ secretId: A2.secretId, secretKey: A2.secretKey, ...asA(o) });

    it("SSL: a CSR belongs to its creator's account; the other account gets the not-found answers and cannot delete it", async () => {
        const { Id } = await call(emu.url, "ssl", "CreateCSR", CSR, asA());
        const { Id: idB } = await call(emu.url, "ssl", "CreateCSR", { ...CSR, Domain: "b.example.com" }, asB());
        assert.equal((await call(emu.url, "ssl", "DescribeCSR", { CSRId: Id }, asA())).OwnerUin, DEFAULT_OWNER_UIN);
        assert.equal((await call(emu.url, "ssl", "DescribeCSR", { CSRId: idB }, asB())).OwnerUin, B.ownerUin);

        assert.equal(codeOf(await call(emu.url, "ssl", "DescribeCSR", { CSRId: Id }, asB())), "InvalidParameter.InvalidCSRId");
        assert.equal(codeOf(await call(emu.url, "ssl", "ModifyCSR", { CSRId: Id, Generate: false, Remark: "hijack" }, asB())), "InvalidParameter.InvalidCSRId");
        const setB = await call(emu.url, "ssl", "DescribeCSRSet", {}, asB());
        assert.deepEqual(
            setB.Set.map((c: any) => c.Id),
            [idB],
        );
        assert.equal(setB.Total, 1);
        const setA = await call(emu.url, "ssl", "DescribeCSRSet", { Domain: "example.com" }, asA());
        assert.deepEqual(
            setA.Set.map((c: any) => c.Id),
            [Id],
            "A's list holds A's CSR only, filters included",
        );

        assert.deepEqual(
            (await call(emu.url, "ssl", "BatchDeleteCSR", { CSRIds: [Id, idB] }, asB())).Success,
            [idB],
            "another account's id is skipped like an unknown one",
        );
        assert.equal((await call(emu.url, "ssl", "DescribeCSR", { CSRId: Id }, asA())).Remarks, "", "A's CSR is untouched");
        assert.equal(codeOf(await call(emu.url, "ssl", "DescribeCSR", { CSRId: idB }, asB())), "InvalidParameter.InvalidCSRId");

        // A second SecretId of the same account sees and may change the account's CSR.
        assert.equal((await call(emu.url, "ssl", "DescribeCSR", { CSRId: Id }, asA2())).Id, Id);
        assert.deepEqual((await call(emu.url, "ssl", "BatchDeleteCSR", { CSRIds: [Id] }, asA2())).Success, [Id]);
    });

    it("GAAP: each account sees and changes only its own proxies, listeners, domains and certificates", async () => {
        const L1 = "listener-emu00001";
        const LB = "listener-emu20001";
        assert.equal(codeOf(await call(emu.url, "gaap", "DescribeRules", { ListenerId: L1 }, asB())), "ResourceNotFound");
        assert.equal(
            codeOf(await call(emu.url, "gaap", "ModifyCertificate", { ListenerId: L1, Domain: "api.example.com", CertificateId: "default" }, asB())),
            "ResourceNotFound",
        );
        assert.equal(
            emu.state.gaap.listeners[L1].Domains.find((d) => d.Domain === "api.example.com")!.CertificateId,
            "cert-emuwild1",
            "A's domain is unchanged",
        );
        assert.equal(codeOf(await call(emu.url, "gaap", "DescribeHTTPSListeners", { ProxyId: "link-emu00001" }, asB())), "ResourceNotFound");
        assert.equal((await call(emu.url, "gaap", "DescribeHTTPSListeners", { ListenerId: L1 }, asB())).TotalCount, 0);
        assert.equal((await call(emu.url, "gaap", "DescribeHTTPSListeners", { ListenerId: LB }, asA())).TotalCount, 0);
        assert.equal(codeOf(await call(emu.url, "gaap", "DescribeRules", { ListenerId: LB }, asA())), "ResourceNotFound");

        // B's own listener works, with B's certificates only.
        const listed = await call(emu.url, "gaap", "DescribeHTTPSListeners", { ProxyId: "link-emu20001" }, asB());
        assert.deepEqual(
            listed.ListenerSet.map((l: any) => l.ListenerId),
            [LB],
        );
        assert.equal(
            codeOf(await call(emu.url, "gaap", "ModifyCertificate", { ListenerId: LB, Domain: "www.example.com", CertificateId: "cert-emuwww01" }, asB())),
            "InvalidParameterValue",
            "A's certificate does not exist for B",
        );
        assert.equal(
            codeOf(await call(emu.url, "gaap", "ModifyCertificate", { ListenerId: LB, Domain: "www.example.com", CertificateId: "cert-emu2www1" }, asB())),
            "OK",
        );
        const www = (await call(emu.url, "gaap", "DescribeRules", { ListenerId: LB }, asB())).DomainRuleSet.find((d: any) => d.Domain === "www.example.com");
        assert.equal(www.CertificateId, "cert-emu2www1");
        assert.equal(www.CertificateAlias, "account2-www-example-com");
        const wwwA = (await call(emu.url, "gaap", "DescribeRules", { ListenerId: L1 }, asA())).DomainRuleSet.find((d: any) => d.Domain === "www.example.com");
        assert.equal(wwwA.CertificateId, "default", "the same domain name in A is untouched");
    });

    it("TEO: each account sees and changes only its own zones, hosts and certificates, in both API versions", async () => {
        const ZA = "zone-emu0example";
        const ZB = "zone-emu2example";
        const v1 = (o: CallOpts): CallOpts => ({ ...o, version: "2022-01-06" });
        assert.equal(codeOf(await call(emu.url, "teo", "DescribeAccelerationDomains", { ZoneId: ZA }, asB())), "ResourceNotFound");
        assert.equal(codeOf(await call(emu.url, "teo", "DescribeHostsCertificate", { ZoneId: ZA }, v1(asB()))), "UnauthorizedOperation.NoPermission");
        assert.equal(
            codeOf(await call(emu.url, "teo", "ModifyHostsCertificate", { ZoneId: ZA, Hosts: ["static.example.com"], Mode: "eofreecert" }, asB())),
            "ResourceUnavailable.ZoneNotFound",
        );
        assert.equal(codeOf(await call(emu.url, "teo", "ModifyHostsCertificate", { ZoneId: ZA, Hosts: ["static.example.com"] }, v1(asB()))), "OperationDenied");
        assert.equal(emu.state.teo.zones[ZA].hosts["static.example.com"].Mode, "disable", "A's host is unchanged");
        assert.equal(codeOf(await call(emu.url, "teo", "DescribeAccelerationDomains", { ZoneId: ZB }, asA())), "ResourceNotFound");

        // B's zone, with A's certificate: not found for B; with B's own: deployed.
        const onB = { ZoneId: ZB, Hosts: ["static.example.com"] };
        assert.equal(
            codeOf(await call(emu.url, "teo", "ModifyHostsCertificate", { ...onB, Mode: "sslcert", ServerCertInfo: [{ CertId: "teo-cert-wild" }] }, asB())),
            "ResourceUnavailable.CertNotFound",
        );
        assert.equal(
            codeOf(await call(emu.url, "teo", "ModifyHostsCertificate", { ...onB, CertInfo: [{ CertId: "teo-cert-wild" }] }, v1(asB()))),
            "FailedOperation.CertificateNotFound",
        );
        assert.equal(
            codeOf(await call(emu.url, "teo", "ModifyHostsCertificate", { ...onB, Mode: "sslcert", ServerCertInfo: [{ CertId: "teo-cert-2-wild" }] }, asB())),
            "OK",
        );
        const hosts = (await call(emu.url, "teo", "DescribeAccelerationDomains", { ZoneId: ZB }, asB())).AccelerationDomains;
        assert.deepEqual(
            hosts.map((h: any) => h.DomainName),
            ["static.example.com", "www.example.com"],
        );
        assert.deepEqual(
            hosts[0].Certificate.List.map((c: any) => c.CertId),
            ["teo-cert-2-wild"],
        );
        const v1Hosts = (await call(emu.url, "teo", "DescribeHostsCertificate", { ZoneId: ZB }, v1(asB()))).Hosts;
        assert.equal(v1Hosts.find((h: any) => h.Host === "www.example.com").CertInfo[0].Alias, "account2 www.example.com");
        const staticA = (
            await call(emu.url, "teo", "DescribeAccelerationDomains", { ZoneId: ZA, Filters: [{ Name: "domain-name", Values: ["static.example.com"] }] }, asA())
        ).AccelerationDomains[0];
        assert.equal(staticA.Certificate.Mode, "disable", "the same host name in A is untouched");
    });

    it("rate limits are per account: each account has its own budget, shared by all its SecretIds", async () => {
        emu.admin.setRateLimits({ rateLimits: {} });
        const burst = (n: number, o: CallOpts) => Promise.all(Array.from({ length: n }, () => call(emu.url, "ssl", "DescribeCSRSet", {}, o).then(codeOf)));
        const count = (codes: string[], code: string) => codes.filter((c) => c === code).length;
        // The clock is fixed, so every call lands in one 1-second window.
        const a = await burst(15, asA());
        assert.equal(count(a, "OK"), 10);
        assert.equal(count(a, "RequestLimitExceeded"), 5);
        const b = await burst(12, asB());
        assert.equal(count(b, "OK"), 10, "account B has its own 10/s, untouched by A's burst");
        assert.equal(count(b, "RequestLimitExceeded"), 2);
        assert.deepEqual(
            await burst(3, asA2()),
            ["RequestLimitExceeded", "RequestLimitExceeded", "RequestLimitExceeded"],
            "A's other SecretId shares A's spent budget",
        );
        now += 1000;
        assert.deepEqual(await burst(2, asA2()), ["OK", "OK"], "next window");
        const limited = emu.log.filter((e) => e.code === "RequestLimitExceeded");
        assert.equal(limited.filter((e) => e.ownerUin === B.ownerUin).length, 2);
        assert.equal(limited.filter((e) => e.ownerUin === DEFAULT_OWNER_UIN).length, 8);
    });

    it("a fault rule with secretId refuses one key's calls only (a sub-account whose CAM policy lacks the action)", async () => {
        emu.admin.setFaults({
            faults: {
                seed: 1,
                rules: [
                    {
                        secretId: A2.secretId,
                        service: "ssl",
                        action: "DescribeCertificates",
                        kind: "internalError",
                        code: "AuthFailure.UnauthorizedOperation",
                        probability: 1,
                    },
                ],
            },
        });
        const describe = (o: CallOpts) => call(emu.url, "ssl", "DescribeCertificates", { Limit: 10 }, o).then(codeOf);
        assert.equal(await describe(asA2()), "AuthFailure.UnauthorizedOperation");
        assert.equal(await describe(asA()), "OK", "the account's other key may");
        assert.equal(await call(emu.url, "ssl", "DescribeCSRSet", {}, asA2()).then(codeOf), "OK", "other actions of that key work");
    });

    it("records the X-TC-Region header and the caller's account of each call in the call log", async () => {
        emu.admin.clearLog();
        await call(emu.url, "ssl", "DescribeCSRSet", {}, asA({ region: "ap-guangzhou" }));
        await call(emu.url, "gaap", "DescribeRules", { ListenerId: "listener-emu20001" }, asB({ region: "ap-singapore" }));
        await call(emu.url, "teo", "DescribeAccelerationDomains", { ZoneId: "zone-emu0example" }, asA());
        await call(emu.url, "ssl", "DescribeCSRSet", {}, asA({ secretKey: "wrong", region: "ap-beijing" }));
        const seen = emu.log.map((e) => ({ action: e.action, region: e.region, ownerUin: e.ownerUin, code: e.code }));
        assert.deepEqual(seen, [
            { action: "DescribeCSRSet", region: "ap-guangzhou", ownerUin: DEFAULT_OWNER_UIN, code: "OK" },
            { action: "DescribeRules", region: "ap-singapore", ownerUin: B.ownerUin, code: "OK" },
            { action: "DescribeAccelerationDomains", region: undefined, ownerUin: DEFAULT_OWNER_UIN, code: "OK" },
            { action: "DescribeCSRSet", region: "ap-beijing", ownerUin: undefined, code: "AuthFailure.SignatureFailure" },
        ]);
        assert.ok(!("region" in emu.log[2]), "a call without X-TC-Region has no region field");
        const http = (await (await fetch(`${emu.url}/_emulator/log`)).json()) as { region?: string }[];
        assert.equal(http[0].region, "ap-guangzhou");
    });

    it("seeds an account over the admin API, keeps both accounts' seeds across reset, and refuses another account's ids", async () => {
        const seed = {
            gaap: {
                proxies: [{ ProxyId: "link-emu20009", ProxyName: "p", Version: "3.0", GroupId: null }],
                listeners: [
                    {
                        ListenerId: "listener-emu20009",
                        ProxyId: "link-emu20009",
                        Port: 443,
                        CertificateId: "cert-emu2wild",
                        Domains: [{ Domain: "x.example.com" }],
                    },
                ],
            },
        };
        const r = await adminPost(emu.url, "seed", { seed, ownerUin: B.ownerUin });
        assert.equal(r.status, 200, JSON.stringify(r.json));
        assert.equal(
            codeOf(await call(emu.url, "gaap", "DescribeRules", { ListenerId: "listener-emu20001" }, asB())),
            "ResourceNotFound",
            "B's earlier objects were replaced",
        );
        assert.equal((await call(emu.url, "gaap", "DescribeRules", { ListenerId: "listener-emu20009" }, asB())).TotalCount, 1);
        assert.equal(codeOf(await call(emu.url, "gaap", "DescribeRules", { ListenerId: "listener-emu20009" }, asA())), "ResourceNotFound");
        assert.equal((await call(emu.url, "gaap", "DescribeRules", { ListenerId: "listener-emu00001" }, asA())).TotalCount, 3, "A's seed is kept");

        const clash = await adminPost(emu.url, "seed", {
            seed: { teo: { zones: [{ ZoneId: "zone-emu0example", ZoneName: "x", hosts: [] }] } },
            ownerUin: B.ownerUin,
        });
        assert.equal(clash.status, 400);
        assert.match(clash.json.error, /zone-emu0example.*account 100000000001/);
        assert.equal(
            (await call(emu.url, "gaap", "DescribeRules", { ListenerId: "listener-emu20009" }, asB())).TotalCount,
            1,
            "a refused seed changes nothing",
        );
        assert.throws(
            () =>
                emu.admin.addGaapCertificate({
                    certificate: { CertificateId: "cert-emuwww01", CertificateAlias: "x", CertificateType: 2, Domains: [], ExpireTime: "2036-01-01T00:00:00Z" },
                    ownerUin: B.ownerUin,
                }),
            /belongs to account 100000000001/,
        );
        emu.admin.addTeoCertificate({
            certificate: {
                CertId: "teo-cert-2-new",
                Alias: "new",
                Type: "upload",
                Kind: "server",
                Domains: [],
                ExpireTime: "2036-01-01T00:00:00Z",
                SignAlgo: "RSA 2048",
            },
            ownerUin: B.ownerUin,
        });
        assert.equal(
            codeOf(
                await call(
                    emu.url,
                    "teo",
                    "ModifyHostsCertificate",
                    { ZoneId: "zone-emu0example", Hosts: ["static.example.com"], Mode: "sslcert", ServerCertInfo: [{ CertId: "teo-cert-2-new" }] },
                    asA(),
                ),
            ),
            "ResourceUnavailable.CertNotFound",
        );

        emu.admin.reset();
        assert.equal((await call(emu.url, "gaap", "DescribeRules", { ListenerId: "listener-emu20009" }, asB())).TotalCount, 1, "reset reloads B's latest seed");
        assert.equal((await call(emu.url, "gaap", "DescribeRules", { ListenerId: "listener-emu00001" }, asA())).TotalCount, 3, "and A's");
        emu.admin.seed({ seed: SECOND_ACCOUNT_SEED, ownerUin: B.ownerUin });
    });

    it("single account: the default seed belongs to the first credential's account, whatever its OwnerUin", async () => {
        const solo = { secretId: "AKIDEMULATOR000000000000000000000SOLO", secretKey: "solo-key", ownerUin: "300000000003" };
        const e = await startEmulator({ port: 0, rateLimits: false, credentials: [solo] });
        try {
            const o = { secretId: solo.secretId, secretKey: solo.secretKey };
            assert.equal((await call(e.url, "gaap", "DescribeRules", { ListenerId: "listener-emu00001" }, o)).TotalCount, 3);
            assert.equal(e.state.gaap.listeners["listener-emu00001"].OwnerUin, "300000000003");
            const { Id } = await call(e.url, "ssl", "CreateCSR", CSR, o);
            assert.equal((await call(e.url, "ssl", "DescribeCSR", { CSRId: Id }, o)).OwnerUin, "300000000003");
        } finally {
            await e.close();
        }
    });

    it("a state file from before accounts (no OwnerUin on GAAP/TEO objects) belongs to the default account", async () => {
        const dir = mkdtempSync(join(tmpdir(), "emu-accounts-"));
        const path = join(dir, "state.json");
        const first = await startEmulator({ port: 0, rateLimits: false, statePath: path });
        await first.close();
        const old = JSON.parse(readFileSync(path, "utf8"), (key, value) => (key === "OwnerUin" ? undefined : value));
        assert.equal(old.gaap.listeners["listener-emu00001"].OwnerUin, undefined);
        writeFileSync(path, JSON.stringify(old));
        const e = await startEmulator({ port: 0, rateLimits: false, statePath: path, credentials: [DEMO_CREDENTIALS, B] });
        try {
            assert.equal((await call(e.url, "gaap", "DescribeRules", { ListenerId: "listener-emu00001" })).TotalCount, 3);
            assert.equal((await call(e.url, "teo", "DescribeAccelerationDomains", { ZoneId: "zone-emu0example" })).TotalCount, 4);
            assert.equal(
                codeOf(await call(e.url, "gaap", "DescribeRules", { ListenerId: "listener-emu00001" }, { secretId: B.secretId, secretKey: B.secretKey })),
                "ResourceNotFound",
            );
        } finally {
            await e.close();
        }
    });

    it("seeds with the same id in two accounts are refused at start-up", async () => {
        await assert.rejects(
            startEmulator({ port: 0, credentials: [DEMO_CREDENTIALS, B], accountSeeds: { [B.ownerUin]: DEFAULT_SEED } }),
            /reuses GAAP proxy id link-emu00001 of account 100000000001/,
        );
    });

    it("CLI: --credential ID:KEY[:UIN] and --account-seed UIN=file.json", () => {
        const dir = mkdtempSync(join(tmpdir(), "emu-accounts-cli-"));
        const seedPath = join(dir, "b.json");
        writeFileSync(seedPath, JSON.stringify(SECOND_ACCOUNT_SEED));
        const o = parseArgs([
            "--credential",
            `${DEMO_CREDENTIALS.secretId}:${DEMO_CREDENTIALS.secretKey}`,
            "--credential",
            `${B.secretId}:${B.secretKey}:${B.ownerUin}`,
            "--account-seed",
            `${B.ownerUin}=${seedPath}`,
        ]);
        assert.deepEqual(o.credentials, [{ secretId: DEMO_CREDENTIALS.secretId, secretKey: DEMO_CREDENTIALS.secretKey }, { ...B }]);
        assert.deepEqual(o.accountSeeds, { [B.ownerUin]: SECOND_ACCOUNT_SEED });
        assert.deepEqual(parseArgs(["--credential", "ID:k:e:y:42"]).credentials, [{ secretId: "ID", secretKey: "k:e:y", ownerUin: "42" }]);
        assert.deepEqual(parseArgs(["--secret-id", "A", "--secret-key", "K", "--credential", "B:L:7"]).credentials, [
            { secretId: "A", secretKey: "K" },
            { secretId: "B", secretKey: "L", ownerUin: "7" },
        ]);
        assert.throws(() => parseArgs(["--credential", "nokey"]), /ID:KEY/);
        assert.throws(() => parseArgs(["--credential", "ID::42"]), /SecretKey is empty/);
        assert.throws(() => parseArgs(["--account-seed", "abc=x.json"]), /UIN=file.json/);
        assert.throws(() => parseArgs(["--account-seed", `7=${join(dir, "missing.json")}`]), /--account-seed/);
    });
});
