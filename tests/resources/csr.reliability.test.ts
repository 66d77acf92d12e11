/**
 * CsrResource bulk and failure paths through the engine driver and the real dynamic-provider host,
 * against the emulator: 150 deletes in flight make exactly 2 BatchDeleteCSR calls, a refresh of
 * 150 CSRs is served by DescribeCSRSet pages, a lost CreateCSR response leaves exactly one CSR per
 * resource, and a provider host killed mid-create leaves an orphan the next `up` adopts.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { startEmulator, type Emulator, type EmulatorOptions } from "../../emulator";
import { runPulumi, findResource, type RunOptions, type RunResult } from "../../tools/engine";
import { emulatorEnv } from "../support/emulator-client";
import { explain } from "../support/run-output";

const repo = path.resolve(__dirname, "../..");
const example = path.join(repo, "examples/csr");
const many = path.join(repo, "tests/programs/csr-many");

function sslCalls(emulator: Emulator, from = 0): string[] {
    return emulator.log
        .slice(from)
        .filter((e) => e.service === "ssl")
        .map((e) => e.action);
}

function countOf(calls: string[], action: string): number {
    return calls.filter((a) => a === action).length;
}

describe("CsrResource bulk and failure paths (engine driver, real dynamic-provider host)", function () {
    this.timeout(300_000);
    let emulator: Emulator | undefined;
    let stateDir: string;

    const start = async (options: EmulatorOptions = {}) => {
        emulator = await startEmulator({ rateLimits: false, ...options });
        return emulator;
    };
    const run = (cwd: string, op: RunOptions["op"], extra: Partial<RunOptions> = {}): Promise<RunResult> =>
        runPulumi({
            cwd,
            op,
            stateDir,
            ...extra,
            // The emulator runs without rate limits here; let the client go faster than Tencent's 10/s too.
            env: emulatorEnv(emulator!, { TENCENTCLOUD_RATE_LIMITS: "ssl=200", ...extra.env }),
        });

    beforeEach(() => {
        stateDir = fs.mkdtempSync(path.join(os.tmpdir(), "csr-reliability-"));
    });
    afterEach(async () => {
        await emulator?.close();
        emulator = undefined;
        fs.rmSync(stateDir, { recursive: true, force: true });
    });

    it("150 CSRs: refresh costs 2 DescribeCSRSet calls; destroy with 150 deletes in flight makes exactly 2 BatchDeleteCSR calls", async () => {
        const emu = await start();
        const config = { "csr-many:count": "150" };
        let r = await run(many, "up", { config, parallel: 50 });
        assert.equal(r.exitCode, 0, explain(r));
        assert.equal(Object.keys(emu.state.ssl.csrs).length, 150);
        assert.equal(countOf(sslCalls(emu), "CreateCSR"), 150);

        let mark = emu.log.length;
        r = await run(many, "refresh", { config, parallel: 150 });
        assert.equal(r.exitCode, 0, explain(r));
        const refreshCalls = sslCalls(emu, mark);
        assert.deepEqual(refreshCalls, ["DescribeCSRSet", "DescribeCSRSet"], "one listing of 2 pages serves 150 reads");
        assert.ok(refreshCalls.length / 150 <= 0.1);

        mark = emu.log.length;
        r = await run(many, "destroy", { config, parallel: 150 });
        assert.equal(r.exitCode, 0, explain(r));
        const deletes = emu.log.slice(mark).filter((e) => e.action === "BatchDeleteCSR");
        assert.equal(deletes.length, 2, `BatchDeleteCSR calls: ${deletes.map((e) => (e.params.CSRIds as number[]).length)}`);
        assert.deepEqual(
            deletes.map((e) => (e.params.CSRIds as number[]).length).sort((a, b) => b - a),
            [100, 50],
        );
        assert.deepEqual(sslCalls(emu, mark), ["BatchDeleteCSR", "BatchDeleteCSR"]);
        assert.equal(Object.keys(emu.state.ssl.csrs).length, 0);
    });

    it("a CreateCSR whose response is lost after the server acted leaves exactly one CSR per resource", async () => {
        const emu = await start({ faults: { seed: 7, rules: [{ service: "ssl", action: "CreateCSR", probability: 1, kind: "actThenFail", count: 1 }] } });
        const r = await run(example, "up");
        assert.equal(r.exitCode, 0, explain(r));
        assert.equal(emu.log.filter((e) => e.fault === "actThenFail").length, 1, "the fault fired");
        assert.equal(Object.keys(emu.state.ssl.csrs).length, 2, "no duplicate");
        const ids = ["web", "api"].map((name) => findResource(r.state, name)!.id).sort();
        assert.deepEqual(ids, Object.keys(emu.state.ssl.csrs).sort(), "state matches the emulator");
        assert.equal(countOf(sslCalls(emu), "CreateCSR"), 2, "the lost create was found, not re-sent");
    });

    it("a provider host killed mid-create leaves an orphan that the next up adopts instead of duplicating", async () => {
        // DescribeCSR (right after CreateCSR) is slow, so the kill lands after the CSR exists but before the engine learns its id.
        const emu = await start({
            faults: { seed: 1, rules: [{ service: "ssl", action: "DescribeCSR", probability: 1, kind: "delay", delayMs: 4_000, count: 2 }] },
        });
        const first = await run(example, "up", { killProviderHostAfter: { method: "Create", count: 2, delayMs: 1_500 } });
        assert.notEqual(first.exitCode, 0, "the interrupted run fails");
        const orphans = Object.keys(emu.state.ssl.csrs);
        assert.ok(orphans.length >= 1, `CSRs created before the kill: ${orphans.length}\n${explain(first)}`);

        await emu.admin.setFaults({ faults: null });
        const mark = emu.log.length;
        const second = await run(example, "up");
        assert.equal(second.exitCode, 0, explain(second));
        assert.equal(Object.keys(emu.state.ssl.csrs).length, 2, "exactly one CSR per resource");
        const ids = ["web", "api"].map((name) => findResource(second.state, name)!.id).sort();
        assert.deepEqual(ids, Object.keys(emu.state.ssl.csrs).sort());
        for (const orphan of orphans) {
            assert.ok(ids.includes(orphan), `orphan ${orphan} was adopted`);
        }
        assert.equal(countOf(sslCalls(emu, mark), "CreateCSR"), 2 - orphans.length, "only the missing CSRs are created");
        assert.match(second.stdout, /adopted CSR/);
    });
});
