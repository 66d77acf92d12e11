/**
 * fast-check generators of hostile input objects, for property tests of anything that validates
 * what a program passes in (the lookups' arguments; the resources' check inputs): wrong types,
 * missing and extra fields, null, undefined, nested objects, unicode, very long strings, and the
 * values Pulumi itself hands over (unknowns, wrapped secrets, Outputs, Promises).
 *
 * `inputObjects(spec)` builds argument objects around a spec of known fields, each with a generator
 * of plausible values; `mutatedInputs(valid, fields)` breaks up to three fields of valid objects;
 * `wireValue` is what can cross the provider host's gRPC boundary; `assertProperty` runs a property
 * with the project's run count and replay.
 */
import fc from "fast-check";

/** The preview placeholder for an unknown value and the secret wrapper (provider/resources/common/wire.ts). */
const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
const SECRET_SIG = "4dabf18193072939515e22adb298388d";
const SECRET_VALUE = "1b47061264138c4ac30d75fd1eb44270";

/** Runs per property; the issue asks for at least 10,000 generated objects per lookup or resource. */
export const PROPERTY_RUNS = 10_000;

/** Strings that break naive code: empty, blank, control characters, unicode, look-alikes, very long ones. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
    fc.string(),
    fc.string({ unit: "grapheme", maxLength: 40 }),
    fc.string({ unit: "binary", maxLength: 40 }),
    fc.constantFrom(
        "",
        " ",
        "\t\n",
        "\u0000",
        "\u202e",
        "null",
        "undefined",
        "__proto__",
        "constructor",
        "toString",
        UNKNOWN,
        "listener-",
        "zone-",
        "*.",
        "*.example.com",
        "例子.测试",
        "xn--fsqu00a.xn--0zwm56d",
        "WWW.EXAMPLE.COM",
        "www.example.com.",
        "a..b.com",
        "-a.example.com",
        "𝔡𝔬𝔪𝔞𝔦𝔫.com",
    ),
    fc.tuple(fc.constantFrom("a", "é", "😀", "a.", "x-"), fc.integer({ min: 64, max: 120_000 })).map(([unit, n]) => unit.repeat(n)),
);

/** Keys for extra fields, including the ones that trip prototype handling. */
const hostileKey: fc.Arbitrary<string> = fc.oneof(
    fc.string({ maxLength: 12 }),
    fc.constantFrom("__proto__", "constructor", "prototype", "", " ", "Domain", "urn", "id"),
);

const pulumiShapes: fc.Arbitrary<unknown> = fc.oneof(
    fc.constant(UNKNOWN),
    fc.anything({ maxDepth: 1 }).map((value) => ({ [SECRET_SIG]: SECRET_VALUE, value })),
    fc.constant({ __pulumiOutput: true }),
    fc.constant(undefined).map(() => Promise.resolve("x")),
);

/** Any value: primitives of every type, odd numbers, symbols, functions, nested objects and arrays, boxed values, Maps, Dates. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
    { depthSize: "small" },
    fc.constantFrom(undefined, null, true, false, 0, -0, -1, 1.5, NaN, Infinity, -Infinity, Number.MAX_SAFE_INTEGER + 2, 2 ** 53, 1e308),
    hostileString,
    fc.integer(),
    fc.double(),
    fc.constantFrom(Symbol("s"), () => "f", 10n),
    pulumiShapes,
    fc.array(hostileString, { maxLength: 5 }),
    fc.anything({
        maxDepth: 3,
        maxKeys: 5,
        key: hostileKey,
        withBoxedValues: true,
        withMap: true,
        withSet: true,
        withDate: true,
        withNullPrototype: true,
        withObjectString: true,
        withBigInt: true,
    }),
);

/**
 * Values the engine can hand a provider host (a protobuf Struct: JSON only, no undefined), with
 * Pulumi's own shapes: hostile strings, odd numbers, nested JSON, unknowns and wrapped secrets.
 */
export const wireValue: fc.Arbitrary<unknown> = fc.oneof(
    { depthSize: "small" },
    fc.constantFrom(null, true, false, 0, -1, 1.5, Number.MAX_SAFE_INTEGER + 2, 1e308, UNKNOWN),
    hostileString,
    fc.integer(),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.array(hostileString, { maxLength: 5 }),
    fc.jsonValue({ maxDepth: 3 }),
    fc.jsonValue({ maxDepth: 1 }).map((value) => ({ [SECRET_SIG]: SECRET_VALUE, value })),
);

