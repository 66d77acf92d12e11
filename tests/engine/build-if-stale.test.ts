/**
 * tools/build-if-stale.js: `npm run pulumi|emulator|demo|bench` rebuild only when a source is
 * newer than the last successful build.
 */
import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

// eslint-disable-next-line @typescript-eslint/no-var-requires
const staleness = require("../../tools/build-if-stale.js") as {
    isStale(root?: string): boolean;
    mark(root?: string, startedMs?: number): void;
    newestSource(root?: string): { mtimeMs: number; file: string };
};

const REPO = path.resolve(__dirname, "../..");

describe("engine driver: build only when stale (tools/build-if-stale.js)", () => {
    let root: string;
    const setTime = (file: string, secondsAgo: number) => {
        const t = new Date(Date.now() - secondsAgo * 1000);
        fs.utimesSync(file, t, t);
    };

    beforeEach(() => {
        root = fs.mkdtempSync(path.join(os.tmpdir(), "build-if-stale-"));
        for (const d of ["provider", "emulator", "tools/engine", "bench/results", "bin"]) fs.mkdirSync(path.join(root, d), { recursive: true });
        for (const f of ["provider/index.ts", "emulator/cli.ts", "tools/engine/cli.ts", "bench/run.ts", "tsconfig.json", "package.json"]) {
            fs.writeFileSync(path.join(root, f), "// source\n");
        }
        // Everything (files and folders) is an hour old.
        const all = (dir: string): string[] =>
            fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
                const full = path.join(dir, e.name);
                return e.isDirectory() ? [...all(full), full] : [full];
            });
        for (const f of all(root)) setTime(f, 3600);
    });
    afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

    it("is stale without a build mark, fresh after one, stale again when any kind of source changes", () => {
        assert.equal(staleness.isStale(root), true, "no bin/.build-stamp yet");
        staleness.mark(root, Date.now() - 1800_000);
        assert.equal(staleness.isStale(root), false, "built after the last edit");
        for (const f of ["provider/index.ts", "tools/engine/cli.ts", "emulator/cli.ts", "bench/run.ts", "tsconfig.json", "package.json"]) {
            fs.appendFileSync(path.join(root, f), "// edit\n");
            assert.equal(staleness.isStale(root), true, `an edit of ${f} makes the build stale`);
            assert.equal(staleness.newestSource(root).file, path.join(root, f));
            // Built after the edit: fresh again.
            setTime(path.join(root, f), 3600);
            staleness.mark(root, Date.now() - 1800_000);
            assert.equal(staleness.isStale(root), false);
        }
    });

    it("ignores run output (bench results) and notices a deleted source", () => {
        staleness.mark(root, Date.now() - 1800_000);
        fs.writeFileSync(path.join(root, "bench/results/run.json"), "{}");
        setTime(path.join(root, "bench/results"), 3600);
        assert.equal(staleness.isStale(root), false, "bench/results is output, not a source");
        fs.rmSync(path.join(root, "provider/index.ts"));
        assert.equal(staleness.isStale(root), true, "removing a source changes its folder");
    });

    it("the repository's npm scripts use it, and the tree is fresh right after `npm run build` (pretest)", () => {
        const pkg = JSON.parse(fs.readFileSync(path.join(REPO, "package.json"), "utf8"));
        for (const script of ["pulumi", "emulator", "demo", "bench"]) {
            assert.match(pkg.scripts[script], /^node tools\/build-if-stale\.js && /, script);
        }
        assert.match(pkg.scripts.build, /build-if-stale\.js --mark/, "a full build marks bin/ as fresh");
        const r = spawnSync(process.execPath, [path.join(REPO, "tools/build-if-stale.js"), "--check"], { encoding: "utf8" });
        assert.equal(r.stdout.trim(), "fresh");
    });
});
