/** Building the state from per-account seeds, and JSON persistence. */
import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { ownerOf } from "./accounts";
import { DEFAULT_SEED } from "./seed";
import { sslFromTeo } from "./certificates";
import type { EmulatorSeed, EmulatorState, GaapListener, SeedTeoZone, SslCertificate, TeoCertificate, TeoHost, TeoZone } from "./types";
import { deepCopy, isoSeconds } from "./util";

/** The seeds the certificate, GAAP and TEO state is built from. */
export interface AccountSeeds {
    /** The first credential's account: its seed's omitted parts come from DEFAULT_SEED. */
    defaultOwnerUin: string;
    /** OwnerUin → seed. Accounts other than the default one get empty parts where their seed has none. */
    seeds: Map<string, EmulatorSeed>;
}

/** A seed that would reuse another account's id (ids are global in Tencent Cloud). */
export class SeedConflictError extends Error {
    override name = "SeedConflictError";
}

const EMPTY_SEED: Required<EmulatorSeed> = {
    ssl: { certificates: [] },
    gaap: { proxies: [], certificates: [], listeners: [] },
    teo: { certificates: [], zones: [] },
};

/**
 * The account's SSL certificates: the seed's `ssl.certificates` plus its `teo.certificates` (TEO's
 * terms), or the base's when the seed gives neither.
 */
function sslCertificates(seed: EmulatorSeed, base: EmulatorSeed): SslCertificate[] {
    const given = seed.ssl?.certificates !== undefined || seed.teo?.certificates !== undefined;
    const from = given ? seed : base;
    const teo: TeoCertificate[] = from.teo?.certificates ?? [];
    // sslFromTeo builds fresh records (Domains copied too), so TEO-shaped seeds need no deepCopy.
    return [...deepCopy(from.ssl?.certificates ?? []), ...teo.map(sslFromTeo)];
}

type OwnedTable = Record<string, { OwnerUin?: string }>;

/** One table's new objects for an account, keyed by id. */
interface TableUpdate {
    table: OwnedTable;
    what: string;
    items: Record<string, { OwnerUin?: string }>;
}

function gaapListeners(seed: EmulatorSeed, base: NonNullable<EmulatorSeed["gaap"]>, ownerUin: string, firstRuleNo: number, nowMs: number): GaapListener[] {
    let ruleNo = firstRuleNo;
    return ((seed.gaap ?? {}).listeners ?? base.listeners ?? []).map((l) => ({
        OwnerUin: ownerUin,
        ListenerId: l.ListenerId,
        ListenerName: l.ListenerName ?? l.ListenerId,
        ProxyId: l.ProxyId,
        Port: l.Port,
        CertificateId: l.CertificateId,
        ClientCertificateId: l.ClientCertificateId ?? null,
        PolyClientCertificateIds: l.ClientCertificateId ? [l.ClientCertificateId] : [],
        AuthType: l.AuthType ?? 0,
        ForwardProtocol: "HTTP",
        Http3Supported: 0,
        CreateTime: Math.floor(nowMs / 1000) - 86400 * 30,
        busyUntil: 0,
        Domains: l.Domains.map((d) => ({
            Domain: d.Domain,
            CertificateId: d.CertificateId ?? "default",
            ClientCertificateId: d.ClientCertificateId ?? (l.AuthType === 1 ? "default" : ""),
            PolyClientCertificateIds: d.PolyClientCertificateIds ?? [],
            Rules: [{ RuleId: `rule-emu${String(ruleNo++).padStart(5, "0")}`, Path: "/", RealServerIP: "10.0.0.10", RealServerPort: 80 }],
            pendingUntil: 0,
        })),
    }));
}

/** A TEO host as a seed or admin `addHost` gives it: online, certificates off unless the seed names some. */
export function newTeoHost(seed: SeedTeoZone["hosts"][number], at: string): TeoHost {
    return {
        DomainName: seed.DomainName,
        DomainStatus: seed.DomainStatus ?? "online",
        Origin: seed.Origin ?? "origin.example.com",
        Mode: seed.Mode ?? "disable",
        CertIds: [...(seed.CertIds ?? [])],
        ClientCert: { Switch: "off", CertIds: [] },
        UpstreamMutualTls: { Switch: "off", CertIds: [] },
        UpstreamVerify: { VerificationMode: "disable", CertIds: [] },
        DeployTime: at,
        CreatedOn: at,
        ModifiedOn: at,
        pendingUntil: 0,
    };
}

function teoZones(seed: EmulatorSeed, base: NonNullable<EmulatorSeed["teo"]>, ownerUin: string, nowMs: number): TeoZone[] {
    const created = isoSeconds(nowMs - 86400_000 * 30);
    return ((seed.teo ?? {}).zones ?? base.zones ?? []).map((z) => {
        const zone: TeoZone = { OwnerUin: ownerUin, ZoneId: z.ZoneId, ZoneName: z.ZoneName, hosts: {} };
        for (const h of z.hosts) zone.hosts[h.DomainName] = newTeoHost(h, created);
        return zone;
    });
}

