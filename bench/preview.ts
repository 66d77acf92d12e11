/**
 * Group `preview` of `npm run bench`: what preview verification (issue 18) costs, through the real
 * dynamic-provider host as the engine's preview drives it (Check one resource at a time; Diff after
 * it for a resource in state), a fresh host process per preview (nothing cached), against its own
 * emulator at Tencent's published rate limits. Each preview runs twice, with preview checks on and
 * off (off = what preview did before the checks, "today"):
 *
 *   - 50 new bindings: 25 ListenerCertificateBindings on 2 listeners, 25 HostsCertificateBindings on
 *     1 zone, 5 certificates (3 GAAP, 2 SSL). Target: ≤ 1 + 2 + 1 + 5 calls (one per distinct
 *     account, listener, zone and certificate); the wall time the checks add is printed.
 *   - 200 unchanged resources (50 CSRs, 75 GAAP and 75 TEO bindings; created beforehand, outside
 *     the measurement). Target: 0 calls more than with the checks off.
 */
import { startEmulator, type Emulator, type EmulatorSeed } from "../emulator";
import type { BenchContext } from "./context";
import { benchCsrSubject } from "./csr";
import { createAll, startHost, type Props } from "./host";
import { callsByAction } from "./measure";

const URN_PREFIX = "urn:pulumi:bench::bench::pulumi-nodejs:dynamic:Resource::";
const FAR = "2036-01-01T00:00:00Z";
const LISTENERS = ["listener-preview0", "listener-preview1"];
const ZONE = "zone-preview0";
const GAAP_CERTS = ["cert-prevwild1", "cert-prevwild2", "cert-prevwild3"];
const SSL_CERTS = ["prev-ssl-net1", "prev-ssl-net2"];
const NEW_PER_KIND = 25;
/** The unchanged stack: CSRs, GAAP bindings on 3 listeners (domains already on the certificate), TEO bindings on 1 zone (hosts already deployed). */
const UNCHANGED = { csrs: 50, gaap: 75, teo: 75 };
const STACK_LISTENERS = ["listener-stable0", "listener-stable1", "listener-stable2"];
const STACK_ZONE = "zone-stable0";

const domainOf = (i: number) => `d${i}.example.com`;
const hostOf = (i: number) => `h${String(i + 1).padStart(3, "0")}.example.net`;
const range = (n: number) => Array.from({ length: n }, (_, i) => i);

/** Both previews' listeners, zones and certificates (5 certificates for the new bindings; the stack's use the first of each kind). */
function previewSeed(): EmulatorSeed {
    const gaapCert = (id: string) => ({ CertificateId: id, CertificateAlias: id, CertificateType: 2 as const, Domains: ["*.example.com"], ExpireTime: FAR });
    const sslCert = (id: string) => ({
        CertId: id,
        Alias: id,
        Type: "upload",
        Kind: "server" as const,
        Domains: ["*.example.net"],
        ExpireTime: FAR,
        SignAlgo: "RSA 2048",
    });
    const listener = (ListenerId: string, l: number, domains: { Domain: string; CertificateId?: string }[]) => ({
        ListenerId,
        ProxyId: "link-emu00001",
        Port: 7000 + l,
        CertificateId: GAAP_CERTS[0],
        Domains: domains,
    });
    const perListener = UNCHANGED.gaap / STACK_LISTENERS.length;
    return {
        gaap: {
            certificates: GAAP_CERTS.map(gaapCert),
            listeners: [
                ...LISTENERS.map((id, l) =>
                    listener(
                        id,
                        l,
                        range(NEW_PER_KIND)
                            .filter((i) => i % LISTENERS.length === l)
                            .map((i) => ({ Domain: domainOf(i) })),
                    ),
                ),
                ...STACK_LISTENERS.map((id, l) =>
                    listener(
                        id,
                        10 + l,
                        range(perListener).map((i) => ({ Domain: domainOf(i), CertificateId: GAAP_CERTS[0] })),
                    ),
                ),
            ],
        },
        teo: {
            certificates: SSL_CERTS.map(sslCert),
            zones: [
                { ZoneId: ZONE, ZoneName: "example.net", hosts: range(NEW_PER_KIND).map((i) => ({ DomainName: hostOf(i), Mode: "disable" as const })) },
                {
                    ZoneId: STACK_ZONE,
                    ZoneName: "example.net",
                    hosts: range(UNCHANGED.teo).map((i) => ({ DomainName: hostOf(i), Mode: "sslcert" as const, CertIds: [SSL_CERTS[0]] })),
                },
            ],
        },
    };
}

