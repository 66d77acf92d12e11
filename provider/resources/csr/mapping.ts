/**
 * Mapping between CsrResource's inputs/outputs and the API's CSR records, and the field-by-field
 * comparison that diff, update, adoption and the orphan search share.
 */
import type { CSRItem, DescribeCSRResponse, ModifyCSRRequest } from "../../tencentcloud/services/ssl";
import { unwrapSecret, withoutUndefined } from "../common/wire";
import {
    CSR_MODIFIABLE_FIELDS,
    CSR_SUBJECT_FIELDS,
    CsrEncryptAlgo,
    CsrInputs,
    CsrModifiableField,
    CsrOutputs,
    isGenerated,
    remarkWithToken,
    splitRemark,
} from "./inputs";

/** A CSR as known remotely: from DescribeCSR (with content) or a DescribeCSRSet item (without). */
export interface RemoteCsr {
    id: number;
    fields: Record<(typeof CSR_SUBJECT_FIELDS)[number], string>;
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

export function remoteFromApi(id: number, source: DescribeCSRResponse | CSRItem, detailed: boolean): RemoteCsr {
    const str = (v: unknown) => (typeof v === "string" ? v : "");
    const { remark, token } = splitRemark(source.Remarks);
    const detail = source as DescribeCSRResponse;
    return {
        id,
        fields: {
            domain: str(source.Domain),
            organization: str(source.Organization),
            department: str(source.Department),
            email: str(source.Email),
            province: str(source.Province),
            city: str(source.City),
            country: str(source.Country),
            encryptAlgo: str(source.EncryptAlgo),
            keyParameter: str(source.KeyParameter),
        },
        remark,
        token,
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

/** Normalized value of a comparable field: absent optional values compare as empty. */
export function normalizedField(props: Record<string, unknown>, field: string): unknown {
    const value = unwrapSecret(props[field]);
    switch (field) {
        case "remark":
        case "keyPassword":
            return value === undefined || value === null ? "" : value;
        case "tags":
            return value === undefined || value === null ? {} : value;
        case "keyParameter":
            return typeof value === "number" ? String(value) : value;
        default:
            return value;
    }
}

export function sameValue(a: unknown, b: unknown): boolean {
    if (a !== null && b !== null && typeof a === "object" && typeof b === "object") {
        const ak = Object.keys(a as object).sort();
        const bk = Object.keys(b as object).sort();
        return ak.length === bk.length && ak.every((k, i) => k === bk[i] && sameValue((a as any)[k], (b as any)[k]));
    }
    return a === b;
}

/**
 * Fields whose remote value differs from the inputs. Key password is compared only when the remote
 * value is known (DescribeCSR returns it; listings do not).
 */
export function remoteDifferences(remote: RemoteCsr, inputs: CsrInputs): CsrModifiableField[] {
    const differences: CsrModifiableField[] = [];
    for (const field of CSR_SUBJECT_FIELDS) {
        if (remote.fields[field] !== inputs[field]) {
            differences.push(field);
        }
    }
    if (remote.remark !== (inputs.remark ?? "")) {
        differences.push("remark");
    }
    if (remote.keyPassword !== undefined && (remote.keyPassword ?? "") !== (inputs.keyPassword ?? "")) {
        differences.push("keyPassword");
    }
    return differences;
}

/** ModifyCSR parameters that set `fields` to the inputs' values (typed: a misspelt API field name does not compile). */
export function modifyRequest(id: number, inputs: CsrInputs, fields: readonly CsrModifiableField[], token: string | undefined): ModifyCSRRequest {
    const request: ModifyCSRRequest = { CSRId: id, Generate: inputs.generate };
    for (const field of fields) {
        request[CSR_MODIFIABLE_FIELDS[field]] =
            field === "remark" ? (remarkWithToken(inputs.remark, token) ?? "") : field === "keyPassword" ? (inputs.keyPassword ?? "") : inputs[field];
    }
    return request;
}

/**
 * The resource's outputs: remote values for everything the API reports, the inputs' values for
 * what it cannot report (tags, adoptCsrId), and the known content when `remote` carries none.
 */
export function toOutputs(remote: RemoteCsr, inputs: Partial<CsrInputs>, known: { csr?: string; privateKey?: string; keyPassword?: string } = {}): CsrOutputs {
    const generated = remoteIsGenerated(remote) || (remote.status === 1 && !!known.csr);
    const keyPassword = remote.keyPassword !== undefined ? (remote.keyPassword ?? undefined) : known.keyPassword;
    const csr = remote.csr ?? (generated ? known.csr : undefined);
    const privateKey = remote.privateKey ?? (generated ? known.privateKey : undefined);
    return withoutUndefined<CsrOutputs>({
        domain: remote.fields.domain,
        organization: remote.fields.organization,
        department: remote.fields.department,
        email: remote.fields.email,
        province: remote.fields.province,
        city: remote.fields.city,
        country: remote.fields.country,
        encryptAlgo: remote.fields.encryptAlgo as CsrEncryptAlgo,
        keyParameter: remote.fields.keyParameter,
        generate: generated,
        keyPassword: keyPassword ? keyPassword : undefined,
        remark: remote.remark !== "" || inputs.remark !== undefined ? remote.remark : undefined,
        tags: inputs.tags && Object.keys(inputs.tags).length > 0 ? inputs.tags : undefined,
        adoptCsrId: inputs.adoptCsrId,
        clientToken: remote.token ?? inputs.clientToken,
        csrId: remote.id,
        csr: csr ? csr : undefined,
        privateKey: privateKey ? privateKey : undefined,
        status: remote.status,
        createTime: remote.createTime,
    });
}

const INPUT_KEYS: readonly (keyof CsrInputs)[] = [...CSR_SUBJECT_FIELDS, "generate", "keyPassword", "remark", "tags", "adoptCsrId", "clientToken"];

/** The inputs that reproduce `outputs` (what read returns as `inputs`, so the CLI can name drift). */
export function inputsFromOutputs(outputs: CsrOutputs): CsrInputs {
    const inputs: Record<string, unknown> = {};
    for (const key of INPUT_KEYS) {
        if (outputs[key] !== undefined) {
            inputs[key] = outputs[key];
        }
    }
    return inputs as unknown as CsrInputs;
}
