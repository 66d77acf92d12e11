/**
 * Secrets through the driver: a secret config value used as an input stays secret in state (encrypted),
 * in the printed output and in stack outputs; the provider receives it unwrapped; the serialized
 * __provider holds no secret.
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { findResource, isEncryptedSecret, keyPathFor, readPlainState, PROVIDER_KEY } from "../../tools/engine";
import { copyLifecycleProgram } from "../support/program-copy";
import { ProgramFixture } from "../support/program-fixture";
import { expectOk } from "../support/run-output";

const TOKEN = "tok-5f1c9a-DO-NOT-LEAK";

describe("engine driver: secrets", function () {
    this.timeout(120_000);
    const fx = new ProgramFixture();
    after(() => fx.cleanup());

    it("keeps a secret input secret in state, output and stack outputs; __provider holds none", async () => {
        const up = expectOk(await fx.run("up", { config: { "lifecycle:apiToken": { secret: TOKEN } } }));
        const text = fx.stateText();
        assert.ok(!text.includes(TOKEN), "the state file never holds the secret in plaintext");
        const a = findResource(up.state, "a", "pulumi-nodejs:dynamic:Resource")!;
        assert.ok(isEncryptedSecret(a.inputs.token), "input encrypted");
        assert.ok(isEncryptedSecret(a.outputs.token), "output re-marked secret and encrypted");
        for (const r of up.state.deployment.resources) {
            const provider = String(r.inputs[PROVIDER_KEY] ?? "") + String(r.outputs[PROVIDER_KEY] ?? "");
            assert.ok(!provider.includes(TOKEN), `__provider of ${r.urn} holds no secret`);
        }
        assert.ok(!up.stdout.includes(TOKEN) && !up.stderr.includes(TOKEN), "the secret is never printed");
        assert.match(up.stdout, /^ {4}aToken {4}: \[secret\]$/m);
        assert.deepEqual(up.secretOutputs, ["aToken"]);
        assert.equal(up.outputs.aToken, TOKEN, "the API hands tests the plaintext");

        // The provider got the plain value (the host does not accept secrets), in Configure too.
        const store = fx.store();
        assert.equal(store.objects[a.id!].token, TOKEN);
        assert.equal(store.configured?.tokenLength, TOKEN.length);

        // Decrypts with the stack's key file; the key file is private.
        const plain = findResource(readPlainState({ cwd: fx.cwd, stack: fx.stack, stateDir: fx.stateDir }), "a")!;
        assert.equal(plain.inputs.token, TOKEN);
        const mode = fs.statSync(keyPathFor({ cwd: fx.cwd, stack: fx.stack, stateDir: fx.stateDir })).mode & 0o777;
        assert.equal(mode, 0o600);

        // A later run decrypts the state and sees no change.
        const again = expectOk(await fx.run("preview", { config: { "lifecycle:apiToken": { secret: TOKEN } } }));
        assert.match(again.stdout, /^Resources:\n    3 unchanged$/m);
        // Changing the secret shows the field, never the value.
        const changed = expectOk(await fx.run("preview", { config: { "lifecycle:apiToken": { secret: TOKEN + "-2" } } }));
        assert.match(changed.stdout, /a update \[diff: ~token\]/);
        assert.ok(!changed.stdout.includes(TOKEN));
    });

    it("reads secure values from Pulumi.<stack>.yaml written by `config set --secret`, with a passphrase", async () => {
        // A copy of the program in a temp dir, so the stack file is not written into the repository.
        const copy = copyLifecycleProgram(fx.dir);
        const { main } = await import("../../tools/engine/cli");
        const out: string[] = [];
        const io = {
            stdout: { write: (s: string) => out.push(s) },
            stderr: { write: (s: string) => out.push(s) },
            cwd: copy,
            env: { PULUMI_CONFIG_PASSPHRASE: "correct horse" },
        };
        assert.equal(await main(["config", "set", "--secret", "apiToken", TOKEN, "-s", "sec"], io), 0, out.join(""));
        const yamlText = fs.readFileSync(path.join(copy, "Pulumi.sec.yaml"), "utf8");
        assert.ok(!yamlText.includes(TOKEN));
        assert.match(yamlText, /lifecycle:apiToken:\n\s+secure: v1:/);

        const sfx = new ProgramFixture(copy, "sec");
        try {
            const up = expectOk(await sfx.run("up", { env: { PULUMI_CONFIG_PASSPHRASE: "correct horse" } }));
            assert.deepEqual(up.secretOutputs, ["aToken"]);
            assert.equal(up.outputs.aToken, TOKEN);
            assert.equal(up.state.deployment.secrets_providers.state.mode, "passphrase");
            assert.ok(!sfx.stateText().includes(TOKEN));
            // A wrong passphrase fails clearly instead of running with a bad value.
            const wrong = await sfx.run("preview", { env: { PULUMI_CONFIG_PASSPHRASE: "wrong" } });
            assert.notEqual(wrong.exitCode, 0);
            assert.match(wrong.stdout, /config 'lifecycle:apiToken'.*cannot decrypt/);
        } finally {
            sfx.cleanup();
        }
    });
});
