import { strict as assert } from "assert";
import { waitUntil, WaitTimeoutError, WaitFailedError } from "../../provider/resources/common/wait";
import { recordingLogger } from "../support/recording-logger";

/** A fake clock: sleeping advances time instantly, so no test waits for real. */
function fakeClock() {
    let t = 1_000_000;
    const sleeps: number[] = [];
    return {
        now: () => t,
        sleep: async (ms: number) => {
            sleeps.push(ms);
            t += ms;
        },
        sleeps,
    };
}

describe("waitUntil", () => {
    it("polls until done, backing off between polls once the steady phase is over", async () => {
        const clock = fakeClock();
        const states = ["processing", "processing", "processing", "deployed"];
        const result = await waitUntil({
            what: "host www.example.com",
            poll: async () => states.shift()!,
            done: (s) => s === "deployed",
            timeoutMs: 60_000,
            intervalMs: 1_000,
            steadyForMs: 0,
            log: recordingLogger(),
            ...clock,
        });
        assert.equal(result, "deployed");
        assert.deepEqual(clock.sleeps, [1_000, 1_500, 2_250]);
    });

    it("polls every 500 ms during the first minute by default, then backs off up to the maximum", async () => {
        const clock = fakeClock();
        let polls = 0;
        await waitUntil({ what: "deployment", poll: async () => ++polls, done: (n) => n > 130, timeoutMs: 3_600_000, log: recordingLogger(), ...clock });
        const steady = clock.sleeps.filter((ms) => ms === 500).length;
        assert.equal(steady, 120, "the first minute is polled every 500 ms");
        assert.deepEqual(clock.sleeps.slice(steady, steady + 4), [750, 1_125, 1_688, 2_532]);
        assert.equal(Math.max(...clock.sleeps), 15_000);
    });

    it("logs progress at the configured interval with the current state", async () => {
        const clock = fakeClock();
        const log = recordingLogger();
        let polls = 0;
        await waitUntil({
            what: "certificate cert-1 on listener-1",
            poll: async () => ++polls,
            done: (n) => n >= 70,
            describe: (n) => `poll ${n}`,
            timeoutMs: 3_600_000,
            intervalMs: 1_000,
            maxIntervalMs: 5_000,
            progressEveryMs: 30_000,
            log,
            ...clock,
        });
        assert.ok(log.lines.length >= 2, `expected progress lines, got ${JSON.stringify(log.lines)}`);
        assert.match(log.lines[0], /still waiting for certificate cert-1 on listener-1 after \d+s: poll \d+/);
    });

    it("times out with an error that says the change may still complete and how to check", async () => {
        const clock = fakeClock();
        const err = await waitUntil({
            what: "hosts a.example.com to deploy",
            poll: async () => "processing",
            done: () => false,
            describe: (s) => `status ${s}`,
            timeoutMs: 10_000,
            timeoutHint: "Run `pulumi refresh` to check.",
            log: recordingLogger(),
            ...clock,
        }).then(
            () => assert.fail("expected a timeout"),
            (e: unknown) => e,
        );
        assert.ok(err instanceof WaitTimeoutError);
        assert.equal(err.code, "Client.WaitTimeout");
        assert.equal(err.lastState, "status processing");
        assert.match(err.message, /timed out after 10s waiting for hosts a\.example\.com to deploy \(last seen: status processing\)/);
        assert.match(err.message, /may still complete/);
        assert.match(err.message, /pulumi refresh/);
        assert.ok(clock.now() - 1_000_000 <= 10_000, "never sleeps past the deadline");
    });

    it("stops at once when the state reaches a dead end", async () => {
        const clock = fakeClock();
        await assert.rejects(
            waitUntil({
                what: "certificate deployment",
                poll: async () => "failed",
                done: (s) => s === "deployed",
                failed: (s) => (s === "failed" ? "the deployment failed" : undefined),
                timeoutMs: 60_000,
                log: recordingLogger(),
                ...clock,
            }),
            (e: unknown) => e instanceof WaitFailedError && /certificate deployment: the deployment failed/.test(e.message),
        );
        assert.deepEqual(clock.sleeps, []);
    });

    it("propagates poll errors unchanged", async () => {
        const clock = fakeClock();
        await assert.rejects(
            waitUntil({ what: "x", poll: async () => Promise.reject(new Error("boom")), done: () => true, timeoutMs: 1_000, log: recordingLogger(), ...clock }),
            /boom/,
        );
    });
});
