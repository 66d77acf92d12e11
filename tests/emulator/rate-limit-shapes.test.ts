/**
 * The emulator's three rate-limit shapes (fixed one-second windows, a sliding second, a token
 * bucket of one second's calls), how to choose one (option, CLI flag, admin call), and the
 * in-flight counter tests wait on instead of sleeping.
 */
import { strict as assert } from "node:assert";
import { startEmulator, type Emulator, type RateLimitShape } from "../../emulator";
import { parseArgs } from "../../emulator/cli";
import { mulberry32 } from "../../emulator/prng";
import { admissionCounter, RATE_LIMIT_SHAPES } from "../../emulator/rate-limit";
import { adminPost, call, codeOf } from "../support/raw-api-call";

/** Calls at these emulator times (ms after a second boundary) with a limit of 2, and what each shape answers. */
const TIMES = [900, 900, 1100, 1500, 1900, 1950];
const EXPECTED: Record<RateLimitShape, boolean[]> = {
    // Seconds [0, 1000) and [1000, 2000): two each.
    "fixed-window": [true, true, true, true, false, false],
    // Two in any (t − 1000, t]: the calls at 900 leave the window at 1900.
    "sliding-window": [true, true, false, false, true, true],
    // Two tokens, one back every 500 ms.
    "token-bucket": [true, true, false, true, true, false],
};

/** Waits until `condition()` holds, checking once per turn of the event loop. */
async function until(condition: () => boolean, what: string): Promise<void> {
    for (let turns = 0; !condition(); turns++) {
        if (turns > 100_000) throw new Error(`never happened: ${what}`);
        await new Promise((resolve) => setImmediate(resolve));
    }
}

describe("emulator: rate-limit shapes", () => {
    describe("admission counters", () => {
        for (const shape of RATE_LIMIT_SHAPES) {
            it(`${shape}: admits and refuses as documented`, () => {
                const counter = admissionCounter(shape);
                assert.deepEqual(
                    TIMES.map((t) => counter.admit(t, 2)),
                    EXPECTED[shape],
                );
            });
        }

        it("every shape admits calls that reach it at least a second after the call `limit` places earlier", () => {
            const random = mulberry32(20);
            for (let run = 0; run < 200; run++) {
                const limit = 1 + Math.floor(random() * 20);
                const times: number[] = [];
                for (let i = 0; i < 5 * limit; i++) {
                    const previous = times[i - 1] ?? 0;
                    const earliest = i >= limit ? times[i - limit] + 1000 : 0;
                    // Bursts (0 ms apart) and gaps, never closer than the rule allows.
                    times.push(Math.max(previous + (random() < 0.5 ? 0 : Math.floor(random() * 300)), earliest));
                }
                for (const shape of RATE_LIMIT_SHAPES) {
                    const counter = admissionCounter(shape);
                    const refused = times.filter((t) => !counter.admit(t, limit));
                    assert.deepEqual(refused, [], `${shape}, limit ${limit}: ${times.join(" ")}`);
                }
            }
        });
    });

    describe("the setting", () => {
        let emu: Emulator;
        let now = 0;
        const secondStart = Math.floor(Date.now() / 1000) * 1000;
        afterEach(() => emu?.close());

        async function start(options: Parameters<typeof startEmulator>[0] = {}): Promise<void> {
            emu = await startEmulator({ rateLimits: { "ssl.DescribeCSRSet": 2 }, clock: () => secondStart + now, ...options });
        }

        async function answers(): Promise<boolean[]> {
            const admitted: boolean[] = [];
            for (const t of TIMES) {
                now = t;
                admitted.push(codeOf(await call(emu.url, "ssl", "DescribeCSRSet", {})) === "OK");
            }
            return admitted;
        }

        it("defaults to fixed one-second windows; the option picks another shape", async () => {
            await start();
            assert.deepEqual(await answers(), EXPECTED["fixed-window"]);
            await emu.close();
            await start({ rateLimitShape: "sliding-window" });
            assert.deepEqual(await answers(), EXPECTED["sliding-window"]);
            assert.equal(emu.log.filter((e) => e.code === "RequestLimitExceeded").length, 2);
        });

        it("the admin call changes it (programmatic and over HTTP); reset restores the start-up shape; health names it", async () => {
            await start({ rateLimitShape: "sliding-window" });
            emu.admin.setRateLimitShape({ shape: "token-bucket" });
            assert.deepEqual(await answers(), EXPECTED["token-bucket"]);
            assert.deepEqual((await adminPost(emu.url, "setRateLimitShape", { shape: "fixed-window" })).json, { ok: true, result: null });
            assert.deepEqual(await answers(), EXPECTED["fixed-window"]);
            assert.equal(((await (await fetch(`${emu.url}/_emulator/health`)).json()) as any).rateLimitShape, "fixed-window");
            emu.admin.reset();
            assert.equal(((await (await fetch(`${emu.url}/_emulator/health`)).json()) as any).rateLimitShape, "sliding-window");
            const bad = await adminPost(emu.url, "setRateLimitShape", { shape: "leaky" });
            assert.equal(bad.status, 400);
            assert.match(bad.json.error, /shape must be one of fixed-window, sliding-window, token-bucket, got "leaky"/);
        });

        it("the CLI takes --rate-limit-shape and refuses an unknown one", () => {
            assert.equal(parseArgs(["--rate-limit-shape", "token-bucket"]).rateLimitShape, "token-bucket");
            assert.equal(parseArgs([]).rateLimitShape, undefined);
            assert.throws(
                () => parseArgs(["--rate-limit-shape", "leaky"]),
                /--rate-limit-shape takes one of fixed-window, sliding-window, token-bucket, got `leaky`/,
            );
        });
    });

    describe("requests in flight", () => {
        let emu: Emulator;
        before(async () => {
            emu = await startEmulator({
                rateLimits: false,
                faults: { seed: 1, rules: [{ service: "ssl", action: "DescribeCSRSet", probability: 1, kind: "delay", delayMs: 300 }] },
            });
        });
        after(() => emu.close());

        /** A call the server holds for 300 ms before it answers (and logs it). */
        const slowCall = () => call(emu.url, "ssl", "DescribeCSRSet", {});

        it("idle() resolves at once when nothing is in flight, else once the server has finished every request", async () => {
            assert.equal(emu.inFlight(), 0);
            await emu.idle();
            const pending = slowCall();
            await until(() => emu.inFlight() === 1, "the request reaching the server");
            const logged = emu.log.length;
            await emu.idle();
            assert.equal(emu.inFlight(), 0);
            assert.equal(emu.log.length, logged + 1, "the delayed call was done (answered and logged) when idle() resolved");
            assert.equal(emu.log.at(-1)?.fault, "delay");
            assert.equal(codeOf(await pending), "OK");
        });

        it("over HTTP: GET /_emulator/in-flight counts, GET /_emulator/idle answers once the server is idle", async () => {
            const pending = slowCall();
            await until(() => emu.inFlight() === 1, "the request reaching the server");
            assert.deepEqual(await (await fetch(`${emu.url}/_emulator/in-flight`)).json(), { inFlight: 1 });
            const logged = emu.log.length;
            assert.deepEqual(await (await fetch(`${emu.url}/_emulator/idle`)).json(), { inFlight: 0 });
            assert.equal(emu.log.length, logged + 1, "the delayed request was answered and logged first");
            assert.equal(codeOf(await pending), "OK");
        });
    });
});
