/**
 * `npm run bench`: the emulator with Tencent's published rate limits (ssl 10/s, gaap 20/s, teo
 * 20/s per action), the real dynamic-provider host, and a naive baseline for every scenario.
 * Prints every figure and the targets, writes bench/results/latest.json and the results tables in
 * bench/README.md and docs/performance.md, and exits 1 when a target is missed.
 *
 *   npm run bench                        everything (a few minutes)
 *   npm run bench -- --only csr,signer   some groups: csr, p32, stacks, gaap, teo, preview, signer
 *   npm run bench -- --n 50              fewer CSRs (targets are still computed for that N)
 *   npm run bench -- --shapes sliding-window   the pacing groups (p32, stacks) under some limiter shapes only
 *   npm run bench -- --no-write          print only
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { startEmulator, DEMO_CREDENTIALS, RATE_LIMIT_SHAPES, type RateLimitShape } from "../emulator";
import { benchSeed, gaapScenarios, teoScenarios } from "./bindings";
import type { BenchContext } from "./context";
import { multiStackScenarios, PACING_HEADER, pacingByShape, pacingTargets, parallelCreateScenarios, wallAndThrottleTargets } from "./concurrency";
import { csrScenarios } from "./csr";
import { notMeasured, round2, type Measurement, type Target } from "./measure";
import { addedWall, previewPassed, previewScenarios, printPreviewCalls, type PreviewCallsResult } from "./preview";
import { measureProviderSizes, type ProviderSizes } from "./provider-size";
import { signerThroughput, type SignerResult } from "./signer";
import { writeResultsDocs } from "./results-docs";

const REPO = path.resolve(__dirname, "..", "..");
const PROGRAM_DIR = path.join(REPO, "tests", "programs", "bench-provider");
const GROUPS = ["csr", "p32", "stacks", "gaap", "teo", "preview", "signer"] as const;
type Group = (typeof GROUPS)[number];

interface Args {
    only: Set<Group>;
    n: number;
    shapes: RateLimitShape[];
    write: boolean;
}

function parseShapes(value: string | undefined): RateLimitShape[] {
    const shapes = (value ?? "").split(",").filter(Boolean);
    const unknown = shapes.filter((s) => !(RATE_LIMIT_SHAPES as readonly string[]).includes(s));
    if (unknown.length > 0 || shapes.length === 0)
        throw new Error(`--shapes takes a comma-separated list of ${RATE_LIMIT_SHAPES.join(", ")}; got '${value ?? ""}'`);
    return shapes as RateLimitShape[];
}

function parseArgs(argv: string[]): Args {
    const args: Args = { only: new Set(GROUPS), n: 200, shapes: [...RATE_LIMIT_SHAPES], write: true };
    for (let i = 0; i < argv.length; i++) {
        const a = argv[i];
        if (a === "--only") {
            const groups = (argv[++i] ?? "").split(",").filter(Boolean);
            const unknown = groups.filter((g) => !(GROUPS as readonly string[]).includes(g));
            if (unknown.length > 0 || groups.length === 0)
                throw new Error(`--only takes a comma-separated list of ${GROUPS.join(", ")}; got '${argv[i] ?? ""}'`);
            args.only = new Set(groups as Group[]);
        } else if (a === "--n") {
            args.n = Number(argv[++i]);
            if (!Number.isInteger(args.n) || args.n < 1 || args.n > 1000) throw new Error(`--n takes a whole number between 1 and 1000`);
        } else if (a === "--shapes") {
            args.shapes = parseShapes(argv[++i]);
        } else if (a === "--no-write") {
            args.write = false;
        } else {
            throw new Error(`unknown argument '${a}' (use --only ${GROUPS.join(",")}, --n N, --shapes ${RATE_LIMIT_SHAPES.join(",")}, --no-write)`);
        }
    }
    return args;
}

export interface Machine {
    nproc: number;
    cpuModel: string;
    memoryGiB: number;
    node: string;
    platform: string;
    loadAverage: number[];
}

function machine(): Machine {
    return {
        nproc: os.cpus().length,
        cpuModel: os.cpus()[0]?.model.trim() ?? "unknown",
        memoryGiB: round2(os.totalmem() / 2 ** 30),
        node: process.version,
        platform: `${os.platform()} ${os.release()}`,
        loadAverage: os.loadavg().map(round2),
    };
}

function find(ms: Measurement[], scenario: string, impl: "ours" | "naive"): Measurement | undefined {
    return ms.find((m) => m.scenario === scenario && m.impl === impl);
}

/** A target from its measurement, or notMeasured(missingName). */
function measuredTarget(m: Measurement | undefined, missingName: string, target: (m: Measurement) => Target): Target {
    return m ? target(m) : notMeasured(missingName);
}

