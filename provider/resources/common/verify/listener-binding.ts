/**
 * Preview verification of a ListenerCertificateBinding: the listener and domain exist (through the
 * resource's listener read cache), the server certificate is a GAAP server certificate, not
 * expired, whose subject CN covers the domain (a warning only: the listing has no SANs), and the
 * client CAs are GAAP client CA certificates, not expired. Only what changed against the previous
 * inputs is verified: an unchanged binding makes no call.
 */
import { LISTENER_DEFAULT_CERTIFICATE } from "../../../tencentcloud/services/gaap";
import { known, knownIds, noVerdicts, shortList, VerificationRun } from "./run";
import type { ListenerBindingReferences, ListenerVerificationDeps, VerificationResult } from "./types";
import { gaapCertificateVerdicts, type Verdicts } from "./verdicts";

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

async function verifyListener(run: VerificationRun, deps: ListenerVerificationDeps, listenerId: string, domain: string | undefined): Promise<Verdicts> {
    const out = noVerdicts();
    const view = await run.unlessRefused("gaap", "DescribeRules", `GAAP listener '${listenerId}'`, () => deps.readListener(listenerId));
    if (!view) {
        return out;
    }
    if (!view.found) {
        out.failures.push({
            property: "listenerId",
            reason: `GAAP HTTPS listener '${listenerId}' does not exist in this account: check listenerId (GAAP console, or getListenerDomains), the account (profile) and that it is a layer-7 HTTPS listener`,
        });
    } else if (domain !== undefined && !view.domains.some((d) => d.toLowerCase() === domain.toLowerCase())) {
        out.failures.push({
            property: "domain",
            reason:
                `domain '${domain}' does not exist on GAAP listener '${listenerId}' (${view.domains.length ? `its domains: ${shortList(view.domains)}` : "it has no domains"}): ` +
                `create the domain on the listener first (the binding never creates one), or fix domain`,
        });
    }
    return out;
}

async function verifyCertificates(run: VerificationRun, deps: ListenerVerificationDeps, plan: ListenerPlan): Promise<Verdicts> {
    const out = noVerdicts();
    const listing = await run.unlessRefused("gaap", "DescribeCertificates", "GAAP certificates", () =>
        deps.state.gaap.listing(deps.account, () => deps.client()),
    );
    if (!listing) {
        return out;
    }
    const now = deps.now();
    const warningDays = deps.expiryWarningDays();
    const checks = [
        ...(plan.serverCertificate !== undefined ? [{ property: "certificateId", id: plan.serverCertificate, use: "server" as const }] : []),
        ...plan.clientCas.ids.map((id) => ({ property: plan.clientCas.property, id, use: "clientCa" as const })),
    ];
    for (const { property, id, use } of checks) {
        const verdicts = gaapCertificateVerdicts(property, id, listing.get(id), use, use === "server" ? plan.domain : undefined, now, warningDays);
        out.failures.push(...verdicts.failures);
        out.warnings.push(...verdicts.warnings);
        out.expiring.push(...verdicts.expiring);
    }
    return out;
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
    const verdicts = await Promise.all([
        plan.listener ? verifyListener(run, deps, plan.listener.listenerId, plan.listener.domain) : noVerdicts(),
        certificates ? verifyCertificates(run, deps, plan) : noVerdicts(),
    ]);
    verdicts.forEach((v) => run.add(v));
    return run.done();
}
