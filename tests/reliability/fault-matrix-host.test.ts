/**
 * The fault matrix through the real dynamic-provider host: for each resource, a whole lifecycle
 * (up → up with edits → refresh → destroy) run by the engine driver while 20 % of the service's
 * calls fail with a mix of every fault kind (deterministic seed). Each command may be rerun once,
 * as a user would; afterwards the state file must equal the emulator's truth, with no duplicate
 * CSR and nothing left behind.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { startEmulator, type Emulator } from "../../emulator";
import { findResource, readPlainState, type RunResult } from "../../tools/engine";
import { splitRemark } from "../../provider/resources/csr/inputs";
import { mixedFaults } from "../support/fault-rules";
import { formatFaultTable, recordCell, recordedCells } from "../support/fault-table";
import { drive, type DriverOptions, RELIABILITY_PROGRAM } from "../support/reliability-program";
import { type ResourceName, SERVICE_OF } from "../support/resource-lifecycles";
import { explain } from "../support/run-output";

const REQUEST_TIMEOUT_MS = 400;
/** CSRs in the CSR lifecycle: several, so creates and deletes run concurrently under faults. */
const CSR_COUNT = 3;

interface Step {
    op: "up" | "refresh" | "destroy";
    config: Record<string, string>;
}

type HostResource = Exclude<ResourceName, "HostsCertificateBinding (2022-01-06)">;

const EDITS: Record<HostResource, { only: string; v1: Record<string, string>; v2: Record<string, string> }> = {
    CsrResource: {
        only: "csr",
        v1: { "reliability-all:csrRemark": "first", "reliability-all:csrGenerate": "false", "reliability-all:csrCount": String(CSR_COUNT) },
        v2: { "reliability-all:csrRemark": "second", "reliability-all:csrGenerate": "true", "reliability-all:csrCount": String(CSR_COUNT) },
    },
    ListenerCertificateBinding: {
        only: "gaap",
        v1: { "reliability-all:gaapCertificateId": "cert-emuwww01" },
        v2: { "reliability-all:gaapCertificateId": "cert-emuwild1" },
    },
    HostsCertificateBinding: { only: "teo", v1: { "reliability-all:teoMode": "sslcert" }, v2: { "reliability-all:teoMode": "eofreecert" } },
};

function truthMatchesState(resource: HostResource, emulator: Emulator, stateDir: string): string[] {
    const state = readPlainState({ cwd: RELIABILITY_PROGRAM, stateDir });
    const problems: string[] = [];
    if (resource === "CsrResource") {
        const csrs = Object.values(emulator.state.ssl.csrs);
        if (csrs.length !== CSR_COUNT) problems.push(`${csrs.length} CSRs in the emulator, expected ${CSR_COUNT}`);
        for (let i = 0; i < CSR_COUNT; i++) {
            const r = findResource(state, `csr-${i}`);
            if (!r) {
                problems.push(`csr-${i} missing from state`);
                continue;
            }
            const record = emulator.state.ssl.csrs[String(r.id)];
            if (!record) {
                problems.push(`csr-${i}: state id ${r.id} does not exist in the emulator`);
                continue;
            }
            if (r.outputs.remark !== splitRemark(record.Remarks).remark)
                problems.push(`csr-${i} remark: state ${r.outputs.remark} vs emulator ${record.Remarks}`);
            if (r.outputs.status !== record.Status) problems.push(`csr-${i} status: state ${r.outputs.status} vs emulator ${record.Status}`);
            if ((r.outputs.privateKey ?? null) !== record.PrivateKey) problems.push(`csr-${i} privateKey differs`);
        }
    } else if (resource === "ListenerCertificateBinding") {
        const r = findResource(state, "gaap");
        const domain = emulator.state.gaap.listeners["listener-emu00001"].Domains.find((d) => d.Domain === "www.example.com")!;
        if (!r) return ["gaap missing from state"];
        if (r.outputs.certificateId !== domain.CertificateId)
            problems.push(`certificateId: state ${r.outputs.certificateId} vs emulator ${domain.CertificateId}`);
    } else {
        const r = findResource(state, "teo");
        const host = emulator.state.teo.zones["zone-emu0example"].hosts["static.example.com"];
        if (!r) return ["teo missing from state"];
        if (r.outputs.mode !== host.Mode) problems.push(`mode: state ${r.outputs.mode} vs emulator ${host.Mode}`);
    }
    return problems;
}

