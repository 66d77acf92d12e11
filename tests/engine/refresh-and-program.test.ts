/**
 * `preview --refresh` / `up --refresh` (Read every resource first, then diff), program diagnostics
 * (Engine.Log) and a program that throws.
 */
import { strict as assert } from "assert";
import { findResource } from "../../tools/engine";
import { MUTATING, ProgramFixture } from "../support/program-fixture";
import { expectOk } from "../support/run-output";

describe("engine driver: --refresh and program diagnostics", function () {
    this.timeout(180_000);
    const fx = new ProgramFixture();
    after(() => fx.cleanup());

    it("preview --refresh reads first and plans to recreate what vanished, writing nothing", async () => {
        const up = expectOk(await fx.run("up"));
        const bId = findResource(up.state, "b")!.id!;
        fx.editStore((s) => delete s.objects[bId]);
        const before = fx.stateText();
        const mark = fx.callCount();
        const pv = expectOk(await fx.run("preview", { refresh: true }));
        assert.match(pv.stdout, /^ -  pulumi-nodejs:dynamic:Resource b deleted$/m);
        assert.match(pv.stdout, /^ \+  pulumi-nodejs:dynamic:Resource b create$/m);
        assert.match(pv.stdout, /^Resources:\n    \+ 1 to create\n    2 unchanged$/m);
        assert.equal(fx.stateText(), before, "preview --refresh does not write the refreshed state");
        const calls = fx.callsSince(mark).map((c) => c.method);
        assert.equal(calls.filter((m) => m === "read").length, 2);
        assert.equal(calls.filter((m) => MUTATING.has(m)).length, 0);
        // plain preview (no refresh) still believes b exists
        assert.match(expectOk(await fx.run("preview")).stdout, /^Resources:\n    3 unchanged$/m);
    });

    it("up --refresh recreates the vanished resource", async () => {
        const r = expectOk(await fx.run("up", { refresh: true }));
        assert.match(r.stdout, /^ \+  pulumi-nodejs:dynamic:Resource b created/m);
        assert.equal(Object.keys(fx.store().objects).length, 2);
        assert.ok(findResource(r.state, "b")!.id);
    });

    it("shows the program's log messages and fails when the program throws", async () => {
        const r = await fx.run("preview", { config: { "lifecycle:logWarning": "careful: demo warning", "lifecycle:throwError": "boom from the program" } });
        assert.match(r.stdout, /warning: careful: demo warning/);
        assert.match(r.stdout, /boom from the program/);
        assert.notEqual(r.exitCode, 0);
    });
});

describe("engine driver: CLI", function () {
    this.timeout(120_000);
    const fx = new ProgramFixture();
    after(() => fx.cleanup());

    it("`preview -C DIR -s STACK` streams the output and returns the exit code", async () => {
        const { main } = await import("../../tools/engine/cli");
        const out: string[] = [];
        const io = {
            stdout: { write: (s: string) => out.push(s) },
            stderr: { write: (s: string) => out.push(s) },
            cwd: "/",
            env: { ...process.env, ENGINE_TEST_STORE: fx.storePath, PULUMI_PARALLEL: "3" },
        };
        const code = await main(["preview", "-C", fx.cwd, "-s", "cli-test", "--yes"], io);
        assert.equal(code, 0, out.join(""));
        const text = out.join("");
        assert.match(text, /^Previewing update \(cli-test\):$/m);
        assert.match(text, /^ \+  pulumi-nodejs:dynamic:Resource a create$/m);
        assert.match(text, /^Resources:\n    \+ 3 to create$/m);
        assert.equal(await main(["launch"], io), 2);
    });
});