function csrCreateTargets(ms: Measurement[], n: number): Target[] {
    const create = find(ms, `create ${n} CSRs`, "ours");
    return create ? wallAndThrottleTargets(create, 1.15) : [notMeasured(`create ${n} CSRs`)];
}

/** Destroys: BatchDeleteCSR calls at --parallel N and at P; refresh: calls per resource. */
function csrBatchTargets(ms: Measurement[], n: number, P: number): Target[] {
    const wantN = Math.max(2, Math.ceil(n / 100));
    const wantP = Math.ceil(n / P) + 1;
    const batchDeletes = (d: Measurement) => d.calls["ssl.BatchDeleteCSR"] ?? 0;
    return [
        measuredTarget(find(ms, `destroy ${n} CSRs --parallel ${n}`, "ours"), "destroy --parallel N", (d) => ({
            name: `destroy ${n} CSRs --parallel ${n}: BatchDeleteCSR calls`,
            limit: `≤ ${wantN}`,
            measured: `${batchDeletes(d)} (failed steps ${d.failedSteps})`,
            pass: batchDeletes(d) <= wantN && d.failedSteps === 0,
        })),
        measuredTarget(find(ms, `destroy ${n} CSRs --parallel ${P}`, "ours"), "destroy --parallel P", (d) => ({
            name: `destroy ${n} CSRs --parallel ${P} (P = 4 × CPUs): BatchDeleteCSR calls`,
            limit: `≤ ⌈${n}/${P}⌉ + 1 = ${wantP}`,
            measured: `${batchDeletes(d)} (failed steps ${d.failedSteps})`,
            pass: batchDeletes(d) <= wantP && d.failedSteps === 0,
        })),
        measuredTarget(find(ms, `refresh ${n} CSRs`, "ours"), "refresh CSRs", (r) => ({
            name: `refresh ${n} CSRs: calls per resource`,
            limit: "≤ 0.1",
            measured: `${round2(r.totalCalls / n)} (${r.totalCalls} calls, failed steps ${r.failedSteps})`,
            pass: r.totalCalls / n <= 0.1 && r.failedSteps === 0,
        })),
    ];
}

function teoTarget(ms: Measurement[]): Target {
    const refresh = ms.find((m) => m.impl === "ours" && m.scenario.startsWith("refresh") && m.scenario.includes("TEO"));
    return measuredTarget(refresh, "refresh TEO", (r) => ({
        name: `${r.scenario}: calls`,
        limit: "≤ 4",
        measured: `${r.totalCalls} (failed steps ${r.failedSteps})`,
        pass: r.totalCalls <= 4 && r.failedSteps === 0,
    }));
}

function signerTarget(signer: SignerResult[]): Target {
    const s = signer.find((x) => x.impl === "ours");
    if (!s) return notMeasured("signer");
    return {
        name: "signer throughput (one core)",
        limit: "≥ 50,000 signatures/s",
        measured: `${s.perCpuSecond.toLocaleString("en-US")}/CPU-s (${s.perWallSecond.toLocaleString("en-US")}/wall-s)`,
        pass: s.perCpuSecond >= 50_000,
    };
}

/** Preview checks' calls: per scenario, the calls with the checks on against its limit (the unchanged stack's: the calls without them). */
function previewTargets(results: PreviewCallsResult[]): Target[] {
    if (results.length === 0) return [notMeasured("preview checks")];
    return results.map((r) => ({
        name: `${r.scenario}: calls`,
        limit: `≤ ${r.limit}${r.scenario.includes("unchanged") ? " (as without preview checks)" : " (1 + 2 + 1 + 5)"}`,
        measured: `${r.on.totalCalls} (without checks ${r.off.totalCalls}; wall ${addedWall(r)}; failures ${r.on.failures})`,
        pass: previewPassed(r),
    }));
}

