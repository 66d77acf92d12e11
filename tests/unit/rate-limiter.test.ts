import { strict as assert } from "node:assert";
import { AbortedError } from "../../provider/tencentcloud/errors";
import { DEFAULT_RATE_LIMITS, RateLimiter, RateLimitPermit, RateLimits } from "../../provider/tencentcloud/rate-limiter";
import { FakeClock, flush } from "../support/fake-clock";

const WINDOW = 1050;
// Tests of the window, the adaptive limit and waiting allow bursts of the whole limit (burstShare 1)
// so that pacing does not blur what they look at; pacing has tests of its own.

function limits(overrides: Partial<RateLimits> = {}): RateLimits {
    return { ...DEFAULT_RATE_LIMITS, ...overrides };
}

/** Starts `n` acquisitions and records when (fake time) each was granted. */
function startMany(limiter: RateLimiter, clock: FakeClock, n: number, action = "CreateCSR", service: "ssl" | "gaap" | "teo" = "ssl") {
    const grants: number[] = [];
    const permits: RateLimitPermit[] = [];
    const all = Array.from({ length: n }, () =>
        limiter.acquire(service, action).then((permit) => {
            grants.push(clock.now());
            permits.push(permit);
            return permit;
        }),
    );
    return { grants, permits, all };
}

/** Largest number of grants inside any window of `windowMs` starting at a grant. */
function maxInAnyWindow(times: number[], windowMs: number): number {
    let best = 0;
    for (const t of times) {
        best = Math.max(best, times.filter((u) => u >= t && u < t + windowMs).length);
    }
    return best;
}

