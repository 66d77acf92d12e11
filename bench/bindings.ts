/**
 * GAAP and TEO scenarios: 50 ListenerCertificateBindings over 5 listeners (10 domains each) and 50
 * HostsCertificateBindings in 2 zones (25 hosts each): create, refresh, destroy through the real
 * provider host, each next to the naive baseline (Modify + a Describe per poll, a Describe per
 * read, no lock, no shared reads).
 */
import type { EmulatorSeed } from "../emulator";
import { createAll, deleteAll, HostResource, inPool, readAll, startHost, type Props } from "./host";
import { measure, type Measurement } from "./measure";
import { NaiveClient, pollUntil } from "./naive";
import type { BenchContext } from "./context";

const GAAP = "2018-05-29";
const TEO = "2022-09-01";
const URN_PREFIX = "urn:pulumi:bench::bench::pulumi-nodejs:dynamic:Resource::";

export const GAAP_LISTENERS = 5;
export const GAAP_DOMAINS_PER_LISTENER = 10;
export const TEO_ZONES = 2;
export const TEO_HOSTS_PER_ZONE = 25;
const GAAP_CERT = "cert-emuwild1";

const listenerId = (l: number) => `listener-bench${l}`;
const gaapDomain = (d: number) => `d${d}.example.com`;
const zoneId = (z: number) => `zone-bench${z}`;
const teoHost = (h: number) => `h${String(h + 1).padStart(2, "0")}.example.net`;

/** The GAAP and TEO data the binding scenarios need (the default seed's other parts stay). */
export function benchSeed(): EmulatorSeed {
    return {
        gaap: {
            listeners: Array.from({ length: GAAP_LISTENERS }, (_, l) => ({
                ListenerId: listenerId(l),
                ListenerName: `bench-${l}`,
                ProxyId: "link-emu00001",
                Port: 9000 + l,
                CertificateId: GAAP_CERT,
                Domains: Array.from({ length: GAAP_DOMAINS_PER_LISTENER }, (_, d) => ({ Domain: gaapDomain(d) })),
            })),
        },
        teo: {
            zones: Array.from({ length: TEO_ZONES }, (_, z) => ({
                ZoneId: zoneId(z),
                ZoneName: "example.net",
                hosts: Array.from({ length: TEO_HOSTS_PER_ZONE }, (_, h) => ({ DomainName: teoHost(h), Mode: "disable" as const })),
            })),
        },
    };
}

interface Binding {
    name: string;
    news: Props;
}

function gaapBindings(provider: string): Binding[] {
    const out: Binding[] = [];
    for (let l = 0; l < GAAP_LISTENERS; l++) {
        for (let d = 0; d < GAAP_DOMAINS_PER_LISTENER; d++) {
            out.push({
                name: `l${l}-d${d}`,
                news: { __provider: provider, listenerId: listenerId(l), domain: gaapDomain(d), certificateId: GAAP_CERT, waitTimeoutSeconds: 120 },
            });
        }
    }
    return out;
}

function teoBindings(provider: string): Binding[] {
    const out: Binding[] = [];
    for (let h = 0; h < TEO_HOSTS_PER_ZONE; h++) {
        for (let z = 0; z < TEO_ZONES; z++) {
            out.push({
                name: `z${z}-h${h}`,
                news: { __provider: provider, zoneId: zoneId(z), hosts: [teoHost(h)], mode: "eofreecert", deleteBehavior: "disable", waitTimeoutSeconds: 120 },
            });
        }
    }
    return out;
}

/** create → refresh → destroy through the host, one host process per operation (as the CLI). */
async function oursLifecycle(ctx: BenchContext, label: string, bindings: Binding[]): Promise<Measurement[]> {
    const P = ctx.parallel;
    const n = bindings.length;
    const out: Measurement[] = [];
    const items = bindings.map((b) => ({ urn: URN_PREFIX + b.name, news: b.news }));
    let resources: HostResource[] = [];
    let session = await startHost(ctx.programDir, ctx.env);
    let created: Awaited<ReturnType<typeof createAll>> = [];
    out.push(
        await measure(
            ctx.emulator,
            { scenario: `create ${label}`, impl: "ours", parallel: P, resources: n },
            async () => (created = await createAll(session.host, items, P)),
        ),
    );
    ctx.noteRss(await session.close());
    resources = created.flatMap((r, i) => (r instanceof Error ? [] : [{ urn: items[i].urn, id: r.id, outs: r.outs, inputs: r.inputs }]));

    session = await startHost(ctx.programDir, ctx.env);
    out.push(
        await measure(ctx.emulator, { scenario: `refresh ${label}`, impl: "ours", parallel: P, resources: resources.length }, () =>
            readAll(session.host, resources, P),
        ),
    );
    ctx.noteRss(await session.close());

    session = await startHost(ctx.programDir, ctx.env);
    out.push(
        await measure(ctx.emulator, { scenario: `destroy ${label}`, impl: "ours", parallel: P, resources: resources.length }, () =>
            deleteAll(session.host, resources, P),
        ),
    );
    ctx.noteRss(await session.close());
    return out;
}

