/**
 * The generator's neutral form of an SDK model file (both readers produce it) and the selection of
 * the structs our actions use.
 */

export type TypeRef = { kind: "string" } | { kind: "number" } | { kind: "boolean" } | { kind: "array"; of: TypeRef } | { kind: "struct"; name: string };

export interface FieldModel {
    name: string;
    type: TypeRef;
    /** As the SDK marks it (China-site .d.ts: no `?`); the international reader leaves it false. */
    required: boolean;
    nullable: boolean;
    doc: string;
}

export interface StructModel {
    name: string;
    doc: string;
    fields: FieldModel[];
}

export type ModelFile = Map<string, StructModel>;

/** The ways the SDK documents say a field may be null ("Note: This field may return null", "注意：此字段可能返回 null", "如果监听器属于通道组，则为null"). */
const NULL_NOTES = [/may return `?null`?/i, /可能返回\s*`?null/i, /则为\s*`?null/i, /\bis `?null`? (?:if|when)/i];

export function docSaysNullable(doc: string): boolean {
    return NULL_NOTES.some((note) => note.test(doc));
}

/** The doc's first line, without the null note (the type says it), for a one-line comment. */
export function shortDoc(doc: string): string {
    const first =
        doc
            .split("\n")
            .map((line) => line.trim())
            .find((line) => line.length > 0 && !docSaysNullable(line)) ?? "";
    const plain = first.replace(/\*\//g, "* /").replace(/<[^>]+>/g, "");
    return plain.length > 150 ? `${plain.slice(0, 147)}...` : plain;
}

function structRefs(type: TypeRef): string[] {
    if (type.kind === "array") return structRefs(type.of);
    return type.kind === "struct" ? [type.name] : [];
}

/** Every struct reachable from `roots`, in a stable order (roots first, then as reached). */
export function closure(file: ModelFile, roots: readonly string[]): string[] {
    const seen: string[] = [];
    const visit = (name: string): void => {
        if (seen.includes(name)) return;
        const struct = file.get(name);
        if (!struct) throw new Error(`the model file has no struct ${name}`);
        seen.push(name);
        struct.fields.flatMap((f) => structRefs(f.type)).forEach(visit);
    };
    roots.forEach(visit);
    return seen;
}
