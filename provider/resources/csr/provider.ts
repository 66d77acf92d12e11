/**
 * CsrResource's definition for the resource wrapper (common/resource.ts): its field table and
 * create/read/update/delete, each a small function over a {@link CsrContext}.
 */
import type * as pulumi from "@pulumi/pulumi";
import { modifyCSR } from "../../tencentcloud/services/ssl";
import { ClockDeps, realClock, ResourceDeps } from "../common/deps";
import { FieldTable, pickInputs, pickOutputs } from "../common/fields";
import { verificationFor, verifyAccountIfRemote } from "../common/preview-checks";
import { resourceProvider, ResourceDefinition } from "../common/resource";
import { plain, Props, wireSafe } from "../common/wire";
import { createCsr } from "./create";
import { noteCsrInState } from "./diff";
import { readReportingLeftovers } from "./leftovers";
import { CSR_FIELDS, csrRules, CsrInputs, CsrOutputs, isGenerated, modifiable, parseCsrId } from "./inputs";
import {
    cachedItem,
    CsrContext,
    csrProcessState,
    CsrProcessState,
    describeRemote,
    modifyRequest,
    RemoteCsr,
    remoteDifferences,
    remoteFromApi,
    remoteIsGenerated,
    submitCsrDelete,
    toOutputs,
} from "./remote";

/** What the CSR provider needs beyond {@link ResourceDeps} (tests pass their own). */
export interface CsrOptions extends ClockDeps {
    /** Read cache, claimed ids and delete batcher; one per process by default (listings and batches per client: per account/region). */
    state: CsrProcessState;
}

async function readCsr(ctx: CsrContext, id: string, props: Props): Promise<pulumi.dynamic.ReadResult> {
    const csrId = parseCsrId(id);
    ctx.state.live.add(csrId);
    const old = plain(props);
    const text = (value: unknown) => (typeof value === "string" ? value : undefined);
    const known = { csr: text(old.csr), privateKey: text(old.privateKey), keyPassword: text(old.keyPassword) };
    const item = await cachedItem(ctx, csrId);
    let remote: RemoteCsr | null = item ? remoteFromApi(csrId, item, false) : null;
    // CSR content never changes once generated: DescribeCSR only when it is not known yet.
    if (!remote || (remoteIsGenerated(remote) && !(known.csr && known.privateKey))) {
        remote = await describeRemote(ctx.api, csrId);
    }
    if (!remote) {
        ctx.log.info(`CSR ${csrId} no longer exists; it leaves the stack's state`);
        return { id: "" };
    }
    const outputs = toOutputs(remote, old as Partial<CsrInputs>, known);
    return { id: String(csrId), props: outputs, inputs: pickInputs(CSR_FIELDS, outputs) };
}

/** ModifyCSR; a retried call whose first answer was lost fails on the now generated CSR, so check the result. */
async function sendModify(ctx: CsrContext, csrId: number, inputs: CsrInputs, fields: string[], token: string | undefined): Promise<void> {
    try {
        await modifyCSR(ctx.api, modifyRequest(csrId, inputs, fields, token));
    } catch (err) {
        const remote = await describeRemote(ctx.api, csrId);
        if (!remote || remoteDifferences(remote, inputs).length > 0 || remoteIsGenerated(remote) !== inputs.generate) {
            throw err;
        }
    } finally {
        ctx.state.dirty.add(csrId);
    }
}

async function updateCsr(ctx: CsrContext, id: string, olds: Props, news: Props, changed: string[]): Promise<CsrOutputs> {
    const csrId = parseCsrId(id);
    ctx.state.live.add(csrId);
    const old = plain(olds);
    const inputs = plain(news) as CsrInputs;
    if (isGenerated(old.status, old.csr)) {
        throw new Error(
            `CSR ${csrId} is already generated and can no longer be modified; its changes need a replacement (run 'pulumi refresh' if its state is outdated)`,
        );
    }
    const fields = changed.filter(modifiable);
    const token = typeof old.clientToken === "string" ? old.clientToken : undefined;
    await sendModify(ctx, csrId, inputs, fields, token);
    ctx.log.info(`modified CSR ${csrId}: ${fields.length > 0 ? fields.join(", ") : "no fields"}${inputs.generate ? "; generated" : ""}`);
    const clientToken = token ?? inputs.clientToken;
    if (!inputs.generate) {
        return wireSafe({
            status: 0,
            createTime: "",
            ...pickOutputs(CSR_FIELDS, old),
            ...inputs,
            keyPassword: inputs.keyPassword || undefined,
            clientToken,
            csrId,
        }) as CsrOutputs;
    }
    const remote = await describeRemote(ctx.api, csrId);
    if (!remote) {
        throw new Error(`CSR ${csrId} disappeared while it was being generated (deleted concurrently?); run 'pulumi up' again`);
    }
    return toOutputs(remote, { ...inputs, clientToken });
}

async function deleteCsr(ctx: CsrContext, id: string): Promise<void> {
    const csrId = parseCsrId(id);
    ctx.state.live.add(csrId);
    try {
        await submitCsrDelete(ctx, csrId);
    } finally {
        ctx.state.dirty.add(csrId);
    }
}

type CsrDeps = ResourceDeps & Partial<CsrOptions>;

export const csrDefinition: ResourceDefinition<CsrDeps, CsrContext> = {
    name: "CsrResource",
    fields: CSR_FIELDS as FieldTable,
    context: (deps) => ({
        get api() {
            return deps.client(); // asked for on every use: runtime rebuilds it when `configure` changes the settings
        },
        state: deps.state ?? csrProcessState,
        log: deps.log,
        sleep: deps.sleep ?? realClock.sleep,
        now: deps.now ?? realClock.now,
        verification: verificationFor(deps, deps.now ?? realClock.now),
    }),
    rules: csrRules,
    // A CSR refers to nothing to verify; its account's key is (once per run), when up would call the API.
    async verify(ctx, news, olds) {
        await verifyAccountIfRemote(ctx.verification, CSR_FIELDS, olds, news);
        return [];
    },
    noteDiff: (ctx, id) => noteCsrInState(ctx.state, id),
    async create(ctx, inputs) {
        const outputs = await createCsr(ctx, plain(inputs) as CsrInputs);
        return { id: String(outputs.csrId), outs: outputs };
    },
    read: (ctx, id, props) => readReportingLeftovers(ctx, id, props, readCsr),
    update: updateCsr,
    delete: (ctx, id) => deleteCsr(ctx, id),
};

/** The CSR provider for `deps` (runtime passes the process's; tests their own). */
export function csrProviderImpl(deps: CsrDeps): pulumi.dynamic.ResourceProvider {
    return resourceProvider(csrDefinition, deps);
}
