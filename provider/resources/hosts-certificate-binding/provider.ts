/**
 * The real check/diff/create/read/update/delete of HostsCertificateBinding: Pulumi's operations
 * mapped onto zone reads (remote.ts) and changes that wait for deployment (apply.ts).
 */
import type * as pulumi from "@pulumi/pulumi";
import { realClock, ResourceDeps, ClockDeps } from "../common/deps";
import { ReportedOnce } from "../common/expiry";
import { DEFAULT_EXPIRY_WARNING_DAYS } from "../../tencentcloud/settings";
import { DEFAULT_POLL_INTERVAL_MS, WaitFailedError, WaitTimeoutError } from "../common/wait";
import { Props, PROVIDER_KEY } from "../common/wire";
import { applyDeleteBehavior, converge, ConvergeProgress, list, POLL_SHARE_MS, TeoContext } from "./apply";
import { diffHosts, statusesNeedWork, valuesDiffer } from "./diff";
import { isZoneGone, ResourceInitError } from "./errors";
import { bindingName, ExpiryContext, keptBy, reportExpiry } from "./expiry";
import {
    CERTIFICATE_FIELDS,
    checkInputs,
    DEFAULT_API_VERSION,
    DEFAULT_DELETE_BEHAVIOR,
    DEFAULT_WAIT_TIMEOUT_SECONDS,
    formatId,
    HostsCertificateBindingInputs,
    HostsCertificateBindingOutputs,
    parseId,
    pickInputs,
} from "./inputs";
import { evaluateHost, reportedInputs, statusesFor, ZoneHosts, ZoneReader } from "./remote";

/** What the binding's provider takes beyond {@link ResourceDeps} (tests pass their own). */
export interface HostsCertificateBindingOptions extends ClockDeps {
    /** How long one zone read serves later reads (a whole refresh), in ms. Default 10000. */
    readCacheTtlMs: number;
    /** First poll interval while waiting for deployment, in ms (grows to 15 s). Default 1000. */
    pollIntervalMs: number;
    /** How often a progress line is logged while waiting, in ms. Default 15000. */
    progressEveryMs: number;
}

/** What the operations share: zone reads and writes (apply.ts), and expiry reporting. */
interface BindingContext extends TeoContext {
    expiry: ExpiryContext;
}

function outputsOf(inputs: HostsCertificateBindingInputs, zone: ZoneHosts | undefined): HostsCertificateBindingOutputs {
    return { ...pickInputs(inputs as unknown as Props), hostStatuses: statusesFor(inputs.hosts, zone) };
}

/**
 * Once the change is in place remotely (sent now, or found applied and still deploying), a
 * failure keeps the resource in state with what is known, so the next `up` resumes waiting.
 * Before that, nothing changed and the error is a plain failure.
 */
function initFailure(id: string, inputs: HostsCertificateBindingInputs, providerValue: unknown, progress: ConvergeProgress, err: unknown): Error {
    const cause = err instanceof Error ? err : new Error(String(err));
    const zone = progress.zone;
    const inPlace = zone !== undefined && inputs.hosts.every((h) => evaluateHost(inputs, zone.get(h)).applied);
    if (!progress.sent && !(inPlace && (cause instanceof WaitTimeoutError || cause instanceof WaitFailedError))) {
        return cause;
    }
    const properties: Props = { ...outputsOf(inputs, progress.zone) };
    if (providerValue !== undefined) {
        properties[PROVIDER_KEY] = providerValue;
    }
    return new ResourceInitError(id, properties, cause);
}

/** Sends the binding's setting and waits for it; a failure keeps the resource in state (ResourceInitError). */
async function convergeOrKeep(
    ctx: BindingContext,
    id: string,
    inputs: HostsCertificateBindingInputs,
    providerValue: unknown,
): Promise<HostsCertificateBindingOutputs> {
    const progress: ConvergeProgress = { sent: false };
    let outs: HostsCertificateBindingOutputs;
    try {
        const zone = await converge(ctx, inputs.zoneId, inputs.hosts, inputs, inputs.waitTimeoutSeconds, progress);
        outs = outputsOf(inputs, zone);
    } catch (err) {
        throw initFailure(id, inputs, providerValue, progress, err);
    }
    reportExpiry(ctx.expiry, bindingName(inputs, id), inputs.zoneId, outs.hostStatuses);
    return outs;
}

async function createHosts(ctx: BindingContext, news: Props): Promise<pulumi.dynamic.CreateResult> {
    const inputs = pickInputs(news);
    const id = formatId(inputs.zoneId, inputs.hosts);
    return { id, outs: await convergeOrKeep(ctx, id, inputs, news[PROVIDER_KEY]) };
}

/** Diff from the recorded outputs only (no API call), warning about recorded certificates the change keeps. */
function diffWithExpiry(ctx: BindingContext, id: string, olds: Props, news: Props): pulumi.dynamic.DiffResult {
    const old = olds as unknown as Partial<HostsCertificateBindingOutputs>;
    const next = news as unknown as HostsCertificateBindingInputs;
    const result = diffHosts(old, next);
    reportExpiry(ctx.expiry, bindingName(next, id), old.zoneId, old.hostStatuses, keptBy(old, next));
    return result;
}

