/**
 * HostsCertificateBinding diff: the zone and API version identify the binding (a change replaces
 * it); hosts and certificate settings change in place, and so does a recorded host status that
 * shows the setting not (or no longer) deployed, so the next `up` finishes the work.
 */
import type * as pulumi from "@pulumi/pulumi";
import { TEO_V20220106 } from "../../tencentcloud/services/teo";
import { isUnknown } from "../common/wire";
import {
    CERTIFICATE_FIELDS,
    DEFAULT_API_VERSION,
    DEFAULT_DELETE_BEHAVIOR,
    sameIds,
    type HostsCertificateApiVersion,
    type HostsCertificateBindingInputs,
    type HostsCertificateBindingOutputs,
} from "./inputs";
import type { HostCertificateStatus } from "./inputs";

function notReady(status: HostCertificateStatus, apiVersion: HostsCertificateApiVersion): boolean {
    const certs = status.deployStatus === "deployed" || status.deployStatus === "none";
    const domain = apiVersion === TEO_V20220106 || status.domainStatus === "online";
    return !(certs && domain);
}

/** The recorded host status shows the recorded mode (catches a 2022-01-06 host left without any certificate). */
function statusAgrees(status: HostCertificateStatus, setting: Partial<HostsCertificateBindingInputs>): boolean {
    if (setting.apiVersion === TEO_V20220106) {
        return (setting.certIds ?? []).length > 0 || status.mode === "default";
    }
    return setting.mode === undefined || status.mode === setting.mode;
}

export function valuesDiffer(a: unknown, b: unknown): boolean {
    if (isUnknown(a) || isUnknown(b)) {
        return true;
    }
    if (Array.isArray(a) && Array.isArray(b)) {
        return !sameIds(a as string[], b as string[]);
    }
    return JSON.stringify(a) !== JSON.stringify(b);
}

/** A recorded host status shows the setting not deployed, or not the recorded one. */
export function statusesNeedWork(old: Partial<HostsCertificateBindingOutputs>): boolean {
    const apiVersion = (old.apiVersion ?? DEFAULT_API_VERSION) as HostsCertificateApiVersion;
    return (old.hostStatuses ?? []).some((s) => notReady(s, apiVersion) || !statusAgrees(s, old));
}

export function diffHosts(old: Partial<HostsCertificateBindingOutputs>, next: HostsCertificateBindingInputs): pulumi.dynamic.DiffResult {
    const replaces: string[] = [];
    if (valuesDiffer(old.zoneId, next.zoneId)) {
        replaces.push("zoneId");
    }
    if (valuesDiffer(old.apiVersion ?? DEFAULT_API_VERSION, next.apiVersion ?? DEFAULT_API_VERSION)) {
        replaces.push("apiVersion");
    }
    const changed: string[] = [];
    if (valuesDiffer(old.hosts, next.hosts)) {
        changed.push("hosts");
    }
    for (const field of [...CERTIFICATE_FIELDS, "deleteBehavior", "waitTimeoutSeconds"] as const) {
        if (valuesDiffer(old[field], next[field])) {
            changed.push(field);
        }
    }
    if (statusesNeedWork(old)) {
        changed.push("hostStatuses");
    }
    const oldHosts = Array.isArray(old.hosts) ? old.hosts : [];
    const nextHosts = Array.isArray(next.hosts) ? next.hosts : [];
    // Creating the replacement first and then resetting the same hosts would undo it.
    const deleteBeforeReplace =
        replaces.length > 0 &&
        (old.deleteBehavior ?? DEFAULT_DELETE_BEHAVIOR) !== "retain" &&
        old.zoneId === next.zoneId &&
        oldHosts.some((h) => nextHosts.includes(h) || isUnknown(h));
    return { changes: replaces.length + changed.length > 0, replaces, deleteBeforeReplace };
}
