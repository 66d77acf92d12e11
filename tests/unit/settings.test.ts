import { strict as assert } from "node:assert";
import { ConfigError, CredentialsError } from "../../provider/tencentcloud/errors";
import { DEFAULT_RATE_LIMITS } from "../../provider/tencentcloud/rate-limiter";
import { DEFAULT_RETRY_POLICY } from "../../provider/tencentcloud/retry";
import { resolveSettings } from "../../provider/tencentcloud/settings";
import { configOf } from "../support/config-source";
import { makeTempHome } from "../support/temp-home";

const KEY = "settings-secret-KEY-77";
const ENV = { TENCENTCLOUD_SECRET_ID: "AKIDenv", TENCENTCLOUD_SECRET_KEY: KEY };

function expectConfigError(fn: () => unknown, setting: string, ...fragments: string[]): void {
    assert.throws(fn, (err: unknown) => {
        assert.ok(err instanceof ConfigError, `expected ConfigError, got ${err}`);
        assert.equal(err.setting, setting);
        for (const f of fragments) {
            assert.ok(err.message.includes(f), `message lacks '${f}': ${err.message}`);
        }
        assert.ok(!err.message.includes(KEY));
        return true;
    });
}

describe("settings", () => {
    let home: ReturnType<typeof makeTempHome>;
    beforeEach(() => (home = makeTempHome()));
    afterEach(() => home.cleanup());

    it("has documented defaults", () => {
        const s = resolveSettings(configOf({}), ENV, { homeDir: home.dir });
        assert.equal(s.region, undefined);
        assert.equal(s.language, undefined);
        assert.deepEqual(s.limits.perSecond, { ssl: 10, gaap: 20, teo: 20 });
        assert.deepEqual(s.limits.perAction, { "ssl.DescribeCertificates": 5 });
        assert.deepEqual(s.limits.maxInFlight, DEFAULT_RATE_LIMITS.maxInFlight);
        assert.deepEqual(s.timeouts, DEFAULT_RETRY_POLICY);
        assert.equal(s.maxResponseBytes, 5 * 1024 * 1024);
        assert.equal(s.endpoints.ssl.host, "ssl.intl.tencentcloudapi.com");
    });

    it("config wins over environment for every setting", () => {
        const s = resolveSettings(
            configOf({
                "tencentcloud:region": "ap-guangzhou",
                "tencentcloud:site": "china",
                "tencentcloud:requestTimeoutMs": "5000",
                "tencentcloud:rateLimits": "ssl=5",
            }),
            {
                ...ENV,
                TENCENTCLOUD_REGION: "ap-singapore",
                TENCENTCLOUD_SITE: "intl",
                TENCENTCLOUD_REQUEST_TIMEOUT_MS: "9000",
                TENCENTCLOUD_RATE_LIMITS: "ssl=7",
            },
            { homeDir: home.dir },
        );
        assert.equal(s.region, "ap-guangzhou");
        assert.equal(s.endpoints.ssl.host, "ssl.tencentcloudapi.com");
        assert.equal(s.timeouts.attemptTimeoutMs, 5000);
        assert.equal(s.limits.perSecond.ssl, 5);
    });

    it("reads limits, in-flight bounds, timeouts, attempts and language from the environment", () => {
        const s = resolveSettings(
            configOf({}),
            {
                ...ENV,
                TENCENTCLOUD_RATE_LIMITS: "ssl=8, gaap=15, teo.ModifyHostsCertificate=5",
                TENCENTCLOUD_MAX_IN_FLIGHT: "ssl=4",
                TENCENTCLOUD_REQUEST_TIMEOUT_MS: "1500",
                TENCENTCLOUD_RETRY_DEADLINE_MS: "60000",
                TENCENTCLOUD_MAX_ATTEMPTS: "3",
                TENCENTCLOUD_LANGUAGE: "en-us",
            },
            { homeDir: home.dir },
        );
        assert.deepEqual(s.limits.perSecond, { ssl: 8, gaap: 15, teo: 20 });
        assert.deepEqual(s.limits.perAction, { "ssl.DescribeCertificates": 5, "teo.ModifyHostsCertificate": 5 });
        assert.deepEqual(s.limits.maxInFlight, { ...DEFAULT_RATE_LIMITS.maxInFlight, ssl: 4 });
        assert.deepEqual([s.timeouts.attemptTimeoutMs, s.timeouts.deadlineMs, s.timeouts.maxAttempts], [1500, 60000, 3]);
        assert.equal(s.language, "en-US");
        assert.deepEqual(resolveSettings(configOf({ "tencentcloud:maxInFlight": "6" }), ENV, { homeDir: home.dir }).limits.maxInFlight, {
            ssl: 6,
            gaap: 6,
            teo: 6,
        });
    });

    it("accepts typed config values (numbers from YAML) as their text", () => {
        const typed = {
            get: (key: string) => (({ "tencentcloud:maxAttempts": 4, "tencentcloud:requestTimeoutMs": 2500 }) as Record<string, unknown>)[key] as any,
        };
        const s = resolveSettings(typed, ENV, { homeDir: home.dir });
        assert.deepEqual([s.timeouts.maxAttempts, s.timeouts.attemptTimeoutMs], [4, 2500]);
    });

    it("takes the region from the profile when neither config nor environment sets it", () => {
        home.cleanup();
        home = makeTempHome(`[default]\nsecret_id=a\nsecret_key=${KEY}\nregion=ap-hongkong\n`);
        assert.equal(resolveSettings(configOf({}), {}, { homeDir: home.dir }).region, "ap-hongkong");
    });

    it("names the setting and the fix for every invalid value", () => {
        const r =
            (config: Record<string, string>, env: Record<string, string> = {}) =>
            () =>
                resolveSettings(configOf(config), { ...ENV, ...env }, { homeDir: home.dir });
        expectConfigError(r({ "tencentcloud:requestTimeoutMs": "fast" }), "tencentcloud:requestTimeoutMs", "'fast'", "whole number of milliseconds");
        expectConfigError(r({}, { TENCENTCLOUD_RETRY_DEADLINE_MS: "-5" }), "TENCENTCLOUD_RETRY_DEADLINE_MS", "whole number");
        expectConfigError(r({}, { TENCENTCLOUD_MAX_ATTEMPTS: "0" }), "TENCENTCLOUD_MAX_ATTEMPTS", "between 1 and 100");
        expectConfigError(r({ "tencentcloud:rateLimits": "ssl=ten" }), "tencentcloud:rateLimits (ssl=ten)", "requests per second");
        expectConfigError(r({ "tencentcloud:rateLimits": "cvm=10" }), "tencentcloud:rateLimits", "'cvm=10'", "ssl, gaap, teo");
        expectConfigError(r({ "tencentcloud:rateLimits": "ssl:10" }), "tencentcloud:rateLimits", "service=N");
        expectConfigError(r({ "tencentcloud:maxInFlight": "ssl=0" }), "tencentcloud:maxInFlight (ssl=0)");
        expectConfigError(r({ "tencentcloud:region": "Guangzhou" }), "tencentcloud:region", "ap-guangzhou");
        expectConfigError(r({ "tencentcloud:language": "fr-FR" }), "tencentcloud:language", "zh-CN or en-US");
        expectConfigError(r({ "tencentcloud:endpoint": "http://192.168.1.5:9000" }), "tencentcloud:endpoint", "loopback");
    });

    it("reports a bad endpoint even when credentials are missing too", () => {
        expectConfigError(() => resolveSettings(configOf({ "tencentcloud:site": "mars" }), {}, { homeDir: home.dir }), "tencentcloud:site");
        assert.throws(() => resolveSettings(configOf({}), {}, { homeDir: home.dir }), CredentialsError);
    });
});

