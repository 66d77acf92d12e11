/**
 * Acceptance (issue 5): the lifecycle program goes up → preview (no changes) → edit input →
 * preview (shows ~ and the field) → up → refresh after an out-of-band change → destroy, through
 * the real program runner and the real dynamic-provider host.
 */
import { strict as assert } from "assert";
import { findResource, readPlainState } from "../../tools/engine";
import { MUTATING, ProgramFixture } from "../support/program-fixture";
import { expectOk } from "../support/run-output";

const DYN = "pulumi-nodejs:dynamic:Resource";

describe("engine driver: full lifecycle of a two-resource program", function () {
    this.timeout(240_000);
    const fx = new ProgramFixture();
    after(() => fx.cleanup());

    it("up → preview → edit → preview → up → refresh → destroy", async () => {
        // --- up: both created, b after a (b takes a's serial)
        const up = expectOk(await fx.run("up"));
        assert.match(up.stdout, /^ \+  pulumi-nodejs:dynamic:Resource a created \(/m);
        assert.match(up.stdout, /^ \+  pulumi-nodejs:dynamic:Resource b created \(/m);
        assert.match(up.stdout, /^Resources:\n    \+ 3 created$/m);
        assert.deepEqual(up.summary, { create: 3, update: 0, replace: 0, delete: 0, same: 0, failed: 0 });
        const a = findResource(up.state, "a", DYN)!;
        const b = findResource(up.state, "b", DYN)!;
        assert.ok(a.id && b.id, "both resources have ids in state");
        assert.equal(a.outputs.serial, a.id!.toUpperCase());
        assert.equal(b.outputs.ref, a.outputs.serial, "b received a's output");
        assert.ok(b.propertyDependencies.ref.includes(a.urn), "b's ref depends on a");
        assert.ok(b.dependencies.includes(a.urn), "b depends on a");
        assert.equal(a.parent, findResource(up.state, "lifecycle-test", "pulumi:pulumi:Stack")!.urn);
        let calls = fx.store().calls;
        const createA = calls.find((c) => c.method === "create" && c.name === "a")!;
        const createB = calls.find((c) => c.method === "create" && c.name === "b")!;
        assert.ok(createB.start >= createA.end!, "b is created after a finished");
        assert.deepEqual(
            up.rpcLog.map((e) => e.method),
            ["Configure", "Check", "Create", "Check", "Create"],
        );
        assert.equal(up.outputs.aSerial, a.outputs.serial);

        // --- preview with no changes: Check + Diff only, nothing written
        const stateBefore = fx.stateText();
        let mark = fx.callCount();
        const quiet = expectOk(await fx.run("preview"));
        assert.match(quiet.stdout, /^Resources:\n    3 unchanged$/m);
        assert.doesNotMatch(quiet.stdout, /^ [+~-]/m, "no resource lines when nothing changes");
        assert.deepEqual(
            fx
                .callsSince(mark)
                .map((c) => c.method)
                .sort(),
            ["check", "check", "diff", "diff"],
        );
        assert.ok(quiet.rpcLog.filter((e) => e.method === "Diff").every((e) => e.diff?.changes === "none"));
        assert.equal(fx.stateText(), stateBefore, "preview never writes state");

        // --- edit an input (config), preview shows ~ and the field
        fx.config["lifecycle:aValue"] = "alpha-2";
        mark = fx.callCount();
        const pv = expectOk(await fx.run("preview"));
        assert.match(pv.stdout, /^ ~  pulumi-nodejs:dynamic:Resource a update \[diff: ~value\]$/m);
        assert.equal(pv.steps.find((s) => s.name === "a")!.op, "update");
        assert.deepEqual(pv.steps.find((s) => s.name === "a")!.diff, ["~value"]);
        assert.equal(fx.callsSince(mark).filter((c) => MUTATING.has(c.method)).length, 0, "preview makes no mutating call");
        assert.equal(pv.rpcLog.filter((e) => ["Create", "Update", "Delete"].includes(e.method)).length, 0);
        assert.equal(fx.stateText(), stateBefore);
        assert.equal(pv.outputs.aSerial, undefined, "outputs that would change are unknown in preview");

        // --- up applies the update in place (same id)
        mark = fx.callCount();
        const up2 = expectOk(await fx.run("up"));
        assert.match(up2.stdout, /^ ~  pulumi-nodejs:dynamic:Resource a updated \(.*\) \[diff: ~value\]$/m);
        assert.equal(up2.summary.update, 1);
        assert.equal(up2.summary.same, 2);
        assert.deepEqual(
            fx
                .callsSince(mark)
                .filter((c) => MUTATING.has(c.method))
                .map((c) => `${c.method} ${c.name}`),
            ["update a"],
        );
        const a2 = findResource(up2.state, "a", DYN)!;
        assert.equal(a2.id, a.id);
        assert.equal(a2.inputs.value, "alpha-2");
        assert.equal(fx.store().objects[a.id!].value, "alpha-2");

        // --- out-of-band change, then refresh reads it into state
        fx.editStore((s) => (s.objects[a.id!].value = "changed-behind-our-back"));
        mark = fx.callCount();
        const rf = expectOk(await fx.run("refresh"));
        assert.match(rf.stdout, /^ ~  pulumi-nodejs:dynamic:Resource a refresh \[diff: ~value\]$/m);
        assert.doesNotMatch(rf.stdout, / b refresh/);
        assert.match(rf.stdout, /^Resources:\n    ~ 1 updated\n    2 unchanged$/m);
        assert.deepEqual(
            fx
                .callsSince(mark)
                .map((c) => c.method)
                .sort(),
            ["read", "read"],
        );
        const a3 = findResource(rf.state, "a", DYN)!;
        assert.equal(a3.outputs.value, "changed-behind-our-back");
        assert.equal(a3.inputs.value, "changed-behind-our-back", "Read's inputs replace the old inputs");
        // ...and the next preview wants to put the configured value back
        const drift = expectOk(await fx.run("preview"));
        assert.match(drift.stdout, /^ ~  pulumi-nodejs:dynamic:Resource a update \[diff: ~value\]$/m);

        // --- destroy: dependents first, state emptied, remote objects gone
        mark = fx.callCount();
        const ds = expectOk(await fx.run("destroy"));
        calls = fx.callsSince(mark).filter((c) => c.method === "delete");
        assert.deepEqual(
            calls.map((c) => c.name),
            ["b", "a"],
            "b (depends on a) is deleted first",
        );
        assert.ok(calls[1].start >= calls[0].end!, "a's delete starts after b's finished");
        assert.match(ds.stdout, /^Resources:\n    - 3 deleted$/m);
        assert.deepEqual(ds.state.deployment.resources, []);
        assert.deepEqual(fx.store().objects, {});
        assert.deepEqual(readPlainState({ cwd: fx.cwd, stack: fx.stack, stateDir: fx.stateDir }).deployment.resources, []);
    });
});
