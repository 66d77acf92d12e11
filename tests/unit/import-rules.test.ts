/**
 * The module boundaries of docs/ARCHITECTURE.md, checked on the TypeScript sources: no import
 * cycle inside provider/, emulator/, tools/ or bench/, no forbidden import between the layers, and
 * no function in product code longer than 80 lines. Imports are read with the TypeScript compiler
 * (import/export declarations, `import()`, `require()` and `require.resolve()` calls, type-only
 * imports included; a `require` of a local string constant counts as a `require` of its value).
 */
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import * as ts from "typescript";

const ROOT = path.resolve(__dirname, "../..");
const MAX_FUNCTION_LINES = 80;
/** The package's own name: `pulumi-tencent-certs/bin/provider/<x>` is provider/<x>.ts (the shim requires the runtime so). */
const PACKAGE_NAME = "pulumi-tencent-certs";
/** Product code: every folder the length and cycle rules cover (api-models/ is generated, and checked too). */
const PRODUCT_DIRS = ["provider", "emulator", "tools", "bench", "api-models"];
/** Folders with no import cycle inside. */
const ACYCLIC_DIRS = ["provider", "emulator", "tools", "bench"];

interface Rule {
    /** Files under this folder (or this file)... */
    from: string;
    /** ...never import modules under these (folders, files, or package names). */
    never: string[];
    why: string;
    /** Also nothing they load, directly or through other modules of ours. */
    transitive?: boolean;
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
    ...["provider/runtime.ts", "provider/shim.ts", "provider/client-registry.ts"].map(
        (from): Rule => ({
            from,
            never: ["provider/lookups"],
            transitive: true,
            why: "the provider host loads runtime, shim and client-registry; lookups run in the program only",
        }),
    ),
];

function sourceFiles(dir: string): string[] {
    const full = path.join(ROOT, dir);
    return fs.readdirSync(full, { withFileTypes: true }).flatMap((entry) => {
        const rel = path.posix.join(dir, entry.name);
        if (entry.isDirectory()) {
            return sourceFiles(rel);
        }
        return /\.[tj]s$/.test(entry.name) && !entry.name.endsWith(".d.ts") ? [rel] : [];
    });
}

function parse(file: string): ts.SourceFile {
    return ts.createSourceFile(file, fs.readFileSync(path.join(ROOT, file), "utf8"), ts.ScriptTarget.Latest, true);
}

/** `const NAME = "literal"` anywhere in the file: NAME → literal (a `require(NAME)` loads that). */
function stringConstants(source: ts.SourceFile): Map<string, string> {
    const constants = new Map<string, string>();
    const visit = (node: ts.Node): void => {
        if (
            ts.isVariableDeclaration(node) &&
            ts.isIdentifier(node.name) &&
            node.initializer &&
            ts.isStringLiteralLike(node.initializer) &&
            ts.isVariableDeclarationList(node.parent) &&
            (node.parent.flags & ts.NodeFlags.Const) !== 0
        ) {
            constants.set(node.name.text, node.initializer.text);
        }
        ts.forEachChild(node, visit);
    };
    visit(source);
    return constants;
}

/** `import(...)`, `require(...)` or `require.resolve(...)`. */
function isModuleCall(callee: ts.Expression): boolean {
    if (callee.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(callee) && callee.text === "require")) {
        return true;
    }
    return (
        ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression) && callee.expression.text === "require" && callee.name.text === "resolve"
    );
}

/** The module a call's first argument names: a string literal, or a local string constant. */
function calledModule(node: ts.CallExpression, constants: Map<string, string>): string | undefined {
    const first = node.arguments[0];
    if (!first || !isModuleCall(node.expression)) {
        return undefined;
    }
    if (ts.isStringLiteralLike(first)) {
        return first.text;
    }
    return ts.isIdentifier(first) ? constants.get(first.text) : undefined;
}

/** Every module specifier the file names: imports, re-exports, `import()`, `require()` and `require.resolve()`. */
export function moduleSpecifiers(source: ts.SourceFile): string[] {
    const constants = stringConstants(source);
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
        } else if (ts.isCallExpression(node)) {
            const specifier = calledModule(node, constants);
            if (specifier !== undefined) {
                found.push(specifier);
            }
        }
        ts.forEachChild(node, visit);
    };
    visit(source);
    return found;
}

