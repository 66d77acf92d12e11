import { strict as assert } from "node:assert";
import { Agent } from "undici";
import { createClient, TencentCloudClient } from "../../provider/tencentcloud/client";
import {
    AbortedError,
    CredentialsRejectedError,
    EndpointUnreachableError,
    HttpStatusError,
    InvalidResponseError,
    NetworkError,
    ResponseTooLargeError,
    SignatureExpireError,
    TimeoutError,
} from "../../provider/tencentcloud/errors";
import type { Logger } from "../../provider/tencentcloud/log";
import { UNREACHABLE_RETRY } from "../../provider/tencentcloud/retry";
import { ClientSettings, resolveSettings } from "../../provider/tencentcloud/settings";
import { configOf } from "../support/config-source";
import { apiError, failure, json, ok, reset, Script, startLoopbackServer, verifyTc3 } from "../support/loopback-server";

const SECRET_ID = "AKIDclientTEST0000000000000000000000";
const SECRET_KEY = "client-SECRET-key-do-not-leak-123";
const TOKEN = "client-SESSION-token-do-not-leak-456";
const KEY_PASSWORD = "key-PASSWORD-do-not-leak-789";
const SECRETS = [SECRET_KEY, TOKEN, KEY_PASSWORD];

function captureLogger(): Logger & { lines: string[] } {
    const lines: string[] = [];
    const push = (level: string) => (m: string) => lines.push(`${level} ${m}`);
    return { lines, debug: push("debug"), info: push("info"), warn: push("warn"), error: push("error") };
}

function settingsFor(url: string, config: Record<string, string> = {}, env: Record<string, string> = {}): ClientSettings {
    const settings = resolveSettings(
        configOf({ "tencentcloud:endpoint": url, ...config }),
        { TENCENTCLOUD_SECRET_ID: SECRET_ID, TENCENTCLOUD_SECRET_KEY: SECRET_KEY, ...env },
        { homeDir: "/nonexistent-home-for-tests" },
    );
    // Real waits in these tests stay at a few milliseconds.
    return { ...settings, timeouts: { ...settings.timeouts, baseDelayMs: 2, maxDelayMs: 5 } };
}

function assertNoSecrets(texts: string[]): void {
    for (const text of texts) {
        for (const secret of SECRETS) {
            assert.ok(!text.includes(secret), `a secret leaked: ${text}`);
        }
    }
}

