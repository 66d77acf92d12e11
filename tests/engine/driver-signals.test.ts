/**
 * When the driver dies, its language host (the program) and its provider host die with it: the
 * driver's CLI is started as a process on a slow `up`, killed mid-create with SIGINT, SIGTERM,
 * SIGPIPE, a closed stdout (EPIPE) and SIGKILL, and afterwards no process it started is alive.
 * Also: the terminal sees no JavaScript stack trace for a provider error unless -v.
 */
import { strict as assert } from "assert";
import { ChildProcess, spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { spawnDriver, waitFor } from "../support/driver-process";
import { cli, CLI, copyLifecycleProgram } from "../support/program-copy";

/** Every descendant of `pid` now (from /proc: ppid of each process). */
function descendants(pid: number): number[] {
    const parentOf = new Map<number, number>();
    for (const entry of fs.readdirSync("/proc")) {
        if (!/^\d+$/.test(entry)) continue;
        try {
            const stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
            const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
            parentOf.set(Number(entry), Number(fields[1]));
        } catch {
            // exited meanwhile
        }
    }
    const out: number[] = [];
    const walk = (p: number) => {
        for (const [child, parent] of parentOf) {
            if (parent === p) {
                out.push(child);
                walk(child);
            }
        }
    };
    walk(pid);
    return out;
}

/** Alive = exists and is not a zombie. */
function alive(pid: number): boolean {
    try {
        const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
        return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) !== "Z";
    } catch {
        return false;
    }
}

describe("engine driver: no orphan processes when the driver dies", function () {
    this.timeout(300_000);
    let dir: string;
    let program: string;
    const running: ChildProcess[] = [];

    before(async () => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "engine-signals-"));
        program = copyLifecycleProgram(dir);
        for (const [k, v] of [
            ["extras", "3"],
            ["extraDelayMs", "4000"],
        ]) {
            assert.equal((await cli(["config", "set", k, v, "-s", "sig"], program)).code, 0);
        }
    });
    afterEach(() => {
        // A failed test must not leave its driver behind either (only processes this test started).
        for (const c of running.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill("SIGKILL");
    });
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    /** Starts `up -v` of the slow program; resolves once a slow create is in flight, with the pids the driver started. */
    async function startSlowUp(stack: string): Promise<{ driver: ChildProcess; pids: number[]; output: () => string }> {
        fs.copyFileSync(path.join(program, "Pulumi.sig.yaml"), path.join(program, `Pulumi.${stack}.yaml`));
        const started = await spawnDriver(
            ["up", "-C", program, "-s", stack, "-v", "--parallel", "1"],
            { ENGINE_TEST_STORE: path.join(dir, `${stack}.json`) },
            /Resource x0 creating/,
            running,
            100,
        );
        const driver = started.child;
        const text = started.output();
        const printed = [...text.matchAll(/engine driver: (program|provider host) pid (\d+)/g)].map((m) => Number(m[2]));
        assert.equal(printed.length, 2, `the driver printed both pids at debug level:\n${text}`);
        const pids = descendants(driver.pid!);
        for (const p of printed) assert.ok(pids.includes(p), `pid ${p} is a child of the driver (${pids.join(", ")})`);
        assert.ok(pids.every(alive));
        return { driver, pids, output: started.output };
    }

    async function assertAllGone(pids: number[], output: () => string): Promise<void> {
        // Upper bound only: the children are killed at once by the handlers, or within ~1 s by their parent watch.
        await waitFor(`no child alive (${pids.filter(alive).join(", ")})\n${output()}`, () => pids.every((p) => !alive(p)) || undefined, 20_000, 100);
    }

    for (const [signal, code] of [
        ["SIGINT", 130],
        ["SIGTERM", 143],
    ] as const) {
        it(`${signal}: the driver exits ${code} and its program and provider host are gone`, async () => {
            const { driver, pids, output } = await startSlowUp(`sig-${signal.toLowerCase()}`);
            const exited = new Promise<number | null>((resolve) => driver.once("exit", (c) => resolve(c)));
            driver.kill(signal);
            assert.equal(await exited, code);
            await assertAllGone(pids, output);
        });
    }

    it("SIGPIPE alone (what a write to a socket whose peer has gone raises) does not end the run", async () => {
        const { driver, output } = await startSlowUp("sig-pipe");
        const exited = new Promise<number | null>((resolve) => driver.once("exit", (c) => resolve(c)));
        driver.kill("SIGPIPE");
        assert.equal(await exited, 0, output());
        assert.match(output(), /Resource x2 created/);
    });

    it("closed stdout (a pipe to `head` that went away): the driver exits on EPIPE, taking its children along", async () => {
        const { driver, pids, output } = await startSlowUp("sig-epipe");
        const exited = new Promise<number | null>((resolve) => driver.once("exit", (c) => resolve(c)));
        driver.stdout!.destroy(); // the next line the driver prints (x0 created) hits a closed pipe
        assert.equal(await exited, 141);
        await assertAllGone(pids, output);
    });

    it("SIGKILL (no handler can run): the children notice their parent is gone and exit", async () => {
        const { driver, pids, output } = await startSlowUp("sig-kill");
        const exited = new Promise<NodeJS.Signals | null>((resolve) => driver.once("exit", (_c, s) => resolve(s)));
        driver.kill("SIGKILL");
        assert.equal(await exited, "SIGKILL");
        await assertAllGone(pids, output);
    });

    it("a provider error reaches the terminal as one line; the host's JS stack trace only with -v", async () => {
        const stack = "errline";
        const store = path.join(dir, `${stack}.json`);
        const run = (args: string[]) =>
            new Promise<{ code: number | null; out: string }>((resolve) => {
                const p = spawn(process.execPath, [CLI, ...args, "-C", program, "-s", stack], {
                    env: { ...process.env, INIT_CWD: undefined, PULUMI_CONFIG_PASSPHRASE: undefined, ENGINE_TEST_STORE: store },
                    stdio: ["ignore", "pipe", "pipe"],
                });
                running.push(p);
                let out = "";
                p.stdout!.on("data", (c: Buffer) => (out += c.toString()));
                p.stderr!.on("data", (c: Buffer) => (out += c.toString()));
                p.once("close", (code) => resolve({ code, out }));
            });
        assert.equal((await cli(["config", "set", "failOn", "a:delete", "-s", stack], program)).code, 0);
        assert.equal((await run(["up"])).code, 0);
        const quiet = await run(["destroy"]);
        assert.equal(quiet.code, 255);
        assert.deepEqual(
            quiet.out.split("\n").filter((l) => /error:/.test(l)),
            ["    pulumi-nodejs:dynamic:Resource a: error: injected delete failure for a"],
        );
        assert.ok(!/^\s+at /m.test(quiet.out), `no stack frames:\n${quiet.out}`);
        const verbose = await run(["destroy", "-v"]);
        assert.equal(verbose.code, 255);
        assert.match(verbose.out, /injected delete failure for a/);
        assert.match(verbose.out, /^\s+at /m, "with -v the host's stack trace is shown");
    });
});
