/**
 * Step planner and executor: turns registrations into provider steps the way the Pulumi engine
 * does (pkg/resource/deploy/step_generator.go, step_executor.go):
 *
 * - Check then Diff, one resource at a time (a global lock, like the engine's single step
 *   generator); Create/Update/Delete/Read on a pool of at most `parallel` workers.
 * - Diff says none → same; some → update; replaces → replace (create-before-delete unless the
 *   resource or the provider asks for deleteBeforeReplace; the replaced original is deleted with
 *   the other deletes at the end); unknown → compare old and new inputs.
 * - Resources not registered by the program are deleted once the program signals shutdown,
 *   dependents before their dependencies. Destroy deletes everything in that order.
 * - The provider never sees secrets (the host answers acceptSecrets=false): they are unwrapped
 *   before each call and outputs are marked secret again from the inputs and additionalSecretOutputs.
 * - State is persisted after every step; a step in flight is recorded as a pending operation.
 */
import type { DiffResult, ProviderHost } from "./provider-host";
import { ProviderCallError } from "./provider-host";
import type { Printer } from "./output";
import type { Operation, PendingOperation, StateResource, StepOp, StepRecord, StepSummary } from "./types";
import { changedKeys, deepEqual, PROVIDER_KEY, Props, remarkSecrets, UNKNOWN, unwrapSecrets } from "./values";
import { urnName } from "./state";

export const DYNAMIC_TYPE = "pulumi-nodejs:dynamic:Resource";

/** `pulumi-nodejs:dynamic:Resource`, or `pulumi-nodejs:dynamic/<module>:<type>` when a module/type was given. */
export function isDynamicType(type: string): boolean {
    return type === DYNAMIC_TYPE || /^pulumi-nodejs:dynamic\/[^:]+:[^:]+$/.test(type);
}
export const STACK_TYPE = "pulumi:pulumi:Stack";

export interface Registration {
    urn: string;
    type: string;
    name: string;
    parent: string;
    custom: boolean;
    object: Props;
    dependencies: string[];
    propertyDependencies: Record<string, string[]>;
    deleteBeforeReplace: boolean;
    protect: boolean;
    retainOnDelete: boolean;
    additionalSecretOutputs: string[];
    ignoreChanges: string[];
    replaceOnChanges: string[];
    provider: string;
}

/** ReadResource (`Resource.get(name, id)`): an existing object to read by id, never owned by the stack. */
export interface ReadRegistration {
    urn: string;
    type: string;
    name: string;
    parent: string;
    id: string;
    /** The program's properties: the inputs the provider's Read gets (with `__provider`). */
    object: Props;
    dependencies: string[];
    additionalSecretOutputs: string[];
    provider: string;
}

export interface RegisterReply {
    urn: string;
    id: string;
    outputs: Props;
}

export interface DeploymentContext {
    op: Operation;
    dryRun: boolean;
    parallel: number;
    /** Old state, secrets decrypted in memory (wrapped as `{sig, value}`). */
    resources: StateResource[];
    pendingOperations: PendingOperation[];
    host(): Promise<ProviderHost>;
    printer: Printer;
    /** Called after every change of state; writes the checkpoint (a no-op in preview). */
    persist(resources: StateResource[], pending: PendingOperation[]): void;
}

/** A step failed; the registration that caused it is answered with UNAVAILABLE, like a cancelled engine. */
export class StepFailedError extends Error {}

/** The provider's Check returned failures (bad inputs): reported before any step is planned. */
export class CheckFailedError extends Error {}

/** Runs at most `n` tasks at once. */
export class Limiter {
    private active = 0;
    private readonly queue: (() => void)[] = [];
    constructor(private readonly n: number) {}
    async run<T>(task: () => Promise<T>): Promise<T> {
        if (this.active >= this.n) await new Promise<void>((resolve) => this.queue.push(resolve));
        this.active++;
        try {
            return await task();
        } finally {
            this.active--;
            this.queue.shift()?.();
        }
    }
}

