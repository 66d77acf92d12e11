/**
 * Preview verification of a ListenerCertificateBinding: the listener and domain exist (through the
 * resource's listener read cache), the server certificate is a GAAP server certificate, not
 * expired, whose subject CN covers the domain (a warning only: the listing has no SANs), and the
 * client CAs are GAAP client CA certificates, not expired. Only what changed against the previous
 * inputs is verified: an unchanged binding makes no call.
 */
import { LISTENER_DEFAULT_CERTIFICATE } from "../../../tencentcloud/services/gaap";
import { known, knownIds, VerificationRun } from "./run";
import type { ListenerBindingReferences, ListenerVerificationDeps, VerificationResult } from "./types";
import { gaapCertificateVerdicts } from "./verdicts";

/** What one check verifies. */
interface ListenerPlan {
    /** The listener to read (and the domain to find on it, when known). */
    listener?: { listenerId: string; domain?: string };
    /** The server certificate to verify against `domain`. */
    serverCertificate?: string;
    domain?: string;
    clientCas: { property: string; ids: string[] };
}

const isRealCertificate = (id: string): boolean => id !== LISTENER_DEFAULT_CERTIFICATE;

function planListener(inputs: ListenerBindingReferences, previous: ListenerBindingReferences | undefined): ListenerPlan {
    const domain = known(inputs.domain) ? inputs.domain : undefined;
    const domainChanged = domain !== undefined && domain !== previous?.domain;
    const listenerId = known(inputs.listenerId) ? inputs.listenerId : undefined;
    const listenerChanged = listenerId !== undefined && (listenerId !== previous?.listenerId || domainChanged);
    const server = known(inputs.certificateId) && isRealCertificate(inputs.certificateId) ? inputs.certificateId : undefined;
    const serverChanged = server !== undefined && (server !== previous?.certificateId || domainChanged);
    const before = new Set(previous?.clientCertificates?.ids ?? []);
    const refs = inputs.clientCertificates;
    return {
        listener: listenerChanged ? { listenerId, domain } : undefined,
        serverCertificate: serverChanged ? server : undefined,
        domain,
        clientCas: { property: refs?.property ?? "", ids: knownIds(refs?.ids).filter((id) => isRealCertificate(id) && !before.has(id)) },
    };
}

async function verifyListener(run: VerificationRun, deps: ListenerVerificationDeps, listenerId: string, domain: string | undefined): Promise<void> {
    const view = await run.unlessRefused("gaap", "DescribeRules", `GAAP listener '${listenerId}'`, () => deps.readListener(listenerId));
    if (!view) {
        return;
    }
    if (!view.found) {
        run.fail(
            "listenerId",
            `GAAP HTTPS listener '${listenerId}' does not exist in this account: check listenerId (GAAP console, or getListenerDomains), the account (profile) and that it is a layer-7 HTTPS listener`,
        );
        return;
    }
    if (domain !== undefined && !view.domains.some((d) => d.toLowerCase() === domain.toLowerCase())) {
        const shown = view.domains.slice(0, 10).join(", ") + (view.domains.length > 10 ? `, … (${view.domains.length} in all)` : "");
        run.fail(
            "domain",
            `domain '${domain}' does not exist on GAAP listener '${listenerId}' (${view.domains.length ? `its domains: ${shown}` : "it has no domains"}): ` +
                `create the domain on the listener first (the binding never creates one), or fix domain`,
        );
    }
}

async function verifyCertificates(run: VerificationRun, deps: ListenerVerificationDeps, plan: ListenerPlan): Promise<void> {
    const listing = await run.unlessRefused("gaap", "DescribeCertificates", "GAAP certificates", () =>
        deps.state.gaap.listing(deps.account, () => deps.client()),
    );
    if (!listing) {
        return;
    }
    const now = deps.now();
    const warningDays = deps.expiryWarningDays();
    if (plan.serverCertificate !== undefined) {
        const id = plan.serverCertificate;
        run.add(gaapCertificateVerdicts("certificateId", id, listing.get(id), "server", plan.domain, now, warningDays));
    }
    for (const id of plan.clientCas.ids) {
        run.add(gaapCertificateVerdicts(plan.clientCas.property, id, listing.get(id), "clientCa", undefined, now, warningDays));
    }
}

/**
 * Verifies what a ListenerCertificateBinding's inputs refer to; `previous`: the inputs the stack
 * has (check's olds), so only what changed is verified. Throws CredentialsRejectedError when the
 * account's key is rejected; a refused read is skipped with a warning.
 */
export async function verifyListenerBinding(
    deps: ListenerVerificationDeps,
    inputs: ListenerBindingReferences,
    previous?: ListenerBindingReferences,
): Promise<VerificationResult> {
    const run = new VerificationRun(deps);
    if (!deps.enabled()) {
        return run.done();
    }
    const plan = planListener(inputs, previous);
    const certificates = plan.serverCertificate !== undefined || plan.clientCas.ids.length > 0;
    if (!plan.listener && !certificates) {
        return run.done();
    }
    await run.probeCredentials();
    await Promise.all([
        plan.listener ? verifyListener(run, deps, plan.listener.listenerId, plan.listener.domain) : undefined,
        certificates ? verifyCertificates(run, deps, plan) : undefined,
    ]);
    return run.done();
}
