/**
 * CsrResource through the engine driver: Pulumi's real program runner and the real dynamic-provider
 * host run examples/csr (and tests/programs/csr-many) against the emulator, like `pulumi up /
 * preview / refresh / destroy`. Calls are asserted from the emulator's log. Needs `npx tsc` first
 * (the host loads bin/).
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { startEmulator, DEMO_CREDENTIALS, type Emulator } from "../../emulator";
import { runPulumi, findResource, type RunOptions, type RunResult } from "../../tools/engine";
import { createClient } from "../../provider/tencentcloud/client";
import { resolveSettings } from "../../provider/tencentcloud/settings";
import { emulatorEnv } from "../support/emulator-client";
import { explain } from "../support/run-output";

const repo = path.resolve(__dirname, "../..");
const example = path.join(repo, "examples/csr");
const adopt = path.join(repo, "tests/programs/csr-adopt");
const P = "tencent-csr-example";

/** SSL actions the emulator answered since `from` (index into its log). */
/** The ssl actions called since `from`; preview checks' key probe (DescribeCSRSet, Limit 1, once per run that changes something) shows as "probe". */
function sslCalls(emulator: Emulator, from = 0): string[] {
    return emulator.log
        .slice(from)
        .filter((e) => e.service === "ssl")
        .map((e) => (e.action === "DescribeCSRSet" && e.params.Limit === 1 ? "probe" : e.action));
}

function countOf(calls: string[], action: string): number {
    return calls.filter((a) => a === action).length;
}

function csrIdOf(r: RunResult, name: string): number {
    const res = findResource(r.state, name);
    assert.ok(res?.id, `resource ${name} in state`);
    return Number(res.id);
}

