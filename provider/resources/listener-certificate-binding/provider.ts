/**
 * ListenerCertificateBinding's definition for the resource wrapper (common/resource.ts): its field
 * table and create/read/update/delete. Calls about one listener are serialized in this process;
 * different listeners proceed in parallel (remote.ts).
 */
import type * as pulumi from "@pulumi/pulumi";
import { TencentCloudError } from "../../tencentcloud/errors";
import {
    DomainStatus,
    GaapErrorCode,
    LISTENER_DEFAULT_CERTIFICATE,
    type DomainRuleSet,
    type HTTPSListener,
    type ModifyCertificateRequest,
} from "../../tencentcloud/services/gaap";
import type { Logger } from "../../tencentcloud/log";
import { ClockDeps, realClock, ResourceDeps } from "../common/deps";
import type { FieldTable } from "../common/fields";
import { resourceProvider, ResourceDefinition } from "../common/resource";
import { DEFAULT_POLL_INTERVAL_MS, waitUntil, WaitFailedError, WaitTimeoutError } from "../common/wait";
import type { Props } from "../common/wire";
import { requestedClientCertificates } from "./diff";
import { domainNotFound, LISTENER_BUSY_CODES, listenerNotFound, mutualAuthRequired } from "./errors";
import {
    BINDING_FIELDS,
    bindingRules,
    DEFAULT_WAIT_TIMEOUT_SECONDS,
    formatBindingId,
    parseBindingId,
    type BindingInputs,
    type ListenerCertificateBindingOutputs,
} from "./inputs";
import { buildRequest, describeRequest, describeRule, isMutual, remoteInputs, ruleMatches, outputsFrom } from "./mapping";
import { ListenerCoordinator, type ListenerSession, type RulesSnapshot } from "./remote";

export { LISTENER_BUSY_CODES } from "./errors";

/** What the binding's provider takes beyond {@link ResourceDeps} (tests pass their own). */
export interface ListenerCertificateBindingOptions extends ClockDeps {
    /** Poll interval while waiting for a change to apply, first and largest (ms). Default 500 / 5000. */
    pollIntervalMs: number;
    maxPollIntervalMs: number;
    /** How long one DescribeRules answer serves reads of the listener's bindings (ms). Default 5000. */
    readCacheMs: number;
}

/** How long a listener's attributes (auth type, own certificate) read inside a change stay valid. */
const LISTENER_ATTRIBUTES_MAX_AGE_MS = 30_000;
/** Back-to-back changes on one listener reuse the previous change's final DescribeRules. */
const RULES_REUSE_IN_CHANGE_MS = 1_000;

interface BindingContext {
    listeners: ListenerCoordinator;
    log: Logger;
    now(): number;
    sleep(ms: number): Promise<void>;
    pollIntervalMs: number;
    maxPollIntervalMs: number;
}

