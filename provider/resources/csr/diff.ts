/**
 * CsrResource's diff: the field table decides it (inputs.ts: before generation every field
 * ModifyCSR takes changes in place, once generated any change replaces; tags and a different
 * `adoptCsrId` always replace). Besides, a diff remembers the CSR as one in the stack's state.
 */
import type * as pulumi from "@pulumi/pulumi";
import { diffFields } from "../common/fields";
import type { Props } from "../common/wire";
import { CSR_FIELDS } from "./inputs";
import type { CsrProcessState } from "./remote";

/** The table's diff of old outputs and new inputs, as the provider answers it. */
export function diffCsr(olds: Props, news: Props): pulumi.dynamic.DiffResult {
    const { changed, replaces } = diffFields(CSR_FIELDS, olds, news);
    return { changes: changed.length > 0, replaces, deleteBeforeReplace: false };
}

/** A replacement's create must never adopt the CSR it replaces: the diff that precedes it marks the id as in state. */
export function noteCsrInState(state: CsrProcessState, id: string): void {
    const csrId = Number(id);
    if (Number.isSafeInteger(csrId) && csrId > 0) {
        state.live.add(csrId);
    }
}
