/**
 * HostsCertificateBinding: the certificate setting of one or more EdgeOne (TEO) acceleration
 * domains of a zone, through ModifyHostsCertificate, read back with DescribeAccelerationDomains
 * (API 2022-09-01) or DescribeHostsCertificate (API 2022-01-06).
 *
 * Inputs, validation and the id live in teo-inputs.ts, remote state and zone reads in
 * teo-remote.ts, error wording in teo-errors.ts; this file maps Pulumi's operations onto them.
 */
import * as pulumi from "@pulumi/pulumi";
import { makeShimProvider } from "../shim";
import type { Logger } from "../tencentcloud/log";
import { silentLogger } from "../tencentcloud/log";
import type { TencentCloudApi } from "../tencentcloud/types";
import {
    ModifyHostsCertificateRequest,
    TEO_V20220106,
    TEO_V20220901,
    modifyHostsCertificate,
    modifyHostsCertificateV20220106,
} from "../tencentcloud/services/teo";
import { WaitFailedError, WaitTimeoutError, waitUntil } from "./common/wait";
import {
    CERTIFICATE_FIELDS,
    DEFAULT_API_VERSION,
    DEFAULT_DELETE_BEHAVIOR,
    DEFAULT_WAIT_TIMEOUT_SECONDS,
    HostsCertificateApiVersion,
    HostsCertificateBindingInputs,
    HostsCertificateDeleteBehavior,
    HostsCertificateMode,
    MODES,
    HostsCertificateUpstreamVerifyMode,
    checkInputs,
    formatId,
    isUnknown,
    parseId,
    pickInputs,
    sameIds,
} from "./teo-inputs";
import {
    DesiredSetting,
    HostCertificateStatus,
    RemoteHost,
    ZoneHosts,
    ZoneReader,
    differingFields,
    evaluateHost,
    hostStatus,
    isDeploying,
} from "./teo-remote";
import {
    HostsCertificateBindingError,
    ResourceInitError,
    TEO_BUSY_CODES,
    TEO_V20220106_BUSY_CODES,
    explainDescribeError,
    explainModifyError,
    isZoneGone,
} from "./teo-errors";

export type {
    HostsCertificateApiVersion,
    HostsCertificateBindingInputs,
    HostsCertificateDeleteBehavior,
    HostsCertificateMode,
    HostsCertificateUpstreamVerifyMode,
} from "./teo-inputs";
export { formatId as formatHostsCertificateBindingId, parseId as parseHostsCertificateBindingId } from "./teo-inputs";
export type { HostCertificateStatus } from "./teo-remote";
export { HostsCertificateBindingError } from "./teo-errors";

// ---------------------------------------------------------------- public types

/** Arguments of {@link HostsCertificateBinding}, as a program passes them. */
export interface HostsCertificateBindingArgs {
    /** EdgeOne site id, e.g. "zone-2o1t24kgy362". Changing it replaces the binding. */
    zoneId: pulumi.Input<string>;
    /** Acceleration domains of the zone that get this certificate setting (one call for all). */
    hosts: pulumi.Input<pulumi.Input<string>[]>;
    /** "2022-09-01" (default) or "2022-01-06". Changing it replaces the binding. */
    apiVersion?: pulumi.Input<HostsCertificateApiVersion>;
    /** 2022-09-01: disable | eofreecert | eofreecert_manual | sslcert (implied by serverCertIds). */
    mode?: pulumi.Input<HostsCertificateMode>;
    /** 2022-09-01, mode "sslcert": SSL certificate ids to deploy. */
    serverCertIds?: pulumi.Input<pulumi.Input<string>[]>;
    /** 2022-09-01: CA certificate ids for edge mutual TLS; [] turns it off; unset leaves it alone. */
    clientCertIds?: pulumi.Input<pulumi.Input<string>[]>;
    /** 2022-09-01: certificate ids EdgeOne presents to the origin; [] turns it off; unset leaves it alone. */
    upstreamMutualTlsCertIds?: pulumi.Input<pulumi.Input<string>[]>;
    /** 2022-09-01: origin certificate verification, "disable" or "custom_ca"; unset leaves it alone. */
    upstreamVerifyMode?: pulumi.Input<HostsCertificateUpstreamVerifyMode>;
    /** 2022-09-01, upstreamVerifyMode "custom_ca": trusted CA certificate ids. */
    upstreamCustomCaCertIds?: pulumi.Input<pulumi.Input<string>[]>;
    /** 2022-01-06: SSL certificate ids; [] (default) = the default certificate. */
    certIds?: pulumi.Input<pulumi.Input<string>[]>;
    /** What delete does: "retain" (default), "disable" / "eofreecert" (2022-09-01), "default" (2022-01-06). */
    deleteBehavior?: pulumi.Input<HostsCertificateDeleteBehavior>;
    /** How long create/update/delete wait for deployment, in seconds (default 1800). */
    waitTimeoutSeconds?: pulumi.Input<number>;
}

