/**
 * What every answer of a resource's `check` must be, for any input (issue 18 item 2): the inputs
 * as an object the provider host can serialize (a protobuf Struct: no undefined anywhere, nothing
 * but JSON values), and failures, when any, each naming a property: an input of the field table or
 * an extra field the inputs carried. Shared by the direct and the through-the-host property tests.
 */
import * as assert from "node:assert/strict";
import * as path from "node:path";
import { inputNames, type FieldTable } from "../../provider/resources/common/fields";
import { plain } from "../../provider/resources/common/wire";

/** The Struct class the dynamic-provider host serializes check's inputs with (the SDK's own google-protobuf). */
const { Struct } = require(
    require.resolve("google-protobuf/google/protobuf/struct_pb", { paths: [path.dirname(require.resolve("@pulumi/pulumi/package.json"))] }),
) as { Struct: { fromJavaScript(value: unknown): unknown } };

export interface CheckAnswer {
    inputs?: unknown;
    failures?: unknown;
}

export interface CheckTally {
    accepted: number;
    refused: number;
}

/** A path to the first undefined (or non-JSON) value, or undefined when there is none. */
export function firstNonWireValue(value: unknown, at = "inputs"): string | undefined {
    if (value === null || typeof value === "string" || typeof value === "boolean" || typeof value === "number") {
        return undefined;
    }
    if (Array.isArray(value)) {
        return value.map((item, i) => firstNonWireValue(item, `${at}[${i}]`)).find((p) => p !== undefined);
    }
    if (typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) {
        return Object.entries(value as object)
            .map(([key, item]) => firstNonWireValue(item, `${at}.${key}`))
            .find((p) => p !== undefined);
    }
    return `${at} (${value === undefined ? "undefined" : typeof value})`;
}

/**
 * Asserts the answer's shape for `news`; counts it as accepted (no failures) or refused. Throws
 * (an assertion error naming what is wrong) otherwise.
 */
export function assertCheckAnswer(resource: string, table: FieldTable, news: unknown, answer: CheckAnswer, tally: CheckTally): void {
    assert.ok(answer !== null && typeof answer === "object", `${resource}: check answered ${String(answer)}`);
    assert.ok(answer.inputs !== null && typeof answer.inputs === "object" && !Array.isArray(answer.inputs), `${resource}: check answered no inputs object`);
    const bad = firstNonWireValue(answer.inputs);
    assert.equal(bad, undefined, `${resource}: check answered a value the host cannot serialize at ${bad}`);
    assert.doesNotThrow(() => Struct.fromJavaScript(answer.inputs), `${resource}: the host cannot serialize check's inputs`);
    if (answer.failures === undefined) {
        tally.accepted++;
        return;
    }
    assert.ok(Array.isArray(answer.failures) && answer.failures.length > 0, `${resource}: failures must be a non-empty list when present`);
    const names = new Set([...inputNames(table), ...Object.keys(plain(news as Record<string, unknown>))]);
    for (const failure of answer.failures as { property?: unknown; reason?: unknown }[]) {
        assert.deepEqual(Object.keys(failure).sort(), ["property", "reason"], `${resource}: a failure is { property, reason }`);
        assert.ok(
            typeof failure.property === "string" && names.has(failure.property),
            `${resource}: failure names '${String(failure.property)}', not a property`,
        );
        assert.ok(typeof failure.reason === "string" && failure.reason.trim() !== "", `${resource}: failure of ${failure.property} has no reason`);
    }
    tally.refused++;
}

/** What the printed tally calls the generated objects and what a refusal names. */
export interface OutcomeNouns {
    generated: string;
    named: string;
}

/** check's inputs (the default). */
export const INPUT_NOUNS: OutcomeNouns = { generated: "input objects", named: "a property" };

/** A lookup's arguments. */
export const ARGUMENT_NOUNS: OutcomeNouns = { generated: "argument objects", named: "an argument" };

/** Both outcomes are exercised (at least 2% each): the generators are not all refused at the first check, nor all valid. */
export function assertBothOutcomes(what: string, tally: CheckTally, extra = "", nouns: OutcomeNouns = INPUT_NOUNS): void {
    const runs = tally.accepted + tally.refused;
    console.log(
        `      ${what}: ${runs} generated ${nouns.generated}, ${tally.accepted} accepted, ${tally.refused} refused naming ${nouns.named}, 0 crashes${extra}`,
    );
    assert.ok(tally.accepted >= runs / 50 && tally.refused >= runs / 50, `accepted ${tally.accepted}, refused ${tally.refused} of ${runs}`);
}