/** What Check and Diff decided for one registration. */
interface PlannedStep {
    op: StepOp;
    /** Changed input keys, as the diff shows them. */
    keys: string[];
    replaces: string[];
    /** Delete before replace. */
    dbr: boolean;
}

/** A resource's state entry before the step gives it an id, outputs and times. */
type StateBase = Omit<StateResource, "outputs">;

const nowIso = (): string => new Date().toISOString();

/** The step an existing resource's Diff calls for, with the program's replaceOnChanges and the engine's rules. */
function plannedStep(reg: Registration, old: StateResource, diff: DiffResult, oldInputs: Props, checked: Props): PlannedStep {
    const keys = changedKeys(oldInputs, checked);
    let changed = diff.changes === "some" || (diff.changes === "unknown" && !deepEqual(oldInputs, checked));
    let replaces = diff.replaces;
    const forced = reg.replaceOnChanges.filter((k) => keys.some((c) => c.slice(1) === k) || (k === "*" && keys.length > 0));
    if (forced.length > 0) {
        changed = true;
        replaces = [...new Set([...replaces, ...forced])];
    }
    // A resource whose last create/update did not initialize gets another Update (as in the engine).
    if ((old.initErrors?.length ?? 0) > 0) changed = true;
    const op: StepOp = !changed && replaces.length === 0 ? "same" : replaces.length > 0 ? "replace" : "update";
    return { op, keys, replaces, dbr: reg.deleteBeforeReplace || diff.deleteBeforeReplace };
}

/** The registration's state entry, around the inputs as the engine stores them. */
function stateBase(reg: Registration, inputs: Props): StateBase {
    return {
        urn: reg.urn,
        custom: true,
        type: reg.type,
        inputs,
        ...(reg.parent ? { parent: reg.parent } : {}),
        dependencies: reg.dependencies,
        propertyDependencies: reg.propertyDependencies,
        ...(reg.additionalSecretOutputs.length ? { additionalSecretOutputs: reg.additionalSecretOutputs } : {}),
        ...(reg.deleteBeforeReplace ? { deleteBeforeReplace: true } : {}),
        ...(reg.protect ? { protect: true } : {}),
        ...(reg.retainOnDelete ? { retainOnDelete: true } : {}),
    };
}

export class Deployment {
    readonly steps: StepRecord[] = [];
    readonly summary: StepSummary = { create: 0, update: 0, replace: 0, delete: 0, same: 0, failed: 0 };
    /** Set once any step failed: no new steps start (the engine cancels the deployment). */
    failed = false;
    stackOutputs: Props = {};
    stackUrn = "";

    /** Old resources by URN (live ones; old copies pending deletion are in `replacedOriginals`). */
    private readonly olds = new Map<string, StateResource>();
    /** Resources this run registered or refreshed, in completion order (the new snapshot's head). */
    private readonly touched = new Map<string, StateResource>();
    private readonly deletedOlds = new Set<string>();
    private readonly replacedOriginals: StateResource[] = [];
    private readonly pending = new Set<PendingOperation>();
    private readonly registered = new Set<string>();
    private readonly checkDiffLock = new Limiter(1);
    private readonly workers: Limiter;
    private readonly inflight = new Set<Promise<unknown>>();
    private readonly components = new Set<string>();
    private stackCreated = false;

    constructor(private readonly ctx: DeploymentContext) {
        this.workers = new Limiter(Math.max(1, ctx.parallel));
        for (const r of ctx.resources) {
            if (r.delete) this.replacedOriginals.push(r);
            else this.olds.set(r.urn, r);
        }
    }

    /** The state as it stands now: touched resources, then untouched old ones, then originals awaiting deletion. */
    snapshot(): StateResource[] {
        const rest = [...this.olds.values()].filter((r) => !this.touched.has(r.urn) && !this.deletedOlds.has(r.urn));
        return [...this.touched.values(), ...rest, ...this.replacedOriginals.filter((r) => r.delete)];
    }

