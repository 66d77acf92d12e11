/**
 * The failures a new user meets first, through the real program runner and dynamic-provider host:
 * a stopped emulator (connection refused) fails each resource within 3 s of its provider call,
 * naming the endpoint, the setting it came from and the fix, in one line per resource and without
 * a JavaScript stack trace; rejected credentials say where the key came from; bad settings and
 * missing credentials fail `preview` at Check, before any API call.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { DEMO_CREDENTIALS, startEmulator, type Emulator } from "../../emulator";
import { runPulumi, type RunResult } from "../../tools/engine";
import { drive, RELIABILITY_PROGRAM } from "../support/reliability-program";
import { explain } from "../support/run-output";

/** A port on 127.0.0.1 where nothing listens (bound, then closed). */
async function closedPort(): Promise<number> {
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const port = (server.address() as net.AddressInfo).port;
    await new Promise((resolve) => server.close(resolve));
    return port;
}

/** Lines of a JavaScript stack trace (`    at fn (file.js:1:2)`). */
function stackLines(text: string): string[] {
    return text.split("\n").filter((line) => /^\s+at .+(\(.+:\d+:\d+\)|:\d+:\d+)$/.test(line));
}

function assertNoStackTrace(r: RunResult): void {
    assert.deepEqual(stackLines(r.stdout + r.stderr), [], `no stack trace expected\n${explain(r)}`);
}

/** The printed error lines of one resource. */
function errorLinesOf(r: RunResult, name: string): string[] {
    return r.stdout.split("\n").filter((line) => line.includes(` ${name}: error: `));
}

const RESOURCES = [
    { name: "csr-0", type: "CsrResource" },
    { name: "gaap", type: "ListenerCertificateBinding" },
    { name: "teo", type: "HostsCertificateBinding" },
];