function leftovers(resource: HostResource, emulator: Emulator): number {
    switch (resource) {
        case "CsrResource":
            return Object.keys(emulator.state.ssl.csrs).length;
        case "ListenerCertificateBinding":
            return emulator.state.gaap.listeners["listener-emu00001"].Domains.find((d) => d.Domain === "www.example.com")!.CertificateId === "default" ? 0 : 1;
        case "HostsCertificateBinding":
            return emulator.state.teo.zones["zone-emu0example"].hosts["static.example.com"].Mode === "disable" ? 0 : 1;
    }
}

describe("reliability: fault matrix through the real dynamic-provider host (engine driver)", function () {
    this.timeout(300_000);
    let emulator: Emulator;
    let stateDir: string;

    before(async () => {
        emulator = await startEmulator({ rateLimits: false, gaapApplyDelayMs: 60, teoDeployDelayMs: 120 });
    });
    after(async () => {
        await emulator?.close();
        const rows = recordedCells().filter((c) => c.via === "host");
        if (rows.length > 0) {
            console.log(`\n  Fault matrix through the real provider host: 20% of calls fail, all kinds mixed\n${formatFaultTable(rows)}\n`);
        }
    });
    beforeEach(() => {
        stateDir = fs.mkdtempSync(path.join(os.tmpdir(), "reliability-host-"));
    });
    afterEach(() => fs.rmSync(stateDir, { recursive: true, force: true }));

    (["CsrResource", "ListenerCertificateBinding", "HostsCertificateBinding"] as HostResource[]).forEach((resource, i) => {
        it(`${resource}: up → edit → refresh → destroy converge under mixed faults, state = emulator`, async () => {
            emulator.admin.reset();
            const service = SERVICE_OF[resource];
            const edits = EDITS[resource];
            emulator.admin.setFaults({ faults: { seed: 4242 + i, rules: mixedFaults(service, REQUEST_TIMEOUT_MS) } });
            const base: DriverOptions = {
                emulator,
                stateDir,
                config: { "reliability-all:only": edits.only, "tencentcloud:requestTimeoutMs": String(REQUEST_TIMEOUT_MS) },
            };
            const steps: Step[] = [
                { op: "up", config: edits.v1 },
                { op: "up", config: edits.v2 },
                { op: "refresh", config: edits.v2 },
                { op: "destroy", config: edits.v2 },
            ];
            let surfaced = 0;
            let reruns = 0;
            let retries = 0;
            const problems: string[] = [];
            const createdBefore = emulator.state.ssl.nextId;
            for (const step of steps) {
                const run = () => drive(step.op, { ...base, config: { ...base.config, ...step.config } });
                let result: RunResult = await run();
                retries += (result.stdout.match(/retrying/g) ?? []).length;
                if (result.exitCode !== 0) {
                    surfaced += result.steps.filter((s) => !s.ok).length || 1;
                    reruns++;
                    result = await run();
                    retries += (result.stdout.match(/retrying/g) ?? []).length;
                }
                if (result.exitCode !== 0) {
                    problems.push(`${step.op} did not converge with one rerun:\n${explain(result)}`);
                    break;
                }
                if (step.op !== "destroy") {
                    problems.push(...truthMatchesState(resource, emulator, stateDir).map((p) => `after ${step.op}: ${p}`));
                }
            }
            // A request the client gave up on may still land: wait until the server has finished them all.
            await emulator.idle();
            emulator.admin.setFaults({ faults: null });
            const calls = emulator.log.filter((e) => e.service === service);
            const created = resource === "CsrResource" ? emulator.state.ssl.nextId - createdBefore : CSR_COUNT;
            const cell = {
                resource,
                fault: "all kinds mixed",
                via: "host" as const,
                calls: calls.length,
                injected: calls.filter((e) => e.fault !== undefined).length,
                retries,
                surfaced,
                reruns,
                duplicates: Math.max(0, created - CSR_COUNT),
                orphans: leftovers(resource, emulator),
                consistent: false,
            };
            cell.consistent = problems.length === 0 && cell.duplicates === 0 && cell.orphans === 0;
            recordCell(cell);
            assert.deepEqual(problems, []);
            assert.ok(cell.injected > 0, "faults were injected");
            assert.equal(cell.duplicates, 0, "no duplicate CSR");
            assert.equal(cell.orphans, 0, "nothing left behind after destroy");
            const state = readPlainState({ cwd: RELIABILITY_PROGRAM, stateDir });
            assert.deepEqual(
                state.deployment.resources.filter((r) => r.custom && !r.type.startsWith("pulumi:providers:")),
                [],
                "destroy emptied the state",
            );
        });
    });
});