function targets(
    ms: Measurement[],
    sizes: ProviderSizes | undefined,
    signer: SignerResult[],
    n: number,
    P: number,
    only: Set<Group>,
    preview: PreviewCallsResult[],
): Target[] {
    return [
        ...(only.has("csr") ? [...csrCreateTargets(ms, n), ...csrBatchTargets(ms, n, P)] : []),
        ...pacingTargets(ms, { p32: only.has("p32"), stacks: only.has("stacks") }),
        ...(only.has("teo") ? [teoTarget(ms)] : []),
        ...(only.has("preview") ? previewTargets(preview) : []),
        ...(only.has("signer") ? [signerTarget(signer)] : []),
        ...Object.entries(sizes?.bytes ?? {}).map(([kind, bytes]) => ({
            name: `serialized __provider (${kind})`,
            limit: "≤ 8 KB (8192 bytes)",
            measured: `${bytes} bytes`,
            pass: bytes <= 8192,
        })),
    ];
}

// ---------------------------------------------------------------- printing

function pad(s: string, w: number): string {
    return s.length >= w ? s : s + " ".repeat(w - s.length);
}

function callsText(calls: Record<string, number>): string {
    return Object.entries(calls)
        .sort()
        .map(([k, v]) => `${k.split(".")[1]} ${v}`)
        .join(", ");
}

function tableRows(ms: Measurement[]): string[][] {
    const rows: string[][] = [];
    for (const m of ms) {
        const other = find(ms, m.scenario, m.impl === "ours" ? "naive" : "ours");
        const vs = m.impl === "ours" && other ? `${round2(m.wallMs / other.wallMs)} / ${round2(m.totalCalls / Math.max(1, other.totalCalls))}` : "";
        rows.push([
            m.scenario,
            m.impl,
            String(m.parallel),
            (m.wallMs / 1000).toFixed(1),
            `${m.totalCalls}: ${callsText(m.calls)}`,
            `${m.throttlesSeen} / ${m.throttlesSurfaced}`,
            String(m.failedSteps),
            (m.physicalMs / 1000).toFixed(1),
            m.physicalMs > 0 ? String(m.ratioToLimit) : "–",
            vs,
        ]);
    }
    return rows;
}

const HEADER = [
    "scenario",
    "impl",
    "parallel",
    "wall s",
    "API calls (by action)",
    "throttles seen / surfaced",
    "failed steps",
    "limit s",
    "wall ÷ limit",
    "ours/naive wall / calls",
];

function markdownTable(header: string[], rows: string[][]): string {
    return [`| ${header.join(" | ")} |`, `|${header.map(() => "---").join("|")}|`, ...rows.map((r) => `| ${r.join(" | ")} |`)].join("\n");
}

function consoleTable(header: string[], rows: string[][]): string {
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
    const line = (r: string[]) => r.map((c, i) => pad(c, widths[i])).join("  ");
    return [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)].join("\n");
}

function resultsMarkdown(result: BenchResult): string {
    const m = result.machine;
    const lines = [
        `Measured ${result.finishedAt} on ${m.nproc} × ${m.cpuModel}, ${m.memoryGiB} GiB, Node ${m.node} (${m.platform}; load average at start ${m.loadAverage.join(" ")}, shared with other work). P = 4 × CPUs = ${result.parallel}. Total ${(result.totalMs / 1000).toFixed(0)} s.`,
        "",
        markdownTable(HEADER, tableRows(result.measurements)),
        "",
    ];
    const pacing = pacingByShape(result.measurements);
    if (pacing.length > 0) {
        lines.push(
            "Pacing under each emulator limiter shape (ours; throttles absorbed = answered RequestLimitExceeded and retried):",
            "",
            markdownTable(PACING_HEADER, pacing),
            "",
        );
    }
    if (result.signer.length > 0) {
        lines.push(
            markdownTable(
                ["signer", "signatures", "CPU ms", "per CPU-second (one core)", "per wall-second"],
                result.signer.map((s) => [
                    s.impl,
                    String(s.signatures),
                    String(s.cpuMs),
                    s.perCpuSecond.toLocaleString("en-US"),
                    s.perWallSecond.toLocaleString("en-US"),
                ]),
            ),
            "",
        );
    }
    if (result.preview.length > 0) {
        lines.push(previewMarkdown(result.preview), "");
    }
    if (result.providerSizes) {
        const p = result.providerSizes;
        lines.push(
            `Serialized \`__provider\` (from the state file): CsrResource ${p.bytes.csr} B, ListenerCertificateBinding ${p.bytes.gaap} B, HostsCertificateBinding ${p.bytes.teo} B.`,
            "",
        );
    }
    lines.push(`Provider host peak RSS (VmHWM, largest over all host processes): ${result.hostPeakRssMiB ?? "n/a"} MiB.`, "");
    lines.push(
        markdownTable(
            ["target", "limit", "measured", "result"],
            result.targets.map((t) => [t.name, t.limit, t.measured, t.pass ? "pass" : "**MISSED**"]),
        ),
    );
    return lines.join("\n");
}

