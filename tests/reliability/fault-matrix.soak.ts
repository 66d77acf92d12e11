/**
 * Soak variant of the fault matrix (`npm run test:soak`): every resource × fault kind with many
 * seeds (SOAK_SEEDS, default 20) instead of one, plus a mixed-fault row at 30 %. Same lifecycle
 * and the same convergence rules as tests/reliability/fault-matrix.test.ts; prints one aggregated
 * row per cell.
 */
import * as assert from "node:assert/strict";
import { startEmulator, type Emulator, type FaultKind, type FaultRule } from "../../emulator";
import { testClient } from "../support/emulator-client";
import { FAULTS, MATRIX_REQUEST_TIMEOUT_MS, mixedFaults } from "../support/fault-rules";
import { type FaultCell, formatFaultTable } from "../support/fault-table";
import { recordingLogger } from "../support/recording-logger";
import { lifecycleOf, RESOURCES, SERVICE_OF } from "../support/resource-lifecycles";

const SEEDS = Number(process.env.SOAK_SEEDS ?? 20);

describe("reliability soak: fault matrix with many seeds", function () {
    this.timeout(0);
    let emulator: Emulator;
    const rows: FaultCell[] = [];

    before(async function () {
        if (!process.env.SOAK) {
            this.skip();
        }
        emulator = await startEmulator({ rateLimits: false, gaapApplyDelayMs: 60, teoDeployDelayMs: 120 });
    });
    after(async () => {
        await emulator?.close();
        if (rows.length) {
            console.log(`\n  Soak: ${SEEDS} seeds per row, totals\n${formatFaultTable(rows)}\n`);
        }
    });

    const cells: { label: string; rules: (service: "ssl" | "gaap" | "teo", resource?: string) => FaultRule[]; timeout: boolean }[] = [
        ...FAULTS.map((f) => ({
            label: f.label,
            rules: (service: "ssl" | "gaap" | "teo", resource?: string) => [
                // TEO 2022-01-06 answers busy (OperationDenied) on ModifyHostsCertificate only; see fault-matrix.test.ts.
                {
                    service,
                    ...(resource === "HostsCertificateBinding (2022-01-06)" && f.rule.kind === "busy" ? { action: "ModifyHostsCertificate" } : {}),
                    probability: 0.2,
                    ...f.rule,
                    kind: f.rule.kind as FaultKind,
                },
            ],
            timeout: f.rule.kind === "delay",
        })),
        {
            label: "all kinds mixed, 30%",
            rules: (service) => mixedFaults(service, MATRIX_REQUEST_TIMEOUT_MS).map((r) => ({ ...r, probability: 1 - Math.pow(0.7, 1 / 9) })),
            timeout: true,
        },
    ];

    for (const resource of RESOURCES) {
        for (const [c, cell] of cells.entries()) {
            it(`${resource} × ${cell.label} × ${SEEDS} seeds`, async () => {
                const service = SERVICE_OF[resource];
                const row: FaultCell = {
                    resource,
                    fault: cell.label,
                    via: "provider",
                    calls: 0,
                    injected: 0,
                    retries: 0,
                    surfaced: 0,
                    reruns: 0,
                    duplicates: 0,
                    orphans: 0,
                    consistent: true,
                };
                for (let seed = 1; seed <= SEEDS; seed++) {
                    emulator.admin.reset();
                    emulator.admin.setFaults({
                        faults: { seed: seed * 7919 + c * 104_729 + RESOURCES.indexOf(resource) * 15_485_863, rules: cell.rules(service, resource) },
                    });
                    const log = recordingLogger();
                    const api = testClient(emulator, {
                        logger: log,
                        jitterSeed: seed,
                        config: cell.timeout ? { "tencentcloud:requestTimeoutMs": String(MATRIX_REQUEST_TIMEOUT_MS) } : {},
                    });
                    try {
                        const report = await lifecycleOf(resource)({ emulator, api, log });
                        row.surfaced += report.surfaced.length;
                        row.reruns += report.surfaced.length;
                        row.duplicates += report.duplicates;
                        row.orphans += report.orphans;
                    } catch (err) {
                        row.consistent = false;
                        throw new Error(`seed ${seed}: ${(err as Error).message}`);
                    } finally {
                        emulator.admin.setFaults({ faults: null });
                        await api.close();
                        const calls = emulator.log.filter((e) => e.service === service);
                        row.calls += calls.length;
                        row.injected += calls.filter((e) => e.fault).length;
                        row.retries += log.lines.filter((l) => /retrying/.test(l)).length;
                        if (seed === SEEDS || !row.consistent) rows.push(row);
                    }
                }
                assert.equal(row.duplicates, 0);
                assert.equal(row.orphans, 0);
            });
        }
    }
});
