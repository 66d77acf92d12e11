/** Out-of-band operations (drift, busy states, faults, resets): programmatic and over HTTP under /_emulator/. */
import { sslFromTeo } from "./certificates";
import type { CsrRecord, EmulatorAdmin, EmulatorState, FaultConfig, GaapListener, Owned, RateLimitOverrides, RateLimitShape, TeoHost } from "./types";
import { buildAccountsState, reseedAccount, SeedConflictError, type AccountSeeds } from "./state";
import { ownerOf } from "./accounts";
import { isRateLimitShape, RATE_LIMIT_SHAPES } from "./rate-limit";
import { isoSeconds } from "./util";

export interface AdminHooks {
    state: EmulatorState;
    now(): number;
    /** Seeds per account used by reset(); seed() updates its entry. */
    seeds: AccountSeeds;
    setFaults(faults: FaultConfig | null): void;
    initialFaults(): FaultConfig | null;
    setRateLimits(limits: RateLimitOverrides | false): void;
    initialRateLimits(): RateLimitOverrides | false;
    setRateLimitShape(shape: RateLimitShape): void;
    initialRateLimitShape(): RateLimitShape;
    clearObservations(): void;
    clearLog(): void;
    persist(): void;
}

const FREE_CERT_PREFIX = "teo-free-";

/** The `datetime_iso` expiry from exactly one of an ISO time or a day count from `now`. */
function expiryFrom(now: number, expireTime: string | undefined, expiresInDays: number | undefined): string {
    if ((expireTime === undefined) === (expiresInDays === undefined)) {
        throw new AdminError("setCertificateExpiry needs exactly one of expireTime (ISO 8601) or expiresInDays (a number)");
    }
    if (expiresInDays !== undefined) {
        if (typeof expiresInDays !== "number" || !Number.isFinite(expiresInDays))
            throw new AdminError(`expiresInDays must be a number, got ${JSON.stringify(expiresInDays)}`);
        return isoSeconds(now + expiresInDays * 86400_000);
    }
    const ms = typeof expireTime === "string" ? Date.parse(expireTime) : NaN;
    if (!Number.isFinite(ms)) throw new AdminError(`expireTime must be an ISO 8601 time such as 2030-01-01T00:00:00Z, got ${JSON.stringify(expireTime)}`);
    return isoSeconds(ms);
}

/** An admin call that cannot be done (unknown id); HTTP answers 400 with its message. */
export class AdminError extends Error {
    override name = "AdminError";
}

