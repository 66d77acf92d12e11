/**
 * An `https://` endpoint pointed at a plain-http server (the emulator, typically) fails the TLS
 * handshake with OpenSSL's ERR_SSL_WRONG_VERSION_NUMBER: one attempt, no retry, an
 * EndpointTlsError that names the endpoint, the setting and the fix (http for the emulator).
 * An untrusted server certificate is the same kind of endpoint error.
 */
import { strict as assert } from "node:assert";
import type { Dispatcher } from "undici";
import { createClient } from "../../provider/tencentcloud/client";
import { EndpointTlsError, NetworkError } from "../../provider/tencentcloud/errors";
import { resolveSettings } from "../../provider/tencentcloud/settings";
import { configOf } from "../support/config-source";
import { failure, ok, startLoopbackServer } from "../support/loopback-server";

const CREDENTIALS = { TENCENTCLOUD_SECRET_ID: "AKIDtlsTEST00000000000000000000000001", TENCENTCLOUD_SECRET_KEY: "tls-test-secret-key-0000000000" };

function clientFor(endpoint: string, env: Record<string, string> = {}, dispatcher?: Dispatcher) {
    const settings = resolveSettings(
        configOf(env.TENCENTCLOUD_ENDPOINT ? {} : { "tencentcloud:endpoint": endpoint }),
        { ...CREDENTIALS, ...env },
        { homeDir: "/nonexistent-home-for-tests" },
    );
    return createClient(settings, dispatcher ? { dispatcher } : {});
}

describe("client: TLS handshake failures are endpoint errors, not network blips", () => {
    it("https:// at a plain-http server: one attempt, not retryable, names tencentcloud:endpoint and the http URL to use", async () => {
        const server = await startLoopbackServer([ok()]);
        const https = `https://127.0.0.1:${server.port}`;
        const client = clientFor(https);
        try {
            for (const action of ["DescribeCSRSet", "CreateCSR"]) {
                const err = await failure(client.call("ssl", "2019-12-05", action, {}));
                assert.ok(err instanceof EndpointTlsError, String(err));
                assert.ok(err instanceof NetworkError, "still a NetworkError for callers that match the class");
                assert.equal(err.code, "Client.EndpointTlsError");
                assert.equal(err.failure, "plainHttp");
                assert.equal(err.systemCode, "ERR_SSL_WRONG_VERSION_NUMBER");
                assert.equal(err.requestSent, false);
                assert.equal(err.attempts, 1, `${action}: no retry`);
                assert.equal(err.retryable, false);
                assert.equal(err.outcomeUnknown, false, "the request never left");
                assert.equal(
                    err.message,
                    `ssl.${action}: ${https} does not speak TLS (ERR_SSL_WRONG_VERSION_NUMBER: the server answered the TLS handshake in plain HTTP); ` +
                        `the endpoint comes from tencentcloud:endpoint. The bundled emulator serves plain http: set tencentcloud:endpoint to http://127.0.0.1:${server.port}.`,
                );
            }
            assert.equal(server.requests.length, 0, "no API request reached the server");
        } finally {
            await client.close();
            await server.close();
        }
    });

    it("names TENCENTCLOUD_ENDPOINT when the endpoint came from the environment", async () => {
        const server = await startLoopbackServer([ok()]);
        const client = clientFor("", { TENCENTCLOUD_ENDPOINT: `https://localhost:${server.port}` });
        try {
            const err = await failure(client.call("gaap", "2018-05-29", "DescribeRules", {}));
            assert.ok(err instanceof EndpointTlsError, String(err));
            assert.match(
                err.message,
                /the endpoint comes from TENCENTCLOUD_ENDPOINT\. The bundled emulator serves plain http: set TENCENTCLOUD_ENDPOINT to http:\/\/localhost:\d+\.$/,
            );
        } finally {
            await client.close();
            await server.close();
        }
    });

    it("an untrusted server certificate: one attempt, names the setting and NODE_EXTRA_CA_CERTS", async () => {
        let requests = 0;
        const selfSigned: Partial<Dispatcher> = {
            request: (async () => {
                requests++;
                throw Object.assign(new Error("self-signed certificate"), { code: "DEPTH_ZERO_SELF_SIGNED_CERT" });
            }) as Dispatcher["request"],
        };
        const client = clientFor("https://api.internal.example:8443", {}, selfSigned as Dispatcher);
        const err = await failure(client.call("teo", "2022-09-01", "DescribeAccelerationDomains", {}));
        assert.ok(err instanceof EndpointTlsError, String(err));
        assert.equal(err.failure, "untrustedCertificate");
        assert.equal(requests, 1);
        assert.equal(err.retryable, false);
        assert.match(
            err.message,
            /^teo\.DescribeAccelerationDomains: the TLS certificate of https:\/\/api\.internal\.example:8443 is not trusted \(DEPTH_ZERO_SELF_SIGNED_CERT\); the endpoint comes from tencentcloud:endpoint\. .*NODE_EXTRA_CA_CERTS/,
        );
    });
});
