/** Errors of ListenerCertificateBinding, and the GAAP answers it decides on. */
import { TencentCloudError } from "../../tencentcloud/errors";
import { GaapErrorCode } from "../../tencentcloud/services/gaap";

/** A binding could not be applied; `code` says why (`Client.Gaap*`), the message names the fix. */
export class ListenerCertificateBindingError extends Error {
    override name = "ListenerCertificateBindingError";
    constructor(
        readonly code: "Client.GaapListenerNotFound" | "Client.GaapDomainNotFound" | "Client.GaapMutualAuthRequired",
        message: string,
        readonly listenerId: string,
        readonly domain: string,
        readonly requestId?: string,
    ) {
        super(message);
    }
}

/**
 * Error codes retried with backoff until the binding's wait timeout: the listener or domain is
 * busy with a task (ours queued behind it, or someone else's).
 */
export const LISTENER_BUSY_CODES: readonly string[] = [
    GaapErrorCode.ListenerHasTask,
    GaapErrorCode.DomainStatusNotInRunning,
    GaapErrorCode.ResourceUnavailable,
];

/** True for the answers GAAP gives when a listener id names no listener. */
export function isListenerMissingError(err: unknown): boolean {
    if (!(err instanceof TencentCloudError)) {
        return false;
    }
    if (err.code === GaapErrorCode.ResourceNotFound) {
        return true;
    }
    // GAAP also answers an unknown listener id with InvalidParameter naming ListenerId (the
    // Terraform provider treats it the same way); the id's format was already checked.
    return (err.code === GaapErrorCode.InvalidParameter || err.code === GaapErrorCode.InvalidParameterValue) && /ListenerId/.test(err.message);
}

export function listenerNotFound(listenerId: string, domain: string, requestId?: string): ListenerCertificateBindingError {
    return new ListenerCertificateBindingError(
        "Client.GaapListenerNotFound",
        `GAAP HTTPS listener '${listenerId}' was not found (binding for domain '${domain}'): check listenerId, the account and that it is an HTTPS listener of a version 3.0 proxy`,
        listenerId,
        domain,
        requestId,
    );
}

/** `existing`: the listener's domains, named in the message. */
export function domainNotFound(listenerId: string, domain: string, existing: string[], requestId?: string): ListenerCertificateBindingError {
    const shown = existing.slice(0, 10).join(", ") + (existing.length > 10 ? `, … (${existing.length} in all)` : "");
    return new ListenerCertificateBindingError(
        "Client.GaapDomainNotFound",
        `domain '${domain}' does not exist on GAAP listener '${listenerId}'` +
            (existing.length ? ` (its domains: ${shown})` : " (it has no domains)") +
            `. ListenerCertificateBinding sets the certificate of an existing domain and never creates one: ` +
            `create the domain first (GAAP console or CreateDomain), or fix 'domain'`,
        listenerId,
        domain,
        requestId,
    );
}

export function mutualAuthRequired(field: string, listenerId: string, domain: string): ListenerCertificateBindingError {
    return new ListenerCertificateBindingError(
        "Client.GaapMutualAuthRequired",
        `${field} is set for domain '${domain}', but GAAP listener '${listenerId}' uses one-way authentication (AuthType 0): ` +
            `client certificates apply only to listeners with mutual authentication. Remove ${field}, or enable mutual authentication on the listener`,
        listenerId,
        domain,
    );
}