/** Outputs: the inputs as EdgeOne reports them, plus per-host status. */
export interface HostsCertificateBindingOutputs extends HostsCertificateBindingInputs {
    hostStatuses: HostCertificateStatus[];
}

/** The provider object Pulumi serializes into state (a thin shim; see provider/shim.ts). */
export const hostsCertificateBindingProvider: pulumi.dynamic.ResourceProvider = makeShimProvider("hostsCertificateBinding");

/** The certificate setting of EdgeOne acceleration domains. Id: `zoneId#host1,host2` (sorted). */
export class HostsCertificateBinding extends pulumi.dynamic.Resource {
    declare readonly zoneId: pulumi.Output<string>;
    declare readonly hosts: pulumi.Output<string[]>;
    declare readonly apiVersion: pulumi.Output<HostsCertificateApiVersion>;
    declare readonly mode: pulumi.Output<HostsCertificateMode | undefined>;
    declare readonly serverCertIds: pulumi.Output<string[] | undefined>;
    declare readonly clientCertIds: pulumi.Output<string[] | undefined>;
    declare readonly upstreamMutualTlsCertIds: pulumi.Output<string[] | undefined>;
    declare readonly upstreamVerifyMode: pulumi.Output<HostsCertificateUpstreamVerifyMode | undefined>;
    declare readonly upstreamCustomCaCertIds: pulumi.Output<string[] | undefined>;
    declare readonly certIds: pulumi.Output<string[] | undefined>;
    declare readonly deleteBehavior: pulumi.Output<HostsCertificateDeleteBehavior>;
    declare readonly waitTimeoutSeconds: pulumi.Output<number>;
    /** Per host: mode, certificate ids, deploy status, earliest expiry, domain status. */
    declare readonly hostStatuses: pulumi.Output<HostCertificateStatus[]>;

    constructor(name: string, args: HostsCertificateBindingArgs, opts?: pulumi.CustomResourceOptions) {
        super(
            hostsCertificateBindingProvider,
            name,
            {
                mode: undefined,
                serverCertIds: undefined,
                clientCertIds: undefined,
                upstreamMutualTlsCertIds: undefined,
                upstreamVerifyMode: undefined,
                upstreamCustomCaCertIds: undefined,
                certIds: undefined,
                apiVersion: undefined,
                deleteBehavior: undefined,
                waitTimeoutSeconds: undefined,
                ...args,
                hostStatuses: undefined,
            },
            opts,
            // Type `pulumi-nodejs:dynamic/tencentcloud:HostsCertificateBinding`: readable in previews.
            "tencentcloud",
            "HostsCertificateBinding",
        );
    }
}

// ---------------------------------------------------------------- provider implementation

