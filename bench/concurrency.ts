/**
 * Concurrency scenarios (issue 15, items 4 and 5; issue 20, item 6), each next to the naive baseline:
 *
 * - `p32`: create 100 CSRs through one provider host at `--parallel 32` (deep queues in the rate
 *   limiter: start-up, first-call latency and the bucket's first burst show up here).
 * - `stacks`: three provider host processes (three stacks, `pulumi up` at once against one account)
 *   create 100 CSRs each. The emulator's limits are account-wide, as Tencent's are, so the three
 *   hosts share 10 CreateCSR/s and must adapt to each other's traffic from throttle answers alone.
 *
 * Tencent does not document how it counts its limits, so ours runs once per emulator limiter shape
 * (fixed one-second windows, a sliding second, a token bucket; `--shapes` picks some); the naive
 * baseline runs under the default fixed windows only. The CSRs each scenario made are removed
 * afterwards through the emulator's admin API, outside the measurement, so the next scenario's
 * DescribeCSRSet listing starts from the same account size.
 */
import { benchCsrApiParams, benchCsrSubject } from "./csr";
import { createAll, inPool, startHost, type Props } from "./host";
import { measure, notMeasured, summarize, type Measurement, type Target } from "./measure";
import { NaiveClient } from "./naive";
import type { BenchContext } from "./context";
import { DEFAULT_RATE_LIMIT_SHAPE, type CallLogEntry, type RateLimitShape } from "../emulator";

const SSL = "2019-12-05";
const URN_PREFIX = "urn:pulumi:bench::bench::pulumi-nodejs:dynamic:Resource::";
export const P32_CSRS = 100;
export const P32_PARALLEL = 32;
export const STACK_HOSTS = 3;
export const CSRS_PER_STACK = 100;
/** Targets, as multiples of the bound (every CreateCSR at 10/s), under every limiter shape. */
const P32_WALL_TARGET = 1.1;
const STACKS_WALL_TARGET = 1.15;

/** The pacing scenarios' names (each measurement's is `<name> [<limiter shape>]`). */
const P32_SCENARIO = `create ${P32_CSRS} CSRs --parallel ${P32_PARALLEL}`;
const STACKS_SCENARIO = `create ${STACK_HOSTS} × ${CSRS_PER_STACK} CSRs, ${STACK_HOSTS} hosts`;

/** The scenario's name under one limiter shape (the naive baseline's name under the default shape matches ours). */
function underShape(scenario: string, shape: RateLimitShape): string {
    return `${scenario} [${shape}]`;
}

/** Runs `fn` with the emulator counting calls in `shape`, then puts the default shape back. */
async function withShape<T>(ctx: BenchContext, shape: RateLimitShape, fn: () => Promise<T>): Promise<T> {
    ctx.emulator.admin.setRateLimitShape({ shape });
    try {
        return await fn();
    } finally {
        ctx.emulator.admin.setRateLimitShape({ shape: DEFAULT_RATE_LIMIT_SHAPE });
    }
}

function items(ctx: BenchContext, prefix: string, n: number) {
    return Array.from({ length: n }, (_, i) => ({
        urn: `${URN_PREFIX}${prefix}-${i}`,
        news: { __provider: ctx.providers.csr, ...benchCsrSubject(prefix, i), generate: true, clientToken: `bench${prefix}${i}` } as Props,
    }));
}

/** Forgets every CSR of the account (not measured). */
function clearCsrs(ctx: BenchContext): void {
    for (const id of Object.keys(ctx.emulator.state.ssl.csrs)) {
        ctx.emulator.admin.deleteCsr({ id: Number(id) });
    }
}

