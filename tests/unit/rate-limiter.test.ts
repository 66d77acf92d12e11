import { strict as assert } from "node:assert";
import { AbortedError } from "../../provider/tencentcloud/errors";
import { DEFAULT_RATE_LIMITS, RateLimiter, RateLimitPermit, RateLimits } from "../../provider/tencentcloud/rate-limiter";
import { FakeClock, flush } from "./support/fake-clock";

const WINDOW = 1050;

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
    it("lets the limit through at once, then at most limit per rolling window", async () => {
        const clock = new FakeClock();
        const limiter = new RateLimiter(limits(), { now: clock.now, sleep: clock.sleep, windowMs: WINDOW });
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
        const limiter = new RateLimiter(limits({ perAction: { "teo.ModifyHostsCertificate": 3 } }), { now: clock.now, sleep: clock.sleep });
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

    it("halves the limit on throttling (once per window) and climbs back on success", async () => {
        const clock = new FakeClock();
        const limiter = new RateLimiter(limits(), { now: clock.now, sleep: clock.sleep, windowMs: WINDOW });
        const current = () => limiter.snapshot().find((b) => b.key === "ssl.CreateCSR")!.currentLimit;
        const first = startMany(limiter, clock, 3);
        await flush();
        first.permits[0].release("throttled");
        assert.equal(current(), 5);
        first.permits[1].release("throttled"); // same window: one overload, one decrease
        assert.equal(current(), 5);
        await clock.advance(WINDOW);
        first.permits[2].release("throttled");
        assert.equal(current(), 2.5);

        // At the reduced limit only 2 start per window.
        const next = startMany(limiter, clock, 6);
        await flush();
        assert.equal(next.grants.length, 2);

        // Successes raise the limit additively (about +1 per window), never above the configured 10.
        let windows = 0;
        let pending = next;
        let size = 6;
        while (current() < 10 && windows < 50) {
            pending.permits.splice(0).forEach((p) => p.release("ok"));
            await clock.advance(WINDOW);
            await flush();
            pending.permits.splice(0).forEach((p) => p.release("ok"));
            if (pending.grants.length === size) {
                await Promise.all(pending.all);
                size = 12;
                pending = startMany(limiter, clock, size);
                await flush();
            }
            windows++;
        }
        assert.equal(current(), 10);
        assert.ok(windows > 2 && windows < 30, `recovered in ${windows} windows`);
        pending.permits.splice(0).forEach((p) => p.release("ok"));
        for (let i = 0; i < 5 && pending.grants.length < 12; i++) {
            await clock.advance(WINDOW);
            pending.permits.splice(0).forEach((p) => p.release("ok"));
        }
        await Promise.all(pending.all);
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
        const limiter = new RateLimiter(limits(), { now: clock.now, sleep: clock.sleep });
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
