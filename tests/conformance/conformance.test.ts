/**
 * Conformance to the official SDK models (api-models/), checked by the TypeScript compiler: every
 * call the provider makes (each `apiAction` export) sends a request and reads a response the model
 * has, field by field and type by type, and sends every field the model requires; every action the
 * emulator serves answers only fields the model has, with its types. Calls and actions are found,
 * not listed, so a new one is checked without touching this file. A self-test shows the checks
 * failing on a renamed field, number vs string, array vs scalar, a missing required field and more.
 */
import { strict as assert } from "node:assert";
import type * as ts from "typescript";
import { API_MODELS } from "../../api-models";
import type { ModelSchema } from "../../api-models/schema";
import { emulatedActions } from "../../emulator/services";
import { createProgram, errorsIn, issuesOf, providerCalls, sourcesUnder, type ProviderCall } from "./compile";

const CHECKS_FILE = "tests/conformance/generated-checks.ts";
const SELF_TEST_FILE = "tests/conformance/self-test-checks.ts";

function modelOf(service: string, version: string): ModelSchema | undefined {
    return (API_MODELS as Record<string, Record<string, ModelSchema> | undefined>)[service]?.[version];
}

interface Check {
    name: string;
    what: string;
    type: string;
}

const model = (s: string, v: string, a: string, part: "request" | "response") => `ApiModels["${s}"]["${v}"]["${a}"]["${part}"]`;

function providerChecks(calls: ProviderCall[], alias: (module: string) => string): Check[] {
    return calls.flatMap((c, i) => {
        const label = `provider ${c.service} ${c.version} ${c.action}`;
        const call = `typeof ${alias(c.module)}.${c.exportName}`;
        return [
            {
                name: `P${i}Request`,
                what: `${label} request`,
                type: `SentIssues<CallRequest<${call}>, ${model(c.service, c.version, c.action, "request")}, "${label} request", "request">`,
            },
            {
                name: `P${i}Response`,
                what: `${label} response`,
                type: `ReadIssues<CallResponse<${call}>, ${model(c.service, c.version, c.action, "response")}, "${label} response">`,
            },
        ];
    });
}

function emulatorChecks(): Check[] {
    return emulatedActions().map((a, i) => {
        const label = `emulator ${a.service} ${a.version} ${a.action} answer`;
        const def = `EmulatedServices["${a.service}"]["${a.version}"]["${a.action}"]`;
        return {
            name: `E${i}Answer`,
            what: label,
            type: `SentIssues<HandlerAnswer<${def}>, ${model(a.service, a.version, a.action, "response")}, "${label}", "answer">`,
        };
    });
}

function checksFile(calls: ProviderCall[]): { text: string; checks: Check[] } {
    const modules = [...new Set(calls.map((c) => c.module))];
    const alias = (module: string) => `m${modules.indexOf(module)}`;
    const checks = [...providerChecks(calls, alias), ...emulatorChecks()];
    const text = [
        `import type { ApiModels } from "../../api-models";`,
        `import type { EMULATED_SERVICES } from "../../emulator/services";`,
        `import type { CallRequest, CallResponse, HandlerAnswer, ReadIssues, SentIssues } from "./conforms";`,
        ...modules.map((m) => `import type * as ${alias(m)} from "../../${m}";`),
        `type EmulatedServices = typeof EMULATED_SERVICES;`,
        ...checks.map((c) => `export type ${c.name} = ${c.type};`),
    ].join("\n");
    return { text, checks };
}

/** Snippets of what a developer could write wrong, each checked against the real models. */
const SELF_TEST = `
import type { ApiModels } from "../../api-models";
import type { Expect, ReadIssues, SentIssues } from "./conforms";
type Ssl = ApiModels["ssl"]["2019-12-05"];
type Gaap = ApiModels["gaap"]["2018-05-29"];
type Teo = ApiModels["teo"]["2022-09-01"];

export type Renamed = SentIssues<{ CSRId: number; Generat: boolean }, Ssl["ModifyCSR"]["request"], "ModifyCSR", "request">;
export type NumberAsString = SentIssues<{ CSRId: string }, Ssl["DescribeCSR"]["request"], "DescribeCSR", "request">;
export type ScalarForArray = SentIssues<{ CSRIds: number }, Ssl["BatchDeleteCSR"]["request"], "BatchDeleteCSR", "request">;
export type ArrayForScalar = SentIssues<{ CSRId: number[] }, Ssl["DescribeCSR"]["request"], "DescribeCSR", "request">;
export type MissingRequired = SentIssues<{ CSRId: number; Domain?: string }, Ssl["ModifyCSR"]["request"], "ModifyCSR", "request">;
export type OptionalRequired = SentIssues<{ ZoneId: string; Hosts?: string[] }, Teo["ModifyHostsCertificate"]["request"], "Modify", "request">;
export type NestedUnknown = SentIssues<{ ZoneId: string; Hosts: string[]; ServerCertInfo: { CertId: string; Status: string }[] }, Teo["ModifyHostsCertificate"]["request"], "Modify", "request">;
export type NullSent = SentIssues<{ CSRId: number | null }, Ssl["DescribeCSR"]["request"], "DescribeCSR", "request">;
export type Conforming = SentIssues<{ CSRId: number; Generate: boolean; Remark?: string; EncryptAlgo?: "RSA" | "ECC" }, Ssl["ModifyCSR"]["request"], "ModifyCSR", "request">;

interface Listener { ListenerId: string; ProxyId: string; Bogus: number }
export type ReadWrong = ReadIssues<{ ListenerSet: Listener[]; TotalCount: number }, Gaap["DescribeHTTPSListeners"]["response"], "Listeners">;
export type ReadNumberAsString = ReadIssues<{ TotalCount: string }, Gaap["DescribeRules"]["response"], "Rules">;
export type ReadConforming = ReadIssues<{ ListenerSet: { ProxyId: string | null; Port?: number }[] }, Gaap["DescribeHTTPSListeners"]["response"], "Listeners">;

export type AnswerWrong = SentIssues<{ Id: string; Extra: boolean }, Ssl["CreateCSR"]["response"], "CreateCSR", "answer">;
export type AnswerNull = SentIssues<{ Domain: null; CSR: null }, Ssl["DescribeCSR"]["response"], "DescribeCSR", "answer">;

export type MustFailToCompile = Expect<MissingRequired>;
`;