    private persist(): void {
        this.ctx.persist(this.snapshot(), [...this.pending]);
    }

    /** Waits for every step in flight (the program may exit while steps still run). */
    async drain(): Promise<void> {
        while (this.inflight.size > 0) await Promise.allSettled([...this.inflight]);
    }

    private track<T>(p: Promise<T>): Promise<T> {
        this.inflight.add(p);
        p.finally(() => this.inflight.delete(p)).catch(() => undefined);
        return p;
    }

    // ----- registrations (up / preview) -----

    register(reg: Registration): Promise<RegisterReply> {
        return this.track(this.registerInner(reg));
    }

    private async registerInner(reg: Registration): Promise<RegisterReply> {
        if (this.failed) throw new StepFailedError("the deployment was cancelled after an earlier failure");
        if (this.registered.has(reg.urn)) throw new Error(`Duplicate resource URN '${reg.urn}'; try giving it a unique name`);
        this.registered.add(reg.urn);
        if (reg.type === STACK_TYPE) this.stackUrn = reg.urn;
        const old = this.olds.get(reg.urn);
        if (!reg.custom) return this.registerComponent(reg, old);
        if (!runsHere(reg)) return this.fail(reg.urn, reg.type, "create", [], notDynamic(reg.type));
        // A resource read with .get before and now managed is created (the read state is just replaced).
        return this.registerDynamic(reg, old?.external ? undefined : old);
    }

    /**
     * ReadResource, as the engine's ReadStep: Read(id, inputs = state = the program's properties),
     * in preview too; the result is recorded as an external resource, which is never deleted.
     */
    read(reg: ReadRegistration): Promise<RegisterReply> {
        return this.track(this.readInner(reg));
    }

    private async readInner(reg: ReadRegistration): Promise<RegisterReply> {
        if (this.failed) throw new StepFailedError("the deployment was cancelled after an earlier failure");
        if (this.registered.has(reg.urn)) throw new Error(`Duplicate resource URN '${reg.urn}'; try giving it a unique name`);
        this.registered.add(reg.urn);
        if (!runsHere(reg)) return this.fail(reg.urn, reg.type, "read", [], notDynamic(reg.type));
        const old = this.olds.get(reg.urn);
        if (old && !old.external) {
            // The engine would replace the managed object with the read one and delete it; refuse instead.
            return this.fail(
                reg.urn,
                reg.type,
                "read",
                [],
                new Error(`resource '${reg.name}' is managed by this stack; to read object ${reg.id} with .get, give it another name`),
            );
        }
        if (reg.id === UNKNOWN) return { urn: reg.urn, id: reg.id, outputs: {} }; // preview: the id is not known yet
        const printer = this.ctx.printer;
        const started = Date.now();
        try {
            const host = await this.ctx.host();
            if (!this.ctx.dryRun) printer.step("read", reg.type, reg.name, "reading");
            const inputs = unwrapSecrets(reg.object);
            const read = await this.workers.run(() => host.read(reg.urn, reg.id, inputs, inputs));
            if (read.id === "") throw new Error(`resource '${reg.id}' does not exist`);
            const now = new Date().toISOString();
            const res: StateResource = {
                urn: reg.urn,
                custom: true,
                external: true,
                id: read.id,
                type: reg.type,
                inputs: reg.object,
                outputs: remarkSecrets(read.outs, [reg.object], reg.additionalSecretOutputs),
                ...(reg.parent ? { parent: reg.parent } : {}),
                dependencies: reg.dependencies,
                propertyDependencies: {},
                ...(reg.additionalSecretOutputs.length ? { additionalSecretOutputs: reg.additionalSecretOutputs } : {}),
                created: old?.created ?? now,
                modified: old && deepEqual(unwrapSecrets(old.outputs), read.outs) ? old.modified : now,
            };
            this.touched.set(reg.urn, res);
            this.persist();
            printer.step("read", reg.type, reg.name, "read", this.ctx.dryRun ? {} : { seconds: (Date.now() - started) / 1000 });
            this.record(reg.urn, reg.type, "read", [], true);
            return { urn: reg.urn, id: res.id!, outputs: res.outputs };
        } catch (err) {
            return this.fail(reg.urn, reg.type, "read", [], err);
        }
    }

