/**
 * What one provider host process knows about the account's CSRs, shared by every CsrResource of
 * the stack (Pulumi runs them all in one process):
 *
 * - a read cache filled by DescribeCSRSet pages (100 per call), so a refresh of N CSRs costs about
 *   N/100 calls instead of N; concurrent readers share one in-flight listing. Entries our own writes
 *   touch are "dirty" and read with DescribeCSR instead.
 * - which CSR ids this process has created or adopted (`claimed`) and which belong to resources in
 *   the stack's state (`live`, seen in diff/read/update/delete): an orphan search never picks those.
 * - the delete batcher (BatchDeleteCSR, up to 100 ids per call).
 *
 * And the mapping between the CSR records the API answers and the resource's outputs and
 * requests, by the field table's API names.
 */
import type { VerificationDeps } from "../common/verify";
import type { Logger } from "../../tencentcloud/log";
import {
    BATCH_DELETE_CSR_MAX_IDS,
    batchDeleteCSR,
    CSR_NOT_FOUND_CODES,
    CSRItem,
    describeCSR,
    DescribeCSRResponse,
    listCsrs,
    type CreateCSRRequest,
    type ModifyCSRRequest,
} from "../../tencentcloud/services/ssl";
import type { TencentCloudApi } from "../../tencentcloud/types";
import { Batcher } from "../common/batcher";
import type { ClockDeps } from "../common/deps";
import { errorCode, errorMessage, errorRequestId } from "../common/errors";
import { apiParams } from "../common/fields";
import { ReadCache } from "../common/read-cache";
import { Props, wireSafe } from "../common/wire";
import { CsrDeleteError } from "./errors";
import { CSR_FIELDS, CSR_STATUS_GENERATED, CSR_SUBJECT_FIELDS, CsrInputs, CsrOutputs, CsrSubject, isGenerated, remarkWithToken, splitRemark } from "./inputs";

// ---- CSR records ↔ outputs and requests ---------------------------------------------------------

/** A CSR as known remotely: from DescribeCSR (with content) or a DescribeCSRSet item (without). */
export interface RemoteCsr {
    id: number;
    fields: CsrSubject;
    remark: string;
    token?: string;
    status: number;
    createTime: string;
    /** Only from DescribeCSR; undefined when not read. */
    keyPassword?: string | null;
    csr?: string | null;
    privateKey?: string | null;
    /** True when the record came from DescribeCSR (content and key password are authoritative). */
    detailed: boolean;
}

const str = (v: unknown) => (typeof v === "string" ? v : "");

export function remoteFromApi(id: number, source: DescribeCSRResponse | CSRItem, detailed: boolean): RemoteCsr {
    const record = source as Props;
    const fields = Object.fromEntries(CSR_SUBJECT_FIELDS.map((name) => [name, str(record[CSR_FIELDS[name].api!])])) as CsrSubject;
    const detail = source as DescribeCSRResponse;
    return {
        id,
        fields,
        ...splitRemark(source.Remarks),
        status: typeof source.Status === "number" ? source.Status : 0,
        createTime: str(source.CreateTime),
        keyPassword: detailed ? (detail.KeyPassword ?? null) : undefined,
        csr: detailed ? (detail.CSR ?? null) : undefined,
        privateKey: detailed ? (detail.PrivateKey ?? null) : undefined,
        detailed,
    };
}

export function remoteIsGenerated(remote: RemoteCsr): boolean {
    return isGenerated(remote.status, remote.csr);
}

/**
 * Fields whose remote value differs from the inputs. Key password is compared only when the remote
 * value is known (DescribeCSR returns it; listings do not).
 */
export function remoteDifferences(remote: RemoteCsr, inputs: CsrInputs): string[] {
    const differences: string[] = CSR_SUBJECT_FIELDS.filter((field) => remote.fields[field] !== inputs[field]);
    if (remote.remark !== (inputs.remark ?? "")) {
        differences.push("remark");
    }
    if (remote.keyPassword !== undefined && (remote.keyPassword ?? "") !== (inputs.keyPassword ?? "")) {
        differences.push("keyPassword");
    }
    return differences;
}

