/**
 * `npm run pulumi -- <up|preview|refresh|destroy> [-C|--cwd DIR] [-s|--stack NAME] [--refresh]
 *  [--yes] [--parallel N] [-v|--verbose] [--typecheck]`
 * `npm run pulumi -- config set [--secret] KEY VALUE [-C DIR] [-s NAME]`
 *
 * Flags mirror the Pulumi CLI's. `--yes` is accepted for muscle memory: the driver never prompts.
 */
import * as path from "path";
import { runPulumi } from "./run";
import { loadProject, setStackConfig } from "./project";
import { DEFAULT_STACK, SecretsCipher } from "./state";
import type { Operation } from "./types";

const USAGE = `usage: npm run pulumi -- <up|preview|refresh|destroy> [-C|--cwd DIR] [-s|--stack NAME] [--refresh] [--yes] [--parallel N] [-v|--verbose] [--typecheck]
       npm run pulumi -- config set [--secret] KEY VALUE [-C|--cwd DIR] [-s|--stack NAME]
State: DIR/.pulumi-driver/stacks/<stack>.json (secrets encrypted with PULUMI_CONFIG_PASSPHRASE or DIR/.pulumi-driver/stacks/<stack>.key).`;

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
}

export function parseArgs(argv: string[], baseCwd: string): ParsedArgs {
    const out: ParsedArgs = { command: [], cwd: baseCwd, stack: DEFAULT_STACK, refresh: false, verbose: false, typecheck: false, secret: false };
    for (let i = 0; i < argv.length; i++) {
        const arg = argv[i];
        const [flag, inline] = arg.startsWith("--") && arg.includes("=") ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)] : [arg, undefined];
        const value = () => {
            const v = inline ?? argv[++i];
            if (v === undefined) throw new UsageError(`${flag} needs a value`);
            return v;
        };
        switch (flag) {
            case "-C": case "--cwd": out.cwd = path.resolve(baseCwd, value()); break;
            case "-s": case "--stack": out.stack = value(); break;
            case "--refresh": out.refresh = true; break;
            case "-y": case "--yes": case "--skip-preview": case "--non-interactive": break;
            case "-p": case "--parallel": {
                const n = Number.parseInt(value(), 10);
                if (!Number.isFinite(n) || n < 1) throw new UsageError(`--parallel must be a positive number`);
                out.parallel = n;
                break;
            }
            case "-v": case "--verbose": out.verbose = true; break;
            case "--typecheck": out.typecheck = true; break;
            case "--secret": out.secret = true; break;
            case "-h": case "--help": throw new UsageError("");
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
        io.stderr.write((err.message ? `error: ${err.message}\n` : "") + USAGE + "\n");
        return 2;
    }
    const [op, ...rest] = args.command;
    if (op === "config") {
        if (rest[0] !== "set" || rest.length !== 3) {
            io.stderr.write(USAGE + "\n");
            return 2;
        }
        const project = loadProject(args.cwd);
        const cipher = args.secret
            ? SecretsCipher.open({ cwd: project.dir, stack: args.stack }, project.name, io.env.PULUMI_CONFIG_PASSPHRASE, true)
            : undefined;
        const file = setStackConfig(project, args.stack, rest[1], rest[2], cipher);
        io.stdout.write(`set ${rest[1]}${args.secret ? " (secret)" : ""} in ${file}\n`);
        return 0;
    }
    const ops: Operation[] = ["up", "preview", "refresh", "destroy"];
    const operation = (op === "update" ? "up" : op) as Operation;
    if (!ops.includes(operation) || rest.length > 0) {
        io.stderr.write(`error: expected one of ${ops.join(", ")}${op ? `, got '${[op, ...rest].join(" ")}'` : ""}\n${USAGE}\n`);
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

// Under `npm run`, the working directory is the package root; INIT_CWD is where the user ran npm.
if (require.main === module) {
    main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, cwd: process.env.INIT_CWD ?? process.cwd(), env: process.env }).then(
        (code) => (process.exitCode = code),
        (err) => {
            process.stderr.write(`error: ${err?.stack ?? err}\n`);
            process.exitCode = 1;
        },
    );
}
