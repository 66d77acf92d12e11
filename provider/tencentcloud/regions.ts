/**
 * Tencent Cloud's region names, and the nearest one to a name that is not among them.
 *
 * The region only picks the access point calls are sent to (X-TC-Region), and a new region can
 * appear at any time, so an unknown name is a warning, never an error: a typo such as
 * `ap-guangzou` is named with its nearest known region.
 *
 * Sources: the region constants of the Go SDK (TencentCloud/tencentcloud-sdk-go,
 * tencentcloud/common/regions/regions.go) and the finance regions of the TencentDB region table
 * (https://www.tencentcloud.com/zh/document/product/239/4106: ap-beijing-fsi, ap-shanghai-fsi,
 * ap-shenzhen-fsi).
 */

/** What a region name looks like (`ap-guangzhou`): the tencentcloud:region setting and the `region` input are checked against it. */
export const REGION_NAME = /^[a-z]{2,}(-[a-z0-9]+)+$/;

export const KNOWN_REGIONS: readonly string[] = [
    "ap-bangkok",
    "ap-beijing",
    "ap-beijing-fsi",
    "ap-chengdu",
    "ap-chongqing",
    "ap-guangzhou",
    "ap-guangzhou-open",
    "ap-hongkong",
    "ap-jakarta",
    "ap-mumbai",
    "ap-nanjing",
    "ap-seoul",
    "ap-shanghai",
    "ap-shanghai-fsi",
    "ap-shenzhen-fsi",
    "ap-singapore",
    "ap-tokyo",
    "eu-frankfurt",
    "eu-moscow",
    "na-ashburn",
    "na-siliconvalley",
    "na-toronto",
    "sa-saopaulo",
];

/** A suggestion further than this many edits away is more likely a new region than a typo. */
const MAX_SUGGESTION_DISTANCE = 3;

/**
 * Edit distance with adjacent transpositions (optimal string alignment): `ap-guangzou` is 1 from
 * `ap-guangzhou`, `ap-sinagpore` 1 from `ap-singapore`.
 */
export function editDistance(a: string, b: string): number {
    const rows = a.length + 1;
    const cols = b.length + 1;
    const d: number[][] = Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
    for (let i = 1; i < rows; i++) {
        for (let j = 1; j < cols; j++) {
            const cost = a[i - 1] === b[j - 1] ? 0 : 1;
            d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
            if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
                d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
            }
        }
    }
    return d[a.length][b.length];
}

export function isKnownRegion(region: string): boolean {
    return KNOWN_REGIONS.includes(region);
}

/** The known region nearest to `region` (ties: the first in table order), or undefined when none is close. */
export function nearestRegion(region: string): string | undefined {
    let best: { name: string; distance: number } | undefined;
    for (const name of KNOWN_REGIONS) {
        const distance = editDistance(region, name);
        if (!best || distance < best.distance) {
            best = { name, distance };
        }
    }
    return best && best.distance <= MAX_SUGGESTION_DISTANCE ? best.name : undefined;
}

/**
 * The warning for a region name that is not a known region, or undefined for a known one.
 * `where` names the setting or input, e.g. `tencentcloud:region` or `CsrResource web: region`.
 */
export function unknownRegionWarning(region: string, where: string): string | undefined {
    if (isKnownRegion(region)) {
        return undefined;
    }
    const nearest = nearestRegion(region);
    const guess = nearest ? `did you mean '${nearest}'?` : `known regions: ${KNOWN_REGIONS.join(", ")}.`;
    return (
        `${where} is '${region}', which is not a Tencent Cloud region this package knows; ${guess} ` +
        `Calls are sent with X-TC-Region '${region}'. If it is a new region, ignore this warning.`
    );
}
