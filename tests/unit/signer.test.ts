import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { DEFAULT_SIGNED_HEADERS, SignableHeader } from "../../provider/tencentcloud/constants";
import { deriveSigningKey, sha256Hex, signRequest, SigningKeyCache, utcDate } from "../../provider/tencentcloud/signer";

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
    expected: { hashedPayload?: string; hashedCanonicalRequest?: string; credentialScope: string; signature: string; authorization?: string };
}

function loadVectors(): Vector[] {
    // A copy of the project's shared vectors lives next to the tests so a fresh clone has them.
    return JSON.parse(fs.readFileSync(path.join(__dirname, "fixtures", "tc3-vectors.json"), "utf8")).vectors;
}

describe("TC3 signer", () => {
    const vectors = loadVectors();

    it("has the shared vectors to check", () => {
        assert.ok(vectors.length >= 3);
    });

    for (const v of vectors) {
        describe(v.name, () => {
            const input = {
                secretId: v.secretId,
                secretKey: v.secretKey,
                service: v.service,
                host: v.host,
                action: v.action,
                timestamp: v.timestamp,
                payload: v.body,
                contentType: v.contentType,
                signedHeaders: v.signedHeaders.split(";") as SignableHeader[],
            };

            it("reproduces every expected value byte for byte", () => {
                const result = signRequest(input);
                assert.equal(result.credentialScope, v.expected.credentialScope);
                assert.equal(result.signature, v.expected.signature);
                assert.equal(result.signedHeaders, v.signedHeaders);
                if (v.expected.hashedPayload) {
                    assert.equal(result.hashedPayload, v.expected.hashedPayload);
                }
                if (v.expected.hashedCanonicalRequest) {
                    assert.equal(result.hashedCanonicalRequest, v.expected.hashedCanonicalRequest);
                }
                if (v.expected.authorization) {
                    assert.equal(result.authorization, v.expected.authorization);
                }
            });

            it("gives the same signature with a key cache, for string and byte payloads", () => {
                const cache = new SigningKeyCache();
                const first = signRequest(input, cache);
                const again = signRequest({ ...input, payload: Buffer.from(v.body, "utf8") }, cache);
                assert.equal(first.signature, v.expected.signature);
                assert.equal(again.signature, v.expected.signature);
                assert.equal(cache.size, 1);
            });
        });
    }

    it("uses the UTC date, not the local one, in the scope", () => {
        // 2024-12-31T16:03:20Z is already 2025-01-01 in UTC+8.
        assert.equal(utcDate(1735661000), "2024-12-31");
        assert.equal(
            signRequest({ secretId: "id", secretKey: "key", service: "ssl", host: "h", action: "A", timestamp: 1735661000, payload: "{}" }).date,
            "2024-12-31",
        );
    });

    it("builds the canonical request in the documented layout", () => {
        const result = signRequest({
            secretId: "id",
            secretKey: "key",
            service: "teo",
            host: "teo.tencentcloudapi.com",
            action: "ModifyHostsCertificate",
            timestamp: 1735689600,
            payload: "{}",
        });
        assert.equal(
            result.canonicalRequest,
            `POST\n/\n\ncontent-type:application/json\nhost:teo.tencentcloudapi.com\n\ncontent-type;host\n${sha256Hex("{}")}`,
        );
        assert.equal(result.stringToSign, `TC3-HMAC-SHA256\n1735689600\n2025-01-01/teo/tc3_request\n${result.hashedCanonicalRequest}`);
        assert.deepEqual(DEFAULT_SIGNED_HEADERS, ["content-type", "host"]);
    });

    it("sorts and lower-cases signed headers and lower-cases the signed action", () => {
        const a = signRequest({
            secretId: "id",
            secretKey: "k",
            service: "cvm",
            host: "h",
            action: "DescribeX",
            timestamp: 1,
            payload: "",
            signedHeaders: ["x-tc-action", "host", "content-type"],
        });
        assert.equal(a.signedHeaders, "content-type;host;x-tc-action");
        assert.ok(a.canonicalRequest.includes("\nx-tc-action:describex\n"));
    });

    it("changes the signature when any signed input changes", () => {
        const base = {
            secretId: "id",
            secretKey: "key",
            service: "ssl",
            host: "ssl.tencentcloudapi.com",
            action: "CreateCSR",
            timestamp: 1735689600,
            payload: '{"a":1}',
        };
        const reference = signRequest(base).signature;
        for (const change of [
            { secretKey: "key2" },
            { service: "gaap" },
            { host: "x" },
            { timestamp: 1735689601 },
            { payload: '{"a":2}' },
            { timestamp: 1735689600 + 86400 },
        ]) {
            assert.notEqual(signRequest({ ...base, ...change }).signature, reference, JSON.stringify(Object.keys(change)));
        }
    });

    it("derives a 32-byte signing key that depends on date and service", () => {
        const a = deriveSigningKey("k", "2025-01-01", "ssl");
        assert.equal(a.length, 32);
        assert.notDeepEqual(a, deriveSigningKey("k", "2025-01-02", "ssl"));
        assert.notDeepEqual(a, deriveSigningKey("k", "2025-01-01", "teo"));
    });

    it("hashes long multi-byte payloads correctly (scratch buffers grow)", () => {
        const long = "证书".repeat(5000);
        const crypto = require("node:crypto");
        assert.equal(sha256Hex(long), crypto.createHash("sha256").update(long, "utf8").digest("hex"));
        assert.equal(sha256Hex("abc"), crypto.createHash("sha256").update("abc").digest("hex"));
    });
});
