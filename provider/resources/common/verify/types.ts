/** The verification's boundary: what the wiring passes in and what it gets back. */
import type { TencentCloudApi } from "../../../tencentcloud/types";
import type { CheckFailure } from "../wire";
import type { VerificationState } from "./state";

/** A certificate verified now that expires within `expiryWarningDays` (not yet expired: that is a failure). */
export interface ExpiringCertificate {
    /** The input that names it. */
    property: string;
    certificateId: string;
    /** Its end time, epoch ms. */
    endTime: number;
}

/**
 * What check returns: failures fail the preview; warnings are for the log (each given once per
 * run); certificates expiring soon are for the resource's own expiry lines (once per binding and
 * certificate, the same lines create, read and diff give).
 */
export interface VerificationResult {
    failures: CheckFailure[];
    warnings: string[];
    expiring: ExpiringCertificate[];
}

export interface VerificationDeps {
    /** The client of the resource's account (its `profile`/`region`); asked for only when a call is needed. */
    client(): TencentCloudApi;
    /**
     * Whose credentials `client` signs with: caches and the probe are per account. The resource's
     * `profile` input, or "" for the stack's credentials.
     */
    account: string;
    /** The process's state (one per run). */
    state: VerificationState;
    now(): number;
    /** `tencentcloud:previewChecks` (settings.resolvePreviewChecks); false: nothing is verified, no call is made. */
    enabled(): boolean;
    /** `tencentcloud:expiryWarningDays` (0: no expiry warnings; an expired certificate fails regardless). */
    expiryWarningDays(): number;
}

/** Ids given in one input property (failures name `property`). */
export interface CertificateRefs {
    property: string;
    ids: readonly string[];
}

/** A GAAP listener as its existing read cache sees it (ListenerCoordinator.readRules: DescribeRules). */
export interface ListenerView {
    found: boolean;
    /** The listener's domains (exact names). */
    domains: readonly string[];
}

/** A TEO zone as its existing read cache sees it (ZoneReader.read); `found: false` when the zone is gone. */
export interface ZoneView {
    found: boolean;
    /** The zone's acceleration domains (lower case). */
    hosts: readonly string[];
}

/**
 * What a ListenerCertificateBinding refers to. A value left out (or the preview placeholder for an
 * unknown value) is not verified.
 */
export interface ListenerBindingReferences {
    listenerId?: string;
    domain?: string;
    /** A GAAP server certificate (type 2), or `default` (the listener's own: not verified). */
    certificateId?: string;
    /** GAAP client CA certificates (type 1), e.g. `{ property: "polyClientCertificateIds", ids }`; `default` is not verified. */
    clientCertificates?: CertificateRefs;
}

export interface ListenerVerificationDeps extends VerificationDeps {
    /** The listener's domains through the resource's read cache (one DescribeRules per listener). Refusals are skipped with a warning. */
    readListener(listenerId: string): Promise<ListenerView>;
}

/** How a HostsCertificateBinding uses an SSL certificate. */
export type SslCertificateUse =
    /** serves the hosts (serverCertIds, certIds): a server certificate (SVR) covering every host */
    | "server"
    /** presented to the origin (upstreamMutualTlsCertIds): a server certificate (SVR) */
    | "upstreamClient"
    /** verifies clients or the origin (clientCertIds, upstreamCustomCaCertIds): a CA certificate */
    | "ca";

export interface HostsBindingReferences {
    zoneId?: string;
    hosts?: readonly string[];
    certificates?: ReadonlyArray<CertificateRefs & { use: SslCertificateUse }>;
}

export interface HostsVerificationDeps extends VerificationDeps {
    /** The zone's hosts through the resource's read cache (one zone read per zone and API version). Refusals are skipped with a warning. */
    readZone(zoneId: string): Promise<ZoneView>;
    /** The TEO action `readZone` makes, for the refusal warning (default DescribeAccelerationDomains; 2022-01-06: DescribeHostsCertificate). */
    zoneReadAction?: string;
}
