#!/usr/bin/env node
/**
 * Builds bin/ only when a source is newer than the last successful build.
 *
 *   node tools/build-if-stale.js          build (tsc) if stale, then mark the build
 *   node tools/build-if-stale.js --mark   record that a build just succeeded (`npm run build` calls it)
 *   node tools/build-if-stale.js --check  print "stale" or "fresh", exit 0 (for tests)
 *
 * Plain JavaScript on purpose: it runs before anything is compiled. The mark is bin/.build-stamp,
 * written only after tsc succeeded, so a failed build is retried on the next run even though tsc
 * emitted files. Sources: provider/, api-models/, emulator/, tools/, bench/, tsconfig.json, package.json (what
 * the commands run from bin/; tests run from their .ts sources and `npm test` always builds).
 */
"use strict";
const fs = require("fs");
const path = require("path");
const { spawnSync } = require("child_process");

const ROOT = path.resolve(__dirname, "..");
const STAMP = path.join(ROOT, "bin", ".build-stamp");
const SOURCE_DIRS = ["provider", "api-models", "emulator", "tools", "bench"];
const SOURCE_FILES = ["tsconfig.json", "package.json"];
/** Folders that hold dependencies or run output, not sources. */
const SKIP = new Set(["node_modules", "results", ".pulumi-driver"]);

/** Newest mtime (ms) of the compiled sources, and the file that has it. */
function newestSource(root = ROOT) {
    let newest = { mtimeMs: 0, file: "" };
    const consider = (file) => {
        const m = fs.statSync(file).mtimeMs;
        if (m > newest.mtimeMs) {
            newest = { mtimeMs: m, file };
        }
    };
    const walk = (dir) => {
        let entries;
        try {
            entries = fs.readdirSync(dir, { withFileTypes: true });
        } catch {
            return;
        }
        // A deleted or renamed source changes its folder's mtime.
        consider(dir);
        for (const e of entries) {
            const full = path.join(dir, e.name);
            if (e.isDirectory()) {
                if (!SKIP.has(e.name)) {
                    walk(full);
                }
            } else if (/\.(ts|json)$/.test(e.name)) {
                consider(full);
            }
        }
    };
    SOURCE_DIRS.forEach((d) => walk(path.join(root, d)));
    SOURCE_FILES.forEach((f) => fs.existsSync(path.join(root, f)) && consider(path.join(root, f)));
    return newest;
}

function isStale(root = ROOT) {
    const stamp = path.join(root, "bin", ".build-stamp");
    if (!fs.existsSync(stamp)) {
        return true;
    }
    return newestSource(root).mtimeMs >= fs.statSync(stamp).mtimeMs;
}

/** Marks bin/ as built from the sources as they were at `startedMs` (an edit saved during the build stays newer). */
function mark(root = ROOT, startedMs = Date.now()) {
    const stamp = path.join(root, "bin", ".build-stamp");
    fs.mkdirSync(path.dirname(stamp), { recursive: true });
    fs.writeFileSync(stamp, new Date(startedMs).toISOString() + "\n");
    const t = new Date(startedMs);
    fs.utimesSync(stamp, t, t);
}

function main(argv) {
    if (argv.includes("--mark")) {
        mark();
        return 0;
    }
    if (argv.includes("--check")) {
        process.stdout.write(isStale() ? "stale\n" : "fresh\n");
        return 0;
    }
    if (!isStale()) {
        return 0;
    }
    const started = Date.now();
    const tsc = require.resolve("typescript/bin/tsc", { paths: [ROOT] });
    const r = spawnSync(process.execPath, [tsc, "-p", path.join(ROOT, "tsconfig.json")], { cwd: ROOT, stdio: "inherit" });
    if (r.status !== 0) {
        return r.status ?? 1;
    }
    mark(ROOT, started);
    return 0;
}

module.exports = { isStale, newestSource, mark, STAMP };

if (require.main === module) {
    process.exitCode = main(process.argv.slice(2));
}
