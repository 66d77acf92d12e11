import { strict as assert } from "node:assert";
import { startEmulator, DEMO_CREDENTIALS, type Emulator } from "../../emulator";
import { createClient, type TencentCloudClient } from "../../provider/tencentcloud/client";
import { resolveSettings } from "../../provider/tencentcloud/settings";

/**
 * Several processes on one account (stacks deployed at once): the emulator's limits are
 * account-wide like Tencent's, each client paces on its own and only learns of the others from
 * throttle answers. Every call must still succeed.
 */
describe("emulator: three clients sharing the account-wide limits", function () {
    this.timeout(120_000);
    let emu: Emulator;
    const clients: TencentCloudClient[] = [];
    before(async () => {
        // Half the published 10/s for this action: each client alone would send 10/s, so together
        // they start six times over the limit.
        emu = await startEmulator({ port: 0, rateLimits: { "ssl.DescribeCSRSet": 5 } });
    });
    after(async () => {
        await Promise.all(clients.map((c) => c.close()));
        await emu.close();
    });

    const client = () => {
        const values: Record<string, string> = {
            "tencentcloud:secretId": DEMO_CREDENTIALS.secretId,
            "tencentcloud:secretKey": DEMO_CREDENTIALS.secretKey,
            "tencentcloud:endpoint": emu.url,
        };
        const c = createClient(resolveSettings({ get: (k) => values[k] }, {}));
        clients.push(c);
        return c;
    };

    it("adapt to each other: no throttle error surfaces, and each lowered its pace", async () => {
        const three = [client(), client(), client()];
        const from = emu.log.length;
        const perClient = 15;
        const results = await Promise.allSettled(
            three.flatMap((c) => Array.from({ length: perClient }, () => c.call<{ Total: number }>("ssl", "2019-12-05", "DescribeCSRSet", { Limit: 1 }))),
        );
        const failed = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
        assert.deepEqual(
            failed.map((f) => String(f.reason?.code ?? f.reason)),
            [],
            "every call succeeds",
        );
        const calls = emu.log.slice(from).filter((e) => e.action === "DescribeCSRSet");
        const throttled = calls.filter((e) => e.code === "RequestLimitExceeded").length;
        assert.equal(calls.length - throttled, 3 * perClient, "each call succeeded exactly once");
        assert.ok(throttled > 0, "the clients did oversubscribe the account (else this tests nothing)");
        for (const c of three) {
            const bucket = c.limiter.snapshot().find((b) => b.key === "ssl.DescribeCSRSet");
            assert.ok(bucket && bucket.currentLimit < bucket.configuredLimit, `the client lowered its pace: ${JSON.stringify(bucket)}`);
        }
    });
});
