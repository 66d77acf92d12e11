/**
 * One stack, one run at a time (tools/engine/stack-lock.ts), as the Pulumi CLI's file backend:
 * a second `up` while one is running refuses at once, naming the holder's pid and start time, and
 * leaves nothing behind (the issue: two ups at once both replaced the same CSR and one CSR was
 * orphaned). A lock left by a driver killed with SIGKILL is reported as stale; `cancel` removes it.
 */
import { strict as assert } from "assert";
import { ChildProcess } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { startEmulator, type Emulator } from "../../emulator";
import { findResource, runPulumi } from "../../tools/engine";
import { lockDirFor, readStackLocks } from "../../tools/engine/stack-lock";
import { emulatorEnv } from "../support/emulator-client";
import { REPO } from "../support/paths";
import { spawnDriver } from "../support/driver-process";
import { cli, copyLifecycleProgram, copyProgram } from "../support/program-copy";
import { explain } from "../support/run-output";

const FIRST_HOUR = path.join(REPO, "tests/programs/first-hour");

describe("engine driver: one run at a time per stack", function () {
    this.timeout(300_000);
    let dir: string;
    let emulator: Emulator | undefined;
    const running: ChildProcess[] = [];

    beforeEach(() => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "engine-lock-"));
    });
    afterEach(async () => {
        for (const c of running.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill("SIGKILL");
        await emulator?.close();
        emulator = undefined;
        fs.rmSync(dir, { recursive: true, force: true });
    });

    it("two ups at once: the second refuses, naming the first's pid and start time; one CSR, in state, nothing left behind", async () => {
        // CreateCSR answers after 3 s, so the first up is still creating when the second starts.
        emulator = await startEmulator({
            rateLimits: false,
            faults: { seed: 1, rules: [{ service: "ssl", action: "CreateCSR", probability: 1, kind: "delay", delayMs: 3000 }] },
        });
        const program = copyProgram(FIRST_HOUR, dir);
        const env = emulatorEnv(emulator);
        const first = await spawnDriver(["up", "-C", program], env, /CsrResource web creating/, running, 50);
        const [holder] = readStackLocks({ cwd: program, stack: "dev" });
        assert.equal(holder.content?.pid, first.child.pid);
        assert.equal(holder.content?.operation, "up");
        assert.equal(holder.stale, false);

        const second = await runPulumi({ cwd: program, op: "up", env });
        assert.equal(second.exitCode, 255, explain(second));
        assert.ok(
            second.stdout.includes(
                `error: engine driver: the stack 'dev' is locked by 1 other run (one run at a time per stack, as the Pulumi CLI's file backend). ` +
                    `Wait for it to end, or, if it is not running any more, remove the lock with \`npm run pulumi -- cancel -s dev -C ${program}\`:`,
            ),
            explain(second),
        );
        assert.ok(
            second.stdout.includes(
                `${holder.path}: up by ${os.userInfo().username}@${os.hostname()} (pid ${first.child.pid}), started ${holder.content!.timestamp}\n`,
            ),
            explain(second),
        );
        assert.ok(!second.stdout.includes("stale"), "a running holder is not stale");
        assert.deepEqual(second.rpcLog, [], "no provider call: the second run stopped before starting anything");
        assert.equal(second.providerHostPid, undefined);
        assert.deepEqual(
            readStackLocks({ cwd: program, stack: "dev" }).map((h) => h.path),
            [holder.path],
            "the refused run removed its own lock file",
        );

        // A preview only reads the state: it takes no lock and runs alongside.
        const preview = await runPulumi({ cwd: program, op: "preview", env });
        assert.equal(preview.exitCode, 0, explain(preview));

        assert.equal(await first.exit, 0, first.output());
        const ids = Object.keys(emulator.state.ssl.csrs);
        assert.equal(ids.length, 1, `one CSR: ${ids.join(", ")}`);
        const state = JSON.parse(fs.readFileSync(path.join(program, ".pulumi-driver/stacks/dev.json"), "utf8"));
        assert.equal(findResource(state, "web")?.id, ids[0], "the CSR is the one in state");
        assert.equal(emulator.log.filter((e) => e.action === "CreateCSR").length, 1);
        assert.deepEqual(fs.readdirSync(lockDirFor({ cwd: program, stack: "dev" })), [], "the first run released its lock");
    });

    it("a lock left by a driver killed with SIGKILL is stale: runs refuse naming pid and start time, `stack` shows it, `cancel` removes it", async () => {
        const program = copyLifecycleProgram(dir);
        const store = { ENGINE_TEST_STORE: path.join(dir, "store.json") };
        for (const [k, v] of [
            ["extras", "2"],
            ["extraDelayMs", "4000"],
        ]) {
            assert.equal((await cli(["config", "set", k, v, "-s", "gone"], program)).code, 0);
        }
        const killed = await spawnDriver(["up", "-C", program, "-s", "gone", "--parallel", "1"], store, /Resource x0 creating/, running, 50);
        const pid = killed.child.pid!;
        const [lock] = readStackLocks({ cwd: program, stack: "gone" });
        assert.equal(lock.content?.pid, pid);
        killed.child.kill("SIGKILL");
        await killed.exit;

        const refused = await cli(["up", "-s", "gone"], program, store);
        assert.equal(refused.code, 255, refused.stdout + refused.stderr);
        assert.match(refused.stdout, /The run that took it is gone; remove the stale lock with `npm run pulumi -- cancel -s gone -C .*`:/);
        assert.ok(refused.stdout.includes(`(pid ${pid}), started ${lock.content!.timestamp} — stale: no process ${pid} runs on this host`), refused.stdout);

        const info = await cli(["stack", "-s", "gone"], program);
        assert.equal(info.code, 0, info.stderr);
        assert.match(info.stdout, /^Current stack is gone:\n/);
        assert.ok(
            info.stdout.includes(
                `    Update in progress: up by ${os.userInfo().username}@${os.hostname()} (pid ${pid}), started ${lock.content!.timestamp} — stale`,
            ),
            info.stdout,
        );

        const cancel = await cli(["cancel", "-s", "gone"], program);
        assert.equal(cancel.code, 0, cancel.stderr);
        assert.equal(
            cancel.stdout,
            `removed ${lock.path}: up by ${os.userInfo().username}@${os.hostname()} (pid ${pid}), started ${lock.content!.timestamp} — stale: no process ${pid} runs on this host\nThe currently running update for 'gone' has been canceled!\n`,
        );
        assert.equal(cancel.stderr, "", "no warning: the holder is gone");
        assert.deepEqual(readStackLocks({ cwd: program, stack: "gone" }), []);
        assert.equal((await cli(["cancel", "-s", "gone"], program)).stdout, "stack 'gone' has no lock: no run is going on\n");

        const again = await cli(["up", "-s", "gone"], program, store);
        assert.equal(again.code, 0, again.stdout + again.stderr);
        assert.deepEqual(readStackLocks({ cwd: program, stack: "gone" }), []);
    });
});