/** Runs `run` with `hosts` provider hosts already started and configured; measures from the first provider call. */
async function measureHosts(
    ctx: BenchContext,
    base: Pick<Measurement, "scenario" | "impl" | "parallel" | "resources" | "note" | "shape">,
    hosts: number,
    run: (sessions: Awaited<ReturnType<typeof startHost>>[]) => Promise<(unknown | Error)[]>,
): Promise<Measurement> {
    const sessions = await Promise.all(Array.from({ length: hosts }, () => startHost(ctx.programDir, ctx.env)));
    try {
        const from = ctx.emulator.log.length;
        const startedAt = Date.now();
        const started = process.hrtime.bigint();
        const results = await run(sessions);
        const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
        const failures = results.filter((r): r is Error => r instanceof Error);
        if (failures.length > 0) {
            console.log(`    ${base.scenario} (${base.impl}): ${failures.length} steps failed, first: ${failures[0].message.slice(0, 300)}`);
        }
        const entries = ctx.emulator.log.slice(from);
        const m = summarize({ ...base, wallMs: Math.round(wallMs) }, entries, failures);
        m.note = [base.note, timeline(entries, startedAt)].filter(Boolean).join("; ");
        return m;
    } finally {
        for (const s of sessions) {
            ctx.noteRss(await s.close());
        }
    }
}

/** Where the time went, from the emulator's clock: first call, first and last CreateCSR, last call (ms after the start). */
function timeline(entries: readonly CallLogEntry[], startedAt: number): string {
    const creates = entries.filter((e) => e.action === "CreateCSR" && e.code === "OK");
    if (entries.length === 0 || creates.length === 0) {
        return "";
    }
    const at = (e: CallLogEntry) => e.time - startedAt;
    const last = entries.reduce((a, e) => Math.max(a, e.time + e.durationMs), 0) - startedAt;
    // Successful CreateCSR per second of the run: where the account's capacity went unused.
    const perSecond: number[] = [];
    for (const e of creates) {
        const s = Math.floor(at(e) / 1000);
        perSecond[s] = (perSecond[s] ?? 0) + 1;
    }
    const seconds = Array.from(perSecond, (n) => n ?? 0).join(" ");
    return `first call at ${at(entries[0])} ms, first CreateCSR ${at(creates[0])} ms, last CreateCSR ${at(creates[creates.length - 1])} ms, last answer ${last} ms; CreateCSR per second: ${seconds}`;
}

async function naiveCreate(client: NaiveClient, prefix: string, n: number, parallel: number) {
    return inPool(
        Array.from({ length: n }, (_, i) => async () => {
            const { Id } = await client.call("ssl", SSL, "CreateCSR", { ...benchCsrApiParams(prefix, i), Generate: true });
            await client.call("ssl", SSL, "DescribeCSR", { CSRId: Id });
            return Id as number;
        }),
        parallel,
    );
}

function naiveClient(ctx: BenchContext): NaiveClient {
    return new NaiveClient(ctx.emulator.url, ctx.credentials.secretId, ctx.credentials.secretKey);
}

/** create 100 CSRs at --parallel 32: one host, ours under each limiter shape, naive under the default one. */
export async function parallelCreateScenarios(ctx: BenchContext): Promise<Measurement[]> {
    const scenario = P32_SCENARIO;
    const measurements: Measurement[] = [];
    for (const shape of ctx.shapes) {
        clearCsrs(ctx);
        const base = { scenario: underShape(scenario, shape), impl: "ours" as const, parallel: P32_PARALLEL, resources: P32_CSRS, shape };
        measurements.push(await withShape(ctx, shape, () => measureHosts(ctx, base, 1, ([s]) => createAll(s.host, items(ctx, "p", P32_CSRS), P32_PARALLEL))));
    }
    clearCsrs(ctx);
    const naiveBase = {
        scenario: underShape(scenario, DEFAULT_RATE_LIMIT_SHAPE),
        impl: "naive" as const,
        parallel: P32_PARALLEL,
        resources: P32_CSRS,
        shape: DEFAULT_RATE_LIMIT_SHAPE,
    };
    const naive = await measure(ctx.emulator, naiveBase, () => naiveCreate(naiveClient(ctx), "q", P32_CSRS, P32_PARALLEL));
    clearCsrs(ctx);
    return [...measurements, naive];
}

