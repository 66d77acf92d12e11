/**
 * The TypeScript compiler, run from a test: a program over the repository's sources plus virtual
 * files the test writes, the provider calls it finds, and the value of a check type (conforms.ts)
 * as the list of issues it names.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as ts from "typescript";

export const ROOT = path.resolve(__dirname, "../..");

function compilerOptions(): ts.CompilerOptions {
    const config = ts.readConfigFile(path.join(ROOT, "tsconfig.json"), (file) => ts.sys.readFile(file));
    const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, ROOT);
    return { ...parsed.options, noEmit: true, noErrorTruncation: true, types: ["node"] };
}

/** A program over `roots` (repository paths) and `virtual` files (repository path → text). */
export function createProgram(roots: readonly string[], virtual: Readonly<Record<string, string>> = {}, oldProgram?: ts.Program): ts.Program {
    const options = compilerOptions();
    const host = ts.createCompilerHost(options, true);
    const virtualByPath = new Map(Object.entries(virtual).map(([file, text]) => [path.join(ROOT, file), text]));
    const { getSourceFile, fileExists, readFile } = host;
    host.getSourceFile = (file, language, onError, create) => {
        const text = virtualByPath.get(path.resolve(file));
        return text !== undefined ? ts.createSourceFile(file, text, language, true) : getSourceFile.call(host, file, language, onError, create);
    };
    host.fileExists = (file) => virtualByPath.has(path.resolve(file)) || fileExists.call(host, file);
    host.readFile = (file) => virtualByPath.get(path.resolve(file)) ?? readFile.call(host, file);
    const rootNames = [...roots, ...Object.keys(virtual)].map((file) => path.join(ROOT, file));
    return ts.createProgram({ rootNames, options, host, oldProgram });
}

/** Repository paths of the .ts sources under `dir`. */
export function sourcesUnder(dir: string): string[] {
    return fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
        const rel = path.posix.join(dir, entry.name);
        if (entry.isDirectory()) return sourcesUnder(rel);
        return entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts") ? [rel] : [];
    });
}

export interface ProviderCall {
    /** Repository path of the module, without `.ts`. */
    module: string;
    exportName: string;
    service: string;
    version: string;
    action: string;
}

function literal(checker: ts.TypeChecker, node: ts.Expression | undefined, what: string, where: string): string {
    const type = node && checker.getTypeAtLocation(node);
    if (!type?.isStringLiteral()) throw new Error(`${where}: the ${what} of apiAction(...) is not a string constant, so its model cannot be looked up`);
    return type.value;
}

function exportedCall(declaration: ts.VariableDeclaration): ts.CallExpression | undefined {
    const init = declaration.initializer;
    return init && ts.isCallExpression(init) && ts.isIdentifier(init.expression) && init.expression.text === "apiAction" ? init : undefined;
}

/** Every `export const x = apiAction<Req, Resp>(service, version, "Action", ...)` of the program's provider files. */
export function providerCalls(program: ts.Program): ProviderCall[] {
    const checker = program.getTypeChecker();
    const calls: ProviderCall[] = [];
    for (const source of program.getSourceFiles()) {
        const module = path.relative(ROOT, source.fileName).replace(/\.ts$/, "");
        if (!module.startsWith("provider/")) continue;
        for (const statement of source.statements) {
            if (!ts.isVariableStatement(statement) || !statement.modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)) continue;
            for (const declaration of statement.declarationList.declarations) {
                const call = exportedCall(declaration);
                if (!call || !ts.isIdentifier(declaration.name)) continue;
                const where = `${module}.ts ${declaration.name.text}`;
                const [service, version, action] = ["service", "version", "action"].map((what, i) => literal(checker, call.arguments[i], what, where));
                calls.push({ module, exportName: declaration.name.text, service, version, action });
            }
        }
    }
    return calls;
}

/** The issues a check type names: [] for `never`, else each string literal of the union. */
export function issuesOf(program: ts.Program, file: string, typeName: string): string[] {
    const source = program.getSourceFile(path.join(ROOT, file));
    const alias = source?.statements.find((s): s is ts.TypeAliasDeclaration => ts.isTypeAliasDeclaration(s) && s.name.text === typeName);
    if (!alias) throw new Error(`${file} has no type ${typeName}`);
    const checker = program.getTypeChecker();
    const type = checker.getTypeAtLocation(alias.name);
    if (type.flags & ts.TypeFlags.Never) return [];
    const members = type.isUnion() ? type.types : [type];
    return members.map((t) => (t.isStringLiteral() ? t.value : `(not a list of issues: ${checker.typeToString(t)})`)).sort();
}

/** The program's errors in `file`, as `line: message`. */
export function errorsIn(program: ts.Program, file: string): string[] {
    const source = program.getSourceFile(path.join(ROOT, file));
    return ts.getPreEmitDiagnostics(program, source).map((d) => {
        const line = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start).line + 1 : 0;
        return `${line}: ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`;
    });
}
