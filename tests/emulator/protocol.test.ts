import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { DEMO_CREDENTIALS, startEmulator, type Emulator } from "../../emulator";
import { computeSignature } from "../../emulator/tc3";
import { call, codeOf, post, sign } from "../support/raw-api-call";

interface Vector {
    name: string;
    secretId: string;
    secretKey: string;
    timestamp: number;
    service: string;
    host: string;
    action: string;
    version: string;
    region: string | null;
    contentType: string;
    signedHeaders: string;
    body: string;
    expected: { signature: string };
}
const vectors = (JSON.parse(readFileSync(join(__dirname, "..", "unit", "fixtures", "tc3-vectors.json"), "utf8")) as { vectors: Vector[] }).vectors;

describe("emulator: TC3 signature verification and protocol errors", () => {
    let emu: Emulator;
    let now = Date.now();
    const clock = (): number => now;
    const extra = { secretId: "AKIDTOKENUSER000000000000000000000001", secretKey: "token-user-key", token: "session-token-1" };

    before(async () => {
        emu = await startEmulator({ port: 0, clock, credentials: [DEMO_CREDENTIALS, extra], rateLimits: false });
    });
    after(() => emu.close());
    beforeEach(() => {
        now = Date.now();
    });

    for (const v of vectors) {
        it(`emulator verifier reproduces vector "${v.name}"`, () => {
            const headers: Record<string, string> = { "content-type": v.contentType, host: v.host, "x-tc-action": v.action.toLowerCase() };
            const signature = computeSignature({
                secretKey: v.secretKey,
                headers,
                signedHeaders: v.signedHeaders.split(";"),
                body: Buffer.from(v.body, "utf8"),
                timestamp: String(v.timestamp),
                date: new Date(v.timestamp * 1000).toISOString().slice(0, 10),
                service: v.service,
            });
            assert.equal(signature, v.expected.signature);
        });
        if (v.signedHeaders === "content-type;host") {
            it(`test signer reproduces vector "${v.name}"`, () => {
                const { signature } = sign({ ...v, region: v.region ?? undefined, body: v.body, contentType: v.contentType });
                assert.equal(signature, v.expected.signature);
            });
        }
    }

    const base = (overrides: Partial<Parameters<typeof sign>[0]> = {}) => {
        const host = new URL(emu.url).host;
        const body = overrides.body ?? JSON.stringify({ Limit: 1 });
        return {
            input: {
                ...DEMO_CREDENTIALS,
                service: "ssl",
                host,
                action: "DescribeCSRSet",
                version: "2019-12-05",
                timestamp: Math.floor(now / 1000),
                body,
                ...overrides,
            },
            body,
        };
    };

    it("accepts a correctly signed request, answers JSON with RequestId and a Date header", async () => {
        const { input, body } = base();
        const res = await post(emu.url, sign(input).headers, body);
        assert.equal(res.status, 200);
        assert.equal(codeOf(res.json.Response), "OK");
        assert.match(res.json.Response.RequestId, /^[0-9a-f-]{36}$/);
        assert.equal(res.json.Response.Total, 0);
        assert.ok(res.headers.date, "Date header present");
        assert.ok(Math.abs(Date.parse(String(res.headers.date)) - now) < 2000);
    });

    it("rejects a one-byte change to the body", async () => {
        const { input, body } = base();
        const res = await post(emu.url, sign(input).headers, body.replace("1", "2"));
        assert.equal(res.json.Response.Error.Code, "AuthFailure.SignatureFailure");
        assert.equal(res.status, 200);
    });

    it("rejects a one-byte change to the Host header", async () => {
        const { input, body } = base();
        const headers = sign(input).headers;
        headers.Host = headers.Host.replace("127.0.0.1", "127.0.0.2");
        const res = await post(emu.url, headers, body);
        assert.equal(res.json.Response.Error.Code, "AuthFailure.SignatureFailure");
    });

    it("rejects a one-second change to X-TC-Timestamp", async () => {
        const { input, body } = base();
        const headers = sign(input).headers;
        headers["X-TC-Timestamp"] = String(Number(headers["X-TC-Timestamp"]) - 1);
        const res = await post(emu.url, headers, body);
        assert.equal(res.json.Response.Error.Code, "AuthFailure.SignatureFailure");
    });

    it("rejects a one-character change to the signature", async () => {
        const { input, body } = base();
        const { headers, signature } = sign(input);
        const flipped = signature.slice(0, -1) + (signature.endsWith("0") ? "1" : "0");
        headers.Authorization = headers.Authorization.replace(signature, flipped);
        const res = await post(emu.url, headers, body);
        assert.equal(res.json.Response.Error.Code, "AuthFailure.SignatureFailure");
    });

    it("rejects a missing or foreign Authorization header with SignatureFailure", async () => {
        const { input, body } = base();
        const headers = sign(input).headers;
        delete (headers as Record<string, string>).Authorization;
        assert.equal((await post(emu.url, headers, body)).json.Response.Error.Code, "AuthFailure.SignatureFailure");
        headers.Authorization = "HMAC-SHA1 whatever";
        assert.equal((await post(emu.url, headers, body)).json.Response.Error.Code, "AuthFailure.SignatureFailure");
    });

    it("answers SignatureExpire when the timestamp is more than 5 minutes off the emulator clock, both directions", async () => {
        const ts = Math.floor(now / 1000);
        for (const offset of [-301, 301]) {
            const r = await call(emu.url, "ssl", "DescribeCSRSet", {}, { timestamp: ts + offset });
            assert.equal(codeOf(r), "AuthFailure.SignatureExpire", `offset ${offset}`);
        }
        for (const offset of [-299, 299]) {
            assert.equal(codeOf(await call(emu.url, "ssl", "DescribeCSRSet", {}, { timestamp: ts + offset })), "OK", `offset ${offset}`);
        }
        // Moving the emulator clock makes a fresh signature expire too.
        const signedAt = ts;
        now += 10 * 60_000;
        assert.equal(codeOf(await call(emu.url, "ssl", "DescribeCSRSet", {}, { timestamp: signedAt })), "AuthFailure.SignatureExpire");
    });

    it("answers SecretIdNotFound for an unknown SecretId and SignatureFailure for a wrong key", async () => {
        assert.equal(codeOf(await call(emu.url, "ssl", "DescribeCSRSet", {}, { secretId: "AKIDUNKNOWN" })), "AuthFailure.SecretIdNotFound");
        assert.equal(codeOf(await call(emu.url, "ssl", "DescribeCSRSet", {}, { secretKey: "wrong" })), "AuthFailure.SignatureFailure");
    });

    it("requires the configured X-TC-Token for a SecretId with a token, and refuses a token on a permanent key", async () => {
        const asTokenUser = { secretId: extra.secretId, secretKey: extra.secretKey };
        assert.equal(codeOf(await call(emu.url, "ssl", "DescribeCSRSet", {}, asTokenUser)), "AuthFailure.TokenFailure");
        assert.equal(codeOf(await call(emu.url, "ssl", "DescribeCSRSet", {}, { ...asTokenUser, token: "other" })), "AuthFailure.TokenFailure");
        assert.equal(codeOf(await call(emu.url, "ssl", "DescribeCSRSet", {}, { ...asTokenUser, token: extra.token })), "OK");
        assert.equal(codeOf(await call(emu.url, "ssl", "DescribeCSRSet", {}, { token: "unexpected" })), "AuthFailure.TokenFailure");
    });

    it("serves all three services on one port, chosen by the credential scope", async () => {
        assert.equal(codeOf(await call(emu.url, "ssl", "DescribeCSRSet", {})), "OK");
        assert.equal(codeOf(await call(emu.url, "gaap", "DescribeRules", { ListenerId: "listener-emu00001" })), "OK");
        assert.equal(codeOf(await call(emu.url, "teo", "DescribeAccelerationDomains", { ZoneId: "zone-emu0example" })), "OK");
        assert.equal(codeOf(await call(emu.url, "teo", "DescribeHostsCertificate", { ZoneId: "zone-emu0example" }, { version: "2022-01-06" })), "OK");
    });

    it("answers NoSuchVersion for an unknown version and InvalidAction for an action not in that version", async () => {
        assert.equal(codeOf(await call(emu.url, "ssl", "DescribeCSRSet", {}, { version: "2020-01-01" })), "NoSuchVersion");
        assert.equal(codeOf(await call(emu.url, "ssl", "UploadCertificate", {})), "InvalidAction");
        // DescribeHostsCertificate exists only in 2022-01-06, DescribeAccelerationDomains only in 2022-09-01.
        assert.equal(codeOf(await call(emu.url, "teo", "DescribeHostsCertificate", { ZoneId: "zone-emu0example" })), "InvalidAction");
        assert.equal(
            codeOf(await call(emu.url, "teo", "DescribeAccelerationDomains", { ZoneId: "zone-emu0example" }, { version: "2022-01-06" })),
            "InvalidAction",
        );
        // An action of another service is not found through this scope.
        assert.equal(codeOf(await call(emu.url, "gaap", "DescribeCSRSet", {}, { version: "2019-12-05" })), "NoSuchVersion");
        assert.equal(codeOf(await call(emu.url, "gaap", "DescribeCSRSet", {}, { version: "2018-05-29" })), "InvalidAction");
    });

    it("answers InvalidParameter for malformed JSON and non-object bodies", async () => {
        for (const body of ["{not json", "[1,2]", "42"]) {
            const { input } = base({ body });
            const res = await post(emu.url, sign(input).headers, body);
            assert.equal(res.json.Response.Error.Code, "InvalidParameter", body);
        }
    });

    it("answers MissingParameter, InvalidParameter (type) and UnknownParameter like the gateway", async () => {
        assert.equal(codeOf(await call(emu.url, "ssl", "DescribeCSR", {})), "MissingParameter");
        const wrongType = await call(emu.url, "ssl", "DescribeCSR", { CSRId: "12" });
        assert.equal(codeOf(wrongType), "InvalidParameter");
        assert.match(wrongType.Error.Message, /CSRId/);
        assert.equal(codeOf(await call(emu.url, "ssl", "DescribeCSRSet", { Limit: -1 })), "InvalidParameter");
        assert.equal(codeOf(await call(emu.url, "ssl", "DescribeCSRSet", { Limit: 1.5 })), "InvalidParameter");
        const unknown = await call(emu.url, "ssl", "DescribeCSRSet", { Limits: 5 });
        assert.equal(codeOf(unknown), "UnknownParameter");
        assert.match(unknown.Error.Message, /Limits/);
        assert.equal(
            codeOf(await call(emu.url, "gaap", "ModifyCertificate", { ListenerId: "listener-emu00001", Domain: "www.example.com" })),
            "MissingParameter",
        );
        assert.equal(
            codeOf(await call(emu.url, "teo", "ModifyHostsCertificate", { ZoneId: "zone-emu0example", Hosts: "www.example.com" })),
            "InvalidParameter",
        );
        assert.equal(
            codeOf(
                await call(emu.url, "teo", "ModifyHostsCertificate", {
                    ZoneId: "zone-emu0example",
                    Hosts: ["www.example.com"],
                    ServerCertInfo: [{ Alias: "x" }],
                }),
            ),
            "MissingParameter",
        );
    });

    it("logs every call with the service, version, action, code and redacted secrets", async () => {
        emu.admin.clearLog();
        await call(emu.url, "ssl", "CreateCSR", {
            Domain: "bad domain",
            Organization: "O",
            Department: "D",
            Email: "a@b.cn",
            Province: "P",
            City: "C",
            Country: "CN",
            EncryptAlgo: "RSA",
            KeyParameter: "2048",
            Generate: false,
            KeyPassword: "hunter2-secret",
        });
        await call(emu.url, "ssl", "DescribeCSRSet", {}, { secretId: "AKIDNOPE" });
        assert.equal(emu.log.length, 2);
        const [create, denied] = emu.log;
        assert.deepEqual([create.service, create.version, create.action, create.code], ["ssl", "2019-12-05", "CreateCSR", "FailedOperation.InvalidParam"]);
        assert.equal(create.params.KeyPassword, "***");
        assert.equal(create.secretId, DEMO_CREDENTIALS.secretId);
        assert.ok(!JSON.stringify(emu.log).includes("hunter2-secret"));
        assert.ok(!JSON.stringify(emu.log).includes(DEMO_CREDENTIALS.secretKey));
        assert.equal(denied.code, "AuthFailure.SecretIdNotFound");
        assert.ok(create.durationMs >= 0 && typeof create.time === "number");
    });
});
