/**
 * `npm run pulumi -- <command> [flags]`: the engine driver's command line (reference: docs/engine-driver.md).
 *
 *   up | preview | refresh | destroy   [-C|--cwd DIR] [-s|--stack NAME] [--refresh] [--yes] [--parallel N] [-v|--verbose] [--typecheck]
 *   config set [--secret|--plaintext] KEY VALUE | config get KEY | config rm KEY
 *   stack | stack output [NAME] [--show-secrets]
 *   cancel
 *
 * Flags mirror the Pulumi CLI's. `--yes` is accepted for muscle memory: the driver never prompts.
 * Exit codes: 0 success, 255 a failed operation (as the CLI), 2 a usage error.
 */
import * as os from "os";
import * as path from "path";
import { installChildCleanup } from "./children";
import { runPulumi, FAILED_EXIT_CODE } from "./run";
import { getStackConfig, loadProject, Project, removeStackConfig, setStackConfig, stackConfigPath } from "./project";
import { cancelStackLocks, describeHolder, readStackLocks } from "./stack-lock";
import { openStackCipher } from "./stack-cipher";
import { formatStackInfo } from "./stack-info";
import { DEFAULT_STACK, readCheckpoint, stackCipher, statePathFor } from "./state";
import { formatStackOutputs, readStackOutputs, stringifyOutput } from "./stack-output";
import type { Operation } from "./types";

const USAGE = `usage: npm run pulumi -- <command> [-C|--cwd DIR] [-s|--stack NAME] [flags]

Commands:
  up | preview | refresh | destroy   run the program in DIR (flags: --refresh, --parallel N, -v|--verbose, --typecheck, --yes)
  config set [--secret] KEY VALUE    set a stack config value in DIR/Pulumi.<stack>.yaml (--secret: encrypted;
                                     a secret-looking key set without it gets a warning, unless --plaintext)
  config get KEY                     print a config value (secrets decrypted, as the Pulumi CLI does)
  config rm KEY                      remove a config value
  stack                              the stack's state file, last update, a run in progress, resources
  stack output [NAME]                print the stack outputs, or one (secrets as [secret] unless --show-secrets)
  cancel                             remove the stack's lock left by a run that is gone (as \`pulumi cancel\`)

State: DIR/.pulumi-driver/stacks/<stack>.json, the previous one in <stack>.json.bak (secrets encrypted with
PULUMI_CONFIG_PASSPHRASE or the key file DIR/.pulumi-driver/stacks/<stack>.key, which a .gitignore beside
it keeps out of git). One up/refresh/destroy at a time per stack (lock: DIR/.pulumi-driver/locks/<stack>/).
Reference: docs/engine-driver.md`;

export interface CliIo {
    stdout: { write(chunk: string): unknown };
    stderr: { write(chunk: string): unknown };
    cwd: string;
    env: NodeJS.ProcessEnv;
}

class UsageError extends Error {}

interface ParsedArgs {
    command: string[];
    cwd: string;
    stack: string;
    refresh: boolean;
    parallel?: number;
    verbose: boolean;
    typecheck: boolean;
    secret: boolean;
    plaintext: boolean;
    showSecrets: boolean;
    help: boolean;
}

