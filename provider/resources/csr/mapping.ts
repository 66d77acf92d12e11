/**
 * CsrResource ↔ the API's CSR records, by the field table's API names: CreateCSR and ModifyCSR
 * parameters, CSR records (DescribeCSR, DescribeCSRSet items), and the outputs.
 */
import type { CreateCSRRequest, CSRItem, DescribeCSRResponse, ModifyCSRRequest } from "../../tencentcloud/services/ssl";
import { apiParams } from "../common/fields";
import { Props, wireSafe } from "../common/wire";
import { CSR_FIELDS, CSR_SUBJECT_FIELDS, CsrInputs, CsrOutputs, CsrSubject, isGenerated, remarkWithToken, splitRemark } from "./inputs";

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
