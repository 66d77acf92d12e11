/**
 * docs/ARCHITECTURE.md names only what exists: every file path it mentions is a file of the
 * repository (a path may be given from any folder down, e.g. `common/wire.ts`; a `bin/` path is
 * checked as the source it is compiled from), and every name it quotes in backticks or calls
 * (`name(`, anywhere) is an identifier of the sources. Placeholders are skipped: paths with
 * `<...>`, `*` or `{...}`, and the doc's `X`/`x` resource placeholders (`XArgs`, `xProvider`).
 */
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";

const ROOT = path.resolve(__dirname, "../..");
const DOC = "docs/ARCHITECTURE.md";
const SOURCE_DIRS = ["provider", "emulator", "tools", "bench", "api-models", "tests"];
const SKIPPED_DIRS = new Set(["node_modules", "bin", ".git"]);

function repoFiles(dir = ""): string[] {
    return fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
        const rel = dir ? `${dir}/${entry.name}` : entry.name;
        if (entry.isDirectory()) {
            return SKIPPED_DIRS.has(entry.name) || entry.name.startsWith(".") ? [] : repoFiles(rel);
        }
        return [rel];
    });
}

/** `bin/provider/index.js` is compiled from `provider/index.ts`. */
function sourceOf(mentioned: string): string {
    return mentioned.startsWith("bin/") ? mentioned.slice("bin/".length).replace(/\.js$/, ".ts") : mentioned;
}

/** The file paths the doc mentions (placeholders left out). */
export function mentionedPaths(markdown: string): string[] {
    const found = markdown.match(/[\w./<>*{},-]*[\w>]\.(?:ts|js|md|json)\b/g) ?? [];
    return [...new Set(found)].filter((p) => !/[<*{]/.test(p));
}

/** Names quoted alone in backticks (dotted ones split) and names called as `name(` anywhere (prose, layout, code). */
export function mentionedNames(markdown: string): string[] {
    const quoted = [...markdown.matchAll(/`([A-Za-z_$][\w$.]*)`/g)].flatMap((m) => m[1].split("."));
    const called = [...markdown.matchAll(/([A-Za-z_$][\w$]*)\(/g)].map((m) => m[1]);
    return [...new Set([...quoted, ...called])].filter((name) => name !== "" && !/^[xX][A-Z]/.test(name));
}

describe(`${DOC} names only what exists`, () => {
    const markdown = fs.readFileSync(path.join(ROOT, DOC), "utf8");
    const files = repoFiles();

    it("finds paths and names as the checks expect", () => {
        assert.deepEqual(mentionedPaths("see `common/wire.ts`, services/<svc>.ts, docs/resources/*.md and bin/provider/runtime.js"), [
            "common/wire.ts",
            "bin/provider/runtime.js",
        ]);
        assert.deepEqual(mentionedNames("`runtime.getClient(scope)` and `sameIds`, `XArgs`\n```ts\nverifyHostsBinding(deps)\n```"), [
            "sameIds",
            "getClient",
            "verifyHostsBinding",
        ]);
    });

    it("every file it mentions exists", () => {
        const missing = mentionedPaths(markdown).filter((mentioned) => {
            const source = sourceOf(mentioned);
            return !files.some((file) => file === source || file.endsWith(`/${source}`));
        });
        assert.deepEqual(missing, []);
    });

    it("every name it quotes or calls is an identifier of the sources", () => {
        const sources = files
            .filter((file) => SOURCE_DIRS.includes(file.split("/")[0]) && /\.[tj]s$/.test(file))
            .map((file) => fs.readFileSync(path.join(ROOT, file), "utf8"))
            .join("\n");
        const identifiers = new Set(sources.match(/[A-Za-z_$][\w$]*/g));
        assert.deepEqual(
            mentionedNames(markdown).filter((name) => !identifiers.has(name)),
            [],
        );
    });
});
