/**
 * HostsCertificateBinding's writes: ModifyHostsCertificate in either API version, and the wait
 * until every host shows the setting deployed (and online), shared by create, update and delete.
 */
import {
    modifyHostsCertificate,
    modifyHostsCertificateV20220106,
    ModifyHostsCertificateRequest,
    TEO_V20220106,
    TEO_V20220901,
} from "../../tencentcloud/services/teo";
import type { TencentCloudApi } from "../../tencentcloud/types";
import type { Logger } from "../../tencentcloud/log";
import type { ClockDeps } from "../common/deps";
import { apiParams } from "../common/fields";
import { waitUntil } from "../common/wait";
import { errorCode } from "../common/errors";
import { quotedList } from "../common/validators";
import { explainModifyError, HostsCertificateBindingError, TEO_BUSY_CODES, TEO_V20220106_BUSY_CODES } from "./errors";
import { CERTIFICATE_FIELDS, HOSTS_FIELDS, type DesiredSetting, type HostsCertificateDeleteBehavior } from "./inputs";
import { evaluateHost, isDeploying, ZoneHosts, ZoneReader } from "./remote";

/** What the binding's operations share: the zone reader, client, logger, clock and poll settings. */
export interface TeoContext extends ClockDeps {
    reader: ZoneReader;
    client(): TencentCloudApi;
    log: Logger;
    /** Poll interval during a wait's first minute, and how often a progress line is logged (ms). */
    intervalMs: number;
    progressEveryMs: number;
    /** A poll may use a zone read at most this old: concurrent waiters share it. */
    pollShareMs: number;
}

/** Reads of one zone within this many ms share one Describe (concurrent bindings waiting). */
export const POLL_SHARE_MS = 1_000;

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

/** Every certificate a setting names (any role), for messages. */
function certIdsOf(setting: DesiredSetting): string[] {
    return CERTIFICATE_FIELDS.flatMap((field) => {
        const value = setting[field];
        return Array.isArray(value) ? value : [];
    });
}

/** ModifyHostsCertificate in the setting's API version, its parameters from the field table. */
export async function sendModify(ctx: TeoContext, zoneId: string, hosts: string[], setting: DesiredSetting, deadlineMs: number): Promise<void> {
    const api = ctx.client();
    const request = apiParams(HOSTS_FIELDS, { ...setting, zoneId, hosts }) as unknown as ModifyHostsCertificateRequest;
    const options = { retryableCodes: TEO_BUSY_CODES, deadlineMs: Math.max(1_000, deadlineMs), idempotent: true };
    ctx.log.info(`HostsCertificateBinding: ModifyHostsCertificate (teo ${setting.apiVersion}) zone '${zoneId}' hosts ${quotedList(hosts)}`);
    try {
        if (setting.apiVersion === TEO_V20220106) {
            await modifyHostsCertificateV20220106(api, request, { ...options, retryableCodes: TEO_V20220106_BUSY_CODES });
        } else {
            await modifyHostsCertificate(api, request, options);
        }
    } catch (err) {
        throw explainModifyError(err, { zoneId, hosts, certIds: certIdsOf(setting), apiVersion: setting.apiVersion });
    } finally {
        ctx.reader.invalidate(zoneId);
    }
}

export interface ConvergeProgress {
    /** ModifyHostsCertificate went out (the remote may have changed). */
    sent: boolean;
    /** The last zone state seen. */
    zone?: ZoneHosts;
}

/** Reads the zone for a poll (a read at most `pollShareMs` old serves: concurrent waiters share it), noting it in `progress`. */
async function pollZone(ctx: TeoContext, setting: DesiredSetting, zoneId: string, progress: ConvergeProgress, maxAgeMs = ctx.pollShareMs) {
    return (progress.zone = await ctx.reader.read(setting.apiVersion, zoneId, maxAgeMs));
}

/**
 * Brings `hosts` to `setting` and waits until each is deployed and online. Hosts already
 * showing the setting (deploying or deployed) are not sent again, so a retry after a timeout
 * only waits. Returns the final zone state.
 */
