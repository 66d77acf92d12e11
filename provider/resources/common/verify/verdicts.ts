/**
 * Verdicts on one certificate reference: pure functions of what the listing said, the clock and
 * the expiry threshold. A failure names the property, the certificate and the fix; a warning
 * carries the key under which it is given once per run.
 */
import { GaapCertificateType } from "../../../tencentcloud/services/gaap";
import { SSL_CERTIFICATE_STATUS } from "../../../tencentcloud/services/ssl";
import { expiryVerdict, timeAgoText } from "../expiry";
import type { CheckFailure } from "../wire";
import { nameCovers } from "./coverage";
import type { GaapCertificateFacts } from "./gaap-catalog";
import type { SslCertificateFacts } from "./ssl-catalog";
import { isoTime } from "./times";
import type { ExpiringCertificate, SslCertificateUse } from "./types";

export interface Verdicts {
    failures: CheckFailure[];
    warnings: Array<{ key: string; message: string }>;
    expiring: ExpiringCertificate[];
}

export const noVerdicts = (): Verdicts => ({ failures: [], warnings: [], expiring: [] });

const WILDCARD_RULE = "a wildcard covers one label: *.example.com covers a.example.com, not a.b.example.com or example.com";
/** Status codes of certificates not issued yet, and of certificates that are gone (docs/api-notes.md). */
const NOT_ISSUED = [0, 2, 4, 5, 8, 13];
const GONE = [7, 10, 14];
const EXPIRED_STATUS = 3;

/** Expired (a failure) or expiring within the threshold (for the resource's expiry line), from an end time. */
function expiry(property: string, id: string, label: string, endTime: number | undefined, now: number, warningDays: number, out: Verdicts): void {
    if (endTime === undefined) {
        return;
    }
    if (endTime <= now) {
        out.failures.push({
            property,
            reason: `${label} expired ${timeAgoText(now - endTime)} (${isoTime(endTime)}): renew it (or upload a new one) and use that id in ${property}`,
        });
        return;
    }
    if (expiryVerdict(isoTime(endTime), now, warningDays)?.kind === "expiring") {
        out.expiring.push({ property, certificateId: id, endTime });
    }
}

const SSL_WANTS: Record<SslCertificateUse, { type: string; what: string }> = {
    server: { type: "SVR", what: "a server certificate (CertificateType SVR)" },
    upstreamClient: { type: "SVR", what: "a server certificate (CertificateType SVR) that EdgeOne presents to the origin" },
    ca: { type: "CA", what: "a CA certificate (CertificateType CA)" },
};

function sslStatusFailure(property: string, label: string, status: number | undefined): CheckFailure | undefined {
    if (status === undefined || (!NOT_ISSUED.includes(status) && !GONE.includes(status))) {
        return undefined;
    }
    const state = `status ${status}, ${SSL_CERTIFICATE_STATUS[status] ?? "unknown"}`;
    const fix = NOT_ISSUED.includes(status) ? "wait until it is issued, or use an issued certificate" : "use an issued certificate";
    return { property, reason: `${label} cannot be deployed (${state}): ${fix} in ${property}` };
}

/** The hosts a server certificate must cover but does not, as one failure. */
function sslCoverage(property: string, label: string, facts: SslCertificateFacts, hosts: readonly string[]): CheckFailure | undefined {
    const uncovered = facts.names.length === 0 ? [] : hosts.filter((host) => !facts.names.some((name) => nameCovers(name, host)));
    if (uncovered.length === 0) {
        return undefined;
    }
    const list = uncovered.map((h) => `'${h}'`).join(", ");
    return {
        property,
        reason: `${label} does not cover ${list} (it covers ${facts.names.join(", ")}; ${WILDCARD_RULE}): use a certificate whose domain or subject alternative names include ${list}, or change hosts`,
    };
}