    /**
     * Called once the run is over. A first `up` whose every real resource failed created nothing
     * worth counting: the stack resource it registered is not reported as "1 created".
     */
    settleSummary(): void {
        if (!this.failed || !this.stackCreated) return;
        const realOk = this.steps.some((s) => s.ok && !this.components.has(s.urn));
        if (!realOk && this.summary.create > 0) {
            this.summary.create--;
            this.stackCreated = false;
        }
    }

    private registerComponent(reg: Registration, old: StateResource | undefined): RegisterReply {
        this.components.add(reg.urn);
        if (!old && reg.type === STACK_TYPE) this.stackCreated = true;
        const now = new Date().toISOString();
        const res: StateResource = {
            urn: reg.urn,
            custom: false,
            type: reg.type,
            inputs: {},
            outputs: old?.outputs ?? {},
            ...(reg.parent ? { parent: reg.parent } : {}),
            dependencies: reg.dependencies,
            propertyDependencies: reg.propertyDependencies,
            created: old?.created ?? now,
            modified: old?.modified ?? now,
        };
        this.record(reg.urn, reg.type, old ? "same" : "create", [], true);
        if (!old) this.ctx.printer.step("create", reg.type, reg.name, this.ctx.dryRun ? "create" : "created");
        this.touched.set(reg.urn, res);
        this.persist();
        return { urn: reg.urn, id: "", outputs: {} };
    }

    /** RegisterResourceOutputs: outputs of a component or the stack (the stack's are the stack outputs). */
    registerOutputs(urn: string, outputs: Props): void {
        const res = this.touched.get(urn);
        if (urn === this.stackUrn) this.stackOutputs = outputs;
        if (res) {
            res.outputs = outputs;
            this.persist();
        }
    }

    private async registerDynamic(reg: Registration, old: StateResource | undefined): Promise<RegisterReply> {
        const host = await this.ctx.host();
        let checked: Props;
        let step: PlannedStep;
        try {
            ({ checked, step } = await this.checkDiffLock.run(() => this.checkAndDiff(host, reg, old)));
        } catch (err) {
            // Check (or Diff) failed: no step was planned, so the row says what failed, not "updating".
            const failedCall = err instanceof CheckFailedError || (err instanceof ProviderCallError && err.method === "Check") ? "checking" : "diffing";
            return this.fail(reg.urn, reg.type, old ? "update" : "create", [], err, { verb: failedCall, symbol: old ? "same" : "create" });
        }
        // Inputs as the engine stores them: the checked inputs, secret where the program's were.
        const base = stateBase(reg, remarkSecrets(checked, [reg.object]));
        if (step.op === "replace" && old!.protect && reg.protect) {
            const err = new Error(`resource ${reg.urn} is protected and cannot be replaced; set protect: false, run up, then change it`);
            return this.fail(reg.urn, reg.type, "replace", step.keys, err);
        }
        if (step.op === "same") return this.keepSame(reg, base, old!);
        if (this.ctx.dryRun) return this.previewStep(reg, step, old, base.inputs);
        try {
            return await this.applyStep(host, reg, step, old, base);
        } catch (err) {
            return this.fail(reg.urn, reg.type, step.op, step.keys, err);
        }
    }