/** What the implementation needs from its surroundings (tests pass their own). */
export interface HostsCertificateBindingDeps {
    client(): TencentCloudApi;
    log: Logger;
    sleep(ms: number): Promise<void>;
    now(): number;
    /** How long one zone read serves later reads (a whole refresh), in ms. Default 10000. */
    readCacheTtlMs: number;
    /** First poll interval while waiting for deployment, in ms (grows to 15 s). Default 1000. */
    pollIntervalMs: number;
    /** How often a progress line is logged while waiting, in ms. Default 15000. */
    progressEveryMs: number;
}

/** Reads of one zone within this many ms share one Describe (concurrent bindings waiting). */
const POLL_SHARE_MS = 1_000;

function runtimeModule(): any {
    return require("../runtime");
}

function defaultDeps(): HostsCertificateBindingDeps {
    return {
        client: () => runtimeModule().getClient(),
        get log(): Logger {
            const rt = runtimeModule();
            return typeof rt.getLogger === "function" ? rt.getLogger() : silentLogger;
        },
        sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
        now: () => Date.now(),
        readCacheTtlMs: 10_000,
        pollIntervalMs: 1_000,
        progressEveryMs: 15_000,
    };
}

type Props = Record<string, unknown>;
const PROVIDER_KEY = "__provider";

const list = (items: readonly string[]): string => items.map((i) => `'${i}'`).join(", ");

/** The setting `delete` (or removing a host from `hosts`) applies; each behavior belongs to one API version. */
function deleteTarget(behavior: HostsCertificateDeleteBehavior): DesiredSetting | undefined {
    switch (behavior) {
        case "disable":
            return { apiVersion: TEO_V20220901, mode: "disable" };
        case "eofreecert":
            return { apiVersion: TEO_V20220901, mode: "eofreecert" };
        case "default":
            return { apiVersion: TEO_V20220106, certIds: [] };
        default:
            return undefined;
    }
}

function certIdsOf(setting: DesiredSetting): string[] {
    return [
        ...(setting.serverCertIds ?? []),
        ...(setting.certIds ?? []),
        ...(setting.clientCertIds ?? []),
        ...(setting.upstreamMutualTlsCertIds ?? []),
        ...(setting.upstreamCustomCaCertIds ?? []),
    ];
}

function modifyRequest(zoneId: string, hosts: string[], setting: DesiredSetting): ModifyHostsCertificateRequest {
    const request: ModifyHostsCertificateRequest = { ZoneId: zoneId, Hosts: hosts, Mode: setting.mode };
    if (setting.mode === "sslcert") {
        request.ServerCertInfo = (setting.serverCertIds ?? []).map((CertId) => ({ CertId }));
    }
    if (setting.clientCertIds !== undefined) {
        request.ClientCertInfo = setting.clientCertIds.length
            ? { Switch: "on", CertInfos: setting.clientCertIds.map((CertId) => ({ CertId })) }
            : { Switch: "off" };
    }
    if (setting.upstreamMutualTlsCertIds !== undefined || setting.upstreamVerifyMode !== undefined) {
        request.UpstreamCertInfo = {};
        if (setting.upstreamMutualTlsCertIds !== undefined) {
            request.UpstreamCertInfo.UpstreamMutualTLS = setting.upstreamMutualTlsCertIds.length
                ? { Switch: "on", CertInfos: setting.upstreamMutualTlsCertIds.map((CertId) => ({ CertId })) }
                : { Switch: "off" };
        }
        if (setting.upstreamVerifyMode !== undefined) {
            request.UpstreamCertInfo.UpstreamCertificateVerify =
                setting.upstreamVerifyMode === "custom_ca"
                    ? { VerificationMode: "custom_ca", CustomCACerts: (setting.upstreamCustomCaCertIds ?? []).map((CertId) => ({ CertId })) }
                    : { VerificationMode: "disable" };
        }
    }
    return request;
}

/**
 * The inputs as EdgeOne reports them: `base` unless a host differs from it, in which case the
 * certificate fields come from the first host that differs, so `pulumi preview --refresh` names
 * the drifted field. Ids that match as sets keep `base`'s order.
 */
