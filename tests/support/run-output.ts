/** What an engine-driver run printed, for assertion messages. */
import type { RunResult } from "../../tools/engine";

export function explain(r: RunResult): string {
    return `exit ${r.exitCode}\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`;
}

/** Fails with the run's output attached, so a failing test shows what the driver printed. */
export function expectOk(r: RunResult): RunResult {
    if (r.exitCode !== 0) {
        throw new Error(`driver run failed: ${explain(r)}`);
    }
    return r;
}
