/** Puts a recorded binding object back to its original certificate setting (the lifecycles' last step, and the sweep). */
import type { TencentCloudApi } from "../../provider/tencentcloud/types";
import { readGaapDomain, readTeoHost, sameTeoSetting, setGaapCertificate, setTeoHost, type WaitSettings } from "./bindings";
import type { BindingRecord } from "./records";

export interface RestoreOutcome {
    /** `unchanged`: already the original; `restored`: set back now; `would restore`: a dry run found it changed. */
    action: "unchanged" | "restored" | "would restore";
    /** What the object had before the restore, for the report. */
    found: string;
    original: string;
}

function describeSetting(setting: { certificateId: string } | { mode: string; certIds: string[] }): string {
    if ("certificateId" in setting) return `certificate ${setting.certificateId}`;
    return setting.mode === "sslcert" ? `sslcert ${setting.certIds.join(",")}` : setting.mode;
}

export async function restoreRecord(api: TencentCloudApi, record: BindingRecord, wait: WaitSettings, dryRun = false): Promise<RestoreOutcome> {
    if (record.kind === "gaap") {
        const current = await readGaapDomain(api, record.target);
        const outcome = { found: describeSetting(current), original: describeSetting(record.original) };
        if (current.certificateId === record.original.certificateId) return { action: "unchanged", ...outcome };
        if (dryRun) return { action: "would restore", ...outcome };
        await setGaapCertificate(api, record.target, record.original, wait);
        return { action: "restored", ...outcome };
    }
    const current = await readTeoHost(api, record.target);
    const outcome = { found: describeSetting(current), original: describeSetting(record.original) };
    if (sameTeoSetting(current, record.original)) return { action: "unchanged", ...outcome };
    if (dryRun) return { action: "would restore", ...outcome };
    await setTeoHost(api, record.target, record.original, wait);
    return { action: "restored", ...outcome };
}

/** `gaap listener-x/www.example.com` or `teo zone-x/static.example.com`, for reports. */
export function describeRecordTarget(record: BindingRecord): string {
    return record.kind === "gaap" ? `gaap ${record.target.listenerId}/${record.target.domain}` : `teo ${record.target.zoneId}/${record.target.host}`;
}
