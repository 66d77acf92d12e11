/**
 * Reading an existing object (`Item.get(name, id)`, i.e. a CustomResource with the `id` option,
 * which makes the program call ResourceMonitor.ReadResource): the driver calls the host's Read
 * with that id, records the result as an external resource, and never deletes the object.
 */
import { strict as assert } from "assert";
import { findResource } from "../../tools/engine";
import { MUTATING, ProgramFixture } from "../support/program-fixture";
import { expectOk } from "../support/run-output";

describe("engine driver: reading an existing resource (Resource.get)", function () {
    this.timeout(240_000);
    const fx = new ProgramFixture();
    after(() => fx.cleanup());

    it("reads it in preview and up, keeps it as external in state, and never deletes it", async () => {
        // An object made outside this stack.
        fx.editStore((s) => (s.objects["obj-99"] = { name: "outside", value: "made elsewhere", serial: "OBJ-99" }));
        fx.config = { "lifecycle:getId": "obj-99" };

        const pv = expectOk(await fx.run("preview"));
        assert.match(pv.stdout, /^ >  pulumi-nodejs:dynamic:Resource existing read$/m);
        assert.equal(pv.outputs.existingValue, "made elsewhere", "Read runs in preview too, as in the engine");

        const up = expectOk(await fx.run("up"));
        assert.match(up.stdout, /^ >  pulumi-nodejs:dynamic:Resource existing read \(/m);
        assert.match(up.stdout, /^Resources:\n    \+ 3 created$/m, "a read is not counted as a change");
        const read = up.rpcLog.filter((e) => e.method === "Read");
        assert.deepEqual(
            read.map((e) => [e.id, e.found]),
            [["obj-99", true]],
        );
        assert.equal(up.rpcLog.filter((e) => e.method === "Check" && e.urn?.endsWith("::existing")).length, 0, "no Check for a read");
        const existing = findResource(up.state, "existing")!;
        assert.equal(existing.external, true);
        assert.equal(existing.id, "obj-99");
        assert.equal(existing.outputs.value, "made elsewhere");
        assert.equal(existing.inputs.name, "existing", "the program's properties are the inputs");
        assert.equal(up.outputs.existingValue, "made elsewhere");

        // Dropped from the program: it leaves the state, the object stays.
        let mark = fx.callCount();
        const dropped = expectOk(await fx.run("up", { config: { "lifecycle:getId": "" } }));
        assert.match(dropped.stdout, /^ <  pulumi-nodejs:dynamic:Resource existing discarded$/m);
        assert.equal(findResource(dropped.state, "existing"), undefined);
        assert.deepEqual(
            fx.callsSince(mark).filter((c) => MUTATING.has(c.method)),
            [],
            "no Delete for a read resource",
        );

        // Read again, then destroy: only the stack's own objects are deleted.
        expectOk(await fx.run("up"));
        mark = fx.callCount();
        const ds = expectOk(await fx.run("destroy"));
        assert.deepEqual(
            fx
                .callsSince(mark)
                .filter((c) => c.method === "delete")
                .map((c) => c.name)
                .sort(),
            ["a", "b"],
        );
        assert.match(ds.stdout, /^ <  pulumi-nodejs:dynamic:Resource existing discarded$/m);
        assert.deepEqual(ds.state.deployment.resources, []);
        assert.deepEqual(Object.keys(fx.store().objects), ["obj-99"], "the read object still exists");
    });

    it("fails naming the id when the object does not exist", async () => {
        const r = await fx.run("up", { config: { "lifecycle:getId": "obj-404" } });
        assert.notEqual(r.exitCode, 0);
        assert.match(r.stdout, /existing \*\*reading failed\*\*/);
        assert.match(r.stdout, /error: resource 'obj-404' does not exist/);
        assert.equal(findResource(r.state, "existing"), undefined);
    });
});