/**
 * A relative specifier, or one into this package (`pulumi-tencent-certs/bin/provider/runtime`, the
 * compiled copy of provider/runtime.ts), as a repository path ("provider/runtime.ts"); another
 * package name as is.
 */
export function resolve(fromFile: string, specifier: string): string {
    let base: string;
    if (specifier.startsWith(".")) {
        base = path.posix.normalize(path.posix.join(path.posix.dirname(fromFile), specifier));
    } else if (specifier === PACKAGE_NAME) {
        base = "provider/index";
    } else if (specifier.startsWith(`${PACKAGE_NAME}/bin/`)) {
        base = specifier.slice(`${PACKAGE_NAME}/bin/`.length).replace(/\.js$/, "");
    } else {
        return specifier;
    }
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

/** Every module `file` loads, directly or through modules of the graph (package names included). */
function reachable(graph: Map<string, string[]>, file: string): Set<string> {
    const seen = new Set<string>();
    const pending = [...(graph.get(file) ?? [])];
    for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
        if (!seen.has(next)) {
            seen.add(next);
            pending.push(...(graph.get(next) ?? []));
        }
    }
    return seen;
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
    const productFiles = PRODUCT_DIRS.flatMap(sourceFiles);
    const graph = importGraph(productFiles);

    it("finds the imports of every kind the rules rely on", () => {
        const source = ts.createSourceFile(
            "x.ts",
            `import a from "./a"; import type { B } from "./b"; export * from "./c"; const d = require("./d"); const e = import("./e"); import f = require("./f");` +
                ` const g: string = require.resolve("./g"); function h() { const H = "./h"; return require(H); } let i = "./i"; require(i);`,
            ts.ScriptTarget.Latest,
            true,
        );
        assert.deepEqual(moduleSpecifiers(source), ["./a", "./b", "./c", "./d", "./e", "./f", "./g", "./h"]);
        assert.equal(resolve("provider/shim.ts", "pulumi-tencent-certs/bin/provider/runtime"), "provider/runtime.ts");
        assert.equal(resolve("provider/shim.ts", "./runtime"), "provider/runtime.ts");
        assert.equal(resolve("bench/run.ts", "pulumi-tencent-certs"), "provider/index.ts");
        assert.equal(resolve("provider/shim.ts", "@pulumi/pulumi"), "@pulumi/pulumi");
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

    it("sees the shim's run-time require (by package name and by path)", () => {
        const specifiers = moduleSpecifiers(parse("provider/shim.ts"));
        assert.ok(specifiers.includes("pulumi-tencent-certs/bin/provider/runtime"), specifiers.join(", "));
        assert.ok(specifiers.includes("./runtime"), specifiers.join(", "));
        assert.ok(graph.get("provider/shim.ts")?.includes("provider/runtime.ts"));
    });

    for (const dir of ACYCLIC_DIRS) {
        it(`${dir}/ has no import cycle`, () => {
            const inside = new Map([...graph].filter(([file]) => isUnder(file, dir)));
            assert.equal(findCycle(inside), undefined);
        });
    }

    for (const rule of RULES) {
        it(`${rule.from} never ${rule.transitive ? "loads" : "imports"} ${rule.never.join(", ")}`, () => {
            const violations: string[] = [];
            for (const [file, direct] of graph) {
                if (!isUnder(file, rule.from.replace(/\.ts$/, "")) && file !== rule.from) {
                    continue;
                }
                for (const target of rule.transitive ? reachable(graph, file) : direct) {
                    const forbidden = rule.never.find((prefix) => isUnder(target, prefix.replace(/\.ts$/, "")) || target === prefix);
                    if (forbidden) {
                        violations.push(`${file} ${rule.transitive ? "loads" : "imports"} ${target}`);
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

    it(`no function in ${PRODUCT_DIRS.join("/, ")}/ is longer than ${MAX_FUNCTION_LINES} lines`, () => {
        const long = new Map<string, number>();
        for (const file of productFiles) {
            longFunctions(file, parse(file), MAX_FUNCTION_LINES).forEach((lines, name) => long.set(name, lines));
        }
        assert.deepEqual(
            [...long].map(([name, lines]) => `${name} (${lines} lines)`),
            [],
        );
    });
});