/** Per known field: a generator of plausible (often valid) values for it. */
export type InputSpec = Record<string, fc.Arbitrary<unknown>>;

/**
 * Objects around the known fields of `spec`: each field present or not, its value plausible, hostile,
 * null or undefined; extra fields sometimes; and sometimes no object at all.
 */
export function inputObjects(spec: InputSpec, values: fc.Arbitrary<unknown> = hostileValue): fc.Arbitrary<unknown> {
    const fieldValue = (plausible: fc.Arbitrary<unknown>) =>
        fc.oneof({ weight: 4, arbitrary: plausible }, { weight: 3, arbitrary: values }, { weight: 1, arbitrary: fc.constantFrom(null, undefined) });
    const model = Object.fromEntries(Object.entries(spec).map(([key, plausible]) => [key, fieldValue(plausible)]));
    const known = fc.record(model, { requiredKeys: [] });
    const extras = fc.oneof({ weight: 4, arbitrary: fc.constant({}) }, { weight: 1, arbitrary: fc.dictionary(hostileKey, values, { maxKeys: 3 }) });
    const objects = fc.tuple(known, extras).map(([fields, extra]) => ownFields(extra, fields));
    return values === hostileValue ? fc.oneof({ weight: 9, arbitrary: objects }, { weight: 1, arbitrary: hostileValue }) : objects;
}

const REMOVED = Symbol("removed");

/**
 * Near-valid objects: one of `valid` with up to three fields replaced by one of `values` (a
 * hostile value, null, an unknown, a wrapped secret...) or removed, and sometimes an extra field.
 * Most objects a validator meets are almost right; these reach every rule behind the first one.
 */
export function mutatedInputs(valid: fc.Arbitrary<Record<string, unknown>>, fields: readonly string[], values: fc.Arbitrary<unknown> = hostileValue) {
    const mutation = fc.record({
        field: fc.constantFrom(...fields),
        value: fc.oneof({ weight: 4, arbitrary: values }, { weight: 1, arbitrary: fc.constant(REMOVED) }),
    });
    const extras = fc.oneof({ weight: 5, arbitrary: fc.constant({}) }, { weight: 1, arbitrary: fc.dictionary(hostileKey, values, { maxKeys: 2 }) });
    return fc.tuple(valid, fc.array(mutation, { maxLength: 3 }), extras).map(([base, mutations, extra]) => {
        const out = ownFields(base, extra);
        for (const { field, value } of mutations) {
            if (value === REMOVED) {
                delete out[field];
            } else {
                Object.defineProperty(out, field, { value, enumerable: true, writable: true, configurable: true });
            }
        }
        return out;
    });
}

/** One object with every own field of `sources` as an own field (a `__proto__` key stays a key, not a prototype). */
function ownFields(...sources: object[]): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const source of sources) {
        for (const key of Object.keys(source)) {
            Object.defineProperty(out, key, { value: (source as Record<string, unknown>)[key], enumerable: true, writable: true, configurable: true });
        }
    }
    return out;
}

/** An array of plausible items, or a hostile value in its place. */
export function listOf(item: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
    return fc.oneof(fc.array(item, { minLength: 0, maxLength: 4 }), fc.array(fc.oneof(item, hostileValue), { maxLength: 4 }));
}

/**
 * Runs an async property `runs` times (default `PROPERTY_RUNS`; `FC_RUNS` overrides); `FC_SEED`
 * replays a failing run. On failure fast-check's error carries the seed, the path and the
 * counterexample, and mocha prints it.
 */
export async function assertProperty<T>(arbitrary: fc.Arbitrary<T>, predicate: (value: T) => Promise<void>, runs = PROPERTY_RUNS): Promise<void> {
    const seed = process.env.FC_SEED ? Number(process.env.FC_SEED) : undefined;
    const path = process.env.FC_PATH;
    const numRuns = process.env.FC_RUNS ? Number(process.env.FC_RUNS) : runs;
    await fc.assert(fc.asyncProperty(arbitrary, predicate), { numRuns, seed, path, endOnFailure: false });
}
