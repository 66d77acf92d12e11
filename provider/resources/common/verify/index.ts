/**
 * Preview verification (issue 18): what a binding's inputs refer to, checked with signed read
 * calls coalesced per account, listener, zone and certificate, so `preview` fails where `up` would.
 * Pure logic over injected readers, client and clock; no Pulumi. The resources' check calls
 * verifyListenerBinding / verifyHostsBinding with their old and new inputs.
 */
export { verifyListenerBinding } from "./listener-binding";
export { verifyHostsBinding } from "./hosts-binding";
export { VerificationState } from "./state";
export { verifyAccount } from "./run";
export { nameCovers } from "./coverage";
export { isoTime } from "./times";
export type { GaapListing } from "./gaap-catalog";
export type {
    CertificateRefs,
    ExpiringCertificate,
    HostsBindingReferences,
    HostsVerificationDeps,
    ListenerBindingReferences,
    ListenerVerificationDeps,
    ListenerView,
    SslCertificateUse,
    VerificationDeps,
    VerificationResult,
    ZoneView,
} from "./types";
