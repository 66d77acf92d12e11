/**
 * ListenerCertificateBinding input validation (no API calls) and the resource id format.
 *
 * What only the listener knows (whether it uses mutual authentication) is validated in create and
 * update against DescribeHTTPSListeners; here: shapes, formats and exclusivity.
 */
import { LISTENER_DEFAULT_CERTIFICATE } from "../../tencentcloud/services/gaap";
import { hostNameProblem } from "../common/host-name";
import { CheckFailure, isUnknown } from "../common/wire";

export const DEFAULT_WAIT_TIMEOUT_SECONDS = 600;
export const MAX_WAIT_TIMEOUT_SECONDS = 24 * 3600;

/** The inputs after check: defaults applied. Exactly one client-certificate form, or none. */
export interface BindingInputs {
    listenerId: string;
    domain: string;
    /** A GAAP certificate id or `default` (the listener's certificate). */
    certificateId: string;
    clientCertificateId?: string;
    polyClientCertificateIds?: string[];
    waitTimeoutSeconds: number;
}

export interface ListenerCertificateBindingCertificate {
    certificateId: string;
    certificateAlias: string;
}

/** The state Pulumi keeps: the inputs as GAAP reports them, plus what GAAP says about the domain. */
export interface ListenerCertificateBindingOutputs extends BindingInputs {
    /** The server certificate's name as DescribeRules reports it (may be empty for `default`). */
    certificateAlias: string;
    /** The client CA certificate's name (empty when none or `default`). */
    clientCertificateAlias: string;
    /** Every client CA certificate of the domain, with its name. */
    polyClientCertificates: ListenerCertificateBindingCertificate[];
    /** 0 running, 1 changing, 2 deleting. */
    domainStatus: number;
    /** The listener's own server certificate (what `default` means). */
    listenerCertificateId: string;
    /** The listener's own client CA certificate (empty with one-way authentication). */
    listenerClientCertificateId: string;
    /** 0 one-way authentication, 1 mutual authentication. */
    listenerAuthType: number;
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

function isCertificateId(value: string): boolean {
    return CERTIFICATE_ID.test(value);
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

// ---- check ----------------------------------------------------------------------------------

function describe(value: unknown): string {
    return typeof value === "string" ? `'${value}'` : (JSON.stringify(value) ?? String(value));
}

type Fail = (property: string, reason: string) => void;

function checkKnownKeys(news: Record<string, any>, fail: Fail): void {
    const known = new Set(["listenerId", "domain", "certificateId", "clientCertificateId", "polyClientCertificateIds", "waitTimeoutSeconds"]);
    for (const key of Object.keys(news)) {
        if (!known.has(key) && !key.startsWith("__")) {
            fail(key, `unknown input '${key}'; ListenerCertificateBinding takes ${[...known].join(", ")}`);
        }
    }
}

function checkListenerId(listenerId: unknown, fail: Fail): void {
    if (listenerId === undefined || listenerId === null || listenerId === "") {
        fail("listenerId", "listenerId is required: the GAAP HTTPS listener id, for example 'listener-2y9ki1vq'");
    } else if (!isUnknown(listenerId) && (typeof listenerId !== "string" || !isListenerId(listenerId))) {
        fail(
            "listenerId",
            `listenerId ${describe(listenerId)} is not a GAAP listener id; expected 'listener-' followed by lower-case letters and digits, for example 'listener-2y9ki1vq'`,
        );
    }
}

function checkDomain(domain: unknown, fail: Fail): void {
    if (domain === undefined || domain === null || domain === "") {
        fail("domain", "domain is required: the listener's domain whose certificate this binding sets, for example 'www.example.com'");
    } else if (!isUnknown(domain)) {
        const problem = typeof domain === "string" ? domainProblem(domain) : "must be a string";
        if (problem) {
            fail("domain", `domain ${describe(domain)} ${problem}`);
        }
    }
}

function checkCertificateId(news: Record<string, any>, fail: Fail): string {
    const certificateId = news.certificateId ?? LISTENER_DEFAULT_CERTIFICATE;
    if (
        !isUnknown(certificateId) &&
        (typeof certificateId !== "string" || (certificateId !== LISTENER_DEFAULT_CERTIFICATE && !isCertificateId(certificateId)))
    ) {
        fail(
            "certificateId",
            `certificateId ${describe(certificateId)} must be a GAAP certificate id ('cert-' followed by lower-case letters and digits, for example 'cert-3k5n7b1x') or 'default' for the listener's own certificate`,
        );
    }
    return certificateId;
}

function checkClientCertificateId(clientCertificateId: unknown, fail: Fail): void {
    if (clientCertificateId !== undefined && clientCertificateId !== null && !isUnknown(clientCertificateId)) {
        if (typeof clientCertificateId !== "string" || (clientCertificateId !== LISTENER_DEFAULT_CERTIFICATE && !isCertificateId(clientCertificateId))) {
            fail(
                "clientCertificateId",
                `clientCertificateId ${describe(clientCertificateId)} must be a GAAP client CA certificate id ('cert-…') or 'default' for the listener's client certificate; it applies only to listeners with mutual authentication`,
            );
        }
    }
}

function checkPolyClientCertificateIds(polyClientCertificateIds: unknown, fail: Fail): void {
    if (isUnknown(polyClientCertificateIds)) {
        return;
    }
    if (!Array.isArray(polyClientCertificateIds)) {
        fail(
            "polyClientCertificateIds",
            `polyClientCertificateIds must be a list of GAAP client CA certificate ids, got ${describe(polyClientCertificateIds)}`,
        );
    } else if (polyClientCertificateIds.length === 0) {
        fail(
            "polyClientCertificateIds",
            "polyClientCertificateIds must not be empty; omit it (or set clientCertificateId: 'default') to use the listener's client certificate",
        );
    } else {
        polyClientCertificateIds.forEach((id: unknown, i: number) => {
            if (isUnknown(id)) {
                return;
            }
            if (id === LISTENER_DEFAULT_CERTIFICATE) {
                fail(
                    "polyClientCertificateIds",
                    `polyClientCertificateIds[${i}] is 'default', which the list cannot hold; to use the listener's client certificate omit polyClientCertificateIds or set clientCertificateId: 'default'`,
                );
            } else if (typeof id !== "string" || !isCertificateId(id)) {
                fail(
                    "polyClientCertificateIds",
                    `polyClientCertificateIds[${i}] ${describe(id)} is not a GAAP certificate id ('cert-' followed by lower-case letters and digits)`,
                );
            } else if (polyClientCertificateIds.indexOf(id) !== i) {
                fail("polyClientCertificateIds", `polyClientCertificateIds lists '${id}' twice`);
            }
        });
    }
}

function checkWaitTimeoutSeconds(news: Record<string, any>, fail: Fail): number {
    const waitTimeoutSeconds = news.waitTimeoutSeconds ?? DEFAULT_WAIT_TIMEOUT_SECONDS;
    if (
        !isUnknown(waitTimeoutSeconds) &&
        (typeof waitTimeoutSeconds !== "number" ||
            !Number.isInteger(waitTimeoutSeconds) ||
            waitTimeoutSeconds < 1 ||
            waitTimeoutSeconds > MAX_WAIT_TIMEOUT_SECONDS)
    ) {
        fail(
            "waitTimeoutSeconds",
            `waitTimeoutSeconds ${describe(waitTimeoutSeconds)} must be a whole number of seconds from 1 to ${MAX_WAIT_TIMEOUT_SECONDS} (default ${DEFAULT_WAIT_TIMEOUT_SECONDS})`,
        );
    }
    return waitTimeoutSeconds;
}

/**
 * Validates and normalizes the program's inputs. Returns the inputs with defaults applied
 * (`certificateId: "default"`, `waitTimeoutSeconds: 600`) and one failure per problem, each naming
 * the field, what is allowed, and how to fix it.
 */
export function checkBindingInputs(news: Record<string, any>): { inputs: BindingInputs; failures: CheckFailure[] } {
    const failures: CheckFailure[] = [];
    const fail: Fail = (property, reason) => failures.push({ property, reason });
    checkKnownKeys(news, fail);
    const { listenerId, domain, clientCertificateId, polyClientCertificateIds } = news;
    checkListenerId(listenerId, fail);
    checkDomain(domain, fail);
    const certificateId = checkCertificateId(news, fail);
    checkClientCertificateId(clientCertificateId, fail);
    const hasClient = clientCertificateId !== undefined && clientCertificateId !== null;
    const hasPoly = polyClientCertificateIds !== undefined && polyClientCertificateIds !== null;
    if (hasClient && hasPoly) {
        fail(
            "polyClientCertificateIds",
            "set either clientCertificateId (one client CA certificate) or polyClientCertificateIds (several), not both; both apply only to listeners with mutual authentication",
        );
    }
    if (hasPoly) {
        checkPolyClientCertificateIds(polyClientCertificateIds, fail);
    }
    const waitTimeoutSeconds = checkWaitTimeoutSeconds(news, fail);
    const inputs: BindingInputs = { listenerId, domain, certificateId, waitTimeoutSeconds };
    if (hasClient) {
        inputs.clientCertificateId = clientCertificateId;
    }
    if (hasPoly) {
        inputs.polyClientCertificateIds = polyClientCertificateIds;
    }
    return { inputs, failures };
}
