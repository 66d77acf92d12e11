import { strict as assert } from "node:assert";
import { execFileSync } from "node:child_process";
import { createPrivateKey, createPublicKey, verify as verifySignature } from "node:crypto";
import { AsnConvert } from "@peculiar/asn1-schema";
import { CertificationRequest } from "@peculiar/asn1-csr";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startEmulator, type Emulator } from "../../emulator";
import { call, codeOf } from "../support/raw-api-call";

const subject = {
    Domain: "www.example.com",
    Organization: "Example Ltd",
    Department: "Ops",
    Email: "ops@example.com",
    Province: "Guangdong",
    City: "Shenzhen",
    Country: "CN",
};
const create = (url: string, extra: object = {}) =>
    call(url, "ssl", "CreateCSR", { ...subject, EncryptAlgo: "ECC", KeyParameter: "prime256v1", Generate: false, ...extra });
const hasOpenssl = process.env.CSR_VERIFY_WITHOUT_OPENSSL ? false : ["/usr/bin/openssl", "/usr/local/bin/openssl"].some(existsSync);

/** Verifies a PKCS#10 self-signature without openssl: the signature over the DER of the request info. */
function verifyCsrSelfSignature(pem: string): boolean {
    const der = Buffer.from(pem.replace(/-----[^-]+-----/g, "").replace(/\s+/g, ""), "base64");
    const request = AsnConvert.parse(der, CertificationRequest);
    const info = Buffer.from(AsnConvert.serialize(request.certificationRequestInfo));
    const spki = Buffer.from(AsnConvert.serialize(request.certificationRequestInfo.subjectPKInfo));
    const key = createPublicKey({ key: spki, format: "der", type: "spki" });
    return verifySignature("sha256", info, key, Buffer.from(request.signature));
}

