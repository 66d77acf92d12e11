/**
 * Reads the China-site SDK's <service>_models.d.ts: one `export interface X` per struct; a field
 * without `?` is required (the SDK marks request fields as the API documents do).
 */
import ts from "typescript";
import { docSaysNullable, type FieldModel, type ModelFile, type TypeRef } from "./model";

function typeOf(node: ts.TypeNode): TypeRef {
    if (node.kind === ts.SyntaxKind.StringKeyword) return { kind: "string" };
    if (node.kind === ts.SyntaxKind.NumberKeyword || node.kind === ts.SyntaxKind.BigIntKeyword) return { kind: "number" };
    if (node.kind === ts.SyntaxKind.BooleanKeyword) return { kind: "boolean" };
    if (ts.isArrayTypeNode(node)) return { kind: "array", of: typeOf(node.elementType) };
    if (ts.isUnionTypeNode(node)) {
        // `number | bigint` (uint64 in some versions): one JSON number.
        const kinds = [...new Set(node.types.map((t) => JSON.stringify(typeOf(t))))];
        if (kinds.length === 1) return JSON.parse(kinds[0]) as TypeRef;
    }
    if (ts.isTypeReferenceNode(node) && ts.isIdentifier(node.typeName)) {
        const name = node.typeName.text;
        if (name === "Array" && node.typeArguments?.length === 1) return { kind: "array", of: typeOf(node.typeArguments[0]) };
        return { kind: "struct", name };
    }
    throw new Error(`unsupported type ${node.getText()}`);
}

function docOf(node: ts.Node): string {
    return ts
        .getJSDocCommentsAndTags(node)
        .map((doc) => (typeof doc.comment === "string" ? doc.comment : (doc.comment ?? []).map((part) => part.text).join("")))
        .join("\n")
        .trim();
}

function fieldOf(member: ts.TypeElement): FieldModel {
    if (!ts.isPropertySignature(member) || !member.type || !ts.isIdentifier(member.name)) throw new Error(`unsupported member ${member.getText()}`);
    const doc = docOf(member);
    return { name: member.name.text, type: typeOf(member.type), required: !member.questionToken, nullable: docSaysNullable(doc), doc };
}

export function readChinaModels(text: string): ModelFile {
    const source = ts.createSourceFile("models.d.ts", text, ts.ScriptTarget.ES2020, true, ts.ScriptKind.TS);
    const file: ModelFile = new Map();
    for (const node of source.statements) {
        if (ts.isInterfaceDeclaration(node)) {
            file.set(node.name.text, { name: node.name.text, doc: docOf(node), fields: node.members.map(fieldOf) });
        } else if (ts.isTypeAliasDeclaration(node) && node.type.kind === ts.SyntaxKind.NullKeyword) {
            // `export type XRequest = null`: an action without parameters.
            file.set(node.name.text, { name: node.name.text, doc: docOf(node), fields: [] });
        }
    }
    return file;
}
