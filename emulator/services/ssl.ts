/**
 * SSL 2019-12-05: the CSR actions and DescribeCertificates (the certificate store TEO deploys from).
 * Codes per action follow tencentcloud-sdk-go(-intl-en) ssl/v20191205/client.go; certificate fields: docs/api-notes.md.
 * Parameters and answers: the international SDK's model (api-models/ssl-2019-12-05.ts); the China-site
 * documents' extra CreateCSR/ModifyCSR `SubjectAltName` is in no SDK model and is refused (UnknownParameter).
 */
import { generateCsr, parseKeySpec, type CsrSubject } from "../csr-generator";
import { ApiError } from "../errors";
import type { CsrRecord } from "../types";
import { formatChinaTime } from "../util";
import type { ModifyCSRRequest } from "../../api-models/ssl-2019-12-05";
import { page, type ActionContext, type ServiceDefinition, type Validated } from "./action";
import { describeCertificates } from "./ssl-certificates";

const SUBJECT_FIELDS = ["Domain", "Organization", "Department", "Email", "Province", "City", "Country"] as const;

/** Field checks shared by create and modify; `code` is the action's documented parameter error. */
function checkCsrFields(rec: Pick<CsrRecord, (typeof SUBJECT_FIELDS)[number] | "EncryptAlgo" | "KeyParameter">, code: string): void {
    if (!/^(\*\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i.test(rec.Domain))
        throw new ApiError(code, `Domain \`${rec.Domain}\` is not a valid domain name.`);
    if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(rec.Email)) throw new ApiError(code, `Email \`${rec.Email}\` is not a valid email address.`);
    if (!/^[A-Za-z]{2}$/.test(rec.Country)) throw new ApiError(code, `Country \`${rec.Country}\` must be an ISO 3166 two-letter code such as CN or US.`);
    for (const f of ["Organization", "Department", "Province", "City"] as const) {
        if (rec[f].trim() === "") throw new ApiError(code, `${f} must not be empty.`);
    }
    if (!parseKeySpec(rec.EncryptAlgo, rec.KeyParameter)) {
        throw new ApiError(
            code,
            `EncryptAlgo \`${rec.EncryptAlgo}\` with KeyParameter \`${rec.KeyParameter}\` is not supported: use RSA with 2048 or 4096, or ECC with prime256v1.`,
        );
    }
}

async function generateInto(rec: CsrRecord): Promise<void> {
    const subject: CsrSubject = { ...rec };
    const out = await generateCsr(subject, parseKeySpec(rec.EncryptAlgo, rec.KeyParameter)!, rec.KeyPassword ?? undefined);
    rec.CSR = out.csrPem;
    rec.PrivateKey = out.privateKeyPem;
    rec.Status = 1;
}

function findCsr(ctx: ActionContext, id: number): CsrRecord {
    const rec = id > 0 ? ctx.state.ssl.csrs[String(id)] : undefined;
    if (!ctx.owns(rec)) throw new ApiError("InvalidParameter.InvalidCSRId", `CSR ${id} does not exist.`);
    return rec;
}

const listItem = (r: CsrRecord) => ({
    Id: r.Id,
    OwnerUin: r.OwnerUin,
    Domain: r.Domain,
    Organization: r.Organization,
    Department: r.Department,
    Email: r.Email,
    Province: r.Province,
    City: r.City,
    Country: r.Country,
    Remarks: r.Remarks,
    Status: r.Status,
    CreateTime: r.CreateTime,
    EncryptAlgo: r.EncryptAlgo,
    KeyParameter: r.KeyParameter,
});

async function modifyCsr(p: Validated<ModifyCSRRequest>, ctx: ActionContext) {
    const current = findCsr(ctx, p.CSRId);
    if (current.Status === 1) {
        throw new ApiError("FailedOperation", `CSR ${current.Id} has already been generated and can no longer be modified.`);
    }
    const next: CsrRecord = { ...current };
    for (const f of [...SUBJECT_FIELDS, "EncryptAlgo", "KeyParameter"] as const) {
        const value = p[f];
        if (typeof value === "string") next[f] = value;
    }
    if (typeof p.Remark === "string") next.Remarks = p.Remark;
    if (typeof p.KeyPassword === "string") next.KeyPassword = p.KeyPassword || null;
    checkCsrFields(next, "InvalidParameter.WithDetailReason");
    if (p.Generate === true) await generateInto(next);
    // A concurrent BatchDeleteCSR during generation wins: do not resurrect the record.
    if (!ctx.owns(ctx.state.ssl.csrs[String(next.Id)])) throw new ApiError("InvalidParameter.InvalidCSRId", `CSR ${next.Id} does not exist.`);
    ctx.state.ssl.csrs[String(next.Id)] = next;
    return { Id: next.Id };
}

