/**
 * ListenerCertificateBinding's field table (common/fields.ts): every input and output with its API
 * name (gaap 2018-05-29 ModifyCertificate, DescribeRules, DescribeHTTPSListeners), validator,
 * default and what a change does; and the id format.
 *
 * What only the listener knows (whether it uses mutual authentication) is checked in create and
 * update against DescribeHTTPSListeners; here: shapes, formats and exclusivity.
 */
import { LISTENER_DEFAULT_CERTIFICATE, ListenerAuthType, type DomainRuleSet, type HTTPSListener } from "../../tencentcloud/services/gaap";
import { CheckContext, defaulted, InputsOf, optional, output, OutputsOf, required } from "../common/fields";
import { hostNameProblem } from "../common/host-name";
import { SCOPE_FIELDS } from "../common/resource";
import { idList, valueText, waitTimeoutField } from "../common/validators";
import type { Props } from "../common/wire";
import { remoteClientCertificates, sameClientCertificates } from "./diff";

export const DEFAULT_WAIT_TIMEOUT_SECONDS = 600;

export interface ListenerCertificateBindingCertificate {
    certificateId: string;
    certificateAlias: string;
}

/** A certificate of the domain with its expiry (expiry warnings are given from these). */
export interface ListenerCertificateBindingCertificateExpiry {
    certificateId: string;
    /** server (certificateId) or clientCa (clientCertificateId / polyClientCertificateIds). */
    role: "server" | "clientCa";
    /** ISO 8601 from GAAP's certificate listing (EndTime); "" when it was not read. */
    expireTime: string;
}

/** What the outputs are read from: the domain's rule and the listener. */
export interface RuleSource {
    rule: DomainRuleSet;
    listener: HTTPSListener | undefined;
}

// ---- id -------------------------------------------------------------------------------------

/** `listenerId+HTTPS+domain`: the Terraform provider's import id of a GAAP HTTPS domain. */
export function formatBindingId(listenerId: string, domain: string): string {
    return `${listenerId}+HTTPS+${domain}`;
}

export function parseBindingId(id: string): { listenerId: string; domain: string } {
    const parts = id.split("+");
    if (parts.length !== 3 || parts[1] !== "HTTPS" || !parts[0] || !parts[2]) {
        throw new Error(`'${id}' is not a ListenerCertificateBinding id; expected 'listener-xxxxxxxx+HTTPS+www.example.com'`);
    }
    return { listenerId: parts[0], domain: parts[2] };
}

// ---- formats --------------------------------------------------------------------------------

const LISTENER_ID = /^listener-[0-9a-z]{4,32}$/;
const CERTIFICATE_ID = /^cert-[0-9a-z]{4,32}$/;

export function isListenerId(value: string): boolean {
    return LISTENER_ID.test(value);
}

/**
 * Why `domain` is not a host name GAAP accepts on a listener, or undefined when it is:
 * lower-case DNS labels, optionally a leading `*.` wildcard, at most 253 characters, or an IPv4
 * address.
 */
export function domainProblem(domain: string): string | undefined {
    if (domain !== domain.toLowerCase()) {
        return `must be lower case ('${domain.toLowerCase()}'): GAAP stores domains as given and the binding is found by exact name`;
    }
    return hostNameProblem(domain, { allowIpv4: true });
}

// ---- validators -----------------------------------------------------------------------------

const quoted = (value: unknown): string => (typeof value === "string" ? `'${value}'` : valueText(value));

/** `value` when `ok`, else undefined after failing with `reason`. */
function valid<T>(ok: boolean, value: T, reason: string, ctx: CheckContext): T | undefined {
    return ok ? value : (ctx.fail(reason), undefined);
}

const listenerId = (value: unknown, ctx: CheckContext) =>
    valid(
        typeof value === "string" && isListenerId(value),
        value as string,
        `listenerId ${quoted(value)} is not a GAAP listener id; expected 'listener-' followed by lower-case letters and digits, for example 'listener-2y9ki1vq'`,
        ctx,
    );

function domain(value: unknown, ctx: CheckContext): string | undefined {
    const problem = typeof value === "string" ? domainProblem(value) : "must be a string";
    return valid(!problem, value as string, `domain ${quoted(value)} ${problem}`, ctx);
}

const certificateOrDefault = (value: unknown): value is string =>
    typeof value === "string" && (value === LISTENER_DEFAULT_CERTIFICATE || CERTIFICATE_ID.test(value));

const certificateId = (value: unknown, ctx: CheckContext) =>
    valid(
        certificateOrDefault(value),
        value as string,
        `certificateId ${quoted(value)} must be a GAAP certificate id ('cert-' followed by lower-case letters and digits, for example 'cert-3k5n7b1x') or 'default' for the listener's own certificate`,
        ctx,
    );

const clientCertificateId = (value: unknown, ctx: CheckContext) =>
    valid(
        certificateOrDefault(value),
        value as string,
        `clientCertificateId ${quoted(value)} must be a GAAP client CA certificate id ('cert-…') or 'default' for the listener's client certificate; it applies only to listeners with mutual authentication`,
        ctx,
    );

const certificateIds = idList({
    item: "GAAP client CA certificate id",
    format: "'cert-' followed by lower-case letters and digits",
    example: '["cert-3k5n7b1x"]',
    test: (id) => CERTIFICATE_ID.test(id),
});

