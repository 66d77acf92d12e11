import type { RunOptions, RunResult } from "./types";

/** Runs one Pulumi operation against the program in `opts.cwd`. */
export async function runPulumi(opts: RunOptions): Promise<RunResult> {
    throw new Error(`engine driver: runPulumi(${opts.op}) is being implemented (issue 5)`);
}
