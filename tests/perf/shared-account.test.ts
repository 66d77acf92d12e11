/**
 * Pacing through the real dynamic-provider host when the account's limits are shared: three
 * provider hosts (three `pulumi up` at once) against one account, and one host at --parallel 32.
 * The emulator enforces Tencent's account-wide per-action limits (CreateCSR 10/s), counted in each
 * of its limiter shapes for the three hosts (Tencent does not document its own). Functional
 * assertions only (every create succeeds, no throttle reaches a caller, one CSR per resource);
 * the timings are `npm run bench`'s job (groups `stacks` and `p32`).
 */
import * as assert from "node:assert/strict";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { RATE_LIMIT_SHAPES, startEmulator, type Emulator } from "../../emulator";
import { CSR_SUBJECT } from "../support/csr-subject";
import { emulatorEnv } from "../support/emulator-client";

// bench/host.ts drives the host like the engine does; compiled JS because the host side needs bin/.
const { startHost, createAll } = require(path.resolve(__dirname, "../../bin/bench/host")) as typeof import("../../bench/host");
const { csrProvider } = require(path.resolve(__dirname, "../../bin/provider")) as typeof import("../../provider");

const PROGRAM_DIR = path.resolve(__dirname, "../programs/bench-provider");
const THROTTLE = /RequestLimitExceeded|LimitExceeded\.RateLimitExceeded/;

function items(provider: string, prefix: string, n: number) {
    return Array.from({ length: n }, (_, i) => ({
        urn: `urn:pulumi:t::t::pulumi-nodejs:dynamic:Resource::${prefix}${i}`,
        news: {
            __provider: provider,
            ...CSR_SUBJECT,
            domain: `${prefix}${i}.pacing.example.com`,
            encryptAlgo: "ECC",
            generate: true,
            clientToken: `pacing${prefix}${i}`,
        },
    }));
}

/** Every CSR the account holds, by domain. */
function csrDomains(emulator: Emulator): string[] {
    return Object.values(emulator.state.ssl.csrs)
        .map((c) => c.Domain)
        .sort();
}

describe("pacing through the real dynamic-provider host, limits shared with other stacks", function () {
    this.timeout(240_000);
    let emulator: Emulator | undefined;
    let provider = "";
    before(async () => {
        provider = (await pulumi.runtime.serializeFunction(() => csrProvider, { allowSecrets: true })).text;
    });
    afterEach(async () => emulator?.close());

    for (const shape of RATE_LIMIT_SHAPES) {
        it(`three provider hosts creating 20 CSRs each at once (${shape}): every create succeeds, no throttle surfaces, one CSR per resource`, async () => {
            await threeHosts(shape);
        });
    }

    async function threeHosts(shape: (typeof RATE_LIMIT_SHAPES)[number]): Promise<void> {
        emulator = await startEmulator({ rateLimitShape: shape });
        const env = emulatorEnv(emulator);
        const sessions = await Promise.all([0, 1, 2].map(() => startHost(PROGRAM_DIR, env)));
        try {
            const from = emulator.log.length;
            const perHost = await Promise.all(sessions.map((s, h) => createAll(s.host, items(provider, `h${h}x`, 20), 8)));
            const failures = perHost.flat().filter((r): r is Error => r instanceof Error);
            assert.deepEqual(
                failures.map((e) => e.message),
                [],
                "no create fails, throttled or otherwise",
            );
            const expected = [0, 1, 2].flatMap((h) => Array.from({ length: 20 }, (_, i) => `h${h}x${i}.pacing.example.com`)).sort();
            assert.deepEqual(csrDomains(emulator), expected, "exactly one CSR per resource");
            const throttled = emulator.log.slice(from).filter((e) => THROTTLE.test(e.code)).length;
            console.log(`      (the emulator answered ${throttled} throttles, all retried by the hosts)`);
        } finally {
            await Promise.all(sessions.map((s) => s.close()));
        }
    }

    it("one host creating 40 CSRs at --parallel 32: every create succeeds with one CreateCSR each", async () => {
        emulator = await startEmulator({});
        const session = await startHost(PROGRAM_DIR, emulatorEnv(emulator));
        try {
            const from = emulator.log.length;
            const results = await createAll(session.host, items(provider, "p", 40), 32);
            assert.deepEqual(
                results.filter((r): r is Error => r instanceof Error).map((e) => e.message),
                [],
            );
            const created = emulator.log.slice(from).filter((e) => e.action === "CreateCSR" && e.code === "OK").length;
            assert.equal(created, 40, "one successful CreateCSR per resource");
            assert.equal(csrDomains(emulator).length, 40);
        } finally {
            await session.close();
        }
    });
});
