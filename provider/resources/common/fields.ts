/**
 * The field table of a resource: one entry per input and output, declaring its type, API name,
 * validator, default, what a change does (update in place, replace, local only, ignored), whether
 * it is secret or output-only, and its one-line doc. The idea is the Terraform plugin SDK's schema
 * (Required/Optional/Computed, ForceNew, ValidateFunc, Sensitive, ConflictsWith), as
 * terraform-provider-aws's internal/service/acm/certificate.go declares it.
 *
 * check, diff, request building, output mapping, the resource classes' properties and types, and
 * the docs tables (tests/unit/field-docs.test.ts) are derived from the table.
 */
import type * as pulumi from "@pulumi/pulumi";
import { CheckFailure, isUnknown, plain, Props, PROVIDER_KEY, wireSafe } from "./wire";

/** What a change of an input does: update in place, replace the resource, nothing remote (`local`), or nothing at all (`ignore`). */
export type ChangeKind = "update" | "replace" | "local" | "ignore";

export interface CheckContext {
    /** The field being checked, and its doc (for "is required"-style messages). */
    readonly name: string;
    readonly doc: string;
    /** Inputs resolved so far: the fields above this one in the table. */
    readonly inputs: Props;
    /** Every input as given (secrets unwrapped). */
    readonly raw: Props;
    /** Records a failure of this field. */
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
    /** As the docs show it: "string", "string[]", `"RSA" \| "ECC"`. */
    type: string;
    /** One line: the docs table and the "is required" failure use it. */
    doc: string;
    /** The API parameter (request) or response field it maps to. */
    api?: string;
    /** Stored as a secret; never echoed in a failure. */
    secret?: boolean;
    /** The API value for a field value (default: as is); undefined leaves the parameter out. */
    encode?(value: T): unknown;
    /** Output-only: the value from what the API answered (the resource names the source). */
    read?(source: never): T;
    /** Validates a given, known value and returns it normalized (undefined after `ctx.fail`). */
    parse?(value: unknown, ctx: CheckContext): T | undefined;
    /** Value when the input is absent; `fill` when it depends on other inputs. */
    default?: T;
    fill?(ctx: CheckContext): T | undefined;
    /** The default as the docs say it, when `default` alone cannot. */
    defaultDoc?: string;
    /** What a change does; a function of the old outputs when it depends on the remote state. Default "update". */
    change?: ChangeKind | ((olds: Props) => ChangeKind);
    /** The change as the docs say it, when `change` is a function. */
    changeDoc?: string;
    /** An absent value compares as this in diffs (default: the default). */
    absentAs?: unknown;
    /** Equality for diffs (default: {@link sameValue}); both values with absent ones replaced by `absentAs`. */
    same?(old: unknown, next: unknown, sides: DiffSides): boolean;
}

export interface Field<T = unknown, P extends Presence = Presence, A = T> extends FieldSpec<T> {
    presence: P;
    /** Type-level only: what a program passes. */
    readonly argType?: A;
}

/** A resource's fields by name, in the order of the docs. */
export type FieldTable = Readonly<Record<string, Field<any, Presence, any>>>;

export const required = <T, A = T>(spec: FieldSpec<T>): Field<T, "required", A> => ({ ...spec, presence: "required" });
/** Optional, with a default: always present once checked. */
export const defaulted = <T, A = T>(spec: FieldSpec<T>): Field<T, "defaulted", A> => ({ ...spec, presence: "defaulted" });
export const optional = <T, A = T>(spec: FieldSpec<T>): Field<T, "optional", A> => ({ ...spec, presence: "optional" });
/** Set by the resource class, not by the program. */
export const internal = <T>(spec: FieldSpec<T>): Field<T, "internal"> => ({ ...spec, presence: "internal" });
export const output = <T>(spec: FieldSpec<T>): Field<T, "output"> => ({ ...spec, presence: "output" });
/** An output that is absent until the remote object has it (e.g. a CSR's PEM before generation). */
export const maybeOutput = <T>(spec: FieldSpec<T>): Field<T, "maybeOutput"> => ({ ...spec, presence: "maybeOutput" });

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

const isInput = (field: Field): boolean => field.presence !== "output" && field.presence !== "maybeOutput";

export function inputNames(table: FieldTable): string[] {
    return Object.keys(table).filter((name) => isInput(table[name]));
}

export function outputNames(table: FieldTable): string[] {
    return Object.keys(table).filter((name) => !isInput(table[name]));
}

/** The inputs a program may set, as "unknown input" lists them. */
export function programInputNames(table: FieldTable): string[] {
    return inputNames(table).filter((name) => table[name].presence !== "internal");
}

export function secretNames(table: FieldTable): string[] {
    return Object.keys(table).filter((name) => table[name].secret);
}

/** The input fields of a property bag (outputs, `__provider` and unknown keys left out). */
export function pickInputs<T = Props>(table: FieldTable, props: Props | undefined): T {
    const picked: Props = {};
    for (const name of inputNames(table)) {
        if (props?.[name] !== undefined && props[name] !== null) {
            picked[name] = props[name];
        }
    }
    return picked as T;
}

/** The output-only fields of a property bag. */
export function pickOutputs(table: FieldTable, props: Props | undefined): Props {
    const picked: Props = {};
    for (const name of outputNames(table)) {
        if (props?.[name] !== undefined) {
            picked[name] = props[name];
        }
    }
    return picked;
}

