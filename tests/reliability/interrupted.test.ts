/**
 * Interrupted runs: the dynamic-provider host is killed (SIGKILL, as when the CI runner or the
 * laptop dies) in the middle of a create and in the middle of a delete, after the API has acted
 * but before the engine learned of it. The next `up` / `destroy` must converge with no duplicate
 * and nothing left behind, adopting what the killed run created.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { startEmulator, type Emulator } from "../../emulator";
import { findResource, readPlainState, type RunResult } from "../../tools/engine";
import { drive, type DriverOptions, RELIABILITY_PROGRAM } from "../support/reliability-program";
import { explain } from "../support/run-output";

function calls(emulator: Emulator, action: string, from = 0): number {
    return emulator.log.slice(from).filter((e) => e.action === action).length;
}

describe("reliability: interrupted runs (provider host killed mid-create and mid-delete)", function () {
    this.timeout(300_000);
    let emulator: Emulator;
    let stateDir: string;
    let base: DriverOptions;

    beforeEach(async () => {
        stateDir = fs.mkdtempSync(path.join(os.tmpdir(), "reliability-kill-"));
    });
    afterEach(async () => {
        await emulator?.close();
        fs.rmSync(stateDir, { recursive: true, force: true });
    });

    async function start(options: Parameters<typeof startEmulator>[0], only: string): Promise<void> {
        emulator = await startEmulator({ rateLimits: false, ...options });
        base = { emulator, stateDir, config: { "reliability-all:only": only } };
    }

    function assertKilled(r: RunResult): void {
        assert.notEqual(r.exitCode, 0, `the interrupted run must fail:\n${explain(r)}`);
    }

    it("CsrResource: killed after CreateCSR acted → the next up adopts the orphan by its client token (no duplicate)", async () => {
        // CreateCSR answers at once; the DescribeCSR that follows hangs, and the host is killed meanwhile.
        await start({ faults: { seed: 1, rules: [{ service: "ssl", action: "DescribeCSR", probability: 1, kind: "delay", delayMs: 4_000 }] } }, "csr");
        const killed = await drive("up", { ...base, killProviderHostAfter: { method: "Create", count: 1, delayMs: 1_500 } });
        assertKilled(killed);
        assert.equal(calls(emulator, "CreateCSR"), 1, "the killed run created the CSR");
        assert.equal(findResource(readPlainState({ cwd: RELIABILITY_PROGRAM, stateDir }), "csr-0"), undefined, "the engine never learned its id");
        const orphan = Object.values(emulator.state.ssl.csrs)[0];

        emulator.admin.setFaults({ faults: null });
        const mark = emulator.log.length;
        const again = await drive("up", base);
        assert.equal(again.exitCode, 0, explain(again));
        assert.equal(calls(emulator, "CreateCSR", mark), 0, "the rerun adopts instead of creating");
        assert.equal(Object.keys(emulator.state.ssl.csrs).length, 1, "exactly one CSR");
        const state = readPlainState({ cwd: RELIABILITY_PROGRAM, stateDir });
        assert.equal(findResource(state, "csr-0")!.id, String(orphan.Id), "state holds the adopted CSR");
        assert.match(again.stdout, /adopted CSR \d+/);

        const gone = await drive("destroy", base);
        assert.equal(gone.exitCode, 0, explain(gone));
        assert.equal(Object.keys(emulator.state.ssl.csrs).length, 0);
    });

    it("CsrResource: killed mid-update after ModifyCSR generated the CSR → the next up records the generated CSR (generation is not repeated)", async () => {
        await start({}, "csr");
        const up = await drive("up", { ...base, config: { ...base.config, "reliability-all:csrGenerate": "false" } });
        assert.equal(up.exitCode, 0, explain(up));
        // ModifyCSR (Generate) answers; the DescribeCSR that follows hangs while the host is killed.
        emulator.admin.setFaults({ faults: { seed: 1, rules: [{ service: "ssl", action: "DescribeCSR", probability: 1, kind: "delay", delayMs: 4_000 }] } });
        const generate = { ...base, config: { ...base.config, "reliability-all:csrGenerate": "true" } };
        const killed = await drive("up", { ...generate, killProviderHostAfter: { method: "Update", count: 1, delayMs: 1_500 } });
        assertKilled(killed);
        const record = Object.values(emulator.state.ssl.csrs)[0];
        assert.equal(record.Status, 1, "the server generated the CSR before the kill");
        assert.equal(findResource(readPlainState({ cwd: RELIABILITY_PROGRAM, stateDir }), "csr-0")!.outputs.status, 0, "state still says not generated");

        emulator.admin.setFaults({ faults: null });
        const again = await drive("up", generate);
        assert.equal(again.exitCode, 0, explain(again));
        assert.equal(Object.keys(emulator.state.ssl.csrs).length, 1, "still exactly one CSR");
        const state = findResource(readPlainState({ cwd: RELIABILITY_PROGRAM, stateDir }), "csr-0")!;
        assert.equal(state.outputs.status, 1);
        assert.equal(state.outputs.privateKey, record.PrivateKey, "state holds the key the server generated");
        assert.equal(state.outputs.csr, record.CSR);
    });

    it("CsrResource: killed mid-delete after BatchDeleteCSR was sent → the next destroy finds it gone and converges", async () => {
        await start({}, "csr");
        const up = await drive("up", base);
        assert.equal(up.exitCode, 0, explain(up));
        // The delete request reaches the server, which acts after the host is already dead.
        emulator.admin.setFaults({ faults: { seed: 1, rules: [{ service: "ssl", action: "BatchDeleteCSR", probability: 1, kind: "delay", delayMs: 1_500 }] } });
        const killed = await drive("destroy", { ...base, killProviderHostAfter: { method: "Delete", count: 1, delayMs: 700 } });
        assertKilled(killed);
        await emulator.idle(); // the delayed BatchDeleteCSR the killed host left behind
        assert.equal(Object.keys(emulator.state.ssl.csrs).length, 0, "the server carried the delete out");
        assert.ok(findResource(readPlainState({ cwd: RELIABILITY_PROGRAM, stateDir }), "csr-0"), "state still lists the CSR");

        emulator.admin.setFaults({ faults: null });
        const again = await drive("destroy", base);
        assert.equal(again.exitCode, 0, explain(again));
        assert.equal(findResource(readPlainState({ cwd: RELIABILITY_PROGRAM, stateDir }), "csr-0"), undefined);
    });

    it("CsrResource: killed mid-delete before the request left → the next destroy deletes it", async () => {
        await start({}, "csr");
        const up = await drive("up", base);
        assert.equal(up.exitCode, 0, explain(up));
        // Deletes wait in a short batching window before BatchDeleteCSR is sent: kill inside it.
        const killed = await drive("destroy", { ...base, killProviderHostAfter: { method: "Delete", count: 1, delayMs: 0 } });
        assertKilled(killed);
        const mark = emulator.log.length;
        const again = await drive("destroy", base);
        assert.equal(again.exitCode, 0, explain(again));
        assert.equal(Object.keys(emulator.state.ssl.csrs).length, 0);
        assert.ok(calls(emulator, "BatchDeleteCSR", mark) <= 1);
    });

    it("ListenerCertificateBinding: killed while waiting for GAAP to apply the create, and again mid-delete → up and destroy converge", async () => {
        await start({ gaapApplyDelayMs: 4_000 }, "gaap");
        const killed = await drive("up", { ...base, killProviderHostAfter: { method: "Create", count: 1, delayMs: 1_500 } });
        assertKilled(killed);
        const domain = () => emulator.state.gaap.listeners["listener-emu00001"].Domains.find((d) => d.Domain === "www.example.com")!;
        assert.equal(domain().CertificateId, "cert-emuwww01", "the change was sent before the kill");
        const mark = emulator.log.length;
        const again = await drive("up", base);
        assert.equal(again.exitCode, 0, explain(again));
        assert.ok(calls(emulator, "ModifyCertificate", mark) <= 1, "at most one more ModifyCertificate (none when the domain already shows it)");
        const state = readPlainState({ cwd: RELIABILITY_PROGRAM, stateDir });
        assert.equal(findResource(state, "gaap")!.outputs.certificateId, domain().CertificateId);

        const killedDelete = await drive("destroy", { ...base, killProviderHostAfter: { method: "Delete", count: 1, delayMs: 1_500 } });
        assertKilled(killedDelete);
        const destroyed = await drive("destroy", base);
        assert.equal(destroyed.exitCode, 0, explain(destroyed));
        assert.equal(domain().CertificateId, "default");
    });

    it("HostsCertificateBinding: killed while EdgeOne deploys the create, and again mid-delete → up and destroy converge", async () => {
        await start({ teoDeployDelayMs: 4_000 }, "teo");
        const host = () => emulator.state.teo.zones["zone-emu0example"].hosts["static.example.com"];
        const killed = await drive("up", { ...base, killProviderHostAfter: { method: "Create", count: 1, delayMs: 1_500 } });
        assertKilled(killed);
        assert.equal(host().Mode, "sslcert", "the change was sent before the kill");
        const mark = emulator.log.length;
        const again = await drive("up", base);
        assert.equal(again.exitCode, 0, explain(again));
        assert.ok(calls(emulator, "ModifyHostsCertificate", mark) <= 1, "at most one more ModifyHostsCertificate");
        assert.equal(findResource(readPlainState({ cwd: RELIABILITY_PROGRAM, stateDir }), "teo")!.outputs.mode, host().Mode);

        const killedDelete = await drive("destroy", { ...base, killProviderHostAfter: { method: "Delete", count: 1, delayMs: 1_500 } });
        assertKilled(killedDelete);
        const destroyed = await drive("destroy", base);
        assert.equal(destroyed.exitCode, 0, explain(destroyed));
        assert.equal(host().Mode, "disable", "deleteBehavior disable was applied");
    });
});