describe("rate limiter", () => {
    it("lets the limit through at once (bursts allowed), then at most limit per rolling window", async () => {
        const clock = new FakeClock();
        const limiter = new RateLimiter(limits(), { now: clock.now, sleep: clock.sleep, windowMs: WINDOW, burstShare: 1 });
        const { grants, permits, all } = startMany(limiter, clock, 35);
        await flush();
        assert.equal(grants.length, 10, "the first 10 start immediately");
        const start = clock.now();
        for (let i = 0; i < 40 && grants.length < 35; i++) {
            permits.splice(0).forEach((p) => p.release("ok"));
            await clock.advance(100);
        }
        await Promise.all(all);
        assert.equal(grants.length, 35);
        assert.ok(maxInAnyWindow(grants, 1000) <= 10, "never more than 10 in any 1 s window");
        assert.ok(maxInAnyWindow(grants, WINDOW) <= 10);
        // Also counted as the server does, in fixed 1-second windows.
        const perSecond = new Map<number, number>();
        grants.forEach((t) => perSecond.set(Math.floor(t / 1000), (perSecond.get(Math.floor(t / 1000)) ?? 0) + 1));
        assert.ok(Math.max(...perSecond.values()) <= 10);
        // And it runs at the limit: 35 requests need 3 more windows after the first 10, no more.
        assert.ok(grants[34] - start <= 3 * WINDOW + 100, `last grant after ${grants[34] - start} ms`);
    });

    it("keeps separate buckets per action and honours per-action overrides", async () => {
        const clock = new FakeClock();
        const limiter = new RateLimiter(limits({ perAction: { "teo.ModifyHostsCertificate": 3 } }), { now: clock.now, sleep: clock.sleep, burstShare: 1 });
        const a = startMany(limiter, clock, 12, "CreateCSR");
        const b = startMany(limiter, clock, 12, "DescribeCSRSet");
        const c = startMany(limiter, clock, 5, "ModifyHostsCertificate", "teo");
        await flush();
        assert.equal(a.grants.length, 10);
        assert.equal(b.grants.length, 10);
        assert.equal(c.grants.length, 3);
        assert.equal(limiter.limitFor("teo", "ModifyHostsCertificate"), 3);
        assert.equal(limiter.limitFor("gaap", "ModifyCertificate"), 20);
        [...a.permits, ...b.permits, ...c.permits].forEach((p) => p.release("ok"));
        await clock.advance(WINDOW);
        await Promise.all([...a.all, ...b.all, ...c.all]);
    });

    it("bounds requests in flight per service and hands slots over in order", async () => {
        const clock = new FakeClock();
        const limiter = new RateLimiter(limits({ maxInFlight: { ssl: 2, gaap: 1, teo: 1 } }), { now: clock.now, sleep: clock.sleep });
        const s = startMany(limiter, clock, 4, "CreateCSR");
        await flush();
        assert.equal(s.grants.length, 2);
        assert.equal(limiter.inFlight("ssl"), 2);
        // A different ssl action waits for a slot too, but not for CreateCSR's queue.
        const other = startMany(limiter, clock, 1, "DescribeCSRSet");
        s.permits[0].release("ok");
        s.permits[0].release("ok"); // a second release is ignored
        await flush();
        assert.equal(s.grants.length + other.grants.length, 3);
        assert.equal(limiter.inFlight("ssl"), 2);
        // Another service is not blocked by ssl's slots.
        const g = startMany(limiter, clock, 1, "ModifyCertificate", "gaap");
        await flush();
        assert.equal(g.grants.length, 1);
        for (let i = 0; i < 5 && s.grants.length + other.grants.length < 5; i++) {
            [...s.permits, ...other.permits].forEach((p) => p.release("failed"));
            await flush();
        }
        assert.equal(s.grants.length + other.grants.length, 5);
        [...s.permits, ...other.permits, ...g.permits].forEach((p) => p.release("ok"));
        await Promise.all([...s.all, ...other.all]);
        assert.equal(limiter.inFlight("ssl"), 0);
    });

    it("cuts the limit by the throttled share of the last window's answers, at most by half, once per window", async () => {
        const clock = new FakeClock();
        const limiter = new RateLimiter(limits(), { now: clock.now, sleep: clock.sleep, windowMs: WINDOW, burstShare: 1 });
        const current = () => limiter.snapshot().find((b) => b.key === "ssl.CreateCSR")!.currentLimit;
        const first = startMany(limiter, clock, 10);
        await flush();
        // A stray throttle among ten answers costs a tenth, not half.
        first.permits.slice(0, 9).forEach((p) => p.release("ok"));
        first.permits[9].release("throttled");
        assert.equal(current(), 9);
        await clock.advance(WINDOW);

        // Every answer of the next window throttled: at most halved, and only once in that window.
        const second = startMany(limiter, clock, 4);
        await flush();
        second.permits[0].release("throttled");
        assert.equal(current(), 4.5);
        second.permits[1].release("throttled");
        second.permits[2].release("throttled");
        assert.equal(current(), 4.5, "one overload, one decrease");
        await clock.advance(WINDOW);
        second.permits[3].release("throttled");
        assert.equal(current(), 2.25);
        await Promise.all([...first.all, ...second.all]);

        // At the reduced limit only 2 start per window.
        await clock.advance(WINDOW);
        const next = startMany(limiter, clock, 6);
        await flush();
        assert.equal(next.grants.length, 2);
        next.permits.splice(0).forEach((p) => p.release("ok"));
        await clock.advance(3 * WINDOW);
        next.permits.splice(0).forEach((p) => p.release("ok"));
        await Promise.all(next.all);
    });

    it("holds the limit for a window after a decrease, climbs about +1 per window, then 25 % per window after quiet windows", async () => {
        const clock = new FakeClock();
        const limiter = new RateLimiter(limits({ perAction: { "ssl.CreateCSR": 40 } }), {
            now: clock.now,
            sleep: clock.sleep,
            windowMs: WINDOW,
            burstShare: 1,
        });
        const current = () => limiter.snapshot().find((b) => b.key === "ssl.CreateCSR")!.currentLimit;
        // Three throttled answers in three windows: 40 -> 20 -> 10 -> 5.
        for (let i = 0; i < 3; i++) {
            (await limiter.acquire("ssl", "CreateCSR")).release("throttled");
            await clock.advance(WINDOW);
        }
        assert.equal(current(), 5);

        /** The current limit's worth of requests, each answered OK at once, then a window's pause; returns the limit after it. */
        const windowAtLimit = async () => {
            const n = Math.floor(current());
            const s = startMany(limiter, clock, n);
            for (let i = 0; i < 200 && s.grants.length < n; i++) {
                s.permits.splice(0).forEach((p) => p.release("ok"));
                await clock.advance(10);
            }
            s.permits.splice(0).forEach((p) => p.release("ok"));
            await Promise.all(s.all);
            await clock.advance(WINDOW);
            return current();
        };
        // Right after the decrease (same window): successes do not raise it yet.
        (await limiter.acquire("ssl", "CreateCSR")).release("throttled");
        const afterDecrease = current();
        assert.equal(afterDecrease, 2.5);
        (await limiter.acquire("ssl", "CreateCSR")).release("ok");
        assert.equal(current(), afterDecrease, "no increase within the window of a decrease");
        await clock.advance(WINDOW);

        // Slow phase: about +1 per window at full use.
        const slow = [await windowAtLimit(), await windowAtLimit()];
        assert.ok(slow[0] > afterDecrease && slow[0] <= afterDecrease + 1.01, `first window: ${afterDecrease} -> ${slow[0]}`);
        assert.ok(slow[1] > slow[0] && slow[1] <= slow[0] + 1.01, `second window: ${slow[0]} -> ${slow[1]}`);

        // After three quiet windows: multiplicative, back to the configured 40 in a few windows, never above.
        const fast: number[] = [];
        while (current() < 40 && fast.length < 30) {
            fast.push(await windowAtLimit());
        }
        assert.equal(current(), 40);
        assert.ok(fast.length < 15, `recovered in ${fast.length} more windows: ${fast.join(", ")}`);
        const late = fast.slice(1).map((v, i) => v / fast[i]);
        assert.ok(
            late.some((r) => r >= 1.2),
            `grows by a quarter per window once quiet: ${fast.join(", ")}`,
        );
    });

    it("gives a token back a window after the request's estimated arrival: the middle of send and answer", async () => {
        const clock = new FakeClock();
        const limiter = new RateLimiter(limits({ perAction: { "ssl.CreateCSR": 1 } }), { now: clock.now, sleep: clock.sleep, windowMs: WINDOW });
        const sentAt = clock.now();
        const slow = await limiter.acquire("ssl", "CreateCSR");
        const next = startMany(limiter, clock, 1);
        await clock.advance(400);
        slow.release("ok"); // answered 400 ms after it was sent: it reached the server at about +200 ms
        await clock.advance(WINDOW - 400 + 100);
        assert.equal(next.grants.length, 0, "not free a window after the send: the server may have counted it later");
        await clock.advance(150);
        assert.equal(next.grants.length, 1);
        assert.equal(next.grants[0] - sentAt, 200 + WINDOW);
        next.permits[0].release("ok");
    });

    it("three processes sharing one account-wide limit settle on sharing it: every call succeeds within the client's attempts", async function () {
        this.timeout(60_000);
        // Simulated time: three limiters (three provider hosts) and a server counting CreateCSR in
        // fixed one-second windows across all of them, 10 per second, like Tencent and the emulator.
        const clock = new FakeClock();
        const windows = new Map<number, number>();
        const admit = (at: number) => {
            const second = Math.floor(at / 1000);
            windows.set(second, (windows.get(second) ?? 0) + 1);
            return windows.get(second)! <= 10;
        };
        let seed = 42;
        const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
        const MAX_ATTEMPTS = 10; // the client's default
        const startedAt = clock.now();
        let worstAttempts = 0;
        let throttles = 0;
        /** One CreateCSR through the client: limiter, ~20 ms to the server and back, retried after full-jitter backoff when throttled. */
        const call = async (limiter: RateLimiter) => {
            for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
                const permit = await limiter.acquire("ssl", "CreateCSR");
                await clock.sleep(10);
                const ok = admit(clock.now());
                await clock.sleep(10);
                permit.release(ok ? "ok" : "throttled");
                if (ok) {
                    worstAttempts = Math.max(worstAttempts, attempt);
                    return;
                }
                throttles++;
                await clock.sleep(Math.floor(random() * Math.min(10_000, 250 * 2 ** (attempt - 1))));
            }
            throw new Error("throttle error surfaced");
        };
        const host = async () => {
            const limiter = new RateLimiter(limits(), { now: clock.now, sleep: clock.sleep, windowMs: WINDOW });
            let next = 0;
            const worker = async () => {
                while (next < 100) {
                    next++;
                    await call(limiter);
                }
            };
            await Promise.all(Array.from({ length: 8 }, worker)); // --parallel 8
            return limiter;
        };
        let done = false;
        const all = Promise.all([host(), host(), host()]).finally(() => (done = true));
        while (!done && clock.now() - startedAt < 120_000) {
            await clock.advance(10);
        }
        const limiters = await all;
        const elapsed = clock.now() - startedAt;
        assert.ok(worstAttempts < MAX_ATTEMPTS, `a call needed ${worstAttempts} attempts`);
        assert.ok(throttles > 0, "the hosts did oversubscribe the account at first (else this tests nothing)");
        // 300 calls at 10 per second need 30 s; adapting costs some of it, not much (simulated time, not wall-clock).
        assert.ok(elapsed <= 1.3 * 30_000, `took ${elapsed} ms of simulated time, ${throttles} throttles`);
        for (const l of limiters) {
            assert.ok(l.snapshot()[0].currentLimit >= 1);
        }
    });

    it("once throttled, sends half the limit at once after a quiet spell, then spreads requests evenly over the window", async () => {
        const clock = new FakeClock();
        const limiter = new RateLimiter(limits(), { now: clock.now, sleep: clock.sleep, windowMs: WINDOW });
        // Never throttled: the whole limit at once.
        const alone = startMany(limiter, clock, 10);
        await flush();
        assert.equal(alone.grants.length, 10);
        alone.permits.slice(0, 9).forEach((p) => p.release("ok"));
        alone.permits[9].release("throttled"); // someone else is on the account: 10 -> 9, paced from now on
        await Promise.all(alone.all);
        assert.equal(limiter.snapshot()[0].currentLimit, 9);
        await clock.advance(WINDOW);
        const start = clock.now();
        const { grants, permits, all } = startMany(limiter, clock, 25);
        await flush();
        assert.equal(grants.length, 5, "a burst of half the limit");
        for (let i = 0; i < 400 && grants.length < 25; i++) {
            permits.splice(0).forEach((p) => p.release("ok"));
            await clock.advance(10);
        }
        await Promise.all(all);
        permits.splice(0).forEach((p) => p.release("ok"));
        // The burst is paid back (the next one leaves as if the five had been spaced), then one per
        // spacing: window ÷ limit, the limit climbing from 9 back to 10 meanwhile.
        assert.ok(grants[5] - start >= 4 * (WINDOW / 10) - 1, `sixth after ${grants[5] - start} ms`);
        const paced = grants.slice(5);
        const gaps = paced.slice(1).map((t, i) => t - paced[i]);
        // About one per spacing (a tenth of the window); one may leave early to make up for a wait.
        assert.ok(maxInAnyWindow(paced, 2 * (WINDOW / 10)) <= 3, `spread out: gaps ${gaps.join(", ")}`);
        const mean = (paced[paced.length - 1] - paced[0]) / (paced.length - 1);
        assert.ok(mean <= WINDOW / 9 + 5, `at the limit on average: gaps ${gaps.join(", ")}`);
        assert.ok(maxInAnyWindow(grants, WINDOW) <= 10);
        // Quiet for a window: the next ones may burst again.
        await clock.advance(2 * WINDOW);
        const again = startMany(limiter, clock, 5);
        await flush();
        assert.equal(again.grants.length, 5);
        again.permits.forEach((p) => p.release("ok"));
    });

    it("never goes below one request per window", async () => {
        const clock = new FakeClock();
        const limiter = new RateLimiter(limits(), { now: clock.now, sleep: clock.sleep });
        for (let i = 0; i < 10; i++) {
            const p = await limiter.acquire("gaap", "ModifyCertificate");
            p.release("throttled");
            await clock.advance(WINDOW);
        }
        assert.equal(limiter.snapshot()[0].currentLimit, 1);
        const s = startMany(limiter, clock, 2, "ModifyCertificate", "gaap");
        await flush();
        assert.equal(s.grants.length, 1);
        await clock.advance(WINDOW);
        await Promise.all(s.all);
    });

    it("waits asynchronously with one timer, not a busy loop", async () => {
        const clock = new FakeClock();
        const limiter = new RateLimiter(limits(), { now: clock.now, sleep: clock.sleep, burstShare: 1 });
        const s = startMany(limiter, clock, 30);
        await flush();
        assert.equal(clock.pendingTimers, 1);
        assert.equal(clock.sleeps.length, 1);
        s.permits.forEach((p) => p.release("ok"));
        await clock.advance(10 * WINDOW);
        await Promise.all(s.all);
        assert.ok(clock.sleeps.length <= 4, `slept ${clock.sleeps.length} times`);
    });

    it("a waiter leaves only when its signal aborts, and frees its place", async () => {
        const clock = new FakeClock();
        const limiter = new RateLimiter(limits({ perAction: { "ssl.CreateCSR": 1 } }), { now: clock.now, sleep: clock.sleep });
        const held = await limiter.acquire("ssl", "CreateCSR");
        const controller = new AbortController();
        const aborted = limiter.acquire("ssl", "CreateCSR", controller.signal);
        const later = limiter.acquire("ssl", "CreateCSR");
        controller.abort();
        await assert.rejects(aborted, (err: unknown) => err instanceof AbortedError && err.code === "Client.Aborted" && err.action === "CreateCSR");
        held.release("ok");
        await clock.advance(WINDOW);
        (await later).release("ok");
        assert.equal(limiter.inFlight("ssl"), 0);
        const pre = new AbortController();
        pre.abort();
        await assert.rejects(limiter.acquire("ssl", "CreateCSR", pre.signal), AbortedError);
        assert.equal(limiter.inFlight("ssl"), 0, "an aborted waiter gives back its in-flight slot");
    });
});