function previewMarkdown(preview: PreviewCallsResult[]): string {
    return markdownTable(
        ["preview (real host, fresh process)", "calls with preview checks", "calls without", "wall with / without (ms)"],
        preview.map((r) => [r.scenario, `${r.on.totalCalls}: ${callsText(r.on.calls)}`, String(r.off.totalCalls), `${r.on.wallMs} / ${r.off.wallMs}`]),
    );
}

interface BenchResult {
    startedAt: string;
    finishedAt: string;
    totalMs: number;
    machine: Machine;
    parallel: number;
    n: number;
    drivenThrough: string;
    measurements: Measurement[];
    /** Group `preview`: what preview checks cost (bench/preview.ts). */
    preview: PreviewCallsResult[];
    signer: SignerResult[];
    providerSizes?: Omit<ProviderSizes, "providers">;
    hostPeakRssMiB?: number;
    targets: Target[];
}

const HOST_GROUPS: Group[] = ["csr", "p32", "stacks", "gaap", "teo", "preview"];
const SCENARIO_GROUPS: [Group, (c: BenchContext) => Promise<Measurement[]>][] = [
    ["csr", csrScenarios],
    ["p32", parallelCreateScenarios],
    ["stacks", multiStackScenarios],
    ["gaap", gaapScenarios],
    ["teo", teoScenarios],
];

async function providerSizes(): Promise<ProviderSizes> {
    console.log("serialized providers: `pulumi up` of tests/programs/bench-provider through the engine driver ...");
    const sizes = await measureProviderSizes(PROGRAM_DIR);
    console.log(`  __provider bytes: csr ${sizes.bytes.csr}, gaap ${sizes.bytes.gaap}, teo ${sizes.bytes.teo} (up took ${(sizes.upMs / 1000).toFixed(1)} s)`);
    return sizes;
}

function printMeasurement(group: Group, m: Measurement): void {
    console.log(
        `  ${pad(m.impl, 5)} ${pad(m.scenario, 44)} ${(m.wallMs / 1000).toFixed(1)} s (× ${m.ratioToLimit} of ${(m.physicalMs / 1000).toFixed(1)} s), ${m.totalCalls} calls, throttles ${m.throttlesSeen}/${m.throttlesSurfaced}, failed ${m.failedSteps}`,
    );
    if (m.note && (group === "p32" || group === "stacks")) {
        console.log(`        ${m.note}`);
    }
}

/** The chosen scenario groups, one after the other, against one emulator with Tencent's published limits. */
async function runScenarios(
    args: Args,
    P: number,
    sizes: ProviderSizes,
    noteRss: (kib: number | undefined) => void,
): Promise<{ measurements: Measurement[]; preview: PreviewCallsResult[] }> {
    const measurements: Measurement[] = [];
    let preview: PreviewCallsResult[] = [];
    const emulator = await startEmulator({ seed: benchSeed() });
    try {
        const ctx: BenchContext = {
            emulator,
            credentials: DEMO_CREDENTIALS,
            env: {
                TENCENTCLOUD_ENDPOINT: emulator.url,
                TENCENTCLOUD_SECRET_ID: DEMO_CREDENTIALS.secretId,
                TENCENTCLOUD_SECRET_KEY: DEMO_CREDENTIALS.secretKey,
            },
            programDir: PROGRAM_DIR,
            providers: sizes.providers,
            n: args.n,
            parallel: P,
            emulatorLimits: {},
            shapes: args.shapes,
            noteRss,
        };
        for (const [group, run] of SCENARIO_GROUPS) {
            if (!args.only.has(group)) continue;
            console.log(`${group} scenarios ...`);
            const ms = await run(ctx);
            ms.forEach((m) => printMeasurement(group, m));
            measurements.push(...ms);
        }
        if (args.only.has("preview")) {
            console.log("preview scenarios (own emulator, published rate limits; each preview with and without preview checks) ...");
            preview = await previewScenarios(ctx);
            printPreviewCalls(preview);
        }
    } finally {
        await emulator.close();
    }
    return { measurements, preview };
}