/** CreateCSR parameters: every field with an API name; the remark carries the client token. */
export function createRequest(inputs: CsrInputs, token: string | undefined): CreateCSRRequest {
    const values = { ...inputs, remark: remarkWithToken(inputs.remark, token), keyPassword: inputs.keyPassword || undefined };
    return apiParams(CSR_FIELDS, values) as unknown as CreateCSRRequest;
}

/** ModifyCSR parameters that set `fields` to the inputs' values ("" clears the remark or key password). */
export function modifyRequest(id: number, inputs: CsrInputs, fields: readonly string[], token: string | undefined): ModifyCSRRequest {
    const values = { ...inputs, remark: remarkWithToken(inputs.remark, token) ?? "", keyPassword: inputs.keyPassword ?? "" };
    return { CSRId: id, Generate: inputs.generate, ...apiParams(CSR_FIELDS, values, fields) };
}

/**
 * The resource's outputs: remote values for everything the API reports, the inputs' values for
 * what it cannot report (tags, adoptCsrId), and the known content when `remote` carries none.
 */
export function toOutputs(remote: RemoteCsr, inputs: Partial<CsrInputs>, known: { csr?: string; privateKey?: string; keyPassword?: string } = {}): CsrOutputs {
    const generated = remoteIsGenerated(remote) || (remote.status === 1 && !!known.csr);
    const keyPassword = remote.keyPassword !== undefined ? remote.keyPassword : known.keyPassword;
    return wireSafe({
        ...remote.fields,
        generate: generated,
        keyPassword: keyPassword || undefined,
        remark: remote.remark !== "" || inputs.remark !== undefined ? remote.remark : undefined,
        tags: inputs.tags && Object.keys(inputs.tags).length > 0 ? inputs.tags : undefined,
        adoptCsrId: inputs.adoptCsrId,
        clientToken: remote.token ?? inputs.clientToken,
        csrId: remote.id,
        csr: (remote.csr ?? (generated ? known.csr : undefined)) || undefined,
        privateKey: (remote.privateKey ?? (generated ? known.privateKey : undefined)) || undefined,
        status: remote.status,
        createTime: remote.createTime,
    }) as CsrOutputs;
}

// ---- what the process knows -------------------------------------------------------------------------

/** How long a listing serves reads. One refresh or deployment finishes its reads well within it. */
const CSR_LISTING_TTL_MS = 60_000;
/**
 * Deletes are collected into one BatchDeleteCSR call until none arrives for this long (or the
 * batch holds 100 ids). The engine starts deletes one after another (it records each in the state
 * file first), so a destroy's deletes trickle in: measured through the real host with 150 in
 * flight, 3 ms apart on average but with pauses up to ~100 ms on a loaded machine. A window that
 * closes a fixed time after the first delete would cut them into many small batches.
 */
const CSR_DELETE_QUIET_MS = 200;
/** Longest a batch stays open for more deletes. */
const CSR_DELETE_MAX_WAIT_MS = 5_000;
/**
 * Longest a finished delete is held back while another batch is still collecting. Answering 100
 * deletes at once makes the engine record 100 completions in its state file before it starts the
 * next deletes, which would cut the rest into many small batches; holding the answers until the
 * collecting batch is sent keeps one BatchDeleteCSR call per 100 ids.
 */
const CSR_DELETE_MAX_HOLD_MS = 5_000;
/** Up to this many unconfirmed ids are checked one by one with DescribeCSR; more use one listing. */
const DESCRIBE_ONE_BY_ONE_MAX = 3;

interface ClientState {
    listing?: ReadCache<Map<number, CSRItem>>;
    deleter?: Batcher<number, void>;
}

