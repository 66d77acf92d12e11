/** The region table and nearest-match (provider/tencentcloud/regions.ts), and the once-per-value warning at Check. */
import { strict as assert } from "node:assert";
import { resetRegionWarningsForTests, warnAboutUnknownRegions } from "../../provider/region-warnings";
import { editDistance, isKnownRegion, KNOWN_REGIONS, nearestRegion, unknownRegionWarning } from "../../provider/tencentcloud/regions";
import { configOf } from "../support/config-source";
import { recordingLogger } from "../support/recording-logger";

describe("regions: table and nearest known region", () => {
    it("edit distance counts insertions, deletions, substitutions and adjacent swaps as one edit each", () => {
        assert.equal(editDistance("ap-guangzou", "ap-guangzhou"), 1);
        assert.equal(editDistance("ap-sinagpore", "ap-singapore"), 1);
        assert.equal(editDistance("ap-tokyo", "ap-tokio"), 1);
        assert.equal(editDistance("ap-shanghai", "ap-shanghai"), 0);
        assert.equal(editDistance("", "abc"), 3);
        assert.equal(editDistance("eu-frankfurt", "ap-frankfurt"), 2);
    });

    it("knows the SDK's regions and the finance regions, all well formed and unique", () => {
        for (const region of [
            "ap-guangzhou",
            "ap-shanghai",
            "ap-beijing",
            "ap-singapore",
            "na-siliconvalley",
            "eu-frankfurt",
            "ap-shenzhen-fsi",
            "ap-beijing-fsi",
        ]) {
            assert.ok(isKnownRegion(region), region);
        }
        assert.equal(new Set(KNOWN_REGIONS).size, KNOWN_REGIONS.length);
        assert.ok(KNOWN_REGIONS.every((r) => /^[a-z]{2,}(-[a-z0-9]+)+$/.test(r)));
    });

    it("suggests the nearest known region for a typo, nothing for a name far from every region", () => {
        assert.equal(nearestRegion("ap-guangzou"), "ap-guangzhou");
        assert.equal(nearestRegion("ap-shangai"), "ap-shanghai");
        assert.equal(nearestRegion("na-siliconvaley"), "na-siliconvalley");
        assert.equal(nearestRegion("ap-shenzhen-fs"), "ap-shenzhen-fsi");
        assert.equal(nearestRegion("me-riyadh"), undefined);
    });

    it("words the warning with the setting, the value, the suggestion, and that a new region is fine", () => {
        assert.equal(unknownRegionWarning("ap-guangzhou", "tencentcloud:region"), undefined);
        assert.equal(
            unknownRegionWarning("ap-guangzou", "tencentcloud:region"),
            "tencentcloud:region is 'ap-guangzou', which is not a Tencent Cloud region this package knows; did you mean 'ap-guangzhou'? " +
                "Calls are sent with X-TC-Region 'ap-guangzou'. If it is a new region, ignore this warning.",
        );
        const far = unknownRegionWarning("me-riyadh", "TENCENTCLOUD_REGION")!;
        assert.match(far, /^TENCENTCLOUD_REGION is 'me-riyadh', .* known regions: ap-bangkok, .*sa-saopaulo\. /);
    });
});

describe("region warnings at Check: once per distinct value per process", () => {
    beforeEach(() => resetRegionWarningsForTests());

    it("warns about the config setting and a resource's input, each value once, never about known or malformed values", () => {
        const log = recordingLogger();
        const config = configOf({ "tencentcloud:region": "ap-guangzou" });
        warnAboutUnknownRegions(config, "ap-singapor", log, {});
        warnAboutUnknownRegions(config, "ap-singapor", log, {});
        warnAboutUnknownRegions(config, "ap-singapore", log, {});
        warnAboutUnknownRegions(configOf({}), "Not A Region", log, {});
        warnAboutUnknownRegions(configOf({}), undefined, log, { TENCENTCLOUD_REGION: "ap-tokio" });
        const warnings = log.lines.filter((l) => l.startsWith("warn: ")).map((l) => l.slice("warn: ".length));
        assert.equal(warnings.length, log.lines.length, "warnings only");
        assert.deepEqual(
            warnings.map((w) => w.split(";")[0]),
            [
                "tencentcloud:region is 'ap-guangzou', which is not a Tencent Cloud region this package knows",
                "a resource's input 'region' is 'ap-singapor', which is not a Tencent Cloud region this package knows",
                "TENCENTCLOUD_REGION is 'ap-tokio', which is not a Tencent Cloud region this package knows",
            ],
        );
        assert.match(warnings[1], /did you mean 'ap-singapore'\?/);
    });
});
