import { strict as assert } from "node:assert";
import { AbortedError } from "../../provider/tencentcloud/errors";
import { DEFAULT_RATE_LIMITS, RateLimiter, RateLimitPermit, RateLimits } from "../../provider/tencentcloud/rate-limiter";
import { FakeClock, flush } from "../support/fake-clock";
import { maxInAnyWindow } from "../support/limiter-simulation";

const WINDOW = 1010;
// Tests of the window, the adaptive limit and waiting let throttled buckets send without spacing
// (spacingShare 0) so that spacing does not blur what they look at; spacing has tests of its own.

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

describe("rate limiter", () => {
    it("lets the limit through at once (bursts allowed), then at most limit per rolling window", async () => {
        const clock = new FakeClock();
        const limiter = new RateLimiter(limits(), { now: clock.now, sleep: clock.sleep, windowMs: WINDOW, spacingShare: 0 });
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
        // And it runs at the limit: a token is back a window after its answer (here up to one 100 ms
        // step after the grant), so 35 requests need 3 more windows after the first 10, no more.
        assert.ok(grants[34] - start <= 3 * (WINDOW + 100), `last grant after ${grants[34] - start} ms`);
    });

    it("keeps separate buckets per action and honours per-action overrides", async () => {
        const clock = new FakeClock();
        const limiter = new RateLimiter(limits({ perAction: { "teo.ModifyHostsCertificate": 3 } }), { now: clock.now, sleep: clock.sleep, spacingShare: 0 });
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
        const limiter = new RateLimiter(limits(), { now: clock.now, sleep: clock.sleep, windowMs: WINDOW, spacingShare: 0 });
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

    it("holds the limit for a window after a decrease, then adds one per answer of a request the limit held back (slow start), never above the configured value", async () => {
        const clock = new FakeClock();
        const limiter = new RateLimiter(limits({ perAction: { "ssl.CreateCSR": 40 } }), {
            now: clock.now,
            sleep: clock.sleep,
            windowMs: WINDOW,
            spacingShare: 0,
        });
        const current = () => limiter.snapshot().find((b) => b.key === "ssl.CreateCSR")!.currentLimit;
        // Three throttled answers in three windows: 40 -> 20 -> 10 -> 5.
        for (let i = 0; i < 3; i++) {
            (await limiter.acquire("ssl", "CreateCSR")).release("throttled");
            await clock.advance(WINDOW);
        }
        assert.equal(current(), 5);

        // Right after a decrease (same window): successes do not raise it.
        (await limiter.acquire("ssl", "CreateCSR")).release("throttled");
        assert.equal(current(), 2.5);
        const decreasedAt = clock.now();
        const s = startMany(limiter, clock, 120);
        /** Answers every request OK 10 ms after it left, until `until` ms after the decrease. */
        const answerUntil = async (until: number) => {
            while (clock.now() - decreasedAt < until) {
                await clock.advance(10);
                s.permits.splice(0).forEach((p) => p.release("ok"));
            }
        };
        await answerUntil(WINDOW - 10);
        assert.equal(current(), 2.5, "no increase within the window of a decrease");
        assert.equal(s.grants.length, 1, "2 tokens, one still held by the throttled request (answered less than a window ago)");

        // Then every OK answer of a request that waited for a token adds one: the limit doubles each
        // round trip while the server accepts, up to the configured 40 and never above.
        await answerUntil(2 * WINDOW);
        assert.equal(current(), 40);
        assert.ok(s.grants.length >= 40, `${s.grants.length} requests left by the end of the climb`);

        // A throttle stops the climb at once.
        while (s.permits.length === 0) await clock.advance(10);
        s.permits.shift()!.release("throttled");
        assert.ok(current() < 40);
        await answerUntil(10 * WINDOW);
        await Promise.all(s.all);
        s.permits.splice(0).forEach((p) => p.release("ok"));
    });

    it("does not raise the limit on answers of requests the limit did not hold back", async () => {
        const clock = new FakeClock();
        const limiter = new RateLimiter(limits(), { now: clock.now, sleep: clock.sleep, windowMs: WINDOW, spacingShare: 0 });
        const current = () => limiter.snapshot()[0].currentLimit;
        (await limiter.acquire("ssl", "CreateCSR")).release("throttled");
        assert.equal(current(), 5);
        await clock.advance(WINDOW);
        // One request at a time, far below the limit of 5: nothing tells whether the account has more.
        for (let i = 0; i < 10; i++) {
            (await limiter.acquire("ssl", "CreateCSR")).release("ok");
            await clock.advance(WINDOW / 2);
        }
        assert.equal(current(), 5);
    });

    it("gives a token back a window after the answer (the latest the server can have counted it), or maxTransitMs after the send for a request still in flight", async () => {
        const clock = new FakeClock();
        const limiter = new RateLimiter(limits({ perAction: { "ssl.CreateCSR": 1 } }), {
            now: clock.now,
            sleep: clock.sleep,
            windowMs: WINDOW,
            maxTransitMs: 250,
        });
        const sentAt = clock.now();
        const quick = await limiter.acquire("ssl", "CreateCSR");
        const next = startMany(limiter, clock, 1);
        await clock.advance(200);
        quick.release("ok"); // answered 200 ms after it left: the server counted it by +200 ms
        await clock.advance(WINDOW - 1);
        assert.equal(next.grants.length, 0, "not free a window after the send, nor after the middle of send and answer");
        await clock.advance(1);
        assert.equal(next.grants.length, 1);
        assert.equal(next.grants[0] - sentAt, 200 + WINDOW);

        // A request still unanswered 250 ms after it left is being processed: counted by then.
        const slowSentAt = clock.now();
        const later = startMany(limiter, clock, 1);
        await clock.advance(250 + WINDOW - 1);
        assert.equal(later.grants.length, 0);
        await clock.advance(1);
        assert.equal(later.grants.length, 1, "free maxTransitMs + a window after the send, though still unanswered");
        assert.equal(later.grants[0] - slowSentAt, 250 + WINDOW);
        next.permits[0].release("ok");
        later.permits[0].release("ok");
    });

    it("once throttled, uses the adaptive limit's tokens, a quarter of window ÷ limit apart, and reuses each token as soon as it is back", async () => {
        const clock = new FakeClock();
        const limiter = new RateLimiter(limits(), { now: clock.now, sleep: clock.sleep, windowMs: WINDOW });
        // Never throttled: the whole limit at once.
        const alone = startMany(limiter, clock, 10);
        await flush();
        assert.equal(alone.grants.length, 10);
        alone.permits.slice(0, 9).forEach((p) => p.release("ok"));
        alone.permits[9].release("throttled"); // someone else is on the account: 10 -> 9, spaced from now on
        await Promise.all(alone.all);
        assert.equal(limiter.snapshot()[0].currentLimit, 9);
        await clock.advance(WINDOW);
        const start = clock.now();
        const spacing = (0.25 * WINDOW) / 10;
        const { grants, permits, all } = startMany(limiter, clock, 30);
        for (let i = 0; i < 1000 && grants.length < 30; i++) {
            await clock.advance(5);
            permits.splice(0).forEach((p) => p.release("ok")); // answered within 5 ms
        }
        await Promise.all(all);
        permits.splice(0).forEach((p) => p.release("ok"));
        const gaps = grants.slice(1).map((t, i) => t - grants[i]);
        assert.ok(
            gaps.every((g) => g >= spacing - 1e-9),
            `never closer than ${spacing} ms: ${gaps.map((g) => g.toFixed(1)).join(", ")}`,
        );
        // A window after the decrease, the first answer takes the limit back to 10 (slow start): the
        // first 10 leave about one spacing apart; the 11th waits for the first token to come back, a
        // window after its answer: the same place in the server's count, a second later.
        assert.equal(limiter.snapshot()[0].currentLimit, 10);
        assert.ok(grants[9] - start <= 9 * (spacing + 5), `the first 10 within ${grants[9] - start} ms`);
        assert.ok(grants[10] - grants[0] >= WINDOW, `the 11th ${grants[10] - grants[0]} ms after the first`);
        assert.ok(maxInAnyWindow(grants, 1000) <= 10);
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
        s.permits[0].release("ok");
        await clock.advance(WINDOW);
        await Promise.all(s.all);
    });

    it("waits asynchronously with one timer, not a busy loop", async () => {
        const clock = new FakeClock();
        const limiter = new RateLimiter(limits(), { now: clock.now, sleep: clock.sleep, spacingShare: 0 });
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