/** What the CSR operations share: the scope's client, the process state, the log and the clock. */
export interface CsrContext extends ClockDeps {
    api: TencentCloudApi;
    state: CsrProcessState;
    log: Logger;
    /** Preview verification of the context's account (absent: none). */
    verification?: VerificationDeps;
}

export class CsrProcessState {
    /** CSR ids created or adopted by this process. */
    readonly claimed = new Set<number>();
    /** CSR ids of resources known to be in the stack's state. */
    readonly live = new Set<number>();
    /** Ids this process wrote: listings (possibly older than the write) never answer for them. */
    readonly dirty = new Set<number>();
    private readonly perClient = new WeakMap<TencentCloudApi, ClientState>();

    clientState(api: TencentCloudApi): ClientState {
        let state = this.perClient.get(api);
        if (!state) {
            state = {};
            this.perClient.set(api, state);
        }
        return state;
    }
}

/**
 * The one instance per provider host process, for every account/region. Listings and delete
 * batches are kept per client (`clientState`), and the runtime has one client per account/region,
 * so a listing of one account never answers a read or an orphan search for another, and a
 * BatchDeleteCSR holds one account's ids. The id sets stay process-wide on purpose: they only
 * exclude ids (never adopt a CSR that is claimed or in state), and CSR ids are unique across
 * accounts; a profile change that reaches the same account must not adopt the CSR it replaces.
 */
export const csrProcessState = new CsrProcessState();

/** Every CSR of the account (optionally of one domain), by id. */
export async function listAllCsrs(api: TencentCloudApi, filter: { Domain?: string } = {}): Promise<Map<number, CSRItem>> {
    const items = new Map<number, CSRItem>();
    for (const item of await listCsrs(api, filter)) {
        if (typeof item.Id === "number") {
            items.set(item.Id, item);
        }
    }
    return items;
}

/**
 * The process's listing of the account's CSRs. `maxAgeMs` bounds its age (reads use the TTL; the
 * orphan search accepts any listing made by this process, since orphans predate the process).
 */
export function cachedListing(ctx: CsrContext, maxAgeMs = CSR_LISTING_TTL_MS): Promise<Map<number, CSRItem>> {
    const client = ctx.state.clientState(ctx.api);
    client.listing ??= new ReadCache(CSR_LISTING_TTL_MS, () => ctx.now());
    const load = async () => {
        const items = await listAllCsrs(ctx.api);
        ctx.log.debug(`listed ${items.size} CSRs with DescribeCSRSet`);
        return items;
    };
    return client.listing.get("all", load, maxAgeMs);
}

/**
 * The listed item for `id`, or undefined when the listing cannot answer (dirty, not listed, or
 * listed with a Status other than 0 = editable / 1 = generated, e.g. null or a CSR on its way out:
 * DescribeCSR decides those).
 */
export async function cachedItem(ctx: CsrContext, id: number): Promise<CSRItem | undefined> {
    if (ctx.state.dirty.has(id)) {
        return undefined;
    }
    const items = await cachedListing(ctx);
    const item = ctx.state.dirty.has(id) ? undefined : items.get(id);
    return item && (item.Status === 0 || item.Status === CSR_STATUS_GENERATED) ? item : undefined;
}

function isCsrNotFound(err: unknown): boolean {
    return CSR_NOT_FOUND_CODES.includes(errorCode(err) ?? "");
}

/**
 * DescribeCSR, or null when the CSR does not exist: the not-found error, or an answer that does not
 * describe this CSR (every response field is optional, so an answer may carry Id 0 or no Id and
 * empty fields for a deleted CSR; treating that as the CSR kept deleted CSRs in state).
 */
async function describeCsrOrNull(api: TencentCloudApi, id: number): Promise<DescribeCSRResponse | null> {
    try {
        const detail = await describeCSR(api, { CSRId: id });
        const hasId = typeof detail.Id === "number" && detail.Id !== 0;
        return detail.Id === id || (!hasId && typeof detail.Domain === "string" && detail.Domain !== "") ? detail : null;
    } catch (err) {
        if (isCsrNotFound(err)) {
            return null;
        }
        throw err;
    }
}

