import { strict as assert } from "node:assert";
import { startEmulator, DEMO_CREDENTIALS, type Emulator } from "../../emulator";
import { createClient } from "../../provider/tencentcloud/client";
import { resolveSettings } from "../../provider/tencentcloud/settings";

describe("emulator: signed by the project's own client (provider/tencentcloud)", () => {
    let emu: Emulator;
    before(async () => {
        emu = await startEmulator({ port: 0, rateLimits: false });
    });
    after(() => emu.close());

    const client = (secretKey = DEMO_CREDENTIALS.secretKey) => {
        const values: Record<string, string> = {
            "tencentcloud:secretId": DEMO_CREDENTIALS.secretId,
            "tencentcloud:secretKey": secretKey,
            "tencentcloud:endpoint": emu.url,
            "tencentcloud:maxAttempts": "1",
        };
        return createClient(resolveSettings({ get: (k) => values[k] }, {}));
    };

    it("is accepted for every service", async () => {
        const c = client();
        try {
            const set = await c.call<{ Total: number }>("ssl", "2019-12-05", "DescribeCSRSet", { Limit: 1 });
            assert.equal(typeof set.Total, "number");
            assert.match(set.RequestId, /^[0-9a-f-]{36}$/);
            const rules = await c.call<{ TotalCount: number }>("gaap", "2018-05-29", "DescribeRules", { ListenerId: "listener-emu00001" });
            assert.equal(rules.TotalCount, 3);
            const domains = await c.call<{ TotalCount: number }>("teo", "2022-09-01", "DescribeAccelerationDomains", { ZoneId: "zone-emu0example" });
            assert.equal(domains.TotalCount, 4);
            assert.ok(emu.log.slice(-3).every((e) => e.code === "OK"));
        } finally {
            await c.close();
        }
    });

    it("gets AuthFailure.SignatureFailure as a typed error when the key is wrong", async () => {
        const c = client("not-the-key");
        try {
            await assert.rejects(
                c.call("ssl", "2019-12-05", "DescribeCSRSet", {}),
                (e: { code?: string; requestId?: string }) => e.code === "AuthFailure.SignatureFailure" && typeof e.requestId === "string",
            );
        } finally {
            await c.close();
        }
    });
});