/** Per emulator state: the ModifyCSR of each CSR id in progress (see oneChangeAtATime). */
const changesInProgress = new WeakMap<object, Map<number, Promise<unknown>>>();

/**
 * ModifyCSR calls on one CSR run one after another, as one record changes once at a time: a retry
 * that arrives while the first call is still generating the key pair then sees the generated CSR
 * (FailedOperation), instead of generating a second key pair that silently replaces the first.
 */
function oneChangeAtATime<T>(state: object, id: number, change: () => Promise<T>): Promise<T> {
    let queue = changesInProgress.get(state);
    if (!queue) {
        queue = new Map();
        changesInProgress.set(state, queue);
    }
    const result = (queue.get(id) ?? Promise.resolve()).then(change);
    const settled = result.catch(() => undefined);
    queue.set(id, settled);
    void settled.then(() => queue.get(id) === settled && queue.delete(id));
    return result;
}

export const sslService = {
    "2019-12-05": {
        CreateCSR: {
            write: true,
            async handle(p, ctx) {
                const rec: CsrRecord = {
                    Id: 0,
                    OwnerUin: ctx.ownerUin,
                    Domain: p.Domain,
                    Organization: p.Organization,
                    Department: p.Department,
                    Email: p.Email,
                    Province: p.Province,
                    City: p.City,
                    Country: p.Country,
                    EncryptAlgo: p.EncryptAlgo,
                    KeyParameter: p.KeyParameter,
                    Remarks: p.Remark ?? "",
                    Status: 0,
                    KeyPassword: p.KeyPassword || null,
                    CreateTime: formatChinaTime(ctx.now),
                    CSR: null,
                    PrivateKey: null,
                    Tags: p.Tags ?? [],
                };
                checkCsrFields(rec, "FailedOperation.InvalidParam");
                if (p.Generate === true) await generateInto(rec);
                rec.Id = ctx.state.ssl.nextId++;
                ctx.state.ssl.csrs[String(rec.Id)] = rec;
                return { Id: rec.Id };
            },
        },
        DescribeCSR: {
            write: false,
            handle(p, ctx) {
                const r = findCsr(ctx, p.CSRId);
                // DescribeCSR answers every field DescribeCSRSet lists, plus the content and the key.
                return { ...listItem(r), KeyPassword: r.KeyPassword, CSR: r.CSR, PrivateKey: r.PrivateKey };
            },
        },
        DescribeCSRSet: {
            write: false,
            handle(p, ctx) {
                const { offset, limit } = page(p, 10, 100, "FailedOperation.InvalidParam");
                const domain = p.Domain;
                const algo = p.EncryptAlgo;
                // Newest first, like the console list.
                const all = Object.values(ctx.state.ssl.csrs)
                    .filter((r) => ctx.owns(r))
                    .filter((r) => (domain ? r.Domain.toLowerCase().includes(domain.toLowerCase()) : true))
                    .filter((r) => (algo ? r.EncryptAlgo === algo : true))
                    .sort((a, b) => b.Id - a.Id);
                return { Total: all.length, Set: all.slice(offset, offset + limit).map(listItem) };
            },
        },
        ModifyCSR: { write: true, handle: (p, ctx) => oneChangeAtATime(ctx.state, p.CSRId, () => modifyCsr(p, ctx)) },
        DescribeCertificates: { write: false, handle: describeCertificates },
        BatchDeleteCSR: {
            write: true,
            handle(p, ctx) {
                const ids = p.CSRIds;
                if (ids.length === 0) throw new ApiError("InvalidParameter", "CSRIds must contain at least one id.");
                if (ids.length > 100) throw new ApiError("InvalidParameterValue", `CSRIds holds ${ids.length} ids; at most 100 are allowed.`);
                const bad = ids.find((id) => id <= 0);
                if (bad !== undefined) throw new ApiError("InvalidParameter.InvalidCSRId", `CSR id ${bad} is not valid.`);
                // Unknown ids (and other accounts' CSRs) are skipped: Success lists only what was actually deleted (see the API example).
                const success: number[] = [];
                for (const id of ids) {
                    if (ctx.owns(ctx.state.ssl.csrs[String(id)]) && !success.includes(id)) {
                        delete ctx.state.ssl.csrs[String(id)];
                        success.push(id);
                    }
                }
                return { Success: success };
            },
        },
    },
} satisfies ServiceDefinition<"ssl">;
