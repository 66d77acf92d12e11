/**
 * Region names that name no known Tencent Cloud region (`ap-guangzou`), reported at Check as a
 * warning with the nearest known region (tencentcloud/regions.ts): the stack's region setting and
 * a resource's `region` input. A new region is allowed, so this never fails a preview. Each
 * distinct value is reported once per process (one provider host serves a whole run).
 */
import type { Logger } from "./tencentcloud/log";
import { REGION_NAME, unknownRegionWarning } from "./tencentcloud/regions";
import { readSetting } from "./tencentcloud/setting-names";
import type { ConfigSource, Environment } from "./tencentcloud/types";

const reported = new Set<string>();

/** Warns about the region setting and a resource's `region` input when either is unknown. */
export function warnAboutUnknownRegions(config: ConfigSource, regionInput: string | undefined, log: Logger, env: Environment = process.env): void {
    const candidates: [value: string, where: string][] = [];
    const setting = readSetting(config, env, "region");
    if (setting && REGION_NAME.test(setting.value)) {
        candidates.push([setting.value, setting.from]);
    }
    if (regionInput !== undefined && REGION_NAME.test(regionInput)) {
        candidates.push([regionInput, "a resource's input 'region'"]);
    }
    for (const [value, where] of candidates) {
        const warning = reported.has(value) ? undefined : unknownRegionWarning(value, where);
        if (warning) {
            reported.add(value);
            log.warn(warning);
        }
    }
}

/** Forgets which values were reported (tests only). */
export function resetRegionWarningsForTests(): void {
    reported.clear();
}
