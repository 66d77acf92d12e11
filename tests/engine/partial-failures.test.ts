/**
 * Partial failures (ErrorResourceInitFailed, which the dynamic-provider host sends when the thrown
 * error carries `id`): the object changed but did not initialize. Like the engine, the driver keeps
 * the new inputs and outputs with the init errors in state, and the next up retries with an Update
 * even when nothing else changed.
 */
import { strict as assert } from "assert";
import { findResource } from "../../tools/engine";
import { MUTATING, ProgramFixture } from "../support/program-fixture";
import { expectOk } from "../support/run-output";

describe("engine driver: update that applied but did not initialize", function () {
    this.timeout(180_000);
    const fx = new ProgramFixture();
    after(() => fx.cleanup());

    it("keeps the new outputs and the init errors in state, retries the update, and clears them once it succeeds", async () => {
        const up = expectOk(await fx.run("up"));
        const id = findResource(up.state, "a")!.id;
        fx.config = { "lifecycle:aValue": "alpha-2", "lifecycle:failOn": "a:update-init" };

        const failed = await fx.run("up");
        assert.notEqual(failed.exitCode, 0);
        assert.match(failed.stdout, /a \*\*updating failed\*\*/);
        assert.match(failed.stdout, /error: a was updated but is not healthy/);
        let a = findResource(failed.state, "a")!;
        assert.equal(a.id, id, "same object");
        assert.equal(a.inputs.value, "alpha-2", "the new inputs are kept");
        assert.equal(a.outputs.value, "alpha-2", "the outputs the provider reported are kept");
        assert.deepEqual(a.initErrors, ["a: health check failed after the update"]);
        assert.equal(failed.state.deployment.pending_operations, undefined);

        // Nothing changed in the program, but the engine retries a resource with init errors.
        let mark = fx.callCount();
        const again = await fx.run("up");
        assert.notEqual(again.exitCode, 0);
        assert.deepEqual(
            fx
                .callsSince(mark)
                .filter((c) => MUTATING.has(c.method))
                .map((c) => `${c.method} ${c.name}`),
            ["update a"],
        );
        assert.deepEqual(findResource(again.state, "a")!.initErrors, ["a: health check failed after the update"]);

        // The fix lands: the update succeeds and the init errors leave the state.
        fx.config = { "lifecycle:aValue": "alpha-2" };
        mark = fx.callCount();
        const fixed = expectOk(await fx.run("up"));
        a = findResource(fixed.state, "a")!;
        assert.equal(a.initErrors, undefined);
        assert.equal(a.outputs.value, "alpha-2");
        assert.deepEqual(
            fx
                .callsSince(mark)
                .filter((c) => MUTATING.has(c.method))
                .map((c) => `${c.method} ${c.name}`),
            ["update a"],
        );
        assert.match(expectOk(await fx.run("preview")).stdout, /^Resources:\n    3 unchanged$/m);
    });
});
