import { strict as assert } from "assert";
import { Batcher, type BatcherOptions } from "../../provider/resources/common/batcher";
import { FakeClock } from "../support/fake-clock";

/** A batcher on a clock the test moves by hand, so batches close exactly when the test says. */
function batcherOn<K, V>(clock: FakeClock, options: Omit<BatcherOptions<K, V>, "clock" | "quietMs" | "maxWaitMs"> & Partial<BatcherOptions<K, V>>) {
    return new Batcher<K, V>({ quietMs: 50, maxWaitMs: 1_000, clock, ...options });
}

describe("Batcher", () => {
    it("sends concurrent keys as one batch once it is quiet, and gives each caller its own result", async () => {
        const clock = new FakeClock();
        const batches: number[][] = [];
        const batcher = batcherOn<number, string>(clock, {
            maxBatchSize: 100,
            run: async (keys) => {
                batches.push(keys);
                return new Map(keys.map((k) => [String(k), `deleted ${k}`]));
            },
        });
        const results = Promise.all([1, 2, 3].map((k) => batcher.submit(k)));
        await clock.advance(49);
        assert.deepEqual(batches, [], "still collecting");
        await clock.advance(1);
        assert.deepEqual(await results, ["deleted 1", "deleted 2", "deleted 3"]);
        assert.deepEqual(batches, [[1, 2, 3]]);
    });

    it("keeps a batch open while keys trickle in, up to maxWaitMs after it opened", async () => {
        const clock = new FakeClock();
        const batches: number[][] = [];
        const batcher = batcherOn<number, number>(clock, {
            maxBatchSize: 100,
            maxWaitMs: 200,
            run: async (keys) => (batches.push(keys), new Map(keys.map((k) => [String(k), k]))),
        });
        const all: Promise<number>[] = [];
        for (let i = 0; i < 10; i++) {
            all.push(batcher.submit(i));
            await clock.advance(30); // each arrival comes before the 50 ms quiet period ends
        }
        await clock.advance(50);
        await Promise.all(all);
        assert.deepEqual(
            batches.map((b) => b.length),
            [7, 3],
            "the first batch closed 200 ms after it opened; the rest formed a second",
        );
    });

    it("splits at maxBatchSize: 150 keys make a full batch of 100 at once and one of 50", async () => {
        const clock = new FakeClock();
        const sizes: number[] = [];
        const batcher = batcherOn<number, number>(clock, {
            maxBatchSize: 100,
            run: async (keys) => {
                sizes.push(keys.length);
                return new Map(keys.map((k) => [String(k), k]));
            },
        });
        const all = Promise.all(Array.from({ length: 150 }, (_, i) => batcher.submit(i)));
        assert.deepEqual(sizes, [100], "the full batch leaves without waiting");
        await clock.advance(50);
        const values = await all;
        assert.deepEqual(sizes, [100, 50]);
        assert.equal(values.length, 150);
        assert.equal(values[149], 149);
        assert.equal(batcher.batchesSent, 2);
    });

    it("holds a sent batch's results while the next batch is still collecting (at most holdMs)", async () => {
        const clock = new FakeClock();
        const batcher = batcherOn<number, number>(clock, { maxBatchSize: 2, holdMs: 500, run: async (keys) => new Map(keys.map((k) => [String(k), k])) });
        let firstDone = false;
        const first = Promise.all([batcher.submit(1), batcher.submit(2)]).then(() => (firstDone = true));
        const third = batcher.submit(3);
        await clock.advance(10);
        assert.equal(firstDone, false, "the full batch was sent, its answers wait for the collecting one");
        await clock.advance(40);
        await Promise.all([first, third]);
        assert.equal(firstDone, true);
    });

    it("delivers a per-key error only to that key's caller", async () => {
        const clock = new FakeClock();
        const batcher = batcherOn<string, string>(clock, {
            maxBatchSize: 10,
            run: async (keys) => new Map<string, string | Error>(keys.map((k) => [k, k === "bad" ? new Error(`could not delete ${k}`) : "ok"])),
        });
        const good = batcher.submit("good");
        const bad = assert.rejects(batcher.submit("bad"), /could not delete bad/);
        await clock.advance(50);
        assert.equal(await good, "ok");
        await bad;
    });

    it("fails every caller of a batch whose call throws, and keeps working afterwards", async () => {
        const clock = new FakeClock();
        let calls = 0;
        const batcher = batcherOn<string, string>(clock, {
            maxBatchSize: 10,
            run: async (keys) => {
                calls++;
                if (calls === 1) {
                    throw new Error("service unavailable");
                }
                return new Map(keys.map((k) => [k, "ok"]));
            },
        });
        const first = [batcher.submit("a"), batcher.submit("b")].map((p) => assert.rejects(p, /service unavailable/));
        await clock.advance(50);
        await Promise.all(first);
        const second = batcher.submit("a");
        await clock.advance(50);
        assert.equal(await second, "ok");
    });

    it("rejects a key the batch result leaves out instead of hanging", async () => {
        const clock = new FakeClock();
        const batcher = batcherOn<string, string>(clock, { maxBatchSize: 10, run: async () => new Map([["a", "ok"]]) });
        const a = batcher.submit("a");
        const b = assert.rejects(batcher.submit("b"), /no result for 'b'/);
        await clock.advance(50);
        assert.equal(await a, "ok");
        await b;
    });

    it("shares one result between equal keys submitted in one batch", async () => {
        const clock = new FakeClock();
        const seen: string[][] = [];
        const batcher = batcherOn<string, number>(clock, {
            maxBatchSize: 10,
            run: async (keys) => {
                seen.push(keys);
                return new Map(keys.map((k) => [k, 7]));
            },
        });
        const both = Promise.all([batcher.submit("x"), batcher.submit("x")]);
        await clock.advance(50);
        assert.deepEqual(await both, [7, 7]);
        assert.deepEqual(seen, [["x"]]);
    });

    it("ends a batch on a clock that never advances (no endless waiting)", async () => {
        const frozen = { now: () => 5, sleep: async () => undefined };
        const batcher = new Batcher<string, string>({
            quietMs: 50,
            maxWaitMs: 1_000,
            maxBatchSize: 10,
            clock: frozen,
            run: async (keys) => new Map(keys.map((k) => [k, k])),
        });
        assert.deepEqual(await Promise.all([batcher.submit("a"), batcher.submit("b")]), ["a", "b"]);
    });
});
