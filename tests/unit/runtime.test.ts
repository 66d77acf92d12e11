import { strict as assert } from "node:assert";
import * as grpc from "@grpc/grpc-js";
import * as runtime from "../../provider/runtime";
import { ConfigError, CredentialsError } from "../../provider/tencentcloud/errors";
import { streamLogger } from "../../provider/tencentcloud/log";
import { makeTempHome } from "./support/temp-home";

function mapConfig(values: Record<string, string>) {
    return { get: (key: string) => values[key] };
}

describe("runtime: getClient", () => {
    const savedEnv = { ...process.env };
    let home: ReturnType<typeof makeTempHome>;

    beforeEach(async () => {
        for (const key of Object.keys(process.env)) {
            if (key.startsWith("TENCENTCLOUD_")) {
                delete process.env[key];
            }
        }
        home = makeTempHome();
        process.env.HOME = home.dir; // never the real ~/.tencentcloud
        await runtime.resetRuntimeForTests();
    });

    afterEach(async () => {
        await runtime.resetRuntimeForTests();
        process.env = { ...savedEnv };
        home.cleanup();
    });

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
        assert.throws(() => runtime.getClient(), (err: unknown) => err instanceof ConfigError && err.setting === "tencentcloud:endpoint");
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
            const logger = runtime.createEngineLogger(`127.0.0.1:${port}`, streamLogger("debug", (l) => fallbackLines.push(l)));
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
        const logger = runtime.createEngineLogger("127.0.0.1:1", streamLogger("debug", (l) => lines.push(l)));
        logger.error("lost line");
        for (let i = 0; i < 200 && lines.length === 0; i++) {
            await new Promise((r) => setTimeout(r, 10));
        }
        assert.deepEqual(lines, ["error: pulumi-tencent-certs: lost line\n"]);
    });

    it("redactingLogger removes secrets whatever the caller passes", () => {
        const { redactingLogger } = require("../../provider/tencentcloud/log");
        const lines: string[] = [];
        const logger = redactingLogger(streamLogger("debug", (l) => lines.push(l)), ["the-secret-key", undefined, "tok-12345"]);
        logger.info("key=the-secret-key token=tok-12345 twice the-secret-key");
        assert.deepEqual(lines, ["info: pulumi-tencent-certs: key=*** token=*** twice ***\n"]);
    });
});
