/**
 * ListenerCertificateBinding's diff beyond the field table (inputs.ts: the listener and domain
 * identify the binding, a change replaces it; certificates change in place; the wait timeout is
 * local): the client CA certificates are compared as the set of ids asked for, however written.
 */
import { LISTENER_DEFAULT_CERTIFICATE, type DomainRuleSet } from "../../tencentcloud/services/gaap";
import { DiffSides, sameIds } from "../common/fields";

/** The two ways to name client CA certificates: one, or a list. */
export interface ClientCertificateInputs {
    clientCertificateId?: string;
    polyClientCertificateIds?: string[];
}

/** The client CA certificates the inputs ask for; [] = the listener's (`default`) or none. */
export function requestedClientCertificates(inputs: ClientCertificateInputs): string[] {
    if (inputs.polyClientCertificateIds && inputs.polyClientCertificateIds.length > 0) {
        return [...inputs.polyClientCertificateIds];
    }
    if (inputs.clientCertificateId && inputs.clientCertificateId !== LISTENER_DEFAULT_CERTIFICATE) {
        return [inputs.clientCertificateId];
    }
    return [];
}

/** `clientCertificateId: "cert-a"` and `polyClientCertificateIds: ["cert-a"]` ask for the same; so do `default` and nothing. */
export function sameClientCertificates(_old: unknown, _next: unknown, { olds, news }: DiffSides): boolean {
    return sameIds(requestedClientCertificates(olds), requestedClientCertificates(news));
}

/** The client CA certificates a domain has; [] = the listener's (`default`) or none. */
export function remoteClientCertificates(rule: DomainRuleSet): string[] {
    const poly = (rule.PolyClientCertificateAliasInfo ?? []).map((info) => info.CertificateId).filter((id) => id && id !== LISTENER_DEFAULT_CERTIFICATE);
    if (poly.length > 0) {
        return poly;
    }
    const single = rule.ClientCertificateId;
    return single && single !== LISTENER_DEFAULT_CERTIFICATE ? [single] : [];
}
