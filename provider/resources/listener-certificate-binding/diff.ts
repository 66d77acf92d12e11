/**
 * ListenerCertificateBinding diff: the listener and domain identify the binding (a change
 * replaces it); certificates and the wait timeout change in place.
 */
import type * as pulumi from "@pulumi/pulumi";
import { isUnknown } from "../common/wire";
import type { BindingInputs, ListenerCertificateBindingOutputs } from "./inputs";
import { requestedClientCertificates, sameIds } from "./mapping";

/** The client-certificate fields that changed, named the way the user wrote them. */
function clientCertificateChanges(olds: ListenerCertificateBindingOutputs, news: BindingInputs): string[] {
    const unknownClient =
        isUnknown(news.clientCertificateId) ||
        isUnknown(news.polyClientCertificateIds) ||
        (Array.isArray(news.polyClientCertificateIds) && news.polyClientCertificateIds.some(isUnknown));
    if (!unknownClient && sameIds(requestedClientCertificates(olds), requestedClientCertificates(news))) {
        return [];
    }
    const changed: string[] = [];
    const polyInvolved = news.polyClientCertificateIds !== undefined || olds.polyClientCertificateIds !== undefined;
    const singleChanged = olds.clientCertificateId !== news.clientCertificateId;
    if (singleChanged || !polyInvolved) {
        changed.push("clientCertificateId");
    }
    if (polyInvolved) {
        changed.push("polyClientCertificateIds");
    }
    return changed;
}

export function diffBinding(olds: ListenerCertificateBindingOutputs, news: BindingInputs): pulumi.dynamic.DiffResult {
    const differs = (key: keyof BindingInputs) => isUnknown(news[key]) || JSON.stringify(olds[key]) !== JSON.stringify(news[key]);
    const replaces = (["listenerId", "domain"] as const).filter(differs);
    const changed: string[] = [];
    if (differs("certificateId")) {
        changed.push("certificateId");
    }
    changed.push(...clientCertificateChanges(olds, news));
    if (olds.waitTimeoutSeconds !== news.waitTimeoutSeconds) {
        changed.push("waitTimeoutSeconds");
    }
    return { changes: replaces.length + changed.length > 0, replaces, deleteBeforeReplace: false };
}
