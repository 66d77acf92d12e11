/**
 * `npm run sweep [-- --dry-run] [--run RUNID] [--state-dir DIR]`: removes what interrupted
 * acceptance runs left (docs/acceptance.md). CSRs whose remark or client token carries a run tag
 * (`acc-<runId>`) are deleted; binding records (the original certificate of each object a binding
 * lifecycle changed) are compared with the object and the original is put back; the stacks' state
 * of runs with nothing left is removed. Uses the provider's usual settings (credentials, endpoint).
 * Do not run it while an acceptance run is in progress.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { errorCode, errorMessage } from "../../provider/resources/common/errors";
import { resolveSettings } from "../../provider/tencentcloud/settings";
import { batchDeleteCSR, BATCH_DELETE_CSR_MAX_IDS, listCsrs } from "../../provider/tencentcloud/services/ssl";
import { createClient } from "../../provider/tencentcloud/client";
import type { TencentCloudApi } from "../../provider/tencentcloud/types";
import type { WaitSettings } from "./bindings";
import { acceptanceStateDir, ACCEPTANCE_ENV } from "./config";
import { readRecords, removeRecord } from "./records";
import { describeRecordTarget, restoreRecord, type RestoreOutcome } from "./restore";
import { acceptanceRunOfRemarks } from "./run-tag";

export interface SweepOptions {
    api: TencentCloudApi;
    /** Holds `records/` and `runs/` (TENCENTCLOUD_ACCEPTANCE_STATE_DIR). */
    stateDir: string;
    /** Report only: delete, restore and remove nothing. */
    dryRun?: boolean;
    /** Only this run's leftovers. */
    runId?: string;
    wait: WaitSettings;
}

export interface SweepReport {
    csrs: { id: number; runId: string; remarks: string }[];
    /** The CSR ids BatchDeleteCSR reported deleted. */
    deletedCsrs: number[];
    bindings: { target: string; runId: string; outcome?: RestoreOutcome; error?: string }[];
    /** Run folders (stacks' state) removed, or that a dry run would remove. */
    stacks: string[];
    failures: string[];
}

/** "CODE message" of a failed call (TencentCloudError), " message" of another error. */
function failureText(err: unknown): string {
    return `${errorCode(err) ?? ""} ${errorMessage(err)}`;
}

async function sweepCsrs(o: SweepOptions, report: SweepReport): Promise<void> {
    for (const c of await listCsrs(o.api)) {
        const runId = acceptanceRunOfRemarks(c.Remarks);
        if (runId && (!o.runId || runId === o.runId)) report.csrs.push({ id: Number(c.Id), runId, remarks: c.Remarks ?? "" });
    }
    if (o.dryRun) return;
    const ids = report.csrs.map((c) => c.id);
    for (let i = 0; i < ids.length; i += BATCH_DELETE_CSR_MAX_IDS) {
        try {
            const answer = await batchDeleteCSR(o.api, { CSRIds: ids.slice(i, i + BATCH_DELETE_CSR_MAX_IDS) });
            report.deletedCsrs.push(...(answer.Success ?? []));
        } catch (err) {
            report.failures.push(`BatchDeleteCSR ${ids.slice(i, i + BATCH_DELETE_CSR_MAX_IDS).join(",")}: ${failureText(err)}`);
        }
    }
}

async function sweepBindings(o: SweepOptions, report: SweepReport): Promise<void> {
    for (const { path: file, record } of readRecords(o.stateDir)) {
        if (o.runId && record.runId !== o.runId) continue;
        const target = describeRecordTarget(record);
        try {
            const outcome = await restoreRecord(o.api, record, o.wait, o.dryRun);
            report.bindings.push({ target, runId: record.runId, outcome });
            if (!o.dryRun) removeRecord(file);
        } catch (err) {
            const error = failureText(err).trim();
            report.bindings.push({ target, runId: record.runId, error });
            report.failures.push(`${target} (run ${record.runId}): ${error}`);
        }
    }
}

