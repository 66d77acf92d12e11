/**
 * `npm run sweep` against the emulator: what an interrupted acceptance run leaves (tagged CSRs,
 * binding objects changed from their recorded original, stack state) is reported by a dry run
 * without any change, then removed or restored; other CSRs and other runs are left alone.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { DEMO_CREDENTIALS, startEmulator, type Emulator } from "../../emulator";
import { createCSR, listCsrs } from "../../provider/tencentcloud/services/ssl";
import type { TencentCloudApi } from "../../provider/tencentcloud/types";
import { readGaapDomain, readTeoHost, setGaapCertificate, setTeoHost, type WaitSettings } from "../../tools/acceptance/bindings";
import { EMULATOR_TARGETS } from "../../tools/acceptance/config";
import { readRecords, writeRecord } from "../../tools/acceptance/records";
import { acceptanceRunOfRemarks, newRunId, runClientToken, runTag } from "../../tools/acceptance/run-tag";
import { main, sweep } from "../../tools/acceptance/sweep";
import { emulatorClient } from "../support/emulator-client";

const { gaap, teo, teoV1 } = EMULATOR_TARGETS;
const wait: WaitSettings = { timeoutMs: 30_000, intervalMs: 50 };
const SUBJECT = { Organization: "Acceptance Ltd", Department: "QA", Email: "qa@example.com", Province: "Guangdong", City: "Shenzhen", Country: "CN" };

describe("npm run sweep (emulator)", function () {
    this.timeout(60_000);
    let emulator: Emulator;
    let api: TencentCloudApi;
    let stateDir: string;
    const interrupted = newRunId(Date.UTC(2026, 0, 1), () => 0.1);
    const other = newRunId(Date.UTC(2026, 0, 2), () => 0.2);

    async function csr(remark: string): Promise<number> {
        return (
            await createCSR(api, { ...SUBJECT, Domain: "sweep.example.com", EncryptAlgo: "ECC", KeyParameter: "prime256v1", Generate: false, Remark: remark })
        ).Id;
    }
    const remainingRemarks = async () => (await listCsrs(api)).map((c) => c.Remarks).sort();

    beforeEach(async () => {
        emulator = await startEmulator({ teoDeployDelayMs: 100, gaapApplyDelayMs: 100 });
        api = emulatorClient(emulator);
        stateDir = fs.mkdtempSync(path.join(os.tmpdir(), "sweep-"));
        // What an interrupted run left: two tagged CSRs (by remark, by client token only), two objects changed after recording.
        await csr(`${runTag(interrupted)} first [pulumi:${runClientToken(interrupted)}]`);
        await csr(`edited in the console [pulumi:${runClientToken(interrupted)}]`);
        await csr(`${runTag(other)} first`);
        await csr("my own CSR [pulumi:abc123def456]");
        await csr("acc-not-a-run");
        const startedAt = new Date().toISOString();
        writeRecord(stateDir, { kind: "gaap", runId: interrupted, label: "gaap", startedAt, target: gaap, original: { certificateId: "default" } });
        writeRecord(stateDir, { kind: "teo", runId: interrupted, label: "teo", startedAt, target: teo, original: { mode: "disable", certIds: [] } });
        writeRecord(stateDir, { kind: "teo", runId: interrupted, label: "teo-v1", startedAt, target: teoV1, original: { mode: "eofreecert", certIds: [] } });
        await setGaapCertificate(api, gaap, { certificateId: gaap.certificateId }, wait);
        await setTeoHost(api, teo, { mode: "sslcert", certIds: [teo.certificateId] }, wait);
        fs.mkdirSync(path.join(stateDir, "runs", interrupted, "stacks"), { recursive: true });
    });
    afterEach(async () => {
        await emulator.close();
        fs.rmSync(stateDir, { recursive: true, force: true });
    });

    it("--dry-run reports every leftover of every run and changes nothing", async () => {
        const before = await remainingRemarks();
        const report = await sweep({ api, stateDir, dryRun: true, wait });
        // Records in file-name order: binding-<run>-gaap, -teo-v1, -teo.
        assert.deepEqual(report.csrs.map((c) => c.runId).sort(), [interrupted, interrupted, other].sort());
        assert.deepEqual(
            report.bindings.map((b) => [b.target, b.outcome?.action]),
            [
                [`gaap ${gaap.listenerId}/${gaap.domain}`, "would restore"],
                [`teo ${teoV1.zoneId}/${teoV1.host}`, "unchanged"],
                [`teo ${teo.zoneId}/${teo.host}`, "would restore"],
            ],
        );
        assert.deepEqual(await remainingRemarks(), before);
        assert.equal((await readGaapDomain(api, gaap)).certificateId, gaap.certificateId);
        assert.equal(readRecords(stateDir).length, 3);
        assert.ok(fs.existsSync(path.join(stateDir, "runs", interrupted)));
    });

    it("deletes the run's CSRs, restores each recorded original, removes the records and the run's stack state, and leaves everything else", async () => {
        const report = await sweep({ api, stateDir, runId: interrupted, wait });
        assert.deepEqual(report.failures, []);
        assert.equal(report.deletedCsrs.length, 2);
        assert.deepEqual((await remainingRemarks()).map(acceptanceRunOfRemarks), [other, undefined, undefined].sort());
        assert.equal((await readGaapDomain(api, gaap)).certificateId, "default");
        const host = await readTeoHost(api, teo);
        assert.deepEqual([host.mode, host.settled], ["disable", true]);
        assert.equal((await readTeoHost(api, teoV1)).mode, "eofreecert", "an object already at its original is not touched");
        assert.deepEqual(
            report.bindings.map((b) => b.outcome?.action),
            ["restored", "unchanged", "restored"],
        );
        assert.deepEqual(readRecords(stateDir), []);
        assert.ok(!fs.existsSync(path.join(stateDir, "runs", interrupted)));
    });

    it("the CLI reads the provider's settings from the environment and prints the report", async () => {
        const out: string[] = [];
        const env = {
            TENCENTCLOUD_ENDPOINT: emulator.url,
            TENCENTCLOUD_SECRET_ID: DEMO_CREDENTIALS.secretId,
            TENCENTCLOUD_SECRET_KEY: DEMO_CREDENTIALS.secretKey,
            TENCENTCLOUD_ACCEPTANCE_STATE_DIR: stateDir,
        };
        const code = await main(["--dry-run", "--run", interrupted], env, { write: (t) => out.push(t) });
        const text = out.join("");
        assert.equal(code, 0, text);
        assert.match(text, /CSRs of acceptance runs: 2 found, 2 would delete/);
        assert.match(
            text,
            new RegExp(
                `gaap ${gaap.listenerId}/${gaap.domain} \\(run ${interrupted}\\): would restore \\(found certificate ${gaap.certificateId}, original certificate default\\)`,
            ),
        );
        assert.ok(!text.includes(DEMO_CREDENTIALS.secretKey));
        assert.equal(await main(["--bogus"], env, { write: (t) => out.push(t) }), 2);
    });
});
