/**
 * Client for the real dynamic-provider host (`@pulumi/pulumi/cmd/dynamic-provider`): starts it,
 * makes the ResourceProvider RPCs the engine makes, and records each call in the run's RPC log.
 *
 * Host facts (see cmd/dynamic-provider/index.js): the first stdout line is its port; Configure
 * needs `args`; it answers acceptSecrets=false, so callers pass plain values (no secret wrappers).
 */
import { ChildProcess, spawn } from "child_process";
import { trackChild, withParentWatch } from "./children";
import type { Sdk } from "./sdk";
import type { ProviderMethod, RpcLogEntry } from "./types";
import type { Props } from "./values";

export interface ProviderHostOptions {
    sdk: Sdk;
    cwd: string;
    env: NodeJS.ProcessEnv;
    /** Engine address passed as the host's argument (as the CLI does). */
    engineAddress: string;
    rpcLog: RpcLogEntry[];
    onRpc?: (entry: RpcLogEntry) => void;
    onPid?: (pid: number) => void;
    killAfter?: { method: ProviderMethod; count: number; delayMs?: number };
    /** Lines the host prints on stdout (after its port) and stderr. */
    onOutput: (stream: "stdout" | "stderr", line: string) => void;
}

/** A provider call failed; `initFailed` is set when the object was created but did not initialize. */
export class ProviderCallError extends Error {
    constructor(
        readonly method: ProviderMethod,
        message: string,
        readonly initFailed?: { id: string; properties: Props; reasons: string[] },
    ) {
        super(message);
        this.name = "ProviderCallError";
    }
}

export interface DiffResult {
    changes: "none" | "some" | "unknown";
    replaces: string[];
    deleteBeforeReplace: boolean;
}

export class ProviderHost {
    private readonly counts = new Map<ProviderMethod, number>();
    private exited = false;
    private inflight = 0;
    private lastCallEnded = 0;

    private constructor(
        private readonly opts: ProviderHostOptions,
        private readonly child: ChildProcess,
        private readonly client: any,
    ) {
        child.once("exit", () => (this.exited = true));
    }

    get pid(): number {
        return this.child.pid ?? -1;
    }

    /** When the last provider RPC finished (ms since epoch); now while one is in flight; 0 before any. */
    lastActivity(): number {
        return this.inflight > 0 ? Date.now() : this.lastCallEnded;
    }

    static async start(opts: ProviderHostOptions): Promise<ProviderHost> {
        const child = spawn(process.execPath, [opts.sdk.dynamicProviderScript, opts.engineAddress], {
            cwd: opts.cwd,
            env: withParentWatch(opts.env),
            stdio: ["ignore", "pipe", "pipe"],
        });
        trackChild(child);
        if (child.pid !== undefined) opts.onPid?.(child.pid);
        const port = await new Promise<string>((resolve, reject) => {
            let buffered = "";
            let gotPort = false;
            const stderrLines = lineSplitter((line) => opts.onOutput("stderr", line));
            child.stderr!.on("data", stderrLines);
            child.stdout!.on("data", (chunk: Buffer) => {
                buffered += chunk.toString("utf8");
                let nl: number;
                while ((nl = buffered.indexOf("\n")) >= 0) {
                    const line = buffered.slice(0, nl).replace(/\r$/, "");
                    buffered = buffered.slice(nl + 1);
                    if (!gotPort) {
                        gotPort = true;
                        resolve(line.trim());
                    } else {
                        opts.onOutput("stdout", line);
                    }
                }
            });
            child.once("error", reject);
            child.once("exit", (code, signal) => {
                if (!gotPort) reject(new Error(`engine driver: the dynamic-provider host exited before reporting its port (code ${code}, signal ${signal})`));
            });
        });
        const client = new opts.sdk.providerGrpc.ResourceProviderClient(
            `127.0.0.1:${port}`,
            opts.sdk.grpc.credentials.createInsecure(),
            opts.sdk.channelOptions,
        );
        return new ProviderHost(opts, child, client);
    }

