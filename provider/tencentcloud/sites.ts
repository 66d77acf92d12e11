/**
 * Which API actions each Tencent Cloud site offers, where the two differ for the actions we call.
 *
 * - CSR actions (ssl 2019-12-05 CreateCSR, DescribeCSR, DescribeCSRSet, ModifyCSR, BatchDeleteCSR):
 *   both sites. The international SDK models them; the China-site SDK (tencentcloud-sdk-nodejs
 *   4.1.313) and command-line tool do not, but the China-site API documents list all five on
 *   ssl.tencentcloudapi.com (cloud.tencent.com/document/product/400/140461 "CSR相关接口", e.g.
 *   document/api/400/140465 CreateCSR), adding an optional `SubjectAltName.N` we do not send. So
 *   `site: china` sends them to the China ssl endpoint; the requests conform to the international
 *   model (a subset of the China-site documents').
 * - EdgeOne (teo) 2022-01-06 ModifyHostsCertificate and DescribeHostsCertificate: international site
 *   only. The China-site API dropped them in April 2023 (its command-line tool's teo 2022-01-06
 *   keeps five purge/prefetch/zone actions since release 3.0.859.1; the China-site SDK 4.1.313
 *   models neither), while the international SDK (tencentcloud-sdk-nodejs-intl-en 3.0.1335) and
 *   documents (www.tencentcloud.com/document/api/1145/48234) still have them. With `site: china`
 *   they are refused, at preview, naming the fix (apiVersion "2022-09-01").
 *
 * Without a `site` setting the account's site is not known: nothing is refused and each service
 * goes to its default host.
 */
import { ConfigError } from "./errors";
import type { ServiceName, Site, SiteSetting, TencentCloudApi } from "./types";

export type SiteSupport = { supported: true } | { supported: false; reason: string };

interface SiteGap {
    site: Site;
    service: ServiceName;
    version: string;
    actions: readonly string[];
    reason: string;
}

const SITE_GAPS: readonly SiteGap[] = [
    {
        site: "china",
        service: "teo",
        version: "2022-01-06",
        actions: ["ModifyHostsCertificate", "DescribeHostsCertificate"],
        reason: 'the China-site EdgeOne API no longer has ModifyHostsCertificate/DescribeHostsCertificate in version 2022-01-06 (removed in April 2023; the international site still has them): use apiVersion "2022-09-01" (mode: "sslcert" with serverCertIds), or site "intl" for an international-site account',
    },
];

function gapOf(service: ServiceName, version: string, action: string): SiteGap | undefined {
    return SITE_GAPS.find((gap) => gap.service === service && gap.version === version && gap.actions.includes(action));
}

/** Whether `site` offers `action` of `service` `version`; an unknown site (undefined) is taken to offer everything. */
export function siteSupports(site: Site | undefined, service: ServiceName, version: string, action: string): SiteSupport {
    const gap = gapOf(service, version, action);
    return gap && gap.site === site ? { supported: false, reason: gap.reason } : { supported: true };
}

/** The error a call the configured site does not offer fails with, before anything is sent; undefined when offered. */
export function siteRefusal(site: SiteSetting | undefined, service: ServiceName, version: string, action: string): ConfigError | undefined {
    const support = siteSupports(site?.value, service, version, action);
    return support.supported || !site
        ? undefined
        : new ConfigError(site.from, `${service}.${action} ${version} is not available with ${site.from} '${site.value}': ${support.reason}.`);
}

/**
 * For a resource's check (preview): a failure on `property` when the site the client is configured
 * for does not offer the action; [] otherwise. Builds no client for actions every site offers, and
 * leaves settings problems to the check of the settings.
 */
export function refusedBySite(
    client: () => TencentCloudApi,
    property: string,
    service: ServiceName,
    version: string,
    action: string,
): { property: string; reason: string }[] {
    if (!gapOf(service, version, action)) return [];
    let site: SiteSetting | undefined;
    try {
        site = client().site;
    } catch {
        return [];
    }
    const refusal = siteRefusal(site, service, version, action);
    return refusal ? [{ property, reason: refusal.message }] : [];
}