/** The verdict on a certificate id the account's listing (`listedBy`) does not have. */
function notListed(property: string, label: string, listedBy: string, uploadIn: string): Verdicts {
    return {
        failures: [
            {
                property,
                reason: `${label} does not exist in this account (${listedBy} does not list it): upload it in ${uploadIn}, or fix the id in ${property}`,
            },
        ],
        warnings: [],
        expiring: [],
    };
}

/** The failure for a certificate of another type than `property` takes. */
function wrongType(property: string, label: string, is: string, takes: string): CheckFailure {
    return { property, reason: `${label} is ${is}; ${property} takes ${takes}: use one of those in ${property}` };
}

/** An SSL certificate (what TEO deploys) used as `use` by `property`, serving `hosts` when a server certificate. */
export function sslCertificateVerdicts(
    property: string,
    id: string,
    facts: SslCertificateFacts | undefined,
    use: SslCertificateUse,
    hosts: readonly string[],
    now: number,
    warningDays: number,
): Verdicts {
    const label = `SSL certificate '${id}'`;
    if (!facts) {
        return notListed(property, label, "ssl DescribeCertificates", "the SSL Certificates console");
    }
    const out = noVerdicts();
    const wants = SSL_WANTS[use];
    if (facts.type !== "" && facts.type !== wants.type) {
        const is = facts.type === "CA" ? "a CA certificate (CertificateType CA)" : `a ${facts.type} certificate`;
        out.failures.push(wrongType(property, label, is, wants.what));
    }
    // Status 3 is expired whatever the end time says.
    const endTime = facts.status === EXPIRED_STATUS ? Math.min(facts.endTime ?? now, now) : facts.endTime;
    expiry(property, id, label, endTime, now, warningDays, out);
    const status = sslStatusFailure(property, label, facts.status === EXPIRED_STATUS ? undefined : facts.status);
    const coverage = use === "server" ? sslCoverage(property, label, facts, hosts) : undefined;
    out.failures.push(...[status, coverage].filter((f): f is CheckFailure => f !== undefined));
    return out;
}

const GAAP_TYPES: Record<number, string> = {
    [GaapCertificateType.BasicAuth]: "a basic-authentication configuration (type 0)",
    [GaapCertificateType.ClientCa]: "a client CA certificate (type 1)",
    [GaapCertificateType.Server]: "a server certificate (type 2)",
    [GaapCertificateType.RealServerCa]: "an origin CA certificate (type 3)",
    [GaapCertificateType.Proxy]: "a tunnel certificate (type 4)",
};

/** A GAAP certificate used as a server certificate of `domain` (type 2) or a client CA (type 1). */
export function gaapCertificateVerdicts(
    property: string,
    id: string,
    facts: GaapCertificateFacts | undefined,
    use: "server" | "clientCa",
    domain: string | undefined,
    now: number,
    warningDays: number,
): Verdicts {
    const label = `GAAP certificate '${id}'`;
    if (!facts) {
        return notListed(property, label, "gaap DescribeCertificates", "the GAAP console (certificate management)");
    }
    const out = noVerdicts();
    const want = use === "server" ? GaapCertificateType.Server : GaapCertificateType.ClientCa;
    if (facts.type !== want) {
        const is = GAAP_TYPES[facts.type] ?? `of type ${facts.type}`;
        out.failures.push(wrongType(property, label, is, GAAP_TYPES[want]));
    }
    expiry(property, id, label, facts.endTime, now, warningDays, out);
    if (use === "server" && domain && facts.subjectCN && !nameCovers(facts.subjectCN, domain)) {
        out.warnings.push({
            key: `subject|${id}|${domain}`,
            message:
                `${label} (${property}) has subject CN '${facts.subjectCN}', which does not cover domain '${domain}'; ` +
                `GAAP's listing shows no subject alternative names, so it may still cover it through one. If not, up fails ` +
                `(InvalidParameterValue.CertificateNotMatchDomain): use a certificate for '${domain}'`,
        });
    }
    return out;
}
