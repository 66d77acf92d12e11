/**
 * runPulumi: one `pulumi up|preview|refresh|destroy` against a program directory.
 *
 * Order of work, as the CLI: load project, stack config and state → (refresh phase) → start the
 * monitor and run the program (up/preview), answering registrations through the Deployment →
 * deletes at SignalAndWaitForShutdown → outputs and summary. destroy and refresh do not run the
 * program (like the CLI without --run-program).
 */
import * as os from "os";
import { Deployment } from "./deployment";
import { startMonitor, type MonitorOptions, type MonitorServer } from "./monitor";
import { Printer } from "./output";
import { hideSdkPayloads, SecretRedactor } from "./redact";
import { loadProject, loadStackConfig, Project, StackConfig } from "./project";
import { runProgram } from "./program";
import { openStackCipher } from "./stack-cipher";
import { acquireStackLock, type HeldLock } from "./stack-lock";
import { ProviderHost } from "./provider-host";
import { StateWriter } from "./state-writer";
import { loadSdk } from "./sdk";
import {
    DEFAULT_STACK,
    checkpointHasSecrets,
    emptyCheckpoint,
    mapResourceValues,
    readCheckpoint,
    SecretsCipher,
    statePathFor,
    urnName,
    urnType,
    writeCheckpointAtomic,
} from "./state";
import type { Checkpoint, PendingOperation, RpcLogEntry, RunOptions, RunResult, StateResource } from "./types";
import { containsSecret, isSecret, Props, unwrapSecrets, UNKNOWN } from "./values";

/** Exit code of a failed operation (the Pulumi CLI's too). */
export const FAILED_EXIT_CODE = 255;
const DEFAULT_TIMEOUT_MS = 10 * 60 * 1000;
/**
 * The provider host sends its log messages (Engine.Log) on its own connection, so one logged just
 * before a step returns can arrive after the step's reply. Before finishing, wait until no message
 * has arrived for LOG_QUIET_MS after the host's last RPC and the last message (at most LOG_MAX_WAIT_MS);
 * the engine likewise keeps serving a plugin's logs until it shuts the plugin down.
 */
const LOG_QUIET_MS = 250;
const LOG_MAX_WAIT_MS = 3000;

export function defaultParallel(env: NodeJS.ProcessEnv = process.env): number {
    const fromEnv = Number.parseInt(env.PULUMI_PARALLEL ?? "", 10);
    return Number.isFinite(fromEnv) && fromEnv > 0 ? fromEnv : 4 * os.cpus().length;
}

/** Runs one Pulumi operation against the program in `opts.cwd`. Never throws for program or step failures. */
export async function runPulumi(opts: RunOptions): Promise<RunResult> {
    const run = new PulumiRun(opts);
    try {
        await run.execute();
    } catch (err: any) {
        run.printer.error(err?.message ?? String(err));
        run.failed = true;
    } finally {
        await run.close();
    }
    return run.result();
}

/** The stack as a run finds it: project, state on disk (secrets decrypted in memory), config, the program's SDK. */
interface OpenedStack {
    project: Project;
    disk: Checkpoint;
    resources: StateResource[];
    config: StackConfig;
    sdk: ReturnType<typeof loadSdk>;
    /** The stack's cipher, opened on first use (a stack without secrets may have no key). */
    cipher(): SecretsCipher;
    /** The cipher's mode once opened. */
    openedCipherMode(): SecretsCipher["mode"] | undefined;
}

/** One run: what it prints and collects, and the parts it starts (lock, monitor, provider host), closed at the end. */
class PulumiRun {
    readonly started = Date.now();
    readonly stack: string;
    readonly dryRun: boolean;
    readonly env: NodeJS.ProcessEnv;
    readonly parallel: number;
    readonly redactor = new SecretRedactor();
    readonly printer: Printer;
    readonly stderr: string[] = [];
    readonly rpcLog: RpcLogEntry[] = [];
    statePath: string;
    failed = false;
    outputs: Props = {};
    private host: Promise<ProviderHost> | undefined;
    private monitor: MonitorServer | undefined;
    private deployment: Deployment | undefined;
    private lock: HeldLock | undefined;
    private writer: StateWriter | undefined;

