/**
 * HostsCertificateBinding's definition for the resource wrapper (common/resource.ts): its field
 * table and Pulumi's operations mapped onto zone reads (remote.ts) and changes that wait for
 * deployment (apply.ts).
 */
import type * as pulumi from "@pulumi/pulumi";
import { realClock, ResourceDeps, ClockDeps } from "../common/deps";
import { expiryContext } from "../common/expiry";
import { defaultsOf, FieldTable, pickInputs } from "../common/fields";
import { reportVerification, textOf, textsOf, verificationFor, verifyAccountIfRemote } from "../common/preview-checks";
import { resourceProvider, ResourceDefinition, ScopedDeps } from "../common/resource";
import { verifyHostsBinding, type HostsBindingReferences, type SslCertificateUse, type VerificationDeps } from "../common/verify";
import { TEO_V20220106 } from "../../tencentcloud/services/teo";
import { refusedBySite } from "../../tencentcloud/sites";
import { DEFAULT_POLL_INTERVAL_MS, WaitFailedError, WaitTimeoutError } from "../common/wait";
import { CheckFailure, Props, PROVIDER_KEY } from "../common/wire";
import { applyDeleteBehavior, converge, ConvergeProgress, POLL_SHARE_MS, TeoContext } from "./apply";
import { quotedList } from "../common/validators";
import { resetsSameHosts, unfinishedDeployment } from "./diff";
import { ResourceInitError } from "./errors";
import { bindingName, ExpiryContext, keptBy, reportExpiry, reportVerifiedExpiry } from "./expiry";
import {
    formatId,
    HOSTS_FIELDS,
    hostsRules,
    type HostsCertificateApiVersion,
    HostsCertificateBindingInputs,
    HostsCertificateBindingOutputs,
    parseId,
} from "./inputs";
import { evaluateHost, reportedInputs, statusesFor, ZoneHosts, ZoneReader } from "./remote";

/** What the binding's provider takes beyond {@link ResourceDeps} (tests pass their own). */
export interface HostsCertificateBindingOptions extends ClockDeps {
    /** How long one zone read serves later reads (a whole refresh), in ms. Default 10000. */
    readCacheTtlMs: number;
    /** Poll interval while waiting for deployment during the first minute, in ms (then grows to 15 s). Default 500. */
    pollIntervalMs: number;
    /** How often a progress line is logged while waiting, in ms. Default 15000. */
    progressEveryMs: number;
}

/** What the operations share: zone reads and writes (apply.ts), expiry reporting and preview verification. */
interface BindingContext extends TeoContext {
    expiry: ExpiryContext;
    /** Preview verification of the context's account (absent: none). */
    verification?: VerificationDeps;
}

const inputsOf = (props: object | undefined) => pickInputs<HostsCertificateBindingInputs>(HOSTS_FIELDS as FieldTable, props as Props);

