import { strict as assert } from "node:assert";
import * as grpc from "@grpc/grpc-js";
import * as runtime from "../../provider/runtime";
import { ConfigError, CredentialsError, EndpointUnreachableError } from "../../provider/tencentcloud/errors";
import { streamLogger } from "../../provider/tencentcloud/log";
import { isolateRuntimeEnv } from "../support/temp-home";

function mapConfig(values: Record<string, string>) {
    return { get: (key: string) => values[key] };
}

describe("runtime: getClient", () => {
    isolateRuntimeEnv();

    const creds = { "tencentcloud:secretId": "AKIDrt", "tencentcloud:secretKey": "runtime-secret-key" };

    it("builds the client lazily and returns the same one until configure changes the settings", () => {
        runtime.configure(mapConfig(creds));
        const first = runtime.getClient();
        assert.equal(runtime.getClient(), first);
        runtime.configure(mapConfig({ ...creds })); // same settings again (every resource kind configures)
        assert.equal(runtime.getClient(), first);
        runtime.configure(mapConfig({ ...creds, "tencentcloud:region": "ap-singapore" }));
        const second = runtime.getClient();
        assert.notEqual(second, first);
        assert.equal((second as any).limiter, (first as any).limiter, "one rate limiter per process while the limits stay the same");
        runtime.configure(mapConfig({ ...creds, "tencentcloud:rateLimits": "ssl=5" }));
        assert.notEqual((runtime.getClient() as any).limiter, (first as any).limiter);
    });

    it("reads the environment when config is empty", () => {
        process.env.TENCENTCLOUD_SECRET_ID = "AKIDenv";
        process.env.TENCENTCLOUD_SECRET_KEY = "env-secret-key";
        assert.ok(runtime.getClient());
    });

    it("throws a clear error on every call until the settings are fixed", () => {
        assert.throws(() => runtime.getClient(), CredentialsError);
        assert.throws(() => runtime.getClient(), CredentialsError);
        runtime.configure(mapConfig({ ...creds, "tencentcloud:endpoint": "http://10.1.2.3:9000" }));
        assert.throws(
            () => runtime.getClient(),
            (err: unknown) => err instanceof ConfigError && err.setting === "tencentcloud:endpoint",
        );
        runtime.configure(mapConfig({ ...creds, "tencentcloud:endpoint": "http://127.0.0.1:9000" }));
        assert.ok(runtime.getClient());
    });
});

