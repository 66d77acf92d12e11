/**
 * Step semantics the engine has and the driver must match: replacement order (create-before-delete
 * by default, delete-before-replace from the resource option or the provider's Diff), deletes of
 * resources the program dropped, the --parallel bound, and failures.
 */
import { strict as assert } from "assert";
import { findResource, resourcesOfType } from "../../tools/engine";
import { MUTATING, ProgramFixture } from "../support/program-fixture";
import { expectOk } from "../support/run-output";

const DYN = "pulumi-nodejs:dynamic:Resource";

describe("engine driver: replacement", function () {
    this.timeout(180_000);
    const fx = new ProgramFixture();
    after(() => fx.cleanup());

    it("replaces create-before-delete by default, deleting the original after dependents are updated", async () => {
        const up = expectOk(await fx.run("up"));
        const oldId = findResource(up.state, "a", DYN)!.id!;
        fx.config["lifecycle:aRegion"] = "r2";

        const pv = expectOk(await fx.run("preview"));
        assert.match(pv.stdout, /^ \+- pulumi-nodejs:dynamic:Resource a replace \[diff: ~region\]$/m);
        assert.match(pv.stdout, /^Resources:\n    ~ 1 to update\n    \+-1 to replace\n    2 changes\. 1 unchanged$/m);

        const mark = fx.callCount();
        const r = expectOk(await fx.run("up"));
        const steps = fx
            .callsSince(mark)
            .filter((c) => MUTATING.has(c.method))
            .map((c) => `${c.method} ${c.name}`);
        assert.deepEqual(steps, ["create a", "update b", "delete a"]);
        assert.match(r.stdout, /^ \+\+ pulumi-nodejs:dynamic:Resource a creating replacement \[diff: ~region\]$/m);
        assert.match(r.stdout, /^ -- pulumi-nodejs:dynamic:Resource a deleted original/m);
        assert.match(r.stdout, /^Resources:\n    ~ 1 updated\n    \+-1 replaced\n    2 changes\. 1 unchanged$/m);
        const a = findResource(r.state, "a", DYN)!;
        assert.notEqual(a.id, oldId);
        assert.equal(resourcesOfType(r.state, DYN).length, 2);
        assert.ok(!r.state.deployment.resources.some((x) => x.delete), "no original left pending deletion");
        assert.deepEqual(Object.keys(fx.store().objects).sort(), [a.id, findResource(r.state, "b")!.id].sort());
        assert.deepEqual(r.steps.find((s) => s.name === "a")!.replaces, ["region"]);
    });

    it("deletes before creating when the resource sets deleteBeforeReplace", async () => {
        fx.config["lifecycle:aRegion"] = "r3";
        fx.config["lifecycle:aDbr"] = "true";
        const mark = fx.callCount();
        const r = expectOk(await fx.run("up"));
        const steps = fx
            .callsSince(mark)
            .filter((c) => MUTATING.has(c.method))
            .map((c) => `${c.method} ${c.name}`);
        assert.deepEqual(steps, ["delete a", "create a", "update b"]);
        assert.match(r.stdout, /^ -- pulumi-nodejs:dynamic:Resource a deleting original/m);
        assert.equal(r.steps.find((s) => s.name === "a")!.deleteBeforeReplace, true);
        assert.equal(findResource(r.state, "a")!.deleteBeforeReplace, true);
    });

    it("deletes before creating when the provider's Diff asks for it", async () => {
        delete fx.config["lifecycle:aDbr"];
        fx.config["lifecycle:aRegion"] = "r4";
        fx.config["lifecycle:aProviderDbr"] = "true";
        const pv = expectOk(await fx.run("preview"));
        assert.match(pv.stdout, /a replace \[diff: \+providerDbr,~region\] \(delete before replace\)/);
        const mark = fx.callCount();
        expectOk(await fx.run("up"));
        const steps = fx
            .callsSince(mark)
            .filter((c) => MUTATING.has(c.method))
            .map((c) => `${c.method} ${c.name}`);
        assert.deepEqual(steps, ["delete a", "create a", "update b"]);
    });

    it("deletes a resource the program no longer registers", async () => {
        fx.config["lifecycle:withB"] = "false";
        const pv = expectOk(await fx.run("preview"));
        assert.match(pv.stdout, /^ -  pulumi-nodejs:dynamic:Resource b delete$/m);
        assert.equal(fx.store().objects[findResource(pv.state, "b")!.id!] !== undefined, true, "preview deleted nothing");
        const r = expectOk(await fx.run("up"));
        assert.match(r.stdout, /^ -  pulumi-nodejs:dynamic:Resource b deleted/m);
        assert.match(r.stdout, /^Resources:\n    - 1 deleted\n    2 unchanged$/m);
        assert.equal(findResource(r.state, "b"), undefined);
        assert.equal(Object.keys(fx.store().objects).length, 1);
    });
});

