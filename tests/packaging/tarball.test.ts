/**
 * The npm package as a user gets it: `npm pack` in an unbuilt copy of the repository (prepack must
 * build), the tarball's contents, then a program outside the repository that installs the tarball
 * with each end of the supported @pulumi/pulumi range and runs up / refresh / destroy of a
 * CsrResource through the engine driver against the emulator.
 *
 * The program, its Pulumi.yaml and package.json, and the driver commands are the README's
 * walk-through, read from README.md.
 *
 * This is the one test that reaches the npm registry (through npm itself, `--prefer-offline`): the
 * program installs @pulumi/pulumi as a user's would. Packages the repository's lock file has are
 * installed at its versions.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { DEMO_CREDENTIALS, startEmulator, type Emulator } from "../../emulator";
import {
    REPO,
    SDK_VERSIONS,
    copyUnbuiltClone,
    ebadengineWarnings,
    lockFromRepo,
    meetsMinimum,
    npmEnv,
    npmPack,
    run,
    runAsync,
    runOk,
    type Command,
    type PackResult,
} from "./pack";
import { readWalkthrough } from "./walkthrough";

const PACKAGE = "pulumi-tencent-certs";
const DRIVER = path.join(REPO, "bin", "tools", "engine", "cli.js");

describe("packaging: the npm tarball installed into a program outside the repository", function () {
    this.timeout(20 * 60_000);
    let work: string;
    let packed: PackResult;
    let unpacked: string;
    let emulator: Emulator;
    const walkthrough = readWalkthrough();

    before(async () => {
        work = fs.mkdtempSync(path.join(os.tmpdir(), "pulumi-tencent-certs-pack-"));
        const clone = path.join(work, "clone");
        copyUnbuiltClone(clone);
        assert.ok(!fs.existsSync(path.join(clone, "bin")), "the copy starts without bin/, as a fresh clone");
        fs.mkdirSync(path.join(work, "out"));
        packed = npmPack(clone, path.join(work, "out"));
        unpacked = path.join(work, "unpacked");
        fs.mkdirSync(unpacked);
        runOk("tar", ["xzf", packed.tarball, "-C", unpacked], work);
        unpacked = path.join(unpacked, "package");
        emulator = await startEmulator({ rateLimits: false });
    });

    after(async () => {
        await emulator?.close();
        if (work) {
            fs.rmSync(work, { recursive: true, force: true });
        }
    });

    it("holds the built provider (prepack builds an unbuilt clone), its types, README and LICENSE", () => {
        for (const f of [
            "package.json",
            "README.md",
            "LICENSE",
            "bin/provider/index.js",
            "bin/provider/index.d.ts",
            "bin/provider/runtime.js",
            "bin/provider/shim.js",
        ]) {
            assert.ok(packed.files.includes(f), `${f} is in the tarball: ${packed.files.join(", ")}`);
        }
        const outside = packed.files.filter((f) => !/^(bin\/provider\/|provider\/.*\.ts$|package\.json$|README\.md$|LICENSE$)/.test(f));
        assert.deepEqual(outside, [], "nothing but the provider, its sources, README, LICENSE and package.json");
        const license = fs.readFileSync(path.join(unpacked, "LICENSE"), "utf8");
        assert.match(license, /Apache License\s+Version 2\.0, January 2004/);
        assert.match(license, /END OF TERMS AND CONDITIONS/);
        const pkg = JSON.parse(fs.readFileSync(path.join(unpacked, "package.json"), "utf8"));
        assert.equal(pkg.license, "Apache-2.0");
        assert.ok(fs.existsSync(path.join(unpacked, pkg.main)), `main ${pkg.main} is in the tarball`);
        assert.ok(fs.existsSync(path.join(unpacked, pkg.types)), `types ${pkg.types} is in the tarball`);
    });

    it("has no source map or sourceMappingURL pointing at a file the tarball lacks", () => {
        const maps = packed.files.filter((f) => f.endsWith(".map"));
        assert.ok(maps.length > 0);
        const missing: string[] = [];
        for (const f of packed.files.filter((f) => f.endsWith(".js"))) {
            const url = /\/\/# sourceMappingURL=(\S+)\s*$/.exec(fs.readFileSync(path.join(unpacked, f), "utf8"))?.[1];
            if (url && !packed.files.includes(path.posix.join(path.posix.dirname(f), url))) {
                missing.push(`${f} → ${url}`);
            }
        }
        for (const f of maps) {
            const map = JSON.parse(fs.readFileSync(path.join(unpacked, f), "utf8"));
            for (const source of map.sources as string[]) {
                const target = path.posix.normalize(path.posix.join(path.posix.dirname(f), map.sourceRoot ?? "", source));
                if (!packed.files.includes(target)) {
                    missing.push(`${f} → ${target}`);
                }
            }
        }
        assert.deepEqual(missing, []);
    });

    it("declares @pulumi/pulumi as a peer dependency (not a dependency) and an engines.node the pinned SDK's lower end shares", () => {
        const pkg = JSON.parse(fs.readFileSync(path.join(unpacked, "package.json"), "utf8"));
        assert.equal(pkg.dependencies?.["@pulumi/pulumi"], undefined);
        assert.equal(pkg.peerDependencies?.["@pulumi/pulumi"], `>=${SDK_VERSIONS[0]} <4.0.0`);
        const repoPkg = JSON.parse(fs.readFileSync(path.join(REPO, "package.json"), "utf8"));
        assert.ok((SDK_VERSIONS as readonly string[]).includes(repoPkg.devDependencies["@pulumi/pulumi"]), "the repository develops against a tested SDK");
        assert.equal(pkg.engines.node, ">=20.19.0");
    });

    for (const sdk of SDK_VERSIONS) {
        describe(`with @pulumi/pulumi ${sdk}`, () => {
            let program: string;
            let install: Command;

            before(() => {
                program = path.join(work, `program-${sdk}`);
                fs.mkdirSync(program);
                const dependencies = { "@pulumi/pulumi": sdk, [PACKAGE]: `file:${packed.tarball}` };
                writeProgram(program, dependencies, ["undici", "@noble/hashes", ...(sdk === lockedVersion("@pulumi/pulumi") ? ["@pulumi/pulumi"] : [])]);
                install = run("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline"], program, npmEnv());
            });

            it("installs the tarball; npm warns about no engine of this package", () => {
                assert.equal(install.status, 0, install.output);
                const installed = path.join(program, "node_modules", PACKAGE);
                assert.ok(fs.lstatSync(installed).isDirectory(), "the package is a copy from the tarball, not a link");
                assert.ok(fs.existsSync(path.join(installed, "bin", "provider", "runtime.js")));
                const sdkPkg = JSON.parse(fs.readFileSync(path.join(program, "node_modules", "@pulumi", "pulumi", "package.json"), "utf8"));
                assert.equal(sdkPkg.version, sdk);
                // Only a package whose own engines exclude this Node may be named: never this package,
                // and none at all when the SDK supports the Node running the tests.
                const warned = ebadengineWarnings(install.output);
                assert.ok(!warned.some((w) => w.startsWith(`${PACKAGE}@`)), install.output);
                const expected = meetsMinimum(process.version, sdkPkg.engines.node) ? [] : [`@pulumi/pulumi@${sdk}`];
                assert.deepEqual(warned, expected, install.output);
            });

            it("runs the README walk-through's driver commands (config set, up, preview, refresh, destroy) against the emulator", async () => {
                await runWalkthrough(program, path.join(program, "node_modules", PACKAGE, "bin", "provider", "runtime.js"));
            });
        });
    }

    describe("installed by path (a link to the clone, as the README's alternative)", () => {
        let program: string;

        before(() => {
            program = path.join(work, "program-linked");
            fs.mkdirSync(program);
            const sdk = lockedVersion("@pulumi/pulumi")!;
            const dependencies = { "@pulumi/pulumi": sdk, [PACKAGE]: `file:${REPO}` };
            writeProgram(program, dependencies, ["@pulumi/pulumi"]);
            const install = run("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline"], program, npmEnv());
            assert.equal(install.status, 0, install.output);
        });

        it("links the clone and runs the README walk-through with the clone's bin/provider", async () => {
            const installed = path.join(program, "node_modules", PACKAGE);
            assert.ok(fs.lstatSync(installed).isSymbolicLink());
            assert.equal(fs.realpathSync(installed), fs.realpathSync(REPO));
            await runWalkthrough(program, path.join(fs.realpathSync(REPO), "bin", "provider", "runtime.js"));
        });
    });

    /** Pulumi.yaml, package.json and index.ts from the README walk-through, and a lock with the repo's versions of `seeds`. */
    function writeProgram(program: string, dependencies: Record<string, string>, seeds: string[]): void {
        fs.writeFileSync(path.join(program, "Pulumi.yaml"), walkthrough.pulumiYaml);
        fs.writeFileSync(path.join(program, "package.json"), JSON.stringify({ ...walkthrough.packageJson, dependencies }, null, 2));
        fs.writeFileSync(
            path.join(program, "package-lock.json"),
            JSON.stringify(lockFromRepo(String(walkthrough.packageJson.name), dependencies, seeds), null, 2),
        );
        fs.writeFileSync(path.join(program, "index.ts"), walkthrough.program);
    }

    /** The walk-through's driver commands in `program`, with the CSR deleted in the console before refresh (a generated CSR cannot be edited). */
    async function runWalkthrough(program: string, runtimeInState: string): Promise<void> {
        // Environment without credentials or endpoint: the walk-through's `config set` lines provide them.
        const env: NodeJS.ProcessEnv = { ...npmEnv(), INIT_CWD: program };
        for (const k of ["TENCENTCLOUD_ENDPOINT", "TENCENTCLOUD_SECRET_ID", "TENCENTCLOUD_SECRET_KEY", "PULUMI_CONFIG_PASSPHRASE"]) {
            delete env[k];
        }
        const ops = walkthrough.driverRuns.map((args) => args[0]);
        assert.deepEqual(
            ops.filter((op) => op !== "config"),
            ["up", "preview", "refresh", "destroy"],
        );
        let csrId: string | undefined;
        for (const args of walkthrough.driverRuns) {
            const op = args[0];
            if (op === "refresh") {
                emulator.admin.deleteCsr({ id: Number(csrId) });
            }
            const argv = args.map((a) => a.replace("http://127.0.0.1:9000", emulator.url));
            const r = await runAsync(process.execPath, [DRIVER, ...argv], program, env);
            assert.equal(r.status, 0, `${argv.join(" ")}\n${r.output}`);
            if (op === "up") {
                assert.match(r.stdout, /\+\s+pulumi-nodejs:dynamic\/tencentcloud:CsrResource web created/, r.output);
                const state = fs.readFileSync(path.join(program, ".pulumi-driver", "stacks", "dev.json"), "utf8");
                csrId = JSON.parse(state).deployment.resources.find((res: { urn: string }) => res.urn.endsWith("::web")).id;
                assert.ok(emulator.state.ssl.csrs[String(csrId)], "the CSR exists in the emulator");
                assert.ok(state.includes(runtimeInState), `the provider runs ${runtimeInState}`);
                if (runtimeInState.startsWith(program)) {
                    assert.ok(!state.includes(REPO + path.sep), "nothing in state points into the repository");
                }
                assert.ok(!state.includes(DEMO_CREDENTIALS.secretKey), "the secret key is not in state");
                assert.match(r.stdout, /privateKey\s*:\s*\[secret\]/);
            }
            if (op === "preview") {
                assert.match(r.stdout, /Resources:[\s\S]*2 unchanged/, r.output);
            }
            if (op === "refresh") {
                assert.match(r.stdout, /-\s+pulumi-nodejs:dynamic\/tencentcloud:CsrResource web deleted/, r.output);
            }
            if (op === "destroy") {
                assert.equal(emulator.state.ssl.csrs[String(csrId)], undefined, "the CSR is deleted");
            }
        }
    }
});

/** The version of `name` in the repository's lock file. */
function lockedVersion(name: string): string | undefined {
    return JSON.parse(fs.readFileSync(path.join(REPO, "package-lock.json"), "utf8")).packages[`node_modules/${name}`]?.version;
}
