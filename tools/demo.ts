/**
 * `npm run demo`: applies the example programs to the embedded Tencent Cloud emulator and shows a
 * clean preview, then destroys what it made.
 *
 * With the `pulumi` CLI on PATH the real CLI runs them (local file backend under .pulumi-demo/,
 * passphrase from PULUMI_CONFIG_PASSPHRASE or a demo default); otherwise the engine driver
 * (tools/engine) runs them through Pulumi's own program runner and dynamic-provider host.
 *
 *   npm run demo                 all three examples (csr, gaap, teo)
 *   npm run demo -- csr          only examples/csr
 *   npm run demo -- --keep       leave the resources (and the emulator running) after `up`
 *   npm run demo -- --driver     use the engine driver even when pulumi is on PATH
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { startEmulator, DEMO_CREDENTIALS, type Emulator } from "../emulator";
import { runPulumi, type ConfigValue, type Operation } from "./engine";

const REPO_ROOT = path.resolve(__dirname, "..", "..");
const EXAMPLES = ["csr", "gaap", "teo"] as const;
const STACK = "demo";

interface DemoArgs {
    examples: string[];
    keep: boolean;
    forceDriver: boolean;
}

function parseArgs(argv: string[]): DemoArgs {
    const args: DemoArgs = { examples: [], keep: false, forceDriver: false };
    for (const arg of argv) {
        if (arg === "--keep") {
            args.keep = true;
        } else if (arg === "--driver") {
            args.forceDriver = true;
        } else if ((EXAMPLES as readonly string[]).includes(arg)) {
            args.examples.push(arg);
        } else {
            throw new Error(`unknown argument '${arg}': expected one of ${EXAMPLES.join(", ")}, --keep or --driver`);
        }
    }
    if (args.examples.length === 0) {
        args.examples = [...EXAMPLES];
    }
    return args;
}

/** The provider configuration that points a program at the emulator. */
function emulatorConfig(emulator: Emulator): Record<string, ConfigValue> {
    return {
        "tencentcloud:endpoint": emulator.url,
        "tencentcloud:secretId": DEMO_CREDENTIALS.secretId,
        "tencentcloud:secretKey": { secret: DEMO_CREDENTIALS.secretKey },
    };
}

function pulumiOnPath(): boolean {
    const probe = spawnSync("pulumi", ["version"], { encoding: "utf8" });
    return probe.status === 0;
}

/** An engine that runs one operation of one example and says whether it succeeded. */
type Engine = (dir: string, op: Operation, expectNoChanges?: boolean) => Promise<boolean>;

/**
 * The embedded emulator forgets everything when the demo ends, so a demo run keeps its stack state
 * in a fresh directory too (with --keep: the default place, so `npm run pulumi -- preview -C
 * examples/<name> -s demo` works against the still-running emulator).
 */
function driverEngine(config: Record<string, ConfigValue>, stateRoot: string | undefined): Engine {
    return async (dir, op, expectNoChanges) => {
        const stateDir = stateRoot ? path.join(stateRoot, path.basename(dir)) : undefined;
        const result = await runPulumi({ cwd: dir, op, stack: STACK, config, stateDir, echo: process.stdout });
        if (expectNoChanges && result.exitCode === 0) {
            const changed = result.steps.filter((s) => s.op !== "same");
            if (changed.length > 0) {
                console.log(`unexpected changes in preview: ${changed.map((s) => `${s.op} ${s.name}`).join(", ")}`);
                return false;
            }
        }
        return result.exitCode === 0;
    };
}

function cliEngine(config: Record<string, ConfigValue>): Engine {
    const backendDir = path.join(REPO_ROOT, ".pulumi-demo");
    fs.mkdirSync(backendDir, { recursive: true });
    const env = {
        ...process.env,
        PULUMI_BACKEND_URL: `file://${backendDir}`,
        PULUMI_CONFIG_PASSPHRASE: process.env.PULUMI_CONFIG_PASSPHRASE ?? "pulumi-tencent-certs-demo",
        PULUMI_SKIP_UPDATE_CHECK: "true",
    };
    const pulumi = (dir: string, args: string[]) => spawnSync("pulumi", [...args, "--cwd", dir, "--non-interactive"], { env, stdio: "inherit" }).status === 0;
    const prepared = new Set<string>();
    return async (dir, op, expectNoChanges) => {
        if (!prepared.has(dir)) {
            // A stack left by an earlier demo points at objects of an emulator that no longer runs.
            pulumi(dir, ["stack", "rm", STACK, "--force", "--yes"]);
            if (!pulumi(dir, ["stack", "select", "--create", STACK])) {
                return false;
            }
            for (const [key, value] of Object.entries(config)) {
                const secret = typeof value !== "string";
                const plain = typeof value === "string" ? value : value.secret;
                if (!pulumi(dir, ["config", "set", ...(secret ? ["--secret"] : []), key, plain])) {
                    return false;
                }
            }
            prepared.add(dir);
        }
        switch (op) {
            case "up":
                return pulumi(dir, ["up", "--yes", "--skip-preview"]);
            case "preview":
                return pulumi(dir, ["preview", ...(expectNoChanges ? ["--expect-no-changes"] : [])]);
            case "destroy":
                return pulumi(dir, ["destroy", "--yes", "--skip-preview"]);
            case "refresh":
                return pulumi(dir, ["refresh", "--yes", "--skip-preview"]);
        }
    };
}

async function main(): Promise<number> {
    const args = parseArgs(process.argv.slice(2));
    const emulator = await startEmulator({ port: 0 });
    const config = emulatorConfig(emulator);
    const useCli = !args.forceDriver && pulumiOnPath();
    console.log(`Tencent Cloud emulator (embedded) at ${emulator.url}`);
    console.log(
        useCli
            ? "Running the examples with the pulumi CLI found on PATH (file backend in .pulumi-demo/)."
            : "The pulumi CLI is not on PATH: running the examples with the engine driver (tools/engine), " +
                  "which uses Pulumi's own program runner and dynamic-provider host.",
    );
    const stateRoot = args.keep ? undefined : fs.mkdtempSync(path.join(os.tmpdir(), "tencent-certs-demo-"));
    const engine = useCli ? cliEngine(config) : driverEngine(config, stateRoot);
    let ok = true;
    try {
        for (const name of args.examples) {
            const dir = path.join(REPO_ROOT, "examples", name);
            console.log(`\n=== examples/${name}: pulumi up ===`);
            ok = (await engine(dir, "up")) && ok;
            if (!ok) break;
            console.log(`\n=== examples/${name}: pulumi preview (expect no changes) ===`);
            ok = (await engine(dir, "preview", true)) && ok;
            if (!args.keep) {
                console.log(`\n=== examples/${name}: pulumi destroy ===`);
                ok = (await engine(dir, "destroy")) && ok;
            }
            if (!ok) break;
        }
        const calls = emulator.log.length;
        console.log(`\nThe emulator answered ${calls} signed API calls.`);
        if (args.keep && ok) {
            console.log(`--keep: the emulator stays up at ${emulator.url}; press Ctrl-C to stop it.`);
            await new Promise<void>(() => undefined);
        }
    } finally {
        if (!args.keep) {
            await emulator.close();
        }
        if (stateRoot) {
            fs.rmSync(stateRoot, { recursive: true, force: true });
        }
    }
    console.log(ok ? "\ndemo: done" : "\ndemo: FAILED (see the messages above)");
    return ok ? 0 : 1;
}

main().then(
    (code) => process.exit(code),
    (err: unknown) => {
        console.error(`demo: ${err instanceof Error ? err.message : String(err)}`);
        process.exit(1);
    },
);
