/**
 * What EdgeOne reports about the certificates of a zone's hosts, read once per zone and shared by
 * every binding in the provider process, and how that compares with what a binding asks for.
 */
import {
    AccelerationDomain,
    CertificateInfo,
    HostCertSetting,
    listAccelerationDomains,
    listHostsCertificates,
    MutualTLS,
    TEO_V20220106,
    TEO_V20220901,
} from "../../tencentcloud/services/teo";
import type { TencentCloudApi } from "../../tencentcloud/types";
import { sameIds, sameValue } from "../common/fields";
import { ReadCache } from "../common/read-cache";
import type { ZoneView } from "../common/verify";
import { explainDescribeError, isZoneGone } from "./errors";
import {
    API_VERSIONS,
    CERTIFICATE_FIELDS,
    MODES,
    type DesiredSetting,
    type HostCertificate,
    type HostCertificateRole,
    type HostCertificateStatus,
    type HostsCertificateApiVersion,
    type HostsCertificateBindingInputs,
} from "./inputs";

/** One certificate as reported on a host. */
export interface RemoteCertificate {
    certId: string;
    /** default | upload | managed | "" */
    type: string;
    /** deployed | processing | applying | failed | issued | "" (not reported) */
    status: string;
    expireTime: string;
}

/** A host's certificate setting as EdgeOne reports it, in either API version. */
export interface RemoteHost {
    host: string;
    /** 2022-09-01: online | process | offline | forbidden | init; 2022-01-06: "" (not reported). */
    domainStatus: string;
    /** 2022-09-01: Certificate.Mode; 2022-01-06: "default" (default certificate), "sslcert" or "none". */
    mode: string;
    certificates: RemoteCertificate[];
    /** Edge mutual TLS CA ids; [] when switched off. (2022-09-01) */
    clientCertIds: string[];
    upstreamMutualTlsCertIds: string[];
    /** disable | custom_ca | "" (not reported) */
    upstreamVerifyMode: string;
    upstreamCustomCaCertIds: string[];
    /** Every certificate in any role (server ones first), with type and expiry. */
    bound: HostCertificate[];
}

const str = (value: string | null | undefined): string => (typeof value === "string" ? value : "");

function mutualTlsIds(value: MutualTLS | undefined): string[] {
    if (!value || value.Switch !== "on") {
        return [];
    }
    return (value.CertInfos ?? []).map((c) => c.CertId).filter((id): id is string => typeof id === "string" && id.length > 0);
}

function certificatesIn(role: HostCertificateRole, infos: readonly ListedCertificate[] | null | undefined): HostCertificate[] {
    return (infos ?? []).filter((c) => str(c.CertId) !== "").map((c) => ({ certId: str(c.CertId), role, type: str(c.Type), expireTime: str(c.ExpireTime) }));
}

/** The certificates of every role a 2022-09-01 domain reports, each with its expiry. */
function boundOfDomain(cert: AccelerationDomain["Certificate"] | undefined): HostCertificate[] {
    const on = (m: MutualTLS | undefined) => (m && m.Switch === "on" ? m.CertInfos : undefined);
    const verify = cert?.UpstreamCertInfo?.UpstreamCertificateVerify;
    return [
        ...certificatesIn("server", cert?.List),
        ...certificatesIn("client", on(cert?.ClientCertInfo)),
        ...certificatesIn("upstreamMutualTls", on(cert?.UpstreamCertInfo?.UpstreamMutualTLS)),
        ...certificatesIn("upstreamCustomCa", verify?.VerificationMode === "custom_ca" ? verify.CustomCACerts : undefined),
    ];
}

/** A certificate as either API version lists it. */
type ListedCertificate = { CertId?: string | null; Type?: string | null; Status?: string | null; ExpireTime?: string | null };

const remoteCertificate = (c: ListedCertificate): RemoteCertificate => ({
    certId: str(c.CertId),
    type: str(c.Type),
    status: str(c.Status),
    expireTime: str(c.ExpireTime),
});