/** The output-only fields read from what the API answered (each field's `read`). */
export function readOutputs<S>(table: FieldTable, source: S): Props {
    const outputs: Props = {};
    for (const name of outputNames(table)) {
        const read = table[name].read as ((source: S) => unknown) | undefined;
        const value = read?.(source);
        if (value !== undefined) {
            outputs[name] = value;
        }
    }
    return outputs;
}

/** API parameters for `names` (default: every field with an API name) from `values`, through each field's `encode`. */
export function apiParams(table: FieldTable, values: Props, names: readonly string[] = Object.keys(table)): Props {
    const params: Props = {};
    for (const name of names) {
        const field = table[name];
        const value = values[name];
        if (!field?.api || !isInput(field) || value === undefined) {
            continue;
        }
        const encoded = field.encode ? field.encode(value) : value;
        if (encoded !== undefined) {
            setPath(params, field.api, encoded);
        }
    }
    return params;
}

/** Sets `a.b.c` in a nested request, creating the objects on the way. */
function setPath(target: Props, path: string, value: unknown): void {
    const keys = path.split(".");
    let node = target;
    for (const key of keys.slice(0, -1)) {
        node = (node[key] ??= {}) as Props;
    }
    node[keys[keys.length - 1]] = value;
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
    const programInputs = programInputNames(table);
    for (const key of Object.keys(raw)) {
        if (!(key in table) && !key.startsWith("__")) {
            failures.push({ property: key, reason: `unknown input '${key}'; ${resource} takes: ${programInputs.join(", ")}` });
        }
    }
    for (const name of inputNames(table)) {
        const field = table[name];
        const ctx: CheckContext = { name, doc: field.doc, inputs, raw, profileProblem, fail: (reason) => failures.push({ property: name, reason }) };
        const value = raw[name];
        let resolved: unknown;
        if (isUnknown(value)) {
            resolved = value;
        } else if (value === undefined || value === null) {
            resolved = absentValue(name, field, ctx);
        } else {
            resolved = field.parse ? field.parse(value, ctx) : value;
        }
        if (resolved !== undefined) {
            inputs[name] = resolved;
        }
    }
    return { inputs: wireSafe(inputs), failures };
}

function absentValue(name: string, field: Field, ctx: CheckContext): unknown {
    if (field.presence === "required") {
        ctx.fail(`${name} is required: ${field.doc}`);
        return undefined;
    }
    return field.fill ? field.fill(ctx) : field.default;
}

// ---- diff --------------------------------------------------------------------------------------

export interface FieldChanges {
    /** Inputs whose new value differs from the old outputs. */
    changed: string[];
    /** The changed inputs whose change replaces the resource. */
    replaces: string[];
}

/** True when the value is (or holds) a preview placeholder: it may be anything, so it counts as changed. */
export function containsUnknown(value: unknown): boolean {
    if (isUnknown(value)) {
        return true;
    }
    return Array.isArray(value) ? value.some(containsUnknown) : false;
}

/** The inputs that differ between old outputs and new inputs, and which of them replace. */
export function diffFields(table: FieldTable, rawOlds: Props | undefined, rawNews: Props | undefined): FieldChanges {
    const sides: DiffSides = { olds: plain(rawOlds), news: plain(rawNews) };
    const changes: FieldChanges = { changed: [], replaces: [] };
    for (const name of inputNames(table)) {
        const field = table[name];
        const kind = typeof field.change === "function" ? field.change(sides.olds) : (field.change ?? "update");
        if (kind === "ignore" || unchanged(field, sides.olds[name], sides.news[name], sides)) {
            continue;
        }
        changes.changed.push(name);
        if (kind === "replace") {
            changes.replaces.push(name);
        }
    }
    return changes;
}

/** True when every changed field is local (a change alone makes no API call). */
export function onlyLocal(table: FieldTable, changed: readonly string[], olds: Props): boolean {
    return changed.every((name) => {
        const change = table[name]?.change;
        return (typeof change === "function" ? change(olds) : change) === "local";
    });
}

function unchanged(field: Field, old: unknown, next: unknown, sides: DiffSides): boolean {
    if (containsUnknown(next)) {
        return false;
    }
    const absent = field.absentAs !== undefined ? field.absentAs : field.default;
    const a = old ?? absent;
    const b = next ?? absent;
    return field.same ? field.same(a, b, sides) : sameValue(a, b);
}

/**
 * Two lists of ids hold the same ids: order does not matter, each occurrence counts (["a", "a"] is
 * not ["a"]). An absent list (undefined) is only the same as another absent one: for some inputs
 * "absent" means "leave as is" and [] means "none".
 */
export function sameIds(a: readonly string[] | undefined, b: readonly string[] | undefined): boolean {
    if (a === undefined || b === undefined) {
        return a === b;
    }
    const sorted = (ids: readonly string[]) => [...ids].sort();
    const x = sorted(a);
    const y = sorted(b);
    return x.length === y.length && x.every((id, i) => id === y[i]);
}

/** Deep equality of input values; lists are lists of ids (see {@link sameIds}). */
export function sameValue(a: unknown, b: unknown): boolean {
    if (Array.isArray(a) && Array.isArray(b)) {
        return sameIds(a.map(String), b.map(String));
    }
    if (a !== null && b !== null && typeof a === "object" && typeof b === "object") {
        const ak = Object.keys(a).sort();
        const bk = Object.keys(b).sort();
        return ak.length === bk.length && ak.every((k, i) => k === bk[i] && sameValue((a as Props)[k], (b as Props)[k]));
    }
    return a === b;
}

/** Strips `__provider` (the host adds it back where it belongs). */
export function withoutProvider(props: Props): Props {
    const { [PROVIDER_KEY]: _provider, ...rest } = props;
    return rest;
}
