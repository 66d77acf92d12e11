/**
 * The real check/diff/create/read/update/delete of CsrResource, behind the shim the resource
 * stores in state. Each operation is a small function over a {@link CsrContext}.
 */
import type * as pulumi from "@pulumi/pulumi";
import { modifyCSR } from "../../tencentcloud/services/ssl";
import { ClockDeps, realClock, ResourceDeps } from "../common/deps";
import { plain, Props, withoutUndefined } from "../common/wire";
import { createCsr, CsrContext } from "./create";
import { readReportingLeftovers } from "./leftovers";
import { diffCsr, oldIsGenerated } from "./diff";
import { checkCsrInputs, CSR_MODIFIABLE_FIELDS, CsrInputs, CsrModifiableField, CsrOutputs, parseCsrId } from "./inputs";
import {
    inputsFromOutputs,
    modifyRequest,
    normalizedField,
    remoteDifferences,
    remoteFromApi,
    remoteIsGenerated,
    RemoteCsr,
    sameValue,
    toOutputs,
} from "./mapping";
import { cachedItem, csrProcessState, CsrProcessState, describeRemote, submitCsrDelete } from "./remote";

/** What the CSR provider needs beyond {@link ResourceDeps} (tests pass their own). */
export interface CsrOptions extends ClockDeps {
    /** Read cache, claimed ids and delete batcher; one per process by default (listings and batches per client: per account/region). */
    state: CsrProcessState;
}

/** The changed fields ModifyCSR can set, old outputs against new inputs. */
function modifiedFields(olds: Props, news: CsrInputs): CsrModifiableField[] {
    return (Object.keys(CSR_MODIFIABLE_FIELDS) as CsrModifiableField[]).filter(
        (field) => !sameValue(normalizedField(olds, field), normalizedField(news as unknown as Props, field)),
    );
}

async function readCsr(ctx: CsrContext, id: string, props: Props): Promise<pulumi.dynamic.ReadResult> {
    const csrId = parseCsrId(id);
    ctx.state.live.add(csrId);
    const old = plain(props);
    const known = {
        csr: typeof old.csr === "string" ? old.csr : undefined,
        privateKey: typeof old.privateKey === "string" ? old.privateKey : undefined,
        keyPassword: typeof old.keyPassword === "string" ? old.keyPassword : undefined,
    };
    const item = await cachedItem(ctx.state, ctx.api, ctx, csrId);
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
    return { id: String(csrId), props: outputs, inputs: inputsFromOutputs(outputs) };
}

/** ModifyCSR; a retried call whose first answer was lost fails on the now generated CSR, so check the result. */
async function sendModify(ctx: CsrContext, csrId: number, inputs: CsrInputs, fields: CsrModifiableField[], token: string | undefined): Promise<void> {
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

async function updateCsr(ctx: CsrContext, id: string, olds: Props, news: Props): Promise<pulumi.dynamic.UpdateResult> {
    const csrId = parseCsrId(id);
    ctx.state.live.add(csrId);
    const old = plain(olds);
    const inputs = plain(news) as unknown as CsrInputs;
    if (oldIsGenerated(old)) {
        throw new Error(
            `CSR ${csrId} is already generated and can no longer be modified; its changes need a replacement (run 'pulumi refresh' if its state is outdated)`,
        );
    }
    const fields = modifiedFields(old, inputs);
    const token = typeof old.clientToken === "string" ? old.clientToken : undefined;
    await sendModify(ctx, csrId, inputs, fields, token);
    const touched = fields.length > 0 ? fields.join(", ") : "no fields";
    ctx.log.info(`modified CSR ${csrId}: ${touched}${inputs.generate ? "; generated" : ""}`);
    if (inputs.generate) {
        const remote = await describeRemote(ctx.api, csrId);
        if (!remote) {
            throw new Error(`CSR ${csrId} disappeared while it was being generated (deleted concurrently?); run 'pulumi up' again`);
        }
        return { outs: toOutputs(remote, { ...inputs, clientToken: token ?? inputs.clientToken }) };
    }
    const outputs = withoutUndefined<CsrOutputs>({
        ...inputs,
        keyPassword: inputs.keyPassword || undefined,
        clientToken: token ?? inputs.clientToken,
        csrId,
        status: typeof old.status === "number" ? old.status : 0,
        createTime: typeof old.createTime === "string" ? old.createTime : "",
    });
    return { outs: outputs };
}

async function deleteCsr(ctx: CsrContext, id: string): Promise<void> {
    const csrId = parseCsrId(id);
    ctx.state.live.add(csrId);
    try {
        await submitCsrDelete(ctx.state, ctx.api, ctx.log, csrId);
    } finally {
        ctx.state.dirty.add(csrId);
    }
}

export function csrProviderImpl(deps: ResourceDeps & Partial<CsrOptions>): pulumi.dynamic.ResourceProvider {
    const state = deps.state ?? csrProcessState;
    const context = (): CsrContext => ({ api: deps.client(), state, log: deps.log, sleep: deps.sleep ?? realClock.sleep, now: deps.now ?? Date.now });
    return {
        async check(_olds: Props, news: Props) {
            return checkCsrInputs(news ?? {});
        },
        async diff(id: string, olds: Props, news: Props) {
            const csrId = Number(id);
            if (Number.isSafeInteger(csrId) && csrId > 0) {
                state.live.add(csrId); // a replacement's create must never adopt the CSR it replaces
            }
            return diffCsr(olds ?? {}, news ?? {});
        },
        async create(inputs: Props) {
            const outputs = await createCsr(context(), plain(inputs) as unknown as CsrInputs);
            return { id: String(outputs.csrId), outs: outputs };
        },
        read: (id: string, props: Props) => readReportingLeftovers(context(), id, props, readCsr),
        update: (id: string, olds: Props, news: Props) => updateCsr(context(), id, olds, news),
        delete: (id: string) => deleteCsr(context(), id),
    };
}
