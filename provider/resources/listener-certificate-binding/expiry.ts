/**
 * Expiry warnings of ListenerCertificateBinding, as HostsCertificateBinding gives them: from the
 * `certificates` output (the domain's certificates with GAAP's EndTime, filled from the account's
 * certificate listing, gaap DescribeCertificates, read once per account per process and shared with
 * preview verification). diff reports from the recorded outputs (so `pulumi preview` warns without a
 * call); create, update and read from what GAAP just answered. Once per binding and certificate per
 * process; a log line, never a failure.
 */
import { reportCertificateExpiry, type BindingName, type CertificateUse, type ExpiryContext } from "../common/expiry";
import { errorMessage } from "../common/errors";
import { isoTime, type ExpiringCertificate, type GaapListing, type VerificationDeps } from "../common/verify";
import { isUnknown, type Props } from "../common/wire";
import { requestedClientCertificates } from "./diff";
import { formatBindingId, type ListenerCertificateBindingCertificateExpiry } from "./inputs";

/** A binding as its expiry lines name it (GAAP bindings carry no Pulumi name: their id). */
export const gaapBindingName = (id: string): BindingName => ({ label: `ListenerCertificateBinding ${id}`, id });

const ROLE_TEXT = { server: "server certificate", clientCa: "client CA certificate" } as const;
const FIELD = { server: "certificateId", clientCa: "clientCertificateId / polyClientCertificateIds" } as const;

/** The recorded certificates (hostile shapes left out) as expiry lines name them, on `domain` of `listenerId`. */
function uses(props: Props, keep: (c: ListenerCertificateBindingCertificateExpiry) => boolean): CertificateUse[] {
    const recorded = Array.isArray(props.certificates) ? (props.certificates as ListenerCertificateBindingCertificateExpiry[]) : [];
    const where = `of domain '${String(props.domain)}' on GAAP listener '${String(props.listenerId)}'`;
    return recorded
        .filter((c) => c && typeof c.certificateId === "string" && typeof c.expireTime === "string" && (c.role === "server" || c.role === "clientCa"))
        .filter(keep)
        .map((c) => ({
            certId: c.certificateId,
            role: c.role,
            description: `${ROLE_TEXT[c.role]} ${where}`,
            expireTime: c.expireTime,
            whenExpired: `upload a renewed certificate to GAAP (certificate management) and put its id in place of '${c.certificateId}' in ${FIELD[c.role]}`,
        }));
}

/** Reports the certificates of fresh outputs (create, update, read). */
export function reportGaapExpiry(ctx: ExpiryContext, id: string, outputs: Props): void {
    reportCertificateExpiry(
        ctx,
        gaapBindingName(id),
        uses(outputs, () => true),
    );
}

/**
 * For check: reports the certificates preview verification just found expiring soon, with the
 * lines (and the once-per-binding keys) create would use, so `up` says it once and `preview` of a
 * new binding says it at all. Unknown listener or domain (a preview placeholder): nothing.
 */
export function reportVerifiedExpiry(ctx: ExpiryContext, news: Props, expiring: readonly ExpiringCertificate[]): void {
    const { listenerId, domain } = news;
    if (expiring.length === 0 || typeof listenerId !== "string" || typeof domain !== "string" || isUnknown(listenerId) || isUnknown(domain)) {
        return;
    }
    const certificates = expiring.map((e) => ({
        certificateId: e.certificateId,
        role: e.property === "certificateId" ? "server" : "clientCa",
        expireTime: isoTime(e.endTime),
    }));
    reportGaapExpiry(ctx, formatBindingId(listenerId, domain), { ...news, certificates });
}

/**
 * For diff: reports the recorded certificates the new inputs keep (same listener and domain, and
 * still asked for); a certificate being replaced is verified by check instead.
 */
export function reportKeptExpiry(ctx: ExpiryContext, id: string, olds: Props, news: Props): void {
    if (olds.listenerId !== news.listenerId || olds.domain !== news.domain) {
        return;
    }
    const clients = requestedClientCertificates(news);
    const kept = (c: ListenerCertificateBindingCertificateExpiry) =>
        c.role === "server" ? news.certificateId === c.certificateId : clients.includes(c.certificateId);
    reportCertificateExpiry(ctx, gaapBindingName(id), uses(olds, kept));
}

/**
 * The account's GAAP certificate listing for expiry (the one preview verification reads: at most
 * one per account per process), or undefined when warnings are off, there is no verification state
 * (unit tests) or it cannot be read (a sub-account without the permission: expiry stays unknown).
 */
export async function expiryListing(ctx: ExpiryContext, verification: VerificationDeps | undefined): Promise<GaapListing | undefined> {
    if (!verification || ctx.warningDays() <= 0) {
        return undefined;
    }
    const notRead = (err: unknown) => ctx.log.debug(`GAAP certificate listing not read for expiry warnings: ${errorMessage(err)}`);
    try {
        // A refusal is remembered for the run, as preview does: asked once per run.
        const listing = () => verification.state.gaap.listing(verification.account, () => verification.client());
        return await verification.state.unlessRefused(verification.account, "gaap", "DescribeCertificates", listing, notRead);
    } catch (err) {
        notRead(err);
        return undefined;
    }
}
