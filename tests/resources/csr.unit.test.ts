import { strict as assert } from "assert";
import { defaultCsrClientToken, CsrDeleteError, CsrAdoptionError } from "../../provider/resources/csr";
import { csrDefinition } from "../../provider/resources/csr/provider";
import { checkInputs } from "../../provider/resources/common/resource";
import { diffCsr } from "../../provider/resources/csr/diff";
import { UNKNOWN_VALUE } from "../../provider/resources/common/wire";
import { realClock } from "../../provider/resources/common/deps";
import { csrProviderOnFakeSsl } from "../support/csr-fake-ssl";
import { CSR_SUBJECT } from "../support/csr-subject";

const SECRET_WRAP = (value: unknown) => ({ "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", value });

const BASE = CSR_SUBJECT;

async function checked(provider: ReturnType<typeof csrProviderOnFakeSsl>["provider"], news: Record<string, unknown>) {
    const result = await provider.check!({}, news);
    assert.deepEqual(result.failures ?? [], [], JSON.stringify(result.failures));
    return result.inputs;
}

const checkCsrInputs = (news: Record<string, unknown>) => checkInputs(csrDefinition, news);

function failuresOf(news: Record<string, unknown>) {
    return checkCsrInputs(news).failures;
}

describe("CsrResource check", () => {
    it("applies defaults (RSA 2048, generate true) and upper-cases the country, without any API call", async () => {
        const { api, provider } = csrProviderOnFakeSsl();
        const inputs = await checked(provider, { ...BASE, country: "cn", clientToken: "abcdef123456" });
        assert.equal(inputs.encryptAlgo, "RSA");
        assert.equal(inputs.keyParameter, "2048");
        assert.equal(inputs.generate, true);
        assert.equal(inputs.country, "CN");
        assert.equal(api.calls.length, 0);
    });

    it("defaults ECC to prime256v1 and accepts a numeric RSA key size", () => {
        assert.equal(checkCsrInputs({ ...BASE, encryptAlgo: "ECC" }).inputs.keyParameter, "prime256v1");
        assert.equal(checkCsrInputs({ ...BASE, keyParameter: 4096 }).inputs.keyParameter, "4096");
    });

    const cases: [string, Record<string, unknown>, string, RegExp][] = [
        ["missing domain", { ...BASE, domain: undefined }, "domain", /domain is required/],
        ["domain not a host name", { ...BASE, domain: "not a domain" }, "domain", /fully qualified host name/],
        ["unicode domain", { ...BASE, domain: "bücher.example" }, "domain", /punycode/],
        ["domain too long", { ...BASE, domain: `${"a".repeat(60)}.example.com` }, "domain", /at most 64/],
        ["empty organization", { ...BASE, organization: "  " }, "organization", /must not be empty/],
        ["organization with '/'", { ...BASE, organization: "A/B" }, "organization", /not allowed: .*\//],
        ["organization too long", { ...BASE, organization: "x".repeat(65) }, "organization", /at most 64/],
        ["department with a line break", { ...BASE, department: "I\nT" }, "department", /U\+000A/],
        ["city with trailing space", { ...BASE, city: "Shenzhen " }, "city", /whitespace/],
        ["province not a string", { ...BASE, province: 12 }, "province", /must be a string/],
        ["email without @", { ...BASE, email: "admin.example.com" }, "email", /local-part@domain/],
        ["email with space", { ...BASE, email: "ad min@example.com" }, "email", /not an email address/],
        ["country name instead of code", { ...BASE, country: "China" }, "country", /alpha-2 code: two letters/],
        ["unassigned country code", { ...BASE, country: "XX" }, "country", /not an assigned/],
        ["unknown algorithm", { ...BASE, encryptAlgo: "DSA" }, "encryptAlgo", /allowed values: RSA, ECC/],
        ["ECC with an RSA size", { ...BASE, encryptAlgo: "ECC", keyParameter: "2048" }, "keyParameter", /allowed: prime256v1.*belongs to encryptAlgo RSA/],
        ["RSA with an ECC curve", { ...BASE, keyParameter: "prime256v1" }, "keyParameter", /allowed: 2048, 4096.*belongs to encryptAlgo ECC/],
        ["RSA 1024", { ...BASE, keyParameter: "1024" }, "keyParameter", /allowed: 2048, 4096/],
        ["generate as a string", { ...BASE, generate: "yes" }, "generate", /true or false/],
        ["remark with a tab", { ...BASE, remark: "a\tb" }, "remark", /control or invisible/],
        ["remark too long", { ...BASE, remark: "r".repeat(200) }, "remark", /at most/],
        ["remark ending with the token marker", { ...BASE, remark: "x [pulumi:abcdef]" }, "remark", /reserves/],
        ["tags as a list", { ...BASE, tags: [{ key: "a", value: "b" }] }, "tags", /map of tag key to tag value/],
        ["reserved tag prefix", { ...BASE, tags: { "qcloud:x": "1" } }, "tags", /reserves/],
        ["tag value not a string", { ...BASE, tags: { env: 1 } }, "tags", /must be a string/],
        ["tag key with a forbidden character", { ...BASE, tags: { "a#b": "1" } }, "tags", /may only contain/],
        ["adoptCsrId not a number", { ...BASE, adoptCsrId: "abc" }, "adoptCsrId", /positive integer/],
        ["adoptCsrId with tags", { ...BASE, adoptCsrId: 5, tags: { env: "prod" } }, "tags", /cannot be set together with adoptCsrId/],
        ["clientToken with upper case", { ...BASE, clientToken: "ABCDEF" }, "clientToken", /lower-case letters or digits/],
        ["misspelled property", { ...BASE, remarks: "x" }, "remarks", /unknown input 'remarks'; CsrResource takes: domain, .*, remark, .*, profile, region$/],
    ];
    for (const [title, news, property, reason] of cases) {
        it(`rejects ${title}, naming ${property}`, () => {
            const failures = failuresOf(news);
            const match = failures.find((f) => f.property === property);
            assert.ok(match, `expected a failure on ${property}, got ${JSON.stringify(failures)}`);
            assert.match(match!.reason, reason);
        });
    }

    it("never echoes the key password in a failure", () => {
        for (const keyPassword of ["abc", "has space inside", "x".repeat(80), "pässwörd1"]) {
            const failures = failuresOf({ ...BASE, keyPassword });
            assert.equal(failures.length, 1);
            assert.equal(failures[0].property, "keyPassword");
            assert.ok(!failures[0].reason.includes(keyPassword), failures[0].reason);
        }
    });

    it("accepts a secret-wrapped key password and returns it plain", () => {
        const result = checkCsrInputs({ ...BASE, keyPassword: SECRET_WRAP("S3cret-pass") });
        assert.deepEqual(result.failures, []);
        assert.equal(result.inputs.keyPassword, "S3cret-pass");
    });

    it("lets unknown preview values through unvalidated", () => {
        const result = checkCsrInputs({ ...BASE, domain: UNKNOWN_VALUE, keyPassword: UNKNOWN_VALUE, tags: UNKNOWN_VALUE });
        assert.deepEqual(result.failures, []);
        assert.equal(result.inputs.domain, UNKNOWN_VALUE);
    });

    it("accepts non-ASCII subject text (Chinese organization names)", () => {
        assert.deepEqual(failuresOf({ ...BASE, organization: "腾讯科技（深圳）有限公司", province: "广东", city: "深圳" }), []);
    });
});

describe("CsrResource diff", () => {
    const olds = (extra: Record<string, unknown> = {}) => ({
        ...BASE,
        encryptAlgo: "RSA",
        keyParameter: "2048",
        generate: false,
        csrId: 7,
        status: 0,
        createTime: "t",
        clientToken: "abcdef123456",
        ...extra,
    });
    const news = (extra: Record<string, unknown> = {}) => ({
        ...BASE,
        encryptAlgo: "RSA",
        keyParameter: "2048",
        generate: false,
        clientToken: "abcdef123456",
        ...extra,
    });

    it("reports no changes for equal values (client token differences ignored)", () => {
        assert.deepEqual(diffCsr(olds(), news({ clientToken: "zzzzzz999999" })), { changes: false, replaces: [], deleteBeforeReplace: false });
    });

    it("changes fields in place before generation", () => {
        const result = diffCsr(olds(), news({ remark: "new", organization: "Other Ltd" }));
        assert.equal(result.changes, true);
        assert.deepEqual(result.replaces, []);
    });

    it("treats generate false → true as in place", () => {
        assert.deepEqual(diffCsr(olds(), news({ generate: true })), { changes: true, replaces: [], deleteBeforeReplace: false });
    });

    it("replaces on any change once generated, listing exactly the changed fields", () => {
        const generated = olds({ generate: true, status: 1, csr: "PEM" });
        assert.deepEqual(diffCsr(generated, news({ generate: true, remark: "x", city: "Guangzhou" })).replaces, ["city", "remark"]);
        assert.deepEqual(diffCsr(generated, news({ generate: true })), { changes: false, replaces: [], deleteBeforeReplace: false });
        assert.deepEqual(diffCsr(generated, news({ generate: false })).replaces, ["generate"]);
    });

    it("compares the key password through secret wrappers, in either position", () => {
        assert.equal(diffCsr(olds({ keyPassword: "pw-one1" }), news({ keyPassword: SECRET_WRAP("pw-one1") })).changes, false);
        assert.equal(diffCsr(olds({ keyPassword: SECRET_WRAP("pw-one1") }), news({ keyPassword: "pw-one1" })).changes, false);
        const changed = diffCsr(olds({ keyPassword: "pw-one1", generate: true, status: 1 }), news({ keyPassword: SECRET_WRAP("pw-two2"), generate: true }));
        assert.deepEqual(changed.replaces, ["keyPassword"]);
    });

    it("always replaces on tags (only CreateCSR sets them) and on a different adoptCsrId", () => {
        assert.deepEqual(diffCsr(olds(), news({ tags: { env: "prod" } })).replaces, ["tags"]);
        assert.deepEqual(diffCsr(olds(), news({ adoptCsrId: 8 })).replaces, ["adoptCsrId"]);
        assert.equal(diffCsr(olds({ adoptCsrId: 7 }), news({ adoptCsrId: 7 })).changes, false);
        assert.equal(diffCsr(olds({ adoptCsrId: 7 }), news()).changes, false, "dropping adoptCsrId after adoption changes nothing");
    });

    it("treats an absent remark like an empty one", () => {
        assert.equal(diffCsr(olds({ remark: "" }), news()).changes, false);
    });

    it("counts unknown preview values as changes", () => {
        assert.deepEqual(diffCsr(olds({ generate: true, status: 1 }), news({ generate: true, domain: UNKNOWN_VALUE })).replaces, ["domain"]);
    });
});

describe("CsrResource create", () => {
    it("lists once, creates with the client token in the remark, reads the content, and returns plain outputs", async () => {
        const { api, provider } = csrProviderOnFakeSsl();
        const inputs = await checked(provider, { ...BASE, remark: "web", keyPassword: "pw-1234", clientToken: "abcdef123456" });
        const result = await provider.create!(inputs);
        assert.deepEqual(
            api.calls.map((c) => c.action),
            ["DescribeCSRSet", "CreateCSR", "DescribeCSR"],
        );
        const create = api.calls[1].params;
        assert.equal(create.Remark, "web [pulumi:abcdef123456]");
        assert.equal(create.Generate, true);
        assert.equal(create.KeyPassword, "pw-1234");
        assert.equal(result.id, String(result.outs.csrId));
        assert.equal(result.outs.remark, "web");
        assert.equal(result.outs.status, 1);
        assert.match(result.outs.csr, /BEGIN CERTIFICATE REQUEST/);
        assert.match(result.outs.privateKey, /BEGIN PRIVATE KEY/);
        assert.equal(result.outs.keyPassword, "pw-1234");
        assert.ok(
            Object.values(result.outs).every((v) => v !== undefined),
            "no undefined inside outputs",
        );
    });

    it("sends tags as TagKey/TagValue pairs and omits optional outputs that are absent", async () => {
        const { api, provider } = csrProviderOnFakeSsl();
        const result = await provider.create!(await checked(provider, { ...BASE, generate: false, tags: { env: "prod", team: "web" } }));
        assert.deepEqual(api.calls[1].params.Tags, [
            { TagKey: "env", TagValue: "prod" },
            { TagKey: "team", TagValue: "web" },
        ]);
        assert.equal(result.outs.generate, false);
        assert.equal(result.outs.status, 0);
        for (const absent of ["csr", "privateKey", "keyPassword", "remark"]) {
            assert.ok(!(absent in result.outs), `${absent} is omitted`);
        }
    });

    it("lists the account once for many creates in one process", async () => {
        const { api, provider } = csrProviderOnFakeSsl();
        await Promise.all(
            Array.from({ length: 20 }, (_, i) =>
                checked(provider, { ...BASE, domain: `h${i}.example.com`, clientToken: `token${i}aaaa` }).then((x) => provider.create!(x)),
            ),
        );
        assert.equal(api.count("DescribeCSRSet"), 1);
        assert.equal(api.count("CreateCSR"), 20);
        assert.equal(api.csrs.size, 20);
    });

    it("adopts the CSR a lost CreateCSR response created instead of creating a duplicate", async () => {
        const { api, provider } = csrProviderOnFakeSsl();
        api.fault = (call) => (call.action === "CreateCSR" && api.count("CreateCSR") === 1 ? "fail-after" : undefined);
        const result = await provider.create!(await checked(provider, { ...BASE, clientToken: "abcdef123456" }));
        assert.equal(api.csrs.size, 1, "exactly one CSR");
        assert.equal(api.count("CreateCSR"), 1, "not re-sent: the lookup found it");
        assert.equal(result.outs.csrId, [...api.csrs.keys()][0]);
    });

    it("without a client token, a lost response is still found by matching every field", async () => {
        const { api, provider } = csrProviderOnFakeSsl();
        api.seed({ ...{ Domain: "www.example.com" }, Remarks: "" }); // an identical CSR that existed before: never adopted
        api.fault = (call) => (call.action === "CreateCSR" && api.count("CreateCSR") === 1 ? "fail-after" : undefined);
        const result = await provider.create!(await checked(provider, { ...BASE, clientToken: "" }));
        assert.equal(api.csrs.size, 2);
        assert.equal(api.count("CreateCSR"), 1);
        assert.equal(result.outs.csrId, Math.max(...api.csrs.keys()));
    });

    it("after a CreateCSR timeout, keeps looking while the server may still be working, then adopts instead of re-sending", async () => {
        const { api, provider } = csrProviderOnFakeSsl();
        const { TencentCloudError } = await import("../../provider/tencentcloud/errors");
        let lateCreate: (() => Promise<unknown>) | undefined;
        const original = api.call.bind(api);
        api.call = async (s: any, v: any, action: string, p: object) => {
            if (action === "CreateCSR" && api.count("CreateCSR") === 0) {
                // The server finishes this create only after our second lookup: a slow generation.
                lateCreate = () => original(s, v, action, p);
                api.calls.push({ action: "CreateCSR(timed out)", params: p });
                throw new TencentCloudError("Client.Timeout", "no complete answer within 30000 ms");
            }
            if (action === "DescribeCSRSet" && lateCreate && api.count("DescribeCSRSet") === 2) {
                await lateCreate();
                lateCreate = undefined;
            }
            return original(s, v, action, p);
        };
        const result = await provider.create!(await checked(provider, { ...BASE, clientToken: "abcdef123456" }));
        assert.equal(api.csrs.size, 1, "exactly one CSR");
        assert.equal(result.outs.csrId, [...api.csrs.keys()][0]);
        assert.equal(api.count("CreateCSR"), 1, "the late CSR is adopted, CreateCSR is not re-sent");
    });

    it("neither looks for a CSR nor sends again after a busy answer the client gave up on (the client owns those retries)", async () => {
        const { api, provider } = csrProviderOnFakeSsl();
        const { TencentCloudError } = await import("../../provider/tencentcloud/errors");
        const original = api.call.bind(api);
        api.call = async (s: any, v: any, action: string, p: object) => {
            if (action === "CreateCSR") {
                api.calls.push({ action, params: p });
                throw new TencentCloudError("FailedOperation.NetworkError", "The CA system is busy. Try again later.");
            }
            return original(s, v, action, p);
        };
        await assert.rejects(provider.create!(await checked(provider, { ...BASE, clientToken: "abcdef123456" })), /CA system is busy/);
        assert.equal(api.count("CreateCSR"), 1, "no second send on top of the client's retries");
        assert.equal(api.count("DescribeCSRSet"), 1, "only the pre-create listing");
        assert.equal(api.csrs.size, 0);
    });

    it("retries a CreateCSR that failed before acting, and leaves exactly one CSR", async () => {
        const { api, provider } = csrProviderOnFakeSsl();
        api.fault = (call) => (call.action === "CreateCSR" && api.count("CreateCSR") === 1 ? "fail-before" : undefined);
        await provider.create!(await checked(provider, { ...BASE, clientToken: "abcdef123456" }));
        assert.equal(api.count("CreateCSR"), 2);
        assert.equal(api.csrs.size, 1);
    });

    it("does not retry or look up after a definite rejection", async () => {
        const { api, provider } = csrProviderOnFakeSsl();
        api.fault = (call) => (call.action === "CreateCSR" ? "fail-before" : undefined);
        const original = api.call.bind(api);
        api.call = async (s: any, v: any, action: string, p: object) => {
            if (action === "CreateCSR") {
                const { TencentCloudError } = await import("../../provider/tencentcloud/errors");
                api.calls.push({ action, params: p });
                throw new TencentCloudError("FailedOperation.InvalidParam", "Domain is not valid.");
            }
            return original(s, v, action, p);
        };
        await assert.rejects(provider.create!(await checked(provider, { ...BASE, clientToken: "abcdef123456" })), /Domain is not valid/);
        assert.equal(api.count("CreateCSR"), 1);
        assert.equal(api.count("DescribeCSRSet"), 1, "only the pre-create listing");
    });

    it("adopts the orphan an interrupted earlier run left (same token), without calling CreateCSR", async () => {
        const { api, provider } = csrProviderOnFakeSsl();
        const orphan = api.seed({ Domain: "www.example.com", Remarks: "web [pulumi:abcdef123456]", Status: 1, CSR: "PEM-CSR", PrivateKey: "PEM-KEY" });
        const result = await provider.create!(await checked(provider, { ...BASE, remark: "web", clientToken: "abcdef123456" }));
        assert.equal(result.outs.csrId, orphan.Id);
        assert.equal(api.count("CreateCSR"), 0);
        assert.equal(result.outs.privateKey, "PEM-KEY");
    });

    it("updates an ungenerated orphan to the inputs and generates it", async () => {
        const { api, provider } = csrProviderOnFakeSsl();
        const orphan = api.seed({ Domain: "www.example.com", Remarks: "[pulumi:abcdef123456]", City: "Guangzhou" });
        const result = await provider.create!(await checked(provider, { ...BASE, clientToken: "abcdef123456" }));
        assert.equal(result.outs.csrId, orphan.Id);
        const modify = api.calls.find((c) => c.action === "ModifyCSR")!.params;
        assert.deepEqual(modify, { CSRId: orphan.Id, Generate: true, City: "Shenzhen" });
        assert.equal(api.csrs.get(orphan.Id)!.Status, 1);
    });

    it("deletes an orphan that can no longer match (generated with other values) and creates a new CSR", async () => {
        const { api, provider } = csrProviderOnFakeSsl();
        const orphan = api.seed({ Domain: "www.example.com", Remarks: "[pulumi:abcdef123456]", Organization: "Old Ltd", Status: 1, CSR: "x" });
        const result = await provider.create!(await checked(provider, { ...BASE, clientToken: "abcdef123456" }));
        assert.notEqual(result.outs.csrId, orphan.Id);
        assert.ok(!api.csrs.has(orphan.Id), "the orphan is deleted");
        assert.equal(api.csrs.size, 1);
    });

    it("never adopts the CSR a replacement replaces, although it carries the same token", async () => {
        const { api, provider } = csrProviderOnFakeSsl();
        const old = api.seed({ Domain: "www.example.com", Remarks: "[pulumi:abcdef123456]", Status: 1, CSR: "x", PrivateKey: "k" });
        const olds = {
            ...BASE,
            encryptAlgo: "RSA",
            keyParameter: "2048",
            generate: true,
            csrId: old.Id,
            status: 1,
            csr: "x",
            clientToken: "abcdef123456",
            createTime: "t",
        };
        const news = await checked(provider, { ...BASE, clientToken: "abcdef123456" });
        const diff = await provider.diff!(String(old.Id), olds, { ...news, keyPassword: "changed1" });
        assert.deepEqual(diff.replaces, ["keyPassword"]);
        const created = await provider.create!({ ...news, keyPassword: "changed1" });
        assert.notEqual(created.outs.csrId, old.Id);
        assert.equal(api.count("CreateCSR"), 1);
    });

    it("adoptCsrId: adopts an existing ungenerated CSR, modifying what differs", async () => {
        const { api, provider } = csrProviderOnFakeSsl();
        const existing = api.seed({ Domain: "www.example.com", Remarks: "console remark", Department: "Ops" });
        const result = await provider.create!(
            await checked(provider, { ...BASE, adoptCsrId: existing.Id, remark: "console remark", clientToken: "abcdef123456" }),
        );
        assert.equal(result.id, String(existing.Id));
        assert.deepEqual(
            api.calls.map((c) => c.action),
            ["DescribeCSR", "ModifyCSR", "DescribeCSR"],
        );
        assert.deepEqual(api.calls[1].params, { CSRId: existing.Id, Generate: true, Department: "IT" });
        assert.equal(result.outs.adoptCsrId, existing.Id);
        assert.equal(api.count("CreateCSR"), 0);
    });

    it("adoptCsrId: explains a missing id and a generated CSR that differs", async () => {
        const { api, provider } = csrProviderOnFakeSsl();
        await assert.rejects(
            provider.create!(await checked(provider, { ...BASE, adoptCsrId: 424242 })),
            (err: any) => err instanceof CsrAdoptionError && /no CSR with this id/.test(err.message),
        );
        const generated = api.seed({ Domain: "www.example.com", Organization: "Other Ltd", Status: 1, CSR: "x" });
        await assert.rejects(
            provider.create!(await checked(provider, { ...BASE, adoptCsrId: generated.Id })),
            (err: any) => err instanceof CsrAdoptionError && /already generated.*organization \(remote "Other Ltd"\)/.test(err.message),
        );
    });

    it("derives stable, distinct default tokens from project, stack and name", () => {
        assert.equal(defaultCsrClientToken("p", "dev", "a"), defaultCsrClientToken("p", "dev", "a"));
        assert.notEqual(defaultCsrClientToken("p", "dev", "a"), defaultCsrClientToken("p", "dev", "b"));
        assert.match(defaultCsrClientToken("p", "dev", "a"), /^[0-9a-f]{12}$/);
    });
});

describe("CsrResource read", () => {
    it("refreshes 200 known CSRs with 2 DescribeCSRSet calls and no DescribeCSR", async () => {
        const { api, provider } = csrProviderOnFakeSsl();
        const olds = Array.from({ length: 200 }, (_, i) => {
            const rec = api.seed({ Domain: `h${i}.example.com`, Status: 1, CSR: `CSR${i}`, PrivateKey: `KEY${i}`, Remarks: `[pulumi:tok${i}xxx]` });
            return {
                ...BASE,
                domain: rec.Domain,
                encryptAlgo: "RSA",
                keyParameter: "2048",
                generate: true,
                csrId: rec.Id,
                status: 1,
                csr: `CSR${i}`,
                privateKey: `KEY${i}`,
                createTime: rec.CreateTime,
                clientToken: `tok${i}xxx`,
            };
        });
        const results = await Promise.all(olds.map((o) => provider.read!(String(o.csrId), o)));
        assert.equal(api.count("DescribeCSRSet"), 2);
        assert.equal(api.count("DescribeCSR"), 0);
        assert.equal(api.calls.length / 200 <= 0.1, true);
        assert.equal(results[5].props!.csr, "CSR5");
        assert.equal(results[5].props!.privateKey, "KEY5");
    });

    it("names out-of-band changes: remote values come back as outputs and as inputs", async () => {
        const { api, provider } = csrProviderOnFakeSsl();
        const rec = api.seed({ Domain: "www.example.com", Remarks: "edited in console [pulumi:abcdef123456]", Status: 1, CSR: "C", PrivateKey: "K" });
        const olds = {
            ...BASE,
            encryptAlgo: "RSA",
            keyParameter: "2048",
            generate: true,
            remark: "original",
            csrId: rec.Id,
            status: 1,
            csr: "C",
            privateKey: "K",
            createTime: rec.CreateTime,
            clientToken: "abcdef123456",
        };
        const result = await provider.read!(String(rec.Id), olds);
        assert.equal(result.props!.remark, "edited in console");
        assert.equal((result.inputs as any).remark, "edited in console");
        assert.ok(!("csr" in (result.inputs as any)), "inputs carry no output-only fields");
        assert.deepEqual(diffCsr(result.props!, { ...BASE, encryptAlgo: "RSA", keyParameter: "2048", generate: true, remark: "original" }).replaces, [
            "remark",
        ]);
    });

    it("returns an empty id for a deleted CSR", async () => {
        const { provider } = csrProviderOnFakeSsl();
        const result = await provider.read!("31337", { ...BASE, csrId: 31337, status: 1, csr: "C" });
        assert.equal(result.id, "");
    });

    it("reads content with DescribeCSR when it is not known yet (adopted with get)", async () => {
        const { api, provider } = csrProviderOnFakeSsl();
        const rec = api.seed({ Domain: "www.example.com", Status: 1, CSR: "C", PrivateKey: "K", KeyPassword: "pw-1234" });
        const result = await provider.read!(String(rec.Id), {});
        assert.deepEqual(
            api.calls.map((c) => c.action),
            ["DescribeCSRSet", "DescribeCSR"],
        );
        assert.equal(result.props!.csr, "C");
        assert.equal(result.props!.keyPassword, "pw-1234");
        assert.equal((result.inputs as any).domain, "www.example.com");
    });

    it("does not serve a CSR this process just wrote from the listing", async () => {
        const { api, provider } = csrProviderOnFakeSsl();
        const created = await provider.create!(await checked(provider, { ...BASE, generate: false, clientToken: "abcdef123456" }));
        await provider.update!(created.id, created.outs, {
            ...(await checked(provider, { ...BASE, generate: false, clientToken: "abcdef123456" })),
            remark: "changed",
        });
        const before = api.count("DescribeCSR");
        const read = await provider.read!(created.id, created.outs);
        assert.equal(api.count("DescribeCSR"), before + 1);
        assert.equal(read.props!.remark, "changed");
    });

    it("rejects an id that is not a CSR id", async () => {
        const { provider } = csrProviderOnFakeSsl();
        await assert.rejects(provider.read!("abc", {}), /not a CSR id/);
    });
});

describe("CsrResource update", () => {
    it("sends ModifyCSR with only the changed fields plus Generate, keeping the remark token", async () => {
        const { api, provider } = csrProviderOnFakeSsl();
        const created = await provider.create!(await checked(provider, { ...BASE, generate: false, remark: "a", clientToken: "abcdef123456" }));
        const news = await checked(provider, { ...BASE, generate: false, remark: "b", city: "Guangzhou", clientToken: "abcdef123456" });
        const updated = await provider.update!(created.id, created.outs, news);
        const modify = api.calls.find((c) => c.action === "ModifyCSR")!.params;
        assert.deepEqual(modify, { CSRId: created.outs.csrId, Generate: false, City: "Guangzhou", Remark: "b [pulumi:abcdef123456]" });
        assert.equal(updated.outs!.remark, "b");
        assert.equal(updated.outs!.city, "Guangzhou");
    });

    it("generates in place and returns the content", async () => {
        const { api, provider } = csrProviderOnFakeSsl();
        const created = await provider.create!(await checked(provider, { ...BASE, generate: false, clientToken: "abcdef123456" }));
        const updated = await provider.update!(created.id, created.outs, await checked(provider, { ...BASE, generate: true, clientToken: "abcdef123456" }));
        assert.deepEqual(api.calls.find((c) => c.action === "ModifyCSR")!.params, { CSRId: created.outs.csrId, Generate: true });
        assert.equal(updated.outs!.status, 1);
        assert.match(updated.outs!.csr, /BEGIN CERTIFICATE REQUEST/);
    });

    it("succeeds when a lost ModifyCSR answer is followed by a failing retry but the CSR reached the inputs", async () => {
        const { api, provider } = csrProviderOnFakeSsl();
        const created = await provider.create!(await checked(provider, { ...BASE, generate: false, clientToken: "abcdef123456" }));
        api.fault = (call) => (call.action === "ModifyCSR" ? "fail-after" : undefined);
        const updated = await provider.update!(created.id, created.outs, await checked(provider, { ...BASE, generate: true, clientToken: "abcdef123456" }));
        assert.equal(updated.outs!.status, 1);
    });
});

describe("CsrResource delete", () => {
    it("coalesces 150 concurrent deletes into exactly 2 BatchDeleteCSR calls", async () => {
        const { api, provider } = csrProviderOnFakeSsl();
        const ids = Array.from({ length: 150 }, (_, i) => api.seed({ Domain: `h${i}.example.com` }).Id);
        await Promise.all(ids.map((id) => provider.delete!(String(id), {})));
        assert.equal(api.count("BatchDeleteCSR"), 2);
        assert.deepEqual(
            api.calls.filter((c) => c.action === "BatchDeleteCSR").map((c) => c.params.CSRIds.length),
            [100, 50],
        );
        assert.equal(api.csrs.size, 0);
    });

    it("keeps a batch open while deletes trickle in (5 ms apart, as the engine starts them): 150 deletes, 2 calls", async () => {
        const { api, provider } = csrProviderOnFakeSsl(realClock);
        const ids = Array.from({ length: 150 }, (_, i) => api.seed({ Domain: `h${i}.example.com` }).Id);
        const deletes: Promise<void>[] = [];
        for (const id of ids) {
            deletes.push(provider.delete!(String(id), {}));
            await new Promise((resolve) => setTimeout(resolve, 5));
        }
        await Promise.all(deletes);
        assert.deepEqual(
            api.calls.filter((c) => c.action === "BatchDeleteCSR").map((c) => c.params.CSRIds.length),
            [100, 50],
        );
    });

    it("counts an already-missing CSR as deleted", async () => {
        const { api, provider } = csrProviderOnFakeSsl();
        const id = api.seed({ Domain: "a.example.com" }).Id;
        await Promise.all([provider.delete!(String(id), {}), provider.delete!("999999", {})]);
        assert.equal(api.count("BatchDeleteCSR"), 1);
        assert.equal(api.count("DescribeCSR"), 1, "the id missing from Success is checked");
    });

    it("retries what a partial success left, and fails exactly the ids that still exist", async () => {
        const { api, provider } = csrProviderOnFakeSsl();
        const ids = Array.from({ length: 5 }, (_, i) => api.seed({ Domain: `h${i}.example.com` }).Id);
        api.undeletable.add(ids[2]);
        const results = await Promise.allSettled(ids.map((id) => provider.delete!(String(id), {})));
        assert.deepEqual(
            results.map((r) => r.status),
            ["fulfilled", "fulfilled", "rejected", "fulfilled", "fulfilled"],
        );
        const error = (results[2] as PromiseRejectedResult).reason;
        assert.ok(error instanceof CsrDeleteError);
        assert.equal(error.csrId, ids[2]);
        assert.match(error.message, new RegExp(`CSR ${ids[2]}`));
        assert.deepEqual(
            api.calls.filter((c) => c.action === "BatchDeleteCSR").map((c) => c.params.CSRIds),
            [ids, [ids[2]]],
        );
    });

    it("confirms a whole-batch failure id by id: gone ids succeed, the others get the API's error", async () => {
        const { api, provider } = csrProviderOnFakeSsl();
        const ids = Array.from({ length: 3 }, (_, i) => api.seed({ Domain: `h${i}.example.com` }).Id);
        api.fault = (call) => (call.action === "BatchDeleteCSR" ? "fail-after" : undefined);
        api.undeletable.add(ids[1]);
        const results = await Promise.allSettled(ids.map((id) => provider.delete!(String(id), {})));
        assert.deepEqual(
            results.map((r) => r.status),
            ["fulfilled", "rejected", "fulfilled"],
        );
        const reason = (results[1] as PromiseRejectedResult).reason;
        assert.equal(reason.code, "Client.NetworkError");
        assert.match(reason.message, new RegExp(`could not delete CSR ${ids[1]}`));
    });
});
