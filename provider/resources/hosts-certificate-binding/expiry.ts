/**
 * Expiry warnings of HostsCertificateBinding: from the per-host certificate list in its outputs
 * (`hostStatuses[].certificates`, filled from DescribeAccelerationDomains / DescribeHostsCertificate),
 * a warning line when a bound certificate expires within `tencentcloud:expiryWarningDays` and an
 * error line when it has expired. A log line, never a failure. diff reports from the recorded
 * outputs (so `pulumi preview` warns without an API call); create, update and read from what
 * EdgeOne just answered.
 */
import { TEO_V20220106 } from "../../tencentcloud/services/teo";
import { reportCertificateExpiry, type BindingName, type CertificateUse, type ExpiryContext } from "../common/expiry";
import { quotedList } from "../common/validators";
import { isoTime, type ExpiringCertificate } from "../common/verify";
import { isUnknown, type Props } from "../common/wire";
import { formatId, type HostCertificate, type HostCertificateRole, type HostCertificateStatus, type HostsCertificateBindingInputs } from "./inputs";

export type { BindingName, ExpiryContext } from "../common/expiry";

/** Decides whether a recorded certificate stays bound after the change being diffed. */
export type KeepCertificate = (host: string, cert: HostCertificate, status: HostCertificateStatus) => boolean;

const ROLE_TEXT: Record<HostCertificateRole, string> = {
    server: "server certificate",
    client: "edge mutual-TLS CA certificate",
    upstreamMutualTls: "origin mutual-TLS certificate",
    upstreamCustomCa: "origin-verification CA certificate",
};

/** EdgeOne's own free/default certificate, which EdgeOne renews itself. */
const FREE_TYPE = "default";

/** Names a binding by the Pulumi resource name the resource class passed in `resourceName`, else by its id. */
export function bindingName(props: { resourceName?: unknown } | undefined, id: string): BindingName {
    const name = props?.resourceName;
    return { label: typeof name === "string" && name ? `HostsCertificateBinding '${name}'` : `HostsCertificateBinding ${id}`, id };
}

/**
 * A status's certificates. A state from before `certificates` existed recorded only the earliest
 * expiry of the server certificates: it names the certificate when the host had exactly one of its own.
 */
function certificatesOf(status: Partial<HostCertificateStatus>): HostCertificate[] {
    if (Array.isArray(status.certificates)) {
        return status.certificates;
    }
    const ids = Array.isArray(status.certIds) ? status.certIds : [];
    const own = status.mode === "sslcert" && ids.length === 1 && typeof status.expireTime === "string" && status.expireTime !== "";
    return own ? [{ certId: ids[0], role: "server", type: "", expireTime: status.expireTime! }] : [];
}

interface Finding extends HostCertificate {
    hosts: string[];
}

/** One finding per certificate and role, with the hosts it is bound to. */
function collect(statuses: readonly Partial<HostCertificateStatus>[], keep: KeepCertificate | undefined): Finding[] {
    const byCert = new Map<string, Finding>();
    for (const status of statuses) {
        if (!status || typeof status !== "object") {
            continue;
        }
        const host = typeof status.host === "string" ? status.host : "";
        for (const cert of certificatesOf(status)) {
            if (!cert.certId || (keep && !keep(host, cert, status as HostCertificateStatus))) {
                continue;
            }
            const key = `${cert.role}|${cert.certId}`;
            const found = byCert.get(key);
            if (found) {
                found.hosts.push(host);
            } else {
                byCert.set(key, { ...cert, hosts: [host] });
            }
        }
    }
    return [...byCert.values()];
}

/** What a finding's expiry line says: its role and hosts, and the fix once expired. */
function certificateUse(finding: Finding, zone: string): CertificateUse {
    const free = finding.type === FREE_TYPE;
    return {
        certId: finding.certId,
        role: finding.role,
        description: `${free ? "EdgeOne free certificate" : ROLE_TEXT[finding.role]} of ${quotedList(finding.hosts)}${zone}`,
        expireTime: finding.expireTime,
        renewsItself: free,
        whenExpired: free
            ? `EdgeOne has not renewed it: check that the hosts' DNS points to EdgeOne, or deploy your own certificate (mode "sslcert")`
            : `deploy a renewed certificate (upload it to SSL Certificates and put its id in place of '${finding.certId}')`,
    };
}

