/**
 * The rate limiter against each shape a server's limiter may have (emulator/rate-limit.ts: fixed
 * one-second windows, a sliding second, a token bucket of one second's calls), in simulated time
 * (tests/support/limiter-simulation.ts): provider hosts with the client's retries, latency with
 * spikes on the way to the server. Functional checks only; how fast is a bench figure
 * (`npm run bench`, groups p32 and stacks, printed per shape).
 */
import { strict as assert } from "node:assert";
import { RATE_LIMIT_SHAPES } from "../../emulator/rate-limit";
import { maxInAnyWindow, simulate } from "../support/limiter-simulation";

describe("rate limiter against every server limiter shape (simulated time)", () => {
    for (const shape of RATE_LIMIT_SHAPES) {
        describe(shape, () => {
            it("one host at --parallel 32 is never throttled: its calls reach the server at most 10 in any second", async () => {
                const run = await simulate({ shape, limit: 10, hosts: 1, callsPerHost: 100, parallel: 32, seed: 7 });
                assert.equal(run.throttles, 0);
                assert.equal(run.admitted.length, 100);
                assert.ok(maxInAnyWindow(run.admitted, 1000) <= 10, "within a sliding second, the strictest of the three shapes");
            });

            it("three hosts sharing the account's limits (CreateCSR, then DescribeCSR): every call succeeds within the client's attempts", async () => {
                const run = await simulate({
                    shape,
                    limit: 10,
                    hosts: 3,
                    callsPerHost: 100,
                    parallel: 8,
                    startOffsetsMs: [0, 150, 300],
                    seed: 11,
                    describeAfterCreate: true,
                });
                assert.equal(run.surfaced, 0, "no throttle error surfaced");
                assert.equal(run.admitted.length, 300, "each call admitted exactly once");
                assert.ok(run.throttles > 0, "the hosts did oversubscribe the account at first (else this tests nothing)");
                assert.ok(run.worstAttempts < 10, `a call needed ${run.worstAttempts} attempts`);
            });
        });
    }
});
