/**
 * CSRs left behind: CSRs that carry the client-token marker of a CsrResource of this stack
 * (`[pulumi:<token>]` in the remark, see create.ts) but that no resource in the stack's state owns.
 *
 * Two runs of one stack at once (two `pulumi up`s, or a CI job next to a laptop) that both create
 * or replace the same CsrResource each create a CSR with the same marker; the state keeps one and
 * the other is left behind, unmanaged. The provider cannot see the state, but a refresh reads every
 * resource in it, in one provider process: so each read notes the other CSRs carrying its own
 * marker (from the process's DescribeCSRSet listing, already loaded for the reads: no extra call),
 * and when the last read in flight finishes, every noted CSR that no read of this process claimed
 * is reported once, with its id and how to delete or adopt it. Waiting for the reads in flight to
 * finish keeps a CSR that is in the state (a replaced CSR still pending deletion carries the same
 * marker) out of the report when its read runs alongside; the refresh runs reads in parallel.
 */
import type * as pulumi from "@pulumi/pulumi";
import { plain, Props } from "../common/wire";
import type { CsrContext } from "./remote";
import { splitRemark } from "./inputs";
import { cachedListing, CsrProcessState } from "./remote";

interface Leftover {
    id: number;
    domain: string;
    createTime: string;
    token: string;
    /** The CSR of the stack's resource that carries the same marker. */
    ownerId: number;
}

/** Per provider process (per CsrProcessState): reads in flight, noted CSRs, CSRs already reported. */
class LeftoverWatch {
    readsInFlight = 0;
    readonly noted = new Map<number, Leftover>();
    readonly reported = new Set<number>();
}

const watches = new WeakMap<CsrProcessState, LeftoverWatch>();

function watchOf(state: CsrProcessState): LeftoverWatch {
    let watch = watches.get(state);
    if (!watch) {
        watch = new LeftoverWatch();
        watches.set(state, watch);
    }
    return watch;
}

/** The warning for one leftover CSR: what it is, why it is there, and how to delete or adopt it. */
export function leftoverWarning(leftover: Leftover): string {
    const { id, domain, createTime, token, ownerId } = leftover;
    return (
        `CSR ${id} (${domain || "no domain"}, created ${createTime || "at an unknown time"}) carries the client-token marker [pulumi:${token}] ` +
        `of CSR ${ownerId}, which this stack manages, but no resource in the stack's state owns it: most likely two runs of this stack ` +
        `at once each created a CSR and the state kept one. If no stack manages CSR ${id} (check: pulumi stack export | grep ${id}), ` +
        `delete it in the SSL console or with: tccli ssl BatchDeleteCSR --CSRIds '[${id}]'; or manage it with a CsrResource ` +
        `that sets adoptCsrId: ${id}.`
    );
}

/** Notes the other CSRs of the process's listing that carry the marker of the resource just read. */
async function noteSameMarker(ctx: CsrContext, watch: LeftoverWatch, id: string, props: Props): Promise<void> {
    const token = plain(props).clientToken;
    const ownerId = Number(id);
    if (typeof token !== "string" || token === "" || !Number.isSafeInteger(ownerId)) {
        return; // no marker (clientToken ""), or a read by id (Resource.get) that names none
    }
    const listing = await cachedListing(ctx);
    for (const item of listing.values()) {
        if (typeof item.Id === "number" && item.Id !== ownerId && splitRemark(item.Remarks).token === token) {
            watch.noted.set(item.Id, { id: item.Id, domain: item.Domain ?? "", createTime: item.CreateTime ?? "", token, ownerId });
        }
    }
}

/** Reports the noted CSRs that no resource of the state read or created in this process. */
function reportUnowned(ctx: CsrContext, watch: LeftoverWatch): void {
    for (const leftover of [...watch.noted.values()].sort((a, b) => a.id - b.id)) {
        watch.noted.delete(leftover.id);
        if (ctx.state.live.has(leftover.id) || ctx.state.claimed.has(leftover.id) || watch.reported.has(leftover.id)) {
            continue;
        }
        watch.reported.add(leftover.id);
        ctx.log.warn(leftoverWarning(leftover));
    }
}

/**
 * `read` (the CsrResource read of provider.ts) that also looks for CSRs carrying the same marker;
 * the last read in flight reports those no resource owns. Never fails a read that succeeded.
 */
export async function readReportingLeftovers(
    ctx: CsrContext,
    id: string,
    props: Props,
    read: (ctx: CsrContext, id: string, props: Props) => Promise<pulumi.dynamic.ReadResult>,
): Promise<pulumi.dynamic.ReadResult> {
    const watch = watchOf(ctx.state);
    watch.readsInFlight++;
    try {
        const result = await read(ctx, id, props);
        // A CSR that is gone leaves the state; the next `up` creates it again and adopts a CSR carrying its marker.
        if (result.id !== "") {
            await noteSameMarker(ctx, watch, id, props).catch((err: unknown) => ctx.log.debug(`leftover CSR check skipped: ${String(err)}`));
        }
        return result;
    } finally {
        watch.readsInFlight--;
        if (watch.readsInFlight === 0) {
            reportUnowned(ctx, watch);
        }
    }
}