describe("engine driver: parallelism", function () {
    this.timeout(120_000);
    const fx = new ProgramFixture();
    after(() => fx.cleanup());

    it("runs independent creates in parallel, never more than --parallel at once", async () => {
        fx.config = { "lifecycle:extras": "6", "lifecycle:extraDelayMs": "400" };
        const r = expectOk(await fx.run("up", { parallel: 2 }));
        assert.equal(r.summary.create, 9);
        assert.equal(fx.store().maxActive, 2, "two creates overlapped, and never three");
        // Check and Diff are serialized by the driver: Check calls never overlap in the host's record.
        const checks = r.rpcLog.filter((e) => e.method === "Check");
        assert.equal(checks.length, 8);
    });
});

describe("engine driver: failures", function () {
    this.timeout(180_000);
    const fx = new ProgramFixture();
    after(() => fx.cleanup());

    it("exits non-zero with the provider's message when a create fails, keeping what succeeded", async () => {
        fx.config = { "lifecycle:failOn": "b:create" };
        const r = await fx.run("up");
        assert.notEqual(r.exitCode, 0);
        assert.match(r.stdout, /b \*\*creating failed\*\*/);
        assert.match(r.stdout, /error: injected create failure for b/);
        assert.equal(r.summary.failed, 1);
        assert.ok(findResource(r.state, "a")?.id, "a was created and is in state");
        assert.equal(findResource(r.state, "b"), undefined);
        assert.equal(r.state.deployment.pending_operations, undefined, "no pending operation after a clean failure");
        assert.equal(r.steps.find((s) => s.name === "b")!.ok, false);
    });

    it("reports Check failures with the property and reason, before any create", async () => {
        fx.config = { "lifecycle:bValue": "invalid" };
        const mark = fx.callCount();
        const r = await fx.run("up");
        assert.notEqual(r.exitCode, 0);
        assert.match(r.stdout, /resource 'b' has a problem: value: must not be 'invalid'/);
        assert.deepEqual(
            fx
                .callsSince(mark)
                .filter((c) => MUTATING.has(c.method))
                .map((c) => `${c.method} ${c.name}`),
            [],
        );
    });

    it("keeps a resource whose delete failed", async () => {
        fx.config = { "lifecycle:failOn": "a:delete" };
        const up = await fx.run("up"); // a takes failOn=delete as an input, b is created
        expectOk(up);
        const ds = await fx.run("destroy");
        assert.notEqual(ds.exitCode, 0);
        assert.match(ds.stdout, /error: injected delete failure for a/);
        assert.ok(findResource(ds.state, "a"), "a stays in state");
        assert.equal(findResource(ds.state, "b"), undefined, "b (a dependent) was deleted first");
    });

    it("lets a test kill the provider host mid-create and reports the lost host", async () => {
        const kfx = new ProgramFixture();
        try {
            kfx.config = { "lifecycle:extras": "1", "lifecycle:extraDelayMs": "3000" };
            let pid: number | undefined;
            const r = await kfx.run("up", { onProviderHost: (p) => (pid = p), killProviderHostAfter: { method: "Create", count: 3, delayMs: 200 } });
            assert.notEqual(r.exitCode, 0);
            assert.equal(r.providerHostPid, pid);
            assert.match(r.stdout, /the dynamic-provider host is gone/);
            const failed = r.rpcLog.filter((e) => e.method === "Create" && e.ok === false);
            assert.equal(failed.length, 1);
        } finally {
            kfx.cleanup();
        }
    });
});

describe("engine driver: resource options", function () {
    this.timeout(120_000);
    const fx = new ProgramFixture();
    after(() => fx.cleanup());

    it("honours ignoreChanges and replaceOnChanges", async () => {
        expectOk(await fx.run("up"));
        const ignored = expectOk(await fx.run("preview", { config: { "lifecycle:bValue": "beta-2", "lifecycle:bIgnoreValue": "true" } }));
        assert.match(ignored.stdout, /^Resources:\n    3 unchanged$/m);
        const replaced = expectOk(await fx.run("preview", { config: { "lifecycle:bValue": "beta-2", "lifecycle:bReplaceOnValue": "true" } }));
        assert.match(replaced.stdout, /^ \+- pulumi-nodejs:dynamic:Resource b replace \[diff: ~value\]$/m);
        assert.deepEqual(replaced.steps.find((s) => s.name === "b")!.replaces, ["value"]);
    });
});

describe("engine driver: protect and retainOnDelete", function () {
    this.timeout(120_000);
    const fx = new ProgramFixture();
    after(() => fx.cleanup());

    it("refuses to delete a protected resource and drops a retained one from state without deleting it", async () => {
        fx.config = { "lifecycle:aProtect": "true", "lifecycle:bRetain": "true" };
        const up = expectOk(await fx.run("up"));
        assert.equal(findResource(up.state, "a")!.protect, true);
        const bId = findResource(up.state, "b")!.id!;
        const mark = fx.callCount();
        const ds = await fx.run("destroy");
        assert.notEqual(ds.exitCode, 0);
        assert.match(ds.stdout, /is protected; set protect: false and run up before deleting it/);
        assert.ok(findResource(ds.state, "a"), "the protected resource stays");
        assert.equal(findResource(ds.state, "b"), undefined, "the retained resource left the state");
        assert.ok(fx.store().objects[bId], "...but still exists remotely");
        assert.deepEqual(
            fx.callsSince(mark).filter((c) => MUTATING.has(c.method)),
            [],
            "no Delete was sent",
        );
    });
});