describe("runtime: logging", () => {
    it("recognises the dynamic-provider host and its engine address", () => {
        const host = "/p/node_modules/@pulumi/pulumi/cmd/dynamic-provider";
        assert.equal(runtime.engineAddressFromArgv(["node", host, "127.0.0.1:41234"]), "127.0.0.1:41234");
        assert.equal(runtime.engineAddressFromArgv(["node", `${host}/index.js`, "localhost:5"]), "localhost:5");
        assert.equal(runtime.engineAddressFromArgv(["node", "C:\\p\\@pulumi\\pulumi\\cmd\\dynamic-provider\\index.js", "127.0.0.1:1"]), "127.0.0.1:1");
        assert.equal(runtime.engineAddressFromArgv(["node", "/p/bin/index.js", "127.0.0.1:41234"]), undefined);
        assert.equal(runtime.engineAddressFromArgv(["node", host]), undefined);
        assert.equal(runtime.engineAddressFromArgv(["node", host, "--flag"]), undefined);
    });

    it("sends log lines to the engine's Log RPC with the right severity", async () => {
        const { EngineService } = require("@pulumi/pulumi/proto/engine_grpc_pb");
        const received: { severity: number; message: string }[] = [];
        const server = new grpc.Server();
        const unimplemented: grpc.handleUnaryCall<any, any> = (_call, cb) => cb({ code: grpc.status.UNIMPLEMENTED });
        server.addService(EngineService, {
            log: ((call: any, cb: any) => {
                received.push({ severity: call.request.getSeverity(), message: call.request.getMessage() });
                const { Empty } = require("google-protobuf/google/protobuf/empty_pb");
                cb(null, new Empty());
            }) as grpc.handleUnaryCall<any, any>,
            getRootResource: unimplemented,
            setRootResource: unimplemented,
            startDebugging: unimplemented,
        });
        const port = await new Promise<number>((resolve, reject) =>
            server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p))),
        );
        try {
            const fallbackLines: string[] = [];
            const logger = runtime.createEngineLogger(
                `127.0.0.1:${port}`,
                streamLogger("debug", (l) => fallbackLines.push(l)),
            );
            logger.debug("dbg line");
            logger.warn("warn line");
            for (let i = 0; i < 100 && received.length < 2; i++) {
                await new Promise((r) => setTimeout(r, 10));
            }
            received.sort((a, b) => a.severity - b.severity);
            assert.deepEqual(received, [
                { severity: 0, message: "dbg line" },
                { severity: 2, message: "warn line" },
            ]);
            assert.deepEqual(fallbackLines, []);
        } finally {
            server.forceShutdown();
        }
    });

    it("falls back to stderr-style output when the engine is unreachable", async () => {
        const lines: string[] = [];
        const logger = runtime.createEngineLogger(
            "127.0.0.1:1",
            streamLogger("debug", (l) => lines.push(l)),
        );
        logger.error("lost line");
        for (let i = 0; i < 200 && lines.length === 0; i++) {
            await new Promise((r) => setTimeout(r, 10));
        }
        assert.deepEqual(lines, ["error: pulumi-tencent-certs: lost line\n"]);
    });

    it("secretScrubbingLogger removes the known secret values whatever the caller passes", () => {
        const { secretScrubbingLogger } = require("../../provider/tencentcloud/log");
        const lines: string[] = [];
        const logger = secretScrubbingLogger(
            streamLogger("debug", (l: string) => lines.push(l)),
            () => ["the-secret-key", undefined, "tok-12345"],
        );
        logger.info("key=the-secret-key token=tok-12345 twice the-secret-key");
        assert.deepEqual(lines, ["info: pulumi-tencent-certs: key=*** token=*** twice ***\n"]);
    });
});

describe("runtime: what the provider logs never carries a secret", () => {
    it("masks PEM private keys and password, key and token fields whatever their value", () => {
        const { redactSecretPatterns } = require("../../provider/tencentcloud/log");
        const pem = "-----BEGIN RSA PRIVATE KEY-----\nMIIEow3xAmPle0fAkeyB0dy\nabc\n-----END RSA PRIVATE KEY-----";
        const out: string = redactSecretPatterns(
            `resp: {"keyPassword":"KP-123456","privateKey":"${pem.replace(/\n/g, "\\n")}","csrId":7} KeyPassword=hunter22 token: 'tok-abcdef' ${pem}`,
        );
        for (const secret of ["KP-123456", "MIIEow3xAmPle0fAkeyB0dy", "hunter22", "tok-abcdef"]) {
            assert.ok(!out.includes(secret), `${secret} leaked: ${out}`);
        }
        assert.ok(out.includes('"csrId":7'), out);
        assert.ok(out.includes("[private key redacted]"), out);
    });

    it("getLogger masks the credentials in use, including ones configured after the logger was built", async () => {
        await runtime.resetRuntimeForTests();
        const lines: string[] = [];
        const write = process.stderr.write;
        process.env.TENCENTCLOUD_DEBUG = "1";
        (process.stderr as any).write = (chunk: string) => (lines.push(String(chunk)), true);
        try {
            const logger = runtime.getLogger();
            runtime.configure(
                mapConfig({ "tencentcloud:secretId": "AKIDlog", "tencentcloud:secretKey": "log-secret-key-42", "tencentcloud:securityToken": "log-token-77" }),
            );
            runtime.getClient();
            logger.debug("sent with log-secret-key-42 and log-token-77");
        } finally {
            (process.stderr as any).write = write;
            // isolateRuntimeEnv cleared every TENCENTCLOUD_* before the test; dropped in place, as process.env must stay the real one.
            delete process.env.TENCENTCLOUD_DEBUG;
            await runtime.resetRuntimeForTests();
        }
        assert.deepEqual(lines, ["debug: pulumi-tencent-certs: sent with *** and ***\n"]);
    });
});