    /** Check, then (for an existing resource) Diff: the checked inputs and the step they call for. */
    private async checkAndDiff(host: ProviderHost, reg: Registration, old: StateResource | undefined): Promise<{ checked: Props; step: PlannedStep }> {
        const oldInputs = old ? unwrapSecrets(old.inputs) : {};
        const plainNews = unwrapSecrets(reg.object);
        for (const key of reg.ignoreChanges) {
            if (old && key in oldInputs) plainNews[key] = oldInputs[key];
        }
        const check = await host.check(reg.urn, oldInputs, plainNews);
        if (check.failures.length > 0) {
            const reasons = check.failures.map((f) => (f.property ? `${f.property}: ${f.reason}` : f.reason));
            throw new CheckFailedError(`${reg.type} resource '${reg.name}' has a problem: ${reasons.join("; ")}`);
        }
        const checked = check.inputs;
        if (!old) return { checked, step: { op: "create", keys: [], replaces: [], dbr: false } };
        const diff = await host.diff(reg.urn, old.id ?? "", unwrapSecrets(old.outputs), checked, oldInputs);
        return { checked, step: plannedStep(reg, old, diff, oldInputs, checked) };
    }

    private keepSame(reg: Registration, base: StateBase, old: StateResource): RegisterReply {
        const res: StateResource = { ...base, id: old.id, outputs: old.outputs, created: old.created, modified: old.modified };
        this.touched.set(reg.urn, res);
        this.record(reg.urn, reg.type, "same", [], true);
        this.persist();
        return { urn: reg.urn, id: old.id ?? "", outputs: old.outputs };
    }

    private previewStep(reg: Registration, step: PlannedStep, old: StateResource | undefined, inputs: Props): RegisterReply {
        this.ctx.printer.step(step.op, reg.type, reg.name, step.op, {
            diff: step.keys,
            note: step.op === "replace" && step.dbr ? "(delete before replace)" : undefined,
        });
        this.record(reg.urn, reg.type, step.op, step.keys, true, step.replaces, step.dbr);
        // Without a provider preview the engine's planned outputs are the inputs: output-only
        // properties (and the id of a new object) are unknown to the program.
        return { urn: reg.urn, id: step.op === "update" ? (old!.id ?? "") : "", outputs: inputs };
    }

    /** Create, update or replace, printed as the CLI does. */
    private async applyStep(host: ProviderHost, reg: Registration, step: PlannedStep, old: StateResource | undefined, base: StateBase): Promise<RegisterReply> {
        const printer = this.ctx.printer;
        const started = Date.now();
        const secs = () => (Date.now() - started) / 1000;
        let res: StateResource;
        if (step.op === "create") {
            printer.step("create", reg.type, reg.name, "creating");
            res = await this.createStep(host, base, reg.additionalSecretOutputs, nowIso());
            printer.step("create", reg.type, reg.name, "created", { seconds: secs() });
            this.record(reg.urn, reg.type, "create", [], true);
        } else if (step.op === "update") {
            printer.step("update", reg.type, reg.name, "updating", { diff: step.keys });
            res = await this.updateStep(host, old!, base, reg.additionalSecretOutputs, nowIso());
            printer.step("update", reg.type, reg.name, "updated", { seconds: secs(), diff: step.keys });
            this.record(reg.urn, reg.type, "update", step.keys, true);
        } else {
            res = await this.replaceStep(host, reg, step, old!, base, secs);
        }
        return { urn: reg.urn, id: res.id ?? "", outputs: res.outputs };
    }

    /** Delete first (deleteBeforeReplace), or create first with the original deleted with the other deletes at the end. */
    private async replaceStep(
        host: ProviderHost,
        reg: Registration,
        step: PlannedStep,
        old: StateResource,
        base: StateBase,
        secs: () => number,
    ): Promise<StateResource> {
        const printer = this.ctx.printer;
        if (step.dbr) {
            printer.step("delete-replaced", reg.type, reg.name, "deleting original", { diff: step.keys });
            await this.deleteStep(host, old);
            printer.step("delete-replaced", reg.type, reg.name, "deleted original", { seconds: secs() });
        }
        printer.step("create-replacement", reg.type, reg.name, "creating replacement", { diff: step.keys });
        const res = await this.createStep(host, base, reg.additionalSecretOutputs, nowIso());
        if (!step.dbr) {
            // The original stays in state, marked for deletion, until the deletes at the end.
            this.replacedOriginals.push({ ...old, delete: true });
            this.deletedOlds.add(old.urn);
            this.persist();
        }
        printer.step("replace", reg.type, reg.name, "replaced", { seconds: secs(), diff: step.keys });
        this.record(reg.urn, reg.type, "replace", step.keys, true, step.replaces, step.dbr);
        return res;
    }

