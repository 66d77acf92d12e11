/**
 * The field table of a resource: one entry per input and output, declaring its type, API name,
 * validator, default, what a change does (update in place, replace, local only, ignored), whether
 * it is secret or output-only, and its one-line doc. The idea is the Terraform plugin SDK's schema
 * (Required/Optional/Computed, ForceNew, ValidateFunc, Sensitive, ConflictsWith), as
 * terraform-provider-aws's internal/service/acm/certificate.go declares it.
 *
 * check, diff, API parameters, outputs, the resource classes' args and properties, and the docs
 * tables (tests/unit/field-docs.test.ts) are derived from the table.
 */
import type * as pulumi from "@pulumi/pulumi";
import { warnAboutPlaintextSecretConfig } from "./plaintext-secrets";
import { CheckFailure, isUnknown, plain, Props, wireSafe } from "./wire";

/** What a change of an input does: update in place, replace the resource, nothing remote (`local`), or nothing at all (`ignore`). */
export type ChangeKind = "update" | "replace" | "local" | "ignore";

export interface CheckContext {
    /** The field being checked and its doc. */
    readonly name: string;
    readonly doc: string;
    /** Inputs resolved so far (the fields above this one), and every input as given (secrets unwrapped). */
    readonly inputs: Props;
    readonly raw: Props;
    fail(reason: string): void;
    /** Why the credentials file cannot serve a profile (the `profile` input). */
    profileProblem?(profile: string): string | undefined;
}

/** The two sides a diff compares: old outputs and new inputs, secrets unwrapped. */
export interface DiffSides {
    olds: Props;
    news: Props;
}

type Presence = "required" | "defaulted" | "optional" | "internal" | "output" | "maybeOutput";

export interface FieldSpec<T> {
    /** As the docs show it: "string", "string[]". */
    type: string;
    /** One line: the docs tables and the "is required" failure use it. */
    doc: string;
    /** The API parameter (request) or response field it maps to; a dotted path for nested ones. */
    api?: string;
    /** Stored as a secret; never echoed in a failure. */
    secret?: boolean;
    /** The API value of a field value (default: as is); undefined leaves the parameter out. */
    encode?(value: T): unknown;
    /** Output-only: the value from what the API answered (the resource names the source). */
    read?(source: never): T;
    /** Validates a given, known value; returns it normalized, or undefined after `ctx.fail`. */
    parse?(value: unknown, ctx: CheckContext): T | undefined;
    /** Value when the input is absent; `fill` when that depends on other inputs; `defaultDoc` when the docs need words. */
    default?: T;
    fill?(ctx: CheckContext): T | undefined;
    defaultDoc?: string;
    /** What a change does, or a function of the old outputs (e.g. a CSR once generated). Default "update". */
    change?: ChangeKind | ((olds: Props) => ChangeKind);
    changeDoc?: string;
    /** An absent value compares as this in diffs (default: the default). */
    absentAs?: unknown;
    /** Equality in diffs (default {@link sameValue}), absent values replaced by `absentAs`. */
    same?(old: unknown, next: unknown, sides: DiffSides): boolean;
}

export interface Field<T = unknown, P extends Presence = Presence, A = T> extends FieldSpec<T> {
    presence: P;
    /** Type-level only: what a program passes. */
    readonly argType?: A;
}

/** A resource's fields by name, in the order of the docs. */
export type FieldTable = Readonly<Record<string, Field<any, Presence, any>>>;

const field =
    <P extends Presence>(presence: P) =>
    <T, A = T>(spec: FieldSpec<T>): Field<T, P, A> => ({ ...spec, presence });
export const required = field("required");
/** Optional with a default: always present once checked. */
export const defaulted = field("defaulted");
export const optional = field("optional");
/** Set by the resource class, not by the program. */
export const internal = field("internal");
export const output = field("output");
/** An output that is absent until the remote object has it (a CSR's PEM before generation). */
export const maybeOutput = field("maybeOutput");

// ---- types derived from a table ---------------------------------------------------------------

type Value<F> = F extends Field<infer T, Presence, unknown> ? T : never;
type Arg<F> = F extends Field<unknown, Presence, infer A> ? A : never;
type KeysOf<F, P extends Presence> = { [K in keyof F]: F[K] extends Field<any, P, any> ? K : never }[keyof F];
type Simplify<T> = { [K in keyof T]: T[K] } & {};

