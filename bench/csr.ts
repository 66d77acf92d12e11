/**
 * CSR scenarios: create, refresh and destroy N CSRs through the real provider host, each next to
 * the naive baseline (CreateCSR + DescribeCSR per create, DescribeCSR per read, BatchDeleteCSR with
 * one id per delete).
 */
import type { ProviderHost } from "../tools/engine/provider-host";
import { createAll, deleteAll, HostResource, inPool, readAll, startHost, type Props } from "./host";
import { measure, type Measurement } from "./measure";
import { NaiveClient } from "./naive";
import type { BenchContext } from "./context";

const SSL = "2019-12-05";
const URN_PREFIX = "urn:pulumi:bench::bench::pulumi-nodejs:dynamic:Resource::";

/** The subject of bench CSR number `i` of a run (`prefix` keeps runs apart), as CsrResource inputs. */
export function benchCsrSubject(prefix: string, i: number) {
    return {
        domain: `${prefix}${i}.bench.example.com`,
        organization: "Example Ltd",
        department: "IT",
        email: "admin@example.com",
        province: "Guangdong",
        city: "Shenzhen",
        country: "CN",
        encryptAlgo: "ECC",
    };
}

/** CSR ids created outside the measurement (emulator limits lifted), for a destroy scenario. */
async function seedCsrs(ctx: BenchContext, prefix: string): Promise<number[]> {
    ctx.emulator.admin.setRateLimits({ rateLimits: false });
    try {
        const client = new NaiveClient(ctx.emulator.url, ctx.credentials.secretId, ctx.credentials.secretKey);
        const ids = await inPool(
            Array.from(
                { length: ctx.n },
                (_, i) => async () => (await client.call("ssl", SSL, "CreateCSR", { ...benchCsrApiParams(prefix, i), Generate: true })).Id as number,
            ),
            32,
        );
        return ids.map((id) => {
            if (id instanceof Error) throw id;
            return id;
        });
    } finally {
        ctx.emulator.admin.setRateLimits({ rateLimits: ctx.emulatorLimits });
    }
}

/** CreateCSR's parameters for the same subject. */
export function benchCsrApiParams(prefix: string, i: number) {
    const s = benchCsrSubject(prefix, i);
    return {
        Domain: s.domain,
        Organization: s.organization,
        Department: s.department,
        Email: s.email,
        Province: s.province,
        City: s.city,
        Country: s.country,
        EncryptAlgo: s.encryptAlgo,
        KeyParameter: "prime256v1",
    };
}

function ok<T>(results: (T | Error)[], what: string): T[] {
    const failed = results.filter((r) => r instanceof Error) as Error[];
    if (failed.length > 0) {
        throw new Error(`${what}: ${failed.length} steps failed, first: ${failed[0].message}`);
    }
    return results as T[];
}

type Label = Parameters<typeof measure>[1];

/** One scenario measured on a fresh provider host, closed after (its peak RSS noted). */
async function onFreshHost(ctx: BenchContext, label: Label, run: (host: ProviderHost) => Promise<readonly unknown[]>): Promise<Measurement> {
    const session = await startHost(ctx.programDir, ctx.env);
    const m = await measure(ctx.emulator, label, () => run(session.host));
    ctx.noteRss(await session.close());
    return m;
}

export async function csrScenarios(ctx: BenchContext): Promise<Measurement[]> {
    return [...(await oursCsrScenarios(ctx)), ...(await naiveCsrScenarios(ctx))];
}

/** Ours: create → refresh → destroy at --parallel N, then a destroy of seeded CSRs at the CLI's default parallelism. */
async function oursCsrScenarios(ctx: BenchContext): Promise<Measurement[]> {
    const { n, parallel: P } = ctx;
    const provider = ctx.providers.csr;
    const items = Array.from({ length: n }, (_, i) => ({
        urn: `${URN_PREFIX}csr-${i}`,
        news: { __provider: provider, ...benchCsrSubject("o", i), generate: true, clientToken: `bench${i}` } as Props,
    }));
    let created: Awaited<ReturnType<typeof createAll>> = [];
    const create = await onFreshHost(ctx, { scenario: `create ${n} CSRs`, impl: "ours", parallel: P, resources: n }, async (host) => {
        created = await createAll(host, items, P);
        return created;
    });
    const resources: HostResource[] = ok(created, "create").map((r, i) => ({ urn: items[i].urn, id: r.id, outs: r.outs, inputs: r.inputs }));
    const refresh = await onFreshHost(
        ctx,
        { scenario: `refresh ${n} CSRs`, impl: "ours", parallel: P, resources: n, note: "content known (in state)" },
        (host) => readAll(host, resources, P),
    );
    const destroyAll = await onFreshHost(ctx, { scenario: `destroy ${n} CSRs --parallel ${n}`, impl: "ours", parallel: n, resources: n }, (host) =>
        deleteAll(host, resources, n),
    );
    const ids = await seedCsrs(ctx, "d");
    const seeded: HostResource[] = ids.map((id, i) => ({
        urn: `${URN_PREFIX}csr-${i}`,
        id: String(id),
        outs: { __provider: provider, csrId: id },
        inputs: {},
    }));
    const destroyP = await onFreshHost(ctx, { scenario: `destroy ${n} CSRs --parallel ${P}`, impl: "ours", parallel: P, resources: n }, (host) =>
        deleteAll(host, seeded, P),
    );
    return [create, refresh, destroyAll, destroyP];
}

/** The naive baseline, same concurrency: CreateCSR + DescribeCSR per create, DescribeCSR per read, one id per BatchDeleteCSR. */
async function naiveCsrScenarios(ctx: BenchContext): Promise<Measurement[]> {
    const { n, parallel: P } = ctx;
    const naive = new NaiveClient(ctx.emulator.url, ctx.credentials.secretId, ctx.credentials.secretKey);
    let results: (number | Error)[] = [];
    const create = await measure(ctx.emulator, { scenario: `create ${n} CSRs`, impl: "naive", parallel: P, resources: n }, async () => {
        results = await inPool(
            Array.from({ length: n }, (_, i) => async () => {
                const { Id } = await naive.call("ssl", SSL, "CreateCSR", { ...benchCsrApiParams("n", i), Generate: true });
                await naive.call("ssl", SSL, "DescribeCSR", { CSRId: Id });
                return Id as number;
            }),
            P,
        );
        return results;
    });
    const naiveIds = results.filter((r): r is number => typeof r === "number");
    const refresh = await measure(ctx.emulator, { scenario: `refresh ${n} CSRs`, impl: "naive", parallel: P, resources: naiveIds.length }, () =>
        inPool(
            naiveIds.map((id) => () => naive.call("ssl", SSL, "DescribeCSR", { CSRId: id })),
            P,
        ),
    );
    const naiveDelete = (ids: number[], parallel: number) =>
        inPool(
            ids.map((id) => () => naive.call("ssl", SSL, "BatchDeleteCSR", { CSRIds: [id] })),
            parallel,
        );
    const destroyAll = await measure(
        ctx.emulator,
        { scenario: `destroy ${n} CSRs --parallel ${n}`, impl: "naive", parallel: n, resources: naiveIds.length },
        () => naiveDelete(naiveIds, n),
    );
    const seeded = await seedCsrs(ctx, "e");
    const destroyP = await measure(ctx.emulator, { scenario: `destroy ${n} CSRs --parallel ${P}`, impl: "naive", parallel: P, resources: n }, () =>
        naiveDelete(seeded, P),
    );
    return [create, refresh, destroyAll, destroyP];
}
