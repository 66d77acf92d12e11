/**
 * ListenerCertificateBinding's definition for the resource wrapper (common/resource.ts): its field
 * table and create/read/update/delete. Calls about one listener are serialized in this process;
 * different listeners proceed in parallel (remote.ts).
 */
import type * as pulumi from "@pulumi/pulumi";
import { DomainStatus, GaapErrorCode, LISTENER_DEFAULT_CERTIFICATE, type DomainRuleSet, type HTTPSListener } from "../../tencentcloud/services/gaap";
import type { Logger } from "../../tencentcloud/log";
import { ClockDeps, realClock, ResourceDeps } from "../common/deps";
import { errorCode } from "../common/errors";
import { defaultsOf, FieldTable, pickInputs } from "../common/fields";
import { reportVerification, textOf, textsOf, verificationFor, verifyAccountIfRemote } from "../common/preview-checks";
import { resourceProvider, ResourceDefinition } from "../common/resource";
import { verifyListenerBinding, type GaapListing, type ListenerBindingReferences, type VerificationDeps } from "../common/verify";
import { expiryContext, type ExpiryContext } from "../common/expiry";
import { DEFAULT_POLL_INTERVAL_MS, waitUntil, WaitFailedError, WaitTimeoutError } from "../common/wait";
import type { CheckFailure, Props } from "../common/wire";
import { requestedClientCertificates } from "./diff";
import { domainNotFound, LISTENER_BUSY_CODES, listenerNotFound, mutualAuthRequired } from "./errors";
import { BINDING_FIELDS, bindingRules, formatBindingId, parseBindingId, type BindingInputs, type ListenerCertificateBindingOutputs } from "./inputs";
import { expiryListing, reportGaapExpiry, reportKeptExpiry, reportVerifiedExpiry } from "./expiry";
import { buildRequest, describeRequest, describeRule, isMutual, remoteInputs, ruleMatches, ruleShowsApplied, outputsFrom, withExpiry } from "./mapping";
import { ListenerCoordinator, type ListenerSession, type RulesSnapshot } from "./remote";

export { LISTENER_BUSY_CODES } from "./errors";

/** What the binding's provider takes beyond {@link ResourceDeps} (tests pass their own). */
export interface ListenerCertificateBindingOptions extends ClockDeps {
    /** Poll interval while waiting for a change to apply, during the first minute and at most (ms). Default 500 / 5000. */
    pollIntervalMs: number;
    maxPollIntervalMs: number;
    /** How long one DescribeRules answer serves reads of the listener's bindings (ms). Default 5000. */
    readCacheMs: number;
}

/** How long a listener's attributes (auth type, own certificate) read inside a change stay valid. */
const LISTENER_ATTRIBUTES_MAX_AGE_MS = 30_000;
/** Back-to-back changes on one listener reuse the previous change's final DescribeRules. */
const RULES_REUSE_IN_CHANGE_MS = 1_000;

interface BindingContext extends ClockDeps {
    listeners: ListenerCoordinator;
    log: Logger;
    intervalMs: number;
    maxIntervalMs: number;
    /** Preview verification of the context's account (absent: none). */
    verification?: VerificationDeps;
    expiry: ExpiryContext;
}