describe("client against a loopback server", () => {
    let server: Awaited<ReturnType<typeof startLoopbackServer>>;
    let client: TencentCloudClient | undefined;
    let logger: ReturnType<typeof captureLogger>;
    const seen: string[] = [];

    async function start(steps: Script[], config: Record<string, string> = {}, env: Record<string, string> = {}): Promise<TencentCloudClient> {
        server = await startLoopbackServer(steps);
        logger = captureLogger();
        client = createClient(settingsFor(server.url, config, env), { logger });
        return client;
    }

    afterEach(async () => {
        await client?.close();
        client = undefined;
        if (logger) {
            seen.push(...logger.lines);
        }
        await server?.close();
    });

    after(() => {
        // Every log line of every scenario above.
        assert.ok(seen.length > 10);
        assertNoSecrets(seen);
    });

    it("sends a signed request the server can verify independently, and returns the Response", async () => {
        const c = await start([ok({ CSRId: 42 }, "req-1")], { "tencentcloud:region": "ap-guangzhou" }, { TENCENTCLOUD_SESSION_TOKEN: TOKEN });
        const params = { Domain: "www.example.com", Organization: "腾讯科技（深圳）有限公司", Remark: "测试 ✓", KeyPassword: KEY_PASSWORD };
        const result = await c.call<{ CSRId: number }>("ssl", "2019-12-05", "CreateCSR", params);
        assert.deepEqual(result, { CSRId: 42, RequestId: "req-1" });
        assert.equal(server.requests.length, 1);
        const request = server.requests[0];
        const check = verifyTc3(request, SECRET_KEY);
        assert.ok(check.valid, "signature recomputed with node:crypto matches");
        assert.deepEqual([check.secretId, check.service, check.signedHeaders], [SECRET_ID, "ssl", "content-type;host"]);
        assert.equal(request.headers["host"], `127.0.0.1:${server.port}`);
        assert.equal(request.headers["content-type"], "application/json");
        assert.equal(request.headers["x-tc-action"], "CreateCSR");
        assert.equal(request.headers["x-tc-version"], "2019-12-05");
        assert.equal(request.headers["x-tc-region"], "ap-guangzhou");
        assert.equal(request.headers["x-tc-token"], TOKEN);
        assert.equal(request.headers["x-tc-language"], undefined);
        assert.ok(Math.abs(Number(request.headers["x-tc-timestamp"]) - Date.now() / 1000) < 60);
        assert.deepEqual(JSON.parse(request.body.toString("utf8")), params);
        assert.ok(logger.lines.some((l) => l.includes("ssl.CreateCSR attempt 1: OK") && l.includes("RequestId req-1")));
    });

    it("signs each service with its own name and omits region and token headers when unset", async () => {
        const c = await start([ok()], { "tencentcloud:language": "en-US" });
        await c.call("teo", "2022-09-01", "DescribeAccelerationDomains", { ZoneId: "zone-1" });
        await c.call("gaap", "2018-05-29", "DescribeRules", { ListenerId: "lsr-1" });
        const [teo, gaap] = server.requests.map((r) => verifyTc3(r, SECRET_KEY));
        assert.ok(teo.valid && gaap.valid);
        assert.deepEqual([teo.service, gaap.service], ["teo", "gaap"]);
        assert.equal(server.requests[0].headers["x-tc-region"], undefined);
        assert.equal(server.requests[0].headers["x-tc-token"], undefined);
        assert.equal(server.requests[0].headers["x-tc-language"], "en-US");
    });

    it("opens no connection before the first call, then reuses keep-alive connections", async () => {
        const c = await start([ok()]);
        await new Promise((r) => setTimeout(r, 5));
        assert.equal(server.connections(), 0);
        for (let i = 0; i < 10; i++) {
            await c.call("ssl", "2019-12-05", "DescribeCSRSet", {});
        }
        // undici may open a second socket while the first is being handed back; never one per call.
        assert.ok(server.connections() <= 2, `${server.connections()} connections for 10 calls`);
    });

    it("turns Response.Error into a TencentCloudError with code, message, RequestId, action and service", async () => {
        const c = await start([apiError("InvalidParameter.InvalidCSRId", "The CSR ID is invalid.", "req-bad")]);
        const err = await failure(c.call("ssl", "2019-12-05", "DescribeCSR", { CSRId: 1, KeyPassword: KEY_PASSWORD }));
        assert.equal(err.code, "InvalidParameter.InvalidCSRId");
        assert.equal(err.requestId, "req-bad");
        assert.equal(err.action, "DescribeCSR");
        assert.equal(err.service, "ssl");
        assert.equal(err.retryable, false);
        assert.equal(err.attempts, 1);
        assert.equal(err.outcomeUnknown, false);
        assert.ok(err.message.includes("The CSR ID is invalid.") && err.message.includes("req-bad"), err.message);
        assert.equal(server.requests.length, 1, "a permanent error is not retried");
        assertNoSecrets([err.message, String(err.stack)]);
    });

    it("retries a Describe through 500, a reset, then succeeds (scripted attempts)", async () => {
        const c = await start([json(500, "<html>oops</html>"), reset, ok({ Total: 0 }, "req-3")]);
        const result = await c.call<{ Total: number }>("ssl", "2019-12-05", "DescribeCSRSet", { Limit: 10 });
        assert.deepEqual(result, { Total: 0, RequestId: "req-3" });
        assert.equal(server.requests.length, 3);
        assert.ok(
            server.requests.every((r) => verifyTc3(r, SECRET_KEY).valid),
            "every attempt is freshly signed",
        );
        assert.ok(logger.lines.some((l) => l.includes("attempt 1: Client.HttpStatusError") && l.includes("retrying")));
        assert.ok(logger.lines.some((l) => l.includes("attempt 2: Client.NetworkError") && l.includes("retrying")));
    });

    it("does not re-send a non-idempotent create after a 500 or a reset (the server may have acted)", async () => {
        const c = await start([json(500, "")]);
        const err = await failure(c.call("ssl", "2019-12-05", "CreateCSR", { KeyPassword: KEY_PASSWORD }));
        assert.ok(err instanceof HttpStatusError);
        assert.equal(err.status, 500);
        assert.equal(err.retryable, false);
        assert.ok(err.message.includes("not retried"), err.message);
        assert.equal(err.outcomeUnknown, true, "the caller learns the server may have acted");
        assert.equal(server.requests.length, 1);

        server.setSteps([reset]);
        const err2 = await failure(c.call("ssl", "2019-12-05", "ModifyCSR", { CSRId: 1 }));
        assert.ok(err2 instanceof NetworkError);
        assert.equal(err2.requestSent, true);
        assert.equal(server.requests.length, 2);
        assertNoSecrets([err.message, err2.message]);
    });

    it("re-sends a create when the caller says it is idempotent", async () => {
        const c = await start([json(502, ""), ok({ CSRId: 7 })]);
        const result = await c.call<{ CSRId: number }>("ssl", "2019-12-05", "CreateCSR", {}, { idempotent: true });
        assert.equal(result.CSRId, 7);
        assert.equal(server.requests.length, 2);
    });

    it("retries throttling and busy codes for any action and slows the limiter down", async () => {
        const c = await start([
            apiError("RequestLimitExceeded", "Too many requests"),
            apiError("LimitExceeded.RateLimitExceeded", "rate"),
            apiError("FailedOperation.ListenerHasTask", "listener is in operation"),
            ok({ Done: true }),
        ]);
        const result = await c.call<{ Done: boolean }>("gaap", "2018-05-29", "ModifyCertificate", {});
        assert.equal(result.Done, true);
        assert.equal(server.requests.length, 4);
        const bucket = c.limiter.snapshot().find((b) => b.key === "gaap.ModifyCertificate")!;
        assert.ok(bucket.currentLimit < 20, `limit adapted down to ${bucket.currentLimit}`);
    });

    it("retries a code the call opts into (ModifyCSR's FailedOperation.NetworkError)", async () => {
        const c = await start([apiError("FailedOperation.NetworkError", "CA system is busy"), ok()]);
        await c.call("ssl", "2019-12-05", "ModifyCSR", {}, { retryableCodes: ["FailedOperation.NetworkError"] });
        assert.equal(server.requests.length, 2);
        server.setSteps([apiError("FailedOperation.NetworkError", "CA system is busy")]);
        const err = await failure(c.call("ssl", "2019-12-05", "ModifyCSR", {}));
        assert.equal(err.code, "FailedOperation.NetworkError");
        assert.equal(server.requests.length, 3);
    });

    it("gives up after maxAttempts with the last error, marked retryable", async () => {
        const c = await start([apiError("ResourceInUse", "in use", "req-busy")], { "tencentcloud:maxAttempts": "3" });
        const err = await failure(c.call("teo", "2022-09-01", "ModifyHostsCertificate", {}));
        assert.equal(err.code, "ResourceInUse");
        assert.equal(err.retryable, true);
        assert.equal(err.attempts, 3);
        assert.ok(err.message.includes("gave up after 3 attempts"), err.message);
        assert.equal(server.requests.length, 3);
    });

    it("explains AuthFailure.SignatureExpire with the clock skew from the Date header", async () => {
        const serverDate = new Date(Date.now() - 600_000).toUTCString();
        const c = await start([apiError("AuthFailure.SignatureExpire", "Signature expired", "req-clock", { date: serverDate })]);
        const err = await failure(c.call("ssl", "2019-12-05", "DescribeCSRSet", {}));
        assert.ok(err instanceof SignatureExpireError);
        assert.equal(err.code, "AuthFailure.SignatureExpire");
        assert.equal(err.requestId, "req-clock");
        assert.ok(err.message.includes("check this machine's clock"), err.message);
        assert.ok(err.clockSkewSeconds! >= 590 && err.clockSkewSeconds! <= 610, String(err.clockSkewSeconds));
        assert.ok(err.message.includes("ahead of"), err.message);
        assert.equal(server.requests.length, 1);
    });

    it("rejects an HTML page at HTTP 200 as an invalid response without quoting it", async () => {
        const c = await start([
            (_q, res) => {
                res.writeHead(200, { "content-type": "text/html" });
                res.end(`<html>login ${SECRET_KEY}</html>`);
            },
        ]);
        const err = await failure(c.call("ssl", "2019-12-05", "CreateCSR", {}));
        assert.ok(err instanceof InvalidResponseError);
        assert.ok(err.message.includes("text/html"), err.message);
        assert.equal(server.requests.length, 1);
        assertNoSecrets([err.message]);
    });

    it("caps the response size, with or without Content-Length", async () => {
        const big = Buffer.alloc(6 * 1024 * 1024, 0x41);
        const c = await start([
            (_q, res) => {
                res.writeHead(200, { "content-type": "application/json", "content-length": String(big.length) });
                res.end(big);
            },
        ]);
        const err = await failure(c.call("ssl", "2019-12-05", "CreateCSR", {}));
        assert.ok(err instanceof ResponseTooLargeError);
        assert.equal(err.code, "Client.ResponseTooLarge");
        server.setSteps([
            (_q, res) => {
                res.writeHead(200, { "content-type": "application/json" }); // chunked, no length
                for (let i = 0; i < 12; i++) res.write(Buffer.alloc(512 * 1024, 0x42));
                res.end();
            },
        ]);
        const err2 = await failure(c.call("ssl", "2019-12-05", "CreateCSR", {}));
        assert.ok(err2 instanceof ResponseTooLargeError);
    });

    it("times out an attempt whose body drips in slowly (headers and body share one timer)", async () => {
        const timers: NodeJS.Timeout[] = [];
        const c = await start(
            [
                (_q, res) => {
                    res.writeHead(200, { "content-type": "application/json" });
                    res.write('{"Response":');
                    timers.push(setInterval(() => res.write(" "), 20));
                },
            ],
            { "tencentcloud:requestTimeoutMs": "150", "tencentcloud:maxAttempts": "2" },
        );
        try {
            const err = await failure(c.call("ssl", "2019-12-05", "DescribeCSRSet", {}));
            assert.ok(err instanceof TimeoutError);
            assert.equal(err.code, "Client.Timeout");
            assert.ok(err.message.startsWith("ssl.DescribeCSRSet: no complete answer within 150 ms"), err.message);
            assert.equal(err.attempts, 2, "a Describe is retried after a timeout");
            const err2 = await failure(c.call("ssl", "2019-12-05", "CreateCSR", {}));
            assert.ok(err2 instanceof TimeoutError);
            assert.equal(err2.attempts, 1, "a create is not");
        } finally {
            timers.forEach(clearInterval);
        }
    });

    it("gives a refused connection a short budget, then names the endpoint, its setting and the fix", async () => {
        const c = await start([ok()], { "tencentcloud:maxAttempts": "10" });
        const url = server.url;
        await server.close();
        const started = Date.now();
        const err = await failure(c.call("ssl", "2019-12-05", "CreateCSR", {}));
        const elapsed = Date.now() - started;
        assert.ok(err instanceof EndpointUnreachableError, String(err));
        assert.ok(err instanceof NetworkError, "still a NetworkError for callers that match the class");
        assert.equal(err.code, "Client.EndpointUnreachable");
        assert.equal(err.requestSent, false);
        assert.equal(err.reason, "refused");
        assert.equal(err.systemCode, "ECONNREFUSED");
        assert.ok(err.attempts! >= 1 && err.attempts! <= UNREACHABLE_RETRY.maxAttempts, `attempts ${err.attempts}`);
        assert.equal(err.retryable, false, "callers must not add their own retry loop");
        assert.equal(err.outcomeUnknown, false, "a refused connection never reached the server");
        assert.ok(
            err.message.startsWith(`ssl.CreateCSR: nothing is listening at ${url} (ECONNREFUSED); the endpoint comes from tencentcloud:endpoint.`),
            err.message,
        );
        assert.match(err.message, /Start the emulator .* or correct tencentcloud:endpoint/);
        assert.ok(elapsed < 3_000, `failed after ${elapsed} ms`);
    });

    it("lets one call raise the attempt cap with CallOptions.maxAttempts", async () => {
        const c = await start([json(503, "")], { "tencentcloud:maxAttempts": "2" });
        const err = await failure(c.call("ssl", "2019-12-05", "CreateCSR", {}, { maxAttempts: 4 }));
        assert.ok(err instanceof HttpStatusError);
        assert.equal(err.attempts, 4);
        assert.equal(server.requests.length, 4);
    });

    it("names the credential source when the API rejects the signature or the SecretId, never the key", async () => {
        const c = await start([apiError("AuthFailure.SignatureFailure", "The provided credentials could not be validated.", "req-sig")]);
        const err = await failure(c.call("ssl", "2019-12-05", "DescribeCSRSet", {}));
        assert.ok(err instanceof CredentialsRejectedError);
        assert.equal(err.code, "AuthFailure.SignatureFailure");
        assert.equal(err.requestId, "req-sig");
        assert.equal(err.credentialOrigin, "environment variables TENCENTCLOUD_SECRET_ID / TENCENTCLOUD_SECRET_KEY");
        assert.match(
            err.message,
            /AuthFailure\.SignatureFailure: .*The SecretId and SecretKey come from environment variables TENCENTCLOUD_SECRET_ID \/ TENCENTCLOUD_SECRET_KEY/,
        );
        assert.equal(server.requests.length, 1, "not retried");
        await c.close();
        await server.close();

        const c2 = await start([apiError("AuthFailure.SecretIdNotFound", "The SecretId is not found")], {
            "tencentcloud:secretId": "AKIDfromconfig",
            "tencentcloud:secretKey": SECRET_KEY,
        });
        const err2 = await failure(c2.call("ssl", "2019-12-05", "DescribeCSRSet", {}));
        assert.match(err2.message, /The SecretId comes from Pulumi config tencentcloud:secretId \/ tencentcloud:secretKey/);
        assertNoSecrets([err.message, err2.message]);
    });

    it("cancels with the caller's signal while the request is at the server", async () => {
        const controller = new AbortController();
        // The server never answers; the caller cancels once the request has reached it.
        const c = await start([() => controller.abort()]);
        const pending = c.call("ssl", "2019-12-05", "DescribeCSRSet", {}, { signal: controller.signal });
        const err = await failure(pending);
        assert.equal(server.requests.length, 1, "the request was sent, then cancelled");
        assert.ok(err instanceof AbortedError);
        assert.equal(err.code, "Client.Aborted");
        assert.equal(err.retryable, false);
    });

    it("redacts a secret the server echoes back in an error message", async () => {
        const c = await start([apiError("InvalidParameter", `bad token ${TOKEN} and key ${SECRET_KEY}`)], {}, { TENCENTCLOUD_SESSION_TOKEN: TOKEN });
        const err = await failure(c.call("ssl", "2019-12-05", "CreateCSR", {}));
        assertNoSecrets([err.message]);
        assert.ok(err.message.includes("bad token ***"), err.message);
    });
});