/**
 * Logs a warning for each certificate expiring within the threshold and an error line for each
 * expired one, naming the binding, the certificate, the hosts and the days. EdgeOne's free
 * certificates (type "default") renew themselves: only an expired one is reported.
 */
export function reportExpiry(ctx: ExpiryContext, binding: BindingName, zoneId: unknown, statuses: unknown, keep?: KeepCertificate): void {
    if (!Array.isArray(statuses) || statuses.length === 0) {
        return;
    }
    const zone = typeof zoneId === "string" ? ` in zone '${zoneId}'` : "";
    reportCertificateExpiry(
        ctx,
        binding,
        collect(statuses, keep).map((finding) => certificateUse(finding, zone)),
    );
}

/** The role of a certificate named by each certificate field. */
const ROLE_OF_FIELD: Record<string, HostCertificateRole> = {
    serverCertIds: "server",
    certIds: "server",
    clientCertIds: "client",
    upstreamMutualTlsCertIds: "upstreamMutualTls",
    upstreamCustomCaCertIds: "upstreamCustomCa",
};

/**
 * For check: reports the certificates preview verification just found expiring soon, with the
 * lines (and the once-per-binding keys) create would use, so `up` says it once and `preview` of a
 * new binding says it at all. Unknown zone or hosts (preview placeholders): nothing.
 */
export function reportVerifiedExpiry(ctx: ExpiryContext, news: Props, expiring: readonly ExpiringCertificate[]): void {
    const hosts = Array.isArray(news.hosts) ? news.hosts : [];
    const known = (value: unknown): value is string => typeof value === "string" && !isUnknown(value);
    if (expiring.length === 0 || !known(news.zoneId) || hosts.length === 0 || !hosts.every(known)) {
        return;
    }
    const certificates: HostCertificate[] = expiring.map((e) => ({
        certId: e.certificateId,
        role: ROLE_OF_FIELD[e.property] ?? "server",
        type: "",
        expireTime: isoTime(e.endTime),
    }));
    const statuses = [...hosts].sort().map((host) => ({ host, certificates })); // sorted, as the outputs' hostStatuses
    reportExpiry(ctx, bindingName(news, formatId(news.zoneId, hosts)), news.zoneId, statuses);
}

const has = (ids: unknown, id: string): boolean => Array.isArray(ids) && ids.includes(id);

/**
 * For diff: the recorded certificates that the new inputs keep bound (a certificate being replaced
 * is not warned about). Unknown values (preview of computed inputs) keep nothing.
 */
export function keptBy(old: Partial<HostsCertificateBindingInputs>, news: Partial<HostsCertificateBindingInputs>): KeepCertificate {
    const hosts = Array.isArray(news.hosts) ? news.hosts : [];
    const sameZone = typeof news.zoneId === "string" && news.zoneId === old.zoneId;
    return (host, cert, status) => {
        if (!sameZone || !hosts.includes(host)) {
            return false;
        }
        switch (cert.role) {
            case "server":
                if (news.apiVersion === TEO_V20220106) {
                    return Array.isArray(news.certIds) && (news.certIds.length ? news.certIds.includes(cert.certId) : cert.type === FREE_TYPE);
                }
                // Another mode than sslcert keeps what the host has while the mode stays.
                return news.mode === "sslcert" ? has(news.serverCertIds, cert.certId) : typeof news.mode === "string" && news.mode === status.mode;
            case "client":
                return news.clientCertIds === undefined || has(news.clientCertIds, cert.certId);
            case "upstreamMutualTls":
                return news.upstreamMutualTlsCertIds === undefined || has(news.upstreamMutualTlsCertIds, cert.certId);
            case "upstreamCustomCa":
                return news.upstreamVerifyMode === undefined || (news.upstreamVerifyMode === "custom_ca" && has(news.upstreamCustomCaCertIds, cert.certId));
            default:
                return false;
        }
    };
}