    constructor(readonly opts: RunOptions) {
        this.stack = opts.stack ?? DEFAULT_STACK;
        this.dryRun = opts.op === "preview";
        this.env = mergeEnv(process.env, opts.env);
        this.parallel = opts.parallel ?? defaultParallel(this.env);
        this.printer = new Printer(opts.echo === true ? process.stdout : opts.echo || undefined, opts.verbose === true, this.redactor);
        this.statePath = statePathFor({ cwd: opts.cwd, stack: this.stack, stateDir: opts.stateDir });
    }

    /**
     * Raw stderr of the program and the provider host. The host prints a JavaScript stack trace
     * for every failed call; the error itself is already shown once per resource, so the host's
     * stderr reaches the terminal only with -v (it is always kept in RunResult.stderr).
     */
    readonly writeStderr = (line: string, from: "program" | "provider host" = "program"): void => {
        const safe = this.redactor.redact(line);
        this.stderr.push(safe + "\n");
        const toTerminal = this.opts.echo === true || this.opts.echo === process.stdout;
        if (toTerminal && (from === "program" || this.opts.verbose === true)) process.stderr.write(safe + "\n");
    };

    async execute(): Promise<void> {
        const stack = this.openStack();
        const pending = stack.disk.deployment.pending_operations ?? [];
        this.printer.header(this.opts.op, this.dryRun, this.stack);
        warnPendingOperations(this.printer, pending);
        const writer = (this.writer = new StateWriter((current, ops) => this.writeState(stack, current, ops)));
        const d = (this.deployment = new Deployment({
            op: this.opts.op,
            dryRun: this.dryRun,
            parallel: this.parallel,
            resources: stack.resources,
            pendingOperations: pending,
            printer: this.printer,
            persist: (current, ops) => writer.persist(current, ops),
            host: () => this.startHostOnce(stack),
        }));
        const monitor = (this.monitor = await startMonitor(this.monitorOptions(stack, d)));
        // Start the provider host while the program boots (both take about a second to load the SDK).
        const needsHost = this.runsProgram || stack.resources.some((r) => r.custom);
        if (needsHost) this.startHostOnce(stack).catch(() => undefined);
        // A pending-operations list from an interrupted run is cleared by any run that writes state.
        if (!this.dryRun && pending.length > 0) writer.persist(d.snapshot(), []);
        await this.operate(stack, d, monitor);
        await this.settle(d, monitor);
    }

    private get runsProgram(): boolean {
        return this.opts.op === "up" || this.opts.op === "preview";
    }

    private openStack(): OpenedStack {
        const project = loadProject(this.opts.cwd);
        const loc = { cwd: project.dir, stack: this.stack, stateDir: this.opts.stateDir };
        this.statePath = statePathFor(loc);
        // As the CLI: runs that write state take the stack's lock; a preview only reads.
        if (!this.dryRun) this.lock = acquireStackLock(loc, this.opts.op, `npm run pulumi -- cancel -s ${this.stack} -C ${project.dir}`);
        const disk = readCheckpoint(this.statePath);
        let opened: SecretsCipher | undefined;
        const cipher = () => (opened ??= openStackCipher(project, loc, this.env.PULUMI_CONFIG_PASSPHRASE, disk));
        const config = loadStackConfig(project, this.stack, this.opts.config, cipher);
        for (const key of config.secretKeys) this.redactor.add(config.values[key] ?? "");
        const resources = checkpointHasSecrets(disk)
            ? mapResourceValues(disk.deployment.resources, (v) => cipher().decryptValue(v))
            : disk.deployment.resources;
        this.redactor.collect(resources.map((r) => [r.inputs, r.outputs]));
        return { project, disk, resources, config, sdk: loadSdk(project.programDir), cipher, openedCipherMode: () => opened?.mode };
    }

    /** The checkpoint as the state file holds it: secrets encrypted, steps in flight as pending operations. Not in preview. */
    private writeState(stack: OpenedStack, current: StateResource[], pending: PendingOperation[]): void {
        this.redactor.collect(current.map((r) => r.outputs));
        if (this.dryRun) return;
        const encrypt = (v: unknown) => (containsSecret(v) ? stack.cipher().encryptValue(v) : v);
        const checkpoint = emptyCheckpoint();
        checkpoint.deployment.secrets_providers.state.mode = stack.openedCipherMode() ?? (this.env.PULUMI_CONFIG_PASSPHRASE ? "passphrase" : "keyfile");
        checkpoint.deployment.resources = mapResourceValues(current, encrypt);
        if (pending.length > 0) {
            checkpoint.deployment.pending_operations = pending.map((p) => ({ type: p.type, resource: mapResourceValues([p.resource], encrypt)[0] }));
        }
        writeCheckpointAtomic(this.statePath, checkpoint);
    }