function outputsOf(inputs: HostsCertificateBindingInputs, zone: ZoneHosts | undefined): HostsCertificateBindingOutputs & Props {
    return { ...inputsOf(inputs), hostStatuses: statusesFor(inputs.hosts, zone) };
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

async function createHosts(ctx: BindingContext, news: Props): Promise<{ id: string; outs: Props }> {
    const inputs = inputsOf(news);
    const id = formatId(inputs.zoneId, inputs.hosts);
    return { id, outs: (await convergeOrKeep(ctx, id, inputs, news[PROVIDER_KEY])) as unknown as Props };
}

/** Diff reads only the recorded outputs (no API call): it warns about recorded certificates the change keeps. */
function warnAtDiff(ctx: BindingContext, id: string, olds: Props, news: Props): void {
    const old = olds as Partial<HostsCertificateBindingOutputs>;
    const next = news as Partial<HostsCertificateBindingInputs>;
    reportExpiry(ctx.expiry, bindingName(next, id), old.zoneId, old.hostStatuses, keptBy(old, next));
}

/** The inputs recorded in state; for a binding read by its id alone, the id's zone and hosts with the defaults. */
function storedInputs(id: string, props: Props): { inputs: HostsCertificateBindingInputs; known: boolean } {
    const known = typeof props?.zoneId === "string" && Array.isArray(props.hosts);
    return { known, inputs: { ...defaultsOf(HOSTS_FIELDS as FieldTable), ...(known ? inputsOf(props) : parseId(id)) } as HostsCertificateBindingInputs };
}

async function readHosts(ctx: BindingContext, id: string, props: Props): Promise<pulumi.dynamic.ReadResult> {
    const { inputs: base, known } = storedInputs(id, props);
    const zone = await ctx.reader.readUnlessGone(base.apiVersion, base.zoneId);
    const present = base.hosts.filter((h) => zone?.has(h));
    const missing = base.hosts.filter((h) => !zone?.has(h));
    if (!zone || present.length === 0) {
        const gone = zone ? `none of the hosts ${quotedList(base.hosts)} exist in zone '${base.zoneId}' any more` : `zone '${base.zoneId}' no longer exists`;
        ctx.log.warn(`HostsCertificateBinding ${id}: ${gone}; the binding is gone`);
        return { id: "", props: {} };
    }
    if (missing.length) {
        ctx.log.warn(
            `HostsCertificateBinding ${id}: host(s) ${quotedList(missing)} no longer exist in zone '${base.zoneId}' and were dropped from hosts; ` +
                `remove them from the program (or re-create the domains) to make this permanent`,
        );
    }
    const remotes = present.map((h) => zone.get(h)!);
    const outs = outputsOf(reportedInputs({ ...base, hosts: present }, remotes, !known), zone);
    reportExpiry(ctx.expiry, bindingName(base, id), base.zoneId, outs.hostStatuses);
    return { id, props: outs, inputs: inputsOf(outs) };
}

/** A change of anything but local settings: the hosts get the setting again (a no-op where it shows), removed hosts their deleteBehavior. */
async function updateHosts(ctx: BindingContext, id: string, olds: Props, news: Props): Promise<Props> {
    const inputs = inputsOf(news);
    const oldHosts = Array.isArray(olds.hosts) ? (olds.hosts as string[]) : [];
    const removed = oldHosts.filter((h) => !inputs.hosts.includes(h));
    const outs = await convergeOrKeep(ctx, id, inputs, news[PROVIDER_KEY]);
    if (removed.length) {
        await applyDeleteBehavior(ctx, inputs.zoneId, removed, inputs.deleteBehavior, inputs.waitTimeoutSeconds, `host(s) removed from binding ${id}`);
    }
    return outs as unknown as Props;
}

async function deleteHosts(ctx: TeoContext, id: string, props: Props): Promise<void> {
    const { inputs } = storedInputs(id, props);
    await applyDeleteBehavior(ctx, inputs.zoneId, inputs.hosts, inputs.deleteBehavior, inputs.waitTimeoutSeconds, `deleting binding ${id}`);
}

/** How each certificate field uses its SSL certificates. */
const CERTIFICATE_USES: ReadonlyArray<[string, SslCertificateUse]> = [
    ["serverCertIds", "server"],
    ["certIds", "server"],
    ["clientCertIds", "ca"],
    ["upstreamMutualTlsCertIds", "upstreamClient"],
    ["upstreamCustomCaCertIds", "ca"],
];

/** What a binding's inputs refer to, for preview verification (hostile old inputs give what they can). */
function references(inputs: Props): HostsBindingReferences {
    const certificates = CERTIFICATE_USES.filter(([property]) => Array.isArray(inputs[property])).map(([property, use]) => ({
        property,
        ids: textsOf(inputs[property]),
        use,
    }));
    return { zoneId: textOf(inputs.zoneId), hosts: textsOf(inputs.hosts), certificates };
}

/**
 * check's API part: the API version on the site (no call), the account's key when up would call the
 * API, then the zone, hosts and certificates that changed against the stack's inputs (the zone
 * through the shared zone reader, in the binding's API version).
 */
async function verifyBinding(ctx: BindingContext, news: Props, olds: Props): Promise<CheckFailure[]> {
    const apiVersion = news.apiVersion as HostsCertificateApiVersion;
    const refused = await refusedBySite(ctx.client, "apiVersion", "teo", apiVersion, "ModifyHostsCertificate");
    const verification = ctx.verification;
    if (refused.length > 0 || !verification?.enabled()) {
        return refused;
    }
    await verifyAccountIfRemote(verification, HOSTS_FIELDS as FieldTable, olds, news);
    const deps = {
        ...verification,
        readZone: (zoneId: string) => ctx.reader.view(apiVersion, zoneId),
        zoneReadAction: apiVersion === TEO_V20220106 ? "DescribeHostsCertificate" : "DescribeAccelerationDomains",
    };
    const sameVersion = olds.apiVersion === apiVersion && Object.keys(olds).length > 0;
    const result = await verifyHostsBinding(deps, references(news), sameVersion ? references(olds) : undefined);
    reportVerifiedExpiry(ctx.expiry, news, result.expiring);
    return reportVerification(ctx.log, result);
}

type HostsDeps = ResourceDeps & Partial<HostsCertificateBindingOptions>;

function hostsContext(deps: ScopedDeps<HostsDeps>): BindingContext {
    const now = deps.now ?? realClock.now;
    const pollIntervalMs = deps.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS;
    return {
        reader: new ZoneReader(() => deps.client(), now, deps.readCacheTtlMs ?? 10_000),
        client: () => deps.client(),
        log: deps.log,
        sleep: deps.sleep ?? realClock.sleep,
        now,
        intervalMs: pollIntervalMs,
        progressEveryMs: deps.progressEveryMs ?? 15_000,
        // A poll may use a zone read at most half a poll interval old: concurrent waiters share it.
        pollShareMs: Math.min(POLL_SHARE_MS, pollIntervalMs / 2),
        expiry: expiryContext(deps, now),
        verification: verificationFor(deps, now),
    };
}

export const hostsCertificateBindingDefinition: ResourceDefinition<HostsDeps, BindingContext> = {
    name: "HostsCertificateBinding",
    fields: HOSTS_FIELDS as FieldTable,
    changesExistingObject: true,
    context: hostsContext,
    rules: hostsRules,
    verify: verifyBinding,
    extraChanges: unfinishedDeployment,
    deleteBeforeReplace: resetsSameHosts,
    noteDiff: warnAtDiff,
    create: createHosts,
    read: readHosts,
    update: updateHosts,
    delete: deleteHosts,
};

/** The binding's provider for `deps` (runtime passes the process's; tests their own). */
export function hostsCertificateBindingProviderImpl(deps: HostsDeps): pulumi.dynamic.ResourceProvider {
    return resourceProvider(hostsCertificateBindingDefinition, deps);
}