async function readHosts(ctx: BindingContext, id: string, props: Props): Promise<pulumi.dynamic.ReadResult> {
    const known = props && typeof props.zoneId === "string" && Array.isArray(props.hosts);
    const parsed = known ? undefined : parseId(id);
    const base: HostsCertificateBindingInputs = known
        ? pickInputs(props)
        : {
              zoneId: parsed!.zoneId,
              hosts: parsed!.hosts,
              apiVersion: DEFAULT_API_VERSION,
              deleteBehavior: DEFAULT_DELETE_BEHAVIOR,
              waitTimeoutSeconds: DEFAULT_WAIT_TIMEOUT_SECONDS,
          };
    if (!base.apiVersion) {
        base.apiVersion = DEFAULT_API_VERSION;
    }
    let zone: ZoneHosts;
    try {
        zone = await ctx.reader.read(base.apiVersion, base.zoneId);
    } catch (err) {
        if (isZoneGone(err)) {
            ctx.log.warn(`HostsCertificateBinding ${id}: zone '${base.zoneId}' no longer exists; the binding is gone`);
            return { id: "", props: {} };
        }
        throw err;
    }
    const present = base.hosts.filter((h) => zone.has(h));
    const missing = base.hosts.filter((h) => !zone.has(h));
    if (present.length === 0) {
        ctx.log.warn(`HostsCertificateBinding ${id}: none of the hosts ${list(base.hosts)} exist in zone '${base.zoneId}' any more; the binding is gone`);
        return { id: "", props: {} };
    }
    if (missing.length) {
        ctx.log.warn(
            `HostsCertificateBinding ${id}: host(s) ${list(missing)} no longer exist in zone '${base.zoneId}' and were dropped from hosts; ` +
                `remove them from the program (or re-create the domains) to make this permanent`,
        );
    }
    const reported = reportedInputs(
        { ...base, hosts: present },
        present.map((h) => zone.get(h)!),
        !known,
    );
    const outs = outputsOf(reported, zone);
    reportExpiry(ctx.expiry, bindingName(base, id), base.zoneId, outs.hostStatuses);
    return { id, props: outs as unknown as Props, inputs: pickInputs(outs as unknown as Props) as unknown as Props };
}

async function updateHosts(ctx: BindingContext, id: string, olds: Props, news: Props): Promise<pulumi.dynamic.UpdateResult> {
    const old = olds as unknown as Partial<HostsCertificateBindingOutputs>;
    const inputs = pickInputs(news);
    const oldHosts = Array.isArray(old.hosts) ? old.hosts : [];
    const removed = oldHosts.filter((h) => !inputs.hosts.includes(h));
    const settingChanged =
        valuesDiffer(old.hosts, inputs.hosts) ||
        CERTIFICATE_FIELDS.some((f) => valuesDiffer(old[f], inputs[f])) ||
        statusesNeedWork(old) ||
        (old.hostStatuses ?? []).length === 0;
    const outs: HostsCertificateBindingOutputs = settingChanged
        ? await convergeOrKeep(ctx, id, inputs, news[PROVIDER_KEY])
        : { ...pickInputs(news), hostStatuses: old.hostStatuses ?? [] };
    if (removed.length) {
        await applyDeleteBehavior(ctx, inputs.zoneId, removed, inputs.deleteBehavior, inputs.waitTimeoutSeconds, `host(s) removed from binding ${id}`);
    }
    return { outs };
}

async function deleteHosts(ctx: TeoContext, id: string, props: Props): Promise<void> {
    const known = props && typeof props.zoneId === "string" && Array.isArray(props.hosts);
    const inputs = known
        ? pickInputs(props)
        : { ...parseId(id), apiVersion: DEFAULT_API_VERSION, deleteBehavior: DEFAULT_DELETE_BEHAVIOR, waitTimeoutSeconds: DEFAULT_WAIT_TIMEOUT_SECONDS };
    await applyDeleteBehavior(
        ctx,
        inputs.zoneId,
        inputs.hosts,
        inputs.deleteBehavior ?? DEFAULT_DELETE_BEHAVIOR,
        inputs.waitTimeoutSeconds ?? DEFAULT_WAIT_TIMEOUT_SECONDS,
        `deleting binding ${id}`,
    );
}

/** The real check/diff/create/read/update/delete of HostsCertificateBinding. */
export function hostsCertificateBindingProviderImpl(deps: ResourceDeps & Partial<HostsCertificateBindingOptions>): pulumi.dynamic.ResourceProvider {
    const now = deps.now ?? realClock.now;
    const pollIntervalMs = deps.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS;
    const ctx: BindingContext = {
        reader: new ZoneReader(
            () => deps.client(),
            () => now(),
            deps.readCacheTtlMs ?? 10_000,
        ),
        client: () => deps.client(),
        log: deps.log,
        sleep: deps.sleep ?? realClock.sleep,
        now,
        pollIntervalMs,
        progressEveryMs: deps.progressEveryMs ?? 15_000,
        // A poll may use a zone read at most half a poll interval old: concurrent waiters share it.
        pollShareMs: Math.min(POLL_SHARE_MS, pollIntervalMs / 2),
        expiry: {
            log: deps.log,
            now,
            warningDays: () => (deps.expiryWarningDays ? deps.expiryWarningDays() : DEFAULT_EXPIRY_WARNING_DAYS),
            reported: new ReportedOnce(),
        },
    };
    return {
        async check(_olds: Props, news: Props) {
            const { inputs, failures } = checkInputs(news ?? {});
            return failures.length ? { inputs: news, failures } : { inputs: inputs as unknown as Props };
        },
        diff: async (id: string, olds: Props, news: Props) => diffWithExpiry(ctx, id, olds, news),
        create: (news: Props) => createHosts(ctx, news),
        read: (id: string, props: Props) => readHosts(ctx, id, props),
        update: (id: string, olds: Props, news: Props) => updateHosts(ctx, id, olds, news),
        delete: (id: string, props: Props) => deleteHosts(ctx, id, props),
    };
}
