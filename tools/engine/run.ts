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
import { startMonitor, MonitorServer } from "./monitor";
import { Printer } from "./output";
import { hideSdkPayloads, SecretRedactor } from "./redact";
import { loadProject, loadStackConfig, Project, StackConfig } from "./project";
import { runProgram } from "./program";
import { openStackCipher } from "./stack-cipher";
import { acquireStackLock, HeldLock } from "./stack-lock";
import { ProviderHost } from "./provider-host";
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
const PERSIST_DELAY_MS = 50;
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
    const started = Date.now();
    const stack = opts.stack ?? DEFAULT_STACK;
    const dryRun = opts.op === "preview";
    const env = mergeEnv(process.env, opts.env);
    const parallel = opts.parallel ?? defaultParallel(env);
    const echo = opts.echo === true ? process.stdout : opts.echo || undefined;
    const redactor = new SecretRedactor();
    const printer = new Printer(echo, opts.verbose === true, redactor);
    const stderr: string[] = [];
    /**
     * Raw stderr of the program and the provider host. The host prints a JavaScript stack trace
     * for every failed call; the error itself is already shown once per resource, so the host's
     * stderr reaches the terminal only with -v (it is always kept in RunResult.stderr).
     */
    const writeStderr = (line: string, from: "program" | "provider host" = "program") => {
        const safe = redactor.redact(line);
        stderr.push(safe + "\n");
        const toTerminal = opts.echo === true || opts.echo === process.stdout;
        if (toTerminal && (from === "program" || opts.verbose === true)) process.stderr.write(safe + "\n");
    };
    const rpcLog: RpcLogEntry[] = [];
    let statePath = statePathFor({ cwd: opts.cwd, stack, stateDir: opts.stateDir });
    let host: Promise<ProviderHost> | undefined;
    let monitor: MonitorServer | undefined;
    let deployment: Deployment | undefined;
    let failed = false;
    let outputs: Props = {};
    let flushState = () => {};
    let lock: HeldLock | undefined;

    try {
        const project = loadProject(opts.cwd);
        const loc = { cwd: project.dir, stack, stateDir: opts.stateDir };
        statePath = statePathFor(loc);
        // As the CLI: runs that write state take the stack's lock; a preview only reads.
        if (!dryRun) lock = acquireStackLock(loc, opts.op, `npm run pulumi -- cancel -s ${stack} -C ${project.dir}`);
        const disk = readCheckpoint(statePath);
        let cipher: SecretsCipher | undefined;
        const getCipher = () => (cipher ??= openStackCipher(project, loc, env.PULUMI_CONFIG_PASSPHRASE, disk));
        const config = loadStackConfig(project, stack, opts.config, getCipher);
        for (const key of config.secretKeys) redactor.add(config.values[key] ?? "");
        const resources = checkpointHasSecrets(disk)
            ? mapResourceValues(disk.deployment.resources, (v) => getCipher().decryptValue(v))
            : disk.deployment.resources;
        redactor.collect(resources.map((r) => [r.inputs, r.outputs]));
        const sdk = loadSdk(project.programDir);

        printer.header(opts.op, dryRun, stack);
        warnPendingOperations(printer, disk.deployment.pending_operations ?? []);

        const writeNow = (current: StateResource[], pending: PendingOperation[]) => {
            if (dryRun) return;
            const encrypt = (v: unknown) => (containsSecret(v) ? getCipher().encryptValue(v) : v);
            const checkpoint = emptyCheckpoint();
            checkpoint.deployment.secrets_providers.state.mode = cipher?.mode ?? (env.PULUMI_CONFIG_PASSPHRASE ? "passphrase" : "keyfile");
            checkpoint.deployment.resources = mapResourceValues(current, encrypt);
            if (pending.length > 0) {
                checkpoint.deployment.pending_operations = pending.map((p) => ({ type: p.type, resource: mapResourceValues([p.resource], encrypt)[0] }));
            }
            writeCheckpointAtomic(statePath, checkpoint);
        };
        // Steps finish in bursts (a wide stack has hundreds); coalesce their writes. The last
        // snapshot is always written (flush below), and at most PERSIST_DELAY_MS of progress is
        // lost if the driver process itself dies.
        let queued: [StateResource[], PendingOperation[]] | undefined;
        let timer: NodeJS.Timeout | undefined;
        let writeError: unknown;
        flushState = () => {
            if (timer) clearTimeout(timer);
            timer = undefined;
            try {
                if (queued) redactor.collect(queued[0].map((r) => r.outputs));
                if (queued) writeNow(...queued);
            } catch (err) {
                writeError ??= err;
            }
            queued = undefined;
            if (writeError) throw writeError;
        };
        const persist = (current: StateResource[], pending: PendingOperation[]) => {
            queued = [current, pending];
            timer ??= setTimeout(() => {
                try {
                    flushState();
                } catch {
                    // kept in writeError; reported by the final flush
                }
            }, PERSIST_DELAY_MS);
        };

        const getHost = () => (host ??= startHost(sdk, project, stack, config, env, monitor!, rpcLog, opts, printer, writeStderr));
        deployment = new Deployment({
            op: opts.op,
            dryRun,
            parallel,
            resources,
            pendingOperations: disk.deployment.pending_operations ?? [],
            printer,
            persist,
            host: () => getHost(),
        });
        const d = deployment;
        monitor = await startMonitor({
            sdk,
            project: project.name,
            stack,
            dryRun,
            parallel,
            configSecretKeys: config.secretKeys,
            deployment: d,
            observe: (values) => redactor.collect(values),
            onLog: (severity, message, urn) => {
                const where = urn ? `${urnType(urn)} ${urnName(urn)}` : undefined;
                // A program's own error keeps its stack (it points into the user's code).
                printer.diag(severity, severity === "debug" ? hideSdkPayloads(message) : message, where);
            },
            onShutdown: () => d.deleteUnregistered(),
        });
        // Start the provider host while the program boots (both take about a second to load the SDK).
        const needsHost = opts.op === "up" || opts.op === "preview" || resources.some((r) => r.custom);
        if (needsHost) getHost().catch(() => undefined);
        // A pending-operations list from an interrupted run is cleared by any run that writes state.
        if (!dryRun && (disk.deployment.pending_operations?.length ?? 0) > 0) persist(d.snapshot(), []);

        if (opts.op === "refresh" || (opts.refresh && (opts.op === "up" || opts.op === "preview"))) {
            await d.refreshAll();
        }
        if ((opts.op === "up" || opts.op === "preview") && !d.failed) {
            const exit = await runProgram({
                sdk,
                project,
                stack,
                config,
                monitorAddress: `127.0.0.1:${monitor.port}`,
                dryRun,
                parallel,
                typecheck: opts.typecheck === true,
                env: { ...env },
                timeoutMs: opts.timeoutMs ?? DEFAULT_TIMEOUT_MS,
                onPid: (pid) => printer.diag("debug", `engine driver: program pid ${pid}`),
                onStdout: (line) => printer.line(`    ${line}`),
                onStderr: writeStderr,
            });
            await d.drain();
            if (exit.timedOut) {
                printer.diag("error", `the program did not finish within ${Math.round((opts.timeoutMs ?? DEFAULT_TIMEOUT_MS) / 1000)}s and was stopped`);
                failed = true;
            } else if (exit.code !== 0) {
                // 32: the program already logged its error through Engine.Log.
                if (!d.failed && exit.code !== 32) {
                    printer.diag(
                        "error",
                        `the Pulumi program exited with code ${exit.code}${exit.signal ? ` (${exit.signal})` : ""}; see stderr:\n${stderr.slice(-20).join("")}`,
                    );
                }
                failed = true;
            } else if (!monitor.signaled()) {
                // Older SDKs do not call SignalAndWaitForShutdown; a clean exit is the same signal.
                await d.deleteUnregistered();
            }
            outputs = d.stackOutputs;
        } else if (opts.op === "destroy") {
            await d.destroyAll();
        } else if (opts.op === "refresh") {
            outputs = resources.find((r) => r.type === "pulumi:pulumi:Stack")?.outputs ?? {};
        }
        await d.drain();
        const liveHost = await host?.catch(() => undefined);
        if (liveHost) await monitor.logsSettled(() => liveHost.lastActivity(), LOG_QUIET_MS, LOG_MAX_WAIT_MS);
        failed = failed || d.failed;
        d.settleSummary();
        if (opts.op !== "destroy") printer.outputs(outputs, dryRun);
        printer.summary(opts.op, dryRun, d.summary);
    } catch (err: any) {
        printer.error(err?.message ?? String(err));
        failed = true;
    } finally {
        try {
            flushState();
        } catch (err: any) {
            printer.diag("error", `could not write the state file ${statePath}: ${err?.message ?? err}`);
            failed = true;
        }
        lock?.release();
        await Promise.allSettled([host?.then((h) => h.close()), monitor?.close()]);
    }
    const durationMs = Date.now() - started;
    printer.line();
    printer.line(`Duration: ${(durationMs / 1000).toFixed(1)}s`);

    let state: Checkpoint;
    try {
        state = readCheckpoint(statePath);
    } catch {
        state = emptyCheckpoint();
    }
    const pid =
        rpcLog.length > 0 || host
            ? await host?.then(
                  (h) => h.pid,
                  () => undefined,
              )
            : undefined;
    return {
        exitCode: failed ? FAILED_EXIT_CODE : 0,
        stdout: printer.text,
        stderr: stderr.join(""),
        statePath,
        state,
        summary: deployment?.summary ?? { create: 0, update: 0, replace: 0, delete: 0, same: 0, failed: 0 },
        steps: deployment?.steps ?? [],
        rpcLog,
        outputs: Object.fromEntries(Object.entries(outputs).map(([k, v]) => [k, v === UNKNOWN ? undefined : unwrapSecrets(v)])),
        secretOutputs: Object.keys(outputs)
            .filter((k) => isSecret(outputs[k]))
            .sort(),
        ...(pid !== undefined ? { providerHostPid: pid } : {}),
        durationMs,
    };
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
