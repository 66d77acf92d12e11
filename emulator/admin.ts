/** Out-of-band operations (drift, busy states, faults, resets): programmatic and over HTTP under /_emulator/. */
import { sslFromTeo } from "./certificates";
import type { CsrRecord, EmulatorAdmin, EmulatorState, FaultConfig, GaapListener, Owned, RateLimitOverrides, RateLimitShape, TeoHost } from "./types";
import { buildState, newTeoHost, reseedAccount, SeedConflictError, type AccountSeeds } from "./state";
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

function findListener(h: AdminHooks, id: string): GaapListener {
    const l = h.state.gaap.listeners[id];
    if (!l) throw new AdminError(`no GAAP listener ${id}`);
    return l;
}

function findHost(h: AdminHooks, zoneId: string, name: string): TeoHost {
    const z = h.state.teo.zones[zoneId];
    if (!z) throw new AdminError(`no TEO zone ${zoneId}`);
    const x = z.hosts[name];
    if (!x) throw new AdminError(`no host ${name} in zone ${zoneId}`);
    return x;
}

/** Persists the state and gives back `value` (what the admin call answers). */
function changed<T>(h: AdminHooks, value: T): T {
    h.persist();
    return value;
}

/** Stores `item` under `id` in `ownerUin`'s account (default: the default account); ids are global, so another account's id is refused. */
function addOwned<T extends Owned>(h: AdminHooks, table: Record<string, T>, what: string, id: string, item: T, ownerUin: string | undefined): void {
    const account = ownerUin ?? h.seeds.defaultOwnerUin;
    const existing = table[id];
    if (existing && ownerOf(existing, h.seeds.defaultOwnerUin) !== account) {
        throw new AdminError(`${what} ${id} belongs to account ${ownerOf(existing, h.seeds.defaultOwnerUin)}; ids are global, give it another id`);
    }
    table[id] = { ...item, OwnerUin: account };
    changed(h, undefined);
}