    private async createStep(host: ProviderHost, base: Omit<StateResource, "outputs">, aso: string[], time: string): Promise<StateResource> {
        const pending: PendingOperation = { type: "creating", resource: { ...base, outputs: {} } };
        return this.withPending(pending, async () => {
            try {
                const { id, outs } = await host.create(base.urn, unwrapSecrets(base.inputs));
                const res: StateResource = { ...base, id, outputs: remarkSecrets(outs, [base.inputs], aso), created: time, modified: time };
                this.touched.delete(base.urn);
                this.touched.set(base.urn, res);
                return res;
            } catch (err) {
                if (err instanceof ProviderCallError && err.initFailed?.id) {
                    // Created but not initialized: keep it in state so it is not leaked (the engine does the same).
                    const { id, properties, reasons } = err.initFailed;
                    const res: StateResource = {
                        ...base,
                        id,
                        outputs: remarkSecrets(properties, [base.inputs], aso),
                        initErrors: reasons,
                        created: time,
                        modified: time,
                    };
                    this.touched.set(base.urn, res);
                }
                throw err;
            }
        });
    }

    private async updateStep(
        host: ProviderHost,
        old: StateResource,
        base: Omit<StateResource, "outputs">,
        aso: string[],
        time: string,
    ): Promise<StateResource> {
        const pending: PendingOperation = { type: "updating", resource: { ...old } };
        return this.withPending(pending, async () => {
            const keep = (outs: Props, initErrors?: string[]): StateResource => {
                const res: StateResource = {
                    ...base,
                    id: old.id,
                    outputs: remarkSecrets(outs, [base.inputs], aso),
                    ...(initErrors ? { initErrors } : {}),
                    created: old.created,
                    modified: time,
                };
                this.touched.delete(base.urn);
                this.touched.set(base.urn, res);
                return res;
            };
            try {
                return keep(await host.update(base.urn, old.id ?? "", unwrapSecrets(old.outputs), unwrapSecrets(base.inputs), unwrapSecrets(old.inputs)));
            } catch (err) {
                // Applied but not initialized: the engine keeps the new inputs and outputs with the
                // init errors (the next up retries the update), rather than the stale old state.
                if (err instanceof ProviderCallError && err.initFailed) keep(err.initFailed.properties, err.initFailed.reasons);
                throw err;
            }
        });
    }

    private async deleteStep(host: ProviderHost, old: StateResource): Promise<void> {
        const pending: PendingOperation = { type: "deleting", resource: { ...old } };
        await this.withPending(pending, async () => {
            if (old.custom && old.id !== undefined && old.id !== "" && !old.retainOnDelete && !old.external) {
                await host.delete(old.urn, old.id, unwrapSecrets(old.outputs), unwrapSecrets(old.inputs));
            }
            this.markDeleted(old);
        });
    }

    private markDeleted(old: StateResource): void {
        if (old.delete) {
            const i = this.replacedOriginals.indexOf(old);
            if (i >= 0) this.replacedOriginals.splice(i, 1);
        } else {
            this.deletedOlds.add(old.urn);
            if (this.touched.get(old.urn) === old) this.touched.delete(old.urn);
        }
    }

    /** Runs a provider step on a worker, recorded as a pending operation in state while it runs. */
    private withPending<T>(op: PendingOperation, step: () => Promise<T>): Promise<T> {
        return this.workers.run(async () => {
            this.pending.add(op);
            this.persist();
            try {
                return await step();
            } finally {
                this.pending.delete(op);
                this.persist();
            }
        });
    }

