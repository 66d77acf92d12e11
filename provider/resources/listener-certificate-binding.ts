/**
 * ListenerCertificateBinding: the server (and client CA) certificate of one domain of a GAAP
 * HTTPS listener (gaap 2018-05-29 ModifyCertificate, read back with DescribeRules and
 * DescribeHTTPSListeners).
 *
 * The binding never creates or deletes the domain: it sets the domain's certificate, waits until
 * GAAP applies it (DomainStatus back to running), and on delete reverts the domain to the
 * listener's own certificate. Calls about one listener are serialized in this process; different
 * listeners proceed in parallel (see listener-certificate-binding-coordination.ts).
 */
import * as pulumi from "@pulumi/pulumi";
import { makeShimProvider } from "../shim";
import { TencentCloudError } from "../tencentcloud/errors";
import { silentLogger, type Logger } from "../tencentcloud/log";
import {
    DomainStatus,
    GaapErrorCode,
    LISTENER_DEFAULT_CERTIFICATE,
    ListenerAuthType,
    type DomainRuleSet,
    type HTTPSListener,
    type ModifyCertificateRequest,
} from "../tencentcloud/services/gaap";
import type { TencentCloudApi } from "../tencentcloud/types";
import { waitUntil, WaitFailedError, WaitTimeoutError } from "./common/wait";
import {
    checkBindingInputs,
    DEFAULT_WAIT_TIMEOUT_SECONDS,
    formatBindingId,
    parseBindingId,
    UNKNOWN_VALUE,
    type BindingInputs,
} from "./listener-certificate-binding-check";
import { ListenerCoordinator, type ListenerSession, type RulesSnapshot } from "./listener-certificate-binding-coordination";

export { formatBindingId as formatListenerCertificateBindingId, parseBindingId as parseListenerCertificateBindingId };

// ---- types ----------------------------------------------------------------------------------

/** What a program passes to `new ListenerCertificateBinding(...)`. */
export interface ListenerCertificateBindingArgs {
    /** The GAAP HTTPS listener (`listener-…`). Changing it replaces the binding. */
    listenerId: pulumi.Input<string>;
    /** An existing domain of that listener (`www.example.com`, `*.example.com`). Changing it replaces the binding. */
    domain: pulumi.Input<string>;
    /** The server certificate (`cert-…`), or `default` (the listener's certificate, the default). */
    certificateId?: pulumi.Input<string>;
    /** Mutual authentication only: the client CA certificate (`cert-…`) or `default` (the listener's). */
    clientCertificateId?: pulumi.Input<string>;
    /** Mutual authentication only: several client CA certificates, instead of `clientCertificateId`. */
    polyClientCertificateIds?: pulumi.Input<pulumi.Input<string>[]>;
    /** How long create/update/delete wait for GAAP to apply the change, in seconds (default 600). */
    waitTimeoutSeconds?: pulumi.Input<number>;
}

/** The resolved inputs, after check applied the defaults. */
export type ListenerCertificateBindingInputs = BindingInputs;

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

// ---- the resource ---------------------------------------------------------------------------

/**
 * Sets the certificate of a domain of a GAAP HTTPS listener, and puts the listener's certificate
 * back when deleted. The id is `listenerId+HTTPS+domain` (the Terraform provider's id of a GAAP
 * HTTPS domain).
 */
export class ListenerCertificateBinding extends pulumi.dynamic.Resource {
    declare readonly listenerId: pulumi.Output<string>;
    declare readonly domain: pulumi.Output<string>;
    declare readonly certificateId: pulumi.Output<string>;
    declare readonly clientCertificateId: pulumi.Output<string | undefined>;
    declare readonly polyClientCertificateIds: pulumi.Output<string[] | undefined>;
    declare readonly waitTimeoutSeconds: pulumi.Output<number>;
    declare readonly certificateAlias: pulumi.Output<string>;
    declare readonly clientCertificateAlias: pulumi.Output<string>;
    declare readonly polyClientCertificates: pulumi.Output<ListenerCertificateBindingCertificate[]>;
    declare readonly domainStatus: pulumi.Output<number>;
    declare readonly listenerCertificateId: pulumi.Output<string>;
    declare readonly listenerClientCertificateId: pulumi.Output<string>;
    declare readonly listenerAuthType: pulumi.Output<number>;

