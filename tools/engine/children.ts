/**
 * The driver's child processes (the program's language runtime and the dynamic-provider host) die
 * with the driver, as the Pulumi CLI's plugins do: no orphans keep ports, files or cloud calls alive.
 *
 * - `trackChild`: every child is recorded until it exits.
 * - `installChildCleanup` (the CLI calls it): on SIGINT, SIGTERM, SIGHUP and a broken stdout/stderr
 *   pipe (EPIPE on the next write) the children are killed, then the driver exits with 128 + the
 *   signal number (141 for the broken pipe); on any other exit (an uncaught error included) they
 *   are killed too. A SIGPIPE signal itself is left ignored, as Node does by default: with a
 *   listener installed, every write to a socket whose peer has gone (a provider host that just
 *   exited) raises SIGPIPE, which would end a run that is fine. The Pulumi CLI (Go) likewise exits
 *   on a broken stdout or stderr only.
 * - `parentWatchPreload`: a `--require` file each child loads; it exits the child when the driver
 *   is gone, which covers what no handler can catch (SIGKILL, a crash of node itself).
 */
import type { ChildProcess } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const children = new Set<ChildProcess>();

export function trackChild(child: ChildProcess): void {
    if (child.exitCode !== null || child.signalCode !== null) return;
    children.add(child);
    child.once("exit", () => children.delete(child));
}

/** Pids of the children alive now (for -v and tests). */
export function childPids(): number[] {
    return [...children].map((c) => c.pid).filter((p): p is number => p !== undefined);
}

/** Kills every tracked child (synchronously: safe inside an 'exit' handler). */
export function killChildren(signal: NodeJS.Signals = "SIGKILL"): void {
    for (const child of children) {
        try {
            child.kill(signal);
        } catch {
            // already gone
        }
    }
    children.clear();
}

const SIGNAL_NUMBERS: Partial<Record<NodeJS.Signals, number>> = { SIGHUP: 1, SIGINT: 2, SIGPIPE: 13, SIGTERM: 15 };
let installed = false;

export function installChildCleanup(proc: NodeJS.Process = process): void {
    if (installed) return;
    installed = true;
    const die = (signal: NodeJS.Signals) => {
        killChildren("SIGKILL");
        proc.exit(128 + (SIGNAL_NUMBERS[signal] ?? 0));
    };
    for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as NodeJS.Signals[]) proc.on(signal, () => die(signal));
    // A closed stdout/stderr shows up as EPIPE on the next write (SIGPIPE stays ignored: see above).
    for (const stream of [proc.stdout, proc.stderr]) {
        stream.on("error", (err: NodeJS.ErrnoException) => {
            if (err.code === "EPIPE") die("SIGPIPE");
            else throw err;
        });
    }
    proc.on("exit", () => killChildren("SIGKILL"));
}

/**
 * Loaded into each child with `--require`: every second, checks that the process that started it
 * is still there (signal 0), and exits otherwise. The timer never keeps the child alive.
 */
const PARENT_WATCH = `"use strict";
(function () {
    const parent = process.ppid;
    if (!parent || parent === 1) return;
    const timer = setInterval(function () {
        try {
            process.kill(parent, 0);
        } catch (err) {
            if (err && err.code === "ESRCH") process.kill(process.pid, "SIGKILL");
        }
    }, 1000);
    if (timer.unref) timer.unref();
})();
`;

/** Path of the parent-watch preload (written once per user to the temp folder). */
export function parentWatchPreload(): string {
    return writePreload("pulumi-driver-parent-watch", PARENT_WATCH);
}

/** Writes a preload script to a stable temp path (atomically, only when its content changed). */
export function writePreload(name: string, content: string): string {
    const file = path.join(os.tmpdir(), `${name}-${process.getuid?.() ?? 0}.js`);
    if (!fs.existsSync(file) || fs.readFileSync(file, "utf8") !== content) {
        const tmp = `${file}.${process.pid}.tmp`;
        fs.writeFileSync(tmp, content);
        fs.renameSync(tmp, file);
    }
    return file;
}

/** The environment for a child: the parent-watch preload added to NODE_OPTIONS (opt out: PULUMI_DRIVER_NO_PARENT_WATCH=1). */
export function withParentWatch(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
    if (env.PULUMI_DRIVER_NO_PARENT_WATCH === "1") return env;
    return { ...env, NODE_OPTIONS: `${env.NODE_OPTIONS ?? ""} --require ${JSON.stringify(parentWatchPreload())}`.trim() };
}
