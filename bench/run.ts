/**
 * `npm run bench`: the emulator with Tencent's published rate limits (ssl 10/s, gaap 20/s, teo
 * 20/s per action), the real dynamic-provider host, and a naive baseline for every scenario.
 * Prints every figure and the targets, writes bench/results/latest.json and the results tables in
 * bench/README.md and docs/performance.md, and exits 1 when a target is missed.
 *
 *   npm run bench                        everything (a few minutes)
 *   npm run bench -- --only csr,signer   some groups: csr, p32, stacks, gaap, teo, preview, signer
 *   npm run bench -- --n 50              fewer CSRs (targets are still computed for that N)
 *   npm run bench -- --no-write          print only
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { startEmulator, DEMO_CREDENTIALS } from "../emulator";
import { benchSeed, gaapScenarios, teoScenarios } from "./bindings";
import type { BenchContext } from "./context";
import { multiStackScenarios, P32_CSRS, P32_PARALLEL, parallelCreateScenarios, STACK_HOSTS, CSRS_PER_STACK } from "./concurrency";
import { csrScenarios } from "./csr";
import { addedWall, previewPassed, previewScenarios, printPreviewCalls, type PreviewCallsResult } from "./preview";
import { round2, type Measurement } from "./measure";
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
    write: boolean;
}

function parseArgs(argv: string[]): Args {
    const args: Args = { only: new Set(GROUPS), n: 200, write: true };
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
        } else if (a === "--no-write") {
            args.write = false;
        } else {
            throw new Error(`unknown argument '${a}' (use --only ${GROUPS.join(",")}, --n N, --no-write)`);
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

interface Target {
    name: string;
    limit: string;
    measured: string;
    pass: boolean;
}

function find(ms: Measurement[], scenario: string, impl: "ours" | "naive"): Measurement | undefined {
    return ms.find((m) => m.scenario === scenario && m.impl === impl);
}

/** Preview checks' calls: per scenario, the calls with the checks on against its limit (the unchanged stack's: the calls without them). */
function previewTargets(results: PreviewCallsResult[], only: Set<Group>): Target[] {
    if (!only.has("preview")) return [];
    if (results.length === 0) return [{ name: "preview checks", limit: "", measured: "not measured", pass: false }];
    return results.map((r) => ({
        name: `${r.scenario}: calls`,
        limit: `≤ ${r.limit}${r.scenario.includes("unchanged") ? " (as without preview checks)" : " (1 + 2 + 1 + 5)"}`,
        measured: `${r.on.totalCalls} (without checks ${r.off.totalCalls}; wall ${addedWall(r)}; failures ${r.on.failures})`,
        pass: previewPassed(r),
    }));
}