    private record(urn: string, type: string, op: StepOp, diff: string[], ok: boolean, replaces?: string[], dbr?: boolean, error?: string): void {
        this.steps.push({
            urn,
            type,
            name: urnName(urn),
            op,
            diff,
            ok,
            ...(replaces ? { replaces } : {}),
            ...(dbr !== undefined ? { deleteBeforeReplace: dbr } : {}),
            ...(error ? { error } : {}),
        });
        const refreshStep = op === "refresh" || op === "read-delete";
        if (refreshStep && this.ctx.op !== "refresh") return; // the refresh phase of up/preview --refresh is not in the summary
        if (!ok) this.summary.failed++;
        else if (op === "read" || op === "discard") return;
        else if (op === "read-delete") this.summary.delete++;
        else if (op === "refresh") diff.length > 0 ? this.summary.update++ : this.summary.same++;
        else this.summary[op as keyof StepSummary]++;
    }

    private fail(urn: string, type: string, op: StepOp, diff: string[], err: unknown, shown?: { verb: string; symbol: string }): never {
        const message = err instanceof Error ? err.message : String(err);
        const verb =
            shown?.verb ??
            {
                create: "creating",
                update: "updating",
                replace: "replacing",
                delete: "deleting",
                same: "checking",
                refresh: "refreshing",
                "read-delete": "refreshing",
                read: "reading",
                discard: "discarding",
            }[op];
        this.ctx.printer.step(shown?.symbol ?? (op === "read-delete" ? "refresh" : op), type, urnName(urn), `**${verb} failed**`, { diff });
        this.ctx.printer.error(message, `${type} ${urnName(urn)}`);
        this.record(urn, type, op, diff, false, undefined, undefined, message);
        this.failed = true;
        this.persist();
        throw new StepFailedError(message);
    }

    // ----- deletes (end of up / preview, and destroy) -----

    /** Deletes (or, in preview, lists) old resources the program did not register, and replaced originals. */
    async deleteUnregistered(): Promise<void> {
        await this.drain();
        if (this.failed) return;
        const victims = [...[...this.olds.values()].filter((r) => !this.registered.has(r.urn) && !this.deletedOlds.has(r.urn)), ...this.replacedOriginals];
        await this.deleteInOrder(victims, "unregistered");
    }

    /** destroy: every resource, dependents first. */
    async destroyAll(): Promise<void> {
        await this.deleteInOrder([...this.olds.values(), ...this.replacedOriginals], "all");
    }

    private async deleteInOrder(victims: StateResource[], why: "unregistered" | "all"): Promise<void> {
        if (victims.length === 0) return;
        const dependentsOf = (r: StateResource) =>
            victims.filter(
                (d) =>
                    d !== r &&
                    !(d.urn === r.urn) &&
                    (d.parent === r.urn || d.dependencies.includes(r.urn) || Object.values(d.propertyDependencies ?? {}).some((u) => u.includes(r.urn))),
            );
        // A replaced original goes after its replacement's dependents are done, i.e. with the other deletes.
        const done = new Map<StateResource, Promise<boolean>>();
        const settle = new Map<StateResource, (ok: boolean) => void>();
        for (const r of victims) done.set(r, new Promise<boolean>((resolve) => settle.set(r, resolve)));
        const run = async (r: StateResource): Promise<void> => {
            const deps = await Promise.all(dependentsOf(r).map((d) => done.get(d)!));
            if (deps.some((ok) => !ok) || (this.failed && why === "unregistered")) return settle.get(r)!(false);
            const type = r.type;
            const name = urnName(r.urn);
            const key = r.delete ? "delete-replaced" : "delete";
            if (r.protect && !r.delete) {
                settle.get(r)!(false);
                try {
                    this.fail(r.urn, type, "delete", [], new Error(`resource ${r.urn} is protected; set protect: false and run up before deleting it`));
                } catch {
                    // recorded
                }
                return;
            }
            if (r.external) {
                // Read with .get, not owned: it leaves the state, the object stays (the engine's discard).
                this.ctx.printer.step("discard", type, name, this.ctx.dryRun ? "discard" : "discarded");
                if (!this.ctx.dryRun) (this.markDeleted(r), this.persist());
                this.record(r.urn, type, "discard", [], true);
                return settle.get(r)!(true);
            }
            if (this.ctx.dryRun) {
                this.ctx.printer.step(key, type, name, r.delete ? "delete original" : "delete");
                if (!r.delete) this.record(r.urn, type, "delete", [], true);
                return settle.get(r)!(true);
            }
            try {
                const host = r.custom && r.id && !r.retainOnDelete ? await this.ctx.host() : undefined;
                const started = Date.now();
                this.ctx.printer.step(key, type, name, r.delete ? "deleting original" : "deleting");
                if (host) await this.deleteStep(host, r);
                else (this.markDeleted(r), this.persist());
                this.ctx.printer.step(key, type, name, r.delete ? "deleted original" : "deleted", { seconds: (Date.now() - started) / 1000 });
                if (!r.delete) this.record(r.urn, type, "delete", [], true);
                settle.get(r)!(true);
            } catch (err) {
                settle.get(r)!(false);
                try {
                    this.fail(r.urn, type, "delete", [], err);
                } catch {
                    // recorded; keep deleting what does not depend on it
                }
            }
        };
        await Promise.all(victims.map((r) => this.track(run(r))));
    }