describe("client retries with injected clock", () => {
    it("bounds all backoff waits by the deadline, without real waiting", async () => {
        const server = await startLoopbackServer([apiError("RequestLimitExceeded", "slow down")]);
        let clock = 1_735_689_600_000;
        const sleeps: number[] = [];
        const settings = settingsFor(server.url, { "tencentcloud:retryDeadlineMs": "20000", "tencentcloud:maxAttempts": "100" });
        const client = createClient(
            { ...settings, timeouts: { ...settings.timeouts, baseDelayMs: 500, maxDelayMs: 4000 } },
            {
                now: () => clock,
                sleep: async (ms) => {
                    sleeps.push(ms);
                    clock += ms;
                },
                random: () => 0.75,
            },
        );
        try {
            const err = await failure(client.call("ssl", "2019-12-05", "DescribeCSRSet", {}));
            assert.equal(err.code, "RequestLimitExceeded");
            assert.equal(err.retryable, true);
            assert.ok(err.message.includes("deadline"), err.message);
            const backoffs = sleeps.filter((ms) => ms !== 1); // limiter waits are separate
            assert.deepEqual(backoffs.slice(0, 4), [375, 750, 1500, 3000]);
            assert.ok(backoffs.every((ms) => ms <= 4000));
            assert.ok(clock - 1_735_689_600_000 <= 20_000 + 1050, `virtual time spent ${clock - 1_735_689_600_000} ms`);
            assert.equal(server.requests.length, err.attempts);
            // The timestamps follow the injected clock and the server can still verify them.
            assert.ok(server.requests.every((r) => verifyTc3(r, SECRET_KEY).valid));
            assert.equal(Number(server.requests[0].headers["x-tc-timestamp"]), 1_735_689_600);
        } finally {
            await client.close();
            await server.close();
        }
    });
});

