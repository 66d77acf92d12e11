/**
 * Clock skew: Tencent Cloud refuses a request whose signed timestamp is more than 5 minutes from
 * its own clock (AuthFailure.SignatureExpire). The emulator's clock is moved ahead of and behind
 * this machine's; the error must say to fix the clock and by how much it is off, must not be
 * retried, and must reach the user through the real provider host.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { startEmulator, type Emulator } from "../../emulator";
import { listenerCertificateBindingProviderImpl } from "../../provider/resources/listener-certificate-binding/provider";
import { describeCSRSet } from "../../provider/tencentcloud/services/ssl";
import { testClient } from "../support/emulator-client";
import { recordingLogger } from "../support/recording-logger";
import { drive } from "../support/reliability-program";
import { explain } from "../support/run-output";

const MINUTE = 60_000;

describe("reliability: clock skew", function () {
    this.timeout(120_000);
    let emulator: Emulator | undefined;

    afterEach(async () => {
        await emulator?.close();
        emulator = undefined;
    });

    for (const [label, offsetMs] of [
        ["server 6 minutes ahead (this clock behind)", 6 * MINUTE],
        ["server 7 minutes behind (this clock ahead)", -7 * MINUTE],
        ["server a day ahead", 24 * 60 * MINUTE],
    ] as const) {
        it(`${label}: SignatureExpire explained with the measured skew, not retried`, async () => {
            emulator = await startEmulator({ rateLimits: false, clock: () => Date.now() + offsetMs });
            const api = testClient(emulator);
            const err: any = await describeCSRSet(api, { Limit: 10, Offset: 0 }).then(
                () => assert.fail("a skewed request must be refused"),
                (e) => e,
            );
            await api.close();
            assert.equal(err.code, "AuthFailure.SignatureExpire");
            assert.equal(err.name, "SignatureExpireError");
            assert.match(err.message, /^ssl\.DescribeCSRSet: AuthFailure\.SignatureExpire/);
            assert.match(err.message, /check this machine's clock and time zone settings \(enable NTP\)/);
            const skewSeconds = -offsetMs / 1000;
            assert.ok(Math.abs(err.clockSkewSeconds - skewSeconds) <= 2, `measured skew ${err.clockSkewSeconds} s, expected about ${skewSeconds} s`);
            assert.match(err.message, new RegExp(`clock is ${Math.abs(err.clockSkewSeconds)} s ${skewSeconds > 0 ? "ahead of" : "behind"} the server's`));
            assert.equal(emulator.log.length, 1, "a clock problem is not retried");
            assert.equal(err.retryable, false);
        });
    }

    it("4 minutes of skew is still accepted (the window is ±5 minutes)", async () => {
        emulator = await startEmulator({ rateLimits: false, clock: () => Date.now() - 4 * MINUTE });
        const api = testClient(emulator);
        const answer = await describeCSRSet(api, { Limit: 10, Offset: 0 });
        await api.close();
        assert.equal(answer.Total, 0);
    });

    it("a resource operation surfaces the explanation (provider implementation)", async () => {
        emulator = await startEmulator({ rateLimits: false, clock: () => Date.now() + 10 * MINUTE });
        const api = testClient(emulator);
        const provider = listenerCertificateBindingProviderImpl({ client: () => api, log: recordingLogger() });
        const inputs = (await provider.check!({}, { listenerId: "listener-emu00001", domain: "www.example.com", certificateId: "cert-emuwww01" })).inputs;
        await assert.rejects(
            provider.create!(inputs),
            /SignatureExpire[\s\S]*check this machine's clock[\s\S]*600 s behind|SignatureExpire[\s\S]*check this machine's clock[\s\S]*(599|601) s behind/,
        );
        await api.close();
        assert.equal(emulator.log.filter((e) => e.action === "ModifyCertificate").length, 0, "nothing was changed");
    });

    it("through the real provider host: the user sees what to fix", async () => {
        emulator = await startEmulator({ rateLimits: false, clock: () => Date.now() - 6 * MINUTE });
        const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), "reliability-clock-"));
        try {
            const r = await drive("up", { emulator, stateDir, verbose: false, config: { "reliability-all:only": "csr" } });
            assert.notEqual(r.exitCode, 0);
            assert.match(
                r.stdout,
                /AuthFailure\.SignatureExpire[\s\S]*check this machine's clock and time zone settings \(enable NTP\)\. This machine's clock is (359|360|361) s ahead of the server's/,
                explain(r),
            );
            console.log(
                `      user sees: ${r.stdout
                    .split("\n")
                    .find((l) => /SignatureExpire/.test(l))
                    ?.trim()
                    .slice(0, 400)}`,
            );
        } finally {
            fs.rmSync(stateDir, { recursive: true, force: true });
        }
    });
});