interface Item {
    urn: string;
    news: Props;
}

/** 50 new bindings, alternating GAAP and TEO as a program might declare them. */
function newBindings(providers: BenchContext["providers"]): Item[] {
    return range(NEW_PER_KIND).flatMap((i) => [
        {
            urn: `${URN_PREFIX}gaap-${i}`,
            news: {
                __provider: providers.gaap,
                listenerId: LISTENERS[i % LISTENERS.length],
                domain: domainOf(i),
                certificateId: GAAP_CERTS[i % GAAP_CERTS.length],
            },
        },
        {
            urn: `${URN_PREFIX}teo-${i}`,
            news: { __provider: providers.teo, zoneId: ZONE, hosts: [hostOf(i)], mode: "sslcert", serverCertIds: [SSL_CERTS[i % SSL_CERTS.length]] },
        },
    ]);
}

/** The 200 resources of the unchanged stack. */
function stackResources(providers: BenchContext["providers"]): Item[] {
    const csrs = range(UNCHANGED.csrs).map((i) => ({
        urn: `${URN_PREFIX}csr-${i}`,
        news: { __provider: providers.csr, ...benchCsrSubject("c", i), generate: false },
    }));
    const perListener = UNCHANGED.gaap / STACK_LISTENERS.length;
    const gaap = range(UNCHANGED.gaap).map((i) => ({
        urn: `${URN_PREFIX}stable-gaap-${i}`,
        news: {
            __provider: providers.gaap,
            listenerId: STACK_LISTENERS[Math.floor(i / perListener)],
            domain: domainOf(i % perListener),
            certificateId: GAAP_CERTS[0],
        },
    }));
    const teo = range(UNCHANGED.teo).map((i) => ({
        urn: `${URN_PREFIX}stable-teo-${i}`,
        news: { __provider: providers.teo, zoneId: STACK_ZONE, hosts: [hostOf(i)], mode: "sslcert", serverCertIds: [SSL_CERTS[0]] },
    }));
    return [...csrs, ...gaap, ...teo];
}

/** A resource in the stack's state: what the engine hands Check (old inputs) and Diff (old outputs). */
interface InState extends Item {
    id: string;
    inputs: Props;
    outs: Props;
}

interface PreviewRun {
    calls: Record<string, number>;
    totalCalls: number;
    failures: number;
    wallMs: number;
}

export interface PreviewCallsResult {
    scenario: string;
    checks: number;
    /** ≤ this many calls (checks on). */
    limit: number;
    on: PreviewRun;
    /** Preview checks off: the preview as it was before them. */
    off: PreviewRun;
}

/**
 * One `pulumi preview` of `items` through a fresh host process: Check one at a time, then Diff for a
 * resource in state; the calls it made (from the emulator's log) and its wall time from the first Check.
 */
async function previewRun(ctx: BenchContext, emulator: Emulator, env: Record<string, string>, items: (Item | InState)[]): Promise<PreviewRun> {
    const session = await startHost(ctx.programDir, env);
    const from = emulator.log.length;
    const started = Date.now();
    let failures = 0;
    try {
        for (const item of items) {
            const old = "id" in item ? item : undefined;
            const checked = await session.host.check(item.urn, old?.inputs ?? {}, item.news);
            failures += checked.failures.length;
            if (old && checked.failures.length === 0) {
                const diff = await session.host.diff(item.urn, old.id, old.outs, checked.inputs, old.inputs);
                failures += diff.changes === "none" ? 0 : 1; // an unchanged resource must stay unchanged
            }
        }
    } finally {
        ctx.noteRss(await session.close());
    }
    const wallMs = Date.now() - started;
    return { calls: callsByAction(emulator.log.slice(from)), totalCalls: emulator.log.length - from, failures, wallMs };
}

