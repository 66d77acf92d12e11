/**
 * The driver's state and key files when something is wrong with them: the previous state is kept
 * as `<stack>.json.bak` on every write; a corrupt state file fails the run naming the file and that
 * backup (and is left as it is); a missing key file fails naming it instead of a new key being
 * written; `config set` of a secret-looking key without --secret warns.
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { backupPathFor, emptyCheckpoint, keyPathFor, readCheckpoint, writeCheckpointAtomic } from "../../tools/engine/state";
import { readStackLocks } from "../../tools/engine/stack-lock";
import { ProgramFixture } from "../support/program-fixture";
import { cli, copyLifecycleProgram } from "../support/program-copy";
import { explain } from "../support/run-output";

describe("engine driver: state backup, corrupt state, missing key", function () {
    this.timeout(180_000);
    const fixtures: ProgramFixture[] = [];
    const fixture = () => {
        const f = new ProgramFixture();
        fixtures.push(f);
        return f;
    };
    let dir: string;
    beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), "engine-state-"))));
    afterEach(() => {
        fixtures.splice(0).forEach((f) => f.cleanup());
        fs.rmSync(dir, { recursive: true, force: true });
    });

    it("keeps the state it replaces as <stack>.json.bak on every write", () => {
        const file = path.join(dir, "stacks", "s.json");
        const snapshot = (n: number) => {
            const c = emptyCheckpoint();
            c.deployment.manifest.magic = `snapshot ${n}`;
            return c;
        };
        writeCheckpointAtomic(file, snapshot(1));
        assert.equal(fs.existsSync(backupPathFor(file)), false, "nothing to keep on the first write");
        writeCheckpointAtomic(file, snapshot(2));
        assert.equal(readCheckpoint(backupPathFor(file)).deployment.manifest.magic, "snapshot 1");
        writeCheckpointAtomic(file, snapshot(3));
        assert.equal(readCheckpoint(backupPathFor(file)).deployment.manifest.magic, "snapshot 2");
        assert.equal(readCheckpoint(file).deployment.manifest.magic, "snapshot 3");
        assert.deepEqual(fs.readdirSync(path.dirname(file)).sort(), ["s.json", "s.json.bak"], "no temp file left");
    });

    it("a corrupt state file fails the run naming the file and the backup, and stays as it is", async () => {
        const f = fixture();
        assert.equal((await f.run("up")).exitCode, 0);
        const up2 = await f.run("up", { config: { "lifecycle:aValue": "beta" } });
        assert.equal(up2.exitCode, 0, explain(up2));
        const statePath = up2.statePath;
        const backup = backupPathFor(statePath);
        const backupResources = readCheckpoint(backup).deployment.resources.length;
        const good = fs.readFileSync(statePath, "utf8");
        const truncated = good.slice(0, 200);
        fs.writeFileSync(statePath, truncated);

        const r = await f.run("up", { config: { "lifecycle:aValue": "beta" } });
        assert.equal(r.exitCode, 255, explain(r));
        const error = r.stdout.split("\n").find((l) => l.includes("error: "))!;
        assert.match(error, new RegExp(`error: engine driver: the state file ${escape(statePath)} is not valid JSON \\(.+\\)\\. `));
        assert.ok(
            error.endsWith(
                `The previous state is kept beside it in ${backup} (written ${fs.statSync(backup).mtime.toISOString()}, ${backupResources} resources); ` +
                    `if that is right, restore it: cp '${backup}' '${statePath}'`,
            ),
            error,
        );
        assert.equal(fs.readFileSync(statePath, "utf8"), truncated, "the corrupt file is left for the user to inspect");
        assert.deepEqual(r.rpcLog, [], "nothing ran");
        assert.deepEqual(readStackLocks({ cwd: f.cwd, stack: f.stack, stateDir: f.stateDir }), [], "the lock is released");

        // Following the advice brings the stack back.
        fs.copyFileSync(backup, statePath);
        const restored = await f.run("preview", { config: { "lifecycle:aValue": "beta" } });
        assert.equal(restored.exitCode, 0, explain(restored));

        // Without a backup, the message says so.
        fs.rmSync(backup);
        fs.writeFileSync(statePath, JSON.stringify({ version: 2, deployment: {} }));
        const noBackup = await f.run("preview");
        assert.equal(noBackup.exitCode, 255, explain(noBackup));
        assert.ok(
            noBackup.stdout.includes(
                `the state file ${statePath} is not a version 3 checkpoint. There is no backup of the previous state (${backup}): restore the file from your own copy`,
            ),
            explain(noBackup),
        );
    });

    it("a missing key file fails naming it (and the state that needs it) instead of writing a new key", async () => {
        const f = fixture();
        f.config = { "lifecycle:apiToken": { secret: "tok-key-5d2e" } };
        assert.equal((await f.run("up")).exitCode, 0);
        const loc = { cwd: f.cwd, stack: f.stack, stateDir: f.stateDir };
        const keyPath = keyPathFor(loc);
        const key = fs.readFileSync(keyPath);
        fs.rmSync(keyPath);

        for (const op of ["preview", "up"] as const) {
            const r = await f.run(op);
            assert.equal(r.exitCode, 255, explain(r));
            assert.ok(
                r.stdout.includes(
                    `error: engine driver: the stack key file ${keyPath} is missing, but ${r.statePath} holds secrets encrypted with it (and PULUMI_CONFIG_PASSPHRASE is not set). ` +
                        `Restore the key file from a backup`,
                ),
                explain(r),
            );
            assert.equal(fs.existsSync(keyPath), false, `${op} wrote no new key`);
        }
        fs.writeFileSync(keyPath, key, { mode: 0o600 });
        assert.equal((await f.run("preview")).exitCode, 0, "the restored key works");
    });

    it("config set --secret and config get name the missing key file instead of mixing in a new key", async () => {
        const program = copyLifecycleProgram(dir);
        assert.equal((await cli(["config", "set", "--secret", "apiToken", "tok-cfg-1", "-s", "k"], program)).code, 0);
        const keyPath = keyPathFor({ cwd: program, stack: "k" });
        fs.rmSync(keyPath);
        const configFile = path.join(program, "Pulumi.k.yaml");
        for (const args of [
            ["config", "set", "--secret", "otherToken", "tok-cfg-2", "-s", "k"],
            ["config", "get", "apiToken", "-s", "k"],
        ]) {
            const r = await cli(args, program);
            assert.equal(r.code, 255, args.join(" "));
            assert.equal(
                r.stderr,
                `error: engine driver: the stack key file ${keyPath} is missing, but ${configFile} holds secrets encrypted with it (and PULUMI_CONFIG_PASSPHRASE is not set). ` +
                    `Restore the key file from a backup, or set PULUMI_CONFIG_PASSPHRASE if the stack was encrypted with a passphrase. No new key was written: it could not decrypt them.\n`,
            );
            assert.equal(fs.existsSync(keyPath), false);
        }
        assert.ok(!fs.readFileSync(configFile, "utf8").includes("otherToken"), "nothing was written");
    });

    it("config set of a secret-looking key without --secret warns, naming config set --secret; --plaintext silences it", async () => {
        const program = copyLifecycleProgram(dir);
        const plain = await cli(["config", "set", "tencentcloud:secretKey", "plain-key-value-1", "-s", "w"], program);
        assert.equal(plain.code, 0);
        assert.equal(
            plain.stderr,
            `warning: tencentcloud:secretKey looks like a secret and is now stored in plaintext in ${path.join(program, "Pulumi.w.yaml")}. ` +
                `Store it encrypted instead: npm run pulumi -- config set --secret tencentcloud:secretKey <value> (or pass --plaintext if it is not a secret)\n`,
        );
        assert.ok(!plain.stderr.includes("plain-key-value-1"), "the warning never repeats the value");
        for (const args of [
            ["config", "set", "--secret", "tencentcloud:secretKey", "secret-key-value-2"],
            ["config", "set", "tencentcloud:secretId", "AKIDnot-a-secret"],
            ["config", "set", "--plaintext", "tencentcloud:securityToken", "meant-plain"],
            ["config", "set", "tencentcloud:region", "ap-guangzhou"],
        ]) {
            const r = await cli([...args, "-s", "w"], program);
            assert.equal(r.code, 0, args.join(" "));
            assert.equal(r.stderr, "", `no warning for ${args.join(" ")}`);
        }
        const token = await cli(["config", "set", "tencentcloud:securityToken", "tok", "-s", "w"], program);
        assert.match(token.stderr, /^warning: tencentcloud:securityToken looks like a secret/);
    });
});

function escape(text: string): string {
    return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