function polyClientCertificateIds(value: unknown, ctx: CheckContext): string[] | undefined {
    if (Array.isArray(value) && value.length === 0) {
        ctx.fail("polyClientCertificateIds must not be empty; omit it (or set clientCertificateId: 'default') to use the listener's client certificate");
        return undefined;
    }
    const index = Array.isArray(value) ? value.indexOf(LISTENER_DEFAULT_CERTIFICATE) : -1;
    if (index >= 0) {
        ctx.fail(
            `polyClientCertificateIds[${index}] is 'default', which the list cannot hold; to use the listener's client certificate omit polyClientCertificateIds or set clientCertificateId: 'default'`,
        );
        return undefined;
    }
    return certificateIds(value, ctx);
}

// ---- the table ------------------------------------------------------------------------------

export const BINDING_FIELDS = {
    listenerId: required<string>({
        api: "ListenerId",
        type: "string",
        doc: "The GAAP HTTPS listener, `listener-…` (for example 'listener-2y9ki1vq').",
        change: "replace",
        parse: listenerId,
    }),
    domain: required<string>({
        api: "Domain",
        type: "string",
        doc: "An existing domain of the listener (for example 'www.example.com'): lower-case host name, `*.example.com` wildcard, or IPv4.",
        change: "replace",
        parse: domain,
    }),
    certificateId: defaulted<string>({
        api: "CertificateId",
        type: "string",
        doc: "The server certificate, `cert-…`, or `default` (the listener's own certificate).",
        default: LISTENER_DEFAULT_CERTIFICATE,
        parse: certificateId,
    }),
    clientCertificateId: optional<string>({
        api: "ClientCertificateId",
        type: "string",
        doc: "Mutual authentication only: the client CA certificate, `cert-…`, or `default` (the listener's).",
        same: sameClientCertificates,
        parse: clientCertificateId,
    }),
    polyClientCertificateIds: optional<string[]>({
        api: "PolyClientCertificateIds",
        type: "string[]",
        doc: "Mutual authentication only: several client CA certificates (no `default`, no duplicates, order does not matter). Not together with `clientCertificateId`.",
        same: sameClientCertificates,
        parse: polyClientCertificateIds,
    }),
    waitTimeoutSeconds: waitTimeoutField(DEFAULT_WAIT_TIMEOUT_SECONDS, "GAAP to apply the change"),
    ...SCOPE_FIELDS,
    certificateAlias: output<string>({
        api: "CertificateAlias",
        type: "string",
        doc: "The server certificate's name, as DescribeRules reports it (may be empty for `default`).",
        read: ({ rule }: RuleSource) => rule.CertificateAlias ?? "",
    }),
    clientCertificateAlias: output<string>({
        api: "ClientCertificateAlias",
        type: "string",
        doc: "The client CA certificate's name.",
        read: ({ rule }: RuleSource) => rule.ClientCertificateAlias ?? "",
    }),
    polyClientCertificates: output<ListenerCertificateBindingCertificate[]>({
        api: "PolyClientCertificateAliasInfo",
        type: "`{certificateId, certificateAlias}[]`",
        doc: "Every client CA certificate of the domain, with its name.",
        read: ({ rule }: RuleSource) =>
            (rule.PolyClientCertificateAliasInfo ?? []).map((info) => ({ certificateId: info.CertificateId, certificateAlias: info.CertificateAlias ?? "" })),
    }),
    domainStatus: output<number>({
        api: "DomainStatus",
        type: "number",
        doc: "0 running, 1 changing, 2 deleting.",
        read: ({ rule }: RuleSource) => rule.DomainStatus,
    }),
    listenerCertificateId: output<string>({
        api: "CertificateId (DescribeHTTPSListeners)",
        type: "string",
        doc: "The listener's own server certificate (what `default` means).",
        read: ({ listener }: RuleSource) => listener?.CertificateId ?? "",
    }),
    listenerClientCertificateId: output<string>({
        api: "ClientCertificateId (DescribeHTTPSListeners)",
        type: "string",
        doc: "The listener's own client CA certificate (empty with one-way authentication).",
        read: ({ listener }: RuleSource) => listener?.ClientCertificateId ?? "",
    }),
    listenerAuthType: output<number>({
        api: "AuthType (DescribeHTTPSListeners)",
        type: "number",
        doc: "The listener's authentication: 0 one-way, 1 mutual.",
        read: ({ listener }: RuleSource) => listener?.AuthType ?? ListenerAuthType.OneWay,
    }),
    certificates: output<ListenerCertificateBindingCertificateExpiry[]>({
        api: "EndTime (gaap DescribeCertificates)",
        type: "`{certificateId, role, expireTime}[]`",
        doc: "The domain's own certificates (server, then client CAs; not `default`) with their expiry from GAAP's certificate listing (`\"\"` when not read): what expiry warnings use.",
        read: ({ rule }: RuleSource) =>
            [
                ...(rule.CertificateId && rule.CertificateId !== LISTENER_DEFAULT_CERTIFICATE
                    ? [{ certificateId: rule.CertificateId, role: "server" as const }]
                    : []),
                ...remoteClientCertificates(rule).map((certificateId) => ({ certificateId, role: "clientCa" as const })),
            ].map((c) => ({ ...c, expireTime: "" })),
    }),
};

/** The inputs after check: defaults applied. Exactly one client-certificate form, or none. */
export type BindingInputs = InputsOf<typeof BINDING_FIELDS>;
/** The state Pulumi keeps: the inputs as GAAP reports them, plus what GAAP says about the domain. */
export type ListenerCertificateBindingOutputs = OutputsOf<typeof BINDING_FIELDS>;

/** One client-certificate form at most. */
export function bindingRules(inputs: Props, fail: (property: string, reason: string) => void): void {
    if (inputs.clientCertificateId !== undefined && inputs.polyClientCertificateIds !== undefined) {
        fail(
            "polyClientCertificateIds",
            "set either clientCertificateId (one client CA certificate) or polyClientCertificateIds (several), not both; both apply only to listeners with mutual authentication",
        );
    }
}