function targets(ms: Measurement[], sizes: ProviderSizes | undefined, signer: SignerResult[], n: number, P: number, only: Set<Group>): Target[] {
    const t: Target[] = [];
    const missing = (name: string, limit: string) => t.push({ name, limit, measured: "not measured", pass: false });
    if (only.has("csr")) {
        const create = find(ms, `create ${n} CSRs`, "ours");
        if (create) {
            const limit = 1.15 * create.physicalMs;
            t.push({
                name: `create ${n} CSRs: wall`,
                limit: `≤ 1.15 × ${(create.physicalMs / 1000).toFixed(1)} s = ${(limit / 1000).toFixed(1)} s`,
                measured: `${(create.wallMs / 1000).toFixed(1)} s (× ${create.ratioToLimit})`,
                pass: create.wallMs <= limit,
            });
            t.push({
                name: `create ${n} CSRs: throttle errors surfaced`,
                limit: "0",
                measured: `${create.throttlesSurfaced} (failed steps ${create.failedSteps})`,
                pass: create.throttlesSurfaced === 0 && create.failedSteps === 0,
            });
        } else missing(`create ${n} CSRs`, "");
        const d1 = find(ms, `destroy ${n} CSRs --parallel ${n}`, "ours");
        const c1 = d1?.calls["ssl.BatchDeleteCSR"] ?? 0;
        const want1 = Math.ceil(n / 100);
        d1
            ? t.push({
                  name: `destroy ${n} CSRs --parallel ${n}: BatchDeleteCSR calls`,
                  limit: `≤ ${Math.max(2, want1)}`,
                  measured: `${c1} (failed steps ${d1.failedSteps})`,
                  pass: c1 <= Math.max(2, want1) && d1.failedSteps === 0,
              })
            : missing("destroy --parallel N", "");
        const d2 = find(ms, `destroy ${n} CSRs --parallel ${P}`, "ours");
        const c2 = d2?.calls["ssl.BatchDeleteCSR"] ?? 0;
        const want2 = Math.ceil(n / P) + 1;
        d2
            ? t.push({
                  name: `destroy ${n} CSRs --parallel ${P} (P = 4 × CPUs): BatchDeleteCSR calls`,
                  limit: `≤ ⌈${n}/${P}⌉ + 1 = ${want2}`,
                  measured: `${c2} (failed steps ${d2.failedSteps})`,
                  pass: c2 <= want2 && d2.failedSteps === 0,
              })
            : missing("destroy --parallel P", "");
        const r = find(ms, `refresh ${n} CSRs`, "ours");
        r
            ? t.push({
                  name: `refresh ${n} CSRs: calls per resource`,
                  limit: "≤ 0.1",
                  measured: `${round2(r.totalCalls / n)} (${r.totalCalls} calls, failed steps ${r.failedSteps})`,
                  pass: r.totalCalls / n <= 0.1 && r.failedSteps === 0,
              })
            : missing("refresh CSRs", "");
    }
    if (only.has("p32")) {
        const scenario = `create ${P32_CSRS} CSRs --parallel ${P32_PARALLEL}`;
        const m = find(ms, scenario, "ours");
        if (m) {
            const limit = 1.15 * m.physicalMs;
            t.push({
                name: `${scenario}: wall`,
                limit: `≤ 1.15 × ${(m.physicalMs / 1000).toFixed(1)} s = ${(limit / 1000).toFixed(1)} s`,
                measured: `${(m.wallMs / 1000).toFixed(1)} s (× ${m.ratioToLimit})`,
                pass: m.wallMs <= limit,
            });
            t.push({
                name: `${scenario}: throttle errors surfaced`,
                limit: "0",
                measured: `${m.throttlesSurfaced} (failed steps ${m.failedSteps})`,
                pass: m.throttlesSurfaced === 0 && m.failedSteps === 0,
            });
        } else missing(scenario, "");
    }
    if (only.has("stacks")) {
        const m = ms.find((x) => x.impl === "ours" && x.scenario.startsWith(`create ${STACK_HOSTS} × ${CSRS_PER_STACK} CSRs`));
        if (m) {
            // The account-wide bound: every CreateCSR of the three stacks through one 10/s limit
            // (the other actions of a create, DescribeCSR and one DescribeCSRSet per host, have
            // limits of their own and overlap with it); measure.ts computes it from the calls made.
            const limit = 1.3 * m.physicalMs;
            t.push({
                name: `${m.scenario}: wall`,
                limit: `≤ 1.3 × ${(m.physicalMs / 1000).toFixed(1)} s = ${(limit / 1000).toFixed(1)} s`,
                measured: `${(m.wallMs / 1000).toFixed(1)} s (× ${m.ratioToLimit})`,
                pass: m.wallMs <= limit,
            });
            t.push({
                name: `${m.scenario}: throttle errors surfaced`,
                limit: "0",
                measured: `${m.throttlesSurfaced} (failed steps ${m.failedSteps}; throttles seen ${m.throttlesSeen})`,
                pass: m.throttlesSurfaced === 0 && m.failedSteps === 0,
            });
        } else missing("stacks", "");
    }
    if (only.has("teo")) {
        const r = ms.find((m) => m.impl === "ours" && m.scenario.startsWith("refresh") && m.scenario.includes("TEO"));
        r
            ? t.push({
                  name: `${r.scenario}: calls`,
                  limit: "≤ 4",
                  measured: `${r.totalCalls} (failed steps ${r.failedSteps})`,
                  pass: r.totalCalls <= 4 && r.failedSteps === 0,
              })
            : missing("refresh TEO", "");
    }
    if (only.has("signer")) {
        const s = signer.find((x) => x.impl === "ours");
        s
            ? t.push({
                  name: "signer throughput (one core)",
                  limit: "≥ 50,000 signatures/s",
                  measured: `${s.perCpuSecond.toLocaleString("en-US")}/CPU-s (${s.perWallSecond.toLocaleString("en-US")}/wall-s)`,
                  pass: s.perCpuSecond >= 50_000,
              })
            : missing("signer", "");
    }
    if (sizes) {
        for (const [kind, bytes] of Object.entries(sizes.bytes)) {
            t.push({ name: `serialized __provider (${kind})`, limit: "≤ 8 KB (8192 bytes)", measured: `${bytes} bytes`, pass: bytes <= 8192 });
        }
    }
    return t;
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
        lines.push(
            markdownTable(
                ["preview (real host, fresh process)", "calls with preview checks", "calls without", "wall with / without (ms)"],
                result.preview.map((r) => [
                    r.scenario,
                    `${r.on.totalCalls}: ${callsText(r.on.calls)}`,
                    String(r.off.totalCalls),
                    `${r.on.wallMs} / ${r.off.wallMs}`,
                ]),
            ),
            "",
        );
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

async function main(): Promise<number> {
    const args = parseArgs(process.argv.slice(2));
    const started = Date.now();
    const P = 4 * os.cpus().length;
    const mach = machine();
    console.log(`bench: ${mach.nproc} × ${mach.cpuModel}, ${mach.memoryGiB} GiB, Node ${mach.node}; P = 4 × CPUs = ${P}; N = ${args.n}`);

    const needsHost = ["csr", "p32", "stacks", "gaap", "teo", "preview"].some((g) => args.only.has(g as Group));
    let sizes: ProviderSizes | undefined;
    if (needsHost) {
        console.log("serialized providers: `pulumi up` of tests/programs/bench-provider through the engine driver ...");
        sizes = await measureProviderSizes(PROGRAM_DIR);
        console.log(
            `  __provider bytes: csr ${sizes.bytes.csr}, gaap ${sizes.bytes.gaap}, teo ${sizes.bytes.teo} (up took ${(sizes.upMs / 1000).toFixed(1)} s)`,
        );
    }

    const measurements: Measurement[] = [];
    let preview: PreviewCallsResult[] = [];
    let peakRss = sizes?.hostPeakRssKiB ?? 0;
    if (needsHost && sizes) {
        const emulatorLimits = {};
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
                emulatorLimits,
                noteRss: (kib) => (peakRss = Math.max(peakRss, kib ?? 0)),
            };
            const groups: [Group, (c: BenchContext) => Promise<Measurement[]>][] = [
                ["csr", csrScenarios],
                ["p32", parallelCreateScenarios],
                ["stacks", multiStackScenarios],
                ["gaap", gaapScenarios],
                ["teo", teoScenarios],
            ];
            for (const [group, run] of groups) {
                if (!args.only.has(group)) continue;
                console.log(`${group} scenarios ...`);
                const ms = await run(ctx);
                for (const m of ms) {
                    console.log(
                        `  ${pad(m.impl, 5)} ${pad(m.scenario, 44)} ${(m.wallMs / 1000).toFixed(1)} s (× ${m.ratioToLimit} of ${(m.physicalMs / 1000).toFixed(1)} s), ${m.totalCalls} calls, throttles ${m.throttlesSeen}/${m.throttlesSurfaced}, failed ${m.failedSteps}`,
                    );
                    if (m.note && (group === "p32" || group === "stacks")) {
                        console.log(`        ${m.note}`);
                    }
                }
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
    }
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
        targets: [],
    };
    result.targets = [...targets(measurements, sizes, signer, args.n, P, args.only), ...previewTargets(preview, args.only)];

    console.log("");
    console.log(consoleTable(HEADER, tableRows(measurements)));
    for (const s of signer) {
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

    if (args.write) {
        const dir = path.join(REPO, "bench", "results");
        fs.mkdirSync(dir, { recursive: true });
        fs.writeFileSync(path.join(dir, "latest.json"), JSON.stringify(result, null, 2) + "\n");
        const md = resultsMarkdown(result);
        const written = writeResultsDocs(REPO, md);
        console.log(`wrote bench/results/latest.json, ${written.join(" and ")}`);
    }
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