export function remoteHostFromDomain(domain: AccelerationDomain): RemoteHost {
    const cert = domain.Certificate ?? undefined;
    const verify = cert?.UpstreamCertInfo?.UpstreamCertificateVerify;
    return {
        bound: boundOfDomain(cert),
        host: domain.DomainName.toLowerCase(),
        domainStatus: str(domain.DomainStatus),
        mode: str(cert?.Mode),
        certificates: (cert?.List ?? []).map(remoteCertificate),
        clientCertIds: mutualTlsIds(cert?.ClientCertInfo),
        upstreamMutualTlsCertIds: mutualTlsIds(cert?.UpstreamCertInfo?.UpstreamMutualTLS),
        upstreamVerifyMode: str(verify?.VerificationMode),
        upstreamCustomCaCertIds: (verify?.CustomCACerts ?? []).map((c) => str(c.CertId)).filter((id) => id),
    };
}

/**
 * 2022-01-06 has no mode: the default certificate shows as Type "default", and a host without any
 * certificate shows an empty list ("none", which no certIds value asks for).
 */
export function remoteHostFromSetting(setting: HostCertSetting): RemoteHost | undefined {
    const certificates = (setting.CertInfo ?? []).map(remoteCertificate);
    const mode = certificates.length === 0 ? "none" : certificates.every((c) => c.type === "default") ? "default" : "sslcert";
    const bound = certificatesIn("server", setting.CertInfo);
    return setting.Host
        ? {
              host: setting.Host.toLowerCase(),
              domainStatus: "",
              mode,
              certificates,
              bound,
              clientCertIds: [],
              upstreamMutualTlsCertIds: [],
              upstreamVerifyMode: "",
              upstreamCustomCaCertIds: [],
          }
        : undefined;
}

export function hostStatus(remote: RemoteHost): HostCertificateStatus {
    const pending = remote.certificates.find((c) => c.status !== "deployed" && c.status !== "");
    const expiries = remote.certificates
        .map((c) => c.expireTime)
        .filter((t) => t)
        .sort();
    return {
        host: remote.host,
        mode: remote.mode,
        certIds: remote.certificates.map((c) => c.certId),
        deployStatus: remote.certificates.length === 0 ? "none" : pending ? pending.status : "deployed",
        expireTime: expiries[0] ?? "",
        domainStatus: remote.domainStatus,
        clientCertIds: remote.clientCertIds,
        upstreamMutualTlsCertIds: remote.upstreamMutualTlsCertIds,
        upstreamVerifyMode: remote.upstreamVerifyMode,
        upstreamCustomCaCertIds: remote.upstreamCustomCaCertIds,
        certificates: remote.bound.map((c) => ({ ...c })),
    };
}

// ---------------------------------------------------------------- desired vs remote

export interface HostEvaluation {
    /** The requested setting is in place remotely (deployed or still deploying). */
    applied: boolean;
    /** Applied, every certificate deployed and the domain online: nothing left to wait for. */
    ready: boolean;
    /** Set when the host can no longer become ready without intervention. */
    failure?: string;
    /** Short state for progress lines: "www.a.com: processing". */
    summary: string;
}

/** A 2022-09-01 host's certificate setting in the inputs' terms. */
function remoteSetting(remote: RemoteHost): DesiredSetting {
    const verify = remote.upstreamVerifyMode || "disable";
    return {
        apiVersion: TEO_V20220901,
        mode: remote.mode as DesiredSetting["mode"],
        serverCertIds: remote.mode === "sslcert" ? remote.certificates.map((c) => c.certId) : undefined,
        clientCertIds: remote.clientCertIds,
        upstreamMutualTlsCertIds: remote.upstreamMutualTlsCertIds,
        upstreamVerifyMode: verify as DesiredSetting["upstreamVerifyMode"],
        upstreamCustomCaCertIds: verify === "custom_ca" ? remote.upstreamCustomCaCertIds : undefined,
    };
}

/** Names of the certificate fields whose remote value differs from `desired` on this host (fields `desired` leaves unset never differ). */
export function differingFields(desired: DesiredSetting, remote: RemoteHost): string[] {
    if (desired.apiVersion === TEO_V20220106) {
        const ids = desired.certIds ?? [];
        const same =
            ids.length === 0
                ? remote.mode === "default"
                : sameIds(
                      ids,
                      remote.certificates.map((c) => c.certId),
                  );
        return same ? [] : ["certIds"];
    }
    const theirs = remoteSetting(remote);
    return CERTIFICATE_FIELDS.filter((field) => desired[field] !== undefined && !sameValue(desired[field], theirs[field]));
}

