/**
 * CsrResource's field table (common/fields.ts): every input and output with its API name (ssl
 * 2019-12-05 CreateCSR / ModifyCSR / DescribeCSR, /work/shared/api-reference.md), validator,
 * default and what a change does; plus the remark client token and the id format.
 *
 * Before generation every field ModifyCSR takes changes in place; once generated the API refuses
 * every modification, so any change replaces. Tags (only CreateCSR sets them) always replace.
 */
import type { SslTag } from "../../tencentcloud/services/ssl";
import { defaulted, FieldTable, InputsOf, maybeOutput, optional, output, OutputsOf, required, type CheckContext } from "../common/fields";
import { hostNameProblem } from "../common/host-name";
import { SCOPE_FIELDS } from "../common/scope";
import { describeValue, kindOf, text } from "../common/validators";
import { CheckFailure, isUnknown, Props, unwrapSecret } from "../common/wire";
import { CsrIdError } from "./errors";

export const CSR_ENCRYPT_ALGOS = ["RSA", "ECC"] as const;
export type CsrEncryptAlgo = (typeof CSR_ENCRYPT_ALGOS)[number];

/** Key parameters CreateCSR/ModifyCSR accept per algorithm; the first is the default. */
export const CSR_KEY_PARAMETERS: Record<CsrEncryptAlgo, readonly string[]> = { RSA: ["2048", "4096"], ECC: ["prime256v1"] };

export const CSR_STATUS_GENERATED = 1;

/** Limits, from X.509 upper bounds (RFC 5280 ub-*) where the API documents none. */
export const CSR_LIMITS = {
    /** ub-common-name: the domain becomes the subject's CN. */
    domainMaxLength: 64,
    /** ub-organization-name, ub-organizational-unit-name. */
    subjectFieldMaxLength: 64,
    /** ub-state-name, ub-locality-name. */
    placeFieldMaxLength: 128,
    emailMaxLength: 128,
    keyPasswordMinLength: 4,
    keyPasswordMaxLength: 64,
    /** The remote Remarks field, including the client-token marker the provider appends. */
    remoteRemarkMaxLength: 128,
    tagsMaxCount: 50,
    tagKeyMaxLength: 127,
    tagValueMaxLength: 255,
} as const;

/** True when the CSR content exists, after which the API refuses every modification. */
export function isGenerated(status: unknown, csrPem?: unknown): boolean {
    return status === CSR_STATUS_GENERATED || (typeof csrPem === "string" && csrPem.length > 0);
}

/** In place before generation, a replacement once the CSR the old outputs describe is generated. */
const replacedOnceGenerated = (olds: Props) => (isGenerated(olds.status, olds.csr) ? "replace" : "update");
const onceGenerated = { change: replacedOnceGenerated, changeDoc: "in place before generation; replaces once generated" } as const;

// ---- validators that need more than one field ----------------------------------------------------

function domainProblem(value: string): string | undefined {
    if (value.length > CSR_LIMITS.domainMaxLength) {
        return `domain is ${value.length} characters long; a CSR's common name holds at most ${CSR_LIMITS.domainMaxLength}`;
    }
    if (/[^\x00-\x7f]/.test(value)) {
        return `domain ${describeValue(value)} contains non-ASCII characters; use its punycode form (xn--…)`;
    }
    const problem = hostNameProblem(value);
    return problem
        ? `domain ${describeValue(value)} is not a fully qualified host name: it ${problem}; expected labels of letters, digits and '-' separated by dots, optionally starting with '*.' (e.g. www.example.com or *.example.com)`
        : undefined;
}

/** The CSR domain rules (also used by the getCsrs lookup's `domain` filter). */
export function checkDomain(value: string, failures: CheckFailure[]): void {
    const problem = domainProblem(value);
    if (problem) {
        failures.push({ property: "domain", reason: problem });
    }
}

/** Passes `value` on, or fails with `problem` when there is one. */
function unless(problem: string | undefined, value: string, ctx: CheckContext): string | undefined {
    return problem ? (ctx.fail(problem), undefined) : value;
}

/**
 * Characters the CSR subject cannot carry safely: control and invisible format characters, and the
 * separators of the `/O=…/OU=…` subject syntax CSR tooling builds from these fields.
 */
