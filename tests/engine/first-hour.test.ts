/**
 * What a new user meets in the first hour, through the real program runner and dynamic-provider
 * host against the emulator (tests/programs/first-hour, one CsrResource or one lookup):
 * an https:// endpoint at the plain-http emulator, a region typo, a secret key stored in
 * plaintext, a lookup that finds nothing, adoption after a removed state file, a CSR left behind
 * by a concurrent run, ignoreChanges for a generated CSR's remark, and the examples' previews.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { DEMO_CREDENTIALS, startEmulator, type Emulator } from "../../emulator";
import { createCSR } from "../../provider/tencentcloud/services/ssl";
import { backupPathFor } from "../../tools/engine/state";
import { findResource, runPulumi, type ConfigValue, type RunOptions, type RunResult } from "../../tools/engine";
import { emulatorClient, emulatorEnv } from "../support/emulator-client";
import { REPO } from "../support/paths";
import { explain } from "../support/run-output";

const PROGRAM = path.join(REPO, "tests/programs/first-hour");

/** Lines of a JavaScript stack trace. */
function stackLines(text: string): string[] {
    return text.split("\n").filter((line) => /^\s+at .+(\(.+:\d+:\d+\)|:\d+:\d+)$/.test(line));
}

function linesWith(r: RunResult, text: string): string[] {
    return r.stdout.split("\n").filter((l) => l.includes(text));
}

