/**
 * The engine side a Node Pulumi program talks to: ResourceMonitor and Engine gRPC services on one
 * port (127.0.0.1), built from the program's own generated protos.
 */
import type { Sdk } from "./sdk";
import type { Deployment, ReadRegistration, Registration } from "./deployment";
import { StepFailedError, STACK_TYPE } from "./deployment";
import type { Severity } from "./output";

export interface MonitorOptions {
    sdk: Sdk;
    project: string;
    stack: string;
    dryRun: boolean;
    parallel: number;
    configSecretKeys: string[];
    deployment: Deployment;
    /** Engine.Log from the program. */
    onLog(severity: Severity, message: string, urn: string): void;
    /** Every property map that crosses the monitor (registrations, replies, outputs): the driver learns its secrets. */
    observe?(values: unknown): void;
    /** SignalAndWaitForShutdown: resolves when the deletes are done. */
    onShutdown(): Promise<void>;
}

export interface MonitorServer {
    port: number;
    /** True once the program called SignalAndWaitForShutdown. */
    signaled(): boolean;
    /**
     * Resolves once no Engine.Log has arrived for `quietMs` after both the last one and
     * `lastActivity()` (e.g. the provider host's last RPC), or after `maxMs` at most.
     */
    logsSettled(lastActivity: () => number, quietMs: number, maxMs: number): Promise<void>;
    close(): Promise<void>;
}

const SEVERITY: Severity[] = ["debug", "info", "warning", "error"];

/** What the monitor learns from the program while it runs. */
interface MonitorSeen {
    signaled: boolean;
    rootUrn: string;
    lastLogAt: number;
}

/** A gRPC method implementation from an async function; a failed step answers UNAVAILABLE, like a cancelled engine. */
type Handle = (fn: (req: any) => Promise<any>) => (call: any, callback: any) => void;

function grpcHandler(grpc: Sdk["grpc"]): Handle {
    const fail = (callback: any, code: number, details: string) => callback({ code, details, message: details }, null);
    return (fn) => (call, callback) => {
        fn(call.request).then(
            (resp) => callback(null, resp),
            (err) => {
                if (err instanceof StepFailedError) return fail(callback, grpc.status.UNAVAILABLE, "the engine driver is shutting down after a failed step");
                fail(callback, grpc.status.UNKNOWN, err?.message ?? String(err));
            },
        );
    };
}

export async function startMonitor(opts: MonitorOptions): Promise<MonitorServer> {
    const { sdk } = opts;
    const server = new sdk.grpc.Server(sdk.channelOptions);
    const seen: MonitorSeen = { signaled: false, rootUrn: "", lastLogAt: 0 };
    const handle = grpcHandler(sdk.grpc);
    server.addService(sdk.resourceGrpc.ResourceMonitorService, { ...monitorInfo(opts, seen, handle), ...registrations(opts, handle) });
    server.addService(sdk.engineGrpc.EngineService, engineService(opts, seen, handle));
    const port: number = await new Promise((resolve, reject) =>
        server.bindAsync("127.0.0.1:0", sdk.grpc.ServerCredentials.createInsecure(), (err: Error | null, p: number) => (err ? reject(err) : resolve(p))),
    );
    return {
        port,
        signaled: () => seen.signaled,
        logsSettled: (lastActivity, quietMs, maxMs) => logsSettled(() => Math.max(seen.lastLogAt, lastActivity()), quietMs, maxMs),
        close: () => shutdown(server),
    };
}

/** ResourceMonitor: the deployment's facts, features, the shutdown signal, and the calls it does not support. */
function monitorInfo(opts: MonitorOptions, seen: MonitorSeen, handle: Handle): Record<string, unknown> {
    const { resource, empty } = opts.sdk;
    return {
        getDeploymentInfo: handle(async () => {
            const info = new resource.DeploymentInfo();
            info.setProject(opts.project);
            info.setStack(opts.stack);
            info.setOrganization("organization");
            info.setConfigsecretkeysList(opts.configSecretKeys);
            info.setDryrun(opts.dryRun);
            info.setParallel(opts.parallel);
            // Secrets keep their marking end to end. Resource references stay off so the SDK sends
            // plain ids/URNs, which is what dynamic providers (acceptResources=false) receive anyway.
            info.setSupportedfeaturesList([resource.ResourceMonitorFeature.RESOURCE_MONITOR_FEATURE_SECRETS]);
            return info;
        }),
        supportsFeature: handle(async (req) => {
            const resp = new resource.SupportsFeatureResponse();
            resp.setHassupport(req.getId() === "secrets");
            return resp;
        }),
        signalAndWaitForShutdown: handle(async () => {
            seen.signaled = true;
            await opts.onShutdown();
            return new empty.Empty();
        }),
        invoke: handle(async (req) => {
            throw new Error(`engine driver: invoke '${req.getTok()}' is not supported (only dynamic resources are)`);
        }),
        call: handle(async (req) => {
            throw new Error(`engine driver: call '${req.getTok()}' is not supported`);
        }),
    };
}

