/**
 * The shape of an API answer, without its values: field names, JSON types and nesting. Two answers
 * of one action are compared by shape, so volatile values (ids, times, RequestId) never matter.
 *
 * A field seen as `null` in one answer and as a string in another is one nullable string field;
 * an array's elements are merged into one element shape; an empty array says nothing about its
 * elements.
 */

export type JsonType = "null" | "string" | "number" | "boolean" | "array" | "object";

export interface Shape {
    /** Every JSON type seen at this place, sorted. */
    types: JsonType[];
    /** Fields, when an object was seen here. */
    fields?: Record<string, Shape>;
    /** Merged element shape, when a non-empty array was seen here. */
    items?: Shape;
}

function jsonType(value: unknown): JsonType {
    if (value === null || value === undefined) return "null";
    if (Array.isArray(value)) return "array";
    const t = typeof value;
    if (t === "string" || t === "number" || t === "boolean") return t;
    return "object";
}

export function shapeOf(value: unknown): Shape {
    const type = jsonType(value);
    if (type === "object") {
        const fields: Record<string, Shape> = {};
        for (const [key, v] of Object.entries(value as Record<string, unknown>)) fields[key] = shapeOf(v);
        return { types: ["object"], fields };
    }
    if (type === "array") {
        const items = shapeOfAll(value as unknown[]);
        return items ? { types: ["array"], items } : { types: ["array"] };
    }
    return { types: [type] };
}

/** One shape covering both: union of types, of fields (merged where both have one) and of elements. */
function mergeShapes(a: Shape, b: Shape): Shape {
    const types = [...new Set([...a.types, ...b.types])].sort();
    const merged: Shape = { types };
    if (a.fields || b.fields) {
        const fields: Record<string, Shape> = { ...(a.fields ?? {}) };
        for (const [key, s] of Object.entries(b.fields ?? {})) fields[key] = fields[key] ? mergeShapes(fields[key], s) : s;
        merged.fields = fields;
    }
    if (a.items || b.items) merged.items = a.items && b.items ? mergeShapes(a.items, b.items) : (a.items ?? b.items);
    return merged;
}

export function shapeOfAll(values: readonly unknown[]): Shape | undefined {
    return values.map(shapeOf).reduce<Shape | undefined>((acc, s) => (acc ? mergeShapes(acc, s) : s), undefined);
}

/** `lacks`: in the reference, not in the compared answer; `adds`: the other way; `type`: both have it, with no JSON type in common. */
export interface ShapeDifference {
    kind: "lacks" | "adds" | "type";
    /** `Set[].Domain`, `Certificate.List[].CertId`. */
    path: string;
    /** For `type`: the reference's types and the compared answer's. */
    expected?: string;
    actual?: string;
}

const join = (path: string, key: string) => (path ? `${path}.${key}` : key);
const valueTypes = (s: Shape) => s.types.filter((t) => t !== "null");

/** Differences of `actual` from `reference`, in path order. `null` is compatible with every type (a nullable field). */
export function compareShapes(reference: Shape, actual: Shape, path = ""): ShapeDifference[] {
    const out: ShapeDifference[] = [];
    const want = valueTypes(reference);
    const got = valueTypes(actual);
    if (want.length > 0 && got.length > 0 && !want.some((t) => got.includes(t))) {
        return [{ kind: "type", path: path || "(answer)", expected: want.join("|"), actual: got.join("|") }];
    }
    if (reference.fields && actual.fields) {
        const keys = [...new Set([...Object.keys(reference.fields), ...Object.keys(actual.fields)])].sort();
        for (const key of keys) {
            const r = reference.fields[key];
            const a = actual.fields[key];
            if (!a) out.push({ kind: "lacks", path: join(path, key) });
            else if (!r) out.push({ kind: "adds", path: join(path, key) });
            else out.push(...compareShapes(r, a, join(path, key)));
        }
    }
    if (reference.items && actual.items) out.push(...compareShapes(reference.items, actual.items, `${path}[]`));
    return out;
}

/** `lacks Set[].OwnerUin`, `type Id: number → string`. */
export function describeDifference(d: ShapeDifference): string {
    return d.kind === "type" ? `type ${d.path}: ${d.expected} → ${d.actual}` : `${d.kind} ${d.path}`;
}