interface NaiveOps {
    apply(b: Binding, deleting: boolean): Promise<void>;
    read(b: Binding): Promise<unknown>;
}

async function naiveLifecycle(ctx: BenchContext, label: string, bindings: Binding[], ops: NaiveOps): Promise<Measurement[]> {
    const P = ctx.parallel;
    const n = bindings.length;
    return [
        await measure(ctx.emulator, { scenario: `create ${label}`, impl: "naive", parallel: P, resources: n }, () =>
            inPool(
                bindings.map((b) => () => ops.apply(b, false)),
                P,
            ),
        ),
        await measure(ctx.emulator, { scenario: `refresh ${label}`, impl: "naive", parallel: P, resources: n }, () =>
            inPool(
                bindings.map((b) => () => ops.read(b)),
                P,
            ),
        ),
        await measure(ctx.emulator, { scenario: `destroy ${label}`, impl: "naive", parallel: P, resources: n }, () =>
            inPool(
                bindings.map((b) => () => ops.apply(b, true)),
                P,
            ),
        ),
    ];
}

function naiveGaap(client: NaiveClient): NaiveOps {
    const rule = async (b: Binding) => {
        const resp = await client.call("gaap", GAAP, "DescribeRules", { ListenerId: b.news.listenerId });
        return (resp.DomainRuleSet as { Domain: string; CertificateId: string; DomainStatus: number }[]).find((d) => d.Domain === b.news.domain);
    };
    return {
        async apply(b, deleting) {
            const certificateId = deleting ? "default" : (b.news.certificateId as string);
            await client.call("gaap", GAAP, "ModifyCertificate", { ListenerId: b.news.listenerId, Domain: b.news.domain, CertificateId: certificateId });
            await pollUntil(async () => {
                const r = await rule(b);
                return !!r && r.DomainStatus === 0 && r.CertificateId === certificateId;
            });
        },
        read: rule,
    };
}

function naiveTeo(client: NaiveClient): NaiveOps {
    const domain = async (b: Binding) => {
        const host = (b.news.hosts as string[])[0];
        const resp = await client.call("teo", TEO, "DescribeAccelerationDomains", {
            ZoneId: b.news.zoneId,
            Filters: [{ Name: "domain-name", Values: [host] }],
        });
        return (resp.AccelerationDomains as { DomainName: string; DomainStatus: string; Certificate?: { Mode?: string; List?: { Status?: string }[] } }[]).find(
            (d) => d.DomainName === host,
        );
    };
    return {
        async apply(b, deleting) {
            const mode = deleting ? "disable" : (b.news.mode as string);
            await client.call("teo", TEO, "ModifyHostsCertificate", { ZoneId: b.news.zoneId, Hosts: b.news.hosts, Mode: mode });
            await pollUntil(async () => {
                const d = await domain(b);
                return !!d && d.DomainStatus === "online" && d.Certificate?.Mode === mode && (d.Certificate?.List ?? []).every((c) => c.Status === "deployed");
            });
        },
        read: domain,
    };
}

export async function gaapScenarios(ctx: BenchContext): Promise<Measurement[]> {
    const label = `${GAAP_LISTENERS * GAAP_DOMAINS_PER_LISTENER} GAAP bindings / ${GAAP_LISTENERS} listeners`;
    const bindings = gaapBindings(ctx.providers.gaap);
    const naive = new NaiveClient(ctx.emulator.url, ctx.credentials.secretId, ctx.credentials.secretKey);
    return [...(await oursLifecycle(ctx, label, bindings)), ...(await naiveLifecycle(ctx, label, bindings, naiveGaap(naive)))];
}

export async function teoScenarios(ctx: BenchContext): Promise<Measurement[]> {
    const label = `${TEO_ZONES * TEO_HOSTS_PER_ZONE} TEO bindings / ${TEO_ZONES} zones`;
    const bindings = teoBindings(ctx.providers.teo);
    const naive = new NaiveClient(ctx.emulator.url, ctx.credentials.secretId, ctx.credentials.secretKey);
    return [...(await oursLifecycle(ctx, label, bindings)), ...(await naiveLifecycle(ctx, label, bindings, naiveTeo(naive)))];
}