const byId = <T extends { OwnerUin?: string }>(items: T[], key: (item: T) => string, ownerUin: string): Record<string, T> =>
    Object.fromEntries(items.map((item) => [key(item), { ...item, OwnerUin: ownerUin }]));

/**
 * Replaces `ownerUin`'s certificates and GAAP/TEO objects with those of `seed`, keeping other accounts' objects (the
 * same objects, not copies). All or nothing: on a SeedConflictError the state is unchanged.
 */
export function reseedAccount(state: EmulatorState, seed: EmulatorSeed, ownerUin: string, defaultOwnerUin: string, nowMs: number): void {
    const isDefault = ownerUin === defaultOwnerUin;
    const base = isDefault ? DEFAULT_SEED : EMPTY_SEED;
    const gaapBase = base.gaap!;
    const teoBase = base.teo!;
    const others = (table: OwnedTable) => Object.values(table).filter((x) => ownerOf(x, defaultOwnerUin) !== ownerUin);
    // Rule ids continue after other accounts' rules, so they stay unique across accounts.
    const otherRules = (others(state.gaap.listeners) as GaapListener[]).reduce((n, l) => n + l.Domains.reduce((m, d) => m + d.Rules.length, 0), 0);
    const updates: TableUpdate[] = [
        { table: state.gaap.proxies, what: "GAAP proxy", items: byId(deepCopy(seed.gaap?.proxies ?? gaapBase.proxies ?? []), (p) => p.ProxyId, ownerUin) },
        {
            table: state.gaap.certificates,
            what: "GAAP certificate",
            items: byId(deepCopy(seed.gaap?.certificates ?? gaapBase.certificates ?? []), (c) => c.CertificateId, ownerUin),
        },
        {
            table: state.gaap.listeners,
            what: "GAAP listener",
            items: byId(gaapListeners(seed, gaapBase, ownerUin, 1 + otherRules, nowMs), (l) => l.ListenerId, ownerUin),
        },
        { table: state.ssl.certificates, what: "SSL certificate", items: byId(sslCertificates(seed, base), (c) => c.CertificateId, ownerUin) },
        { table: state.teo.zones, what: "TEO zone", items: byId(teoZones(seed, teoBase, ownerUin, nowMs), (z) => z.ZoneId, ownerUin) },
    ];
    for (const { table, what, items } of updates) {
        for (const id of Object.keys(items)) {
            const existing = table[id];
            if (existing && ownerOf(existing, defaultOwnerUin) !== ownerUin) {
                throw new SeedConflictError(
                    `the seed of account ${ownerUin} reuses ${what} id ${id} of account ${ownerOf(existing, defaultOwnerUin)}; ids are global in Tencent Cloud, give it another id`,
                );
            }
        }
    }
    for (const { table, items } of updates) {
        for (const [id, item] of Object.entries(table)) {
            if (ownerOf(item, defaultOwnerUin) === ownerUin) delete table[id];
        }
        Object.assign(table, items);
    }
}

/**
 * The state every seeded account starts with (no CSRs yet); the default account always gets its seed (or DEFAULT_SEED).
 * The server starts from it and admin reset() goes back to it.
 */
export function buildState(seeds: AccountSeeds, nowMs: number): EmulatorState {
    const state: EmulatorState = {
        ssl: { nextId: 1001, csrs: {}, certificates: {} },
        gaap: { proxies: {}, listeners: {}, certificates: {} },
        teo: { zones: {} },
    };
    const defaultSeed = seeds.seeds.get(seeds.defaultOwnerUin) ?? {};
    reseedAccount(state, defaultSeed, seeds.defaultOwnerUin, seeds.defaultOwnerUin, nowMs);
    for (const [ownerUin, seed] of seeds.seeds) {
        if (ownerUin !== seeds.defaultOwnerUin) reseedAccount(state, seed, ownerUin, seeds.defaultOwnerUin, nowMs);
    }
    return state;
}

/** A state file written before the SSL store kept TEO's certificates under `teo.certificates`: move them. */
function migrateTeoCertificates(state: EmulatorState): EmulatorState {
    const legacy = (state.teo as { certificates?: Record<string, TeoCertificate> }).certificates;
    if (!state.ssl.certificates) {
        state.ssl.certificates = Object.fromEntries(Object.entries(legacy ?? {}).map(([id, c]) => [id, sslFromTeo(c)]));
    }
    delete (state.teo as { certificates?: unknown }).certificates;
    return state;
}

export function loadState(path: string): EmulatorState | undefined {
    if (!existsSync(path)) return undefined;
    const parsed = JSON.parse(readFileSync(path, "utf8")) as Partial<EmulatorState>;
    if (!parsed.ssl || !parsed.gaap || !parsed.teo) throw new Error(`${path} is not an emulator state file (needs ssl, gaap and teo)`);
    return migrateTeoCertificates(parsed as EmulatorState);
}

/** Atomic write (temp file + rename); mode 0600 because generated private keys are inside. */
export function saveState(path: string, state: EmulatorState): void {
    const tmp = `${path}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(state, null, 1), { mode: 0o600 });
    renameSync(tmp, path);
}
