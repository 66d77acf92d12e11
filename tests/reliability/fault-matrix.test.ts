/**
 * The fault matrix: for each resource and each fault kind, a full lifecycle in which 20 % of the
 * resource's API calls fail that way (deterministic seeds). Every lifecycle must converge with at
 * most one rerun of each step, leave 0 duplicate CSRs and 0 orphaned objects, and end with the
 * provider's outputs equal to the emulator's state. Prints the fault table (the host-driven rows
 * are added by fault-matrix-host.test.ts).
 */
import * as assert from "node:assert/strict";
import { startEmulator, type Emulator, type FaultKind } from "../../emulator";
import { testClient } from "../support/emulator-client";
import { FAULTS, MATRIX_REQUEST_TIMEOUT_MS, PROBABILITY, seedWithEarlyHits } from "../support/fault-rules";
import { formatFaultTable, recordCell, recordedCells } from "../support/fault-table";
import { recordingLogger } from "../support/recording-logger";
import { lifecycleOf, type LifecycleReport, type ResourceName, RESOURCES, SERVICE_OF } from "../support/resource-lifecycles";

describe("reliability: fault matrix (provider implementations against the emulator)", function () {
    this.timeout(120_000);
    let emulator: Emulator;

    before(async () => {
        emulator = await startEmulator({ rateLimits: false, gaapApplyDelayMs: 60, teoDeployDelayMs: 120 });
    });
    after(async () => {
        await emulator?.close();
        const rows = recordedCells().filter((c) => c.via === "provider");
        if (rows.length > 0) {
            console.log(
                `\n  Fault matrix: ${PROBABILITY * 100}% of each resource's calls fail, one kind per row (deterministic seeds)\n${formatFaultTable(rows)}\n`,
            );
        }
    });

    RESOURCES.forEach((resource: ResourceName, r) => {
        FAULTS.forEach((fault, f) => {
            // TEO 2022-01-06 has no busy code of its own: ModifyHostsCertificate answers plain
            // OperationDenied while a deployment is in flight, so that row injects it there only.
            const v1Busy = resource === "HostsCertificateBinding (2022-01-06)" && fault.rule.kind === "busy";
            const label = v1Busy ? "busy (OperationDenied on Modify)" : fault.label;
            it(`${resource} converges under ${label}`, async () => {
                const seed = v1Busy ? seedWithEarlyHits(1000 * (r + 1) + 50 * f, PROBABILITY, 3, 1) : seedWithEarlyHits(1000 * (r + 1) + 50 * f);
                emulator.admin.reset();
                const service = SERVICE_OF[resource];
                const action = v1Busy ? { action: "ModifyHostsCertificate" } : {};
                emulator.admin.setFaults({
                    faults: { seed, rules: [{ service, ...action, probability: PROBABILITY, ...fault.rule, kind: fault.rule.kind as FaultKind }] },
                });
                const log = recordingLogger();
                const api = testClient(emulator, {
                    logger: log,
                    jitterSeed: seed,
                    config: fault.rule.kind === "delay" ? { "tencentcloud:requestTimeoutMs": String(MATRIX_REQUEST_TIMEOUT_MS) } : {},
                });
                let report: LifecycleReport | undefined;
                let failure: unknown;
                try {
                    report = await lifecycleOf(resource)({ emulator, api, log });
                } catch (err) {
                    failure = err;
                } finally {
                    emulator.admin.setFaults({ faults: null });
                    await api.close();
                }
                const calls = emulator.log.filter((e) => e.service === service);
                const injected = calls.filter((e) => e.fault !== undefined).length;
                const retries = log.lines.filter((l) => /retrying/.test(l)).length;
                // A lifecycle that threw (a step failed twice, or outputs differed from the emulator) is DIVERGED.
                recordCell({
                    resource,
                    fault: label,
                    via: "provider",
                    calls: calls.length,
                    injected,
                    retries,
                    surfaced: report?.surfaced.length ?? 0,
                    reruns: report?.surfaced.length ?? 0,
                    duplicates: report?.duplicates ?? 0,
                    orphans: report?.orphans ?? 0,
                    consistent: failure === undefined && report!.duplicates === 0 && report!.orphans === 0,
                });
                if (failure !== undefined) {
                    throw failure;
                }
                report = report!;
                assert.ok(injected > 0, `the seed must inject at least one ${fault.label} (calls: ${calls.length})`);
                assert.equal(report.duplicates, 0, "no duplicate CSR may ever be created");
                assert.equal(report.orphans, 0, "nothing may be left behind");
            });
        });
    });
});