/** The inputs after check: required and defaulted ones always present. */
export type InputsOf<F> = Simplify<{ [K in KeysOf<F, "required" | "defaulted">]: Value<F[K]> } & { [K in KeysOf<F, "optional" | "internal">]?: Value<F[K]> }>;
/** What the provider stores: the inputs plus the outputs. */
export type OutputsOf<F> = Simplify<InputsOf<F> & { [K in KeysOf<F, "output">]: Value<F[K]> } & { [K in KeysOf<F, "maybeOutput">]?: Value<F[K]> }>;
/** A program-side value: lists and maps may hold outputs too. */
export type DeepInput<T> = [T] extends [readonly (infer E)[]]
    ? pulumi.Input<pulumi.Input<E>[]>
    : [T] extends [Record<string, infer V>]
      ? pulumi.Input<Record<string, pulumi.Input<V>>>
      : pulumi.Input<T>;
/** What a program passes to the resource's constructor. */
export type ArgsOf<F> = Simplify<
    { [K in KeysOf<F, "required">]: DeepInput<Arg<F[K]>> } & { [K in KeysOf<F, "defaulted" | "optional">]?: DeepInput<Arg<F[K]>> }
>;
/** The resource class's properties. */
export type ResourceOutputs<O> = { readonly [K in keyof O]-?: pulumi.Output<O[K]> };

// ---- the table's parts -------------------------------------------------------------------------

const isInput = (f: Field): boolean => f.presence !== "output" && f.presence !== "maybeOutput";
const namesWhere = (table: FieldTable, test: (f: Field) => boolean) => Object.keys(table).filter((name) => test(table[name]));

export const inputNames = (table: FieldTable) => namesWhere(table, isInput);
export const outputNames = (table: FieldTable) => namesWhere(table, (f) => !isInput(f));
export const secretNames = (table: FieldTable) => namesWhere(table, (f) => f.secret === true);

/** The given fields of a property bag among `names` (others, `__provider` and absent values left out). */
function pick(props: Props | undefined, names: string[]): Props {
    return Object.fromEntries(names.filter((name) => props?.[name] !== undefined && props[name] !== null).map((name) => [name, props![name]]));
}
export const pickInputs = <T = Props>(table: FieldTable, props: Props | undefined) => pick(props, inputNames(table)) as T;
export const pickOutputs = (table: FieldTable, props: Props | undefined) => pick(props, outputNames(table));

/** The inputs that have a fixed default, with it (what a resource read by id alone assumes). */
export const defaultsOf = (table: FieldTable): Props =>
    Object.fromEntries(
        inputNames(table)
            .filter((name) => table[name].default !== undefined)
            .map((name) => [name, table[name].default]),
    );

/** The output-only fields read from what the API answered (each field's `read`). */
export function readOutputs<S>(table: FieldTable, source: S): Props {
    return wireSafe(Object.fromEntries(outputNames(table).map((name) => [name, (table[name].read as ((s: S) => unknown) | undefined)?.(source)])));
}

/** API parameters of the input fields among `names` (default: all) that have an API name, from `values` through each `encode`. */
export function apiParams(table: FieldTable, values: Props, names: readonly string[] = inputNames(table)): Props {
    const params: Props = {};
    for (const name of names) {
        const f = table[name];
        const encoded = f?.api && isInput(f) && values[name] !== undefined ? (f.encode ? f.encode(values[name]) : values[name]) : undefined;
        if (encoded !== undefined) {
            const path = f.api!.split(".");
            const parent = path.slice(0, -1).reduce((node, key) => (node[key] ??= {}) as Props, params);
            parent[path[path.length - 1]] = encoded;
        }
    }
    return params;
}

// ---- check -------------------------------------------------------------------------------------

export interface Checked {
    inputs: Props;
    failures: CheckFailure[];
}

/**
 * Validates a program's inputs against the table: unknown names, required ones, each field's
 * parser, defaults. Values not known yet (preview) pass through unvalidated. The inputs never hold
 * `undefined` anywhere (the host cannot serialize it).
 */
export function checkFields(resource: string, table: FieldTable, news: Props, profileProblem?: (profile: string) => string | undefined): Checked {
    const raw = plain(news);
    const failures: CheckFailure[] = [];
    const inputs: Props = {};
    const programInputs = namesWhere(table, (f) => isInput(f) && f.presence !== "internal");
    for (const key of Object.keys(raw).filter((k) => !Object.prototype.hasOwnProperty.call(table, k) && !k.startsWith("__"))) {
        failures.push({ property: key, reason: `unknown input '${key}'; ${resource} takes: ${programInputs.join(", ")}` });
    }
    for (const name of inputNames(table)) {
        const f = table[name];
        const ctx: CheckContext = { name, doc: f.doc, inputs, raw, profileProblem, fail: (reason) => failures.push({ property: name, reason }) };
        const value = raw[name];
        if (isUnknown(value) || (value !== undefined && value !== null)) {
            inputs[name] = isUnknown(value) || !f.parse ? value : f.parse(value, ctx);
        } else if (f.presence === "required") {
            ctx.fail(`${name} is required: ${f.doc}`);
        } else {
            inputs[name] = f.fill ? f.fill(ctx) : f.default;
        }
    }
    return { inputs: wireSafe(inputs), failures };
}