function printResult(result: BenchResult, sizes: ProviderSizes | undefined): void {
    console.log("");
    console.log(consoleTable(HEADER, tableRows(result.measurements)));
    const pacing = pacingByShape(result.measurements);
    if (pacing.length > 0) {
        console.log(`\npacing by limiter shape (ours):\n${consoleTable(PACING_HEADER, pacing)}`);
    }
    for (const s of result.signer) {
        console.log(
            `signer ${pad(s.impl, 5)} ${s.perCpuSecond.toLocaleString("en-US")} signatures per CPU-second (${s.perWallSecond.toLocaleString("en-US")} per wall-second, ${s.signatures} in ${s.cpuMs} CPU ms)`,
        );
    }
    if (sizes) console.log(`serialized __provider: csr ${sizes.bytes.csr} B, gaap ${sizes.bytes.gaap} B, teo ${sizes.bytes.teo} B`);
    console.log(`provider host peak RSS: ${result.hostPeakRssMiB ?? "n/a"} MiB`);
    console.log("\ntargets:");
    for (const t of result.targets) {
        console.log(`  ${t.pass ? "pass  " : "MISSED"} ${pad(t.name, 62)} ${pad(t.limit, 30)} measured ${t.measured}`);
    }
    console.log(`\ntotal ${(result.totalMs / 1000).toFixed(0)} s`);
}

/** bench/results/latest.json and the results tables in the docs. */
function writeResult(result: BenchResult): void {
    const dir = path.join(REPO, "bench", "results");
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, "latest.json"), JSON.stringify(result, null, 2) + "\n");
    const written = writeResultsDocs(REPO, resultsMarkdown(result));
    console.log(`wrote bench/results/latest.json, ${written.join(" and ")}`);
}

async function main(): Promise<number> {
    const args = parseArgs(process.argv.slice(2));
    const started = Date.now();
    const P = 4 * os.cpus().length;
    const mach = machine();
    console.log(`bench: ${mach.nproc} × ${mach.cpuModel}, ${mach.memoryGiB} GiB, Node ${mach.node}; P = 4 × CPUs = ${P}; N = ${args.n}`);

    const sizes = HOST_GROUPS.some((g) => args.only.has(g)) ? await providerSizes() : undefined;
    let peakRss = sizes?.hostPeakRssKiB ?? 0;
    const noteRss = (kib: number | undefined) => (peakRss = Math.max(peakRss, kib ?? 0));
    const { measurements, preview } = sizes ? await runScenarios(args, P, sizes, noteRss) : { measurements: [], preview: [] };
    const signer = args.only.has("signer") ? signerThroughput() : [];

    const result: BenchResult = {
        startedAt: new Date(started).toISOString(),
        finishedAt: new Date().toISOString(),
        totalMs: Date.now() - started,
        machine: mach,
        parallel: P,
        n: args.n,
        drivenThrough:
            "the real dynamic-provider host (@pulumi/pulumi cmd/dynamic-provider) over gRPC, Check one at a time and at most `parallel` steps in flight like the engine; __provider strings from a state file written by the engine driver (tools/engine)",
        measurements,
        preview,
        signer,
        providerSizes: sizes ? { bytes: sizes.bytes, upMs: sizes.upMs, hostPeakRssKiB: sizes.hostPeakRssKiB } : undefined,
        hostPeakRssMiB: peakRss > 0 ? round2(peakRss / 1024) : undefined,
        targets: targets(measurements, sizes, signer, args.n, P, args.only, preview),
    };
    printResult(result, sizes);
    if (args.write) writeResult(result);
    const missed = result.targets.filter((t) => !t.pass);
    if (missed.length > 0) {
        console.log(`${missed.length} target(s) missed`);
        return 1;
    }
    return 0;
}

main().then(
    (code) => process.exit(code),
    (err) => {
        console.error(err?.stack ?? String(err));
        process.exit(2);
    },
);