const EXPECTED_SELF_TEST: Record<string, string[]> = {
    Renamed: ["ModifyCSR.Generat: not in the model", "ModifyCSR.Generate: required by the model, not sent"],
    NumberAsString: ["DescribeCSR.CSRId: string here, number in the model"],
    ScalarForArray: ["BatchDeleteCSR.CSRIds: number here, an array in the model"],
    ArrayForScalar: ["DescribeCSR.CSRId: an array here, number in the model"],
    MissingRequired: ["ModifyCSR.Generate: required by the model, not sent"],
    OptionalRequired: ["Modify.Hosts: optional here, required by the model"],
    NestedUnknown: ["Modify.ServerCertInfo[].Status: not in the model"],
    NullSent: ["DescribeCSR.CSRId: may be null here; the model takes no null"],
    Conforming: [],
    ReadWrong: [
        "Listeners.ListenerSet[].Bogus: read here, not in the model",
        "Listeners.ListenerSet[].ProxyId: the model may return null; the type read through does not allow it",
    ],
    ReadNumberAsString: ["Rules.TotalCount: read as string, number in the model"],
    ReadConforming: [],
    AnswerWrong: ["CreateCSR.Extra: not in the model", "CreateCSR.Id: string here, number in the model"],
    AnswerNull: ["DescribeCSR.Domain: may be null here; the model never returns null"],
};

describe("conformance to the official SDK models (api-models/)", function () {
    this.timeout(180_000);
    let calls: ProviderCall[];
    let program: ts.Program;
    let checks: Check[];

    before(() => {
        const roots = sourcesUnder("provider/tencentcloud");
        const discovery = createProgram(roots);
        calls = providerCalls(discovery);
        const generated = checksFile(calls);
        checks = generated.checks;
        program = createProgram(roots, { [CHECKS_FILE]: generated.text, [SELF_TEST_FILE]: SELF_TEST }, discovery);
    });

    it("has a model for every action the provider calls and the emulator serves", () => {
        assert.ok(calls.length >= 12, `found only ${calls.length} provider calls: ${calls.map((c) => c.action).join(", ")}`);
        const wanted = [...calls, ...emulatedActions()].map((c) => `${c.service} ${c.version} ${c.action}`);
        const missing = wanted.filter((key) => {
            const [service, version, action] = key.split(" ");
            return !modelOf(service, version)?.actions[action];
        });
        assert.deepEqual(missing, [], "add these to tools/api-models/sources.ts and run `npm run api-models`");
    });

    it("compiles the generated checks", () => {
        assert.deepEqual(errorsIn(program, CHECKS_FILE), []);
    });

    it("every provider request and response, and every emulator answer, conforms field by field", () => {
        const issues = checks.flatMap((c) => issuesOf(program, CHECKS_FILE, c.name));
        assert.deepEqual(issues, [], `checked ${checks.length}: ${checks.map((c) => c.what).join("; ")}`);
    });

    it("self-test: the checks name a renamed field, number vs string, array vs scalar, a missing required field, null, and pass a conforming one", () => {
        for (const [name, expected] of Object.entries(EXPECTED_SELF_TEST)) {
            assert.deepEqual(issuesOf(program, SELF_TEST_FILE, name), [...expected].sort(), name);
        }
    });

    it("self-test: Expect<...> of a failing check does not compile, and the error names the field", () => {
        const errors = errorsIn(program, SELF_TEST_FILE);
        assert.equal(errors.length, 1, errors.join("\n"));
        assert.match(errors[0], /does not satisfy the constraint 'never'/);
        assert.match(errors[0], /ModifyCSR\.Generate: required by the model, not sent/);
    });
});
