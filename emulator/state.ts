/** Building the state from a seed, and JSON persistence. */
import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { DEFAULT_SEED } from "./seed";
import type { EmulatorSeed, EmulatorState, GaapState, TeoState } from "./types";
import { deepCopy, isoSeconds } from "./util";

export function buildGaapState(seed: EmulatorSeed, nowMs: number): GaapState {
    const gaap = seed.gaap ?? {};
    const base = DEFAULT_SEED.gaap!;
    const state: GaapState = { proxies: {}, listeners: {}, certificates: {} };
    for (const p of deepCopy(gaap.proxies ?? base.proxies ?? [])) state.proxies[p.ProxyId] = p;
    for (const c of deepCopy(gaap.certificates ?? base.certificates ?? [])) state.certificates[c.CertificateId] = c;
    let ruleNo = 1;
    for (const l of gaap.listeners ?? base.listeners ?? []) {
        state.listeners[l.ListenerId] = {
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
        };
    }
    return state;
}

export function buildTeoState(seed: EmulatorSeed, nowMs: number): TeoState {
    const teo = seed.teo ?? {};
    const base = DEFAULT_SEED.teo!;
    const state: TeoState = { zones: {}, certificates: {} };
    for (const c of deepCopy(teo.certificates ?? base.certificates ?? [])) state.certificates[c.CertId] = c;
    const created = isoSeconds(nowMs - 86400_000 * 30);
    for (const z of teo.zones ?? base.zones ?? []) {
        const zone = { ZoneId: z.ZoneId, ZoneName: z.ZoneName, hosts: {} as TeoState["zones"][string]["hosts"] };
        for (const h of z.hosts) {
            zone.hosts[h.DomainName] = {
                DomainName: h.DomainName,
                DomainStatus: h.DomainStatus ?? "online",
                Origin: h.Origin ?? "origin.example.com",
                Mode: h.Mode ?? "disable",
                CertIds: [...(h.CertIds ?? [])],
                ClientCert: { Switch: "off", CertIds: [] },
                UpstreamMutualTls: { Switch: "off", CertIds: [] },
                UpstreamVerify: { VerificationMode: "disable", CertIds: [] },
                DeployTime: created,
                CreatedOn: created,
                ModifiedOn: created,
                pendingUntil: 0,
            };
        }
        state.zones[z.ZoneId] = zone;
    }
    return state;
}

export function buildState(seed: EmulatorSeed, nowMs: number): EmulatorState {
    return { ssl: { nextId: 1001, csrs: {} }, gaap: buildGaapState(seed, nowMs), teo: buildTeoState(seed, nowMs) };
}

export function loadState(path: string): EmulatorState | undefined {
    if (!existsSync(path)) return undefined;
    const parsed = JSON.parse(readFileSync(path, "utf8")) as Partial<EmulatorState>;
    if (!parsed.ssl || !parsed.gaap || !parsed.teo) throw new Error(`${path} is not an emulator state file (needs ssl, gaap and teo)`);
    return parsed as EmulatorState;
}

/** Atomic write (temp file + rename); mode 0600 because generated private keys are inside. */
export function saveState(path: string, state: EmulatorState): void {
    const tmp = `${path}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(state, null, 1), { mode: 0o600 });
    renameSync(tmp, path);
}