export function reportedInputs(base: HostsCertificateBindingInputs, remotes: RemoteHost[], manageAll = false): HostsCertificateBindingInputs {
    const drifted = remotes.find((r) => differingFields(base, r).length > 0) ?? (manageAll ? remotes[0] : undefined);
    if (!drifted) return base;
    const keepOrder = (ours: string[] | undefined, theirs: string[]) => (sameIds(ours, theirs) ? ours! : theirs);
    const out: Record<string, unknown> = { ...base };
    for (const field of CERTIFICATE_FIELDS) delete out[field];
    const ids = drifted.certificates.map((c) => c.certId);
    if (base.apiVersion === TEO_V20220106) {
        out.certIds = drifted.mode === "default" ? [] : keepOrder(base.certIds, ids);
        return out as unknown as HostsCertificateBindingInputs;
    }
    if ((MODES as readonly string[]).includes(drifted.mode)) {
        out.mode = drifted.mode;
        if (drifted.mode === "sslcert") out.serverCertIds = keepOrder(base.serverCertIds, ids);
    } else {
        out.mode = drifted.mode || "disable";
    }
    if (manageAll || base.clientCertIds !== undefined) out.clientCertIds = keepOrder(base.clientCertIds, drifted.clientCertIds);
    if (manageAll || base.upstreamMutualTlsCertIds !== undefined) {
        out.upstreamMutualTlsCertIds = keepOrder(base.upstreamMutualTlsCertIds, drifted.upstreamMutualTlsCertIds);
    }
    if (manageAll || base.upstreamVerifyMode !== undefined) {
        const mode = drifted.upstreamVerifyMode === "custom_ca" ? "custom_ca" : "disable";
        out.upstreamVerifyMode = mode;
        if (mode === "custom_ca") out.upstreamCustomCaCertIds = keepOrder(base.upstreamCustomCaCertIds, drifted.upstreamCustomCaCertIds);
    }
    return out as unknown as HostsCertificateBindingInputs;
}

function statusesFor(hosts: readonly string[], zone: ZoneHosts | undefined): HostCertificateStatus[] {
    return [...hosts]
        .sort()
        .map((host) => zone?.get(host))
        .filter((r): r is RemoteHost => r !== undefined)
        .map(hostStatus);
}

function notReady(status: HostCertificateStatus, apiVersion: HostsCertificateApiVersion): boolean {
    const certs = status.deployStatus === "deployed" || status.deployStatus === "none";
    const domain = apiVersion === TEO_V20220106 || status.domainStatus === "online";
    return !(certs && domain);
}

/** The recorded host status shows the recorded mode (catches a 2022-01-06 host left without any certificate). */
function statusAgrees(status: HostCertificateStatus, setting: Partial<HostsCertificateBindingInputs>): boolean {
    if (setting.apiVersion === TEO_V20220106) return (setting.certIds ?? []).length > 0 || status.mode === "default";
    return setting.mode === undefined || status.mode === setting.mode;
}

function valuesDiffer(a: unknown, b: unknown): boolean {
    if (isUnknown(a) || isUnknown(b)) return true;
    if (Array.isArray(a) && Array.isArray(b)) return !sameIds(a as string[], b as string[]);
    return JSON.stringify(a) !== JSON.stringify(b);
}

