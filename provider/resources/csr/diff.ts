/**
 * CsrResource diff: new inputs against the last known remote values (old outputs), field by field.
 *
 * Before generation every field ModifyCSR takes changes in place; `generate` false → true is in
 * place too (ModifyCSR with Generate). Once generated the API refuses every modification, so any
 * change replaces. Tags (only CreateCSR sets them) and a different `adoptCsrId` always replace.
 */
import type * as pulumi from "@pulumi/pulumi";
import { isUnknown, plain } from "../common/wire";
import { CSR_SUBJECT_FIELDS, isGenerated } from "./inputs";
import { normalizedField, sameValue } from "./mapping";

/** The fields diff compares, in the order the result lists them. */
const CSR_DIFF_FIELDS = [...CSR_SUBJECT_FIELDS, "remark", "keyPassword", "tags", "generate", "adoptCsrId"] as const;
export type CsrDiffField = (typeof CSR_DIFF_FIELDS)[number];

/** Whether the CSR the old outputs describe is generated. */
export function oldIsGenerated(olds: Record<string, unknown>): boolean {
    const status = typeof olds.status === "number" ? olds.status : undefined;
    return isGenerated(status, typeof olds.csr === "string" ? olds.csr : undefined);
}

/** The fields that differ, and which of them force a replacement. */
function csrChanges(rawOlds: Record<string, unknown>, rawNews: Record<string, unknown>): { changed: CsrDiffField[]; replaces: CsrDiffField[] } {
    const olds = plain(rawOlds);
    const news = plain(rawNews);
    const generated = oldIsGenerated(olds);
    const changed: CsrDiffField[] = [];
    const alwaysReplace = new Set<CsrDiffField>();
    for (const field of CSR_DIFF_FIELDS) {
        const next = news[field];
        if (field === "generate") {
            const wanted = next === undefined || next === null ? true : next;
            if (isUnknown(wanted) || wanted !== generated) {
                changed.push(field);
            }
        } else if (field === "adoptCsrId") {
            // Only a different id matters: adoption happens at create, and dropping the input afterwards changes nothing.
            if (next !== undefined && next !== null && (isUnknown(next) || Number(next) !== Number(olds.csrId))) {
                changed.push(field);
                alwaysReplace.add(field);
            }
        } else if (isUnknown(next) || !sameValue(normalizedField(olds, field), normalizedField(news, field))) {
            changed.push(field);
            if (field === "tags") {
                alwaysReplace.add(field);
            }
        }
    }
    const replaces = generated ? [...changed] : changed.filter((field) => alwaysReplace.has(field));
    return { changed, replaces };
}

export function diffCsr(olds: Record<string, unknown>, news: Record<string, unknown>): pulumi.dynamic.DiffResult {
    const { changed, replaces } = csrChanges(olds, news);
    return { changes: changed.length > 0, replaces, deleteBeforeReplace: false };
}
