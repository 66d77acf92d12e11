/**
 * Engine driver: runs a Pulumi Node program like `pulumi up|preview|refresh|destroy` would,
 * through @pulumi/pulumi's own program runner (cmd/run) and dynamic-provider host
 * (cmd/dynamic-provider), with state in `<program>/.pulumi-driver/stacks/<stack>.json`.
 * A test and demo tool; see the "Engine driver" section of README.md.
 *
 *   const r = await runPulumi({ cwd: "tests/programs/basic", op: "up", config: { "basic:size": "2" } });
 *   r.exitCode, r.stdout, r.summary, findResource(r.state, "a"), r.rpcLog
 */
export { runPulumi, defaultParallel, FAILED_EXIT_CODE } from "./run";
export type {
    Operation,
    ConfigValue,
    ProviderMethod,
    RunOptions,
    RunResult,
    RpcLogEntry,
    StepOp,
    StepRecord,
    StepSummary,
    StateResource,
    PendingOperation,
    Checkpoint,
    EncryptedSecret,
} from "./types";
export { readCheckpoint, findResource, resourcesOfType, statePathFor, stateDirFor, keyPathFor, isEncryptedSecret, urnName, DEFAULT_STACK } from "./state";
export type { StackLocation } from "./state";
export { readPlainState } from "./plain-state";
export { isSecret, unwrapSecrets, UNKNOWN, SIG_KEY, SECRET_SIG, PROVIDER_KEY } from "./values";
