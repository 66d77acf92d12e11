/**
 * The SSL certificate store as each service sees it: ssl DescribeCertificates lists the records,
 * TEO deploys them (server certificates serve hosts, CA certificates verify clients and origins).
 * One record, two views, so a certificate added or expired once shows the same everywhere.
 */
import type { Owned, SslCertificate, TeoCertificate } from "./types";
import { isoSeconds } from "./util";

const YEAR_MS = 365 * 86400_000;

/** DescribeCertificates `Status` codes the emulator stores or derives (docs/api-notes.md). */
export const SSL_STATUS = { Approved: 1, Expired: 3 } as const;

/** A certificate given in TEO's terms (seed `teo.certificates`, admin `addTeoCertificate`) as an SSL record. */
export function sslFromTeo(c: TeoCertificate): SslCertificate {
    return {
        ...(c.OwnerUin ? { OwnerUin: c.OwnerUin } : {}),
        CertificateId: c.CertId,
        Alias: c.Alias,
        From: c.Type === "managed" ? "trustasia" : "upload",
        CertificateType: c.Kind === "server" ? "SVR" : "CA",
        Domain: c.Domains[0] ?? "",
        SubjectAltName: [...c.Domains],
        ExpireTime: c.ExpireTime,
        Status: SSL_STATUS.Approved,
        SignAlgo: c.SignAlgo,
    };
}

/** Every name the certificate covers: Domain plus SubjectAltName, without repeats (empty: not checked). */
export function certificateNames(c: SslCertificate): string[] {
    return [...new Set([c.Domain, ...c.SubjectAltName].filter((name) => name !== ""))];
}

/** The certificate as TEO's checks and describe answers use it: TEO's terms, without the account. */
export type TeoCertificateView = Omit<TeoCertificate, keyof Owned>;

export function teoView(c: SslCertificate): TeoCertificateView {
    return {
        CertId: c.CertificateId,
        Alias: c.Alias,
        Type: c.From === "upload" ? "upload" : "managed",
        Kind: c.CertificateType === "SVR" ? "server" : "ca",
        Domains: certificateNames(c),
        ExpireTime: c.ExpireTime,
        SignAlgo: c.SignAlgo,
    };
}

/** The status answered at `now`: an approved certificate past its expiry is expired (3). */
export function sslStatusAt(c: SslCertificate, now: number): number {
    return c.Status === SSL_STATUS.Approved && Date.parse(c.ExpireTime) <= now ? SSL_STATUS.Expired : c.Status;
}

/** When the certificate became valid: its BeginTime, or a year before it expires. */
export function beginTimeOf(c: { BeginTime?: string; ExpireTime: string }): string {
    return c.BeginTime ?? isoSeconds(Date.parse(c.ExpireTime) - YEAR_MS);
}
