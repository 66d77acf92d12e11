/**
 * CsrResource's resolved input and output shapes, their defaults, and the small value helpers
 * every CSR module shares (secret/unknown markers, remark client tokens, "is it generated").
 */

export const CSR_ENCRYPT_ALGOS = ["RSA", "ECC"] as const;
export type CsrEncryptAlgo = (typeof CSR_ENCRYPT_ALGOS)[number];

/** Key parameters CreateCSR/ModifyCSR accept per algorithm; the first is the default. */
export const CSR_KEY_PARAMETERS: Record<CsrEncryptAlgo, readonly string[]> = {
    RSA: ["2048", "4096"],
    ECC: ["prime256v1"],
};

/** The inputs after `check`: defaults applied, country upper-cased, tags as a map. */
export interface CsrInputs {
    domain: string;
    organization: string;
    department: string;
    email: string;
    province: string;
    city: string;
    country: string;
    encryptAlgo: CsrEncryptAlgo;
    keyParameter: string;
    generate: boolean;
    keyPassword?: string;
    remark?: string;
    tags?: Record<string, string>;
    adoptCsrId?: number;
    clientToken?: string;
}

/** What the provider stores as the resource's outputs. Absent optional values are omitted, never undefined. */
export interface CsrOutputs extends CsrInputs {
    csrId: number;
    /** PEM, present once generated. */
    csr?: string;
    /** PEM, present once generated; secret. */
    privateKey?: string;
    /** Remote status: 0 = not generated, 1 = generated. */
    status: number;
    createTime: string;
}

/** The fields ModifyCSR can change before generation (API name per input name). */
export const CSR_MODIFIABLE_FIELDS = {
    domain: "Domain",
    organization: "Organization",
    department: "Department",
    email: "Email",
    province: "Province",
    city: "City",
    country: "Country",
    encryptAlgo: "EncryptAlgo",
    keyParameter: "KeyParameter",
    remark: "Remark",
    keyPassword: "KeyPassword",
} as const;
export type CsrModifiableField = keyof typeof CSR_MODIFIABLE_FIELDS;

/** Subject and key fields every CSR carries and DescribeCSRSet lists. */
export const CSR_SUBJECT_FIELDS = ["domain", "organization", "department", "email", "province", "city", "country", "encryptAlgo", "keyParameter"] as const;
export type CsrSubjectField = (typeof CSR_SUBJECT_FIELDS)[number];

export const CSR_STATUS_GENERATED = 1;

/** True when the CSR content exists, after which the API refuses every modification. */
export function isGenerated(status: number | null | undefined, csrPem?: string | null): boolean {
    return status === CSR_STATUS_GENERATED || (typeof csrPem === "string" && csrPem.length > 0);
}

// Markers of Pulumi's wire format (sdk/nodejs/runtime/rpc.ts).
const SECRET_SIG_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIG_VALUE = "1b47061264138c4ac30d75fd1eb44270";
export const UNKNOWN_VALUE = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** The plain value of a property the host may hand over still wrapped as a secret. */
export function unwrapSecret(value: unknown): unknown {
    if (value !== null && typeof value === "object" && (value as Record<string, unknown>)[SECRET_SIG_KEY] === SECRET_SIG_VALUE) {
        return unwrapSecret((value as Record<string, unknown>).value);
    }
    return value;
}

/** A preview placeholder for a value not known yet. */
export function isUnknown(value: unknown): boolean {
    return value === UNKNOWN_VALUE;
}

/**
 * Client tokens tie a CSR to the Pulumi resource that created it, so a create whose response was
 * lost (or whose provider process was killed) adopts its own orphan instead of duplicating it.
 * CSRs have no other free-form field that reads back, so the token rides at the end of Remarks.
 */
const TOKEN_SUFFIX = /(?:^| )\[pulumi:([0-9a-z]{6,32})\]$/;

export function remarkWithToken(remark: string | undefined, token: string | undefined): string | undefined {
    if (!token) {
        return remark;
    }
    const marker = `[pulumi:${token}]`;
    return remark ? `${remark} ${marker}` : marker;
}

/** Splits a remote Remarks value into the user's remark and the client token (if any). */
export function splitRemark(remote: string | null | undefined): { remark: string; token?: string } {
    const text = remote ?? "";
    const match = TOKEN_SUFFIX.exec(text);
    if (!match) {
        return { remark: text };
    }
    return { remark: text.slice(0, match.index), token: match[1] };
}

/** Length of the marker appended to a remark for a token of `tokenLength` characters (with its space). */
export function tokenMarkerLength(tokenLength: number): number {
    return tokenLength + " [pulumi:]".length;
}

/** Copies `source` without keys whose value is undefined (the host cannot serialize undefined). */
export function withoutUndefined<T extends object>(source: T): T {
    const result: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(source)) {
        if (value !== undefined) {
            result[key] = value;
        }
    }
    return result as T;
}