/** Waits, holding the lock, until the domain shows `inputs` and runs; returns its final rule. */
async function waitApplied(ctx: BindingContext, session: ListenerSession, inputs: BindingInputs, listener: HTTPSListener, deadline: number) {
    const { listenerId, domain } = inputs;
    const rule = await waitUntil<{ rules: RulesSnapshot; rule?: DomainRuleSet }>({
        ...ctx,
        what: `${describeRequest(inputs)} on domain '${domain}' of GAAP listener '${listenerId}'`,
        poll: async () => {
            const rules = await session.rules(0);
            return { rules, rule: rules.domains.get(domain) };
        },
        done: ({ rule }) => !!rule && rule.DomainStatus === DomainStatus.Running && ruleShowsApplied(rule, inputs, listener),
        failed: ({ rules, rule }) => (!rules.listenerFound ? "the listener disappeared" : !rule ? "the domain disappeared from the listener" : undefined),
        describe: ({ rule }) => describeRule(rule),
        timeoutMs: Math.max(0, deadline - ctx.now()),
        progressEveryMs: 15_000,
        timeoutHint: `Check the domain in the GAAP console; raise waitTimeoutSeconds if the listener is slow, then run 'pulumi up' again.`,
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
 * ModifyCertificate, retried while the listener is busy until `deadline` (a listener can stay busy
 * for a long time with someone else's task, so the binding's own timeout bounds the retries, not
 * the client's attempt cap); then a pause, since GAAP applies a change asynchronously and an
 * immediate read would only show "changing".
 */
async function send(ctx: BindingContext, session: ListenerSession, inputs: BindingInputs, listener: HTTPSListener, deadline: number): Promise<void> {
    // Setting the same certificate twice has the same effect, so a lost answer may be resent.
    const options = {
        idempotent: true,
        retryableCodes: LISTENER_BUSY_CODES,
        deadlineMs: Math.max(1_000, deadline - ctx.now()),
        maxAttempts: Number.MAX_SAFE_INTEGER,
    };
    await session.modifyCertificate(buildRequest(inputs, listener), options);
    await ctx.sleep(Math.min(ctx.intervalMs, Math.max(0, deadline - ctx.now())));
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
    const current = rules.domains.get(domain);
    if (!rules.listenerFound || !current) {
        throw rules.listenerFound
            ? domainNotFound(listenerId, domain, [...rules.domains.keys()], rules.requestId)
            : listenerNotFound(listenerId, domain, rules.requestId);
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
        const matches = ruleMatches(current, inputs, listener);
        if (matches) {
            ctx.log.debug(`${domain}: already has ${describeRequest(inputs)} on listener ${listenerId}; no change sent`);
        } else {
            ctx.log.info(`${verb} ${domain} on GAAP listener ${listenerId}: ${describeRule(current)} → ${describeRequest(inputs)}`);
            await send(ctx, session, inputs, listener, deadline);
        }
        const running = matches && current.DomainStatus === DomainStatus.Running;
        return outputsFrom(inputs, running ? current : await waitApplied(ctx, session, inputs, listener, deadline), listener);
    });
}

/** The outputs of a change or read with the certificates' expiry, reported (create, update, read). */
function withExpiryReported(ctx: BindingContext, id: string, outputs: ListenerCertificateBindingOutputs, listing: GaapListing | undefined): Props {
    const outs = withExpiry(outputs, listing);
    reportGaapExpiry(ctx.expiry, id, outs);
    return outs;
}

async function readBinding(ctx: BindingContext, id: string, props: Props): Promise<pulumi.dynamic.ReadResult> {
    const { listenerId, domain } = parseBindingId(id);
    const [rules, { listener }, listing] = await Promise.all([
        ctx.listeners.readRules(listenerId),
        ctx.listeners.readListener(listenerId),
        expiryListing(ctx.expiry, ctx.verification),
    ]);
    const rule = rules.domains.get(domain);
    if (!rules.listenerFound || !listener || !rule) {
        const what = !rules.listenerFound || !listener ? `GAAP listener ${listenerId}` : `the domain on listener ${listenerId}`;
        ctx.log.info(`${domain}: ${what} no longer exists; dropping the binding from the stack`);
        return { id: "" };
    }
    const shape = { ...defaultsOf(BINDING_FIELDS), ...pickInputs(BINDING_FIELDS, props), listenerId, domain } as BindingInputs;
    const inputs = remoteInputs(shape, rule, listener);
    return { id, props: withExpiryReported(ctx, id, outputsFrom(inputs, rule, listener), listing), inputs };
}

/** Reverts the domain to the listener's certificates and waits; a listener or domain that went away meanwhile leaves nothing to revert. */
async function deleteBinding(ctx: BindingContext, id: string, props: Props): Promise<void> {
    const { listenerId, domain } = parseBindingId(id);
    const revert = { ...defaultsOf(BINDING_FIELDS), ...pickInputs(BINDING_FIELDS, props), listenerId, domain } as BindingInputs;
    const { clientCertificateId: _client, polyClientCertificateIds: _poly, ...listenersOwn } = { ...revert, certificateId: LISTENER_DEFAULT_CERTIFICATE };
    await ctx.listeners.exclusive(listenerId, async (session) => {
        const deadline = ctx.now() + revert.waitTimeoutSeconds * 1000;
        const { listener } = await session.listener(LISTENER_ATTRIBUTES_MAX_AGE_MS);
        const rules = await session.rules(RULES_REUSE_IN_CHANGE_MS);
        const current = rules.domains.get(domain);
        if (!listener || !rules.listenerFound || !current) {
            const what =
                !current && listener && rules.listenerFound ? `no such domain on listener ${listenerId}` : `GAAP listener ${listenerId} no longer exists`;
            return ctx.log.info(`${domain}: ${what}; nothing to revert`);
        }
        if (ruleMatches(current, listenersOwn, listener)) {
            return;
        }
        ctx.log.info(`reverting ${domain} on GAAP listener ${listenerId} to the listener's certificate (was ${describeRule(current)})`);
        const gone = (err: unknown) => errorCode(err) === GaapErrorCode.ResourceNotFound || err instanceof WaitFailedError;
        await send(ctx, session, listenersOwn, listener, deadline)
            .then(() => waitApplied(ctx, session, listenersOwn, listener, deadline))
            .catch((err: unknown) => {
                if (!gone(err)) {
                    throw err;
                }
            });
    });
}

/** What a binding's inputs refer to, for preview verification (hostile old inputs give what they can). */
function references(inputs: Props): ListenerBindingReferences {
    const single = textOf(inputs.clientCertificateId);
    const clientCertificates =
        inputs.polyClientCertificateIds !== undefined
            ? { property: "polyClientCertificateIds", ids: textsOf(inputs.polyClientCertificateIds) }
            : single !== undefined
              ? { property: "clientCertificateId", ids: [single] }
              : undefined;
    return { listenerId: textOf(inputs.listenerId), domain: textOf(inputs.domain), certificateId: textOf(inputs.certificateId), clientCertificates };
}

/**
 * check's API part: the account's key when up would call the API, then the listener, domain and
 * certificates that changed against the stack's inputs (the listener through the shared rules cache).
 */
async function verifyBinding(ctx: BindingContext, news: Props, olds: Props): Promise<CheckFailure[]> {
    const verification = ctx.verification;
    if (!verification?.enabled()) {
        return [];
    }
    await verifyAccountIfRemote(verification, BINDING_FIELDS as FieldTable, olds, news);
    const deps = { ...verification, readListener: (listenerId: string) => ctx.listeners.view(listenerId) };
    const previous = Object.keys(olds).length > 0 ? references(olds) : undefined;
    const result = await verifyListenerBinding(deps, references(news), previous);
    reportVerifiedExpiry(ctx.expiry, news, result.expiring);
    return reportVerification(ctx.log, result);
}

type BindingDeps = ResourceDeps & Partial<ListenerCertificateBindingOptions>;

export const listenerCertificateBindingDefinition: ResourceDefinition<BindingDeps, BindingContext> = {
    name: "ListenerCertificateBinding",
    fields: BINDING_FIELDS as FieldTable,
    changesExistingObject: true,
    context: (deps) => ({
        listeners: new ListenerCoordinator({ client: deps.client, now: deps.now ?? realClock.now, rulesTtlMs: deps.readCacheMs }),
        log: deps.log,
        now: deps.now ?? realClock.now,
        sleep: deps.sleep ?? realClock.sleep,
        intervalMs: deps.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS,
        maxIntervalMs: deps.maxPollIntervalMs ?? 5_000,
        verification: verificationFor(deps, deps.now ?? realClock.now),
        expiry: expiryContext(deps, deps.now ?? realClock.now),
    }),
    rules: bindingRules,
    verify: verifyBinding,
    noteDiff: (ctx, id, olds, news) => reportKeptExpiry(ctx.expiry, id, olds, news),
    async create(ctx, inputs) {
        const binding = inputs as BindingInputs;
        const id = formatBindingId(binding.listenerId, binding.domain);
        const outs = await apply(ctx, binding, "binding");
        return { id, outs: withExpiryReported(ctx, id, outs, await expiryListing(ctx.expiry, ctx.verification)) };
    },
    read: readBinding,
    // The table's diff decides: only a change of the certificates gets here (a change of local settings alone makes no call).
    async update(ctx, id, _olds, news) {
        const outs = await apply(ctx, news as BindingInputs, "updating");
        return withExpiryReported(ctx, id, outs, await expiryListing(ctx.expiry, ctx.verification));
    },
    delete: deleteBinding,
};

/** The binding's provider for `deps` (runtime passes the process's; tests their own). */
export function listenerCertificateBindingProviderImpl(deps: BindingDeps): pulumi.dynamic.ResourceProvider {
    return resourceProvider(listenerCertificateBindingDefinition, deps);
}