/** Resets, seeds, faults, rate limits and the log. */
function controlAdmin(h: AdminHooks): Pick<EmulatorAdmin, "reset" | "seed" | "setFaults" | "setRateLimits" | "setRateLimitShape" | "clearLog"> {
    return {
        reset() {
            // Parts replaced, not the object: services/ssl.ts keys its per-state queue on h.state.
            const { ssl, gaap, teo } = buildState(h.seeds, h.now());
            Object.assign(h.state, { ssl, gaap, teo });
            h.setFaults(h.initialFaults());
            h.setRateLimits(h.initialRateLimits());
            h.setRateLimitShape(h.initialRateLimitShape());
            h.clearObservations();
            changed(h, undefined);
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
            changed(h, undefined);
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
    };
}

/** SSL: CSR edits and deletes as if made in the console. */
function sslAdmin(h: AdminHooks): Pick<EmulatorAdmin, "modifyCsr" | "deleteCsr"> {
    return {
        modifyCsr({ id, fields }) {
            const rec = h.state.ssl.csrs[String(id)];
            if (!rec) throw new AdminError(`no CSR ${id}`);
            // A console edit is a ModifyCSR: once generated, the record cannot be modified (ssl-ModifyCSR.txt, Generate).
            if (rec.Status === 1) {
                throw new AdminError(`CSR ${id} has already been generated and can no longer be modified (ModifyCSR and the console refuse it)`);
            }
            const next: CsrRecord = { ...rec, ...fields, Id: rec.Id };
            h.state.ssl.csrs[String(id)] = next;
            return changed(h, next);
        },
        deleteCsr({ id }) {
            const existed = h.state.ssl.csrs[String(id)] !== undefined;
            delete h.state.ssl.csrs[String(id)];
            return changed(h, existed);
        },
    };
}

type GaapAdmin = Pick<
    EmulatorAdmin,
    "setDomainCertificate" | "setListenerBusy" | "setDefaultCertificateReport" | "removeDomain" | "addDomain" | "removeListener" | "addGaapCertificate"
>;

/** GAAP: listeners' domains and certificates changed out of band. */
function gaapAdmin(h: AdminHooks): GaapAdmin {
    return {
        setDomainCertificate({ listenerId, domain, certificateId, clientCertificateId, polyClientCertificateIds }) {
            const d = findListener(h, listenerId).Domains.find((x) => x.Domain === domain);
            if (!d) throw new AdminError(`no domain ${domain} on listener ${listenerId}`);
            d.CertificateId = certificateId;
            if (clientCertificateId !== undefined) d.ClientCertificateId = clientCertificateId;
            if (polyClientCertificateIds !== undefined) d.PolyClientCertificateIds = [...polyClientCertificateIds];
            d.pendingUntil = 0;
            changed(h, undefined);
        },
        setListenerBusy({ listenerId, ms }) {
            findListener(h, listenerId).busyUntil = h.now() + ms;
            changed(h, undefined);
        },
        setDefaultCertificateReport({ listenerId, as }) {
            if (as !== "default" && as !== "listenerId") throw new AdminError(`as must be "default" or "listenerId", not ${JSON.stringify(as)}`);
            findListener(h, listenerId).defaultCertificateReport = as;
            changed(h, undefined);
        },
        removeDomain({ listenerId, domain }) {
            const l = findListener(h, listenerId);
            const before = l.Domains.length;
            l.Domains = l.Domains.filter((d) => d.Domain !== domain);
            if (l.Domains.length === before) throw new AdminError(`no domain ${domain} on listener ${listenerId}`);
            changed(h, undefined);
        },
        addDomain({ listenerId, domain, certificateId }) {
            const l = findListener(h, listenerId);
            if (l.Domains.some((d) => d.Domain === domain)) throw new AdminError(`domain ${domain} already on listener ${listenerId}`);
            l.Domains.push({
                Domain: domain,
                CertificateId: certificateId ?? "default",
                ClientCertificateId: l.AuthType === 1 ? "default" : "",
                PolyClientCertificateIds: [],
                Rules: [{ RuleId: `rule-emu${Date.now().toString(36)}`, Path: "/", RealServerIP: "10.0.0.10", RealServerPort: 80 }],
                pendingUntil: 0,
            });
            changed(h, undefined);
        },
        removeListener({ listenerId }) {
            findListener(h, listenerId);
            delete h.state.gaap.listeners[listenerId];
            changed(h, undefined);
        },
        addGaapCertificate({ certificate, ownerUin }) {
            const copy = { ...certificate, Domains: [...certificate.Domains] };
            addOwned(h, h.state.gaap.certificates, "GAAP certificate", copy.CertificateId, copy, ownerUin);
        },
    };
}

type TeoAdmin = Pick<EmulatorAdmin, "setHostCertificate" | "setHostBusy" | "setHostStatus" | "removeHost" | "addHost">;

/** TEO: hosts changed out of band. */
function teoAdmin(h: AdminHooks): TeoAdmin {
    return {
        setHostCertificate({ zoneId, host: name, mode, certIds }) {
            const x = findHost(h, zoneId, name);
            x.Mode = mode;
            x.CertIds = mode === "sslcert" ? [...(certIds ?? [])] : [];
            delete x.FreeCertExpireTime;
            x.DeployTime = x.ModifiedOn = isoSeconds(h.now());
            x.pendingUntil = 0;
            changed(h, undefined);
        },
        setHostBusy({ zoneId, host: name, ms }) {
            findHost(h, zoneId, name).pendingUntil = h.now() + ms;
            changed(h, undefined);
        },
        setHostStatus({ zoneId, host: name, status }) {
            findHost(h, zoneId, name).DomainStatus = status;
            changed(h, undefined);
        },
        removeHost({ zoneId, host: name }) {
            findHost(h, zoneId, name);
            delete h.state.teo.zones[zoneId].hosts[name];
            changed(h, undefined);
        },
        addHost({ zoneId, host: name }) {
            const z = h.state.teo.zones[zoneId];
            if (!z) throw new AdminError(`no TEO zone ${zoneId}`);
            if (z.hosts[name]) throw new AdminError(`host ${name} already in zone ${zoneId}`);
            z.hosts[name] = newTeoHost({ DomainName: name }, isoSeconds(h.now()));
            changed(h, undefined);
        },
    };
}

/** The SSL store (which TEO deploys from): certificates added, or their expiry moved. */
function certificateAdmin(h: AdminHooks): Pick<EmulatorAdmin, "addTeoCertificate" | "addSslCertificate" | "setCertificateExpiry"> {
    return {
        addTeoCertificate({ certificate, ownerUin }) {
            addOwned(h, h.state.ssl.certificates, "SSL certificate", certificate.CertId, sslFromTeo(certificate), ownerUin);
        },
        addSslCertificate({ certificate, ownerUin }) {
            const copy = { ...certificate, SubjectAltName: [...certificate.SubjectAltName] };
            addOwned(h, h.state.ssl.certificates, "SSL certificate", copy.CertificateId, copy, ownerUin);
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
            return changed(h, at);
        },
    };
}

export function createAdmin(h: AdminHooks): EmulatorAdmin {
    return { ...controlAdmin(h), ...sslAdmin(h), ...gaapAdmin(h), ...teoAdmin(h), ...certificateAdmin(h) };
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