describe("client: a host name that does not resolve", () => {
    for (const systemCode of ["ENOTFOUND", "EAI_AGAIN"]) {
        it(`${systemCode}: fails within 3 s naming the host, where it came from and what to check (no traffic: the lookup is stubbed)`, async () => {
            let lookups = 0;
            const dispatcher = new Agent({
                connect: {
                    lookup: ((hostname: string, _options: unknown, callback: (err: Error) => void) => {
                        lookups++;
                        callback(Object.assign(new Error(`getaddrinfo ${systemCode} ${hostname}`), { code: systemCode, hostname }));
                    }) as any,
                },
            });
            const settings = resolveSettings(
                configOf({ "tencentcloud:site": "intl" }),
                { TENCENTCLOUD_SECRET_ID: SECRET_ID, TENCENTCLOUD_SECRET_KEY: SECRET_KEY },
                { homeDir: "/nonexistent-home-for-tests" },
            );
            const client = createClient(settings, { dispatcher });
            const started = Date.now();
            try {
                const err = await failure(client.call("ssl", "2019-12-05", "DescribeCSRSet", {}));
                const elapsed = Date.now() - started;
                assert.ok(err instanceof EndpointUnreachableError, String(err));
                assert.equal(err.reason, "dns");
                assert.equal(err.systemCode, systemCode);
                assert.equal(
                    err.message.split(" (gave up")[0],
                    `ssl.DescribeCSRSet: the host of https://ssl.intl.tencentcloudapi.com cannot be resolved (${systemCode}); the endpoint comes from tencentcloud:site (host of ssl). ` +
                        "Check this machine's network and DNS, or set tencentcloud:endpoint (tencentcloud:site / tencentcloud:domain) if the API is elsewhere.",
                );
                assert.ok(lookups >= 1 && lookups <= UNREACHABLE_RETRY.maxAttempts, `${lookups} lookups`);
                assert.ok(elapsed < 3_000, `failed after ${elapsed} ms`);
            } finally {
                await client.close();
                await dispatcher.close();
            }
        });
    }
});
