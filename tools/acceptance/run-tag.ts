/**
 * The run prefix: every object an acceptance run creates carries `acc-<runId>` (CSR remarks) or
 * `acc<runId>` (CSR client tokens, which allow only [0-9a-z]), so `npm run sweep` can find what an
 * interrupted run left without touching anything else.
 */
import { splitRemark } from "../../provider/resources/csr/inputs";

/** 8 base-36 characters of time and 4 random ones: sortable by start time, unique per run. */
const RUN_ID = /^[0-9a-z]{12}$/;
const TAG_IN_REMARK = /^acc-([0-9a-z]{12})(?: |$)/;
const TAG_IN_TOKEN = /^acc([0-9a-z]{12})$/;

export function newRunId(now: number = Date.now(), random: () => number = Math.random): string {
    const time = now.toString(36).padStart(8, "0").slice(-8);
    const tail = Math.floor(random() * 36 ** 4)
        .toString(36)
        .padStart(4, "0");
    return time + tail;
}

function checked(runId: string): string {
    if (!RUN_ID.test(runId)) throw new Error(`'${runId}' is not an acceptance run id (12 characters 0-9a-z)`);
    return runId;
}

/** `acc-<runId>`: the start of every remark the run writes. */
export function runTag(runId: string): string {
    return `acc-${checked(runId)}`;
}

/** `acc<runId>`: the CsrResource client token of the run (the provider appends it to the remark as `[pulumi:<token>]`). */
export function runClientToken(runId: string): string {
    return `acc${checked(runId)}`;
}

/** The run a CSR's remote Remarks belong to (by its remark or its client token), if it is an acceptance run's. */
export function acceptanceRunOfRemarks(remarks: string | null | undefined): string | undefined {
    const { remark, token } = splitRemark(remarks);
    return TAG_IN_REMARK.exec(remark)?.[1] ?? (token ? TAG_IN_TOKEN.exec(token)?.[1] : undefined);
}