describe("runtime: providerFor as the shim calls it", () => {
    isolateRuntimeEnv();
    const creds = { "tencentcloud:secretId": "AKIDchk", "tencentcloud:secretKey": "check-secret-key" };
    const csrNews = { domain: "www.example.com", organization: "O", department: "D", email: "a@example.com", province: "P", city: "C", country: "CN" };

    it("check reports bad settings and missing credentials (so preview shows them), naming the setting", async () => {
        const check = (config: Record<string, string>) => {
            runtime.configure(mapConfig(config));
            return runtime.providerFor("csr").check!({}, csrNews);
        };
        await assert.rejects(
            check({ ...creds, "tencentcloud:site": "mars" }),
            (e: any) => e instanceof ConfigError && /tencentcloud:site is 'mars'; use 'intl'/.test(e.message),
        );
        await assert.rejects(
            check({ ...creds, "tencentcloud:endpoint": "http://10.1.2.3:9000" }),
            (e: any) => e instanceof ConfigError && e.setting === "tencentcloud:endpoint",
        );
        await assert.rejects(check({}), (e: any) => e instanceof CredentialsError && /No Tencent Cloud credentials found/.test(e.message));
        // Preview checks (on by default) sign one call per account: with nothing listening, check names the endpoint.
        await assert.rejects(
            check({ ...creds, "tencentcloud:endpoint": "http://127.0.0.1:9" }),
            (e: any) => e instanceof EndpointUnreachableError && /tencentcloud:endpoint/.test(e.message),
        );
        const ok = await check({ ...creds, "tencentcloud:endpoint": "http://127.0.0.1:9", "tencentcloud:previewChecks": "false" });
        assert.equal(ok.inputs.domain, "www.example.com");
        await assert.rejects(
            check({ ...creds, "tencentcloud:previewChecks": "off" }),
            (e: any) => e instanceof ConfigError && e.setting === "tencentcloud:previewChecks" && /use true .* or false/.test(e.message),
        );
    });

    it("check of every resource kind refuses a bad tencentcloud:expiryWarningDays; getExpiryWarningDays follows configure", async () => {
        runtime.configure(mapConfig({ ...creds, "tencentcloud:expiryWarningDays": "two weeks" }));
        for (const kind of ["csr", "listenerCertificateBinding", "hostsCertificateBinding"] as const) {
            await assert.rejects(
                runtime.providerFor(kind).check!({}, kind === "csr" ? csrNews : {}),
                (e: any) => e instanceof ConfigError && e.setting === "tencentcloud:expiryWarningDays" && /between 0 and 3650/.test(e.message),
                kind,
            );
        }
        runtime.configure(mapConfig({ ...creds }));
        assert.equal(runtime.getExpiryWarningDays(), 30);
        process.env.TENCENTCLOUD_EXPIRY_WARNING_DAYS = "7";
        runtime.configure(mapConfig({ ...creds }));
        assert.equal(runtime.getExpiryWarningDays(), 7);
        runtime.configure(mapConfig({ ...creds, "tencentcloud:expiryWarningDays": "0" }));
        assert.equal(runtime.getExpiryWarningDays(), 0, "config wins over the environment");
    });

    it("tells expected failures from bugs (only bugs keep their stack trace in the host)", () => {
        assert.equal(runtime.isExpectedFailure(new ConfigError("tencentcloud:site", "bad")), true);
        assert.equal(runtime.isExpectedFailure(new Error("CSR 7 was created but disappeared")), true);
        assert.equal(runtime.isExpectedFailure(new TypeError("x is undefined")), false);
        assert.equal(runtime.isExpectedFailure("a string"), false);
    });
});