describe("CsrResource lifecycle (engine driver, real dynamic-provider host)", function () {
    this.timeout(300_000);
    let emulator: Emulator | undefined;
    let stateDir: string;

    const run = (cwd: string, op: RunOptions["op"], extra: Partial<RunOptions> = {}): Promise<RunResult> =>
        runPulumi({ cwd, op, stateDir, env: emulatorEnv(emulator!), ...extra });

    beforeEach(() => {
        stateDir = fs.mkdtempSync(path.join(os.tmpdir(), "csr-lifecycle-"));
    });
    afterEach(async () => {
        await emulator?.close();
        emulator = undefined;
        fs.rmSync(stateDir, { recursive: true, force: true });
    });

    it("up → preview clean → edit before generation in place → console remark edit before generation: preview --refresh names it, up --refresh reverts in place → generate → edit after generation replaces → generated CSR deleted in the console: up --refresh creates it again → destroy", async () => {
        emulator = await startEmulator({ rateLimits: false });
        const keyPassword = "Kp-7f3a9c1e-lifecycle";
        const base: Record<string, RunOptions["config"] extends infer C ? (C extends Record<string, infer V> ? V : never) : never> = {
            [`${P}:generateWeb`]: "false",
            [`${P}:webRemark`]: "first remark",
            [`${P}:keyPassword`]: { secret: keyPassword },
        };
        // Everything a user or an attacker could read: printed output and every state file written.
        const outputs: string[] = [];
        const privateKeys = new Set<string>();
        const record = (r: RunResult) => {
            outputs.push(r.stdout, r.stderr, fs.readFileSync(r.statePath, "utf8"));
            for (const rec of Object.values(emulator!.state.ssl.csrs)) {
                if (rec.PrivateKey) privateKeys.add(rec.PrivateKey);
            }
            return r;
        };

        // 1. up: web (RSA, not generated) and api (ECC, generated).
        let mark = emulator.log.length;
        let r = record(await run(example, "up", { config: base }));
        assert.equal(r.exitCode, 0, explain(r));
        assert.equal(r.summary.create, 3, explain(r)); // the stack counts too, as in Pulumi
        let calls = sslCalls(emulator, mark);
        assert.equal(countOf(calls, "CreateCSR"), 2, calls.join(","));
        assert.equal(countOf(calls, "DescribeCSRSet"), 1, "one listing for the orphan check, shared: " + calls.join(","));
        assert.equal(calls[0], "probe", "check probed the key once, first: " + calls.join(","));
        assert.equal(countOf(calls, "probe"), 1, calls.join(","));
        assert.equal(countOf(calls, "DescribeCSR"), 2, calls.join(","));
        const webId = csrIdOf(r, "web");
        const apiId = csrIdOf(r, "api");
        assert.equal(emulator.state.ssl.csrs[String(webId)].Status, 0);
        assert.equal(emulator.state.ssl.csrs[String(apiId)].Status, 1);
        assert.equal(emulator.state.ssl.csrs[String(apiId)].EncryptAlgo, "ECC");
        assert.match(emulator.state.ssl.csrs[String(webId)].Remarks, /^first remark \[pulumi:[0-9a-f]{12}\]$/);
        assert.match(String(r.outputs.apiCsr), /BEGIN CERTIFICATE REQUEST/);
        assert.ok(r.secretOutputs.includes("apiPrivateKey"));
        assert.equal(r.outputs.webStatus, 0);

        // 2. preview: no changes, no writes.
        mark = emulator.log.length;
        r = record(await run(example, "preview", { config: base }));
        assert.equal(r.exitCode, 0, explain(r));
        assert.equal(r.summary.same, 3, explain(r));
        assert.deepEqual(sslCalls(emulator, mark), [], "a preview without --refresh makes no CSR call");

        // 3. in-place edit before generation: ModifyCSR with only the remark.
        mark = emulator.log.length;
        r = record(await run(example, "up", { config: { ...base, [`${P}:webRemark`]: "second remark" } }));
        assert.equal(r.exitCode, 0, explain(r));
        assert.equal(r.summary.update, 1, explain(r));
        calls = sslCalls(emulator, mark);
        assert.deepEqual(calls, ["probe", "ModifyCSR"], "check probes the key (a new run), then one ModifyCSR");
        const modify = emulator.log.slice(mark).find((e) => e.action === "ModifyCSR")!;
        assert.deepEqual(Object.keys(modify.params).sort(), ["CSRId", "Generate", "Remark"]);
        assert.equal(csrIdOf(r, "web"), webId, "same CSR");
        assert.match(emulator.state.ssl.csrs[String(webId)].Remarks, /^second remark \[pulumi:/);

        // 3b. console remark edit before generation (the console, like ModifyCSR, edits only a CSR not yet
        //     generated): preview --refresh names the field; up --refresh puts it back in place (same CSR, same key).
        const edited = { ...base, [`${P}:webRemark`]: "second remark" };
        emulator.admin.modifyCsr({ id: webId, fields: { Remarks: "edited in console" } });
        mark = emulator.log.length;
        r = record(await run(example, "preview", { config: edited, refresh: true }));
        assert.equal(r.exitCode, 0, explain(r));
        const remarkDrift = r.steps.find((s) => s.name === "web" && s.op === "update");
        assert.ok(remarkDrift, explain(r));
        assert.deepEqual(
            remarkDrift!.diff.map((d) => d.replace(/^[~+-]/, "")),
            ["remark"],
        );
        assert.deepEqual(sslCalls(emulator, mark), ["DescribeCSRSet", "probe"], "refresh of 2 CSRs: one listing; check of the changed remark probes the key");
        mark = emulator.log.length;
        r = record(await run(example, "up", { config: edited, refresh: true }));
        assert.equal(r.exitCode, 0, explain(r));
        assert.equal(r.summary.update, 1, explain(r));
        assert.deepEqual(sslCalls(emulator, mark), ["DescribeCSRSet", "probe", "ModifyCSR"]);
        assert.equal(csrIdOf(r, "web"), webId, "same CSR");
        assert.match(emulator.state.ssl.csrs[String(webId)].Remarks, /^second remark \[pulumi:[0-9a-f]{12}\]$/, "the marker is back too");

        // 4. generate in place.
        const generated = { ...base, [`${P}:webRemark`]: "second remark", [`${P}:generateWeb`]: "true" };
        mark = emulator.log.length;
        r = record(await run(example, "up", { config: generated }));
        assert.equal(r.exitCode, 0, explain(r));
        assert.equal(r.summary.update, 1, explain(r));
        assert.deepEqual(sslCalls(emulator, mark), ["probe", "ModifyCSR", "DescribeCSR"]);
        assert.equal(emulator.state.ssl.csrs[String(webId)].Status, 1);
        assert.match(String(r.outputs.webCsr), /BEGIN CERTIFICATE REQUEST/);
        assert.match(emulator.state.ssl.csrs[String(webId)].PrivateKey ?? "", /ENCRYPTED PRIVATE KEY/);

        // 5. edit after generation: replacement (create the new one, then delete the old one).
        const moved = { ...generated, [`${P}:webCity`]: "Guangzhou" };
        mark = emulator.log.length;
        r = record(await run(example, "up", { config: moved }));
        assert.equal(r.exitCode, 0, explain(r));
        assert.equal(r.summary.replace, 1, explain(r));
        const replaceStep = r.steps.find((s) => s.name === "web")!;
        assert.deepEqual(replaceStep.replaces, ["city"]);
        calls = sslCalls(emulator, mark);
        assert.equal(countOf(calls, "CreateCSR"), 1, calls.join(","));
        assert.equal(countOf(calls, "BatchDeleteCSR"), 1, calls.join(","));
        const webId2 = csrIdOf(r, "web");
        assert.notEqual(webId2, webId);
        assert.equal(emulator.state.ssl.csrs[String(webId)], undefined, "the old CSR is deleted");
        assert.equal(emulator.state.ssl.csrs[String(webId2)].City, "Guangzhou");

        // 6. a generated CSR cannot be edited in the console (the emulator refuses, as ModifyCSR does); deleting it
        //    there is a drift a user can cause: preview --refresh shows it gone and to be created again.
        assert.throws(() => emulator!.admin.modifyCsr({ id: webId2, fields: { Remarks: "edited in console" } }), /already been generated/);
        emulator.admin.deleteCsr({ id: webId2 });
        mark = emulator.log.length;
        r = record(await run(example, "preview", { config: moved, refresh: true }));
        assert.equal(r.exitCode, 0, explain(r));
        assert.ok(
            r.steps.some((s) => s.name === "web" && s.op === "create"),
            explain(r),
        );
        calls = sslCalls(emulator, mark);
        assert.deepEqual(
            calls,
            ["DescribeCSRSet", "DescribeCSR", "probe"],
            "one listing; DescribeCSR only for the CSR missing from it; then check of the CSR to create again probes the key",
        );

        // 7. up --refresh creates it again (a new CSR, with the declared remark).
        mark = emulator.log.length;
        r = record(await run(example, "up", { config: moved, refresh: true }));
        assert.equal(r.exitCode, 0, explain(r));
        assert.equal(r.summary.create, 1, explain(r));
        const webId3 = csrIdOf(r, "web");
        assert.notEqual(webId3, webId2);
        assert.match(emulator.state.ssl.csrs[String(webId3)].Remarks, /^second remark \[pulumi:/);
        assert.equal(countOf(sslCalls(emulator, mark), "CreateCSR"), 1);

        // 8. destroy: both CSRs in one BatchDeleteCSR call.
        mark = emulator.log.length;
        r = record(await run(example, "destroy", { config: moved }));
        assert.equal(r.exitCode, 0, explain(r));
        assert.deepEqual(sslCalls(emulator, mark), ["BatchDeleteCSR"]);
        assert.deepEqual(Object.keys(emulator.state.ssl.csrs), []);

        // Secrets: the key password and every private key the emulator generated never appear in plaintext.
        const haystack = outputs.join("\n");
        assert.ok(!haystack.includes(keyPassword), "key password in plaintext");
        assert.ok(privateKeys.size >= 4, `saw ${privateKeys.size} private keys`);
        for (const key of privateKeys) {
            const body = key.split("\n").find((line) => line.length > 40)!;
            assert.ok(!haystack.includes(body), "a private key in plaintext");
        }
    });

    // CsrResource.get (ReadResource) is covered at the provider level in csr.emulator.test.ts: the
    // engine driver does not implement ReadResource yet.
    it("adoption: adoptCsrId manages an existing CSR (fixed in place, deleted on destroy); CsrResource.get reads another without managing it", async () => {
        emulator = await startEmulator({ rateLimits: false });
        const settings = {
            "tencentcloud:endpoint": emulator.url,
            "tencentcloud:secretId": DEMO_CREDENTIALS.secretId,
            "tencentcloud:secretKey": DEMO_CREDENTIALS.secretKey,
        } as Record<string, string>;
        const api = createClient(resolveSettings({ get: (k) => settings[k] }, {}));
        const subject = {
            Organization: "Example Ltd",
            Email: "admin@example.com",
            Province: "Guangdong",
            City: "Shenzhen",
            Country: "CN",
            EncryptAlgo: "RSA",
            KeyParameter: "2048",
        };
        const existing = await api.call<{ Id: number }>("ssl", "2019-12-05", "CreateCSR", {
            ...subject,
            Domain: "shop.example.com",
            Department: "Sales",
            Generate: false,
            Remark: "from the console",
        });
        const other = await api.call<{ Id: number }>("ssl", "2019-12-05", "CreateCSR", {
            ...subject,
            Domain: "read.example.com",
            Department: "IT",
            Generate: true,
        });
        const config = {
            "csr-adopt:adoptId": String(existing.Id),
            "csr-adopt:domain": "shop.example.com",
            "csr-adopt:remark": "from the console",
            "csr-adopt:readId": String(other.Id),
        };

        let mark = emulator.log.length;
        let r = await run(adopt, "up", { config });
        assert.equal(r.exitCode, 0, explain(r));
        let calls = sslCalls(emulator, mark);
        assert.equal(countOf(calls, "CreateCSR"), 0, calls.join(","));
        assert.equal(countOf(calls, "ModifyCSR"), 1, calls.join(","));
        assert.equal(findResource(r.state, "adopted")!.id, String(existing.Id));
        assert.equal(emulator.state.ssl.csrs[String(existing.Id)].Department, "IT", "the adopted CSR was brought to the inputs");
        assert.equal(r.outputs.adoptedStatus, 0);
        // CsrResource.get: read through the provider host, kept in state as external, never managed.
        assert.equal(r.outputs.readOnlyDomain, "read.example.com");
        assert.equal(r.outputs.readOnlyStatus, 1);
        assert.equal(r.outputs.readOnlyCsr, emulator.state.ssl.csrs[String(other.Id)].CSR);
        const readOnly = findResource(r.state, "read-only") as unknown as { id: string; external?: boolean };
        assert.equal(readOnly.id, String(other.Id));
        assert.equal(readOnly.external, true);
        const readKey = emulator.state.ssl.csrs[String(other.Id)].PrivateKey as string;
        assert.ok(readKey && !fs.readFileSync(r.statePath, "utf8").includes(readKey.split("\n")[1]), "the read CSR's private key is secret in state");
        assert.ok(!r.stdout.includes(readKey.split("\n")[1]));

        mark = emulator.log.length;
        r = await run(adopt, "preview", { config });
        assert.equal(r.exitCode, 0, explain(r));
        assert.equal(r.summary.create + r.summary.update + r.summary.replace + r.summary.delete, 0, explain(r));

        mark = emulator.log.length;
        r = await run(adopt, "destroy", { config });
        assert.equal(r.exitCode, 0, explain(r));
        calls = sslCalls(emulator, mark);
        assert.deepEqual(calls, ["BatchDeleteCSR"]);
        assert.deepEqual(emulator.log.slice(mark).find((e) => e.action === "BatchDeleteCSR")!.params.CSRIds, [existing.Id]);
        assert.ok(emulator.state.ssl.csrs[String(other.Id)], "a CSR the stack does not manage is never deleted");
    });
});