const SUBJECT_FORBIDDEN = /[\p{Cc}\p{Cf}\p{Co}\p{Cs}\p{Zl}\p{Zp}/\\=<>"]/u;
const TEXT_FORBIDDEN = /[\p{Cc}\p{Cf}\p{Co}\p{Cs}\p{Zl}\p{Zp}]/u;

function subjectText(maxLength: number) {
    return text((value, ctx) => {
        const length = [...value].length;
        if (length > maxLength) {
            ctx.fail(`${ctx.name} is ${length} characters long; at most ${maxLength} are allowed`);
        }
        const bad = SUBJECT_FORBIDDEN.exec(value);
        if (bad) {
            const code = bad[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0");
            ctx.fail(
                `${ctx.name} contains ${JSON.stringify(bad[0])} (U+${code}), which a CSR subject cannot carry; not allowed: control or invisible characters, / \\ = < > "`,
            );
        }
        return value;
    });
}

function email(value: string, ctx: CheckContext): string | undefined {
    const problem =
        value.length > CSR_LIMITS.emailMaxLength
            ? `email is ${value.length} characters long; at most ${CSR_LIMITS.emailMaxLength} are allowed`
            : !EMAIL.test(value)
              ? `email ${describeValue(value)} is not an email address; expected local-part@domain.tld with ASCII characters (e.g. admin@example.com)`
              : undefined;
    return unless(problem, value, ctx);
}

const EMAIL = /^[A-Za-z0-9.!#$%&'*+\-/=?^_`{|}~]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;

/** ISO 3166-1 alpha-2 codes officially assigned (249). */
const ISO_3166_ALPHA2: ReadonlySet<string> = new Set(
    (
        "AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ " +
        "CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR " +
        "GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP " +
        "KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT " +
        "MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW " +
        "SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG " +
        "UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW"
    ).split(" "),
);

function country(value: string, ctx: CheckContext): string | undefined {
    const code = value.toUpperCase();
    if (!/^[A-Z]{2}$/.test(code)) {
        ctx.fail(`country ${describeValue(value)} must be an ISO 3166-1 alpha-2 code: two letters such as CN, US, DE, SG`);
    } else if (!ISO_3166_ALPHA2.has(code)) {
        ctx.fail(`country ${describeValue(value)} is not an assigned ISO 3166-1 alpha-2 code (e.g. CN, US, GB, DE, SG, HK, JP)`);
    } else {
        return code;
    }
    return undefined;
}

function encryptAlgo(value: unknown, ctx: CheckContext): CsrEncryptAlgo | undefined {
    if (typeof value === "string" && (CSR_ENCRYPT_ALGOS as readonly string[]).includes(value)) {
        return value as CsrEncryptAlgo;
    }
    ctx.fail(`encryptAlgo ${describeValue(value)} is not supported; allowed values: ${CSR_ENCRYPT_ALGOS.join(", ")} (default RSA)`);
    return undefined;
}

/** Valid for the encryptAlgo checked above it; passed on as given when that one failed or is not known yet. */
function keyParameter(value: unknown, ctx: CheckContext): string | undefined {
    const param = typeof value === "number" ? String(value) : value;
    const algo = ctx.inputs.encryptAlgo as CsrEncryptAlgo;
    const allowed = CSR_KEY_PARAMETERS[algo];
    if (!allowed || (typeof param === "string" && allowed.includes(param))) {
        return typeof param === "string" ? param : undefined;
    }
    const other = CSR_ENCRYPT_ALGOS.find((a) => a !== algo && typeof param === "string" && CSR_KEY_PARAMETERS[a].includes(param));
    ctx.fail(
        `keyParameter ${describeValue(value)} is not valid for encryptAlgo ${algo}; allowed: ${allowed.join(", ")} (default ${allowed[0]})` +
            (other ? `. ${describeValue(param)} belongs to encryptAlgo ${other}: set encryptAlgo to ${other} or change keyParameter` : ""),
    );
    return undefined;
}

/** The remark's room depends on the client token the provider appends (given below it in the table). */
function remark(value: unknown, ctx: CheckContext): string | undefined {
    const tokenLength = typeof ctx.raw.clientToken === "string" && TOKEN_RULE.test(ctx.raw.clientToken) ? ctx.raw.clientToken.length : 0;
    const marker = tokenLength ? tokenLength + " [pulumi:]".length : 0;
    const maxLength = CSR_LIMITS.remoteRemarkMaxLength - marker;
    if (typeof value !== "string") {
        ctx.fail(`remark must be a string, got ${kindOf(value)}`);
    } else if ([...value].length > maxLength) {
        ctx.fail(
            `remark is ${[...value].length} characters long; at most ${maxLength} are allowed` +
                (marker ? ` (the provider appends a ${marker}-character client token)` : ""),
        );
    } else if (TEXT_FORBIDDEN.test(value)) {
        ctx.fail("remark must not contain control or invisible characters (line breaks, tabs, zero-width characters)");
    } else if (/\[pulumi:[0-9a-z]*\]\s*$/.test(value)) {
        ctx.fail("remark must not end with a '[pulumi:…]' marker; the provider reserves it for its client token");
    } else {
        return value;
    }
    return undefined;
}

const KEY_PASSWORD = /^[\x21-\x7e]+$/;
/** A client token: 6–32 lower-case letters or digits. */
const TOKEN_RULE = /^[0-9a-z]{6,32}$/;

function clientToken(value: unknown, ctx: CheckContext): string | undefined {
    if (typeof value === "string" && (value === "" || TOKEN_RULE.test(value))) {
        return value;
    }
    ctx.fail(
        `clientToken ${describeValue(value)} must be 6 to 32 lower-case letters or digits, or "" to disable the remark token (it is set automatically from the resource name)`,
    );
    return undefined;
}

const TAG_TEXT = /^[\p{L}\p{N} +\-=._:/@()[\]（）【】]*$/u;
const TAG_TEXT_HUMAN = "letters, digits, spaces and + - = . _ : / @ ( ) [ ]";
const TAG_RESERVED_PREFIXES = ["qcloud:", "tencent:", "project"];

function tagKeyProblem(key: string): string | undefined {
    if (key.length === 0 || key.length > CSR_LIMITS.tagKeyMaxLength) {
        return `tag key ${describeValue(key)} must be 1 to ${CSR_LIMITS.tagKeyMaxLength} characters long`;
    }
    if (!TAG_TEXT.test(key)) {
        return `tag key ${describeValue(key)} may only contain ${TAG_TEXT_HUMAN}`;
    }
    const reserved = TAG_RESERVED_PREFIXES.some((prefix) => key.toLowerCase().startsWith(prefix));
    return reserved
        ? `tag key ${describeValue(key)} uses a prefix Tencent Cloud reserves (${TAG_RESERVED_PREFIXES.join(", ")}); choose another key`
        : undefined;
}

function tagValueProblem(key: string, value: unknown): string | undefined {
    const where = `tags[${JSON.stringify(key)}]`;
    if (typeof value !== "string") {
        return `${where} must be a string, got ${kindOf(value)}`;
    }
    if (value.length > CSR_LIMITS.tagValueMaxLength) {
        return `${where} is ${value.length} characters long; at most ${CSR_LIMITS.tagValueMaxLength} are allowed`;
    }
    return TAG_TEXT.test(value) ? undefined : `${where} may only contain ${TAG_TEXT_HUMAN}`;
}

/** Tags as a map; an empty map is no tags. */
function tags(value: unknown, ctx: CheckContext): Record<string, string> | undefined {
    if (value === null || typeof value !== "object" || Array.isArray(value)) {
        ctx.fail(`tags must be a map of tag key to tag value (e.g. { env: "prod" }), got ${kindOf(value)}`);
        return undefined;
    }
    const entries = Object.entries(value as Props).map(([key, raw]) => [key, unwrapSecret(raw)] as const);
    if (entries.length > CSR_LIMITS.tagsMaxCount) {
        ctx.fail(`tags has ${entries.length} entries; at most ${CSR_LIMITS.tagsMaxCount} tags are allowed per CSR`);
    }
    const checked: Record<string, string> = {};
    for (const [key, tagValue] of entries) {
        const problems = [tagKeyProblem(key), isUnknown(tagValue) ? undefined : tagValueProblem(key, tagValue)].filter((p) => p !== undefined);
        problems.forEach((problem) => ctx.fail(problem));
        if (problems.length === 0) {
            checked[key] = tagValue as string;
        }
    }
    return Object.keys(checked).length > 0 ? checked : undefined;
}

function keyPassword(value: unknown, ctx: CheckContext): string | undefined {
    // Never echo the value: it is a secret.
    const { keyPasswordMinLength: min, keyPasswordMaxLength: max } = CSR_LIMITS;
    if (typeof value !== "string") {
        ctx.fail(`keyPassword must be a string, got ${kindOf(value)}`);
    } else if (value.length < min || value.length > max) {
        ctx.fail(`keyPassword must be ${min} to ${max} characters long (got ${value.length})`);
    } else if (!KEY_PASSWORD.test(value)) {
        ctx.fail("keyPassword may only contain printable ASCII characters without spaces (letters, digits and punctuation)");
    } else {
        return value;
    }
    return undefined;
}

function adoptCsrId(value: unknown, ctx: CheckContext): number | undefined {
    const id = typeof value === "string" && /^\d+$/.test(value) ? Number(value) : value;
    if (typeof id === "number" && Number.isSafeInteger(id) && id > 0) {
        return id;
    }
    ctx.fail(`adoptCsrId ${describeValue(value)} must be the positive integer id of an existing CSR (as shown by DescribeCSRSet / the SSL console)`);
    return undefined;
}

function generate(value: unknown, ctx: CheckContext): boolean | undefined {
    if (typeof value === "boolean") {
        return value;
    }
    ctx.fail(`generate must be true or false (default true: generate the CSR content and private key now), got ${describeValue(value)}`);
    return undefined;
}

// ---- the table -------------------------------------------------------------------------------------

/** Who a CSR is for and its key: the fields every CSR carries and DescribeCSRSet lists. */
const SUBJECT_FIELDS = {
    domain: required<string>({
        api: "Domain",
        type: "string",
        doc: "Subject CN: a fully qualified host name (e.g. www.example.com; `*.` wildcard allowed), ASCII (punycode for IDNs), at most 64 characters.",
        ...onceGenerated,
        parse: text((value, ctx) => unless(domainProblem(value), value, ctx)),
    }),
    organization: required<string>({
        api: "Organization",
        type: "string",
        doc: "Subject O, the organization name (e.g. Example Ltd), at most 64 characters.",
        ...onceGenerated,
        parse: subjectText(CSR_LIMITS.subjectFieldMaxLength),
    }),
    department: required<string>({
        api: "Department",
        type: "string",
        doc: "Subject OU, the department (e.g. IT), at most 64 characters.",
        ...onceGenerated,
        parse: subjectText(CSR_LIMITS.subjectFieldMaxLength),
    }),
    email: required<string>({
        api: "Email",
        type: "string",
        doc: "A contact email address, `local@domain.tld` (e.g. admin@example.com), at most 128 characters.",
        ...onceGenerated,
        parse: text(email),
    }),
    province: required<string>({
        api: "Province",
        type: "string",
        doc: "Subject ST, the province or state (e.g. Guangdong), at most 128 characters.",
        ...onceGenerated,
        parse: subjectText(CSR_LIMITS.placeFieldMaxLength),
    }),
    city: required<string>({
        api: "City",
        type: "string",
        doc: "Subject L, the city (e.g. Shenzhen), at most 128 characters.",
        ...onceGenerated,
        parse: subjectText(CSR_LIMITS.placeFieldMaxLength),
    }),
    country: required<string>({
        api: "Country",
        type: "string",
        doc: "Subject C, an ISO 3166-1 alpha-2 code (`CN`, `US`, …); lower case is accepted and upper-cased.",
        ...onceGenerated,
        parse: text(country),
    }),
    encryptAlgo: defaulted<CsrEncryptAlgo>({
        api: "EncryptAlgo",
        type: '`"RSA"` \\| `"ECC"`',
        doc: "The key algorithm.",
        default: "RSA",
        ...onceGenerated,
        parse: encryptAlgo,
    }),
    keyParameter: defaulted<string, "2048" | "4096" | "prime256v1" | 2048 | 4096>({
        api: "KeyParameter",
        type: "string",
        doc: "`2048` or `4096` for RSA; `prime256v1` for ECC.",
        defaultDoc: "`2048` (RSA), `prime256v1` (ECC)",
        fill: (ctx) => CSR_KEY_PARAMETERS[ctx.inputs.encryptAlgo as CsrEncryptAlgo]?.[0],
        ...onceGenerated,
        parse: keyParameter,
    }),
};

export const CSR_FIELDS = {
    ...SUBJECT_FIELDS,
    generate: defaulted<boolean>({
        api: "Generate",
        type: "boolean",
        doc: "Generate the CSR content and private key now; `false` keeps the CSR editable. Setting it to `true` later generates in place.",
        default: true,
        ...onceGenerated,
        // What counts is whether the CSR is generated, not what the input said.
        same: (_old, next, { olds }) => next === isGenerated(olds.status, olds.csr),
        parse: generate,
    }),
    keyPassword: optional<string>({
        api: "KeyPassword",
        type: "string",
        doc: "Encrypts the private key: 4–64 printable ASCII characters without spaces. Stored as a secret even when given in plain text.",
        secret: true,
        absentAs: "",
        ...onceGenerated,
        parse: keyPassword,
    }),
    remark: optional<string>({
        api: "Remark",
        type: "string",
        doc: "Free text without line breaks or control characters, at most 106 characters (the remote remark holds 128 with the client token).",
        absentAs: "",
        ...onceGenerated,
        parse: remark,
    }),
    tags: optional<Record<string, string>>({
        api: "Tags",
        type: "`Record<string, string>`",
        doc: "Sent as CreateCSR `Tags`; at most 50; keys 1–127 characters, values up to 255; letters, digits, spaces and `+ - = . _ : / @ ( ) [ ]`; keys must not start with `qcloud:`, `tencent:` or `project`. Cannot be read back.",
        change: "replace",
        absentAs: {},
        encode: (tags): SslTag[] | undefined =>
            Object.keys(tags).length ? Object.entries(tags).map(([TagKey, TagValue]) => ({ TagKey, TagValue })) : undefined,
        parse: tags,
    }),
    adoptCsrId: optional<number, number | string>({
        type: "number \\| string",
        doc: "Adopt this existing CSR instead of creating one (see *Adopting an existing CSR*); not together with `tags`.",
        change: "replace",
        // Only a different id matters: adoption happens at create, and dropping the input afterwards changes nothing.
        same: (_old, next, { olds }) => next === undefined || Number(next) === Number(olds.csrId),
        parse: adoptCsrId,
    }),
    clientToken: optional<string>({
        type: "string",
        doc: 'Set automatically from project, stack and name (see *No duplicates*); `""` turns the remark marker off.',
        change: "ignore",
        parse: clientToken,
    }),
    ...SCOPE_FIELDS,
    csrId: output<number>({ api: "Id", type: "number", doc: "The CSR id; also the resource id." }),
    csr: maybeOutput<string>({ api: "CSR", type: "string", doc: "The CSR in PEM, once generated." }),
    privateKey: maybeOutput<string>({
        api: "PrivateKey",
        type: "string",
        doc: "The private key in PEM (`ENCRYPTED PRIVATE KEY` when `keyPassword` is set), once generated.",
        secret: true,
    }),
    status: output<number>({ api: "Status", type: "number", doc: "`0` not generated (editable), `1` generated (frozen)." }),
    createTime: output<string>({ api: "CreateTime", type: "string", doc: "As the API reports it (China Standard Time, `YYYY-MM-DD hh:mm:ss`)." }),
};

/** The fields ModifyCSR sets (before generation): those with an API name that change in place until then. */
export function modifiable(name: string): boolean {
    const field = (CSR_FIELDS as FieldTable)[name];
    return field?.api !== undefined && field.change === replacedOnceGenerated;
}

/** The subject and key fields, in table order. */
export const CSR_SUBJECT_FIELDS = Object.keys(SUBJECT_FIELDS) as (keyof typeof SUBJECT_FIELDS)[];
/** Who a CSR is for: its domain, subject and key fields. */
export type CsrSubject = { [K in keyof typeof SUBJECT_FIELDS]: string };
/** The inputs after `check`: defaults applied, country upper-cased. */
export type CsrInputs = InputsOf<typeof CSR_FIELDS>;
/** What the provider stores as the resource's outputs. Absent optional values are omitted, never undefined. */
export type CsrOutputs = OutputsOf<typeof CSR_FIELDS>;

/** `tags` with `adoptCsrId`: only CreateCSR sets tags, and an adopted CSR already exists. */
export function csrRules(inputs: Props, fail: (property: string, reason: string) => void): void {
    if (inputs.tags !== undefined && inputs.adoptCsrId !== undefined) {
        fail(
            "tags",
            "tags cannot be set together with adoptCsrId: only CreateCSR sets tags, and an adopted CSR already exists. Remove tags, or remove adoptCsrId to create a new CSR",
        );
    }
}

// ---- client token and id ---------------------------------------------------------------------------

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
    return match ? { remark: text.slice(0, match.index), token: match[1] } : { remark: text };
}

/** The id in state as a CSR id. */
export function parseCsrId(id: string): number {
    if (!/^\d{1,15}$/.test(id) || Number(id) <= 0) {
        throw new CsrIdError(`'${id}' is not a CSR id (a positive integer); the state of this CsrResource was edited or belongs to another resource type`);
    }
    return Number(id);
}
