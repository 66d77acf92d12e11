import { strict as assert } from "node:assert";
import { isLoopbackHost, parseEndpointUrl, resolveEndpoints } from "../../provider/tencentcloud/endpoints";
import { ConfigError } from "../../provider/tencentcloud/errors";

const v = (value: string, from: string) => ({ value, from });

function expectConfigError(fn: () => unknown, setting: string, ...fragments: string[]): void {
    assert.throws(fn, (err: unknown) => {
        assert.ok(err instanceof ConfigError, `expected ConfigError, got ${err}`);
        assert.equal(err.setting, setting);
        assert.equal(err.code, "Client.ConfigError");
        for (const f of fragments) {
            assert.ok(err.message.includes(f), `message lacks '${f}': ${err.message}`);
        }
        return true;
    });
}

describe("endpoints", () => {
    it("defaults to the hosts of the API documents", () => {
        const t = resolveEndpoints();
        assert.deepEqual(
            [t.ssl.origin, t.gaap.origin, t.teo.origin],
            ["https://ssl.intl.tencentcloudapi.com", "https://gaap.tencentcloudapi.com", "https://teo.tencentcloudapi.com"],
        );
        assert.equal(t.ssl.host, "ssl.intl.tencentcloudapi.com");
    });

    it("site=intl sends every service to <service>.intl.tencentcloudapi.com", () => {
        const t = resolveEndpoints({ site: v("intl", "tencentcloud:site") });
        assert.deepEqual(
            [t.ssl.host, t.gaap.host, t.teo.host],
            ["ssl.intl.tencentcloudapi.com", "gaap.intl.tencentcloudapi.com", "teo.intl.tencentcloudapi.com"],
        );
    });

    it("site=china sends every service to <service>.tencentcloudapi.com (case-insensitive)", () => {
        const t = resolveEndpoints({ site: v("China", "TENCENTCLOUD_SITE") });
        assert.deepEqual([t.ssl.host, t.gaap.host, t.teo.host], ["ssl.tencentcloudapi.com", "gaap.tencentcloudapi.com", "teo.tencentcloudapi.com"]);
    });

    it("domain replaces the root domain, with or without a site", () => {
        const plain = resolveEndpoints({ domain: v("internal.example.com", "tencentcloud:domain") });
        assert.deepEqual([plain.ssl.host, plain.gaap.host], ["ssl.intl.internal.example.com", "gaap.internal.example.com"]);
        const china = resolveEndpoints({ site: v("china", "s"), domain: v("Internal.Example.COM.", "d") });
        assert.equal(china.ssl.origin, "https://ssl.internal.example.com");
    });

    it("endpoint sends every service to one base URL and signs its host:port", () => {
        const t = resolveEndpoints({ endpoint: v("http://127.0.0.1:9000", "TENCENTCLOUD_ENDPOINT"), site: v("intl", "s") });
        for (const e of [t.ssl, t.gaap, t.teo]) {
            assert.deepEqual(e, { protocol: "http:", origin: "http://127.0.0.1:9000", host: "127.0.0.1:9000", from: "TENCENTCLOUD_ENDPOINT", explicit: true });
        }
        assert.equal(parseEndpointUrl("https://api.example.com/", "x").host, "api.example.com");
        assert.equal(parseEndpointUrl("http://[::1]:8080", "x").host, "[::1]:8080");
        assert.equal(parseEndpointUrl("http://localhost:1", "x").origin, "http://localhost:1");
    });

    it("plain http only for loopback hosts", () => {
        for (const host of ["127.0.0.1", "127.255.0.9", "localhost", "[::1]", "api.localhost"]) {
            assert.doesNotThrow(() => parseEndpointUrl(`http://${host}:9000`, "tencentcloud:endpoint"), host);
        }
        for (const host of ["10.0.0.1", "128.0.0.1", "example.com", "127.0.0.1.nip.io", "[::2]", "0.0.0.0"]) {
            expectConfigError(() => parseEndpointUrl(`http://${host}:9000`, "tencentcloud:endpoint"), "tencentcloud:endpoint", "plain http", "https");
        }
        assert.equal(isLoopbackHost("127.0.0.300"), false);
    });

    it("rejects bad endpoint URLs with the setting name and the fix", () => {
        expectConfigError(() => resolveEndpoints({ endpoint: v("127.0.0.1:9000", "TENCENTCLOUD_ENDPOINT") }), "TENCENTCLOUD_ENDPOINT");
        expectConfigError(
            () => resolveEndpoints({ endpoint: v("not a url", "tencentcloud:endpoint") }),
            "tencentcloud:endpoint",
            "not a valid URL",
            "http://127.0.0.1:9000",
        );
        expectConfigError(() => resolveEndpoints({ endpoint: v("ftp://127.0.0.1", "tencentcloud:endpoint") }), "tencentcloud:endpoint", "only https");
        expectConfigError(
            () => resolveEndpoints({ endpoint: v("https://u:p@example.com", "tencentcloud:endpoint") }),
            "tencentcloud:endpoint",
            "user name or password",
        );
        expectConfigError(
            () => resolveEndpoints({ endpoint: v("https://example.com/api", "tencentcloud:endpoint") }),
            "tencentcloud:endpoint",
            "without path",
            "https://example.com",
        );
    });

    it("rejects an unknown site and a malformed domain", () => {
        expectConfigError(() => resolveEndpoints({ site: v("europe", "tencentcloud:site") }), "tencentcloud:site", "'europe'", "intl", "china");
        expectConfigError(() => resolveEndpoints({ domain: v("https://example.com", "TENCENTCLOUD_DOMAIN") }), "TENCENTCLOUD_DOMAIN", "root domain");
    });
});
