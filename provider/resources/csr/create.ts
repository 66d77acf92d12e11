/**
 * CsrResource create: CreateCSR without duplicates, and adoption of existing CSRs.
 *
 * CreateCSR is not idempotent and has no client-token parameter. When its answer is lost after
 * the server acted (connection reset, 5xx, timeout, or a provider process killed mid-call), a
 * plain retry leaves a duplicate CSR behind. We prevent that with a client token in the remark:
 *
 * - The resource derives a token from the project, stack and resource name (`clientToken`), and
 *   CreateCSR sends `Remarks = "<remark> [pulumi:<token>]"`. Read strips the marker again, so the
 *   remark users see and diff is their own.
 * - Before creating, the process's DescribeCSRSet listing (taken once, shared with the read cache)
 *   is searched for CSRs carrying the token that no resource of this stack claims: such a CSR is
 *   the orphan of an interrupted earlier run (the engine lost its id). It is adopted when it
 *   matches the inputs (updated first if still ungenerated), and deleted otherwise.
 * - When CreateCSR fails in a way that may have acted (the server erred while handling it, or its
 *   answer was lost), a fresh DescribeCSRSet lookup (Domain filter) finds the CSR the lost attempt
 *   created, which is adopted; only when none turns up is CreateCSR sent again (at most 3 sends).
 * - Retries of failures after which the server provably did not act (throttled, busy, never
 *   sent) belong to the client (tencentcloud/retry.ts), with its backoff, deadline and rate-limiter
 *   feedback; a create that still fails that way fails here without a lookup or another send.
 * - Ids this process created or adopted (`claimed`) and ids of resources in state (`live`, seen
 *   in diff/read/update/delete, which precede any replacement's create) are never adopted, so a
 *   replacement never picks up the CSR it replaces although both carry the same token.
 *
 * With `clientToken: ""` (no marker), only the in-process lookup runs: a new CSR whose every field
 * matches, absent from the listing taken before the attempt, and not claimed.
 */
import { createCSR, CSRItem, modifyCSR } from "../../tencentcloud/services/ssl";
import { errorCode } from "../common/errors";
import { CsrAdoptionError } from "./errors";
import { CSR_FIELDS, CSR_SUBJECT_FIELDS, CsrInputs, CsrOutputs, splitRemark } from "./inputs";
import {
    cachedListing,
    createRequest,
    CsrContext,
    describeRemote,
    listAllCsrs,
    modifyRequest,
    RemoteCsr,
    remoteDifferences,
    remoteIsGenerated,
    submitCsrDelete,
    toOutputs,
} from "./remote";

/** CreateCSR sends in all: a lost answer after which no CSR turned up is sent again. */
const CREATE_MAX_SENDS = 3;

/** Errors after which CreateCSR may have created the CSR: the server erred while handling it, or the answer was lost. */
const MAY_HAVE_ACTED = /^(InternalError|Client\.(NetworkError|Timeout|HttpStatusError|InvalidResponse))/;

/**
 * When to look for the CSR a failed CreateCSR may have created, in ms after the failure. After a
 * timeout the server may still be working (generating an RSA 4096 key takes a while), so the
 * lookups continue well past it before a retry risks a duplicate.
 */
const LOST_CREATE_LOOKUPS_MS = [0, 1_000] as const;
const TIMED_OUT_CREATE_LOOKUPS_MS = [0, 2_000, 5_000, 10_000] as const;

/** The client's verdict (`outcomeUnknown`) when it gave one, else the code: did the server maybe act? */
function mayHaveActed(err: unknown): boolean {
    const failure = err as { outcomeUnknown?: unknown; requestSent?: unknown };
    return failure?.outcomeUnknown === true || (failure?.requestSent !== false && MAY_HAVE_ACTED.test(errorCode(err) ?? ""));
}

type Reconciled = { kind: "ok"; outputs: CsrOutputs } | { kind: "missing" } | { kind: "incompatible"; reason: string };

/**
 * Brings an existing CSR to the inputs where the API allows it: an ungenerated CSR is modified
 * (and generated if asked); a generated one must already match.
 */