export function parseArgs(argv: string[], baseCwd: string): ParsedArgs {
    const out: ParsedArgs = {
        command: [],
        cwd: baseCwd,
        stack: DEFAULT_STACK,
        refresh: false,
        verbose: false,
        typecheck: false,
        secret: false,
        plaintext: false,
        showSecrets: false,
        help: false,
    };
    for (let i = 0; i < argv.length; i++) {
        const arg = argv[i];
        const [flag, inline] = arg.startsWith("--") && arg.includes("=") ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)] : [arg, undefined];
        const value = () => {
            const v = inline ?? argv[++i];
            if (v === undefined) throw new UsageError(`${flag} needs a value`);
            return v;
        };
        switch (flag) {
            case "-C":
            case "--cwd":
                out.cwd = path.resolve(baseCwd, value());
                break;
            case "-s":
            case "--stack":
                out.stack = value();
                break;
            case "--refresh":
                out.refresh = true;
                break;
            case "-y":
            case "--yes":
            case "--skip-preview":
            case "--non-interactive":
                break;
            case "-p":
            case "--parallel": {
                const n = Number.parseInt(value(), 10);
                if (!Number.isFinite(n) || n < 1) throw new UsageError(`--parallel must be a positive number`);
                out.parallel = n;
                break;
            }
            case "-v":
            case "--verbose":
                out.verbose = true;
                break;
            case "--typecheck":
                out.typecheck = true;
                break;
            case "--secret":
                out.secret = true;
                break;
            case "--plaintext":
                out.plaintext = true;
                break;
            case "--show-secrets":
                out.showSecrets = true;
                break;
            case "-h":
            case "--help":
                out.help = true;
                break;
            default:
                if (flag.startsWith("-")) throw new UsageError(`unknown flag ${flag}`);
                out.command.push(arg);
        }
    }
    return out;
}

/** Runs the CLI; returns the process exit code. */
export async function main(argv: string[], io: CliIo): Promise<number> {
    let args: ParsedArgs;
    try {
        args = parseArgs(argv, io.cwd);
    } catch (err: any) {
        io.stderr.write(`error: ${err.message}\n${USAGE}\n`);
        return 2;
    }
    if (args.help) {
        io.stdout.write(USAGE + "\n");
        return 0;
    }
    const [op, ...rest] = args.command;
    try {
        if (op === "config") return configCommand(rest, args, io);
        if (op === "stack") return stackCommand(rest, args, io);
        if (op === "cancel") return cancelCommand(rest, args, io);
    } catch (err: any) {
        if (err instanceof UsageError) {
            io.stderr.write(`error: ${err.message}\n${USAGE}\n`);
            return 2;
        }
        io.stderr.write(`error: ${err?.message ?? err}\n`);
        return FAILED_EXIT_CODE;
    }
    const ops: Operation[] = ["up", "preview", "refresh", "destroy"];
    const operation = (op === "update" ? "up" : op) as Operation;
    if (op === undefined) {
        io.stderr.write(`error: no command given\n${USAGE}\n`);
        return 2;
    }
    if (!ops.includes(operation)) {
        io.stderr.write(`error: unknown command '${op}' (expected up, preview, refresh, destroy, config, stack or cancel)\n${USAGE}\n`);
        return 2;
    }
    if (rest.length > 0) {
        io.stderr.write(`error: '${op}' takes no arguments, got '${rest.join(" ")}'\n${USAGE}\n`);
        return 2;
    }
    const result = await runPulumi({
        cwd: args.cwd,
        op: operation,
        stack: args.stack,
        refresh: args.refresh,
        parallel: args.parallel,
        verbose: args.verbose,
        typecheck: args.typecheck,
        env: io.env as Record<string, string | undefined>,
        echo: io.stdout,
    });
    return result.exitCode;
}

/**
 * Keys whose values are credentials (as the Pulumi CLI's config check guesses from the name):
 * `tencentcloud:secretKey`, `tencentcloud:securityToken`, `db:password`; not `tencentcloud:secretId`.
 */
function looksSecret(key: string): boolean {
    const name = key.slice(key.indexOf(":") + 1);
    return /pass(word|wd)?|pwd|secret|token|api_?key|private_?key|credential/i.test(name) && !/(id|name|user(name)?)$/i.test(name);
}

function configSet(project: Project, args: ParsedArgs, key: string, value: string, io: CliIo): number {
    const cipher = args.secret ? openStackCipher(project, { cwd: project.dir, stack: args.stack }, io.env.PULUMI_CONFIG_PASSPHRASE) : undefined;
    const file = setStackConfig(project, args.stack, key, value, cipher);
    io.stdout.write(`set ${key}${args.secret ? " (secret)" : ""} in ${file}\n`);
    if (!args.secret && !args.plaintext && looksSecret(key)) {
        io.stderr.write(
            `warning: ${key} looks like a secret and is now stored in plaintext in ${file}. ` +
                `Store it encrypted instead: npm run pulumi -- config set --secret ${key} <value> (or pass --plaintext if it is not a secret)\n`,
        );
    }
    return 0;
}