    constructor(name: string, args: ListenerCertificateBindingArgs, opts?: pulumi.CustomResourceOptions) {
        super(
            listenerCertificateBindingProvider,
            name,
            {
                ...args,
                certificateAlias: undefined,
                clientCertificateAlias: undefined,
                polyClientCertificates: undefined,
                domainStatus: undefined,
                listenerCertificateId: undefined,
                listenerClientCertificateId: undefined,
                listenerAuthType: undefined,
            },
            opts,
            // Type `pulumi-nodejs:dynamic/tencentcloud:ListenerCertificateBinding`: readable in previews.
            "tencentcloud",
            "ListenerCertificateBinding",
        );
    }
}

/** The provider object Pulumi stores with each binding (a thin shim; the work is below). */
export const listenerCertificateBindingProvider: pulumi.dynamic.ResourceProvider = makeShimProvider("listenerCertificateBinding");

// ---- implementation -------------------------------------------------------------------------

export interface ListenerCertificateBindingDeps {
    client(): TencentCloudApi;
    log: Logger;
    sleep?(ms: number): Promise<void>;
    now?(): number;
    /** Poll interval while waiting for a change to apply, first and largest (ms). Default 500 / 5000. */
    pollIntervalMs?: number;
    maxPollIntervalMs?: number;
    /** How long one DescribeRules answer serves reads of the listener's bindings (ms). Default 5000. */
    readCacheMs?: number;
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

/** How long a listener's attributes (auth type, own certificate) read inside a change stay valid. */
const LISTENER_ATTRIBUTES_MAX_AGE_MS = 30_000;
/** Back-to-back changes on one listener reuse the previous change's final DescribeRules. */
const RULES_REUSE_IN_CHANGE_MS = 1_000;

function runtimeModule(): any {
    return require("../runtime");
}

function defaultClient(): TencentCloudApi {
    return runtimeModule().getClient();
}

function defaultLogger(): Logger {
    const runtime = runtimeModule();
    return typeof runtime.getLogger === "function" ? runtime.getLogger() : silentLogger;
}

const sortedIds = (ids: readonly string[]) => [...ids].sort();
const sameIds = (a: readonly string[], b: readonly string[]) => a.length === b.length && sortedIds(a).every((id, i) => id === sortedIds(b)[i]);

/** The client CA certificates the inputs ask for; [] = the listener's (`default`) or none. */
export function requestedClientCertificates(inputs: Pick<BindingInputs, "clientCertificateId" | "polyClientCertificateIds">): string[] {
    if (inputs.polyClientCertificateIds && inputs.polyClientCertificateIds.length > 0) {
        return [...inputs.polyClientCertificateIds];
    }
    if (inputs.clientCertificateId && inputs.clientCertificateId !== LISTENER_DEFAULT_CERTIFICATE) {
        return [inputs.clientCertificateId];
    }
    return [];
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

function isMutual(listener: HTTPSListener | undefined): boolean {
    return listener?.AuthType === ListenerAuthType.Mutual;
}

/** Whether the domain shows what `inputs` ask for (status aside). */
function ruleMatches(rule: DomainRuleSet, inputs: BindingInputs, listener: HTTPSListener | undefined): boolean {
    const certificate = rule.CertificateId || LISTENER_DEFAULT_CERTIFICATE;
    if (certificate !== inputs.certificateId) {
        return false;
    }
    return !isMutual(listener) || sameIds(remoteClientCertificates(rule), requestedClientCertificates(inputs));
}

/**
 * The inputs as GAAP reports them, in the shape the user wrote them (`clientCertificateId` vs
 * `polyClientCertificateIds`), so a refresh followed by a diff names the field that drifted.
 */
export function remoteInputs(shape: BindingInputs, rule: DomainRuleSet, listener: HTTPSListener | undefined): BindingInputs {
    const inputs: BindingInputs = {
        listenerId: shape.listenerId,
        domain: shape.domain,
        certificateId: rule.CertificateId || LISTENER_DEFAULT_CERTIFICATE,
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
    const remote = remoteClientCertificates(rule);
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

function outputsFrom(inputs: BindingInputs, rule: DomainRuleSet, listener: HTTPSListener | undefined): ListenerCertificateBindingOutputs {
    return {
        ...inputs,
        certificateAlias: rule.CertificateAlias ?? "",
        clientCertificateAlias: rule.ClientCertificateAlias ?? "",
        polyClientCertificates: (rule.PolyClientCertificateAliasInfo ?? []).map((info) => ({
            certificateId: info.CertificateId,
            certificateAlias: info.CertificateAlias ?? "",
        })),
        domainStatus: rule.DomainStatus,
        listenerCertificateId: listener?.CertificateId ?? "",
        listenerClientCertificateId: listener?.ClientCertificateId ?? "",
        listenerAuthType: listener?.AuthType ?? ListenerAuthType.OneWay,
    };
}

function describeRule(rule: DomainRuleSet | undefined): string {
    if (!rule) {
        return "domain not found";
    }
    const status = ["running", "changing", "deleting"][rule.DomainStatus] ?? `status ${rule.DomainStatus}`;
    const clients = remoteClientCertificates(rule);
    return `certificate ${rule.CertificateId || LISTENER_DEFAULT_CERTIFICATE}` + (clients.length ? `, client certificates ${clients.join(", ")}` : "") + `, ${status}`;
}

function describeRequest(inputs: BindingInputs): string {
    const clients = requestedClientCertificates(inputs);
    return `certificate ${inputs.certificateId}` + (clients.length ? ` with client certificates ${clients.join(", ")}` : "");
}

function listenerNotFound(listenerId: string, domain: string, requestId?: string): ListenerCertificateBindingError {
    return new ListenerCertificateBindingError(
        "Client.GaapListenerNotFound",
        `GAAP HTTPS listener '${listenerId}' was not found (binding for domain '${domain}'): check listenerId, the account and that it is an HTTPS listener of a version 3.0 proxy`,
        listenerId,
        domain,
        requestId,
    );
}

function domainNotFound(listenerId: string, domain: string, rules: RulesSnapshot): ListenerCertificateBindingError {
    const existing = [...rules.domains.keys()];
    const shown = existing.slice(0, 10).join(", ") + (existing.length > 10 ? `, … (${existing.length} in all)` : "");
    return new ListenerCertificateBindingError(
        "Client.GaapDomainNotFound",
        `domain '${domain}' does not exist on GAAP listener '${listenerId}'` +
            (existing.length ? ` (its domains: ${shown})` : " (it has no domains)") +
            `. ListenerCertificateBinding sets the certificate of an existing domain and never creates one: ` +
            `create the domain first (GAAP console or CreateDomain), or fix 'domain'`,
        listenerId,
        domain,
        rules.requestId,
    );
}

/** The real check/diff/create/read/update/delete behind {@link listenerCertificateBindingProvider}. */
export function listenerCertificateBindingProviderImpl(deps: Partial<ListenerCertificateBindingDeps> = {}): pulumi.dynamic.ResourceProvider {
    const client = deps.client ?? defaultClient;
    const log = (): Logger => deps.log ?? defaultLogger();
    const now = deps.now ?? Date.now;
    const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
    const listeners = new ListenerCoordinator({ client, now, rulesTtlMs: deps.readCacheMs });

    /** Waits, holding the lock, until the domain shows `inputs` and runs; returns its final rule. */
    async function waitApplied(session: ListenerSession, inputs: BindingInputs, listener: HTTPSListener, deadline: number): Promise<DomainRuleSet> {
        const { listenerId, domain } = inputs;
        const rule = await waitUntil<{ rules: RulesSnapshot; rule?: DomainRuleSet }>({
            what: `${describeRequest(inputs)} on domain '${domain}' of GAAP listener '${listenerId}'`,
            poll: async () => {
                const rules = await session.rules(0);
                return { rules, rule: rules.domains.get(domain) };
            },
            done: ({ rule }) => !!rule && rule.DomainStatus === DomainStatus.Running && ruleMatches(rule, inputs, listener),
            failed: ({ rules, rule }) =>
                !rules.listenerFound ? "the listener disappeared" : !rule ? "the domain disappeared from the listener" : undefined,
            describe: ({ rule }) => describeRule(rule),
            timeoutMs: Math.max(0, deadline - now()),
            intervalMs: deps.pollIntervalMs ?? 500,
            maxIntervalMs: deps.maxPollIntervalMs ?? 5_000,
            progressEveryMs: 15_000,
            timeoutHint: `Check the domain in the GAAP console; raise waitTimeoutSeconds if the listener is slow, then run 'pulumi up' again.`,
            log: log(),
            sleep,
            now,
        }).catch((err: unknown) => {
            // The wait got what was left of the binding's timeout; report the timeout the user set.
            if (err instanceof WaitTimeoutError) {
                throw new WaitTimeoutError(err.message.replace(/^timed out after \d+s/, `timed out after ${inputs.waitTimeoutSeconds}s`), err.lastState);
            }
            throw err;
        });
        return rule.rule!;
    }

    /**
     * Makes the domain show `inputs` (create and update): one ModifyCertificate unless it already
     * does, then waits for GAAP to apply it. Holds the listener's lock throughout.
     */
    async function apply(inputs: BindingInputs, verb: string): Promise<ListenerCertificateBindingOutputs> {
        const { listenerId, domain } = inputs;
        const queued = listeners.lock.queueLength(listenerId);
        if (queued > 0) {
            log().info(`${domain}: waiting for ${queued} other change(s) on GAAP listener ${listenerId} (GAAP runs one task per listener at a time)`);
        }
        return listeners.exclusive(listenerId, async (session) => {
            const deadline = now() + inputs.waitTimeoutSeconds * 1000;
            const { listener } = await session.listener(LISTENER_ATTRIBUTES_MAX_AGE_MS);
            if (!listener) {
                throw listenerNotFound(listenerId, domain);
            }
            const requested = requestedClientCertificates(inputs);
            if (!isMutual(listener) && requested.length > 0) {
                const field = inputs.polyClientCertificateIds ? "polyClientCertificateIds" : "clientCertificateId";
                throw new ListenerCertificateBindingError(
                    "Client.GaapMutualAuthRequired",
                    `${field} is set for domain '${domain}', but GAAP listener '${listenerId}' uses one-way authentication (AuthType 0): ` +
                        `client certificates apply only to listeners with mutual authentication. Remove ${field}, or enable mutual authentication on the listener`,
                    listenerId,
                    domain,
                );
            }
            const rules = await session.rules(RULES_REUSE_IN_CHANGE_MS);
            if (!rules.listenerFound) {
                throw listenerNotFound(listenerId, domain, rules.requestId);
            }
            const current = rules.domains.get(domain);
            if (!current) {
                throw domainNotFound(listenerId, domain, rules);
            }
            if (ruleMatches(current, inputs, listener)) {
                log().debug(`${domain}: already has ${describeRequest(inputs)} on listener ${listenerId}; no change sent`);
            } else {
                log().info(`${verb} ${domain} on GAAP listener ${listenerId}: ${describeRule(current)} → ${describeRequest(inputs)}`);
                await sendModifyCertificate(session, buildRequest(inputs, listener), deadline);
                // GAAP applies the change asynchronously: an immediate read would only show "changing".
                await sleep(Math.min(deps.pollIntervalMs ?? 500, Math.max(0, deadline - now())));
            }
            const applied = current.DomainStatus === DomainStatus.Running && ruleMatches(current, inputs, listener)
                ? current
                : await waitApplied(session, inputs, listener, deadline);
            return outputsFrom(inputs, applied, listener);
        });
    }

    function buildRequest(inputs: BindingInputs, listener: HTTPSListener): ModifyCertificateRequest {
        const request: ModifyCertificateRequest = { ListenerId: inputs.listenerId, Domain: inputs.domain, CertificateId: inputs.certificateId };
        if (isMutual(listener)) {
            // With mutual authentication GAAP needs one of the two; none asked for = the listener's.
            if (inputs.polyClientCertificateIds && inputs.polyClientCertificateIds.length > 0) {
                request.PolyClientCertificateIds = [...inputs.polyClientCertificateIds];
            } else {
                request.ClientCertificateId = inputs.clientCertificateId ?? LISTENER_DEFAULT_CERTIFICATE;
            }
        }
        return request;
    }

    /**
     * ModifyCertificate, retried while the listener is busy until `deadline`: a listener can stay
     * busy for a long time (someone else's task), so the binding's own timeout bounds the retries,
     * not the client's default attempt cap.
     */
    async function sendModifyCertificate(session: ListenerSession, request: ModifyCertificateRequest, deadline: number): Promise<void> {
        await session.modifyCertificate(request, {
            // Setting the same certificate twice has the same effect, so a lost answer may be resent.
            idempotent: true,
            retryableCodes: LISTENER_BUSY_CODES,
            deadlineMs: Math.max(1_000, deadline - now()),
            maxAttempts: Number.MAX_SAFE_INTEGER,
        });
    }

    return {
        async check(_olds: any, news: any): Promise<pulumi.dynamic.CheckResult> {
            const { inputs, failures } = checkBindingInputs(news ?? {});
            return failures.length ? { inputs: inputs as any, failures } : { inputs: inputs as any };
        },

        async diff(_id: string, olds: ListenerCertificateBindingOutputs, news: BindingInputs): Promise<pulumi.dynamic.DiffResult> {
            const replaces: string[] = [];
            const changed: string[] = [];
            const differs = (key: keyof BindingInputs) => news[key] === UNKNOWN_VALUE || JSON.stringify(olds[key]) !== JSON.stringify(news[key]);
            for (const key of ["listenerId", "domain"] as const) {
                if (differs(key)) {
                    replaces.push(key);
                }
            }
            if (differs("certificateId")) {
                changed.push("certificateId");
            }
            const unknownClient = news.clientCertificateId === UNKNOWN_VALUE || (news.polyClientCertificateIds as unknown) === UNKNOWN_VALUE ||
                (Array.isArray(news.polyClientCertificateIds) && news.polyClientCertificateIds.includes(UNKNOWN_VALUE));
            if (unknownClient || !sameIds(requestedClientCertificates(olds), requestedClientCertificates(news))) {
                const polyInvolved = news.polyClientCertificateIds !== undefined || olds.polyClientCertificateIds !== undefined;
                const singleChanged = olds.clientCertificateId !== news.clientCertificateId;
                if (singleChanged || !polyInvolved) {
                    changed.push("clientCertificateId");
                }
                if (polyInvolved) {
                    changed.push("polyClientCertificateIds");
                }
            }
            if (olds.waitTimeoutSeconds !== news.waitTimeoutSeconds) {
                changed.push("waitTimeoutSeconds");
            }
            return {
                changes: replaces.length + changed.length > 0,
                replaces,
                deleteBeforeReplace: false,
            };
        },

        async create(inputs: BindingInputs): Promise<pulumi.dynamic.CreateResult> {
            const outs = await apply(inputs, "binding");
            return { id: formatBindingId(inputs.listenerId, inputs.domain), outs };
        },

        async read(id: string, props: ListenerCertificateBindingOutputs): Promise<pulumi.dynamic.ReadResult> {
            const { listenerId, domain } = parseBindingId(id);
            const [rules, { listener }] = await Promise.all([listeners.readRules(listenerId), listeners.readListener(listenerId)]);
            const rule = rules.domains.get(domain);
            if (!rules.listenerFound || !listener || !rule) {
                log().info(`${domain}: ${!rules.listenerFound || !listener ? `GAAP listener ${listenerId}` : `the domain on listener ${listenerId}`} no longer exists; dropping the binding from the stack`);
                return { id: "" };
            }
            const shape: BindingInputs = {
                listenerId,
                domain,
                certificateId: props?.certificateId ?? LISTENER_DEFAULT_CERTIFICATE,
                waitTimeoutSeconds: props?.waitTimeoutSeconds ?? DEFAULT_WAIT_TIMEOUT_SECONDS,
                ...(props?.clientCertificateId !== undefined ? { clientCertificateId: props.clientCertificateId } : {}),
                ...(props?.polyClientCertificateIds !== undefined ? { polyClientCertificateIds: props.polyClientCertificateIds } : {}),
            };
            const inputs = remoteInputs(shape, rule, listener);
            return { id, props: outputsFrom(inputs, rule, listener), inputs };
        },

        async update(_id: string, olds: ListenerCertificateBindingOutputs, news: BindingInputs): Promise<pulumi.dynamic.UpdateResult> {
            const certificatesUnchanged = olds.certificateId === news.certificateId &&
                sameIds(requestedClientCertificates(olds), requestedClientCertificates(news));
            if (certificatesUnchanged) {
                // Only settings of this binding changed (the wait timeout, or how client certificates are written).
                const { listenerId, domain, certificateId, clientCertificateId, polyClientCertificateIds, waitTimeoutSeconds, ...remote } = olds;
                return { outs: { ...remote, ...news } };
            }
            return { outs: await apply(news, "updating") };
        },

        async delete(id: string, props: ListenerCertificateBindingOutputs): Promise<void> {
            const { listenerId, domain } = parseBindingId(id);
            const waitTimeoutSeconds = props?.waitTimeoutSeconds ?? DEFAULT_WAIT_TIMEOUT_SECONDS;
            await listeners.exclusive(listenerId, async (session) => {
                const deadline = now() + waitTimeoutSeconds * 1000;
                const { listener } = await session.listener(LISTENER_ATTRIBUTES_MAX_AGE_MS);
                const rules = await session.rules(RULES_REUSE_IN_CHANGE_MS);
                const current = rules.domains.get(domain);
                if (!listener || !rules.listenerFound || !current) {
                    log().info(`${domain}: ${!current && listener && rules.listenerFound ? `no such domain on listener ${listenerId}` : `GAAP listener ${listenerId} no longer exists`}; nothing to revert`);
                    return;
                }
                const revert: BindingInputs = { listenerId, domain, certificateId: LISTENER_DEFAULT_CERTIFICATE, waitTimeoutSeconds };
                if (ruleMatches(current, revert, listener)) {
                    return;
                }
                log().info(`reverting ${domain} on GAAP listener ${listenerId} to the listener's certificate (was ${describeRule(current)})`);
                try {
                    await sendModifyCertificate(session, buildRequest(revert, listener), deadline);
                } catch (err) {
                    if (err instanceof TencentCloudError && err.code === GaapErrorCode.ResourceNotFound) {
                        return; // the listener or domain went away meanwhile: nothing left to revert
                    }
                    throw err;
                }
                try {
                    await sleep(Math.min(deps.pollIntervalMs ?? 500, Math.max(0, deadline - now())));
                    await waitApplied(session, revert, listener, deadline);
                } catch (err) {
                    if (err instanceof WaitFailedError) {
                        return; // the domain or listener disappeared while reverting: nothing left to revert
                    }
                    throw err;
                }
            });
        },
    };
}