    async configure(config: Record<string, string>): Promise<void> {
        const { provider, struct } = this.opts.sdk;
        const req = new provider.ConfigureRequest();
        const vars = req.getVariablesMap();
        for (const [k, v] of Object.entries(config)) vars.set(k, v);
        req.setArgs(struct.Struct.fromJavaScript(config));
        req.setAcceptsecrets(true);
        req.setAcceptresources(true);
        req.setSendsOldInputs(true);
        req.setSendsOldInputsToDelete(true);
        await this.call("Configure", "configure", req, {});
    }

    async check(urn: string, olds: Props, news: Props): Promise<{ inputs: Props; failures: { property: string; reason: string }[] }> {
        const req = this.request("CheckRequest", urn);
        req.setOlds(this.struct(olds));
        req.setNews(this.struct(news));
        const resp = await this.call("Check", "check", req, { urn });
        return {
            inputs: resp.getInputs()?.toJavaScript() ?? {},
            failures: resp.getFailuresList().map((f: any) => ({ property: f.getProperty(), reason: f.getReason() })),
        };
    }

    async diff(urn: string, id: string, olds: Props, news: Props, oldInputs: Props): Promise<DiffResult> {
        const req = this.request("DiffRequest", urn, id);
        req.setOlds(this.struct(olds));
        req.setNews(this.struct(news));
        req.setOldInputs(this.struct(oldInputs));
        let result: DiffResult | undefined;
        await this.call("Diff", "diff", req, { urn, id }, (resp: any) => {
            const C = this.opts.sdk.provider.DiffResponse.DiffChanges;
            const c = resp.getChanges();
            result = {
                changes: c === C.DIFF_NONE ? "none" : c === C.DIFF_SOME ? "some" : "unknown",
                replaces: resp.getReplacesList(),
                deleteBeforeReplace: resp.getDeletebeforereplace(),
            };
            return { diff: result };
        });
        return result!;
    }

    async create(urn: string, properties: Props): Promise<{ id: string; outs: Props }> {
        const req = this.request("CreateRequest", urn);
        req.setProperties(this.struct(properties));
        req.setPreview(false);
        const resp = await this.call("Create", "create", req, { urn });
        return { id: resp.getId(), outs: resp.getProperties()?.toJavaScript() ?? {} };
    }

    async read(urn: string, id: string, properties: Props, inputs: Props): Promise<{ id: string; outs: Props; inputs?: Props }> {
        const req = this.request("ReadRequest", urn, id);
        req.setProperties(this.struct(properties));
        req.setInputs(this.struct(inputs));
        const resp = await this.call("Read", "read", req, { urn, id }, (r: any) => ({ found: r.getId() !== "" }));
        return { id: resp.getId(), outs: resp.getProperties()?.toJavaScript() ?? {}, inputs: resp.getInputs()?.toJavaScript() };
    }

    async update(urn: string, id: string, olds: Props, news: Props, oldInputs: Props): Promise<Props> {
        const req = this.request("UpdateRequest", urn, id);
        req.setOlds(this.struct(olds));
        req.setNews(this.struct(news));
        req.setOldInputs(this.struct(oldInputs));
        req.setPreview(false);
        const resp = await this.call("Update", "update", req, { urn, id });
        return resp.getProperties()?.toJavaScript() ?? {};
    }

    async delete(urn: string, id: string, properties: Props, oldInputs: Props): Promise<void> {
        const req = this.request("DeleteRequest", urn, id);
        req.setProperties(this.struct(properties));
        req.setOldInputs(this.struct(oldInputs));
        await this.call("Delete", "delete", req, { urn, id });
    }