function configCommand(rest: string[], args: ParsedArgs, io: CliIo): number {
    const [sub, key, value, ...extra] = rest;
    const arity: Record<string, number> = { set: 2, get: 1, rm: 1 };
    if (!(sub in arity)) throw new UsageError(sub ? `unknown command 'config ${sub}' (expected set, get or rm)` : "config needs set, get or rm");
    const given = [key, value, ...extra].filter((x) => x !== undefined).length;
    if (given !== arity[sub]) throw new UsageError(`config ${sub} takes ${arity[sub] === 2 ? "KEY VALUE" : "KEY"}`);
    const project = loadProject(args.cwd);
    const loc = { cwd: project.dir, stack: args.stack };
    if (sub === "set") return configSet(project, args, key, value, io);
    if (sub === "get") {
        const stored = getStackConfig(project, args.stack, key);
        if (!stored) throw new Error(`configuration key '${key}' not found for stack '${args.stack}'`);
        if ("value" in stored) {
            io.stdout.write(stored.value + "\n");
            return 0;
        }
        const cipher = stackCipher(loc, project.name, io.env.PULUMI_CONFIG_PASSPHRASE, [stackConfigPath(project, args.stack)]);
        io.stdout.write(cipher.decrypt(stored.secure) + "\n");
        return 0;
    }
    removeStackConfig(project, args.stack, key);
    return 0;
}

function stackCommand(rest: string[], args: ParsedArgs, io: CliIo): number {
    const [sub, name, ...extra] = rest;
    const project = loadProject(args.cwd);
    const loc = { cwd: project.dir, stack: args.stack };
    if (sub === undefined) {
        io.stdout.write(formatStackInfo(args.stack, statePathFor(loc), readCheckpoint(statePathFor(loc)), readStackLocks(loc)));
        return 0;
    }
    if (sub !== "output") throw new UsageError(`unknown command 'stack ${sub}' (expected output, or no subcommand)`);
    if (extra.length > 0) throw new UsageError(`stack output takes at most one NAME`);
    const outputs = readStackOutputs(loc, project.name, io.env.PULUMI_CONFIG_PASSPHRASE, args.showSecrets);
    if (name === undefined) {
        io.stdout.write(formatStackOutputs(outputs));
        return 0;
    }
    if (!(name in outputs)) throw new Error(`current stack does not have output property '${name}'`);
    io.stdout.write(stringifyOutput(outputs[name]) + "\n");
    return 0;
}

/**
 * `cancel`, as `pulumi cancel` with the file backend: removes the stack's lock files. It does not
 * stop a run: a lock whose run is still going is reported, and that run keeps writing the state.
 */
function cancelCommand(rest: string[], args: ParsedArgs, io: CliIo): number {
    if (rest.length > 0) throw new UsageError(`cancel takes no arguments, got '${rest.join(" ")}'`);
    const project = loadProject(args.cwd);
    const removed = cancelStackLocks({ cwd: project.dir, stack: args.stack });
    if (removed.length === 0) {
        io.stdout.write(`stack '${args.stack}' has no lock: no run is going on\n`);
        return 0;
    }
    for (const holder of removed) {
        io.stdout.write(`removed ${describeHolder(holder)}\n`);
        if (holder.content && !holder.stale && holder.content.hostname === os.hostname()) {
            io.stderr.write(`warning: pid ${holder.content.pid} still runs on this host: if it is that run, it keeps writing the state; stop it first\n`);
        }
    }
    io.stdout.write(`The currently running update for '${args.stack}' has been canceled!\n`);
    return 0;
}

// Under `npm run`, the working directory is the package root; INIT_CWD is where the user ran npm.
if (require.main === module) {
    installChildCleanup();
    main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, cwd: process.env.INIT_CWD ?? process.cwd(), env: process.env }).then(
        (code) => (process.exitCode = code),
        (err) => {
            process.stderr.write(`error: ${err?.stack ?? err}\n`);
            process.exitCode = 1;
        },
    );
}