function opensslVerify(pem: string): string {
    const dir = mkdtempSync(join(tmpdir(), "emu-csr-"));
    const file = join(dir, "req.pem");
    writeFileSync(file, pem);
    return execFileSync("openssl", ["req", "-in", file, "-verify", "-noout", "-subject"], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
}

describe("emulator: SSL CSR actions (2019-12-05)", () => {
    let emu: Emulator;
    before(async () => {
        emu = await startEmulator({ port: 0, rateLimits: false });
    });
    after(() => emu.close());
    beforeEach(() => emu.admin.reset());

    it("CreateCSR without Generate stores an editable record (Status 0, no CSR or key)", async () => {
        const r = await create(emu.url, { Remark: "first" });
        assert.equal(codeOf(r), "OK");
        assert.equal(typeof r.Id, "number");
        const d = await call(emu.url, "ssl", "DescribeCSR", { CSRId: r.Id });
        assert.deepEqual(
            Object.keys(d).sort(),
            [
                "CSR",
                "City",
                "Country",
                "CreateTime",
                "Department",
                "Domain",
                "Email",
                "EncryptAlgo",
                "Id",
                "KeyParameter",
                "KeyPassword",
                "Organization",
                "OwnerUin",
                "PrivateKey",
                "Province",
                "Remarks",
                "RequestId",
                "Status",
            ].sort(),
        );
        assert.equal(d.Status, 0);
        assert.equal(d.CSR, null);
        assert.equal(d.PrivateKey, null);
        assert.equal(d.KeyPassword, null);
        assert.equal(d.Remarks, "first");
        assert.equal(d.OwnerUin, "100000000001");
        assert.match(d.CreateTime, /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    });

    for (const [algo, param, keyType] of [
        ["ECC", "prime256v1", "ec"],
        ["RSA", "2048", "rsa"],
    ] as const) {
        it(`CreateCSR with Generate makes a real ${algo} ${param} PKCS#10 request whose self-signature verifies`, async () => {
            const r = await create(emu.url, { EncryptAlgo: algo, KeyParameter: param, Generate: true });
            const d = await call(emu.url, "ssl", "DescribeCSR", { CSRId: r.Id });
            assert.equal(d.Status, 1);
            assert.match(d.CSR, /^-----BEGIN CERTIFICATE REQUEST-----\n/);
            assert.match(d.PrivateKey, /^-----BEGIN PRIVATE KEY-----\n/);
            const key = createPrivateKey(d.PrivateKey);
            assert.equal(key.asymmetricKeyType, keyType);
            if (keyType === "rsa") assert.equal(key.asymmetricKeyDetails?.modulusLength, 2048);
            if (hasOpenssl) {
                const out = opensslVerify(d.CSR);
                assert.match(out, /CN ?= ?www\.example\.com/);
                assert.match(out, /O ?= ?Example Ltd/);
            } else {
                assert.equal(verifyCsrSelfSignature(d.CSR), true);
            }
        });
    }

    it("encrypts the private key with KeyPassword: it decrypts with the password only", async () => {
        const r = await create(emu.url, { Generate: true, KeyPassword: "s3cret-pass" });
        const d = await call(emu.url, "ssl", "DescribeCSR", { CSRId: r.Id });
        assert.equal(d.KeyPassword, "s3cret-pass");
        assert.match(d.PrivateKey, /^-----BEGIN ENCRYPTED PRIVATE KEY-----\n/);
        assert.equal(createPrivateKey({ key: d.PrivateKey, passphrase: "s3cret-pass" }).asymmetricKeyType, "ec");
        assert.throws(() => createPrivateKey({ key: d.PrivateKey, passphrase: "wrong" }));
        assert.throws(() => createPrivateKey({ key: d.PrivateKey }));
    });

    it("CreateCSR refuses bad fields with FailedOperation.InvalidParam before storing anything", async () => {
        for (const bad of [
            { KeyParameter: "1024", EncryptAlgo: "RSA" },
            { EncryptAlgo: "ECC", KeyParameter: "secp384r1" },
            { EncryptAlgo: "DSA" },
            { Country: "China" },
            { Email: "not-an-email" },
            { Domain: "bad domain" },
        ]) {
            assert.equal(codeOf(await create(emu.url, bad)), "FailedOperation.InvalidParam", JSON.stringify(bad));
        }
        assert.equal(codeOf(await call(emu.url, "ssl", "CreateCSR", { ...subject, EncryptAlgo: "RSA", KeyParameter: "2048" })), "MissingParameter");
        assert.equal((await call(emu.url, "ssl", "DescribeCSRSet", {})).Total, 0);
    });

    it("DescribeCSR of an unknown id answers InvalidParameter.InvalidCSRId", async () => {
        assert.equal(codeOf(await call(emu.url, "ssl", "DescribeCSR", { CSRId: 999999 })), "InvalidParameter.InvalidCSRId");
        assert.equal(codeOf(await call(emu.url, "ssl", "DescribeCSR", { CSRId: -1 })), "InvalidParameter.InvalidCSRId");
    });

    it("DescribeCSRSet pages newest first (default 10, max 100) and filters by Domain and EncryptAlgo", async () => {
        const ids: number[] = [];
        for (let i = 0; i < 12; i++)
            ids.push(
                (
                    await create(emu.url, {
                        Domain: i % 3 === 0 ? `shop${i}.example.org` : `www${i}.example.com`,
                        EncryptAlgo: i % 2 ? "RSA" : "ECC",
                        KeyParameter: i % 2 ? "2048" : "prime256v1",
                    })
                ).Id,
            );
        const first = await call(emu.url, "ssl", "DescribeCSRSet", {});
        assert.equal(first.Total, 12);
        assert.equal(first.Set.length, 10);
        assert.deepEqual(
            first.Set.map((x: { Id: number }) => x.Id),
            [...ids].reverse().slice(0, 10),
        );
        assert.deepEqual(
            Object.keys(first.Set[0]).sort(),
            [
                "City",
                "Country",
                "CreateTime",
                "Department",
                "Domain",
                "Email",
                "EncryptAlgo",
                "Id",
                "KeyParameter",
                "Organization",
                "OwnerUin",
                "Province",
                "Remarks",
                "Status",
            ].sort(),
        );
        const second = await call(emu.url, "ssl", "DescribeCSRSet", { Offset: 10, Limit: 10 });
        assert.deepEqual(
            second.Set.map((x: { Id: number }) => x.Id),
            [ids[1], ids[0]],
        );
        assert.equal((await call(emu.url, "ssl", "DescribeCSRSet", { Offset: 20 })).Set.length, 0);
        assert.equal((await call(emu.url, "ssl", "DescribeCSRSet", { Limit: 100 })).Set.length, 12);
        assert.equal(codeOf(await call(emu.url, "ssl", "DescribeCSRSet", { Limit: 101 })), "FailedOperation.InvalidParam");
        const org = await call(emu.url, "ssl", "DescribeCSRSet", { Domain: "example.org", Limit: 100 });
        assert.equal(org.Total, 4);
        const rsa = await call(emu.url, "ssl", "DescribeCSRSet", { EncryptAlgo: "RSA", Limit: 100 });
        assert.equal(rsa.Total, 6);
        assert.ok(rsa.Set.every((x: { EncryptAlgo: string }) => x.EncryptAlgo === "RSA"));
    });

    it("ModifyCSR edits an ungenerated CSR, can generate it, and is refused once generated", async () => {
        const { Id } = await create(emu.url);
        const m = await call(emu.url, "ssl", "ModifyCSR", { CSRId: Id, Generate: false, Remark: "edited", City: "Guangzhou" });
        assert.equal(codeOf(m), "OK");
        assert.equal(m.Id, Id);
        let d = await call(emu.url, "ssl", "DescribeCSR", { CSRId: Id });
        assert.equal(d.Remarks, "edited");
        assert.equal(d.City, "Guangzhou");
        assert.equal(d.Status, 0);
        assert.equal(
            codeOf(await call(emu.url, "ssl", "ModifyCSR", { CSRId: Id, Generate: false, KeyParameter: "4096", EncryptAlgo: "ECC" })),
            "InvalidParameter.WithDetailReason",
        );
        assert.equal(codeOf(await call(emu.url, "ssl", "ModifyCSR", { CSRId: Id, Generate: true })), "OK");
        d = await call(emu.url, "ssl", "DescribeCSR", { CSRId: Id });
        assert.equal(d.Status, 1);
        assert.ok(d.CSR);
        const refused = await call(emu.url, "ssl", "ModifyCSR", { CSRId: Id, Generate: false, Remark: "again" });
        assert.equal(codeOf(refused), "FailedOperation");
        assert.match(refused.Error.Message, /generated/);
        assert.equal(codeOf(await call(emu.url, "ssl", "ModifyCSR", { CSRId: 424242, Generate: false })), "InvalidParameter.InvalidCSRId");
    });

    it("two ModifyCSR calls generating one CSR at once: the first generates, the second sees it generated (one key pair)", async () => {
        // RSA 4096: generating takes long enough for the second call to arrive meanwhile.
        const { Id } = await create(emu.url, { EncryptAlgo: "RSA", KeyParameter: "4096" });
        const answers = await Promise.all([1, 2].map(() => call(emu.url, "ssl", "ModifyCSR", { CSRId: Id, Generate: true })));
        assert.deepEqual(answers.map(codeOf).sort(), ["FailedOperation", "OK"]);
        const d = await call(emu.url, "ssl", "DescribeCSR", { CSRId: Id });
        assert.equal(d.Status, 1);
        assert.equal(emu.state.ssl.csrs[String(Id)].PrivateKey, d.PrivateKey);
    });

    it("BatchDeleteCSR deletes what exists, lists only those in Success, and enforces 1..100 ids", async () => {
        const a = (await create(emu.url)).Id;
        const b = (await create(emu.url)).Id;
        const r = await call(emu.url, "ssl", "BatchDeleteCSR", { CSRIds: [a, 777777, b] });
        assert.deepEqual(r.Success, [a, b]);
        assert.equal(codeOf(await call(emu.url, "ssl", "DescribeCSR", { CSRId: a })), "InvalidParameter.InvalidCSRId");
        assert.deepEqual((await call(emu.url, "ssl", "BatchDeleteCSR", { CSRIds: [a] })).Success, []);
        assert.equal(codeOf(await call(emu.url, "ssl", "BatchDeleteCSR", { CSRIds: [] })), "InvalidParameter");
        assert.equal(codeOf(await call(emu.url, "ssl", "BatchDeleteCSR", { CSRIds: Array.from({ length: 101 }, (_, i) => i + 1) })), "InvalidParameterValue");
        assert.equal(codeOf(await call(emu.url, "ssl", "BatchDeleteCSR", { CSRIds: Array.from({ length: 100 }, (_, i) => i + 1) })), "OK");
        assert.equal(codeOf(await call(emu.url, "ssl", "BatchDeleteCSR", { CSRIds: [0] })), "InvalidParameter.InvalidCSRId");
        assert.equal(codeOf(await call(emu.url, "ssl", "BatchDeleteCSR", { CSRIds: ["1"] })), "InvalidParameter");
    });

    it("admin drift: modifyCsr changes what DescribeCSR returns, deleteCsr removes it", async () => {
        const { Id } = await create(emu.url);
        emu.admin.modifyCsr({ id: Id, fields: { Remarks: "changed in console" } });
        assert.equal((await call(emu.url, "ssl", "DescribeCSR", { CSRId: Id })).Remarks, "changed in console");
        assert.equal(emu.admin.deleteCsr({ id: Id }), true);
        assert.equal(codeOf(await call(emu.url, "ssl", "DescribeCSR", { CSRId: Id })), "InvalidParameter.InvalidCSRId");
    });

    it("keeps answering other calls while an RSA 4096 key is generated", async () => {
        const slow = create(emu.url, { EncryptAlgo: "RSA", KeyParameter: "4096", Generate: true });
        let fastAnswers = 0;
        let slowDone = false;
        void slow.then(() => (slowDone = true));
        while (!slowDone && fastAnswers < 3) {
            assert.equal(codeOf(await call(emu.url, "ssl", "DescribeCSRSet", {})), "OK");
            if (!slowDone) fastAnswers++;
        }
        const r = await slow;
        assert.equal(codeOf(r), "OK");
        assert.ok(fastAnswers >= 1, "a describe completed while the 4096-bit key was being generated");
        const d = await call(emu.url, "ssl", "DescribeCSR", { CSRId: r.Id });
        assert.equal(createPrivateKey(d.PrivateKey).asymmetricKeyDetails?.modulusLength, 4096);
    });
});
