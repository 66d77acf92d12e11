/** Fast unit tests of the driver's pure parts: secret re-marking, diffs, the cipher, URNs, CLI flags, the limiter. */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parseArgs } from "../../tools/engine/cli";
import { Limiter } from "../../tools/engine/deployment";
import { makeUrn } from "../../tools/engine/monitor";
import { readCheckpoint, SecretsCipher, writeCheckpointAtomic, emptyCheckpoint, findResource } from "../../tools/engine/state";
import { changedKeys, isSecret, makeSecret, remarkSecrets, unwrapSecrets } from "../../tools/engine/values";

describe("engine driver units", () => {
    it("re-marks outputs secret from secret inputs (nested too) and additionalSecretOutputs", () => {
        const inputs = { token: makeSecret("t"), nested: { key: makeSecret("k"), open: 1 }, plain: "p" };
        const outs = remarkSecrets({ token: "t", nested: { key: "k", open: 1 }, plain: "p", pem: "x", serial: "s" }, [inputs], ["pem"]);
        assert.ok(isSecret(outs.token));
        assert.ok(isSecret((outs.nested as any).key));
        assert.equal((outs.nested as any).open, 1);
        assert.equal(outs.plain, "p");
        assert.ok(isSecret(outs.pem));
        assert.equal(outs.serial, "s");
        assert.deepEqual(unwrapSecrets(outs), { token: "t", nested: { key: "k", open: 1 }, plain: "p", pem: "x", serial: "s" });
    });

    it("names changed, added and removed fields like the CLI, comparing secrets by value", () => {
        assert.deepEqual(changedKeys({ a: 1, b: makeSecret("x"), c: 3 }, { a: 2, b: "x", d: 4 }), ["~a", "-c", "+d"]);
        assert.deepEqual(changedKeys({ list: [1, 2] }, { list: [1, 2] }), []);
    });

    it("encrypts with AES-GCM in Pulumi's v1 layout, refuses a wrong key, and writes state atomically with 0600", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "engine-units-"));
        try {
            const loc = { cwd: dir, stack: "s", stateDir: dir };
            const c = SecretsCipher.open(loc, "p", undefined)!;
            const ct = c.encrypt("hello");
            assert.match(ct, /^v1:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+$/);
            assert.equal(SecretsCipher.open(loc, "p", undefined)!.decrypt(ct), "hello", "key file reused");
            assert.throws(() => SecretsCipher.open(loc, "p", "some passphrase")!.decrypt(ct), /different key/);
            const enc = c.encryptValue({ a: makeSecret({ deep: "v" }), b: 1 }) as any;
            assert.ok(typeof enc.a.ciphertext === "string" && !JSON.stringify(enc).includes("deep"));
            assert.deepEqual(unwrapSecrets(c.decryptValue(enc)), { a: { deep: "v" }, b: 1 });

            const file = path.join(dir, "stacks", "s.json");
            assert.deepEqual(readCheckpoint(file).deployment.resources, [], "a missing file is an empty stack");
            const cp = emptyCheckpoint();
            cp.deployment.resources.push({
                urn: "urn:pulumi:s::p::t::n",
                custom: true,
                type: "t",
                inputs: {},
                outputs: {},
                dependencies: [],
                propertyDependencies: {},
            });
            writeCheckpointAtomic(file, cp);
            assert.equal(fs.statSync(file).mode & 0o777, 0o600);
            assert.equal(findResource(readCheckpoint(file), "n", "t")!.urn, "urn:pulumi:s::p::t::n");
            assert.deepEqual(
                fs.readdirSync(path.dirname(file)).filter((f) => f.endsWith(".tmp")),
                [],
            );
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });

    it("builds URNs as the engine does (children of components carry the parent type)", () => {
        const stack = makeUrn("p", "dev", "pulumi:pulumi:Stack", "p-dev", "");
        assert.equal(stack, "urn:pulumi:dev::p::pulumi:pulumi:Stack::p-dev");
        const comp = makeUrn("p", "dev", "my:mod:Comp", "c", stack);
        assert.equal(comp, "urn:pulumi:dev::p::my:mod:Comp::c");
        assert.equal(makeUrn("p", "dev", "pulumi-nodejs:dynamic:Resource", "r", comp), "urn:pulumi:dev::p::my:mod:Comp$pulumi-nodejs:dynamic:Resource::r");
    });

    it("parses the CLI's flags like the Pulumi CLI", () => {
        const a = parseArgs(["up", "-C", "examples/x", "-s", "prod", "--refresh", "--yes", "--parallel", "3"], "/base");
        assert.deepEqual(a.command, ["up"]);
        assert.equal(a.cwd, "/base/examples/x");
        assert.equal(a.stack, "prod");
        assert.equal(a.refresh, true);
        assert.equal(a.parallel, 3);
        assert.equal(parseArgs(["preview", "--cwd=/abs", "--stack=s"], "/base").cwd, "/abs");
        assert.throws(() => parseArgs(["up", "--parallel", "0"], "/"), /positive/);
        assert.throws(() => parseArgs(["up", "--bogus"], "/"), /unknown flag/);
    });

    it("limits concurrency", async () => {
        const limiter = new Limiter(2);
        let active = 0;
        let max = 0;
        await Promise.all(
            Array.from({ length: 6 }, () =>
                limiter.run(async () => {
                    max = Math.max(max, ++active);
                    await new Promise((r) => setTimeout(r, 10));
                    active--;
                }),
            ),
        );
        assert.equal(max, 2);
    });
});
