/**
 * ssl 2019-12-05 DescribeCertificates over the SSL certificate store (the certificates TEO deploys).
 * Request and response fields as docs/api-notes.md records them from the SDK models; filters the
 * emulator does not model (ProjectId, Upload, Renew, IsSM, Hostable, Tags, IsPendingIssue, ServiceId)
 * are accepted and have no effect.
 */
import { beginTimeOf, certificateNames, sslStatusAt, SSL_STATUS } from "../certificates";
import { ApiError } from "../errors";
import type { DescribeCertificatesRequest } from "../../api-models/ssl-2019-12-05";
import type { SslCertificate } from "../types";
import { formatChinaTime } from "../util";
import { page, type ActionContext, type Validated } from "./action";

const DEFAULT_LIMIT = 10;
/** "Maximum value is 1000; values exceeding 1000 will be treated as 1000." */
const MAX_LIMIT = 1000;
const EXPIRING_MS = 30 * 86400_000;
const MONTH_MS = 30.44 * 86400_000;

const STATUS_NAMES: Record<number, string> = {
    0: "under review",
    1: "approved",
    2: "review failed",
    3: "expired",
    4: "DNS record added",
    5: "pending documents",
    6: "cancelling",
    7: "cancelled",
    8: "pending confirmation letter",
    9: "revoking",
    10: "revoked",
    11: "reissuing",
    12: "pending revocation letter",
    13: "pending documents (free)",
    14: "refunded",
    15: "migrating",
};

function oneOf(value: unknown, allowed: readonly string[], field: string): void {
    if (value !== undefined && !allowed.includes(value as string)) {
        throw new ApiError("FailedOperation.InvalidParam", `${field} \`${String(value)}\` is not one of ${allowed.join(", ")}.`);
    }
}

/** `Deployable` (answer and filter): only an approved certificate, not yet expired, can be deployed. */
function deployable(status: number): boolean {
    return status === SSL_STATUS.Approved;
}

/** `IsExpiring` (answer) and `FilterExpiring`: an approved certificate that expires within 30 days (the SDK model's "about to expire"). */
function isExpiring(c: SslCertificate, status: number, now: number): boolean {
    return deployable(status) && Date.parse(c.ExpireTime) - now <= EXPIRING_MS;
}

/** The filters DescribeCertificates applies, as predicates over a record and its status now. */
function filtersOf(p: Validated<DescribeCertificatesRequest>, now: number): Array<(c: SslCertificate, status: number) => boolean> {
    const filters: Array<(c: SslCertificate, status: number) => boolean> = [];
    const ids = p.CertIds;
    if (ids) filters.push((c) => ids.includes(c.CertificateId));
    if (p.CertificateType !== undefined) filters.push((c) => c.CertificateType === p.CertificateType);
    const key = p.SearchKey?.toLowerCase();
    if (key) filters.push((c) => [c.CertificateId, c.Alias, c.Domain].some((v) => v.toLowerCase().includes(key)));
    const statuses = p.CertificateStatus;
    if (statuses && statuses.length > 0) filters.push((_, status) => statuses.includes(status));
    if (p.FilterSource === "upload") filters.push((c) => c.From === "upload");
    if (p.FilterSource === "buy") filters.push((c) => c.From !== "upload");
    if (p.Deployable !== undefined) filters.push((_, status) => deployable(status) === (p.Deployable === 1));
    if (p.FilterExpiring === 1) filters.push((c, status) => isExpiring(c, status, now));
    return filters;
}

/** One `Certificates` item, times in China time like the console ("YYYY-MM-DD HH:mm:ss", GMT+8). */
function certificateItem(c: SslCertificate, status: number, now: number) {
    const begin = Date.parse(beginTimeOf(c));
    const end = Date.parse(c.ExpireTime);
    const uploaded = c.From === "upload";
    return {
        OwnerUin: c.OwnerUin ?? "",
        ProjectId: "0",
        From: c.From,
        // Optional in the model and not nullable there: fields that do not apply are left out.
        ...(uploaded ? {} : { PackageType: "2", ProductZhName: "TrustAsia TLS RSA CA" }),
        CertificateType: c.CertificateType,
        Domain: c.Domain,
        Alias: c.Alias,
        Status: status,
        StatusName: STATUS_NAMES[status] ?? "",
        VulnerabilityStatus: "INACTIVE",
        CertBeginTime: formatChinaTime(begin),
        CertEndTime: formatChinaTime(end),
        ValidityPeriod: String(Math.max(1, Math.round((end - begin) / MONTH_MS))),
        InsertTime: formatChinaTime(begin),
        CertificateId: c.CertificateId,
        SubjectAltName: [...c.SubjectAltName],
        IsWildcard: certificateNames(c).some((d) => d.startsWith("*.")),
        IsDv: !uploaded,
        Deployable: deployable(status),
        IsExpiring: isExpiring(c, status, now),
        EncryptAlgorithm: c.SignAlgo.split(" ")[0],
        Tags: [],
    };
}

export function describeCertificates(p: Validated<DescribeCertificatesRequest>, ctx: ActionContext) {
    oneOf(p.CertificateType, ["CA", "SVR"], "CertificateType");
    oneOf(p.ExpirationSort, ["ASC", "DESC"], "ExpirationSort");
    oneOf(p.FilterSource, ["upload", "buy"], "FilterSource");
    const { offset, limit } = page({ Offset: p.Offset, Limit: Math.min(p.Limit ?? DEFAULT_LIMIT, MAX_LIMIT) }, DEFAULT_LIMIT, MAX_LIMIT, "InvalidParameter");
    const filters = filtersOf(p, ctx.now);
    // Newest first (the store keeps insertion order), or by expiry when ExpirationSort asks.
    let rows = Object.values(ctx.state.ssl.certificates)
        .filter((c) => ctx.owns(c))
        .map((c) => ({ c, status: sslStatusAt(c, ctx.now) }))
        .filter(({ c, status }) => filters.every((f) => f(c, status)))
        .reverse();
    if (p.ExpirationSort !== undefined) {
        const dir = p.ExpirationSort === "ASC" ? 1 : -1;
        rows = rows.sort((a, b) => dir * (Date.parse(a.c.ExpireTime) - Date.parse(b.c.ExpireTime)));
    }
    return { TotalCount: rows.length, Certificates: rows.slice(offset, offset + limit).map(({ c, status }) => certificateItem(c, status, ctx.now)) };
}
