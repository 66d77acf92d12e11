/**
 * The module boundaries of docs/ARCHITECTURE.md, checked on the TypeScript sources: no import
 * cycle inside provider/, no forbidden import between the layers, and no function in provider/
 * longer than 80 lines. Imports are read with the TypeScript compiler (import/export declarations,
 * `import()` and `require()` calls, type-only imports included).
 */
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import * as ts from "typescript";

const ROOT = path.resolve(__dirname, "../..");
const MAX_FUNCTION_LINES = 80;

interface Rule {
    /** Files under this folder (or this file)... */
    from: string;
    /** ...never import modules under these (folders, files, or package names). */
    never: string[];
    why: string;
}

const RULES: Rule[] = [
    {
        from: "provider/tencentcloud",
        never: ["provider/resources", "provider/runtime.ts", "provider/shim.ts", "@pulumi/pulumi"],
        why: "the API client knows nothing of Pulumi or the resources",
    },
    { from: "provider/resources", never: ["provider/runtime.ts", "emulator", "tools"], why: "resources get their client and logger injected (ResourceDeps)" },
    { from: "provider/tencentcloud", never: ["provider/lookups"], why: "lookups are built on the client, not the other way round" },
    { from: "provider/resources", never: ["provider/lookups"], why: "lookups reuse the resources' readers and validators, not the other way round" },
    {
        from: "provider/lookups",
        never: ["provider/shim.ts", "emulator", "tools"],
        why: "lookups run in the user's program and reach Tencent Cloud only through the runtime's client",
    },
    { from: "emulator", never: ["provider"], why: "the emulator is an independent stand-in for Tencent Cloud (it keeps its own signature check)" },
    {
        from: "provider",
        never: ["api-models"],
        why: "the npm package compiles and ships provider/ only; the official models are read by tests and the emulator",
    },
    { from: "api-models", never: ["provider", "emulator", "tools"], why: "the generated model declarations depend on nothing but their own schema types" },
];

function sourceFiles(dir: string): string[] {
    const full = path.join(ROOT, dir);
    return fs.readdirSync(full, { withFileTypes: true }).flatMap((entry) => {
        const rel = path.posix.join(dir, entry.name);
        if (entry.isDirectory()) {
            return sourceFiles(rel);
        }
        return entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts") ? [rel] : [];
    });
}

function parse(file: string): ts.SourceFile {
    return ts.createSourceFile(file, fs.readFileSync(path.join(ROOT, file), "utf8"), ts.ScriptTarget.Latest, true);
}

/** Every module specifier the file names: imports, re-exports, `import()` and `require()`. */
export function moduleSpecifiers(source: ts.SourceFile): string[] {
    const found: string[] = [];
    const visit = (node: ts.Node): void => {
        if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
            found.push(node.moduleSpecifier.text);
        } else if (
            ts.isImportEqualsDeclaration(node) &&
            ts.isExternalModuleReference(node.moduleReference) &&
            ts.isStringLiteral(node.moduleReference.expression)
        ) {
            found.push(node.moduleReference.expression.text);
        } else if (ts.isCallExpression(node) && node.arguments.length > 0 && ts.isStringLiteralLike(node.arguments[0])) {
            const callee = node.expression;
            if (callee.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(callee) && callee.text === "require")) {
                found.push(node.arguments[0].text);
            }
        }
        ts.forEachChild(node, visit);
    };
    visit(source);
    return found;
}

/** A relative specifier as a repository path ("provider/runtime.ts"); a package name as is. */
function resolve(fromFile: string, specifier: string): string {
    if (!specifier.startsWith(".")) {
        return specifier;
    }
    const base = path.posix.normalize(path.posix.join(path.posix.dirname(fromFile), specifier));
    for (const candidate of [`${base}.ts`, `${base}/index.ts`, base]) {
        if (fs.existsSync(path.join(ROOT, candidate))) {
            return candidate;
        }
    }
    return base;
}

function isUnder(target: string, prefix: string): boolean {
    return target === prefix || target.startsWith(`${prefix}/`);
}

function importGraph(files: string[]): Map<string, string[]> {
    return new Map(files.map((file) => [file, moduleSpecifiers(parse(file)).map((s) => resolve(file, s))]));
}

