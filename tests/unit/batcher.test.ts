import { strict as assert } from "assert";
import { Batcher } from "../../provider/resources/common/batcher";

/** A timer the test fires by hand, so windows close exactly when the test says. */
function manualTimers() {
    const pending: (() => void)[] = [];
    return {
        setTimer: (fn: () => void) => void pending.push(fn),
        fireAll: () => pending.splice(0).forEach((fn) => fn()),
        get count() {
            return pending.length;
        },
    };
}

describe("Batcher", () => {
    it("sends concurrent keys as one batch and gives each caller its own result", async () => {
        const timers = manualTimers();
        const batches: number[][] = [];
        const batcher = new Batcher<number, string>({
            windowMs: 50,
            maxBatchSize: 100,
            setTimer: timers.setTimer,
            run: async (keys) => {
                batches.push(keys);
                return new Map(keys.map((k) => [String(k), `deleted ${k}`]));
            },
        });
        const results = Promise.all([1, 2, 3].map((k) => batcher.submit(k)));
        timers.fireAll();
        assert.deepEqual(await results, ["deleted 1", "deleted 2", "deleted 3"]);
        assert.deepEqual(batches, [[1, 2, 3]]);
    });

    it("splits at maxBatchSize: 150 keys make a full batch of 100 at once and one of 50", async () => {
        const timers = manualTimers();
        const sizes: number[] = [];
        const batcher = new Batcher<number, number>({
            windowMs: 50,
            maxBatchSize: 100,
            setTimer: timers.setTimer,
            run: async (keys) => {
                sizes.push(keys.length);
                return new Map(keys.map((k) => [String(k), k]));
            },
        });
        const all = Promise.all(Array.from({ length: 150 }, (_, i) => batcher.submit(i)));
        assert.deepEqual(sizes, [100], "the full batch leaves without waiting for the window");
        timers.fireAll();
        const values = await all;
        assert.deepEqual(sizes, [100, 50]);
        assert.equal(values.length, 150);
        assert.equal(values[149], 149);
        assert.equal(batcher.batchesSent, 2);
    });

    it("delivers a per-key error only to that key's caller", async () => {
        const timers = manualTimers();
        const batcher = new Batcher<string, string>({
            windowMs: 10,
            maxBatchSize: 10,
            setTimer: timers.setTimer,
            run: async (keys) => new Map<string, string | Error>(keys.map((k) => [k, k === "bad" ? new Error(`could not delete ${k}`) : "ok"])),
        });
        const good = batcher.submit("good");
        const bad = batcher.submit("bad");
        timers.fireAll();
        assert.equal(await good, "ok");
        await assert.rejects(bad, /could not delete bad/);
    });

    it("fails every caller of a batch whose call throws, and keeps working afterwards", async () => {
        const timers = manualTimers();
        let calls = 0;
        const batcher = new Batcher<string, string>({
            windowMs: 10,
            maxBatchSize: 10,
            setTimer: timers.setTimer,
            run: async (keys) => {
                calls++;
                if (calls === 1) {
                    throw new Error("service unavailable");
                }
                return new Map(keys.map((k) => [k, "ok"]));
            },
        });
        const first = [batcher.submit("a"), batcher.submit("b")];
        timers.fireAll();
        for (const p of first) {
            await assert.rejects(p, /service unavailable/);
        }
        const second = batcher.submit("a");
        timers.fireAll();
        assert.equal(await second, "ok");
    });

    it("rejects a key the batch result leaves out instead of hanging", async () => {
        const timers = manualTimers();
        const batcher = new Batcher<string, string>({ windowMs: 10, maxBatchSize: 10, setTimer: timers.setTimer, run: async () => new Map([["a", "ok"]]) });
        const a = batcher.submit("a");
        const b = batcher.submit("b");
        timers.fireAll();
        assert.equal(await a, "ok");
        await assert.rejects(b, /no result for 'b'/);
    });

    it("shares one result between equal keys submitted in one window", async () => {
        const timers = manualTimers();
        const seen: string[][] = [];
        const batcher = new Batcher<string, number>({
            windowMs: 10,
            maxBatchSize: 10,
            setTimer: timers.setTimer,
            run: async (keys) => {
                seen.push(keys);
                return new Map(keys.map((k) => [k, 7]));
            },
        });
        const both = Promise.all([batcher.submit("x"), batcher.submit("x")]);
        timers.fireAll();
        assert.deepEqual(await both, [7, 7]);
        assert.deepEqual(seen, [["x"]]);
    });
});