/** A change is still deploying on the host (EdgeOne answers busy to another change meanwhile). */
export function isDeploying(remote: RemoteHost | undefined): boolean {
    return !!remote && (remote.domainStatus === "process" || remote.certificates.some((c) => c.status === "processing"));
}

const FAILED_CERT_STATUSES: Record<string, string> = {
    failed: "the free certificate application failed (status 'failed'); check the host's DNS/CNAME or use mode \"sslcert\"",
    issued: "the certificate could not be bound (status 'issued'); check it covers the host and has not expired",
};
const FAILED_DOMAIN_STATUSES: Record<string, string> = {
    offline: "the domain is offline (disabled in EdgeOne); enable it before binding a certificate",
    forbidden: "the domain is forbidden (blocked by EdgeOne)",
};

export function evaluateHost(desired: DesiredSetting, remote: RemoteHost | undefined): HostEvaluation {
    if (!remote) {
        return { applied: false, ready: false, failure: "the host is not an acceleration domain of the zone (any more)", summary: "not found" };
    }
    const applied = differingFields(desired, remote).length === 0;
    const status = hostStatus(remote);
    const domainOnline = desired.apiVersion === TEO_V20220106 || remote.domainStatus === "online";
    // "disable" deploys nothing; every other setting needs each listed certificate deployed.
    const certsNeeded = desired.apiVersion !== TEO_V20220106 && desired.mode !== "disable";
    const certsDeployed = certsNeeded
        ? remote.certificates.length > 0 && status.deployStatus === "deployed"
        : status.deployStatus === "deployed" || status.deployStatus === "none";
    const ready = applied && domainOnline && certsDeployed;
    let failure: string | undefined;
    if (applied && !ready) {
        const badCert = remote.certificates.find((c) => FAILED_CERT_STATUSES[c.status]);
        if (badCert) {
            failure = `certificate ${badCert.certId || "(free)"}: ${FAILED_CERT_STATUSES[badCert.status]}`;
        }
        const badDomain = FAILED_DOMAIN_STATUSES[remote.domainStatus];
        if (badDomain) {
            failure = badDomain;
        }
    }
    const parts = [`certificate ${status.deployStatus}`];
    if (remote.domainStatus) {
        parts.push(`domain ${remote.domainStatus}`);
    }
    if (!applied) {
        parts.push("change not visible yet");
    }
    return { applied, ready, failure, summary: `${remote.host}: ${parts.join(", ")}` };
}

// ---------------------------------------------------------------- zone reads

export type ZoneHosts = Map<string, RemoteHost>;

/**
 * Reads every host of a zone with the API's largest pages, once per zone and window: concurrent
 * reads share the call in flight, later ones reuse the result for `ttlMs`. Our own writes call
 * {@link invalidate} so nobody reads a zone state from before them.
 */
/** Writes per zone, shared by every zone reader of the process (one per account/region): zone ids are global. */
const ZONE_WRITES = new Map<string, number>();

export class ZoneReader {
    private readonly cache: ReadCache<ZoneHosts>;

    constructor(
        private readonly client: () => TencentCloudApi,
        now: () => number,
        ttlMs: number,
    ) {
        this.cache = new ReadCache(ttlMs, now, ZONE_WRITES);
    }

    /**
     * The zone's hosts, from a read that started at most `maxAgeMs` ago and after the last write.
     * Errors name the zone and the fix, except "the zone is gone", which callers decide on.
     */
    async read(apiVersion: HostsCertificateApiVersion, zoneId: string, maxAgeMs?: number): Promise<ZoneHosts> {
        try {
            return await this.cache.get(`${apiVersion}|${zoneId}`, () => this.fetch(apiVersion, zoneId), maxAgeMs);
        } catch (err) {
            if (isZoneGone(err)) {
                throw err;
            }
            throw explainDescribeError(err, zoneId, apiVersion);
        }
    }

