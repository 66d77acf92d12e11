/**
 * Public types of the engine driver (tools/engine). Tests, the demo, the benchmarks and the
 * reliability suite code against these; keep them stable and extend compatibly.
 */

/** The Pulumi CLI operation to run. */
export type Operation = "up" | "preview" | "refresh" | "destroy";

/** A config value: plain, or secret (kept secret in the program, the state and the output). */
export type ConfigValue = string | { secret: string };

/** The provider RPCs the driver makes to the dynamic-provider host. */
export type ProviderMethod = "Configure" | "Check" | "Diff" | "Create" | "Read" | "Update" | "Delete";

export interface RunOptions {
    /** Directory holding Pulumi.yaml (and the program's package.json). */
    cwd: string;
    op: Operation;
    /** Stack name; default "dev". */
    stack?: string;
    /** Read every resource before computing changes (`--refresh`); up and preview only. */
    refresh?: boolean;
    /** At most this many provider steps (Create/Update/Delete/Read) at once; default PULUMI_PARALLEL or 4 x CPUs. */
    parallel?: number;
    /** Added to the environment of the program and of the provider host (e.g. TENCENTCLOUD_ENDPOINT). */
    env?: Record<string, string | undefined>;
    /** `project:key` / `namespace:key` → value; merged over Pulumi.<stack>.yaml (these win). */
    config?: Record<string, ConfigValue>;
    /** Where stack state lives; default `<cwd>/.pulumi-driver`. The state file is `<stateDir>/stacks/<stack>.json`. */
    stateDir?: string;
    /** Type-check a TypeScript program (ts-node without transpile-only); default false for speed. */
    typecheck?: boolean;
    /** Show debug-level log messages from the program and the provider. */
    verbose?: boolean;
    /** Stream the printed output while running (the CLI sets this). Default: collect only. */
    echo?: boolean | { write(chunk: string): unknown };
    /** Called with the dynamic-provider host's pid as soon as it is started. */
    onProviderHost?: (pid: number) => void;
    /** SIGKILL the provider host once the `count`-th call of `method` has been sent (+ delayMs). */
    killProviderHostAfter?: { method: ProviderMethod; count: number; delayMs?: number };
    /** Called when a provider RPC starts (`entry.done === false`) and again when it ends. */
    onRpc?: (entry: RpcLogEntry) => void;
    /** Kill the program and fail the run after this long; default 10 minutes. */
    timeoutMs?: number;
}

/** One provider RPC made during a run (in start order). */
export interface RpcLogEntry {
    seq: number;
    method: ProviderMethod;
    urn?: string;
    id?: string;
    /** false while the call is in flight (only seen by `onRpc`). */
    done: boolean;
    ok?: boolean;
    error?: string;
    durationMs?: number;
    /** For Diff: what the provider answered. */
    diff?: { changes: "none" | "some" | "unknown"; replaces: string[]; deleteBeforeReplace: boolean };
    /** For Read: whether the resource still exists. */
    found?: boolean;
}

/** What happened (or would happen, in preview) to one resource. */
/**
 * `read`: an existing object read by id (`Resource.get`, ReadResource); `discard`: such a resource
 * leaving the state without a Delete. Neither is counted in the summary.
 */
export type StepOp = "create" | "update" | "replace" | "delete" | "same" | "refresh" | "read-delete" | "read" | "discard";

export interface StepRecord {
    urn: string;
    type: string;
    name: string;
    op: StepOp;
    /** Changed top-level fields, prefixed `~` changed, `+` added, `-` removed (as in `[diff: ...]`). */
    diff: string[];
    /** Fields the provider said force replacement. */
    replaces?: string[];
    deleteBeforeReplace?: boolean;
    ok: boolean;
    error?: string;
}

/** Counts of resources by outcome, as in the printed `Resources:` line (the stack counts too, as in Pulumi). */
export interface StepSummary {
    create: number;
    update: number;
    replace: number;
    delete: number;
    same: number;
    failed: number;
}

/** Secret value in the checkpoint (Pulumi's sig + ciphertext). */
export interface EncryptedSecret {
    "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270";
    ciphertext: string;
}

/** One resource in the checkpoint (Pulumi's apitype.ResourceV3 subset). */
export interface StateResource {
    urn: string;
    custom: boolean;
    /** true: the old copy of a resource replaced with create-before-delete, still to be deleted. */
    delete?: boolean;
    id?: string;
    type: string;
    inputs: Record<string, unknown>;
    outputs: Record<string, unknown>;
    parent?: string;
    dependencies: string[];
    propertyDependencies: Record<string, string[]>;
    additionalSecretOutputs?: string[];
    deleteBeforeReplace?: boolean;
    /** `protect: true`: the driver refuses to delete it (as Pulumi does). */
    protect?: boolean;
    /** `retainOnDelete: true`: removed from state without calling the provider's Delete. */
    retainOnDelete?: boolean;
    /** Read by id (`Resource.get`), not owned by the stack: never deleted, only dropped from state. */
    external?: boolean;
    initErrors?: string[];
    created?: string;
    modified?: string;
}

export interface PendingOperation {
    resource: StateResource;
    type: "creating" | "updating" | "deleting" | "reading";
}

/** The stack state file, shaped like `pulumi stack export` (version 3). */
export interface Checkpoint {
    version: 3;
    deployment: {
        manifest: { time: string; magic: string; version: string };
        secrets_providers: { type: string; state: Record<string, unknown> };
        resources: StateResource[];
        pending_operations?: PendingOperation[];
    };
}

export interface RunResult {
    /** 0 on success; non-zero when the program or any step failed. */
    exitCode: number;
    /** What the CLI would print (resource lines, diagnostics, outputs, summary). */
    stdout: string;
    /** Raw stderr of the program and the provider host, and driver failures. */
    stderr: string;
    statePath: string;
    /** The checkpoint as written to disk (secrets encrypted). For preview: the unchanged state. */
    state: Checkpoint;
    summary: StepSummary;
    steps: StepRecord[];
    /** Every provider RPC made, in start order. */
    rpcLog: RpcLogEntry[];
    /** Stack outputs in plaintext (secrets decrypted; unknown values in preview as undefined). */
    outputs: Record<string, unknown>;
    /** Names of stack outputs that are secret. */
    secretOutputs: string[];
    /** pid of the dynamic-provider host, if one was started. */
    providerHostPid?: number;
    durationMs: number;
}