    private startHostOnce(stack: OpenedStack): Promise<ProviderHost> {
        this.host ??= startHost(
            stack.sdk,
            stack.project,
            this.stack,
            stack.config,
            this.env,
            this.monitor!,
            this.rpcLog,
            this.opts,
            this.printer,
            this.writeStderr,
        );
        return this.host;
    }

    private monitorOptions(stack: OpenedStack, d: Deployment): MonitorOptions {
        return {
            sdk: stack.sdk,
            project: stack.project.name,
            stack: this.stack,
            dryRun: this.dryRun,
            parallel: this.parallel,
            configSecretKeys: stack.config.secretKeys,
            deployment: d,
            observe: (values) => this.redactor.collect(values),
            onLog: (severity, message, urn) => {
                const where = urn ? `${urnType(urn)} ${urnName(urn)}` : undefined;
                // A program's own error keeps its stack (it points into the user's code).
                this.printer.diag(severity, severity === "debug" ? hideSdkPayloads(message) : message, where);
            },
            onShutdown: () => d.deleteUnregistered(),
        };
    }

    /** Refresh first when asked, then the program (up, preview), the destroy, or just the refresh. */
    private async operate(stack: OpenedStack, d: Deployment, monitor: MonitorServer): Promise<void> {
        if (this.opts.op === "refresh" || (this.opts.refresh && this.runsProgram)) {
            await d.refreshAll();
        }
        if (this.runsProgram && !d.failed) {
            await this.runProgramSteps(stack, d, monitor);
            this.outputs = d.stackOutputs;
        } else if (this.opts.op === "destroy") {
            await d.destroyAll();
        } else if (this.opts.op === "refresh") {
            this.outputs = stack.resources.find((r) => r.type === "pulumi:pulumi:Stack")?.outputs ?? {};
        }
    }

    /** Runs the program against the monitor; its registrations become steps; deletes follow its shutdown signal. */
    private async runProgramSteps(stack: OpenedStack, d: Deployment, monitor: MonitorServer): Promise<void> {
        const timeoutMs = this.opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
        const exit = await runProgram({
            sdk: stack.sdk,
            project: stack.project,
            stack: this.stack,
            config: stack.config,
            monitorAddress: `127.0.0.1:${monitor.port}`,
            dryRun: this.dryRun,
            parallel: this.parallel,
            typecheck: this.opts.typecheck === true,
            env: { ...this.env },
            timeoutMs,
            onPid: (pid) => this.printer.diag("debug", `engine driver: program pid ${pid}`),
            onStdout: (line) => this.printer.line(`    ${line}`),
            onStderr: this.writeStderr,
        });
        await d.drain();
        if (exit.timedOut) {
            this.printer.diag("error", `the program did not finish within ${Math.round(timeoutMs / 1000)}s and was stopped`);
            this.failed = true;
        } else if (exit.code !== 0) {
            // 32: the program already logged its error through Engine.Log.
            if (!d.failed && exit.code !== 32) {
                const signal = exit.signal ? ` (${exit.signal})` : "";
                this.printer.diag("error", `the Pulumi program exited with code ${exit.code}${signal}; see stderr:\n${this.stderr.slice(-20).join("")}`);
            }
            this.failed = true;
        } else if (!monitor.signaled()) {
            // Older SDKs do not call SignalAndWaitForShutdown; a clean exit is the same signal.
            await d.deleteUnregistered();
        }
    }

    /** Steps done and the host's last log messages in: the outputs and the summary. */
    private async settle(d: Deployment, monitor: MonitorServer): Promise<void> {
        await d.drain();
        const liveHost = await this.host?.catch(() => undefined);
        if (liveHost) await monitor.logsSettled(() => liveHost.lastActivity(), LOG_QUIET_MS, LOG_MAX_WAIT_MS);
        this.failed = this.failed || d.failed;
        d.settleSummary();
        if (this.opts.op !== "destroy") this.printer.outputs(this.outputs, this.dryRun);
        this.printer.summary(this.opts.op, this.dryRun, d.summary);
    }