async function reconcile(ctx: CsrContext, id: number, inputs: CsrInputs, token: string | undefined, described?: RemoteCsr | null): Promise<Reconciled> {
    let remote = described !== undefined ? described : await describeRemote(ctx.api, id);
    if (!remote) {
        return { kind: "missing" };
    }
    const differences = remoteDifferences(remote, inputs);
    if (remoteIsGenerated(remote)) {
        if (differences.length > 0) {
            const remoteValue = (f: string) => (f === "remark" ? remote!.remark : remote!.fields[f as (typeof CSR_SUBJECT_FIELDS)[number]]);
            const fields = differences.map((f) => (f === "keyPassword" ? f : `${f} (remote ${JSON.stringify(remoteValue(f))})`));
            return { kind: "incompatible", reason: `it is already generated (no longer modifiable) and differs in: ${fields.join(", ")}` };
        }
        if (!inputs.generate) {
            return { kind: "incompatible", reason: "it is already generated but the inputs say generate: false" };
        }
        return { kind: "ok", outputs: toOutputs(remote, inputs) };
    }
    if (differences.length > 0 || inputs.generate) {
        await modifyCSR(ctx.api, modifyRequest(id, inputs, differences, token));
        ctx.state.dirty.add(id);
        remote = await describeRemote(ctx.api, id);
        if (!remote) {
            return { kind: "missing" };
        }
    }
    return { kind: "ok", outputs: toOutputs(remote, inputs) };
}

/** Deletes CSRs this resource left behind that cannot be adopted. */
async function deleteOrphans(ctx: CsrContext, ids: number[], why: string): Promise<void> {
    if (ids.length === 0) {
        return;
    }
    ctx.log.warn(`deleting CSR ${ids.join(", ")} left behind by an interrupted create of this resource: ${why}`);
    await Promise.all(ids.map((id) => submitCsrDelete(ctx, id)));
    ids.forEach((id) => ctx.state.dirty.add(id));
}

function unclaimed(ctx: CsrContext, item: CSRItem): item is CSRItem & { Id: number } {
    return typeof item.Id === "number" && !ctx.state.claimed.has(item.Id) && !ctx.state.live.has(item.Id);
}

/** Adopts the first usable candidate and deletes the others; undefined when none is usable. */
async function adoptFirstUsable(
    ctx: CsrContext,
    candidates: number[],
    inputs: CsrInputs,
    token: string | undefined,
    origin: string,
): Promise<CsrOutputs | undefined> {
    candidates.forEach((id) => ctx.state.claimed.add(id));
    let adopted: CsrOutputs | undefined;
    const leftovers: number[] = [];
    const reasons: string[] = [];
    for (const id of candidates) {
        if (adopted) {
            leftovers.push(id);
            reasons.push(`CSR ${id} duplicates CSR ${adopted.csrId}`);
            continue;
        }
        const result = await reconcile(ctx, id, inputs, token);
        if (result.kind === "ok") {
            adopted = result.outputs;
            ctx.log.info(`adopted CSR ${id} (${inputs.domain}) instead of creating one: ${origin}`);
        } else if (result.kind === "incompatible") {
            leftovers.push(id);
            reasons.push(`CSR ${id}: ${result.reason}`);
        }
    }
    await deleteOrphans(ctx, leftovers, reasons.join("; "));
    return adopted;
}

/** Orphans of earlier processes: CSRs carrying our token that no resource of the stack claims. */
async function adoptOrphanOfEarlierRun(ctx: CsrContext, inputs: CsrInputs, token: string): Promise<CsrOutputs | undefined> {
    const listing = await cachedListing(ctx, Number.POSITIVE_INFINITY);
    const candidates = [...listing.values()]
        .filter((item) => unclaimed(ctx, item) && splitRemark(item.Remarks).token === token)
        .map((item) => item.Id as number)
        .sort((a, b) => a - b);
    const origin =
        `it carries this resource's client token [pulumi:${token}] but no resource in the stack's state records it, so an earlier run ` +
        `created it and its state lost it (that run was interrupted, or the state file was removed or restored from an older copy)`;
    return candidates.length > 0 ? adoptFirstUsable(ctx, candidates, inputs, token, origin) : undefined;
}

function matchesRequest(item: CSRItem, inputs: CsrInputs, token: string | undefined): boolean {
    const { remark, token: itemToken } = splitRemark(item.Remarks);
    if (token) {
        return itemToken === token;
    }
    return (
        itemToken === undefined &&
        remark === (inputs.remark ?? "") &&
        CSR_SUBJECT_FIELDS.every((f) => (item as Record<string, unknown>)[CSR_FIELDS[f].api!] === inputs[f])
    );
}

/** After a failed CreateCSR: the CSR the attempt created anyway, adopted (or undefined). */
async function adoptLostCreate(ctx: CsrContext, inputs: CsrInputs, token: string | undefined, baseline: ReadonlySet<number>): Promise<CsrOutputs | undefined> {
    const found = await listAllCsrs(ctx.api, { Domain: inputs.domain });
    const candidates = [...found.values()]
        .filter((item) => unclaimed(ctx, item) && !baseline.has(item.Id as number) && matchesRequest(item, inputs, token))
        .map((item) => item.Id as number)
        .sort((a, b) => a - b);
    const origin = "this run's CreateCSR created it but its answer was lost";
    return candidates.length > 0 ? adoptFirstUsable(ctx, candidates, inputs, token, origin) : undefined;
}

