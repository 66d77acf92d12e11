/**
 * The driver's command line: --help, unknown commands, config get/rm, stack output, the key
 * file's .gitignore.
 */
import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { cli, CLI, copyLifecycleProgram } from "../support/program-copy";

describe("engine driver: command line", function () {
    this.timeout(180_000);
    let dir: string;
    let program: string;
    const store = () => ({ ENGINE_TEST_STORE: path.join(dir, "store.json") });

    before(() => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "engine-cli-"));
        program = copyLifecycleProgram(dir);
    });
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    it("--help prints the usage on stdout and exits 0, as a separate process too", async () => {
        const inProcess = await cli(["--help"], program);
        assert.equal(inProcess.code, 0);
        assert.match(inProcess.stdout, /^usage: npm run pulumi -- <command>/);
        assert.match(inProcess.stdout, /stack output \[NAME\]/);
        assert.equal(inProcess.stderr, "");
        const spawned = spawnSync(process.execPath, [CLI, "-h"], { encoding: "utf8" });
        assert.equal(spawned.status, 0, spawned.stderr);
        assert.match(spawned.stdout, /config get KEY/);
    });

    it("an unknown command, subcommand or flag prints one error line and exits non-zero", async () => {
        for (const [args, message] of [
            [["upp"], /^error: unknown command 'upp' \(expected up, preview, refresh, destroy, config, stack or cancel\)$/m],
            [["config", "list"], /^error: unknown command 'config list' \(expected set, get or rm\)$/m],
            [["stack", "ls"], /^error: unknown command 'stack ls' \(expected output, or no subcommand\)$/m],
            [["up", "--frobnicate"], /^error: unknown flag --frobnicate$/m],
            [[], /^error: no command given$/m],
            [["config", "get"], /^error: config get takes KEY$/m],
        ] as [string[], RegExp][]) {
            const r = await cli(args, program);
            assert.notEqual(r.code, 0, args.join(" "));
            assert.match(r.stderr, message);
            assert.equal(r.stderr.split("\n").filter((l) => l.startsWith("error:")).length, 1, "one error line");
            assert.equal(r.stdout, "");
        }
        const spawned = spawnSync(process.execPath, [CLI, "frobnicate"], { encoding: "utf8" });
        assert.notEqual(spawned.status, 0);
        assert.match(spawned.stderr, /^error: unknown command 'frobnicate'/);
    });

    it("config set, get (secrets decrypted, as the CLI does) and rm", async () => {
        assert.equal((await cli(["config", "set", "aValue", "alpha-cli", "-s", "cfg"], program)).code, 0);
        assert.equal((await cli(["config", "set", "--secret", "apiToken", "tok-cli-8c1f", "-s", "cfg"], program)).code, 0);
        const yamlText = fs.readFileSync(path.join(program, "Pulumi.cfg.yaml"), "utf8");
        assert.ok(!yamlText.includes("tok-cli-8c1f"), "the secret is stored encrypted");

        assert.deepEqual(await cli(["config", "get", "aValue", "-s", "cfg"], program), { code: 0, stdout: "alpha-cli\n", stderr: "" });
        assert.deepEqual(
            await cli(["config", "get", "lifecycle:aValue", "-s", "cfg"], program),
            { code: 0, stdout: "alpha-cli\n", stderr: "" },
            "qualified key",
        );
        assert.deepEqual(await cli(["config", "get", "apiToken", "-s", "cfg"], program), { code: 0, stdout: "tok-cli-8c1f\n", stderr: "" });

        assert.equal((await cli(["config", "rm", "aValue", "-s", "cfg"], program)).code, 0);
        const missing = await cli(["config", "get", "aValue", "-s", "cfg"], program);
        assert.equal(missing.code, 255);
        assert.equal(missing.stderr, "error: configuration key 'aValue' not found for stack 'cfg'\n");
        assert.ok(!fs.readFileSync(path.join(program, "Pulumi.cfg.yaml"), "utf8").includes("aValue"));
        assert.equal((await cli(["config", "get", "apiToken", "-s", "cfg"], program)).stdout, "tok-cli-8c1f\n", "rm removed only that key");
    });

    it("stack output lists the outputs as the CLI does, one output raw, secrets as [secret] unless --show-secrets", async () => {
        assert.equal((await cli(["config", "set", "--secret", "apiToken", "tok-out-3e9a", "-s", "out"], program)).code, 0);
        const up = await cli(["up", "-s", "out"], program, store());
        assert.equal(up.code, 0, up.stdout + up.stderr);
        assert.ok(!up.stdout.includes("tok-out-3e9a"));

        const all = await cli(["stack", "output", "-s", "out"], program);
        assert.equal(all.code, 0, all.stderr);
        assert.equal(
            all.stdout,
            [
                "Current stack outputs (4):",
                "    OUTPUT      VALUE",
                "    aSerial     OBJ-1",
                "    aToken      [secret]",
                "    bRef        OBJ-1",
                "    extraCount  0",
                "",
            ].join("\n"),
        );
        assert.deepEqual(await cli(["stack", "output", "aSerial", "-s", "out"], program), { code: 0, stdout: "OBJ-1\n", stderr: "" });
        assert.deepEqual(await cli(["stack", "output", "extraCount", "-s", "out"], program), { code: 0, stdout: "0\n", stderr: "" });
        assert.deepEqual(await cli(["stack", "output", "aToken", "-s", "out"], program), { code: 0, stdout: "[secret]\n", stderr: "" });
        assert.deepEqual(await cli(["stack", "output", "aToken", "--show-secrets", "-s", "out"], program), { code: 0, stdout: "tok-out-3e9a\n", stderr: "" });
        assert.match((await cli(["stack", "output", "--show-secrets", "-s", "out"], program)).stdout, /^ {4}aToken {6}tok-out-3e9a$/m);
        const absent = await cli(["stack", "output", "nope", "-s", "out"], program);
        assert.equal(absent.code, 255);
        assert.equal(absent.stderr, "error: current stack does not have output property 'nope'\n");

        assert.equal((await cli(["destroy", "-s", "out"], program, store())).code, 0);
        assert.equal(
            (await cli(["stack", "output", "-s", "out"], program)).stdout,
            "Current stack outputs (0):\n    No output values currently in this stack\n",
        );
    });

    it("writes a .gitignore beside the stack key file: git commits the ciphertext, never the key", async () => {
        assert.equal((await cli(["config", "set", "--secret", "apiToken", "tok-git-77d0", "-s", "git"], program)).code, 0);
        const keyFile = path.join(program, ".pulumi-driver", "stacks", "git.key");
        assert.ok(fs.existsSync(keyFile), "no passphrase: a key file was made");
        const ignore = fs.readFileSync(path.join(path.dirname(keyFile), ".gitignore"), "utf8");
        assert.match(ignore, /^\*\.key$/m);

        const git = (...args: string[]) => spawnSync("git", args, { cwd: program, encoding: "utf8" });
        // The program's own .gitignore does not mention the driver's folder: only the one beside the key protects it.
        assert.equal(git("init", "-q").status, 0);
        assert.equal(git("add", "-A").status, 0);
        const staged = git("ls-files").stdout.split("\n");
        assert.ok(staged.includes("Pulumi.git.yaml"), "the encrypted config is committed");
        assert.ok(staged.includes(".pulumi-driver/stacks/.gitignore"));
        assert.ok(!staged.some((f) => f.endsWith(".key")), `no key file staged: ${staged.join(", ")}`);
        assert.equal(git("check-ignore", "-q", ".pulumi-driver/stacks/git.key").status, 0, "git ignores the key");
        fs.rmSync(path.join(program, ".git"), { recursive: true, force: true });

        // A .gitignore of the user's beside the key is kept and extended, not overwritten.
        const other = path.join(dir, "state-own-ignore", "stacks");
        fs.mkdirSync(other, { recursive: true });
        fs.writeFileSync(path.join(other, ".gitignore"), "*.bak\n");
        const { ensureKeyGitignore } = await import("../../tools/engine/state");
        ensureKeyGitignore(path.join(other, "dev.key"));
        ensureKeyGitignore(path.join(other, "dev.key"));
        assert.equal(fs.readFileSync(path.join(other, ".gitignore"), "utf8").match(/^\*\.key$/gm)?.length, 1);
        assert.match(fs.readFileSync(path.join(other, ".gitignore"), "utf8"), /^\*\.bak$/m);
    });
});
