/**
 * Drives the real dynamic-provider host (@pulumi/pulumi/cmd/dynamic-provider) over gRPC the way the
 * Pulumi engine does, without the program runner: Check calls one at a time (the engine's step
 * generator), Create/Read/Delete steps with at most `parallel` in flight (the step executor).
 *
 * Why not the whole engine driver for the timed scenarios: on this shared machine the program
 * runner needs 15-25 s to compile the program and register 200 resources before the first provider
 * call, which would swamp the 20 s the API part takes. The provider calls, the host process and
 * the serialized `__provider` are the real ones (the `__provider` strings come from a state file the
 * engine driver wrote, see bench/provider-size.ts).
 */
import * as fs from "fs";
import { loadSdk, type Sdk } from "../tools/engine/sdk";
import { ProviderHost } from "../tools/engine/provider-host";
import type { RpcLogEntry } from "../tools/engine/types";

export type Props = Record<string, unknown>;

/** The Engine service the host (and the provider's logger) talks to: keeps log lines, answers roots. */
async function startEngineStub(sdk: Sdk, logs: string[]): Promise<{ address: string; close(): void }> {
    const { grpc, engine, empty } = sdk;
    const server = new grpc.Server(sdk.channelOptions);
    let root = "";
    const ok = (fn: (req: any) => any) => (call: any, cb: any) => cb(null, fn(call.request));
    server.addService(sdk.engineGrpc.EngineService, {
        log: ok((req) => {
            logs.push(`${req.getSeverity()} ${req.getMessage()}`);
            return new empty.Empty();
        }),
        getRootResource: ok(() => {
            const resp = new engine.GetRootResourceResponse();
            resp.setUrn(root);
            return resp;
        }),
        setRootResource: ok((req) => {
            root = req.getUrn();
            return new engine.SetRootResourceResponse();
        }),
    });
    const port = await new Promise<number>((resolve, reject) =>
        server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err: Error | null, p: number) => (err ? reject(err) : resolve(p))),
    );
    return { address: `127.0.0.1:${port}`, close: () => server.forceShutdown() };
}

/** Peak resident set size of a process in KiB (VmHWM), or undefined when /proc is not readable. */
export function peakRssKiB(pid: number): number | undefined {
    try {
        const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
        const match = /^VmHWM:\s+(\d+)\s+kB/m.exec(status);
        return match ? Number(match[1]) : undefined;
    } catch {
        return undefined;
    }
}

export interface HostSession {
    host: ProviderHost;
    pid: number;
    rpcLog: RpcLogEntry[];
    logs: string[];
    /** Stops the host; returns its peak RSS in KiB. */
    close(): Promise<number | undefined>;
}

/** One provider host process, as one `pulumi up/refresh/destroy` starts; configured like the engine does. */
export async function startHost(programDir: string, env: Record<string, string>): Promise<HostSession> {
    const sdk = loadSdk(programDir);
    const logs: string[] = [];
    const engine = await startEngineStub(sdk, logs);
    const rpcLog: RpcLogEntry[] = [];
    const host = await ProviderHost.start({
        sdk,
        cwd: programDir,
        env: { ...process.env, ...env },
        engineAddress: engine.address,
        rpcLog,
        onOutput: (stream, line) => logs.push(`${stream}: ${line}`),
    });
    await host.configure({});
    return {
        host,
        pid: host.pid,
        rpcLog,
        logs,
        async close() {
            const rss = peakRssKiB(host.pid);
            await host.close();
            engine.close();
            return rss;
        },
    };
}

/** Runs `jobs` with at most `parallel` at once; each job's error is kept, not thrown. */
export async function inPool<T>(jobs: (() => Promise<T>)[], parallel: number): Promise<(T | Error)[]> {
    const results: (T | Error)[] = new Array(jobs.length);
    let next = 0;
    const worker = async () => {
        while (next < jobs.length) {
            const i = next++;
            try {
                results[i] = await jobs[i]();
            } catch (err) {
                results[i] = err instanceof Error ? err : new Error(String(err));
            }
        }
    };
    await Promise.all(Array.from({ length: Math.min(parallel, jobs.length) }, worker));
    return results;
}

/**
 * `pulumi up` of new resources: Check one at a time in registration order, each checked resource
 * handed to a step executor running at most `parallel` Creates.
 */
export async function createAll(
    host: ProviderHost,
    items: { urn: string; news: Props }[],
    parallel: number,
): Promise<({ id: string; outs: Props; inputs: Props } | Error)[]> {
    const results: ({ id: string; outs: Props; inputs: Props } | Error)[] = new Array(items.length);
    const running = new Set<Promise<void>>();
    for (let i = 0; i < items.length; i++) {
        const { urn, news } = items[i];
        let inputs: Props;
        try {
            const checked = await host.check(urn, {}, news);
            if (checked.failures.length > 0) {
                throw new Error(`check failed: ${checked.failures.map((f) => `${f.property}: ${f.reason}`).join("; ")}`);
            }
            inputs = checked.inputs;
        } catch (err) {
            results[i] = err as Error;
            continue;
        }
        while (running.size >= parallel) {
            await Promise.race(running);
        }
        const step: Promise<void> = host.create(urn, inputs).then(
            (r) => void (results[i] = { ...r, inputs }),
            (err) => void (results[i] = err as Error),
        );
        const tracked = step.finally(() => running.delete(tracked));
        running.add(tracked);
    }
    await Promise.all(running);
    return results;
}

/** A resource as the state keeps it. */
export interface HostResource {
    urn: string;
    id: string;
    outs: Props;
    inputs: Props;
}

/** `pulumi refresh`: Read of every resource, at most `parallel` at once. */
export function readAll(host: ProviderHost, resources: HostResource[], parallel: number) {
    return inPool(
        resources.map((r) => () => host.read(r.urn, r.id, r.outs, r.inputs)),
        parallel,
    );
}

/** `pulumi destroy`: Delete of every resource, at most `parallel` at once. */
export function deleteAll(host: ProviderHost, resources: HostResource[], parallel: number) {
    return inPool(
        resources.map((r) => () => host.delete(r.urn, r.id, r.outs, r.inputs)),
        parallel,
    );
}