/** One cycle as a path "a → b → a", or undefined. */
export function findCycle(graph: Map<string, string[]>): string | undefined {
    const state = new Map<string, "visiting" | "done">();
    const stack: string[] = [];
    const visit = (file: string): string | undefined => {
        if (state.get(file) === "done") {
            return undefined;
        }
        if (state.get(file) === "visiting") {
            return [...stack.slice(stack.indexOf(file)), file].join(" → ");
        }
        state.set(file, "visiting");
        stack.push(file);
        for (const next of graph.get(file) ?? []) {
            if (graph.has(next)) {
                const cycle = visit(next);
                if (cycle) {
                    return cycle;
                }
            }
        }
        stack.pop();
        state.set(file, "done");
        return undefined;
    };
    for (const file of graph.keys()) {
        const cycle = visit(file);
        if (cycle) {
            return cycle;
        }
    }
    return undefined;
}

/** Functions (declarations, methods, arrows, expressions) longer than `max` lines, as "file:name" → lines. */
export function longFunctions(file: string, source: ts.SourceFile, max: number): Map<string, number> {
    const found = new Map<string, number>();
    const visit = (node: ts.Node): void => {
        if (ts.isFunctionLike(node) && "body" in node && node.body) {
            const first = source.getLineAndCharacterOfPosition(node.getStart(source)).line;
            const last = source.getLineAndCharacterOfPosition(node.getEnd()).line;
            const lines = last - first + 1;
            if (lines > max) {
                const name = node.name && ts.isIdentifier(node.name) ? node.name.text : `(anonymous at line ${first + 1})`;
                found.set(`${file}:${name}`, lines);
            }
        }
        ts.forEachChild(node, visit);
    };
    visit(source);
    return found;
}

describe("import rules (docs/ARCHITECTURE.md)", () => {
    const providerFiles = sourceFiles("provider");
    const allFiles = [...providerFiles, ...sourceFiles("emulator"), ...sourceFiles("api-models")];
    const graph = importGraph(allFiles);

    it("finds the imports of every kind the rules rely on", () => {
        const source = ts.createSourceFile(
            "x.ts",
            `import a from "./a"; import type { B } from "./b"; export * from "./c"; const d = require("./d"); const e = import("./e"); import f = require("./f");`,
            ts.ScriptTarget.Latest,
            true,
        );
        assert.deepEqual(moduleSpecifiers(source), ["./a", "./b", "./c", "./d", "./e", "./f"]);
        assert.equal(
            findCycle(
                new Map([
                    ["a", ["b"]],
                    ["b", ["c"]],
                    ["c", ["a"]],
                ]),
            ),
            "a → b → c → a",
        );
        assert.equal(
            findCycle(
                new Map([
                    ["a", ["b"]],
                    ["b", ["c"]],
                    ["c", []],
                ]),
            ),
            undefined,
        );
    });

    it("provider/ has no import cycle", () => {
        const providerGraph = new Map([...graph].filter(([file]) => isUnder(file, "provider")));
        assert.equal(findCycle(providerGraph), undefined);
    });

    for (const rule of RULES) {
        it(`${rule.from} never imports ${rule.never.join(", ")}`, () => {
            const violations: string[] = [];
            for (const [file, targets] of graph) {
                if (!isUnder(file, rule.from)) {
                    continue;
                }
                for (const target of targets) {
                    const forbidden = rule.never.find((prefix) => isUnder(target, prefix.replace(/\.ts$/, "")) || target === prefix);
                    if (forbidden) {
                        violations.push(`${file} imports ${target}`);
                    }
                }
            }
            assert.deepEqual(violations, [], `${rule.why}`);
        });
    }

    it("the three resource folders have the same files", () => {
        const common = ["index.ts", "provider.ts", "inputs.ts", "remote.ts", "errors.ts", "diff.ts"];
        for (const resource of ["csr", "listener-certificate-binding", "hosts-certificate-binding"]) {
            const files = fs.readdirSync(path.join(ROOT, "provider/resources", resource));
            assert.deepEqual(
                common.filter((name) => !files.includes(name)),
                [],
                `provider/resources/${resource}/`,
            );
        }
    });

    it(`no function in provider/ is longer than ${MAX_FUNCTION_LINES} lines`, () => {
        const long = new Map<string, number>();
        for (const file of providerFiles) {
            longFunctions(file, parse(file), MAX_FUNCTION_LINES).forEach((lines, name) => long.set(name, lines));
        }
        assert.deepEqual(
            [...long].map(([name, lines]) => `${name} (${lines} lines)`),
            [],
        );
    });
});
