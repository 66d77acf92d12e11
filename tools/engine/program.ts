/**
 * Launches the Pulumi program with @pulumi/pulumi's own runner (cmd/run), with the arguments and
 * environment the Node language host (pulumi-language-nodejs) passes.
 */
import { spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import type { Project, StackConfig } from "./project";
import type { Sdk } from "./sdk";
import { lineSplitter } from "./provider-host";
import { trackChild, withParentWatch } from "./children";

export interface ProgramLaunch {
    sdk: Sdk;
    project: Project;
    stack: string;
    config: StackConfig;
    monitorAddress: string;
    dryRun: boolean;
    parallel: number;
    typecheck: boolean;
    env: NodeJS.ProcessEnv;
    timeoutMs: number;
    onStdout(line: string): void;
    onStderr(line: string): void;
    onPid?(pid: number): void;
}

export interface ProgramExit {
    code: number;
    signal: NodeJS.Signals | null;
    timedOut: boolean;
}

/**
 * Node 20.20's util.inspect(err, { colors: true }) loops until "Invalid string length" (tens of
 * seconds of GC) on stack frames under node_modules/@scope/ — exactly what the SDK's runner does
 * when a program throws (cmd/run/error.js, then it falls back to no colors). This preload makes
 * colored inspection of errors skip straight to the uncolored form the SDK falls back to anyway.
 * Opt out with PULUMI_DRIVER_NO_INSPECT_GUARD=1.
 */
const INSPECT_GUARD = `"use strict";
const util = require("util");
const inspect = util.inspect;
function guarded(value, opts) {
    if (value instanceof Error && opts && typeof opts === "object" && opts.colors) opts = { ...opts, colors: false };
    return inspect.apply(this, arguments.length > 1 ? [value, opts, ...Array.prototype.slice.call(arguments, 2)] : arguments);
}
Object.assign(guarded, inspect);
util.inspect = guarded;
`;

function inspectGuardPath(): string {
    const file = path.join(os.tmpdir(), `pulumi-driver-inspect-guard-${process.getuid?.() ?? 0}.js`);
    if (!fs.existsSync(file) || fs.readFileSync(file, "utf8") !== INSPECT_GUARD) {
        const tmp = `${file}.${process.pid}.tmp`;
        fs.writeFileSync(tmp, INSPECT_GUARD);
        fs.renameSync(tmp, file);
    }
    return file;
}

export function runProgram(l: ProgramLaunch): Promise<ProgramExit> {
    const args = [
        l.sdk.runScript,
        `--monitor=${l.monitorAddress}`,
        `--engine=${l.monitorAddress}`,
        `--organization=organization`,
        `--project=${l.project.name}`,
        `--stack=${l.stack}`,
        `--root-directory=${l.project.dir}`,
        `--pwd=${l.project.programDir}`,
        `--parallel=${l.parallel}`,
        ...(l.dryRun ? ["--dry-run"] : []),
        l.project.main,
    ];
    const env: NodeJS.ProcessEnv = { ...l.env, PULUMI_CONFIG: JSON.stringify(l.config.values), PULUMI_CONFIG_SECRET_KEYS: JSON.stringify(l.config.secretKeys) };
    if (env.PULUMI_DRIVER_NO_INSPECT_GUARD !== "1") {
        env.NODE_OPTIONS = `${env.NODE_OPTIONS ?? ""} --require ${JSON.stringify(inspectGuardPath())}`.trim();
    }
    if (l.project.typescript) {
        env.PULUMI_NODEJS_TYPESCRIPT = "true";
        // Type checking costs seconds per run; the language host only skips it when asked to.
        if (env.PULUMI_NODEJS_TRANSPILE_ONLY === undefined) env.PULUMI_NODEJS_TRANSPILE_ONLY = l.typecheck ? "false" : "true";
    }
    return new Promise((resolve, reject) => {
        const child = spawn(process.execPath, args, { cwd: l.project.programDir, env: withParentWatch(env), stdio: ["ignore", "pipe", "pipe"] });
        trackChild(child);
        if (child.pid !== undefined) l.onPid?.(child.pid);
        child.stdout!.on("data", lineSplitter(l.onStdout));
        child.stderr!.on("data", lineSplitter(l.onStderr));
        let timedOut = false;
        const timer = setTimeout(() => {
            timedOut = true;
            child.kill("SIGKILL");
        }, l.timeoutMs);
        child.once("error", (err) => {
            clearTimeout(timer);
            reject(err);
        });
        child.once("close", (code, signal) => {
            clearTimeout(timer);
            resolve({ code: code ?? -1, signal, timedOut });
        });
    });
}