    /** Writes the last state, releases the lock, stops the host and the monitor. */
    async close(): Promise<void> {
        try {
            this.writer?.flush();
        } catch (err: any) {
            this.printer.diag("error", `could not write the state file ${this.statePath}: ${err?.message ?? err}`);
            this.failed = true;
        }
        this.lock?.release();
        await Promise.allSettled([this.host?.then((h) => h.close()), this.monitor?.close()]);
    }

    async result(): Promise<RunResult> {
        const durationMs = Date.now() - this.started;
        this.printer.line();
        this.printer.line(`Duration: ${(durationMs / 1000).toFixed(1)}s`);
        const pid = await this.host?.then(
            (h) => h.pid,
            () => undefined,
        );
        const outputs = this.outputs;
        return {
            exitCode: this.failed ? FAILED_EXIT_CODE : 0,
            stdout: this.printer.text,
            stderr: this.stderr.join(""),
            statePath: this.statePath,
            state: readCheckpointOrEmpty(this.statePath),
            summary: this.deployment?.summary ?? { create: 0, update: 0, replace: 0, delete: 0, same: 0, failed: 0 },
            steps: this.deployment?.steps ?? [],
            rpcLog: this.rpcLog,
            outputs: Object.fromEntries(Object.entries(outputs).map(([k, v]) => [k, v === UNKNOWN ? undefined : unwrapSecrets(v)])),
            secretOutputs: Object.keys(outputs)
                .filter((k) => isSecret(outputs[k]))
                .sort(),
            ...(pid !== undefined ? { providerHostPid: pid } : {}),
            durationMs,
        };
    }
}

function readCheckpointOrEmpty(statePath: string): Checkpoint {
    try {
        return readCheckpoint(statePath);
    } catch {
        return emptyCheckpoint();
    }
}

async function startHost(
    sdk: ReturnType<typeof loadSdk>,
    project: Project,
    stack: string,
    config: StackConfig,
    env: NodeJS.ProcessEnv,
    monitor: MonitorServer,
    rpcLog: RpcLogEntry[],
    opts: RunOptions,
    printer: Printer,
    writeStderr: (line: string, from: "program" | "provider host") => void,
): Promise<ProviderHost> {
    const host = await ProviderHost.start({
        sdk,
        cwd: project.programDir,
        env: { ...env, PULUMI_NODEJS_PROJECT: project.name, PULUMI_NODEJS_STACK: stack, PULUMI_NODEJS_ORGANIZATION: "organization" },
        engineAddress: `127.0.0.1:${monitor.port}`,
        rpcLog,
        onRpc: opts.onRpc,
        onPid: (pid) => {
            printer.diag("debug", `engine driver: provider host pid ${pid}`);
            opts.onProviderHost?.(pid);
        },
        killAfter: opts.killProviderHostAfter,
        // The CLI shows a provider plugin's output as diagnostics; stack traces go to stderr.
        onOutput: (stream, line) => (stream === "stdout" ? printer.diag("info", line) : writeStderr(line, "provider host")),
    });
    await host.configure(config.values);
    return host;
}

function warnPendingOperations(printer: Printer, pending: PendingOperation[]): void {
    if (pending.length === 0) return;
    printer.diag(
        "warning",
        `Attempting to deploy or update resources with ${pending.length} pending operations from a previous deployment:\n` +
            pending.map((p) => `  * ${p.resource.urn}, interrupted while ${p.type}`).join("\n") +
            `\nThese resources are in an unknown state because the previous run was interrupted while waiting for them; ` +
            `check them with the provider (a 'creating' one may exist but is not in state). The pending list is now cleared.`,
    );
}

function mergeEnv(base: NodeJS.ProcessEnv, extra: Record<string, string | undefined> | undefined): NodeJS.ProcessEnv {
    const env: NodeJS.ProcessEnv = { ...base };
    for (const [k, v] of Object.entries(extra ?? {})) {
        if (v === undefined) delete env[k];
        else env[k] = v;
    }
    return env;
}