/** The real check/diff/create/read/update/delete of HostsCertificateBinding. */
export function hostsCertificateBindingProviderImpl(overrides: Partial<HostsCertificateBindingDeps> = {}): pulumi.dynamic.ResourceProvider {
    const base = defaultDeps();
    const deps = {
        client: overrides.client ?? base.client,
        get log(): Logger {
            return overrides.log ?? base.log;
        },
        sleep: overrides.sleep ?? base.sleep,
        now: overrides.now ?? base.now,
        readCacheTtlMs: overrides.readCacheTtlMs ?? base.readCacheTtlMs,
        pollIntervalMs: overrides.pollIntervalMs ?? base.pollIntervalMs,
        progressEveryMs: overrides.progressEveryMs ?? base.progressEveryMs,
    };
    // A poll may use a zone read at most half a poll interval old: concurrent waiters share it.
    const pollShareMs = Math.min(POLL_SHARE_MS, deps.pollIntervalMs / 2);
    const reader = new ZoneReader({ client: () => deps.client(), now: () => deps.now(), ttlMs: deps.readCacheTtlMs });

    async function readZone(apiVersion: HostsCertificateApiVersion, zoneId: string, maxAgeMs?: number): Promise<ZoneHosts> {
        try {
            return await reader.read(apiVersion, zoneId, maxAgeMs);
        } catch (err) {
            if (isZoneGone(err)) throw err;
            throw explainDescribeError(err, zoneId, apiVersion);
        }
    }

    async function sendModify(zoneId: string, hosts: string[], setting: DesiredSetting, deadlineMs: number): Promise<void> {
        const api = deps.client();
        const options = { retryableCodes: TEO_BUSY_CODES, deadlineMs: Math.max(1_000, deadlineMs), idempotent: true };
        deps.log.info(`HostsCertificateBinding: ModifyHostsCertificate (teo ${setting.apiVersion}) zone '${zoneId}' hosts ${list(hosts)}`);
        try {
            if (setting.apiVersion === TEO_V20220106) {
                const ids = setting.certIds ?? [];
                await modifyHostsCertificateV20220106(
                    api,
                    ids.length ? { ZoneId: zoneId, Hosts: hosts, CertInfo: ids.map((CertId) => ({ CertId })) } : { ZoneId: zoneId, Hosts: hosts },
                    { ...options, retryableCodes: TEO_V20220106_BUSY_CODES },
                );
            } else {
                await modifyHostsCertificate(api, modifyRequest(zoneId, hosts, setting), options);
            }
        } catch (err) {
            throw explainModifyError(err, { zoneId, hosts, certIds: certIdsOf(setting), apiVersion: setting.apiVersion });
        } finally {
            reader.invalidate(zoneId);
        }
    }

    interface ConvergeProgress {
        /** ModifyHostsCertificate went out (the remote may have changed). */
        sent: boolean;
        /** The last zone state seen. */
        zone?: ZoneHosts;
    }

    /**
     * Brings `hosts` to `setting` and waits until each is deployed and online. Hosts already
     * showing the setting (deploying or deployed) are not sent again, so a retry after a timeout
     * only waits. Returns the final zone state.
     */
    async function converge(zoneId: string, hosts: string[], setting: DesiredSetting, timeoutSeconds: number, progress: ConvergeProgress): Promise<ZoneHosts> {
        const start = deps.now();
        const deadline = start + timeoutSeconds * 1000;
        let zone = await readZone(setting.apiVersion, zoneId, POLL_SHARE_MS);
        progress.zone = zone;
        const missing = hosts.filter((h) => !zone.has(h));
        if (missing.length) {
            throw new HostsCertificateBindingError(
                "ResourceUnavailable.HostNotFound",
                `host(s) ${list(missing)} are not acceleration domains of zone '${zoneId}' (teo ${setting.apiVersion} lists ${zone.size} domain(s)): ` +
                    `add them to the zone in EdgeOne first, or remove them from hosts`,
                { service: "teo" },
            );
        }
        let toSend = hosts.filter((h) => !evaluateHost(setting, zone.get(h)).applied);
        if (toSend.some((h) => isDeploying(zone.get(h)))) {
            // EdgeOne refuses a change while the previous one deploys (busy codes); wait it out
            // here instead of spending the client's retry budget on it.
            const busy = toSend.filter((h) => isDeploying(zone.get(h)));
            deps.log.info(`HostsCertificateBinding: ${list(busy)} in zone '${zoneId}' still deploy an earlier change; waiting for it before sending this one`);
            zone = await waitUntil<ZoneHosts>({
                what: `the earlier deployment on ${list(busy)} of zone '${zoneId}' to finish`,
                poll: async () => (progress.zone = await readZone(setting.apiVersion, zoneId, pollShareMs)),
                done: (z) => busy.every((h) => !isDeploying(z.get(h))),
                timeoutMs: Math.max(0, deadline - deps.now()),
                intervalMs: deps.pollIntervalMs,
                progressEveryMs: deps.progressEveryMs,
                timeoutHint: `Nothing was sent yet; run \`pulumi up\` again once the earlier deployment has finished.`,
                log: deps.log,
                sleep: deps.sleep,
                now: deps.now,
            });
            toSend = hosts.filter((h) => zone.has(h) && !evaluateHost(setting, zone.get(h)).applied);
        }
        if (toSend.length) {
            await sendModify(zoneId, toSend, setting, deadline - deps.now());
            progress.sent = true;
        } else if (hosts.some((h) => !evaluateHost(setting, zone.get(h)).ready)) {
            deps.log.info(`HostsCertificateBinding: zone '${zoneId}' already shows the requested certificate on ${list(hosts)}; waiting for deployment without sending it again`);
        }
        const evaluateAll = (z: ZoneHosts) => hosts.map((h) => evaluateHost(setting, z.get(h)));
        const action = setting.apiVersion === TEO_V20220106 ? "DescribeHostsCertificate" : "DescribeAccelerationDomains";
        zone = await waitUntil<ZoneHosts>({
            what: `certificate deployment on ${hosts.length === 1 ? `host '${hosts[0]}'` : `hosts ${list(hosts)}`} of zone '${zoneId}'`,
            poll: async () => {
                const z = await readZone(setting.apiVersion, zoneId, pollShareMs);
                progress.zone = z;
                return z;
            },
            done: (z) => evaluateAll(z).every((e) => e.ready),
            failed: (z) => {
                const bad = evaluateAll(z).find((e) => e.failure);
                return bad ? `${bad.summary}: ${bad.failure}` : undefined;
            },
            describe: (z) => {
                const pending = evaluateAll(z).filter((e) => !e.ready);
                return pending.slice(0, 5).map((e) => e.summary).join("; ") + (pending.length > 5 ? `; and ${pending.length - 5} more` : "");
            },
            timeoutMs: Math.max(0, deadline - deps.now()),
            intervalMs: deps.pollIntervalMs,
            progressEveryMs: deps.progressEveryMs,
            timeoutHint:
                `Check it with ${action} (teo ${setting.apiVersion}, ZoneId '${zoneId}') or in the EdgeOne console. ` +
                `Running \`pulumi up\` again resumes waiting without sending the change again; raise waitTimeoutSeconds if deployments take longer.`,
            log: deps.log,
            sleep: deps.sleep,
            now: deps.now,
        });
        progress.zone = zone;
        return zone;
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
        if (!progress.sent && !(inPlace && (cause instanceof WaitTimeoutError || cause instanceof WaitFailedError))) return cause;
        const properties: Props = { ...outputsOf(inputs, progress.zone) };
        if (providerValue !== undefined) properties[PROVIDER_KEY] = providerValue;
        return new ResourceInitError(id, properties, cause);
    }

    async function applyDeleteBehavior(
        zoneId: string,
        hosts: string[],
        apiVersion: HostsCertificateApiVersion,
        behavior: HostsCertificateDeleteBehavior,
        timeoutSeconds: number,
        why: string,
        retried = false,
    ): Promise<void> {
        const target = deleteTarget(behavior);
        if (!target) {
            deps.log.warn(`HostsCertificateBinding: ${why}: deleteBehavior "retain" leaves the certificate of ${list(hosts)} in zone '${zoneId}' as it is`);
            return;
        }
        let zone: ZoneHosts;
        try {
            zone = await readZone(target.apiVersion, zoneId, POLL_SHARE_MS);
        } catch (err) {
            if (isZoneGone(err)) {
                deps.log.info(`HostsCertificateBinding: zone '${zoneId}' no longer exists; nothing to reset`);
                return;
            }
            throw err;
        }
        const present = hosts.filter((h) => zone.has(h));
        const gone = hosts.filter((h) => !zone.has(h));
        if (gone.length) deps.log.info(`HostsCertificateBinding: host(s) ${list(gone)} no longer exist in zone '${zoneId}'; nothing to reset there`);
        if (present.length === 0) return;
        deps.log.info(`HostsCertificateBinding: ${why}: setting ${list(present)} to deleteBehavior "${behavior}"`);
        try {
            await converge(zoneId, present, target, timeoutSeconds, { sent: false });
        } catch (err) {
            const code = (err as { code?: string }).code;
            if (code === "ResourceUnavailable.ZoneNotFound" || code === "ResourceNotFound") return;
            if (code !== "ResourceUnavailable.HostNotFound" || retried) throw err;
            // A host vanished since the zone was read: read again and reset the ones left.
            reader.invalidate(zoneId);
            await applyDeleteBehavior(zoneId, hosts, apiVersion, behavior, timeoutSeconds, why, true);
        }
    }

    return {
        async check(_olds: Props, news: Props) {
            const { inputs, failures } = checkInputs(news ?? {});
            return failures.length ? { inputs: news, failures } : { inputs: inputs as unknown as Props };
        },

        async diff(_id: string, olds: Props, news: Props) {
            const old = olds as unknown as Partial<HostsCertificateBindingOutputs>;
            const next = news as unknown as HostsCertificateBindingInputs;
            const replaces: string[] = [];
            if (valuesDiffer(old.zoneId, next.zoneId)) replaces.push("zoneId");
            if (valuesDiffer(old.apiVersion ?? DEFAULT_API_VERSION, next.apiVersion ?? DEFAULT_API_VERSION)) replaces.push("apiVersion");
            const changed: string[] = [];
            if (valuesDiffer(old.hosts, next.hosts)) changed.push("hosts");
            for (const field of [...CERTIFICATE_FIELDS, "deleteBehavior", "waitTimeoutSeconds"] as const) {
                if (valuesDiffer(old[field], next[field])) changed.push(field);
            }
            const apiVersion = (old.apiVersion ?? DEFAULT_API_VERSION) as HostsCertificateApiVersion;
            if ((old.hostStatuses ?? []).some((s) => notReady(s, apiVersion) || !statusAgrees(s, old))) changed.push("hostStatuses");
            const oldHosts = Array.isArray(old.hosts) ? old.hosts : [];
            const nextHosts = Array.isArray(next.hosts) ? next.hosts : [];
            // Creating the replacement first and then resetting the same hosts would undo it.
            const deleteBeforeReplace =
                replaces.length > 0 &&
                (old.deleteBehavior ?? DEFAULT_DELETE_BEHAVIOR) !== "retain" &&
                old.zoneId === next.zoneId &&
                oldHosts.some((h) => nextHosts.includes(h) || isUnknown(h));
            return { changes: replaces.length + changed.length > 0, replaces, deleteBeforeReplace };
        },

        async create(news: Props) {
            const inputs = pickInputs(news);
            const id = formatId(inputs.zoneId, inputs.hosts);
            const progress: ConvergeProgress = { sent: false };
            try {
                const zone = await converge(inputs.zoneId, inputs.hosts, inputs, inputs.waitTimeoutSeconds, progress);
                return { id, outs: outputsOf(inputs, zone) };
            } catch (err) {
                throw initFailure(id, inputs, news[PROVIDER_KEY], progress, err);
            }
        },

        async read(id: string, props: Props) {
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
            if (!base.apiVersion) base.apiVersion = DEFAULT_API_VERSION;
            let zone: ZoneHosts;
            try {
                zone = await readZone(base.apiVersion, base.zoneId);
            } catch (err) {
                if (isZoneGone(err)) {
                    deps.log.warn(`HostsCertificateBinding ${id}: zone '${base.zoneId}' no longer exists; the binding is gone`);
                    return { id: "", props: {} };
                }
                throw err;
            }
            const present = base.hosts.filter((h) => zone.has(h));
            const missing = base.hosts.filter((h) => !zone.has(h));
            if (present.length === 0) {
                deps.log.warn(`HostsCertificateBinding ${id}: none of the hosts ${list(base.hosts)} exist in zone '${base.zoneId}' any more; the binding is gone`);
                return { id: "", props: {} };
            }
            if (missing.length) {
                deps.log.warn(
                    `HostsCertificateBinding ${id}: host(s) ${list(missing)} no longer exist in zone '${base.zoneId}' and were dropped from hosts; ` +
                        `remove them from the program (or re-create the domains) to make this permanent`,
                );
            }
            const reported = reportedInputs({ ...base, hosts: present }, present.map((h) => zone.get(h)!), !known);
            const outs = outputsOf(reported, zone);
            return { id, props: outs as unknown as Props, inputs: pickInputs(outs as unknown as Props) as unknown as Props };
        },

        async update(id: string, olds: Props, news: Props) {
            const old = olds as unknown as Partial<HostsCertificateBindingOutputs>;
            const inputs = pickInputs(news);
            const oldHosts = Array.isArray(old.hosts) ? old.hosts : [];
            const removed = oldHosts.filter((h) => !inputs.hosts.includes(h));
            const apiVersion = (old.apiVersion ?? DEFAULT_API_VERSION) as HostsCertificateApiVersion;
            const settingChanged =
                valuesDiffer(old.hosts, inputs.hosts) ||
                CERTIFICATE_FIELDS.some((f) => valuesDiffer(old[f], inputs[f])) ||
                (old.hostStatuses ?? []).some((s) => notReady(s, apiVersion) || !statusAgrees(s, old)) ||
                (old.hostStatuses ?? []).length === 0;
            let outs: HostsCertificateBindingOutputs;
            if (!settingChanged) {
                outs = { ...pickInputs(news), hostStatuses: old.hostStatuses ?? [] };
            } else {
                const progress: ConvergeProgress = { sent: false };
                try {
                    const zone = await converge(inputs.zoneId, inputs.hosts, inputs, inputs.waitTimeoutSeconds, progress);
                    outs = outputsOf(inputs, zone);
                } catch (err) {
                    throw initFailure(id, inputs, news[PROVIDER_KEY], progress, err);
                }
            }
            if (removed.length) {
                await applyDeleteBehavior(inputs.zoneId, removed, inputs.apiVersion, inputs.deleteBehavior, inputs.waitTimeoutSeconds, `host(s) removed from binding ${id}`);
            }
            return { outs };
        },

        async delete(id: string, props: Props) {
            const known = props && typeof props.zoneId === "string" && Array.isArray(props.hosts);
            const inputs = known ? pickInputs(props) : { ...parseId(id), apiVersion: DEFAULT_API_VERSION, deleteBehavior: DEFAULT_DELETE_BEHAVIOR, waitTimeoutSeconds: DEFAULT_WAIT_TIMEOUT_SECONDS };
            await applyDeleteBehavior(
                inputs.zoneId,
                inputs.hosts,
                inputs.apiVersion ?? DEFAULT_API_VERSION,
                inputs.deleteBehavior ?? DEFAULT_DELETE_BEHAVIOR,
                inputs.waitTimeoutSeconds ?? DEFAULT_WAIT_TIMEOUT_SECONDS,
                `deleting binding ${id}`,
            );
        },
    };
}