/** `adoptCsrId`: take over an existing CSR instead of creating one. */
async function adoptCsr(ctx: CsrContext, id: number, inputs: CsrInputs): Promise<CsrOutputs> {
    if (ctx.state.claimed.has(id) || ctx.state.live.has(id)) {
        throw new CsrAdoptionError(
            id,
            `adoptCsrId ${id}: that CSR is already managed by another resource of this stack; a CSR can be adopted by one resource only`,
        );
    }
    ctx.state.claimed.add(id);
    const existing = await describeRemote(ctx.api, id);
    const result = await reconcile(ctx, id, inputs, existing?.token, existing);
    if (result.kind === "missing") {
        ctx.state.claimed.delete(id);
        throw new CsrAdoptionError(
            id,
            `adoptCsrId ${id}: no CSR with this id exists in the account (check the id in the SSL console, or remove adoptCsrId to create a new CSR)`,
        );
    }
    if (result.kind === "incompatible") {
        ctx.state.claimed.delete(id);
        throw new CsrAdoptionError(
            id,
            `adoptCsrId ${id}: cannot adopt this CSR because ${result.reason}. Set the inputs to the CSR's values, or remove adoptCsrId to create a new CSR`,
        );
    }
    ctx.log.info(`adopted existing CSR ${id} (${inputs.domain})`);
    return result.outputs;
}

/** After a CreateCSR that may have acted: looks for the CSR it created, for longer after a timeout. */
async function findLostCreate(ctx: CsrContext, inputs: CsrInputs, token: string | undefined, baseline: ReadonlySet<number>, err: unknown) {
    const delays = errorCode(err) === "Client.Timeout" ? TIMED_OUT_CREATE_LOOKUPS_MS : LOST_CREATE_LOOKUPS_MS;
    let waited = 0;
    for (const at of delays) {
        if (at > waited) {
            await ctx.sleep(at - waited);
            waited = at;
        }
        const adopted = await adoptLostCreate(ctx, inputs, token, baseline);
        if (adopted) {
            ctx.state.dirty.add(adopted.csrId);
            return adopted;
        }
    }
    return undefined;
}

/** CreateCSR until it answers, adopting what a send whose answer was lost created; the new CSR's id (or the adopted outputs). */
async function sendCreate(ctx: CsrContext, inputs: CsrInputs, token: string | undefined, baseline: ReadonlySet<number>): Promise<number | CsrOutputs> {
    const request = createRequest(inputs, token);
    for (let send = 1; ; send++) {
        try {
            const { Id } = await createCSR(ctx.api, request);
            ctx.state.claimed.add(Id);
            ctx.state.dirty.add(Id);
            return Id;
        } catch (err) {
            if (!mayHaveActed(err)) {
                throw err; // refused, or turned away after the client's own retries: nothing was created
            }
            const adopted = await findLostCreate(ctx, inputs, token, baseline, err);
            if (adopted) {
                return adopted;
            }
            if (send >= CREATE_MAX_SENDS) {
                throw err;
            }
            ctx.log.info(
                `CreateCSR for ${inputs.domain} failed (${errorCode(err) ?? "error"}) and created nothing; sending it again (${send + 1} of ${CREATE_MAX_SENDS})`,
            );
        }
    }
}

export async function createCsr(ctx: CsrContext, inputs: CsrInputs): Promise<CsrOutputs> {
    if (inputs.adoptCsrId !== undefined) {
        return adoptCsr(ctx, inputs.adoptCsrId, inputs);
    }
    const token = inputs.clientToken || undefined;
    let baseline: ReadonlySet<number> = new Set();
    if (token) {
        const orphan = await adoptOrphanOfEarlierRun(ctx, inputs, token);
        if (orphan) {
            return orphan;
        }
    } else {
        baseline = new Set((await cachedListing(ctx, Number.POSITIVE_INFINITY)).keys());
    }
    const created = await sendCreate(ctx, inputs, token, baseline);
    if (typeof created !== "number") {
        return created;
    }
    const remote = await describeRemote(ctx.api, created);
    if (!remote) {
        throw new Error(`CSR ${created} was created but disappeared before it could be read (deleted concurrently?); run 'pulumi up' again`);
    }
    ctx.log.info(`created CSR ${created} (${inputs.domain}${inputs.generate ? ", generated" : ""})`);
    return toOutputs(remote, inputs);
}
