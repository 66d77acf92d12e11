/**
 * HostsCertificateBinding's diff beyond the field table (inputs.ts: the zone and API version
 * replace, hosts and certificate settings change in place): a recorded host status that shows the
 * setting not (or no longer) deployed is a change too, so the next `up` finishes the work; and a
 * replacement on the same hosts that resets them deletes first.
 */
import { TEO_V20220106 } from "../../tencentcloud/services/teo";
import { isUnknown, type Props } from "../common/wire";
import { DEFAULT_API_VERSION, DEFAULT_DELETE_BEHAVIOR, type HostsCertificateApiVersion, type HostsCertificateBindingOutputs } from "./inputs";
import type { HostCertificateStatus } from "./inputs";

function notReady(status: HostCertificateStatus, apiVersion: HostsCertificateApiVersion): boolean {
    const certs = status.deployStatus === "deployed" || status.deployStatus === "none";
    const domain = apiVersion === TEO_V20220106 || status.domainStatus === "online";
    return !(certs && domain);
}

/** The recorded host status shows the recorded mode (catches a 2022-01-06 host left without any certificate). */
function statusAgrees(status: HostCertificateStatus, setting: Partial<HostsCertificateBindingOutputs>): boolean {
    if (setting.apiVersion === TEO_V20220106) {
        return (setting.certIds ?? []).length > 0 || status.mode === "default";
    }
    return setting.mode === undefined || status.mode === setting.mode;
}

/** The recorded host statuses show nothing deployed yet, the setting not deployed, or not the recorded one. */
export function statusesNeedWork(old: Partial<HostsCertificateBindingOutputs>): boolean {
    const apiVersion = (old.apiVersion ?? DEFAULT_API_VERSION) as HostsCertificateApiVersion;
    const statuses = old.hostStatuses ?? [];
    return statuses.length === 0 || statuses.some((s) => notReady(s, apiVersion) || !statusAgrees(s, old));
}

/** `hostStatuses` counts as changed while the recorded deployment is unfinished. */
export function unfinishedDeployment(olds: Props): string[] {
    return statusesNeedWork(olds as Partial<HostsCertificateBindingOutputs>) ? ["hostStatuses"] : [];
}

/** Creating the replacement first and then resetting the same hosts would undo it. */
export function resetsSameHosts(olds: Props, news: Props): boolean {
    const oldHosts = Array.isArray(olds.hosts) ? (olds.hosts as string[]) : [];
    const nextHosts = Array.isArray(news.hosts) ? (news.hosts as string[]) : [];
    return (
        (olds.deleteBehavior ?? DEFAULT_DELETE_BEHAVIOR) !== "retain" &&
        olds.zoneId === news.zoneId &&
        oldHosts.some((h) => nextHosts.includes(h) || isUnknown(h))
    );
}
