/**
 * The engine driver's CLI as its own process, for tests that signal, kill or race it
 * (tests/engine/stack-lock.test.ts, tests/engine/driver-signals.test.ts).
 */
import { ChildProcess, spawn } from "child_process";
import { CLI } from "./program-copy";

/** Polls `f` every `pollMs` until it gives something other than undefined/false; throws naming `what` after `timeoutMs`. */
export async function waitFor<T>(what: string, f: () => T | undefined, timeoutMs: number, pollMs: number): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
        const v = f();
        if (v !== undefined && v !== false) return v;
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
        await new Promise((r) => setTimeout(r, pollMs));
    }
}

export interface DriverProcess {
    child: ChildProcess;
    /** Everything the driver printed so far (stdout and stderr interleaved). */
    output: () => string;
    exit: Promise<number | null>;
}

/**
 * Spawns the driver's CLI with `args` and `env` over this process's (no INIT_CWD, no passphrase) and
 * resolves once `marker` was printed. The child goes into `running` at once, so a test's afterEach
 * can kill it even when the marker never came.
 */
export async function spawnDriver(args: string[], env: NodeJS.ProcessEnv, marker: RegExp, running: ChildProcess[], pollMs: number): Promise<DriverProcess> {
    const child = spawn(process.execPath, [CLI, ...args], {
        env: { ...process.env, INIT_CWD: undefined, PULUMI_CONFIG_PASSPHRASE: undefined, ...env },
        stdio: ["ignore", "pipe", "pipe"],
    });
    running.push(child);
    let text = "";
    child.stdout!.on("data", (c: Buffer) => (text += c.toString()));
    child.stderr!.on("data", (c: Buffer) => (text += c.toString()));
    // A test may destroy our end of stdout (the EPIPE case): that must not surface as an unhandled error.
    child.stdout!.on("error", () => undefined);
    const exit = new Promise<number | null>((resolve) => child.once("close", (code) => resolve(code)));
    await waitFor(`${marker} in the driver's output`, () => marker.test(text) || undefined, 120_000, pollMs);
    return { child, output: () => text, exit };
}
