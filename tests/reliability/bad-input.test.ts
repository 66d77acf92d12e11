/**
 * Bad-input corpus: every case must be refused with an error that names the field (or config
 * key) and says how to fix it, before any API call — asserted from the emulator's call log, with
 * providers and clients that point at a live emulator (a missed validation would show up there).
 * Most cases go through the provider's own `check` and settings resolution; a handful run through
 * the real dynamic-provider host to show the user-visible message.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { startEmulator, DEMO_CREDENTIALS, type Emulator } from "../../emulator";
import { csrProviderImpl } from "../../provider/resources/csr/provider";
import { CsrProcessState } from "../../provider/resources/csr/remote";
import { hostsCertificateBindingProviderImpl } from "../../provider/resources/hosts-certificate-binding/provider";
import { listenerCertificateBindingProviderImpl } from "../../provider/resources/listener-certificate-binding/provider";
import { createClient } from "../../provider/tencentcloud/client";
import { resolveSettings } from "../../provider/tencentcloud/settings";
import type { TencentCloudApi } from "../../provider/tencentcloud/types";
import { CSR_SUBJECT } from "../support/csr-subject";
import { testClient } from "../support/emulator-client";
import { recordingLogger } from "../support/recording-logger";
import { drive } from "../support/reliability-program";

type Kind = "CsrResource" | "ListenerCertificateBinding" | "HostsCertificateBinding";

interface InputCase {
    resource: Kind;
    what: string;
    /** Changes to the valid inputs (undefined removes a field). */
    change: Record<string, unknown>;
    /** The property the failure must name. */
    field: string;
    /** What the message must say (the fix: allowed values, an example, what to remove). */
    fix: RegExp;
}

const VALID: Record<Kind, Record<string, unknown>> = {
    CsrResource: { ...CSR_SUBJECT },
    ListenerCertificateBinding: { listenerId: "listener-emu00001", domain: "www.example.com", certificateId: "cert-emuwww01" },
    HostsCertificateBinding: { zoneId: "zone-emu0example", hosts: ["static.example.com"], mode: "sslcert", serverCertIds: ["teo-cert-wild"] },
};

const csr = (what: string, change: Record<string, unknown>, field: string, fix: RegExp): InputCase => ({ resource: "CsrResource", what, change, field, fix });
const gaap = (what: string, change: Record<string, unknown>, field: string, fix: RegExp): InputCase => ({
    resource: "ListenerCertificateBinding",
    what,
    change,
    field,
    fix,
});
const teo = (what: string, change: Record<string, unknown>, field: string, fix: RegExp): InputCase => ({
    resource: "HostsCertificateBinding",
    what,
    change,
    field,
    fix,
});