/** DescribeCSR as a remote record, or null when the CSR does not exist. */
export async function describeRemote(api: TencentCloudApi, id: number): Promise<RemoteCsr | null> {
    const detail = await describeCsrOrNull(api, id);
    return detail ? remoteFromApi(id, detail, true) : null;
}

/** Which of `ids` still exist, asked without the cache. */
async function stillExisting(api: TencentCloudApi, ids: number[]): Promise<Set<number>> {
    if (ids.length <= DESCRIBE_ONE_BY_ONE_MAX) {
        const found = await Promise.all(ids.map(async (id) => ((await describeCsrOrNull(api, id)) ? id : undefined)));
        return new Set(found.filter((id): id is number => id !== undefined));
    }
    const listed = await listAllCsrs(api);
    return new Set(ids.filter((id) => listed.has(id)));
}

/**
 * Deletes `ids` with one BatchDeleteCSR call, then confirms every id missing from `Success`: an id
 * that no longer exists counts as deleted (already gone, or deleted by a response we lost); the
 * rest are tried once more. Each id gets its own result or its own error.
 */
async function deleteCsrBatch(api: TencentCloudApi, ids: number[], log: Logger): Promise<Map<string, void | Error>> {
    const results = new Map<string, void | Error>();
    let pending = ids;
    let lastError = new Map<number, unknown>();
    for (let attempt = 1; attempt <= 2 && pending.length > 0; attempt++) {
        let deleted = new Set<number>();
        lastError = new Map();
        try {
            const resp = await batchDeleteCSR(api, { CSRIds: pending });
            deleted = new Set(resp.Success ?? []);
        } catch (err) {
            // The whole call failed (after the client's retries): some ids may still be gone.
            pending.forEach((id) => lastError.set(id, err));
            log.debug(`BatchDeleteCSR of ${pending.length} CSRs failed (${errorCode(err) ?? "error"}); checking which remain`);
        }
        for (const id of pending.filter((id) => deleted.has(id))) {
            results.set(String(id), undefined);
        }
        const unconfirmed = pending.filter((id) => !deleted.has(id));
        if (unconfirmed.length === 0) {
            pending = [];
            break;
        }
        const existing = await stillExisting(api, unconfirmed);
        for (const id of unconfirmed.filter((id) => !existing.has(id))) {
            results.set(String(id), undefined);
        }
        pending = unconfirmed.filter((id) => existing.has(id));
    }
    for (const id of pending) {
        const cause = lastError.get(id);
        const message = cause
            ? `could not delete CSR ${id}: ${errorMessage(cause)}`
            : `could not delete CSR ${id}: BatchDeleteCSR did not report it deleted after 2 attempts and it still exists. Check it in the SSL console (it may be in use), then run 'pulumi destroy' again`;
        results.set(String(id), new CsrDeleteError(id, message, { code: errorCode(cause), requestId: errorRequestId(cause), cause }));
    }
    return results;
}

/** Deletes one CSR through the process's batcher for this client: concurrent deletes share BatchDeleteCSR calls. */
export function submitCsrDelete(ctx: CsrContext, id: number): Promise<void> {
    const client = ctx.state.clientState(ctx.api);
    client.deleter ??= new Batcher<number, void>({
        quietMs: CSR_DELETE_QUIET_MS,
        maxWaitMs: CSR_DELETE_MAX_WAIT_MS,
        holdMs: CSR_DELETE_MAX_HOLD_MS,
        maxBatchSize: BATCH_DELETE_CSR_MAX_IDS,
        clock: ctx,
        run: (ids) => deleteCsrBatch(ctx.api, ids, ctx.log),
    });
    return client.deleter.submit(id);
}
