/**
 * Reads the international SDK's models.js: one `class X extends AbstractModel` per struct, each field
 * a `this.Name = null;` in the constructor under a JSDoc comment with `@type {T || null}`.
 */
import ts from "typescript";
import { docSaysNullable, type FieldModel, type ModelFile, type TypeRef } from "./model";

/** `string`, `number`, `boolean`, `Array.<T>`, or a struct name (the `|| null` part is dropped). */
export function parseJsDocType(text: string): TypeRef {
    const parts = text
        .split("||")
        .map((p) => p.trim())
        .filter((p) => p !== "null");
    if (parts.length !== 1) throw new Error(`unsupported JSDoc type {${text}}`);
    const [type] = parts;
    const array = /^Array\.<(.+)>$/.exec(type);
    if (array) return { kind: "array", of: parseJsDocType(array[1]) };
    if (type === "string" || type === "number" || type === "boolean") return { kind: type };
    if (/^[A-Z]\w*$/.test(type) && type !== "Object" && type !== "Array") return { kind: "struct", name: type };
    throw new Error(`unsupported JSDoc type {${text}}`);
}

/** The text of a `/** ... *\/` block without its `*` margins and `@` tags. */
function docText(comment: string): string {
    return comment
        .replace(/^\/\*\*|\*\/$/g, "")
        .split("\n")
        .map((line) => line.replace(/^\s*\*\s?/, ""))
        .filter((line) => !line.trim().startsWith("@"))
        .join("\n")
        .trim();
}

/** The last comment before `node`, or "". */
function leadingComment(node: ts.Node, source: ts.SourceFile): string {
    const comments = ts.getLeadingCommentRanges(source.text, node.getFullStart()) ?? [];
    const last = comments[comments.length - 1];
    return last ? source.text.slice(last.pos, last.end) : "";
}

function fieldOf(statement: ts.Statement, source: ts.SourceFile): FieldModel | undefined {
    if (!ts.isExpressionStatement(statement) || !ts.isBinaryExpression(statement.expression)) return undefined;
    const target = statement.expression.left;
    if (!ts.isPropertyAccessExpression(target) || target.expression.kind !== ts.SyntaxKind.ThisKeyword) return undefined;
    const comment = leadingComment(statement, source);
    const type = /@type\s*\{(.+?)\}\s*(?:\n|\*\/)/.exec(comment);
    if (!type) throw new Error(`field ${target.name.text} has no JSDoc @type`);
    const doc = docText(comment);
    return { name: target.name.text, type: parseJsDocType(type[1]), required: false, nullable: docSaysNullable(doc), doc };
}

export function readIntlModels(text: string): ModelFile {
    const source = ts.createSourceFile("models.js", text, ts.ScriptTarget.ES2020, true, ts.ScriptKind.JS);
    const file: ModelFile = new Map();
    for (const node of source.statements) {
        if (!ts.isClassDeclaration(node) || !node.name) continue;
        const ctor = node.members.find(ts.isConstructorDeclaration);
        const fields = (ctor?.body?.statements ?? []).map((s) => fieldOf(s, source)).filter((f): f is FieldModel => f !== undefined);
        file.set(node.name.text, { name: node.name.text, doc: docText(leadingComment(node, source)), fields });
    }
    return file;
}