    /** {@link read}, or undefined when the zone is gone. */
    async readUnlessGone(apiVersion: HostsCertificateApiVersion, zoneId: string, maxAgeMs?: number): Promise<ZoneHosts | undefined> {
        return this.read(apiVersion, zoneId, maxAgeMs).catch((err: unknown) => {
            if (isZoneGone(err)) {
                return undefined;
            }
            throw err;
        });
    }

    /**
     * The zone's hosts for preview verification, from the same cache (a change starting within a
     * second reuses the read: POLL_SHARE_MS); `found: false` when the zone is gone.
     */
    async view(apiVersion: HostsCertificateApiVersion, zoneId: string): Promise<ZoneView> {
        const zone = await this.readUnlessGone(apiVersion, zoneId);
        return zone ? { found: true, hosts: [...zone.keys()] } : { found: false, hosts: [] };
    }

    /** Forget what is known about a zone (after a write to it). */
    invalidate(zoneId: string): void {
        for (const apiVersion of API_VERSIONS) {
            this.cache.invalidate(`${apiVersion}|${zoneId}`);
        }
    }

    private async fetch(apiVersion: HostsCertificateApiVersion, zoneId: string): Promise<ZoneHosts> {
        const api = this.client();
        const hosts: ZoneHosts = new Map();
        if (apiVersion === TEO_V20220106) {
            for (const setting of await listHostsCertificates(api, zoneId)) {
                const remote = remoteHostFromSetting(setting);
                if (remote) {
                    hosts.set(remote.host, remote);
                }
            }
        } else {
            for (const domain of await listAccelerationDomains(api, zoneId)) {
                if (domain.DomainName) {
                    hosts.set(domain.DomainName.toLowerCase(), remoteHostFromDomain(domain));
                }
            }
        }
        return hosts;
    }
}

/**
 * The inputs as EdgeOne reports them: `base` unless a host differs from it, in which case the
 * certificate fields come from the first host that differs, so `pulumi preview --refresh` names
 * the drifted field. Ids that match as sets keep `base`'s order.
 */
export function reportedInputs(base: HostsCertificateBindingInputs, remotes: RemoteHost[], manageAll = false): HostsCertificateBindingInputs {
    const drifted = remotes.find((r) => differingFields(base, r).length > 0) ?? (manageAll ? remotes[0] : undefined);
    if (!drifted) {
        return base;
    }
    const keepOrder = (ours: string[] | undefined, theirs: string[]) => (sameIds(ours, theirs) ? ours! : theirs);
    const out: Record<string, unknown> = { ...base };
    for (const field of CERTIFICATE_FIELDS) {
        delete out[field];
    }
    const ids = drifted.certificates.map((c) => c.certId);
    if (base.apiVersion === TEO_V20220106) {
        out.certIds = drifted.mode === "default" ? [] : keepOrder(base.certIds, ids);
        return out as unknown as HostsCertificateBindingInputs;
    }
    if ((MODES as readonly string[]).includes(drifted.mode)) {
        out.mode = drifted.mode;
        if (drifted.mode === "sslcert") {
            out.serverCertIds = keepOrder(base.serverCertIds, ids);
        }
    } else {
        out.mode = drifted.mode || "disable";
    }
    if (manageAll || base.clientCertIds !== undefined) {
        out.clientCertIds = keepOrder(base.clientCertIds, drifted.clientCertIds);
    }
    if (manageAll || base.upstreamMutualTlsCertIds !== undefined) {
        out.upstreamMutualTlsCertIds = keepOrder(base.upstreamMutualTlsCertIds, drifted.upstreamMutualTlsCertIds);
    }
    if (manageAll || base.upstreamVerifyMode !== undefined) {
        const mode = drifted.upstreamVerifyMode === "custom_ca" ? "custom_ca" : "disable";
        out.upstreamVerifyMode = mode;
        if (mode === "custom_ca") {
            out.upstreamCustomCaCertIds = keepOrder(base.upstreamCustomCaCertIds, drifted.upstreamCustomCaCertIds);
        }
    }
    return out as unknown as HostsCertificateBindingInputs;
}

export function statusesFor(hosts: readonly string[], zone: ZoneHosts | undefined): HostCertificateStatus[] {
    return [...hosts]
        .sort()
        .map((host) => zone?.get(host))
        .filter((r): r is RemoteHost => r !== undefined)
        .map(hostStatus);
}
