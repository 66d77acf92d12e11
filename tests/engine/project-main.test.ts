/**
 * Pulumi.yaml `main` (e.g. `main: examples/csr/`): the program lives in a subfolder of the
 * project. Resolved as the CLI does: that folder is the program's working directory (package.json,
 * node_modules, the provider host's cwd); Pulumi.yaml's folder keeps the stack config and state.
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { findResource } from "../../tools/engine";
import { loadProject } from "../../tools/engine/project";
import { LIFECYCLE_PROGRAM, ProgramFixture } from "../support/program-fixture";
import { expectOk } from "../support/run-output";

describe("engine driver: Pulumi.yaml main", function () {
    this.timeout(180_000);
    const root = path.join(LIFECYCLE_PROGRAM, "main-option");
    const fx = new ProgramFixture(root);
    after(() => fx.cleanup());

    it("runs the program in the folder `main` names", async () => {
        const up = expectOk(await fx.run("up"));
        assert.match(up.stdout, /^Resources:\n    \+ 3 created$/m);
        assert.equal(up.outputs.programCwd, path.join(root, "program"));
        assert.ok(findResource(up.state, "a")?.id);
        assert.equal(fx.store().objects[findResource(up.state, "a")!.id!].value, "alpha");
        expectOk(await fx.run("destroy"));
    });

    it("resolves `main` like the CLI: a folder, a file, and refusals for absolute and outside paths", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "engine-main-"));
        try {
            fs.mkdirSync(path.join(dir, "src"));
            fs.writeFileSync(path.join(dir, "src", "app.ts"), "");
            const project = (main?: string) => {
                fs.writeFileSync(path.join(dir, "Pulumi.yaml"), `name: p\nruntime: nodejs\n${main === undefined ? "" : `main: ${JSON.stringify(main)}\n`}`);
                return loadProject(dir);
            };
            assert.deepEqual([project().programDir, project().main], [dir, "."]);
            assert.deepEqual([project("src/").programDir, project("src/").main], [path.join(dir, "src"), "."]);
            assert.deepEqual([project("src/app.ts").programDir, project("src/app.ts").main], [path.join(dir, "src"), "app.ts"]);
            assert.throws(() => project("/abs"), /project 'main' must be a relative path/);
            assert.throws(() => project("../elsewhere"), /project 'main' must be a subfolder/);
            assert.throws(() => project("missing/"), /project 'main' could not be read/);
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });
});