/** The same preview with checks on and off. */
async function bothWays(ctx: BenchContext, emulator: Emulator, env: Record<string, string>, items: (Item | InState)[]) {
    const off = await previewRun(ctx, emulator, { ...env, TENCENTCLOUD_PREVIEW_CHECKS: "false" }, items);
    const on = await previewRun(ctx, emulator, env, items);
    return { on, off };
}

/** `pulumi up` of the stack's resources (setup, not measured): Check and Create through a host. */
async function createStack(ctx: BenchContext, env: Record<string, string>, items: Item[]): Promise<InState[]> {
    const session = await startHost(ctx.programDir, env);
    try {
        const created = await createAll(session.host, items, ctx.parallel);
        const failed = created.filter((r): r is Error => r instanceof Error);
        if (failed.length > 0) {
            throw new Error(`preview bench setup: ${failed.length} creates failed, first: ${failed[0].message}`);
        }
        return created.map((r, i) => ({ ...items[i], ...(r as { id: string; outs: Props; inputs: Props }) }));
    } finally {
        ctx.noteRss(await session.close());
    }
}

export async function previewScenarios(ctx: BenchContext): Promise<PreviewCallsResult[]> {
    const emulator = await startEmulator({ seed: previewSeed(), gaapApplyDelayMs: 100, teoDeployDelayMs: 100 });
    const env = { ...ctx.env, TENCENTCLOUD_ENDPOINT: emulator.url };
    try {
        const fresh = newBindings(ctx.providers);
        const created = await bothWays(ctx, emulator, env, fresh);
        const stack = await createStack(ctx, env, stackResources(ctx.providers));
        const unchanged = await bothWays(ctx, emulator, env, stack);
        return [
            {
                scenario: `preview: ${fresh.length} new bindings, ${LISTENERS.length} listeners, 1 zone, ${GAAP_CERTS.length + SSL_CERTS.length} certificates`,
                checks: fresh.length,
                limit: 1 + LISTENERS.length + 1 + GAAP_CERTS.length + SSL_CERTS.length,
                ...created,
            },
            { scenario: `preview: ${stack.length} unchanged resources`, checks: stack.length, limit: unchanged.off.totalCalls, ...unchanged },
        ];
    } finally {
        await emulator.close();
    }
}

/** The wall time preview checks added, signed ("+68 ms", "-18 ms": noise). */
export const addedWall = (r: PreviewCallsResult): string => `${r.on.wallMs >= r.off.wallMs ? "+" : ""}${r.on.wallMs - r.off.wallMs} ms`;

const byAction = (calls: Record<string, number>) =>
    Object.entries(calls)
        .sort()
        .map(([action, n]) => `${action} ${n}`)
        .join(", ") || "none";

/** Whether a scenario met its target: calls within the limit, no failure. */
export const previewPassed = (r: PreviewCallsResult): boolean => r.on.totalCalls <= r.limit && r.on.failures === 0 && r.off.failures === 0;

export function printPreviewCalls(results: PreviewCallsResult[]): void {
    for (const r of results) {
        const perCheck = (r.on.wallMs - r.off.wallMs) / r.checks;
        console.log(`  ${r.scenario}: ${r.on.totalCalls} calls (target ≤ ${r.limit}) ${previewPassed(r) ? "ok" : "MISSED"}; failures ${r.on.failures}`);
        console.log(`    calls with preview checks: ${byAction(r.on.calls)}; without: ${byAction(r.off.calls)}`);
        console.log(
            `    wall ${r.on.wallMs} ms for ${r.checks} checks with preview checks, ${r.off.wallMs} ms without: ${addedWall(r)} (${perCheck.toFixed(1)} ms per check)`,
        );
    }
}