describe("the first hour: frictions a new user met (real dynamic-provider host, emulator)", function () {
    this.timeout(300_000);
    let emulator: Emulator;
    let stateDir: string;

    /** The program as a user sets it up: endpoint, id and (secret) key in the stack config, nothing in the environment. */
    const run = (op: RunOptions["op"], config: Record<string, ConfigValue> = {}, extra: Partial<RunOptions> = {}): Promise<RunResult> =>
        runPulumi({
            cwd: PROGRAM,
            op,
            stateDir,
            env: { TENCENTCLOUD_ENDPOINT: undefined, TENCENTCLOUD_SECRET_ID: undefined, TENCENTCLOUD_SECRET_KEY: undefined, TENCENTCLOUD_REGION: undefined },
            ...extra,
            config: {
                "tencentcloud:endpoint": emulator.url,
                "tencentcloud:secretId": DEMO_CREDENTIALS.secretId,
                "tencentcloud:secretKey": { secret: DEMO_CREDENTIALS.secretKey },
                ...config,
            },
        });

    beforeEach(async () => {
        emulator = await startEmulator({ rateLimits: false });
        stateDir = fs.mkdtempSync(path.join(os.tmpdir(), "first-hour-"));
    });
    afterEach(async () => {
        await emulator.close();
        fs.rmSync(stateDir, { recursive: true, force: true });
    });

    it("https:// pointed at the plain-http emulator: the run fails at once (at the preview checks' key probe in Check), one line naming the setting and the http URL to use", async () => {
        const https = emulator.url.replace(/^http:/, "https:");
        const r = await run("up", { "tencentcloud:endpoint": https });
        assert.equal(r.exitCode, 255, explain(r));
        const lines = linesWith(r, "web: error: ");
        assert.equal(lines.length, 1, explain(r));
        assert.ok(
            lines[0].endsWith(
                `ssl.DescribeCSRSet: ${https} does not speak TLS (ERR_SSL_WRONG_VERSION_NUMBER: the server answered the TLS handshake in plain HTTP); ` +
                    `the endpoint comes from tencentcloud:endpoint. The bundled emulator serves plain http: set tencentcloud:endpoint to ${emulator.url}.`,
            ),
            lines[0],
        );
        assert.equal(emulator.log.length, 0, "no API call reached the emulator");
        assert.deepEqual(stackLines(r.stdout + r.stderr), [], explain(r));
        // Preview checks probe the key in Check, so the endpoint fails there; nothing is created.
        assert.equal(r.rpcLog.filter((e) => e.method === "Create").length, 0, explain(r));
        const failed = r.rpcLog.find((e) => e.method === "Check" && e.done && e.ok === false)!;
        assert.ok(failed, explain(r));
        console.log(`      Check failed after ${failed.durationMs} ms (a Create was ~29 s of retries)`);
        assert.ok(failed.durationMs! < 3_000, `Check took ${failed.durationMs} ms (bound: 3 s)`);
    });

    it("a region typo in config or in the resource warns at preview with the nearest region, once each; nothing fails", async () => {
        // Preview checks off: they would probe the key, and this is about the warning making no call of its own.
        const r = await run("preview", { "tencentcloud:region": "ap-guangzou", "first-hour:region": "ap-singapor", "tencentcloud:previewChecks": "false" });
        assert.equal(r.exitCode, 0, explain(r));
        const config = linesWith(
            r,
            "warning: tencentcloud:region is 'ap-guangzou', which is not a Tencent Cloud region this package knows; did you mean 'ap-guangzhou'?",
        );
        const input = linesWith(
            r,
            "warning: a resource's input 'region' is 'ap-singapor', which is not a Tencent Cloud region this package knows; did you mean 'ap-singapore'?",
        );
        assert.equal(config.length, 1, explain(r));
        assert.equal(input.length, 1, explain(r));
        assert.equal(emulator.log.length, 0, "a warning, not a call");

        const known = await run("preview", { "tencentcloud:region": "ap-guangzhou", "first-hour:region": "ap-singapore" });
        assert.equal(known.exitCode, 0, explain(known));
        assert.deepEqual(linesWith(known, "region this package knows"), []);
    });

    it("tencentcloud:secretKey set without --secret: preview warns naming config set --secret; set as a secret, no warning", async () => {
        const plain = await run("preview", { "tencentcloud:secretKey": DEMO_CREDENTIALS.secretKey });
        assert.equal(plain.exitCode, 0, explain(plain));
        const warnings = linesWith(plain, "warning: tencentcloud:secretKey is stored in plaintext in the stack's config (Pulumi.dev.yaml)");
        assert.equal(warnings.length, 1, explain(plain));
        assert.match(warnings[0], /Store it encrypted: pulumi config set --secret tencentcloud:secretKey <value>/);
        const secret = await run("preview");
        assert.equal(secret.exitCode, 0, explain(secret));
        assert.deepEqual(linesWith(secret, "stored in plaintext"), []);
    });

    it("a lookup that finds nothing: one error line, no 'unhandled exception', no stack frames", async () => {
        const r = await run("up", { "first-hour:mode": "lookup", "first-hour:listenerId": "listener-nothere1" });
        assert.equal(r.exitCode, 255, explain(r));
        const errors = linesWith(r, "error: ");
        assert.equal(errors.length, 1, explain(r));
        assert.match(errors[0], /^ {4}error: getListenerDomains: GAAP listener 'listener-nothere1' does not exist; check the id .* \(RequestId [0-9a-f-]+\)$/);
        assert.ok(!r.stdout.includes("unhandled exception"), explain(r));
        assert.deepEqual(stackLines(r.stdout + r.stderr), [], explain(r));
    });

    it("after the state file was removed, up adopts the CSR and says that its state lost it", async () => {
        const up = await run("up");
        assert.equal(up.exitCode, 0, explain(up));
        const id = findResource(up.state, "web")!.id!;
        fs.rmSync(up.statePath);
        fs.rmSync(backupPathFor(up.statePath), { force: true });
        const again = await run("up");
        assert.equal(again.exitCode, 0, explain(again));
        assert.equal(findResource(again.state, "web")!.id, id, "the same CSR");
        assert.deepEqual(Object.keys(emulator.state.ssl.csrs), [id], "no duplicate");
        const said = linesWith(again, `adopted CSR ${id} (www.example.com) instead of creating one: it carries this resource's client token`);
        assert.equal(said.length, 1, explain(again));
        assert.match(
            said[0],
            /an earlier run created it and its state lost it \(that run was interrupted, or the state file was removed or restored from an older copy\)/,
        );
        assert.ok(!again.stdout.includes("answer was lost"), explain(again));
    });

    it("refresh names a CSR carrying the stack's marker that no resource owns (a concurrent run's leftover), from the one listing", async () => {
        const up = await run("up");
        assert.equal(up.exitCode, 0, explain(up));
        const web = findResource(up.state, "web")!;
        const token = web.outputs.clientToken as string;
        // What the second of two concurrent ups leaves: a CSR with the same marker, not in state.
        const leftover = await createCSR(emulatorClient(emulator), {
            Domain: "www.example.com",
            Organization: "Example Ltd",
            Department: "IT",
            Email: "admin@example.com",
            Province: "Guangdong",
            City: "Shenzhen",
            Country: "CN",
            EncryptAlgo: "ECC",
            KeyParameter: "prime256v1",
            Generate: true,
            Remark: `my first CSR [pulumi:${token}]`,
        });
        const mark = emulator.log.length;
        const r = await run("refresh");
        assert.equal(r.exitCode, 0, explain(r));
        const warnings = linesWith(r, "warning: CSR ");
        assert.equal(warnings.length, 1, explain(r));
        assert.match(
            warnings[0],
            new RegExp(`CSR ${leftover.Id} \\(www\\.example\\.com, created .+\\) carries the client-token marker \\[pulumi:${token}\\] of CSR ${web.id}`),
        );
        assert.ok(warnings[0].includes(`tccli ssl BatchDeleteCSR --CSRIds '[${leftover.Id}]'`), warnings[0]);
        assert.ok(warnings[0].includes(`adoptCsrId: ${leftover.Id}`), warnings[0]);
        assert.deepEqual(
            emulator.log.slice(mark).map((e) => e.action),
            ["DescribeCSRSet"],
            "the refresh's own listing: no call for the check",
        );
    });

    it('ignoreChanges: ["remark"] keeps a generated CSR (and its key) when only the remark changes in the program', async () => {
        const up = await run("up");
        assert.equal(up.exitCode, 0, explain(up));
        const replaced = await run("preview", { "first-hour:remark": "renamed" });
        assert.equal(replaced.exitCode, 0, explain(replaced));
        assert.match(
            replaced.stdout,
            /^ \+- pulumi-nodejs:dynamic\/tencentcloud:CsrResource web replace \[diff: ~remark\]$/m,
            "without ignoreChanges: a new CSR and key",
        );
        const kept = await run("preview", { "first-hour:remark": "renamed", "first-hour:ignoreRemark": "true" });
        assert.equal(kept.exitCode, 0, explain(kept));
        assert.equal(kept.summary.replace + kept.summary.update, 0, explain(kept));
        assert.equal(kept.summary.same, 2, explain(kept));
    });

    it("the examples' previews print no 'Undefined value … will not show as a stack output'", async () => {
        for (const example of ["csr", "gaap", "teo"]) {
            const r = await runPulumi({
                cwd: path.join(REPO, "examples", example),
                op: "preview",
                stateDir: path.join(stateDir, example),
                env: emulatorEnv(emulator),
            });
            assert.equal(r.exitCode, 0, explain(r));
            assert.deepEqual(linesWith(r, "Undefined value"), [], `${example}: ${explain(r)}`);
        }
    });
});