/** Run folders with no binding record left (their resources are gone or restored). */
function sweepStacks(o: SweepOptions, report: SweepReport): void {
    const runs = path.join(o.stateDir, "runs");
    if (!fs.existsSync(runs)) return;
    const pending = new Set(readRecords(o.stateDir).map((r) => r.record.runId));
    for (const runId of fs.readdirSync(runs).sort()) {
        if ((o.runId && runId !== o.runId) || pending.has(runId)) continue;
        report.stacks.push(path.join(runs, runId));
        if (!o.dryRun) fs.rmSync(path.join(runs, runId), { recursive: true, force: true });
    }
}

export async function sweep(o: SweepOptions): Promise<SweepReport> {
    const report: SweepReport = { csrs: [], deletedCsrs: [], bindings: [], stacks: [], failures: [] };
    await sweepCsrs(o, report);
    await sweepBindings(o, report);
    if (report.failures.length === 0) sweepStacks(o, report);
    return report;
}

function formatReport(report: SweepReport, dryRun: boolean): string[] {
    const lines: string[] = [];
    const verb = dryRun ? "would delete" : "deleted";
    lines.push(`CSRs of acceptance runs: ${report.csrs.length} found, ${dryRun ? report.csrs.length : report.deletedCsrs.length} ${verb}`);
    for (const c of report.csrs) lines.push(`  ${c.id} (run ${c.runId}) ${c.remarks}`);
    lines.push(`binding records: ${report.bindings.length}`);
    for (const b of report.bindings) {
        const what = b.outcome ? `${b.outcome.action} (found ${b.outcome.found}, original ${b.outcome.original})` : `FAILED: ${b.error}`;
        lines.push(`  ${b.target} (run ${b.runId}): ${what}`);
    }
    lines.push(`stack state of finished runs: ${report.stacks.length} ${dryRun ? "would be removed" : "removed"}`);
    for (const s of report.stacks) lines.push(`  ${s}`);
    if (report.failures.length > 0)
        lines.push(`${report.failures.length} failure(s); records kept, run the sweep again:`, ...report.failures.map((f) => `  ${f}`));
    return lines;
}

const USAGE = `usage: npm run sweep -- [--dry-run] [--run RUNID] [--state-dir DIR]
Removes what interrupted acceptance runs left: CSRs tagged acc-<runId>, binding objects changed
from the original recorded in DIR/records (default ${ACCEPTANCE_ENV.stateDir} or ~/.pulumi-tencent-certs/acceptance),
and the stacks' state of finished runs. Credentials and endpoint: the provider's usual settings.`;

interface Output {
    write(text: string): void;
}

function parseSweepArgs(argv: readonly string[], env: Record<string, string | undefined>): { dryRun: boolean; runId?: string; stateDir: string } | string {
    const args = { dryRun: false, runId: undefined as string | undefined, stateDir: acceptanceStateDir(env) };
    for (let i = 0; i < argv.length; i++) {
        const a = argv[i];
        if (a === "--dry-run") args.dryRun = true;
        else if ((a === "--run" || a === "--state-dir") && argv[i + 1]) {
            if (a === "--run") args.runId = argv[++i];
            else args.stateDir = path.resolve(argv[++i]);
        } else return a === "--help" || a === "-h" ? USAGE : `unknown or incomplete argument '${a}'\n${USAGE}`;
    }
    return args;
}

export async function main(argv: readonly string[], env: Record<string, string | undefined>, out: Output): Promise<number> {
    const args = parseSweepArgs(argv, env);
    if (typeof args === "string") {
        out.write(args + "\n");
        return args === USAGE ? 0 : 2;
    }
    const api = createClient(resolveSettings({ get: () => undefined }, env));
    const report = await sweep({ api, ...args, wait: { timeoutMs: 30 * 60_000, intervalMs: 3_000 } });
    out.write(formatReport(report, args.dryRun).join("\n") + "\n");
    return report.failures.length > 0 ? 1 : 0;
}

if (require.main === module) {
    main(process.argv.slice(2), process.env, process.stdout).then(
        (code) => (process.exitCode = code),
        (err) => {
            process.stderr.write(`sweep failed: ${err?.message ?? err}\n`);
            process.exitCode = 1;
        },
    );
}
