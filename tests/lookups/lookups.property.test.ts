/**
 * Property tests (fast-check) of the lookups' argument validation: 10,000 generated argument
 * objects per lookup (wrong types, missing and extra fields, null, undefined, nested objects,
 * unicode, very long strings, Pulumi's own shapes) through getCsrs / getListenerDomains /
 * getZoneHosts on a scripted client. Each one is accepted (an answer, or "not found" for valid
 * arguments) or refused with a LookupArgumentError naming an argument; anything else is a crash.
 * A failure prints fast-check's seed and counterexample; replay with FC_SEED=<seed> (and FC_PATH).
 */
import * as assert from "node:assert/strict";
import fc from "fast-check";
import { createLookupContext, type LookupContext } from "../../provider/lookups/context";
import { getCsrsWith } from "../../provider/lookups/csrs";
import { LookupArgumentError, LookupNotFoundError } from "../../provider/lookups/errors";
import { getListenerDomainsWith } from "../../provider/lookups/listener-domains";
import { getZoneHostsWith } from "../../provider/lookups/zone-hosts";
import { silentLogger } from "../../provider/tencentcloud/log";
import type { TencentCloudApi } from "../../provider/tencentcloud/types";
import { ARGUMENT_NOUNS, assertBothOutcomes, type CheckTally } from "../support/check-answers";
import { assertProperty, hostileString, inputObjects, listOf, type InputSpec } from "../support/hostile-inputs";

/** Answers every read a valid lookup makes: an empty CSR listing, a listener with no domains, a zone with one host. */
const answers: Record<string, (params: any) => object> = {
    DescribeCSRSet: () => ({ Total: 0, Set: [] }),
    DescribeRules: () => ({ DomainRuleSet: [], TotalCount: 0 }),
    DescribeAccelerationDomains: (p) => ({
        TotalCount: 1,
        AccelerationDomains: [{ ZoneId: p.ZoneId, DomainName: "www.example.com", DomainStatus: "online", Certificate: { Mode: "disable", List: [] } }],
    }),
    DescribeHostsCertificate: () => ({ TotalCount: 1, Hosts: [{ Host: "www.example.com", CertInfo: [] }] }),
};

function scriptedContext(): { context: LookupContext; calls: () => number } {
    let calls = 0;
    const api: TencentCloudApi = {
        call: async (_service, _version, action, params) => {
            calls++;
            return { RequestId: "req", ...answers[action](params) } as any;
        },
    };
    return { context: createLookupContext(() => api, silentLogger), calls: () => calls };
}

function hasUndefined(value: unknown): boolean {
    if (value === undefined) return true;
    if (Array.isArray(value)) return value.some(hasUndefined);
    if (value !== null && typeof value === "object") return Object.values(value).some(hasUndefined);
    return false;
}

/**
 * The property every lookup must hold for `args`: accepted (an answer without undefined values, or
 * "not found"), or refused naming an argument (a known one, "args" for a non-object, or the extra field).
 */
async function acceptedOrRefused(lookup: string, known: readonly string[], run: () => Promise<unknown>, args: unknown, tally: CheckTally): Promise<void> {
    let answer: unknown;
    try {
        answer = await run();
    } catch (err) {
        if (err instanceof LookupNotFoundError) {
            tally.accepted++;
            return;
        }
        if (err instanceof LookupArgumentError) {
            const extra = args !== null && typeof args === "object" && Object.prototype.hasOwnProperty.call(args, err.argument);
            assert.ok(known.includes(err.argument) || err.argument === "args" || extra, `${lookup} refused naming '${err.argument}', not an argument`);
            const named = err.argument === "args" ? /expects an object like \{/.test(err.message) : err.message.includes(err.argument);
            assert.ok(err.message.startsWith(`${lookup}: `) && named, `the message names the argument: ${err.message}`);
            tally.refused++;
            return;
        }
        throw new Error(`${lookup} crashed: ${err instanceof Error ? `${err.name}: ${err.message}` : String(err)}`);
    }
    assert.ok(!hasUndefined(answer), `${lookup} answered an undefined value`);
    tally.accepted++;
}

const specs: Record<string, InputSpec> = {
    getCsrs: {
        domain: fc.oneof(fc.constantFrom("www.example.com", "example.com", "*.example.com", "sub.example.co.uk"), hostileString),
        status: fc.constantFrom(0, 1, 2, -1, "1", 1.5),
    },
    getListenerDomains: {
        listenerId: fc.oneof(fc.stringMatching(/^listener-[0-9a-z]{4,32}$/), fc.constantFrom("listener-2y9ki1vq", "LISTENER-abcd"), hostileString),
    },
    getZoneHosts: {
        zoneId: fc.oneof(fc.stringMatching(/^zone-[A-Za-z0-9]{1,20}$/), fc.constantFrom("zone-2o1t24kgy362"), hostileString),
        hosts: fc.oneof(
            {
                weight: 3,
                arbitrary: fc.array(fc.constantFrom("www.example.com", "WWW.example.com", "api.example.com", "*.example.com"), { minLength: 1, maxLength: 3 }),
            },
            { weight: 2, arbitrary: listOf(fc.oneof(fc.constantFrom("www.example.com", "*.example.com"), hostileString)) },
        ),
        apiVersion: fc.constantFrom("2022-09-01", "2022-09-01", "2022-01-06", "2022-01-06", "2023-01-01", ""),
    },
};

/** Each lookup's arguments (what a refusal may name) and its call on the scripted context. */
const lookups: Record<string, { known: readonly string[]; run: (context: LookupContext, args: unknown) => Promise<unknown> }> = {
    getCsrs: { known: ["domain", "status"], run: (context, args) => getCsrsWith(context, args as any) },
    getListenerDomains: { known: ["listenerId"], run: (context, args) => getListenerDomainsWith(context, args as any) },
    getZoneHosts: { known: ["zoneId", "hosts", "apiVersion"], run: (context, args) => getZoneHostsWith(context, args as any) },
};

describe("lookups: property tests of argument validation (fast-check)", function () {
    // 10,000 runs per lookup, a few with 100k-character strings: seconds, not minutes.
    this.timeout(300_000);

    for (const [lookup, { known, run }] of Object.entries(lookups)) {
        it(`${lookup}: every generated argument object is accepted or refused naming an argument; 0 crashes`, async () => {
            const { context, calls } = scriptedContext();
            const tally: CheckTally = { accepted: 0, refused: 0 };
            await assertProperty(inputObjects(specs[lookup]), (args) => acceptedOrRefused(lookup, known, () => run(context, args), args, tally));
            assertBothOutcomes(lookup, tally, "", ARGUMENT_NOUNS);
            assert.ok(calls() > 0, "valid arguments reached the API");
        });
    }

    it("a failing property prints its seed and counterexample (what a crash report looks like)", async () => {
        const failing = assertProperty(fc.integer(), async (n) => assert.ok(n < 10, `${n} is too big`));
        await assert.rejects(failing, (err: Error) => /seed: -?\d+, path: "[\d:]+"/.test(err.message) && /Counterexample: \[10\]/.test(err.message));
    });
});