    // ----- refresh -----

    /** Reads every custom resource; gone ones leave the state, changed ones take the read values. */
    async refreshAll(): Promise<void> {
        const resources = [...this.olds.values()];
        await Promise.all(resources.map((r) => this.track(this.refreshOne(r))));
        for (const r of resources) {
            if (!r.custom && !this.touched.has(r.urn) && this.ctx.op === "refresh") this.record(r.urn, r.type, "refresh", [], true);
        }
    }

    private async refreshOne(old: StateResource): Promise<void> {
        if (!old.custom || !old.id) return;
        const name = urnName(old.urn);
        try {
            const host = await this.ctx.host();
            const read = await this.workers.run(() => host.read(old.urn, old.id!, unwrapSecrets(old.outputs), unwrapSecrets(old.inputs)));
            if (read.id === "") {
                this.ctx.printer.step("refresh-gone", old.type, name, "deleted");
                this.record(old.urn, old.type, "read-delete", [], true);
                this.olds.delete(old.urn);
                this.persist();
                return;
            }
            const aso = old.additionalSecretOutputs ?? [];
            const outputs = remarkSecrets(read.outs, [old.outputs, old.inputs], aso);
            const inputs = read.inputs ? remarkSecrets(read.inputs, [old.inputs]) : old.inputs;
            const keys = mergeKeys(changedKeys(old.outputs, outputs), changedKeys(old.inputs, inputs)).filter((k) => k.slice(1) !== PROVIDER_KEY);
            const refreshed: StateResource = { ...old, id: read.id, inputs, outputs, modified: keys.length ? new Date().toISOString() : old.modified };
            this.olds.set(old.urn, refreshed);
            if (keys.length > 0) this.ctx.printer.step("refresh", old.type, name, "refresh", { diff: keys });
            this.record(old.urn, old.type, "refresh", keys, true);
            this.persist();
        } catch (err) {
            try {
                this.fail(old.urn, old.type, "refresh", [], err);
            } catch {
                // recorded
            }
        }
    }
}

/** Only dynamic resources with the default (dynamic) provider run in the driver. */
function runsHere(reg: { type: string; provider: string }): boolean {
    return isDynamicType(reg.type) && (!reg.provider || reg.provider.includes("::pulumi:providers:pulumi-nodejs::"));
}

function notDynamic(type: string): Error {
    return new Error(`the engine driver runs only dynamic resources (pulumi-nodejs:dynamic*); '${type}' needs the real Pulumi CLI and its provider plugin`);
}

function mergeKeys(a: string[], b: string[]): string[] {
    const byName = new Map<string, string>();
    for (const k of [...a, ...b]) if (!byName.has(k.slice(1))) byName.set(k.slice(1), k);
    return [...byName.values()].sort((x, y) => x.slice(1).localeCompare(y.slice(1)));
}