export const INPUT_CASES: InputCase[] = [
    // CsrResource
    csr("missing domain", { domain: undefined }, "domain", /required.*e\.g\. www\.example\.com/),
    csr("empty domain", { domain: "" }, "domain", /must not be empty/),
    csr("domain of the wrong type", { domain: 42 }, "domain", /must be a string/),
    csr("domain with a space", { domain: "exa mple.com" }, "domain", /fully qualified host name.*e\.g\. www\.example\.com/),
    csr("domain with a scheme", { domain: "https://www.example.com" }, "domain", /fully qualified host name/),
    csr("unicode domain", { domain: "bücher.example.com" }, "domain", /punycode/),
    csr("oversize domain", { domain: `${"a".repeat(60)}.${"b".repeat(60)}.${"c".repeat(60)}.example.com` }, "domain", /characters long; .* at most \d+/),
    csr("invalid email", { email: "not-an-email" }, "email", /expected local-part@domain\.tld/),
    csr("email without a dot in the domain", { email: "admin@localhost" }, "email", /expected local-part@domain\.tld/),
    csr("unicode email", { email: "用户@example.com" }, "email", /ASCII/),
    csr("country name instead of code", { country: "China" }, "country", /ISO 3166-1 alpha-2/),
    csr("unassigned country code", { country: "XX" }, "country", /not an assigned ISO 3166-1 alpha-2 code/),
    csr("bad encryptAlgo enum", { encryptAlgo: "DSA" }, "encryptAlgo", /allowed values: RSA, ECC/),
    csr("RSA key too small", { encryptAlgo: "RSA", keyParameter: "1024" }, "keyParameter", /2048.*4096/),
    csr("ECC with an RSA size (conflicting fields)", { encryptAlgo: "ECC", keyParameter: "2048" }, "keyParameter", /prime256v1/),
    csr("generate not a boolean", { generate: "yes" }, "generate", /true or false/),
    csr("keyPassword too short", { keyPassword: "ab" }, "keyPassword", /characters long/),
    csr("keyPassword with spaces", { keyPassword: "pass word 123" }, "keyPassword", /printable ASCII characters without spaces/),
    csr("keyPassword of the wrong type", { keyPassword: 123456 }, "keyPassword", /must be a string/),
    csr("oversize remark", { remark: "r".repeat(5000) }, "remark", /at most \d+ are allowed/),
    csr("remark with a line break", { remark: "line1\nline2" }, "remark", /control or invisible characters/),
    csr("remark with a zero-width space", { remark: "invisible\u200bspace" }, "remark", /control or invisible characters/),
    csr("organization with a NUL", { organization: "Acme\u0000Ltd" }, "organization", /not allowed/),
    csr("oversize province", { province: "P".repeat(300) }, "province", /at most \d+ are allowed/),
    csr("city with surrounding whitespace", { city: " Shenzhen " }, "city", /whitespace; remove it/),
    csr("tags not a map", { tags: "env=prod" }, "tags", /map of tag key to tag value/),
    csr("reserved tag prefix", { tags: { "qcloud:owner": "me" } }, "tags", /reserves/),
    csr("adoptCsrId not an id", { adoptCsrId: "abc" }, "adoptCsrId", /positive integer id/),
    csr("adoptCsrId with tags (conflicting fields)", { adoptCsrId: 1001, tags: { env: "prod" } }, "tags", /Remove tags, or remove adoptCsrId/),
    csr("clientToken with upper case", { clientToken: "UPPER-Case" }, "clientToken", /lower-case letters or digits/),
    csr("misspelt property", { domian: "www.example.com" }, "domian", /CsrResource takes: .*domain/),
    // ListenerCertificateBinding
    gaap("missing listenerId", { listenerId: undefined }, "listenerId", /required.*listener-/),
    gaap("listenerId of another product", { listenerId: "lsr-12345" }, "listenerId", /expected 'listener-'/),
    gaap("listenerId of the wrong type", { listenerId: 12345 }, "listenerId", /not a GAAP listener id/),
    gaap("upper-case domain", { domain: "WWW.Example.com" }, "domain", /must be lower case \('www\.example\.com'\)/),
    gaap("domain with a port", { domain: "www.example.com:443" }, "domain", /without scheme, port, path/),
    gaap("double wildcard", { domain: "*.*.example.com" }, "domain", /only as the whole first label/),
    gaap("oversize domain", { domain: `${"a".repeat(63)}.`.repeat(5) + "com" }, "domain", /at most 253/),
    gaap("certificateId not an id", { certificateId: "my-cert" }, "certificateId", /'cert-' .* or 'default'/),
    gaap(
        "client and poly client certificates (conflicting fields)",
        { clientCertificateId: "cert-emuca001", polyClientCertificateIds: ["cert-emuca002"] },
        "polyClientCertificateIds",
        /either clientCertificateId .* or polyClientCertificateIds/,
    ),
    gaap("empty polyClientCertificateIds", { polyClientCertificateIds: [] }, "polyClientCertificateIds", /must not be empty; omit it/),
    gaap(
        "'default' inside polyClientCertificateIds",
        { polyClientCertificateIds: ["default"] },
        "polyClientCertificateIds",
        /omit polyClientCertificateIds or set clientCertificateId: 'default'/,
    ),
    gaap("negative waitTimeoutSeconds", { waitTimeoutSeconds: -1 }, "waitTimeoutSeconds", /whole number of seconds from 1/),
    gaap("waitTimeoutSeconds as a string", { waitTimeoutSeconds: "60" }, "waitTimeoutSeconds", /whole number of seconds/),
    gaap("unknown input", { certificate: "cert-emuwww01" }, "certificate", /ListenerCertificateBinding takes/),
    // HostsCertificateBinding
    teo("empty zoneId", { zoneId: "" }, "zoneId", /like "zone-/),
    teo("zoneId with bad characters", { zoneId: "zone_bad!" }, "zoneId", /like "zone-/),
    teo("no hosts", { hosts: [] }, "hosts", /at least one acceleration domain/),
    teo("hosts as a string", { hosts: "www.example.com" }, "hosts", /must list at least one acceleration domain.*\["www\.example\.com"\]/),
    teo("duplicate host", { hosts: ["static.example.com", "static.example.com"] }, "hosts", /twice/),
    teo("unicode host", { hosts: ["bücher.example.com"] }, "hosts", /domain name like "www\.example\.com"/),
    teo("bad mode enum", { mode: "custom" }, "mode", /must be one of "disable", "eofreecert", "eofreecert_manual", "sslcert"/),
    teo("sslcert without serverCertIds", { serverCertIds: undefined }, "serverCertIds", /required with mode "sslcert"/),
    teo("serverCertIds with mode disable (conflicting fields)", { mode: "disable" }, "serverCertIds", /remove serverCertIds or set mode: "sslcert"/),
    teo("unknown apiVersion", { apiVersion: "2023-01-01" }, "apiVersion", /must be one of "2022-09-01", "2022-01-06"/),
    teo("2022-09-01 setting with apiVersion 2022-01-06", { apiVersion: "2022-01-06" }, "mode", /use apiVersion "2022-09-01"|certIds/),
    teo("deleteBehavior of the other version", { deleteBehavior: "default" }, "deleteBehavior", /2022-01-06|must be one of/),
    teo("zero waitTimeoutSeconds", { waitTimeoutSeconds: 0 }, "waitTimeoutSeconds", /from 1 to/),
];

interface ConfigCase {
    what: string;
    config?: Record<string, string>;
    env?: Record<string, string>;
    /** Leave out the demo credentials. */
    noCredentials?: boolean;
    /** The setting the message must name. */
    names: RegExp;
    fix: RegExp;
}

export const CONFIG_CASES: ConfigCase[] = [
    {
        what: "no credentials anywhere",
        noCredentials: true,
        names: /tencentcloud:secretId[\s\S]*TENCENTCLOUD_SECRET_ID[\s\S]*credentials/,
        fix: /pulumi config set/,
    },
    {
        what: "half credentials: id without key",
        noCredentials: true,
        config: { "tencentcloud:secretId": "AKIDhalf" },
        names: /tencentcloud:secretKey/,
        fix: /set/i,
    },
    {
        what: "half credentials: key without id",
        noCredentials: true,
        config: { "tencentcloud:secretKey": "keyonly-secret" },
        names: /tencentcloud:secretId/,
        fix: /set/i,
    },
    {
        what: "half credentials in the environment",
        noCredentials: true,
        env: { TENCENTCLOUD_SECRET_ID: "AKIDenvonly" },
        names: /TENCENTCLOUD_SECRET_KEY/,
        fix: /set|export/i,
    },
    {
        what: "token without a key pair",
        noCredentials: true,
        config: { "tencentcloud:securityToken": "tok-only" },
        names: /tencentcloud:secret(Id|Key)/,
        fix: /set/i,
    },
    {
        what: "empty secretId",
        noCredentials: true,
        config: { "tencentcloud:secretId": "", "tencentcloud:secretKey": "k" },
        names: /tencentcloud:secretId/,
        fix: /set/i,
    },
    { what: "endpoint with another scheme", config: { "tencentcloud:endpoint": "ftp://127.0.0.1:9000" }, names: /tencentcloud:endpoint/, fix: /only https/ },
    {
        what: "non-loopback http:// endpoint",
        config: { "tencentcloud:endpoint": "http://api.example.com" },
        names: /tencentcloud:endpoint/,
        fix: /not a loopback host.*use https/,
    },
    { what: "endpoint that is not a URL", config: { "tencentcloud:endpoint": "not a url" }, names: /tencentcloud:endpoint/, fix: /http/i },
    { what: "endpoint with a path", config: { "tencentcloud:endpoint": "https://api.example.com/v3" }, names: /tencentcloud:endpoint/, fix: /path/i },
    {
        what: "endpoint with a password in it (never echoed)",
        config: { "tencentcloud:endpoint": "https://admin:keyonly-secret@api.example.com" },
        names: /tencentcloud:endpoint/,
        fix: /must not contain a user name or password/,
    },
    {
        what: "endpoint from the environment, non-loopback http",
        env: { TENCENTCLOUD_ENDPOINT: "http://10.0.0.1:9000" },
        config: { "tencentcloud:endpoint": undefined as unknown as string },
        names: /TENCENTCLOUD_ENDPOINT/,
        fix: /not a loopback host.*use https/,
    },
    {
        what: "requestTimeoutMs not a number",
        config: { "tencentcloud:requestTimeoutMs": "fast" },
        names: /tencentcloud:requestTimeoutMs/,
        fix: /whole number of milliseconds between 1 and/,
    },
    { what: "requestTimeoutMs zero", config: { "tencentcloud:requestTimeoutMs": "0" }, names: /tencentcloud:requestTimeoutMs/, fix: /between 1 and/ },
    { what: "retryDeadlineMs negative", config: { "tencentcloud:retryDeadlineMs": "-5" }, names: /tencentcloud:retryDeadlineMs/, fix: /whole number/ },
    { what: "maxAttempts too large", config: { "tencentcloud:maxAttempts": "1000" }, names: /tencentcloud:maxAttempts/, fix: /between 1 and 100/ },
    { what: "rateLimits with a word", config: { "tencentcloud:rateLimits": "ssl=fast" }, names: /tencentcloud:rateLimits/, fix: /whole number/ },
    { what: "rateLimits for an unknown service", config: { "tencentcloud:rateLimits": "s3=10" }, names: /tencentcloud:rateLimits/, fix: /service=N/ },
    { what: "maxInFlight garbage", config: { "tencentcloud:maxInFlight": "lots" }, names: /tencentcloud:maxInFlight/, fix: /ssl=16/ },
    { what: "region that is not a region", config: { "tencentcloud:region": "Guangzhou" }, names: /tencentcloud:region/, fix: /ap-guangzhou/ },
    { what: "unsupported language", config: { "tencentcloud:language": "fr-FR" }, names: /tencentcloud:language/, fix: /zh-CN or en-US/ },
    {
        what: "unknown site",
        config: { "tencentcloud:site": "mars", "tencentcloud:endpoint": undefined as unknown as string },
        names: /tencentcloud:site/,
        fix: /intl|china/,
    },
];

function clientForConfig(emulator: Emulator, c: ConfigCase, home: string): () => TencentCloudApi {
    const config: Record<string, string | undefined> = {
        "tencentcloud:endpoint": emulator.url,
        ...(c.noCredentials ? {} : { "tencentcloud:secretId": DEMO_CREDENTIALS.secretId, "tencentcloud:secretKey": DEMO_CREDENTIALS.secretKey }),
        ...(c.config ?? {}),
    };
    return () => createClient(resolveSettings({ get: (k) => config[k] }, { ...(c.env ?? {}) }, { homeDir: home }));
}

describe("reliability: bad-input corpus (refused before any API call)", function () {
    this.timeout(120_000);
    let emulator: Emulator;
    let home: string;

    before(async () => {
        emulator = await startEmulator({ rateLimits: false });
        home = fs.mkdtempSync(path.join(os.tmpdir(), "reliability-home-"));
    });
    after(async () => {
        await emulator?.close();
        fs.rmSync(home, { recursive: true, force: true });
    });

    it(`has at least 40 cases across the three resources and the provider config (${INPUT_CASES.length} + ${CONFIG_CASES.length})`, () => {
        assert.ok(INPUT_CASES.length + CONFIG_CASES.length >= 40);
        for (const kind of Object.keys(VALID) as Kind[]) {
            assert.ok(INPUT_CASES.filter((c) => c.resource === kind).length >= 10, kind);
        }
    });

    it("the valid inputs pass check (so each case fails for its own reason)", async () => {
        const api = testClient(emulator);
        for (const [kind, inputs] of Object.entries(VALID) as [Kind, Record<string, unknown>][]) {
            const result = await providerFor(kind, api).check!({}, inputs);
            assert.deepEqual(result.failures ?? [], [], kind);
        }
    });

    function providerFor(kind: Kind, api: TencentCloudApi) {
        const log = recordingLogger();
        switch (kind) {
            case "CsrResource":
                return csrProviderImpl({ client: () => api, log, state: new CsrProcessState() });
            case "ListenerCertificateBinding":
                return listenerCertificateBindingProviderImpl({ client: () => api, log });
            case "HostsCertificateBinding":
                return hostsCertificateBindingProviderImpl({ client: () => api, log });
        }
    }

    for (const c of INPUT_CASES) {
        it(`${c.resource}: ${c.what} → ${c.field}`, async () => {
            emulator.admin.clearLog();
            const api = testClient(emulator);
            const provider = providerFor(c.resource, api);
            const news: Record<string, unknown> = { ...VALID[c.resource], ...c.change };
            for (const [k, v] of Object.entries(c.change)) {
                if (v === undefined) delete news[k];
            }
            const result = await provider.check!({}, news);
            const failures = result.failures ?? [];
            const named = failures.filter((f) => f.property === c.field);
            assert.ok(named.length > 0, `no failure names '${c.field}'; got ${JSON.stringify(failures)}`);
            assert.ok(
                named.some((f) => c.fix.test(f.reason)),
                `the failure for '${c.field}' must name it and say how to fix it (${c.fix}); got ${JSON.stringify(named)}`,
            );
            assert.equal(emulator.log.length, 0, "no API call");
        });
    }

    for (const c of CONFIG_CASES) {
        it(`provider config: ${c.what}`, async () => {
            emulator.admin.clearLog();
            const provider = listenerCertificateBindingProviderImpl({ client: clientForConfig(emulator, c, home), log: recordingLogger() });
            const inputs = (await provider.check!({}, VALID.ListenerCertificateBinding)).inputs;
            await assert.rejects(provider.create!(inputs), (err: any) => {
                assert.match(err.code ?? "", /^Client\.(ConfigError|CredentialsError)$/, String(err));
                assert.match(err.message, c.names);
                assert.match(err.message, c.fix);
                for (const secret of ["keyonly-secret", "tok-only", DEMO_CREDENTIALS.secretKey]) {
                    assert.ok(!err.message.includes(secret), "the message never quotes a secret");
                }
                return true;
            });
            assert.equal(emulator.log.length, 0, "no API call");
        });
    }
});

describe("reliability: bad input through the real dynamic-provider host", function () {
    this.timeout(180_000);
    let emulator: Emulator;
    let stateDir: string;

    before(async () => {
        emulator = await startEmulator({ rateLimits: false });
    });
    after(() => emulator?.close());
    beforeEach(() => {
        stateDir = fs.mkdtempSync(path.join(os.tmpdir(), "reliability-bad-"));
        emulator.admin.clearLog();
    });
    afterEach(() => fs.rmSync(stateDir, { recursive: true, force: true }));

    const cases: { what: string; config: Record<string, string>; env?: Record<string, string>; expect: RegExp[] }[] = [
        {
            what: "CsrResource with an invalid email",
            config: { "reliability-all:only": "csr", "reliability-all:csrEmail": "admin(at)example.com" },
            expect: [/email: email "admin\(at\)example\.com" is not an email address; expected local-part@domain\.tld/],
        },
        {
            what: "ListenerCertificateBinding with a wrong listener id and HostsCertificateBinding with a URL as host",
            config: {
                "reliability-all:only": "gaap,teo",
                "reliability-all:gaapListenerId": "lsr-123",
                "reliability-all:teoHosts": "https://static.example.com",
            },
            expect: [/listenerId 'lsr-123' is not a GAAP listener id; expected 'listener-'/, /hosts\[0\] must be a domain name like "www\.example\.com"/],
        },
        {
            what: "a non-loopback http:// endpoint",
            config: { "reliability-all:only": "gaap", "tencentcloud:endpoint": "http://api.example.com:9000" },
            expect: [/tencentcloud:endpoint uses plain http for api\.example\.com, which is not a loopback host.*use https/],
        },
    ];
    for (const c of cases) {
        it(`${c.what}: the CLI output names the field and the fix; no API call`, async () => {
            const r = await drive("up", { emulator, stateDir, config: c.config, verbose: false, env: { HOME: stateDir } });
            assert.notEqual(r.exitCode, 0);
            for (const re of c.expect) {
                assert.match(r.stdout, re, r.stdout);
            }
            assert.equal(emulator.log.length, 0, "no API call");
            console.log(
                `      user sees: ${r.stdout
                    .split("\n")
                    .filter((l) => c.expect.some((re) => re.test(l)))[0]
                    ?.trim()}`,
            );
        });
    }

    it("missing credentials: the message lists where it looked; no API call", async () => {
        const r = await drive("up", {
            emulator,
            stateDir,
            verbose: false,
            env: { HOME: stateDir, TENCENTCLOUD_SECRET_ID: undefined, TENCENTCLOUD_SECRET_KEY: undefined },
            config: { "reliability-all:only": "gaap", "tencentcloud:secretId": "", "tencentcloud:secretKey": "" },
        });
        assert.notEqual(r.exitCode, 0);
        assert.match(r.stdout, /tencentcloud:secretId/);
        assert.match(r.stdout, /TENCENTCLOUD_SECRET_ID/);
        assert.equal(emulator.log.length, 0, "no API call");
    });
});
