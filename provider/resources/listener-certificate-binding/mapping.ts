/**
 * ListenerCertificateBinding's view of GAAP records: which certificates a domain has and the
 * inputs ask for, the request that sets them, and the outputs and drift-naming inputs read reports.
 */
import {
    LISTENER_DEFAULT_CERTIFICATE,
    ListenerAuthType,
    type DomainRuleSet,
    type HTTPSListener,
    type ModifyCertificateRequest,
} from "../../tencentcloud/services/gaap";
import { apiParams, readOutputs, sameIds } from "../common/fields";
import { isoTime, type GaapListing } from "../common/verify";
import { remoteClientCertificates, requestedClientCertificates } from "./diff";

export { remoteClientCertificates } from "./diff";
import { BINDING_FIELDS, type BindingInputs, type ListenerCertificateBindingOutputs, type RuleSource } from "./inputs";

export function isMutual(listener: HTTPSListener | undefined): boolean {
    return listener?.AuthType === ListenerAuthType.Mutual;
}

/** Whether the domain shows what `inputs` ask for (status aside). */
export function ruleMatches(rule: DomainRuleSet, inputs: BindingInputs, listener: HTTPSListener | undefined): boolean {
    const certificate = rule.CertificateId || LISTENER_DEFAULT_CERTIFICATE;
    if (certificate !== inputs.certificateId) {
        return false;
    }
    return !isMutual(listener) || sameIds(remoteClientCertificates(rule), requestedClientCertificates(inputs));
}

/** Certificate ids as a list: `default` (the listener's) is the empty list. */
const asList = (id: string): string[] => (id === LISTENER_DEFAULT_CERTIFICATE ? [] : [id]);

/** `reported` is `wanted`, or the listener's own certificate (`listenerOwn`) where `default` (none listed) is wanted. */
function sameOrListenerOwn(reported: readonly string[], wanted: readonly string[], listenerOwn: string | null | undefined): boolean {
    return sameIds(reported, wanted) || (wanted.length === 0 && !!listenerOwn && sameIds(reported, [listenerOwn]));
}

/**
 * The wait condition after a change: like {@link ruleMatches}, but a domain on the listener's
 * certificate may show it as `default`, as DescribeRules documents, or as the listener's own
 * certificate id, so a change to `default` is seen as applied in either form.
 */
export function ruleShowsApplied(rule: DomainRuleSet, inputs: BindingInputs, listener: HTTPSListener | undefined): boolean {
    if (!sameOrListenerOwn(asList(rule.CertificateId || LISTENER_DEFAULT_CERTIFICATE), asList(inputs.certificateId), listener?.CertificateId)) {
        return false;
    }
    return !isMutual(listener) || sameOrListenerOwn(remoteClientCertificates(rule), requestedClientCertificates(inputs), listener?.ClientCertificateId);
}

/**
 * The inputs as GAAP reports them, in the shape the user wrote them (`clientCertificateId` vs
 * `polyClientCertificateIds`), so a refresh followed by a diff names the field that drifted.
 */
export function remoteInputs(shape: BindingInputs, rule: DomainRuleSet, listener: HTTPSListener | undefined): BindingInputs {
    const reported = rule.CertificateId || LISTENER_DEFAULT_CERTIFICATE;
    // A binding on `default` whose domain reports the listener's own certificate id has not drifted:
    // the documents allow either form for "the listener's certificate" (see ruleShowsApplied).
    const onDefault = shape.certificateId === LISTENER_DEFAULT_CERTIFICATE && sameOrListenerOwn(asList(reported), [], listener?.CertificateId);
    const inputs: BindingInputs = {
        listenerId: shape.listenerId,
        domain: shape.domain,
        certificateId: onDefault ? LISTENER_DEFAULT_CERTIFICATE : reported,
        waitTimeoutSeconds: shape.waitTimeoutSeconds,
    };
    if (!isMutual(listener)) {
        // One-way authentication: client certificates do not apply; keep what the user wrote.
        if (shape.clientCertificateId !== undefined) {
            inputs.clientCertificateId = shape.clientCertificateId;
        }
        if (shape.polyClientCertificateIds !== undefined) {
            inputs.polyClientCertificateIds = [...shape.polyClientCertificateIds];
        }
        return inputs;
    }
    const reportedClients = remoteClientCertificates(rule);
    const wantsListenersClient = requestedClientCertificates(shape).length === 0;
    const remote = wantsListenersClient && sameOrListenerOwn(reportedClients, [], listener?.ClientCertificateId) ? [] : reportedClients;
    if (remote.length === 0) {
        if (shape.clientCertificateId !== undefined || shape.polyClientCertificateIds !== undefined) {
            inputs.clientCertificateId = LISTENER_DEFAULT_CERTIFICATE;
        }
    } else if (shape.polyClientCertificateIds !== undefined || remote.length > 1) {
        // Keep the user's order for ids still present, then the others.
        const wanted = shape.polyClientCertificateIds ?? [];
        inputs.polyClientCertificateIds = [...wanted.filter((id) => remote.includes(id)), ...remote.filter((id) => !wanted.includes(id))];
    } else {
        inputs.clientCertificateId = remote[0];
    }
    return inputs;
}

export function outputsFrom(inputs: BindingInputs, rule: DomainRuleSet, listener: HTTPSListener | undefined): ListenerCertificateBindingOutputs {
    return { ...inputs, ...readOutputs<RuleSource>(BINDING_FIELDS, { rule, listener }) } as ListenerCertificateBindingOutputs;
}

/** The outputs with each certificate's expiry from GAAP's certificate listing (EndTime); unchanged without one. */
export function withExpiry(outputs: ListenerCertificateBindingOutputs, listing: GaapListing | undefined): ListenerCertificateBindingOutputs {
    if (!listing) {
        return outputs;
    }
    const expireTime = (id: string) => {
        const end = listing.get(id)?.endTime;
        return end === undefined ? "" : isoTime(end);
    };
    return { ...outputs, certificates: outputs.certificates.map((c) => ({ ...c, expireTime: expireTime(c.certificateId) })) };
}

export function describeRule(rule: DomainRuleSet | undefined): string {
    if (!rule) {
        return "domain not found";
    }
    const status = ["running", "changing", "deleting"][rule.DomainStatus] ?? `status ${rule.DomainStatus}`;
    const clients = remoteClientCertificates(rule);
    return (
        `certificate ${rule.CertificateId || LISTENER_DEFAULT_CERTIFICATE}` +
        (clients.length ? `, client certificates ${clients.join(", ")}` : "") +
        `, ${status}`
    );
}

export function describeRequest(inputs: BindingInputs): string {
    const clients = requestedClientCertificates(inputs);
    return `certificate ${inputs.certificateId}` + (clients.length ? ` with client certificates ${clients.join(", ")}` : "");
}

/**
 * ModifyCertificate parameters that give the domain what `inputs` ask for. With mutual
 * authentication GAAP needs one of the two client forms (none asked for = the listener's); a
 * one-way listener takes neither.
 */
export function buildRequest(inputs: BindingInputs, listener: HTTPSListener): ModifyCertificateRequest {
    const poly = inputs.polyClientCertificateIds ?? [];
    const client = !isMutual(listener)
        ? { clientCertificateId: undefined, polyClientCertificateIds: undefined }
        : poly.length > 0
          ? { clientCertificateId: undefined }
          : { clientCertificateId: inputs.clientCertificateId ?? LISTENER_DEFAULT_CERTIFICATE, polyClientCertificateIds: undefined };
    return apiParams(BINDING_FIELDS, { ...inputs, ...client }) as unknown as ModifyCertificateRequest;
}
