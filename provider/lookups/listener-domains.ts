/** getListenerDomains: a GAAP HTTPS listener's domains with their certificates (DescribeRules). */
import { isListenerId } from "../resources/listener-certificate-binding/inputs";
import { remoteClientCertificates } from "../resources/listener-certificate-binding/mapping";
import type { DomainRuleSet } from "../tencentcloud/services/gaap";
import { readArgs, requiredString } from "./arguments";
import { lookupContext, type LookupContext } from "./context";
import { LookupArgumentError, LookupNotFoundError, oneLineFailures } from "./errors";

const LOOKUP = "getListenerDomains";

export interface GetListenerDomainsArgs {
    /** The layer-7 (HTTPS) listener, e.g. "listener-2y9ki1vq". */
    listenerId: string;
}

/** One domain of the listener. Strings the API leaves out are "" (never null or undefined). */
export interface ListenerDomain {
    domain: string;
    /** Server certificate id; "default" = the listener's own certificate. */
    certificateId: string;
    certificateAlias: string;
    /** Client CA certificate ids; [] = the listener's own (or none, with one-way authentication). */
    clientCertificateIds: string[];
    /** DomainStatus: 0 running, 1 changing, 2 deleting. */
    domainStatus: number;
}

export interface GetListenerDomainsResult {
    listenerId: string;
    domains: ListenerDomain[];
}

function toDomain(rule: DomainRuleSet): ListenerDomain {
    return {
        domain: rule.Domain,
        certificateId: rule.CertificateId ?? "",
        certificateAlias: rule.CertificateAlias ?? "",
        clientCertificateIds: remoteClientCertificates(rule),
        domainStatus: typeof rule.DomainStatus === "number" ? rule.DomainStatus : 0,
    };
}

function checkArgs(args: unknown): string {
    const listenerId = requiredString(LOOKUP, readArgs(LOOKUP, args, ["listenerId"]), "listenerId", "listener-2y9ki1vq");
    if (!isListenerId(listenerId)) {
        throw new LookupArgumentError(
            LOOKUP,
            "listenerId",
            `listenerId '${listenerId}' is not a GAAP listener id; expected 'listener-' followed by lower-case letters and digits, for example 'listener-2y9ki1vq'`,
        );
    }
    return listenerId;
}

/** getListenerDomains on a given context (the exported function uses the process's). */
export async function getListenerDomainsWith(context: LookupContext, args: GetListenerDomainsArgs): Promise<GetListenerDomainsResult> {
    const listenerId = checkArgs(args);
    const snapshot = await context.listeners.readRules(listenerId);
    if (!snapshot.listenerFound) {
        throw new LookupNotFoundError(
            LOOKUP,
            `GAAP listener '${listenerId}' does not exist; check the id in the GAAP console or with DescribeHTTPSListeners`,
            "ResourceNotFound",
            snapshot.requestId ?? "",
        );
    }
    const domains = [...snapshot.domains.values()].map(toDomain).sort((a, b) => a.domain.localeCompare(b.domain));
    return { listenerId, domains };
}

/** The listener's domains and their certificate ids: `pulumi.output(getListenerDomains({ listenerId }))`. */
export function getListenerDomains(args: GetListenerDomainsArgs): Promise<GetListenerDomainsResult> {
    return oneLineFailures(getListenerDomainsWith(lookupContext(), args));
}