/** Three stacks at once against one account: three hosts (or three naive scripts) create 100 CSRs each. */
export async function multiStackScenarios(ctx: BenchContext): Promise<Measurement[]> {
    const total = STACK_HOSTS * CSRS_PER_STACK;
    const scenario = STACKS_SCENARIO;
    const P = ctx.parallel;
    const note = `${STACK_HOSTS} provider hosts (separate processes) sharing the account-wide limits, --parallel ${P} each`;
    const measurements: Measurement[] = [];
    for (const shape of ctx.shapes) {
        clearCsrs(ctx);
        const base = { scenario: underShape(scenario, shape), impl: "ours" as const, parallel: P, resources: total, note, shape };
        const run = async (sessions: Awaited<ReturnType<typeof startHost>>[]) => {
            const perHost = await Promise.all(sessions.map((s, h) => createAll(s.host, items(ctx, `s${h}x`, CSRS_PER_STACK), P)));
            return perHost.flat();
        };
        measurements.push(await withShape(ctx, shape, () => measureHosts(ctx, base, STACK_HOSTS, run)));
    }
    clearCsrs(ctx);
    const naiveBase = {
        scenario: underShape(scenario, DEFAULT_RATE_LIMIT_SHAPE),
        impl: "naive" as const,
        parallel: P,
        resources: total,
        shape: DEFAULT_RATE_LIMIT_SHAPE,
        note,
    };
    const naiveScripts = async () =>
        (await Promise.all(Array.from({ length: STACK_HOSTS }, (_, h) => naiveCreate(naiveClient(ctx), `n${h}x`, CSRS_PER_STACK, P)))).flat();
    const naive = await measure(ctx.emulator, naiveBase, naiveScripts);
    clearCsrs(ctx);
    return [...measurements, naive];
}

/** Ours under each limiter shape: wall ÷ bound and throttles absorbed (seen by the server) / surfaced (failed steps). */
export function pacingByShape(ms: readonly Measurement[]): string[][] {
    const shapes = Array.from(new Set(ms.filter((m) => m.impl === "ours" && m.shape).map((m) => m.shape!)));
    const cell = (scenario: string, shape: RateLimitShape) => {
        const m = ms.find((x) => x.impl === "ours" && x.shape === shape && x.scenario.startsWith(scenario));
        return m ? [`× ${m.ratioToLimit}`, `${m.throttlesSeen} / ${m.throttlesSurfaced}`] : ["–", "–"];
    };
    return shapes.map((shape) => [shape, ...cell(P32_SCENARIO, shape), ...cell(STACKS_SCENARIO, shape)]);
}

export const PACING_HEADER = [
    "limiter shape",
    `P = ${P32_PARALLEL}: wall ÷ bound`,
    `P = ${P32_PARALLEL}: throttles absorbed / surfaced`,
    `${STACK_HOSTS} hosts: wall ÷ bound`,
    `${STACK_HOSTS} hosts: throttles absorbed / surfaced`,
];

/** The pacing targets: under every shape measured, wall within the target multiple of the bound and no throttle error surfaced. */
export function pacingTargets(ms: readonly Measurement[], groups: { p32: boolean; stacks: boolean }): Target[] {
    const targets: Target[] = [];
    const scenarios = [
        ...(groups.p32 ? [{ name: P32_SCENARIO, factor: P32_WALL_TARGET }] : []),
        ...(groups.stacks ? [{ name: STACKS_SCENARIO, factor: STACKS_WALL_TARGET }] : []),
    ];
    for (const { name, factor } of scenarios) {
        const ours = ms.filter((m) => m.impl === "ours" && m.scenario.startsWith(name));
        if (ours.length === 0) {
            targets.push(notMeasured(name));
        }
        for (const m of ours) {
            targets.push(...wallAndThrottleTargets(m, factor));
        }
    }
    return targets;
}

/** Wall within `factor` × the bound, and no throttle error or failed step (the CSR create target too). */
export function wallAndThrottleTargets(m: Measurement, factor: number): Target[] {
    const limit = factor * m.physicalMs;
    return [
        {
            name: `${m.scenario}: wall`,
            limit: `≤ ${factor} × ${(m.physicalMs / 1000).toFixed(1)} s = ${(limit / 1000).toFixed(1)} s`,
            measured: `${(m.wallMs / 1000).toFixed(1)} s (× ${m.ratioToLimit})`,
            pass: m.wallMs <= limit,
        },
        {
            name: `${m.scenario}: throttle errors surfaced`,
            limit: "0",
            measured: `${m.throttlesSurfaced} (failed steps ${m.failedSteps}; throttles absorbed ${m.throttlesSeen})`,
            pass: m.throttlesSurfaced === 0 && m.failedSteps === 0,
        },
    ];
}
