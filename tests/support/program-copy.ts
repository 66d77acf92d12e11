/**
 * A copy of the lifecycle program in a temp dir (node_modules linked to the repository's), for
 * tests that run the driver's CLI: its Pulumi.<stack>.yaml, state and key files stay out of the repo.
 */
import * as fs from "fs";
import * as path from "path";
import { REPO } from "./paths";
import { LIFECYCLE_PROGRAM } from "./program-fixture";

export const CLI = path.join(REPO, "bin/tools/engine/cli.js");

/** A copy of the program in `source` (its top-level files) under `into`/program, node_modules linked to the repository's. */
export function copyProgram(source: string, into: string): string {
    const copy = path.join(into, "program");
    fs.mkdirSync(copy, { recursive: true });
    for (const entry of fs.readdirSync(source, { withFileTypes: true })) {
        if (entry.isFile() && !/^Pulumi\..+\.yaml$/.test(entry.name)) fs.copyFileSync(path.join(source, entry.name), path.join(copy, entry.name));
    }
    fs.symlinkSync(path.join(REPO, "node_modules"), path.join(copy, "node_modules"), "dir");
    return copy;
}

/** The lifecycle program (tests/programs/lifecycle: its top-level files, not main-option/) copied under `into`/program. */
export function copyLifecycleProgram(into: string): string {
    return copyProgram(LIFECYCLE_PROGRAM, into);
}

/** Runs the CLI in-process (tools/engine/cli main) and returns its exit code and what it wrote. */
export async function cli(
    args: string[],
    cwd: string,
    env: Record<string, string | undefined> = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
    const { main } = await import("../../tools/engine/cli");
    const stdout: string[] = [];
    const stderr: string[] = [];
    const code = await main(args, {
        stdout: { write: (s: string) => stdout.push(s) },
        stderr: { write: (s: string) => stderr.push(s) },
        cwd,
        env: { ...process.env, PULUMI_CONFIG_PASSPHRASE: undefined, ...env },
    });
    return { code, stdout: stdout.join(""), stderr: stderr.join("") };
}
