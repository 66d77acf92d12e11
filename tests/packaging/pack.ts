/**
 * Helpers for the packaging tests: pack an unbuilt copy of the repository as a user's clone would
 * be packed, and set up a program outside the repository that installs the tarball with npm.
 */
import { spawn, spawnSync, type SpawnSyncReturns } from "child_process";
import * as fs from "fs";
import * as path from "path";

export const REPO = path.resolve(__dirname, "../..");

export interface Command {
    status: number | null;
    /** stdout and stderr, interleaved as they arrived (spawnSync: stdout then stderr). */
    output: string;
    stdout: string;
}

/** Runs a command to completion and returns its exit status and combined stdout + stderr. */
export function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env): Command {
    const r: SpawnSyncReturns<string> = spawnSync(cmd, args, { cwd, env, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
    if (r.error) {
        throw r.error;
    }
    return { status: r.status, output: `${r.stdout ?? ""}${r.stderr ?? ""}`, stdout: r.stdout ?? "" };
}

/** `run`, failing with the command's output when it exits non-zero; returns its stdout. */
export function runOk(cmd: string, args: string[], cwd: string, env?: NodeJS.ProcessEnv): string {
    const r = run(cmd, args, cwd, env);
    if (r.status !== 0) {
        throw new Error(`${cmd} ${args.join(" ")} (in ${cwd}) exited ${r.status}:\n${r.output}`);
    }
    return r.stdout;
}

/** npm's environment without what `npm run`/`npm test` put there about this repository. */
export function npmEnv(): NodeJS.ProcessEnv {
    const env: NodeJS.ProcessEnv = {};
    for (const [k, v] of Object.entries(process.env)) {
        if (!k.toLowerCase().startsWith("npm_") && k !== "INIT_CWD") {
            env[k] = v;
        }
    }
    return env;
}

/**
 * Copies the repository's source files (tracked, plus new files git does not ignore) into `dest`,
 * without bin/ or node_modules, as a fresh clone has them; node_modules is linked to the repo's so
 * the build tools are there.
 */
export function copyUnbuiltClone(dest: string): void {
    const listed = runOk("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], REPO).split("\0").filter(Boolean);
    for (const rel of listed) {
        const src = path.join(REPO, rel);
        if (rel.startsWith("bin/") || rel.startsWith("node_modules/") || !fs.existsSync(src)) {
            continue; // ignored build output, or a tracked file deleted in the working tree
        }
        fs.mkdirSync(path.dirname(path.join(dest, rel)), { recursive: true });
        fs.copyFileSync(src, path.join(dest, rel));
    }
    fs.symlinkSync(path.join(REPO, "node_modules"), path.join(dest, "node_modules"), "dir");
}

export interface PackResult {
    tarball: string;
    files: string[];
}

/** `npm pack --json` in `dir`, writing the tarball into `outDir`. */
export function npmPack(dir: string, outDir: string): PackResult {
    const out = runOk("npm", ["pack", "--json", "--pack-destination", outDir], dir, npmEnv());
    // prepack's own output comes first; the JSON report is the last thing printed.
    const json = JSON.parse(out.slice(out.lastIndexOf("\n[") + 1));
    return { tarball: path.join(outDir, json[0].filename), files: json[0].files.map((f: { path: string }) => f.path).sort() };
}

type LockEntry = Record<string, unknown> & {
    dependencies?: Record<string, string>;
    optionalDependencies?: Record<string, string>;
    peerDependencies?: Record<string, string>;
    peerDependenciesMeta?: Record<string, { optional?: boolean }>;
};

/** Where Node (and npm's lock file) finds dependency `name` of the package installed at `from`. */
function resolveInLock(packages: Record<string, LockEntry>, from: string, name: string): string | undefined {
    let base = from;
    for (;;) {
        const candidate = `${base ? `${base}/` : ""}node_modules/${name}`;
        if (packages[candidate]) {
            return candidate;
        }
        if (!base) {
            return undefined;
        }
        const cut = base.lastIndexOf("/node_modules/");
        base = cut < 0 ? "" : base.slice(0, cut);
    }
}

/**
 * A package-lock.json for a program with `dependencies` (its package.json's), holding the
 * repository's locked version of each package in `seeds` (names, as installed at the top level of
 * the repository) and of everything they need, so the program installs what the repository was
 * tested with; npm resolves the rest.
 */
export function lockFromRepo(programName: string, dependencies: Record<string, string>, seeds: readonly string[]): object {
    const repoLock = JSON.parse(fs.readFileSync(path.join(REPO, "package-lock.json"), "utf8"));
    const packages: Record<string, LockEntry> = repoLock.packages;
    const kept: Record<string, LockEntry> = {};
    const queue = seeds.map((name) => `node_modules/${name}`).filter((at) => packages[at]);
    while (queue.length > 0) {
        const at = queue.shift()!;
        if (kept[at]) {
            continue;
        }
        const { dev: _dev, devOptional: _devOptional, peer: _peer, ...entry } = packages[at];
        kept[at] = entry;
        const e = packages[at];
        const required = [
            ...Object.keys(e.dependencies ?? {}),
            ...Object.keys(e.optionalDependencies ?? {}),
            ...Object.keys(e.peerDependencies ?? {}).filter((n) => !e.peerDependenciesMeta?.[n]?.optional),
        ];
        for (const dep of required) {
            const found = resolveInLock(packages, at, dep);
            if (found) {
                queue.push(found);
            }
        }
    }
    return { name: programName, lockfileVersion: 3, requires: true, packages: { "": { name: programName, dependencies }, ...kept } };
}

/** The `package:` of every EBADENGINE warning npm printed. */
export function ebadengineWarnings(npmOutput: string): string[] {
    const names: string[] = [];
    for (const m of npmOutput.matchAll(/EBADENGINE\s+package: '([^']+)'/g)) {
        names.push(m[1]);
    }
    return names;
}

/** Whether `version` (e.g. process.version) meets a `>=X[.Y[.Z]]` range, the only form the packages here declare. */
export function meetsMinimum(version: string, range: string): boolean {
    const m = /^>=\s*(\d+)(?:\.(\d+))?(?:\.(\d+))?$/.exec(range.trim());
    if (!m) {
        throw new Error(`unexpected engines range '${range}'`);
    }
    const want = [m[1], m[2] ?? "0", m[3] ?? "0"].map(Number);
    const have = version.replace(/^v/, "").split(".").map(Number);
    for (let i = 0; i < 3; i++) {
        if (have[i] !== want[i]) {
            return have[i] > want[i];
        }
    }
    return true;
}

/** Runs a command without blocking this process (so an emulator in it keeps answering). */
export function runAsync(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<Command> {
    return new Promise((resolve, reject) => {
        const child = spawn(cmd, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
        let output = "";
        let stdout = "";
        child.stdout.on("data", (d) => {
            output += d;
            stdout += d;
        });
        child.stderr.on("data", (d) => (output += d));
        child.once("error", reject);
        child.once("close", (status) => resolve({ status, output, stdout }));
    });
}

/**
 * The @pulumi/pulumi versions the tarball is tested with: the oldest whose dynamic-provider `read`
 * may return `inputs` (3.216.0, the lower end of peerDependencies), the newest that declares
 * Node 20 support (3.248.0; 3.249.0 and later declare node >=22), the one the repository pins, and
 * the newest on the registry when this list was last reviewed (3.276.0, 2026-12-03), which is what
 * npm installs for the peer in a program that has no @pulumi/pulumi yet.
 */
export const SDK_VERSIONS = ["3.216.0", "3.248.0", "3.270.0", "3.276.0"] as const;