describe("setting names", () => {
    it("names every setting's config key and environment variables as the docs list them", () => {
        const { SETTINGS } = require("../../provider/tencentcloud/setting-names");
        const table = Object.fromEntries(
            Object.entries(SETTINGS as Record<string, { config: string; env: string[] }>).map(([k, v]) => [k, [v.config, ...v.env]]),
        );
        assert.deepEqual(table, {
            secretId: ["tencentcloud:secretId", "TENCENTCLOUD_SECRET_ID"],
            secretKey: ["tencentcloud:secretKey", "TENCENTCLOUD_SECRET_KEY"],
            securityToken: ["tencentcloud:securityToken", "TENCENTCLOUD_SESSION_TOKEN", "TENCENTCLOUD_SECURITY_TOKEN"],
            region: ["tencentcloud:region", "TENCENTCLOUD_REGION"],
            profile: ["tencentcloud:profile", "TENCENTCLOUD_PROFILE"],
            site: ["tencentcloud:site", "TENCENTCLOUD_SITE"],
            domain: ["tencentcloud:domain", "TENCENTCLOUD_DOMAIN"],
            endpoint: ["tencentcloud:endpoint", "TENCENTCLOUD_ENDPOINT"],
            language: ["tencentcloud:language", "TENCENTCLOUD_LANGUAGE"],
            rateLimits: ["tencentcloud:rateLimits", "TENCENTCLOUD_RATE_LIMITS"],
            maxInFlight: ["tencentcloud:maxInFlight", "TENCENTCLOUD_MAX_IN_FLIGHT"],
            requestTimeoutMs: ["tencentcloud:requestTimeoutMs", "TENCENTCLOUD_REQUEST_TIMEOUT_MS"],
            retryDeadlineMs: ["tencentcloud:retryDeadlineMs", "TENCENTCLOUD_RETRY_DEADLINE_MS"],
            maxAttempts: ["tencentcloud:maxAttempts", "TENCENTCLOUD_MAX_ATTEMPTS"],
            expiryWarningDays: ["tencentcloud:expiryWarningDays", "TENCENTCLOUD_EXPIRY_WARNING_DAYS"],
            previewChecks: ["tencentcloud:previewChecks", "TENCENTCLOUD_PREVIEW_CHECKS"],
        });
    });
});
