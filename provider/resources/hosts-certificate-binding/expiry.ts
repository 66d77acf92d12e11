/**
 * Expiry warnings of HostsCertificateBinding: from the per-host certificate list in its outputs
 * (`hostStatuses[].certificates`, filled from DescribeAccelerationDomains / DescribeHostsCertificate),
 * a warning line when a bound certificate expires within `tencentcloud:expiryWarningDays` and an
 * error line when it has expired. A log line, never a failure. diff reports from the recorded
 * outputs (so `pulumi preview` warns without an API call); create, update and read from what
 * EdgeOne just answered.
 */
import type { Logger } from "../../tencentcloud/log";
import { TEO_V20220106 } from "../../tencentcloud/services/teo";
import { expiryVerdict, ReportedOnce } from "../common/expiry";
import { quotedList } from "../common/validators";
import type { HostCertificate, HostCertificateRole, HostCertificateStatus, HostsCertificateBindingInputs } from "./inputs";

export interface ExpiryContext {
    log: Logger;
    now(): number;
    /** The threshold in days, 0 = off; throws ConfigError when the setting is invalid. */
    warningDays(): number;
    /** Per process (one `pulumi` command): each binding reports a certificate once. */
    reported: ReportedOnce;
}

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

/** A binding as the lines name it (its Pulumi resource name, else its id), and its id (what "once" is counted by). */
export interface BindingName {
    label: string;
    id: string;
}

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

/**
 * Logs a warning for each certificate expiring within the threshold and an error line for each
 * expired one, naming the binding, the certificate, the hosts and the days. EdgeOne's free
 * certificates (type "default") renew themselves: only an expired one is reported.
 */
export function reportExpiry(ctx: ExpiryContext, binding: BindingName, zoneId: unknown, statuses: unknown, keep?: KeepCertificate): void {
    if (!Array.isArray(statuses) || statuses.length === 0) {
        return;
    }
    const threshold = ctx.warningDays();
    if (threshold <= 0) {
        return;
    }
    const now = ctx.now();
    const zone = typeof zoneId === "string" ? ` in zone '${zoneId}'` : "";
    for (const finding of collect(statuses, keep)) {
        const verdict = expiryVerdict(finding.expireTime, now, threshold);
        const free = finding.type === FREE_TYPE;
        if (!verdict || (free && verdict.kind === "expiring") || !ctx.reported.first(`${binding.id}|${finding.role}|${finding.certId}`)) {
            continue;
        }
        const what = `${binding.label}: certificate '${finding.certId}' (${free ? "EdgeOne free certificate" : ROLE_TEXT[finding.role]} of ${quotedList(finding.hosts)}${zone}) ${verdict.text} (${verdict.expireTime})`;
        if (verdict.kind === "expired") {
            const fix = free
                ? `EdgeOne has not renewed it: check that the hosts' DNS points to EdgeOne, or deploy your own certificate (mode "sslcert")`
                : `deploy a renewed certificate (upload it to SSL Certificates and put its id in place of '${finding.certId}')`;
            ctx.log.error(`${what}; ${fix}`);
        } else {
            ctx.log.warn(`${what}; deploy a renewed certificate before then (tencentcloud:expiryWarningDays is ${threshold}; 0 turns these warnings off)`);
        }
    }
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