export function createAdmin(h: AdminHooks): EmulatorAdmin {
    const listener = (id: string): GaapListener => {
        const l = h.state.gaap.listeners[id];
        if (!l) throw new AdminError(`no GAAP listener ${id}`);
        return l;
    };
    const host = (zoneId: string, name: string): TeoHost => {
        const z = h.state.teo.zones[zoneId];
        if (!z) throw new AdminError(`no TEO zone ${zoneId}`);
        const x = z.hosts[name];
        if (!x) throw new AdminError(`no host ${name} in zone ${zoneId}`);
        return x;
    };
    const changed = <T>(value: T): T => {
        h.persist();
        return value;
    };
    /** Stores `item` under `id` in `ownerUin`'s account (default: the default account); ids are global, so another account's id is refused. */
    const addOwned = <T extends Owned>(table: Record<string, T>, what: string, id: string, item: T, ownerUin: string | undefined): void => {
        const account = ownerUin ?? h.seeds.defaultOwnerUin;
        const existing = table[id];
        if (existing && ownerOf(existing, h.seeds.defaultOwnerUin) !== account) {
            throw new AdminError(`${what} ${id} belongs to account ${ownerOf(existing, h.seeds.defaultOwnerUin)}; ids are global, give it another id`);
        }
        table[id] = { ...item, OwnerUin: account };
        changed(undefined);
    };

    return {
        reset() {
            const built = buildAccountsState(h.seeds, h.now());
            h.state.ssl = { nextId: 1001, csrs: {}, certificates: built.ssl.certificates };
            h.state.gaap = built.gaap;
            h.state.teo = built.teo;
            h.setFaults(h.initialFaults());
            h.setRateLimits(h.initialRateLimits());
            h.setRateLimitShape(h.initialRateLimitShape());
            h.clearObservations();
            changed(undefined);
        },
        seed({ seed, ownerUin }) {
            const account = ownerUin ?? h.seeds.defaultOwnerUin;
            try {
                reseedAccount(h.state, seed, account, h.seeds.defaultOwnerUin, h.now());
            } catch (e) {
                if (e instanceof SeedConflictError) throw new AdminError(e.message);
                throw e;
            }
            h.seeds.seeds.set(account, seed);
            changed(undefined);
        },
        setFaults({ faults }) {
            h.setFaults(faults);
        },
        setRateLimits({ rateLimits }) {
            h.setRateLimits(rateLimits);
        },
        setRateLimitShape({ shape }) {
            if (!isRateLimitShape(shape)) throw new AdminError(`shape must be one of ${RATE_LIMIT_SHAPES.join(", ")}, got ${JSON.stringify(shape)}`);
            h.setRateLimitShape(shape);
        },
        clearLog() {
            h.clearLog();
        },

        modifyCsr({ id, fields }) {
            const rec = h.state.ssl.csrs[String(id)];
            if (!rec) throw new AdminError(`no CSR ${id}`);
            // A console edit is a ModifyCSR: once generated, the record cannot be modified (ssl-ModifyCSR.txt, Generate).
            if (rec.Status === 1) {
                throw new AdminError(`CSR ${id} has already been generated and can no longer be modified (ModifyCSR and the console refuse it)`);
            }
            const next: CsrRecord = { ...rec, ...fields, Id: rec.Id };
            h.state.ssl.csrs[String(id)] = next;
            return changed(next);
        },
        deleteCsr({ id }) {
            const existed = h.state.ssl.csrs[String(id)] !== undefined;
            delete h.state.ssl.csrs[String(id)];
            return changed(existed);
        },

        setDomainCertificate({ listenerId, domain, certificateId, clientCertificateId, polyClientCertificateIds }) {
            const d = listener(listenerId).Domains.find((x) => x.Domain === domain);
            if (!d) throw new AdminError(`no domain ${domain} on listener ${listenerId}`);
            d.CertificateId = certificateId;
            if (clientCertificateId !== undefined) d.ClientCertificateId = clientCertificateId;
            if (polyClientCertificateIds !== undefined) d.PolyClientCertificateIds = [...polyClientCertificateIds];
            d.pendingUntil = 0;
            changed(undefined);
        },
        setListenerBusy({ listenerId, ms }) {
            listener(listenerId).busyUntil = h.now() + ms;
            changed(undefined);
        },
        setDefaultCertificateReport({ listenerId, as }) {
            if (as !== "default" && as !== "listenerId") throw new AdminError(`as must be "default" or "listenerId", not ${JSON.stringify(as)}`);
            listener(listenerId).defaultCertificateReport = as;
            changed(undefined);
        },
        removeDomain({ listenerId, domain }) {
            const l = listener(listenerId);
            const before = l.Domains.length;
            l.Domains = l.Domains.filter((d) => d.Domain !== domain);
            if (l.Domains.length === before) throw new AdminError(`no domain ${domain} on listener ${listenerId}`);
            changed(undefined);
        },
        addDomain({ listenerId, domain, certificateId }) {
            const l = listener(listenerId);
            if (l.Domains.some((d) => d.Domain === domain)) throw new AdminError(`domain ${domain} already on listener ${listenerId}`);
            l.Domains.push({
                Domain: domain,
                CertificateId: certificateId ?? "default",
                ClientCertificateId: l.AuthType === 1 ? "default" : "",
                PolyClientCertificateIds: [],
                Rules: [{ RuleId: `rule-emu${Date.now().toString(36)}`, Path: "/", RealServerIP: "10.0.0.10", RealServerPort: 80 }],
                pendingUntil: 0,
            });
            changed(undefined);
        },
        removeListener({ listenerId }) {
            listener(listenerId);
            delete h.state.gaap.listeners[listenerId];
            changed(undefined);
        },
        addGaapCertificate({ certificate, ownerUin }) {
            addOwned(h.state.gaap.certificates, "GAAP certificate", certificate.CertificateId, { ...certificate, Domains: [...certificate.Domains] }, ownerUin);
        },

        setHostCertificate({ zoneId, host: name, mode, certIds }) {
            const x = host(zoneId, name);
            x.Mode = mode;
            x.CertIds = mode === "sslcert" ? [...(certIds ?? [])] : [];
            delete x.FreeCertExpireTime;
            x.DeployTime = x.ModifiedOn = isoSeconds(h.now());
            x.pendingUntil = 0;
            changed(undefined);
        },
        setHostBusy({ zoneId, host: name, ms }) {
            host(zoneId, name).pendingUntil = h.now() + ms;
            changed(undefined);
        },
        setHostStatus({ zoneId, host: name, status }) {
            host(zoneId, name).DomainStatus = status;
            changed(undefined);
        },
        removeHost({ zoneId, host: name }) {
            host(zoneId, name);
            delete h.state.teo.zones[zoneId].hosts[name];
            changed(undefined);
        },
        addHost({ zoneId, host: name }) {
            const z = h.state.teo.zones[zoneId];
            if (!z) throw new AdminError(`no TEO zone ${zoneId}`);
            if (z.hosts[name]) throw new AdminError(`host ${name} already in zone ${zoneId}`);
            const at = isoSeconds(h.now());
            z.hosts[name] = {
                DomainName: name,
                DomainStatus: "online",
                Origin: "origin.example.com",
                Mode: "disable",
                CertIds: [],
                ClientCert: { Switch: "off", CertIds: [] },
                UpstreamMutualTls: { Switch: "off", CertIds: [] },
                UpstreamVerify: { VerificationMode: "disable", CertIds: [] },
                DeployTime: at,
                CreatedOn: at,
                ModifiedOn: at,
                pendingUntil: 0,
            };
            changed(undefined);
        },
        addTeoCertificate({ certificate, ownerUin }) {
            addOwned(h.state.ssl.certificates, "SSL certificate", certificate.CertId, sslFromTeo(certificate), ownerUin);
        },
        addSslCertificate({ certificate, ownerUin }) {
            addOwned(
                h.state.ssl.certificates,
                "SSL certificate",
                certificate.CertificateId,
                { ...certificate, SubjectAltName: [...certificate.SubjectAltName] },
                ownerUin,
            );
        },

        setCertificateExpiry({ certId, expireTime, expiresInDays }) {
            const at = expiryFrom(h.now(), expireTime, expiresInDays);
            const sslCert = h.state.ssl.certificates[certId];
            const gaapCert = h.state.gaap.certificates[certId];
            const freeHosts = certId.startsWith(FREE_CERT_PREFIX)
                ? Object.values(h.state.teo.zones)
                      .map((z) => z.hosts[certId.slice(FREE_CERT_PREFIX.length)])
                      .filter((x): x is TeoHost => x !== undefined && (x.Mode === "eofreecert" || x.Mode === "eofreecert_manual"))
                : [];
            if (!sslCert && !gaapCert && freeHosts.length === 0)
                throw new AdminError(`no TEO or GAAP certificate ${certId} (TEO deploys the SSL store's certificates)`);
            if (sslCert) sslCert.ExpireTime = at;
            if (gaapCert) gaapCert.ExpireTime = at;
            freeHosts.forEach((x) => (x.FreeCertExpireTime = at));
            return changed(at);
        },
    };
}

/** Names callable as POST /_emulator/<name>. */
export const ADMIN_METHODS: readonly (keyof EmulatorAdmin)[] = [
    "reset",
    "seed",
    "setFaults",
    "setRateLimits",
    "setRateLimitShape",
    "clearLog",
    "modifyCsr",
    "deleteCsr",
    "setDomainCertificate",
    "setListenerBusy",
    "setDefaultCertificateReport",
    "removeDomain",
    "addDomain",
    "removeListener",
    "addGaapCertificate",
    "setHostCertificate",
    "setHostBusy",
    "setHostStatus",
    "removeHost",
    "addHost",
    "addTeoCertificate",
    "addSslCertificate",
    "setCertificateExpiry",
];
