/**
 * Log messages the dynamic-provider host sends to the engine (Engine.Log, as provider/runtime.ts's
 * getLogger does inside the host) are printed like the CLI prints diagnostics — including one sent
 * right before the last step of the run returns, which must not be lost when the run shuts down.
 */
import { strict as assert } from "assert";
import { ProgramFixture } from "../support/program-fixture";
import { expectOk } from "../support/run-output";

describe("engine driver: provider host log messages", function () {
    this.timeout(180_000);
    const fx = new ProgramFixture();
    after(() => fx.cleanup());

    it("prints a warning the provider logs just before its delete (the run's last step) returns", async () => {
        const warning = "retain: leaving the host's certificate as it is";
        fx.config = { "lifecycle:aWarnOnDelete": warning, "lifecycle:withB": "false" };
        expectOk(await fx.run("up"));
        const ds = expectOk(await fx.run("destroy"));
        assert.match(ds.stdout, /^ -  pulumi-nodejs:dynamic:Resource a deleted/m);
        assert.ok(ds.stdout.includes(`warning: ${warning}`), `the warning is printed:\n${ds.stdout}`);
        // After the step line it belongs to, and before the summary.
        const at = ds.stdout.indexOf(warning);
        assert.ok(at < ds.stdout.indexOf("Resources:"), "printed before the summary");
        assert.doesNotMatch(ds.stderr, /retain: leaving/, "it went through Engine.Log, not the stderr fallback");
    });
});