/** Waits, holding the lock, until the domain shows `inputs` and runs; returns its final rule. */
async function waitApplied(
    ctx: BindingContext,
    session: ListenerSession,
    inputs: BindingInputs,
    listener: HTTPSListener,
    deadline: number,
): Promise<DomainRuleSet> {
    const { listenerId, domain } = inputs;
    const rule = await waitUntil<{ rules: RulesSnapshot; rule?: DomainRuleSet }>({
        what: `${describeRequest(inputs)} on domain '${domain}' of GAAP listener '${listenerId}'`,
        poll: async () => {
            const rules = await session.rules(0);
            return { rules, rule: rules.domains.get(domain) };
        },
        done: ({ rule }) => !!rule && rule.DomainStatus === DomainStatus.Running && ruleMatches(rule, inputs, listener),
        failed: ({ rules, rule }) => (!rules.listenerFound ? "the listener disappeared" : !rule ? "the domain disappeared from the listener" : undefined),
        describe: ({ rule }) => describeRule(rule),
        timeoutMs: Math.max(0, deadline - ctx.now()),
        intervalMs: ctx.pollIntervalMs,
        maxIntervalMs: ctx.maxPollIntervalMs,
        progressEveryMs: 15_000,
        timeoutHint: `Check the domain in the GAAP console; raise waitTimeoutSeconds if the listener is slow, then run 'pulumi up' again.`,
        log: ctx.log,
        sleep: ctx.sleep,
        now: ctx.now,
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
 * ModifyCertificate, retried while the listener is busy until `deadline`: a listener can stay
 * busy for a long time (someone else's task), so the binding's own timeout bounds the retries,
 * not the client's default attempt cap.
 */
async function sendModifyCertificate(ctx: BindingContext, session: ListenerSession, request: ModifyCertificateRequest, deadline: number): Promise<void> {
    await session.modifyCertificate(request, {
        // Setting the same certificate twice has the same effect, so a lost answer may be resent.
        idempotent: true,
        retryableCodes: LISTENER_BUSY_CODES,
        deadlineMs: Math.max(1_000, deadline - ctx.now()),
        maxAttempts: Number.MAX_SAFE_INTEGER,
    });
}

/** GAAP applies a change asynchronously: an immediate read would only show "changing". */
function pauseAfterSend(ctx: BindingContext, deadline: number): Promise<void> {
    return ctx.sleep(Math.min(ctx.pollIntervalMs, Math.max(0, deadline - ctx.now())));
}

/** The domain's current rule, checked against what the listener allows for `inputs`. */
async function currentRule(session: ListenerSession, inputs: BindingInputs): Promise<{ listener: HTTPSListener; current: DomainRuleSet }> {
    const { listenerId, domain } = inputs;
    const { listener } = await session.listener(LISTENER_ATTRIBUTES_MAX_AGE_MS);
    if (!listener) {
        throw listenerNotFound(listenerId, domain);
    }
    if (!isMutual(listener) && requestedClientCertificates(inputs).length > 0) {
        throw mutualAuthRequired(inputs.polyClientCertificateIds ? "polyClientCertificateIds" : "clientCertificateId", listenerId, domain);
    }
    const rules = await session.rules(RULES_REUSE_IN_CHANGE_MS);
    if (!rules.listenerFound) {
        throw listenerNotFound(listenerId, domain, rules.requestId);
    }
    const current = rules.domains.get(domain);
    if (!current) {
        throw domainNotFound(listenerId, domain, [...rules.domains.keys()], rules.requestId);
    }
    return { listener, current };
}

/**
 * Makes the domain show `inputs` (create and update): one ModifyCertificate unless it already
 * does, then waits for GAAP to apply it. Holds the listener's lock throughout.
 */
async function apply(ctx: BindingContext, inputs: BindingInputs, verb: string): Promise<ListenerCertificateBindingOutputs> {
    const { listenerId, domain } = inputs;
    const queued = ctx.listeners.lock.queueLength(listenerId);
    if (queued > 0) {
        ctx.log.info(`${domain}: waiting for ${queued} other change(s) on GAAP listener ${listenerId} (GAAP runs one task per listener at a time)`);
    }
    return ctx.listeners.exclusive(listenerId, async (session) => {
        const deadline = ctx.now() + inputs.waitTimeoutSeconds * 1000;
        const { listener, current } = await currentRule(session, inputs);
        if (ruleMatches(current, inputs, listener)) {
            ctx.log.debug(`${domain}: already has ${describeRequest(inputs)} on listener ${listenerId}; no change sent`);
        } else {
            ctx.log.info(`${verb} ${domain} on GAAP listener ${listenerId}: ${describeRule(current)} → ${describeRequest(inputs)}`);
            await sendModifyCertificate(ctx, session, buildRequest(inputs, listener), deadline);
            await pauseAfterSend(ctx, deadline);
        }
        const applied =
            current.DomainStatus === DomainStatus.Running && ruleMatches(current, inputs, listener)
                ? current
                : await waitApplied(ctx, session, inputs, listener, deadline);
        return outputsFrom(inputs, applied, listener);
    });
}

async function readBinding(ctx: BindingContext, id: string, props: ListenerCertificateBindingOutputs): Promise<pulumi.dynamic.ReadResult> {
    const { listenerId, domain } = parseBindingId(id);
    const [rules, { listener }] = await Promise.all([ctx.listeners.readRules(listenerId), ctx.listeners.readListener(listenerId)]);
    const rule = rules.domains.get(domain);
    if (!rules.listenerFound || !listener || !rule) {
        ctx.log.info(
            `${domain}: ${!rules.listenerFound || !listener ? `GAAP listener ${listenerId}` : `the domain on listener ${listenerId}`} no longer exists; dropping the binding from the stack`,
        );
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
}

/** Sends the revert and waits for it; a listener or domain that went away meanwhile leaves nothing to revert. */
async function sendRevert(ctx: BindingContext, session: ListenerSession, revert: BindingInputs, listener: HTTPSListener, deadline: number): Promise<void> {
    try {
        await sendModifyCertificate(ctx, session, buildRequest(revert, listener), deadline);
    } catch (err) {
        if (err instanceof TencentCloudError && err.code === GaapErrorCode.ResourceNotFound) {
            return;
        }
        throw err;
    }
    try {
        await pauseAfterSend(ctx, deadline);
        await waitApplied(ctx, session, revert, listener, deadline);
    } catch (err) {
        if (err instanceof WaitFailedError) {
            return;
        }
        throw err;
    }
}

async function deleteBinding(ctx: BindingContext, id: string, props: ListenerCertificateBindingOutputs): Promise<void> {
    const { listenerId, domain } = parseBindingId(id);
    const waitTimeoutSeconds = props?.waitTimeoutSeconds ?? DEFAULT_WAIT_TIMEOUT_SECONDS;
    await ctx.listeners.exclusive(listenerId, async (session) => {
        const deadline = ctx.now() + waitTimeoutSeconds * 1000;
        const { listener } = await session.listener(LISTENER_ATTRIBUTES_MAX_AGE_MS);
        const rules = await session.rules(RULES_REUSE_IN_CHANGE_MS);
        const current = rules.domains.get(domain);
        if (!listener || !rules.listenerFound || !current) {
            ctx.log.info(
                `${domain}: ${!current && listener && rules.listenerFound ? `no such domain on listener ${listenerId}` : `GAAP listener ${listenerId} no longer exists`}; nothing to revert`,
            );
            return;
        }
        const revert: BindingInputs = { listenerId, domain, certificateId: LISTENER_DEFAULT_CERTIFICATE, waitTimeoutSeconds };
        if (ruleMatches(current, revert, listener)) {
            return;
        }
        ctx.log.info(`reverting ${domain} on GAAP listener ${listenerId} to the listener's certificate (was ${describeRule(current)})`);
        await sendRevert(ctx, session, revert, listener, deadline);
    });
}

type BindingDeps = ResourceDeps & Partial<ListenerCertificateBindingOptions>;

export const listenerCertificateBindingDefinition: ResourceDefinition<BindingDeps, BindingContext> = {
    name: "ListenerCertificateBinding",
    fields: BINDING_FIELDS as FieldTable,
    changesExistingObject: true,
    context: (deps) => {
        const now = deps.now ?? realClock.now;
        return {
            listeners: new ListenerCoordinator({ client: deps.client, now, rulesTtlMs: deps.readCacheMs }),
            log: deps.log,
            now,
            sleep: deps.sleep ?? realClock.sleep,
            pollIntervalMs: deps.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS,
            maxPollIntervalMs: deps.maxPollIntervalMs ?? 5_000,
        };
    },
    rules: bindingRules,
    async create(ctx, inputs) {
        const binding = inputs as BindingInputs;
        return { id: formatBindingId(binding.listenerId, binding.domain), outs: await apply(ctx, binding, "binding") };
    },
    read: (ctx, id, props) => readBinding(ctx, id, props as ListenerCertificateBindingOutputs),
    // The table's diff decides: only a change of the certificates gets here (a change of local settings alone makes no call).
    update: async (ctx, _id, _olds, news) => (await apply(ctx, news as BindingInputs, "updating")) as unknown as Props,
    delete: (ctx, id, props) => deleteBinding(ctx, id, props as ListenerCertificateBindingOutputs),
};

/** The binding's provider for `deps` (runtime passes the process's; tests their own). */
export function listenerCertificateBindingProviderImpl(deps: BindingDeps): pulumi.dynamic.ResourceProvider {
    return resourceProvider(listenerCertificateBindingDefinition, deps);
}