export async function converge(ctx: TeoContext, zoneId: string, hosts: string[], setting: DesiredSetting, timeoutSeconds: number, progress: ConvergeProgress) {
    const deadline = ctx.now() + timeoutSeconds * 1000;
    let zone = await pollZone(ctx, setting, zoneId, progress, POLL_SHARE_MS);
    const missing = hosts.filter((h) => !zone.has(h));
    if (missing.length) {
        const why = `host(s) ${quotedList(missing)} are not acceleration domains of zone '${zoneId}' (teo ${setting.apiVersion} lists ${zone.size} domain(s))`;
        throw new HostsCertificateBindingError("ResourceUnavailable.HostNotFound", `${why}: add them to the zone in EdgeOne first, or remove them from hosts`, {
            service: "teo",
        });
    }
    const unapplied = (z: ZoneHosts) => hosts.filter((h) => z.has(h) && !evaluateHost(setting, z.get(h)).applied);
    const busy = unapplied(zone).filter((h) => isDeploying(zone.get(h)));
    if (busy.length) {
        // EdgeOne refuses a change while the previous one deploys (busy codes): wait it out here
        // instead of spending the client's retry budget on it.
        ctx.log.info(`HostsCertificateBinding: ${quotedList(busy)} in zone '${zoneId}' still deploy an earlier change; waiting for it before sending this one`);
        zone = await waitUntil<ZoneHosts>({
            ...ctx,
            what: `the earlier deployment on ${quotedList(busy)} of zone '${zoneId}' to finish`,
            poll: () => pollZone(ctx, setting, zoneId, progress),
            done: (z) => busy.every((h) => !isDeploying(z.get(h))),
            timeoutMs: Math.max(0, deadline - ctx.now()),
            timeoutHint: `Nothing was sent yet; run \`pulumi up\` again once the earlier deployment has finished.`,
        });
    }
    const toSend = unapplied(zone);
    if (toSend.length) {
        await sendModify(ctx, zoneId, toSend, setting, deadline - ctx.now());
        progress.sent = true;
    } else if (hosts.some((h) => !evaluateHost(setting, zone.get(h)).ready)) {
        ctx.log.info(
            `HostsCertificateBinding: zone '${zoneId}' already shows the requested certificate on ${quotedList(hosts)}; waiting for deployment without sending it again`,
        );
    }
    return waitForDeployment(ctx, zoneId, hosts, setting, deadline, progress);
}

/** Polls the zone until every host shows the setting deployed (or one failed), within the deadline. */
function waitForDeployment(ctx: TeoContext, zoneId: string, hosts: string[], setting: DesiredSetting, deadline: number, progress: ConvergeProgress) {
    const evaluateAll = (z: ZoneHosts) => hosts.map((h) => evaluateHost(setting, z.get(h)));
    const action = setting.apiVersion === TEO_V20220106 ? "DescribeHostsCertificate" : "DescribeAccelerationDomains";
    const pending = (z: ZoneHosts) => evaluateAll(z).filter((e) => !e.ready);
    return waitUntil<ZoneHosts>({
        ...ctx,
        what: `certificate deployment on ${hosts.length === 1 ? `host '${hosts[0]}'` : `hosts ${quotedList(hosts)}`} of zone '${zoneId}'`,
        poll: () => pollZone(ctx, setting, zoneId, progress),
        done: (z) => pending(z).length === 0,
        failed: (z) => evaluateAll(z).flatMap((e) => (e.failure ? [`${e.summary}: ${e.failure}`] : []))[0],
        describe: (z) =>
            pending(z)
                .slice(0, 5)
                .map((e) => e.summary)
                .join("; ") + (pending(z).length > 5 ? `; and ${pending(z).length - 5} more` : ""),
        timeoutMs: Math.max(0, deadline - ctx.now()),
        timeoutHint:
            `Check it with ${action} (teo ${setting.apiVersion}, ZoneId '${zoneId}') or in the EdgeOne console. ` +
            `Running \`pulumi up\` again resumes waiting without sending the change again; raise waitTimeoutSeconds if deployments take longer.`,
    });
}

/** What delete (and removing hosts from a binding) does: `behavior`'s setting on the hosts still in the zone. */
export async function applyDeleteBehavior(
    ctx: TeoContext,
    zoneId: string,
    hosts: string[],
    behavior: HostsCertificateDeleteBehavior,
    timeoutSeconds: number,
    why: string,
) {
    const target = deleteTarget(behavior);
    if (!target) {
        ctx.log.warn(`HostsCertificateBinding: ${why}: deleteBehavior "retain" leaves the certificate of ${quotedList(hosts)} in zone '${zoneId}' as it is`);
        return;
    }
    for (let attempt = 1; ; attempt++) {
        const zone = await ctx.reader.readUnlessGone(target.apiVersion, zoneId, POLL_SHARE_MS);
        const [present, gone] = [hosts.filter((h) => zone?.has(h)), hosts.filter((h) => !zone?.has(h))];
        if (zone && gone.length) {
            ctx.log.info(`HostsCertificateBinding: host(s) ${quotedList(gone)} no longer exist in zone '${zoneId}'; nothing to reset there`);
        } else if (!zone) {
            ctx.log.info(`HostsCertificateBinding: zone '${zoneId}' no longer exists; nothing to reset`);
        }
        if (present.length === 0) {
            return;
        }
        ctx.log.info(`HostsCertificateBinding: ${why}: setting ${quotedList(present)} to deleteBehavior "${behavior}"`);
        try {
            await converge(ctx, zoneId, present, target, timeoutSeconds, { sent: false });
            return;
        } catch (err) {
            const code = errorCode(err);
            if (code === "ResourceUnavailable.ZoneNotFound" || code === "ResourceNotFound") {
                return;
            }
            if (code !== "ResourceUnavailable.HostNotFound" || attempt > 1) {
                throw err;
            }
            ctx.reader.invalidate(zoneId); // a host vanished since the zone was read: read again and reset the ones left
        }
    }
}
