/**
 * `npm run test:acceptance [-- --record DIR] [mocha options]`: runs tests/acceptance with mocha;
 * `--record DIR` becomes TENCENTCLOUD_ACCEPTANCE_RECORD (the suite writes one fixture per API
 * action there). Everything else goes to mocha (e.g. `--grep CsrResource`).
 */
import { spawn } from "node:child_process";
import * as path from "node:path";
import { ACCEPTANCE_ENV } from "./config";

/** The repository root (this file runs compiled, from bin/tools/acceptance). */
const REPO = path.resolve(__dirname, "../../..");
const SUITE = "tests/acceptance/**/*.test.ts";

function suiteArgs(argv: readonly string[]): { recordDir?: string; mochaArgs: string[] } | string {
    const mochaArgs: string[] = [];
    let recordDir: string | undefined;
    for (let i = 0; i < argv.length; i++) {
        if (argv[i] !== "--record") {
            mochaArgs.push(argv[i]);
            continue;
        }
        const dir = argv[++i];
        if (!dir || dir.startsWith("-")) return "--record needs a folder: npm run test:acceptance -- --record DIR";
        recordDir = path.resolve(dir);
    }
    return { recordDir, mochaArgs };
}

function main(): void {
    const args = suiteArgs(process.argv.slice(2));
    if (typeof args === "string") {
        process.stderr.write(args + "\n");
        process.exitCode = 2;
        return;
    }
    const env = { ...process.env, ...(args.recordDir ? { [ACCEPTANCE_ENV.record]: args.recordDir } : {}) };
    const mocha = path.join(REPO, "node_modules", ".bin", "mocha");
    const child = spawn(mocha, [SUITE, ...args.mochaArgs], { cwd: REPO, env, stdio: "inherit" });
    child.on("exit", (code, signal) => (process.exitCode = code ?? (signal ? 1 : 0)));
}

if (require.main === module) main();
