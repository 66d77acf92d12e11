/**
 * One run at a time per stack, as the Pulumi CLI's file ("diy") backend does it
 * (pkg/backend/diy/lock.go, pulumi/pulumi): a run that writes state (`up`, `refresh`, `destroy`;
 * not `preview`) writes a lock file `<stateDir>/locks/<stack>/<uuid>.json` holding
 * `{pid, username, hostname, timestamp}`, then looks for any other lock file of the stack; if there
 * is one, it removes its own again and refuses, naming each holder (two runs racing both see the
 * other and both refuse; neither goes ahead alone with a stale view). `cancel` removes every lock
 * file of the stack (`pulumi cancel`). The lock is removed when the run ends, and on the driver's
 * exit (SIGINT, SIGTERM, ...); only a SIGKILL or a crash leaves it behind, and then a lock whose
 * pid is not running on this host is reported as stale.
 *
 * The CLI keys its locks by organization, project and stack; the driver's state file is keyed by
 * stack alone (`<stateDir>/stacks/<stack>.json`), so its locks are too.
 */
import * as crypto from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { DEFAULT_STACK, stateDirFor, type StackLocation } from "./state";

/** What a lock file holds (the CLI's lockContent, plus the operation). */
export interface LockContent {
    pid: number;
    username: string;
    hostname: string;
    /** When the run started (ISO 8601). */
    timestamp: string;
    operation?: string;
}

/** A lock file found for the stack. */
export interface LockHolder {
    path: string;
    /** Undefined when the file could not be read as a lock. */
    content?: LockContent;
    /** The holder ran on this host and its pid is not running any more. */
    stale: boolean;
}

export interface HeldLock {
    path: string;
    release(): void;
}

export function lockDirFor(loc: StackLocation): string {
    return path.join(stateDirFor(loc), "locks", loc.stack ?? DEFAULT_STACK);
}

/** Whether a process with this pid exists here (signal 0 probes; EPERM still proves it exists). */
function processAlive(pid: number): boolean {
    if (!Number.isSafeInteger(pid) || pid <= 0) return false;
    try {
        process.kill(pid, 0);
        return true;
    } catch (err: any) {
        return err?.code === "EPERM";
    }
}

function readHolder(file: string): LockHolder {
    try {
        const content = JSON.parse(fs.readFileSync(file, "utf8")) as LockContent;
        if (typeof content?.pid !== "number" || typeof content.timestamp !== "string") return { path: file, stale: false };
        return { path: file, content, stale: content.hostname === os.hostname() && !processAlive(content.pid) };
    } catch {
        return { path: file, stale: false };
    }
}

/** Every lock file of the stack (`except` one of them), oldest first. */
export function readStackLocks(loc: StackLocation, except?: string): LockHolder[] {
    const dir = lockDirFor(loc);
    if (!fs.existsSync(dir)) return [];
    return fs
        .readdirSync(dir)
        .filter((f) => f.endsWith(".json"))
        .map((f) => path.join(dir, f))
        .filter((f) => f !== except)
        .map(readHolder)
        .sort((a, b) => (a.content?.timestamp ?? "").localeCompare(b.content?.timestamp ?? ""));
}

/** The run holding a lock: `up by user@host (pid 123), started <time>[ — stale: ...]`. */
export function describeRun(holder: LockHolder): string {
    const c = holder.content;
    if (!c) return "unreadable lock file";
    const what = `${c.operation ?? "a run"} by ${c.username}@${c.hostname} (pid ${c.pid}), started ${c.timestamp}`;
    return `${what}${holder.stale ? ` — stale: no process ${c.pid} runs on this host` : ""}`;
}

/** One line per holder: `<file>: <run>`. */
export function describeHolder(holder: LockHolder): string {
    return `${holder.path}: ${describeRun(holder)}`;
}

/** The stack is locked by another run. */
export class StackLockedError extends Error {
    constructor(
        readonly stackName: string,
        readonly holders: LockHolder[],
        cancelCommand: string,
    ) {
        const n = holders.length;
        const allStale = holders.every((h) => h.stale);
        super(
            `engine driver: the stack '${stackName}' is locked by ${n} other run${n === 1 ? "" : "s"} (one run at a time per stack, as the Pulumi CLI's file backend). ` +
                (allStale
                    ? `The run that took it is gone; remove the stale lock with \`${cancelCommand}\`:\n`
                    : `Wait for it to end, or, if it is not running any more, remove the lock with \`${cancelCommand}\`:\n`) +
                holders.map((h) => `  ${describeHolder(h)}`).join("\n"),
        );
        this.name = "StackLockedError";
    }
}

function lockContent(operation: string): LockContent {
    let username = "unknown";
    try {
        username = os.userInfo().username;
    } catch {
        // no passwd entry (some containers)
    }
    return { pid: process.pid, username, hostname: os.hostname(), timestamp: new Date().toISOString(), operation };
}

/**
 * Takes the stack's lock for `operation`, or throws StackLockedError naming the holders (its own
 * file removed again). `cancelCommand` is what the message tells the user to run.
 */
export function acquireStackLock(loc: StackLocation, operation: string, cancelCommand: string): HeldLock {
    const dir = lockDirFor(loc);
    const stack = loc.stack ?? DEFAULT_STACK;
    const before = readStackLocks(loc);
    if (before.length > 0) throw new StackLockedError(stack, before, cancelCommand);
    fs.mkdirSync(dir, { recursive: true });
    const file = path.join(dir, `${crypto.randomUUID()}.json`);
    fs.writeFileSync(file, JSON.stringify(lockContent(operation)) + "\n", { flag: "wx" });
    const remove = () => fs.rmSync(file, { force: true });
    const others = readStackLocks(loc, file);
    if (others.length > 0) {
        remove();
        throw new StackLockedError(stack, others, cancelCommand);
    }
    // The CLI exits the process on SIGINT/SIGTERM/...: 'exit' handlers still run, so the lock goes with it.
    process.on("exit", remove);
    return {
        path: file,
        release: () => {
            process.removeListener("exit", remove);
            remove();
        },
    };
}

/** `cancel`: removes every lock file of the stack; returns what was removed. */
export function cancelStackLocks(loc: StackLocation): LockHolder[] {
    const holders = readStackLocks(loc);
    for (const h of holders) fs.rmSync(h.path, { force: true });
    return holders;
}