describe("reliability: the failures a user meets first (real dynamic-provider host)", function () {
    this.timeout(240_000);
    let emulator: Emulator;
    let stateDir: string;

    beforeEach(async () => {
        emulator = await startEmulator({ rateLimits: false, gaapApplyDelayMs: 20, teoDeployDelayMs: 40 });
        stateDir = fs.mkdtempSync(path.join(os.tmpdir(), "first-failures-"));
    });
    afterEach(async () => {
        await emulator?.close();
        fs.rmSync(stateDir, { recursive: true, force: true });
    });

    it("stopped emulator: refresh fails each resource within 3 s of its Read, one line naming the endpoint, tencentcloud:endpoint and the fix", async () => {
        const up = await drive("up", { emulator, stateDir, verbose: false });
        assert.equal(up.exitCode, 0, explain(up));
        const port = await closedPort();
        const endpoint = `http://127.0.0.1:${port}`;
        const r = await drive("refresh", { emulator, stateDir, verbose: false, config: { "tencentcloud:endpoint": endpoint } });
        assert.notEqual(r.exitCode, 0, explain(r));
        const reads = r.rpcLog.filter((e) => e.method === "Read" && e.done);
        assert.equal(reads.length, RESOURCES.length, explain(r));
        for (const read of reads) {
            assert.equal(read.ok, false);
            assert.ok(read.durationMs! < 3_000, `Read of ${read.urn} took ${read.durationMs} ms (bound: 3 s)`);
        }
        for (const { name, type } of RESOURCES) {
            const lines = errorLinesOf(r, name);
            assert.equal(lines.length, 1, `one error line for ${name}\n${explain(r)}`);
            assert.ok(lines[0].includes(type), lines[0]);
            assert.match(
                lines[0],
                new RegExp(
                    `nothing is listening at ${endpoint} \\(ECONNREFUSED\\); the endpoint comes from tencentcloud:endpoint\\. Start the emulator .* or correct tencentcloud:endpoint`,
                ),
            );
        }
        assertNoStackTrace(r);
        console.log(`      Read durations: ${reads.map((e) => `${e.durationMs} ms`).join(", ")}`);
        console.log(`      ${errorLinesOf(r, "csr-0")[0].trim().slice(0, 300)}`);
    });

    it("stopped emulator set by TENCENTCLOUD_ENDPOINT: up fails within 3 s of the Create and names the variable", async () => {
        const port = await closedPort();
        const config = {
            "reliability-all:only": "csr",
            "tencentcloud:secretId": DEMO_CREDENTIALS.secretId,
            "tencentcloud:secretKey": { secret: DEMO_CREDENTIALS.secretKey },
        };
        const env = { TENCENTCLOUD_ENDPOINT: `http://127.0.0.1:${port}` };
        // With preview checks (the default) check's key probe meets it first: no Create at all.
        const checked = await runPulumi({ cwd: RELIABILITY_PROGRAM, op: "up", stateDir, config, env });
        assert.notEqual(checked.exitCode, 0, explain(checked));
        assert.equal(checked.rpcLog.filter((e) => e.method === "Create").length, 0, explain(checked));
        assert.match(
            errorLinesOf(checked, "csr-0").join("\n"),
            /the endpoint comes from TENCENTCLOUD_ENDPOINT\. Start the emulator .* or correct TENCENTCLOUD_ENDPOINT/,
        );
        // The Create's own handling, without preview checks.
        const r = await runPulumi({ cwd: RELIABILITY_PROGRAM, op: "up", stateDir, config: { ...config, "tencentcloud:previewChecks": "false" }, env });
        assert.notEqual(r.exitCode, 0, explain(r));
        const create = r.rpcLog.find((e) => e.method === "Create" && e.done);
        assert.ok(create && create.ok === false, explain(r));
        assert.ok(create.durationMs! < 3_000, `Create took ${create.durationMs} ms (bound: 3 s)`);
        const lines = errorLinesOf(r, "csr-0");
        assert.equal(lines.length, 1, explain(r));
        assert.match(lines[0], /the endpoint comes from TENCENTCLOUD_ENDPOINT\. Start the emulator .* or correct TENCENTCLOUD_ENDPOINT/);
        assertNoStackTrace(r);
    });

    it("signature failure: names the config keys or the profile the key came from, never the key", async () => {
        const wrongKey = "wrong-secret-key-0123456789abcdef";
        const viaConfig = await drive("up", {
            emulator,
            stateDir,
            verbose: true,
            config: { "reliability-all:only": "csr", "tencentcloud:secretKey": { secret: wrongKey } },
        });
        assert.notEqual(viaConfig.exitCode, 0, explain(viaConfig));
        const line = errorLinesOf(viaConfig, "csr-0");
        assert.equal(line.length, 1, explain(viaConfig));
        assert.match(
            line[0],
            /AuthFailure\.SignatureFailure: .*The SecretId and SecretKey come from Pulumi config tencentcloud:secretId \/ tencentcloud:secretKey/,
        );
        assert.ok(!(viaConfig.stdout + viaConfig.stderr).includes(wrongKey), "the key never appears, debug output included");
        assertNoStackTrace(viaConfig);

        const home = fs.mkdtempSync(path.join(os.tmpdir(), "first-failures-home-"));
        try {
            fs.mkdirSync(path.join(home, ".tencentcloud"));
            fs.writeFileSync(
                path.join(home, ".tencentcloud", "credentials"),
                `[ci]\nsecret_id = AKIDunknown000000000000000000000001\nsecret_key = ${wrongKey}\n`,
            );
            const viaProfile = await runPulumi({
                cwd: RELIABILITY_PROGRAM,
                op: "up",
                stateDir,
                verbose: true,
                config: { "reliability-all:only": "csr", "tencentcloud:endpoint": emulator.url },
                env: { HOME: home, TENCENTCLOUD_PROFILE: "ci", TENCENTCLOUD_SECRET_ID: undefined, TENCENTCLOUD_SECRET_KEY: undefined },
            });
            const profileLine = errorLinesOf(viaProfile, "csr-0");
            assert.equal(profileLine.length, 1, explain(viaProfile));
            assert.match(profileLine[0], /AuthFailure\.SecretIdNotFound: .*The SecretId comes from profile 'ci' in .*\.tencentcloud\/credentials/);
            assert.ok(!(viaProfile.stdout + viaProfile.stderr).includes(wrongKey), "the key never appears, debug output included");
            assertNoStackTrace(viaProfile);
        } finally {
            fs.rmSync(home, { recursive: true, force: true });
        }
    });

    it("bad site, missing credentials and a plain-http remote endpoint fail preview at Check, before any API call", async () => {
        const home = fs.mkdtempSync(path.join(os.tmpdir(), "first-failures-home-"));
        const cases: { label: string; config: Record<string, string>; expect: RegExp }[] = [
            { label: "bad site", config: { "tencentcloud:site": "mars" }, expect: /tencentcloud:site is 'mars'; use 'intl' .* or 'china'/ },
            {
                label: "missing credentials",
                config: { "tencentcloud:secretId": "", "tencentcloud:secretKey": "" },
                expect: /No Tencent Cloud credentials found\. Looked in, in order:/,
            },
            {
                label: "plain http to a remote host",
                config: { "tencentcloud:endpoint": "http://10.20.30.40:9000" },
                expect: /tencentcloud:endpoint uses plain http for 10\.20\.30\.40, which is not a loopback host/,
            },
        ];
        try {
            for (const c of cases) {
                const before = emulator.log.length;
                const r = await drive("preview", {
                    emulator,
                    stateDir,
                    verbose: false,
                    config: { "reliability-all:only": "csr", ...c.config },
                    env: { HOME: home },
                });
                assert.notEqual(r.exitCode, 0, `${c.label}\n${explain(r)}`);
                const check = r.rpcLog.find((e) => e.method === "Check" && e.done);
                assert.ok(check && check.ok === false, `${c.label}: Check fails\n${explain(r)}`);
                assert.match(check.error ?? "", c.expect, c.label);
                assert.ok(r.stdout.includes(check.error!.split("\n")[0]), `${c.label}: the message is printed\n${explain(r)}`);
                assert.equal(emulator.log.length, before, `${c.label}: no API call`);
                assertNoStackTrace(r);
            }
        } finally {
            fs.rmSync(home, { recursive: true, force: true });
        }
    });
});