/** ResourceMonitor: registrations, outputs and reads, answered by the Deployment; every value is observed for secrets. */
function registrations(opts: MonitorOptions, handle: Handle): Record<string, unknown> {
    const { resource, struct, empty } = opts.sdk;
    return {
        registerResource: handle(async (req) => {
            const reg = toRegistration(req, opts.project, opts.stack);
            opts.observe?.(reg.object);
            const reply = await opts.deployment.register(reg);
            opts.observe?.(reply.outputs);
            const resp = new resource.RegisterResourceResponse();
            resp.setUrn(reply.urn);
            resp.setId(reply.id);
            resp.setObject(struct.Struct.fromJavaScript(jsonSafe(reply.outputs)));
            resp.setResult(resource.Result.SUCCESS);
            return resp;
        }),
        registerResourceOutputs: handle(async (req) => {
            const outputs = req.getOutputs()?.toJavaScript() ?? {};
            opts.observe?.(outputs);
            opts.deployment.registerOutputs(req.getUrn(), outputs);
            return new empty.Empty();
        }),
        readResource: handle(async (req) => {
            const readReg = toReadRegistration(req, opts.project, opts.stack);
            opts.observe?.(readReg.object);
            const reply = await opts.deployment.read(readReg);
            opts.observe?.(reply.outputs);
            const resp = new resource.ReadResourceResponse();
            resp.setUrn(reply.urn);
            resp.setProperties(struct.Struct.fromJavaScript(jsonSafe(reply.outputs)));
            return resp;
        }),
    };
}

/** Engine: the program's log messages and its root resource. */
function engineService(opts: MonitorOptions, seen: MonitorSeen, handle: Handle): Record<string, unknown> {
    const { engine, empty } = opts.sdk;
    return {
        log: handle(async (req) => {
            seen.lastLogAt = Date.now();
            opts.onLog(SEVERITY[req.getSeverity()] ?? "info", req.getMessage(), req.getUrn());
            return new empty.Empty();
        }),
        getRootResource: handle(async () => {
            const resp = new engine.GetRootResourceResponse();
            resp.setUrn(seen.rootUrn);
            return resp;
        }),
        setRootResource: handle(async (req) => {
            seen.rootUrn = req.getUrn();
            return new engine.SetRootResourceResponse();
        }),
    };
}

/** Resolves once `lastActivity()` is `quietMs` in the past, or after `maxMs`. */
async function logsSettled(lastActivity: () => number, quietMs: number, maxMs: number): Promise<void> {
    const deadline = Date.now() + maxMs;
    for (;;) {
        const wait = lastActivity() + quietMs - Date.now();
        if (wait <= 0 || Date.now() >= deadline) return;
        await new Promise((resolve) => setTimeout(resolve, Math.min(wait, deadline - Date.now())));
    }
}

/** Graceful shutdown, forced after a second. */
function shutdown(server: any): Promise<void> {
    return new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
            server.forceShutdown();
            resolve();
        }, 1000);
        server.tryShutdown(() => {
            clearTimeout(timer);
            resolve();
        });
    });
}

/** URN as the engine builds it: a child's type is qualified with its parent's unless the parent is the stack. */
export function makeUrn(project: string, stack: string, type: string, name: string, parentUrn: string): string {
    let qualified = type;
    const parentQualified = parentUrn ? (parentUrn.split("::")[2] ?? "") : "";
    if (parentQualified && parentQualified !== STACK_TYPE) qualified = `${parentQualified}$${type}`;
    return `urn:pulumi:${stack}::${project}::${qualified}::${name}`;
}

function toRegistration(req: any, project: string, stack: string): Registration {
    const type: string = req.getType();
    const name: string = req.getName();
    const parent: string = req.getParent();
    const propertyDependencies: Record<string, string[]> = {};
    req.getPropertydependenciesMap().forEach((v: any, k: string) => (propertyDependencies[k] = v.getUrnsList()));
    return {
        urn: makeUrn(project, stack, type, name, type === STACK_TYPE ? "" : parent),
        type,
        name,
        parent,
        custom: req.getCustom(),
        object: req.getObject()?.toJavaScript() ?? {},
        dependencies: req.getDependenciesList(),
        propertyDependencies,
        deleteBeforeReplace: req.getDeletebeforereplace(),
        protect: req.getProtect() === true,
        retainOnDelete: req.getRetainondelete() === true,
        additionalSecretOutputs: req.getAdditionalsecretoutputsList(),
        ignoreChanges: req.getIgnorechangesList(),
        replaceOnChanges: req.getReplaceonchangesList(),
        provider: req.getProvider(),
    };
}

function toReadRegistration(req: any, project: string, stack: string): ReadRegistration {
    const type: string = req.getType();
    const name: string = req.getName();
    const parent: string = req.getParent();
    return {
        urn: makeUrn(project, stack, type, name, parent),
        type,
        name,
        parent,
        id: req.getId(),
        object: req.getProperties()?.toJavaScript() ?? {},
        dependencies: req.getDependenciesList(),
        additionalSecretOutputs: req.getAdditionalsecretoutputsList(),
        provider: req.getProvider(),
    };
}

/** Struct.fromJavaScript rejects `undefined`; the engine never sends it either. */
function jsonSafe(v: Record<string, unknown>): Record<string, unknown> {
    return JSON.parse(JSON.stringify(v));
}