// ---- diff --------------------------------------------------------------------------------------

export interface FieldChanges {
    /** Inputs whose new value differs from the old outputs, and those of them whose change replaces. */
    changed: string[];
    replaces: string[];
}

const changeOf = (f: Field | undefined, olds: Props): ChangeKind | undefined => (typeof f?.change === "function" ? f.change(olds) : (f?.change ?? "update"));

/** A preview placeholder (or a list holding one) may be anything: it counts as changed. */
const containsUnknown = (value: unknown): boolean => isUnknown(value) || (Array.isArray(value) && value.some(containsUnknown));

/** The inputs that differ between old outputs and new inputs, and which of them replace. */
export function diffFields(table: FieldTable, rawOlds: Props | undefined, rawNews: Props | undefined): FieldChanges {
    const sides: DiffSides = { olds: plain(rawOlds), news: plain(rawNews) };
    const changes: FieldChanges = { changed: [], replaces: [] };
    for (const name of inputNames(table)) {
        const f = table[name];
        const kind = changeOf(f, sides.olds);
        const absent = f.absentAs !== undefined ? f.absentAs : f.default;
        const [a, b] = [sides.olds[name] ?? absent, sides.news[name] ?? absent];
        if (kind !== "ignore" && (containsUnknown(b) || !(f.same ?? sameValue)(a, b, sides))) {
            changes.changed.push(name);
            if (kind === "replace") {
                changes.replaces.push(name);
            }
        }
    }
    return changes;
}

/**
 * The inputs that differ between two sets of checked inputs (the stack's and the program's), by
 * value only: unlike {@link diffFields}, no rule that reads the old outputs (a CSR's generation, an
 * adopted id) applies. Fields whose change is ignored are left out.
 */
export function changedInputs(table: FieldTable, oldInputs: Props, newInputs: Props): string[] {
    return inputNames(table).filter((name) => {
        const f = table[name];
        const absent = f.absentAs !== undefined ? f.absentAs : f.default;
        const next = newInputs[name] ?? absent;
        return f.change !== "ignore" && (containsUnknown(next) || !sameValue(oldInputs[name] ?? absent, next));
    });
}

/** True when every changed field is local (a change alone makes no API call). */
export const onlyLocal = (table: FieldTable, changed: readonly string[], olds: Props): boolean =>
    changed.every((name) => changeOf(table[name], olds) === "local");

/**
 * Two lists of ids hold the same ids: order does not matter, each occurrence counts (["a", "a"] is
 * not ["a"]). An absent list (undefined) is only the same as another absent one: for some inputs
 * "absent" means "leave as is" and [] means "none".
 */
export function sameIds(a: readonly string[] | undefined, b: readonly string[] | undefined): boolean {
    if (a === undefined || b === undefined) {
        return a === b;
    }
    const [x, y] = [[...a].sort(), [...b].sort()];
    return x.length === y.length && x.every((id, i) => id === y[i]);
}

/** Deep equality of input values; lists are lists of ids (see {@link sameIds}). */
export function sameValue(a: unknown, b: unknown): boolean {
    if (Array.isArray(a) && Array.isArray(b)) {
        return sameIds(a.map(String), b.map(String));
    }
    if (a !== null && b !== null && typeof a === "object" && typeof b === "object") {
        const [ak, bk] = [Object.keys(a).sort(), Object.keys(b).sort()];
        return ak.length === bk.length && ak.every((k, i) => k === bk[i] && sameValue((a as Props)[k], (b as Props)[k]));
    }
    return a === b;
}

// ---- the resource classes ----------------------------------------------------------------------

/**
 * The properties a resource class hands Pulumi: every field of the table (an output-only one as
 * undefined, so the class gets a property for it), then the program's args. Reading an existing
 * resource (`opts.id`): every field undefined.
 */
export function resourceProps(table: FieldTable, args: object | undefined, opts: pulumi.CustomResourceOptions | undefined): Props {
    warnAboutPlaintextSecretConfig(); // every resource is built here, in the program's process: the one place that can tell
    const props: Props = Object.fromEntries(Object.keys(table).map((name) => [name, undefined]));
    return opts?.id !== undefined ? props : { ...props, ...args, ...Object.fromEntries(outputNames(table).map((name) => [name, undefined])) };
}

/** The options with the table's secret fields added to `additionalSecretOutputs`. */
export function withSecretOutputs(table: FieldTable, opts: pulumi.CustomResourceOptions | undefined): pulumi.CustomResourceOptions {
    const given = opts?.additionalSecretOutputs ?? [];
    return { ...opts, additionalSecretOutputs: [...given, ...secretNames(table).filter((name) => !given.includes(name))] };
}
