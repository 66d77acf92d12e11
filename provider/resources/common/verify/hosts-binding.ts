/**
 * Preview verification of a HostsCertificateBinding: the zone and hosts exist (through the
 * resource's zone read cache) and each SSL certificate exists, is of the right type (server or
 * CA), is issued and not expired, and a server certificate covers every host (Domain and
 * SubjectAltName, matched as TLS does). Only what changed against the previous inputs is
 * verified: an unchanged binding makes no call.
 */
import { known, knownIds, noVerdicts, shortList, VerificationRun } from "./run";
import type { HostsBindingReferences, HostsVerificationDeps, SslCertificateUse, VerificationResult } from "./types";
import { sslCertificateVerdicts, type Verdicts } from "./verdicts";

interface CertificateCheck {
    property: string;
    id: string;
    use: SslCertificateUse;
    /** For server certificates: the hosts whose coverage is verified. */
    hosts: string[];
}

interface HostsPlan {
    /** The zone to read, and the hosts to find in it. */
    zone?: { zoneId: string; hosts: string[] };
    certificates: CertificateCheck[];
}

const lower = (hosts: readonly string[] | undefined): string[] => [...new Set(knownIds(hosts).map((h) => h.toLowerCase()))];

function planCertificates(inputs: HostsBindingReferences, previous: HostsBindingReferences | undefined, all: string[], added: string[]): CertificateCheck[] {
    const checks: CertificateCheck[] = [];
    for (const refs of inputs.certificates ?? []) {
        const before = new Set(previous?.certificates?.find((p) => p.property === refs.property)?.ids ?? []);
        for (const id of knownIds(refs.ids)) {
            const isNew = !before.has(id);
            const hosts = refs.use === "server" ? (isNew ? all : added) : [];
            if (isNew || hosts.length > 0) {
                checks.push({ property: refs.property, id, use: refs.use, hosts });
            }
        }
    }
    return checks;
}

function planHosts(inputs: HostsBindingReferences, previous: HostsBindingReferences | undefined): HostsPlan {
    const zoneId = known(inputs.zoneId) ? inputs.zoneId : undefined;
    const zoneChanged = zoneId !== undefined && zoneId !== previous?.zoneId;
    const all = lower(inputs.hosts);
    const before = new Set(zoneChanged ? [] : lower(previous?.hosts));
    const added = all.filter((h) => !before.has(h));
    return {
        zone: zoneId !== undefined && (zoneChanged || added.length > 0) ? { zoneId, hosts: added } : undefined,
        certificates: planCertificates(inputs, previous, all, added),
    };
}

async function verifyZone(run: VerificationRun, deps: HostsVerificationDeps, zoneId: string, hosts: string[]): Promise<Verdicts> {
    const out = noVerdicts();
    const action = deps.zoneReadAction ?? "DescribeAccelerationDomains";
    const view = await run.unlessRefused("teo", action, `EdgeOne zone '${zoneId}'`, () => deps.readZone(zoneId));
    if (!view) {
        return out;
    }
    if (!view.found) {
        out.failures.push({
            property: "zoneId",
            reason: `EdgeOne zone '${zoneId}' does not exist or is not visible to these credentials: check zoneId (the site's ID in the EdgeOne console) and the account (profile)`,
        });
        return out;
    }
    const existing = new Set(view.hosts.map((h) => h.toLowerCase()));
    const missing = hosts.filter((h) => !existing.has(h));
    if (missing.length > 0) {
        const names = [...existing].sort();
        const one = missing.length === 1;
        out.failures.push({
            property: "hosts",
            reason:
                `${missing.map((h) => `'${h}'`).join(", ")} ${one ? "is not an acceleration domain" : "are not acceleration domains"} of zone '${zoneId}' ` +
                `(${names.length ? `its hosts: ${shortList(names)}` : "it has no hosts"}): add ${one ? "it" : "them"} in EdgeOne first, or fix hosts`,
        });
    }
    return out;
}

async function verifyCertificates(run: VerificationRun, deps: HostsVerificationDeps, checks: CertificateCheck[]): Promise<Verdicts> {
    const out = noVerdicts();
    const ids = [...new Set(checks.map((c) => c.id))];
    const found = await run.unlessRefused("ssl", "DescribeCertificates", "SSL certificates", () =>
        deps.state.ssl.lookup(deps.account, () => deps.client(), ids),
    );
    if (!found) {
        return out;
    }
    const now = deps.now();
    const warningDays = deps.expiryWarningDays();
    for (const c of checks) {
        const verdicts = sslCertificateVerdicts(c.property, c.id, found.get(c.id), c.use, c.hosts, now, warningDays);
        out.failures.push(...verdicts.failures);
        out.warnings.push(...verdicts.warnings);
        out.expiring.push(...verdicts.expiring);
    }
    return out;
}

/**
 * Verifies what a HostsCertificateBinding's inputs refer to; `previous`: the inputs the stack has
 * (check's olds), so only what changed is verified. Throws CredentialsRejectedError when the
 * account's key is rejected; a refused read is skipped with a warning.
 */
export async function verifyHostsBinding(
    deps: HostsVerificationDeps,
    inputs: HostsBindingReferences,
    previous?: HostsBindingReferences,
): Promise<VerificationResult> {
    const run = new VerificationRun(deps);
    if (!deps.enabled()) {
        return run.done();
    }
    const plan = planHosts(inputs, previous);
    if (!plan.zone && plan.certificates.length === 0) {
        return run.done();
    }
    await run.probeCredentials();
    const verdicts = await Promise.all([
        plan.zone ? verifyZone(run, deps, plan.zone.zoneId, plan.zone.hosts) : noVerdicts(),
        plan.certificates.length > 0 ? verifyCertificates(run, deps, plan.certificates) : noVerdicts(),
    ]);
    verdicts.forEach((v) => run.add(v));
    return run.done();
}
