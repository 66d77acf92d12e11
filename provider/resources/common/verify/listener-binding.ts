/**
 * Preview verification of a ListenerCertificateBinding: the listener and domain exist (through the
 * resource's listener read cache), the server certificate is a GAAP server certificate, not
 * expired, whose subject CN covers the domain (a warning only: the listing has no SANs), and the
 * client CAs are GAAP client CA certificates, not expired. Only what changed against the previous
 * inputs is verified: an unchanged binding makes no call.
 */
import { LISTENER_DEFAULT_CERTIFICATE } from "../../../tencentcloud/services/gaap";
import { known, knownIds, noVerdicts, shortList, verifyPlanned, type VerificationRun } from "./run";
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

function verifyCertificates(run: VerificationRun, deps: ListenerVerificationDeps, plan: ListenerPlan): Promise<Verdicts> {
    const checks = [
        ...(plan.serverCertificate !== undefined ? [{ property: "certificateId", id: plan.serverCertificate, use: "server" as const }] : []),
        ...plan.clientCas.ids.map((id) => ({ property: plan.clientCas.property, id, use: "clientCa" as const })),
    ];
    const load = () => deps.state.gaap.listing(deps.account, () => deps.client());
    return run.catalogVerdicts({ service: "gaap", action: "DescribeCertificates", what: "GAAP certificates", load }, checks, (c, listing, now, warningDays) =>
        gaapCertificateVerdicts(c.property, c.id, listing.get(c.id), c.use, c.use === "server" ? plan.domain : undefined, now, warningDays),
    );
}

/**
 * Verifies what a ListenerCertificateBinding's inputs refer to; `previous`: the inputs the stack
 * has (check's olds), so only what changed is verified. Throws CredentialsRejectedError when the
 * account's key is rejected; a refused read is skipped with a warning.
 */
export function verifyListenerBinding(
    deps: ListenerVerificationDeps,
    inputs: ListenerBindingReferences,
    previous?: ListenerBindingReferences,
): Promise<VerificationResult> {
    return verifyPlanned(deps, () => {
        const plan = planListener(inputs, previous);
        const listener = plan.listener;
        const certificates = plan.serverCertificate !== undefined || plan.clientCas.ids.length > 0;
        return [
            listener ? (run) => verifyListener(run, deps, listener.listenerId, listener.domain) : undefined,
            certificates ? (run) => verifyCertificates(run, deps, plan) : undefined,
        ];
    });
}