    /** A resource request of the program's own proto class: every one names the resource's urn, name and type. */
    private request(className: string, urn: string, id?: string): any {
        const req = new this.opts.sdk.provider[className]();
        if (id !== undefined) req.setId(id);
        req.setUrn(urn);
        req.setName(urnTail(urn));
        req.setType(urnType(urn));
        return req;
    }

    private struct(value: Props): any {
        return this.opts.sdk.struct.Struct.fromJavaScript(value);
    }

    /** Stops the host (the engine kills provider plugins at the end of a run). */
    async close(): Promise<void> {
        this.client.close();
        if (this.exited) return;
        const gone = new Promise<void>((resolve) => this.child.once("exit", () => resolve()));
        this.child.kill("SIGTERM");
        const timer = setTimeout(() => this.child.kill("SIGKILL"), 2000);
        await gone;
        clearTimeout(timer);
    }

    private call(
        method: ProviderMethod,
        rpc: string,
        req: any,
        ids: { urn?: string; id?: string },
        describe?: (resp: any) => Partial<RpcLogEntry>,
    ): Promise<any> {
        const entry: RpcLogEntry = { seq: this.opts.rpcLog.length + 1, method, ...ids, done: false };
        this.opts.rpcLog.push(entry);
        this.opts.onRpc?.({ ...entry });
        const started = Date.now();
        const count = (this.counts.get(method) ?? 0) + 1;
        this.counts.set(method, count);
        this.inflight++;
        return new Promise((resolve, reject) => {
            this.client[rpc](req, (err: any, resp: any) => {
                this.inflight--;
                this.lastCallEnded = Date.now();
                entry.done = true;
                entry.durationMs = Date.now() - started;
                entry.ok = !err;
                if (err) {
                    entry.error = err.details || err.message;
                    this.opts.onRpc?.({ ...entry });
                    reject(this.toError(method, err));
                } else {
                    Object.assign(entry, describe?.(resp) ?? {});
                    this.opts.onRpc?.({ ...entry });
                    resolve(resp);
                }
            });
            const kill = this.opts.killAfter;
            if (kill && kill.method === method && kill.count === count) {
                setTimeout(() => this.child.kill("SIGKILL"), kill.delayMs ?? 0);
            }
        });
    }

    private toError(method: ProviderMethod, err: any): ProviderCallError {
        let message: string = err.details || err.message || String(err);
        if (this.exited || err.code === this.opts.sdk.grpc.status.UNAVAILABLE) {
            message = `the dynamic-provider host is gone (${message})`;
        }
        let initFailed: ProviderCallError["initFailed"];
        const raw = err.metadata?.get?.("grpc-status-details-bin")?.[0];
        if (raw) {
            try {
                const status = this.opts.sdk.status.Status.deserializeBinary(new Uint8Array(raw));
                for (const any of status.getDetailsList()) {
                    if (any.getTypeName() === "pulumirpc.ErrorResourceInitFailed") {
                        const d = this.opts.sdk.provider.ErrorResourceInitFailed.deserializeBinary(any.getValue_asU8());
                        initFailed = { id: d.getId(), properties: d.getProperties()?.toJavaScript() ?? {}, reasons: d.getReasonsList() };
                    }
                }
            } catch {
                // Undecodable details: report the plain error.
            }
        }
        return new ProviderCallError(method, message, initFailed);
    }
}

function urnType(urn: string): string {
    const qualified = urn.split("::")[2] ?? "";
    return qualified.split("$").pop() ?? qualified;
}

function urnTail(urn: string): string {
    return urn.split("::").slice(3).join("::");
}

function lineSplitter(onLine: (line: string) => void): (chunk: Buffer) => void {
    let buffered = "";
    return (chunk) => {
        buffered += chunk.toString("utf8");
        let nl: number;
        while ((nl = buffered.indexOf("\n")) >= 0) {
            onLine(buffered.slice(0, nl).replace(/\r$/, ""));
            buffered = buffered.slice(nl + 1);
        }
    };
}

export { lineSplitter };
