/**
 * Property tests (fast-check) of check through the real dynamic-provider host (issue 18 item 2):
 * per resource kind one host process (@pulumi/pulumi cmd/dynamic-provider, loading bin/) answers
 * 300 Check RPCs with generated inputs that can cross gRPC (a Struct: JSON values, unknowns,
 * wrapped secrets, hostile strings; near-valid and hostile objects; old inputs none, the same or
 * others), preview verification on against the emulator seeded with the objects the valid inputs
 * name. Every answer must be a CheckResponse with inputs (and failures each naming a property),
 * never a gRPC error such as "Unexpected struct type". A failure prints fast-check's seed and
 * counterexample (FC_SEED / FC_PATH replay it). Needs `npm run build` first (the host loads bin/).
 */
import * as assert from "node:assert/strict";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import fc from "fast-check";
import { startEmulator, type Emulator } from "../../emulator";
import type { FieldTable } from "../../provider/resources/common/fields";
import { CSR_FIELDS } from "../../provider/resources/csr/inputs";
import { HOSTS_FIELDS } from "../../provider/resources/hosts-certificate-binding/inputs";
import { BINDING_FIELDS } from "../../provider/resources/listener-certificate-binding/inputs";
import { startHost, type HostSession } from "../../bench/host";
import { assertBothOutcomes, assertCheckAnswer, type CheckTally } from "../support/check-answers";
import { CHECK_INPUT_KINDS, checkInputs, checkWorldSeed, type CheckInputKind } from "../support/check-inputs";
import { emulatorEnv } from "../support/emulator-client";
import { assertProperty, wireValue } from "../support/hostile-inputs";

const HOST_RUNS = 300;
const PROGRAM_DIR = path.resolve(__dirname, "../programs/bench-provider");
const TABLES: Record<CheckInputKind, FieldTable> = { csr: CSR_FIELDS, gaap: BINDING_FIELDS, teo: HOSTS_FIELDS } as Record<CheckInputKind, FieldTable>;
const EXPORTS: Record<CheckInputKind, string> = { csr: "csrProvider", gaap: "listenerCertificateBindingProvider", teo: "hostsCertificateBindingProvider" };

/** What the engine can send: a JSON object (undefined fields dropped; anything else is no object at all). */
function onTheWire(value: unknown): Record<string, unknown> {
    const json = JSON.parse(JSON.stringify(value) ?? "null");
    return json !== null && typeof json === "object" && !Array.isArray(json) ? json : {};
}

/** The `__provider` the engine would store for `kind`: the compiled package's shim, serialized as a resource does it. */
async function serializedProvider(kind: CheckInputKind): Promise<string> {
    const providers = require(path.resolve(__dirname, "../../bin/provider")) as Record<string, pulumi.dynamic.ResourceProvider>;
    const provider = providers[EXPORTS[kind]]; // a local: the closure captures it alone, not the module
    return (await pulumi.runtime.serializeFunction(() => provider, { allowSecrets: true })).text;
}

describe("resources: property tests of check through the real dynamic-provider host", function () {
    this.timeout(300_000);
    let emulator: Emulator;
    before(async () => {
        emulator = await startEmulator({ rateLimits: false, seed: checkWorldSeed(Date.now()) });
    });
    after(() => emulator?.close());

    for (const kind of CHECK_INPUT_KINDS) {
        it(`${kind}: ${HOST_RUNS} Check RPCs with generated inputs each get a CheckResponse (inputs, failures naming a property), never a gRPC error`, async () => {
            const provider = await serializedProvider(kind);
            const session: HostSession = await startHost(PROGRAM_DIR, emulatorEnv(emulator));
            const tally: CheckTally = { accepted: 0, refused: 0 };
            const from = emulator.log.length;
            try {
                let n = 0;
                await assertProperty(
                    checkInputs(kind, wireValue),
                    async ([next, old]) => {
                        const news = { ...onTheWire(next), __provider: provider };
                        const olds = onTheWire(old);
                        const urn = `urn:pulumi:prop::prop::pulumi-nodejs:dynamic:Resource::r${n++}`;
                        const answer = await session.host.check(urn, Object.keys(olds).length ? { ...olds, __provider: provider } : {}, news);
                        const { __provider, ...inputs } = answer.inputs;
                        assert.equal(__provider, provider, "the host keeps the provider in the inputs");
                        assertCheckAnswer(kind, TABLES[kind], news, { inputs, failures: answer.failures.length ? answer.failures : undefined }, tally);
                    },
                    HOST_RUNS,
                );
            } finally {
                await session.close();
            }
            const calls = emulator.log.slice(from).filter((e) => e.service !== "-").length;
            assertBothOutcomes(`${kind} through the host`, tally, `; ${calls} verifying calls to the emulator`);
            assert.ok(calls > 0, "valid inputs reached the verification");
        });
    }
});
