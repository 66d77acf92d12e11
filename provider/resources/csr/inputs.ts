/**
 * CsrResource's field table (common/fields.ts): every input and output with its API name (ssl
 * 2019-12-05 CreateCSR / ModifyCSR / DescribeCSR, /work/shared/api-reference.md), validator,
 * default and what a change does; plus the remark client token and the id format.
 *
 * Before generation every field ModifyCSR takes changes in place; once generated the API refuses
 * every modification, so any change replaces. Tags (only CreateCSR sets them) always replace.
 * Length limits come from X.509 upper bounds (RFC 5280 ub-*) where the API documents none.
 */
import type { SslTag } from "../../tencentcloud/services/ssl";
import { defaulted, FieldTable, InputsOf, maybeOutput, optional, output, OutputsOf, required, type CheckContext } from "../common/fields";
import { hostNameProblem } from "../common/host-name";
import { SCOPE_FIELDS } from "../common/resource";
import { describeValue, kindOf, text, unlessAny } from "../common/validators";
import { CheckFailure, isUnknown, Props, unwrapSecret } from "../common/wire";
import { CsrIdError } from "./errors";

export type CsrEncryptAlgo = "RSA" | "ECC";
/** Key parameters CreateCSR/ModifyCSR accept per algorithm; the first is the default. */
const KEY_PARAMETERS: Record<CsrEncryptAlgo, readonly string[]> = { RSA: ["2048", "4096"], ECC: ["prime256v1"] };
const ENCRYPT_ALGOS = Object.keys(KEY_PARAMETERS) as CsrEncryptAlgo[];

export const CSR_STATUS_GENERATED = 1;

/** True when the CSR content exists, after which the API refuses every modification. */
export function isGenerated(status: unknown, csrPem?: unknown): boolean {
    return status === CSR_STATUS_GENERATED || (typeof csrPem === "string" && csrPem.length > 0);
}

/** In place before generation, a replacement once the CSR the old outputs describe is generated. */
const replacedOnceGenerated = (olds: Props) => (isGenerated(olds.status, olds.csr) ? "replace" : "update");
const onceGenerated = { change: replacedOnceGenerated, changeDoc: "in place before generation; replaces once generated" } as const;

// ---- validators ------------------------------------------------------------------------------------

function domainProblem(value: string): string | undefined {
    const problem = hostNameProblem(value);
    if (value.length > 64) {
        return `domain is ${value.length} characters long; a CSR's common name holds at most 64`;
    }
    if (/[^\x00-\x7f]/.test(value)) {
        return `domain ${describeValue(value)} contains non-ASCII characters; use its punycode form (xn--…)`;
    }
    return problem
        ? `domain ${describeValue(value)} is not a fully qualified host name: it ${problem}; expected labels of letters, digits and '-' separated by dots, optionally starting with '*.' (e.g. www.example.com or *.example.com)`
        : undefined;
}

/** The CSR domain rules (also used by the getCsrs lookup's `domain` filter). */
export function checkDomain(value: string, failures: CheckFailure[]): void {
    const reason = domainProblem(value);
    if (reason) {
        failures.push({ property: "domain", reason });
    }
}

/** Control and invisible characters; in the subject also the separators of the `/O=…/OU=…` syntax CSR tooling builds. */
const TEXT_FORBIDDEN = /[\p{Cc}\p{Cf}\p{Co}\p{Cs}\p{Zl}\p{Zp}]/u;
const SUBJECT_FORBIDDEN = /[\p{Cc}\p{Cf}\p{Co}\p{Cs}\p{Zl}\p{Zp}/\\=<>"]/u;

const subjectText = (maxLength: number) =>
    text((value, ctx) => {
        const bad = SUBJECT_FORBIDDEN.exec(value)?.[0];
        const code = bad?.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0");
        return unlessAny(value, ctx, [
            [[...value].length > maxLength, `${ctx.name} is ${[...value].length} characters long; at most ${maxLength} are allowed`],
            [
                bad !== undefined,
                `${ctx.name} contains ${JSON.stringify(bad)} (U+${code}), which a CSR subject cannot carry; not allowed: control or invisible characters, / \\ = < > "`,
            ],
        ]);
    });

const EMAIL = /^[A-Za-z0-9.!#$%&'*+\-/=?^_`{|}~]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;
const email = (value: string, ctx: CheckContext) =>
    unlessAny(value, ctx, [
        [value.length > 128, `email is ${value.length} characters long; at most 128 are allowed`],
        [
            !EMAIL.test(value),
            `email ${describeValue(value)} is not an email address; expected local-part@domain.tld with ASCII characters (e.g. admin@example.com)`,
        ],
    ]);

/** ISO 3166-1 alpha-2 codes officially assigned (249). */
const ISO_3166_ALPHA2: ReadonlySet<string> = new Set(
    "AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW".split(
        " ",
    ),
);

const country = (value: string, ctx: CheckContext) =>
    unlessAny(value.toUpperCase(), ctx, [
        [!/^[A-Z]{2}$/.test(value.toUpperCase()), `country ${describeValue(value)} must be an ISO 3166-1 alpha-2 code: two letters such as CN, US, DE, SG`],
        [
            !ISO_3166_ALPHA2.has(value.toUpperCase()),
            `country ${describeValue(value)} is not an assigned ISO 3166-1 alpha-2 code (e.g. CN, US, GB, DE, SG, HK, JP)`,
        ],
    ]);

const encryptAlgo = (value: unknown, ctx: CheckContext) =>
    unlessAny(value as CsrEncryptAlgo, ctx, [
        [
            !ENCRYPT_ALGOS.includes(value as CsrEncryptAlgo),
            `encryptAlgo ${describeValue(value)} is not supported; allowed values: ${ENCRYPT_ALGOS.join(", ")} (default RSA)`,
        ],
    ]);

/** Valid for the encryptAlgo checked above it; passed on as given when that one failed or is not known yet. */
function keyParameter(value: unknown, ctx: CheckContext): string | undefined {
    const param = typeof value === "number" ? String(value) : value;
    const algo = ctx.inputs.encryptAlgo as CsrEncryptAlgo;
    const allowed = KEY_PARAMETERS[algo];
    if (!allowed || (typeof param === "string" && allowed.includes(param))) {
        return typeof param === "string" ? param : undefined;
    }
    const other = ENCRYPT_ALGOS.find((a) => a !== algo && KEY_PARAMETERS[a].includes(param as string));
    ctx.fail(
        `keyParameter ${describeValue(value)} is not valid for encryptAlgo ${algo}; allowed: ${allowed.join(", ")} (default ${allowed[0]})` +
            (other ? `. ${describeValue(param)} belongs to encryptAlgo ${other}: set encryptAlgo to ${other} or change keyParameter` : ""),
    );
    return undefined;
}

/** A client token: 6–32 lower-case letters or digits. */
const TOKEN_RULE = /^[0-9a-z]{6,32}$/;
const clientToken = (value: unknown, ctx: CheckContext) =>
    unlessAny(value as string, ctx, [
        [
            typeof value !== "string" || (value !== "" && !TOKEN_RULE.test(value)),
            `clientToken ${describeValue(value)} must be 6 to 32 lower-case letters or digits, or "" to disable the remark token (it is set automatically from the resource name)`,
        ],
    ]);

/** The remark's room depends on the client token the provider appends (given below it in the table). */
function remark(value: unknown, ctx: CheckContext): string | undefined {
    const token = ctx.raw.clientToken;
    const marker = typeof token === "string" && TOKEN_RULE.test(token) ? token.length + " [pulumi:]".length : 0;
    const text = typeof value === "string" ? value : "";
    const [length, max] = [[...text].length, 128 - marker];
    return unlessAny(value as string, ctx, [
        [typeof value !== "string", `remark must be a string, got ${kindOf(value)}`],
        [
            length > max,
            `remark is ${length} characters long; at most ${max} are allowed` + (marker ? ` (the provider appends a ${marker}-character client token)` : ""),
        ],
        [TEXT_FORBIDDEN.test(text), "remark must not contain control or invisible characters (line breaks, tabs, zero-width characters)"],
        [/\[pulumi:[0-9a-z]*\]\s*$/.test(text), "remark must not end with a '[pulumi:…]' marker; the provider reserves it for its client token"],
    ]);
}

/** Never echoes the value: it is a secret. */
function keyPassword(value: unknown, ctx: CheckContext): string | undefined {
    const text = typeof value === "string" ? value : "";
    return unlessAny(value as string, ctx, [
        [typeof value !== "string", `keyPassword must be a string, got ${kindOf(value)}`],
        [text.length < 4 || text.length > 64, `keyPassword must be 4 to 64 characters long (got ${text.length})`],
        [!/^[\x21-\x7e]+$/.test(text), "keyPassword may only contain printable ASCII characters without spaces (letters, digits and punctuation)"],
    ]);
}

const TAG_TEXT = /^[\p{L}\p{N} +\-=._:/@()[\]（）【】]*$/u;
const TAG_TEXT_HUMAN = "letters, digits, spaces and + - = . _ : / @ ( ) [ ]";
const TAG_RESERVED_PREFIXES = ["qcloud:", "tencent:", "project"];

/** One tag's problems: its key's, then its value's (a value not known yet is not checked). */
function tagProblems(key: string, value: unknown): string[] {
    const where = `tags[${JSON.stringify(key)}]`;
    const text = typeof value === "string" ? value : "";
    const keyRules: [boolean, string][] = [
        [key.length === 0 || key.length > 127, `tag key ${describeValue(key)} must be 1 to 127 characters long`],
        [!TAG_TEXT.test(key), `tag key ${describeValue(key)} may only contain ${TAG_TEXT_HUMAN}`],
        [
            TAG_RESERVED_PREFIXES.some((prefix) => key.toLowerCase().startsWith(prefix)),
            `tag key ${describeValue(key)} uses a prefix Tencent Cloud reserves (${TAG_RESERVED_PREFIXES.join(", ")}); choose another key`,
        ],
    ];
    const valueRules: [boolean, string][] = isUnknown(value)
        ? []
        : [
              [typeof value !== "string", `${where} must be a string, got ${kindOf(value)}`],
              [text.length > 255, `${where} is ${text.length} characters long; at most 255 are allowed`],
              [!TAG_TEXT.test(text), `${where} may only contain ${TAG_TEXT_HUMAN}`],
          ];
    return [keyRules.find(([holds]) => holds), valueRules.find(([holds]) => holds)].flatMap((rule) => (rule ? [rule[1]] : []));
}

/** Tags as a map; an empty map is no tags. */
function tags(value: unknown, ctx: CheckContext): Record<string, string> | undefined {
    if (value === null || typeof value !== "object" || Array.isArray(value)) {
        return unlessAny(undefined, ctx, [[true, `tags must be a map of tag key to tag value (e.g. { env: "prod" }), got ${kindOf(value)}`]]);
    }
    const entries = Object.entries(value as Props).map(([key, raw]) => [key, unwrapSecret(raw)] as const);
    if (entries.length > 50) {
        ctx.fail(`tags has ${entries.length} entries; at most 50 tags are allowed per CSR`);
    }
    const problems = entries.flatMap(([key, tagValue]) => tagProblems(key, tagValue));
    problems.forEach(ctx.fail);
    return entries.length > 0 && problems.length === 0 ? (Object.fromEntries(entries) as Record<string, string>) : undefined;
}

const adoptCsrId = (value: unknown, ctx: CheckContext) => {
    const id = typeof value === "string" && /^\d+$/.test(value) ? Number(value) : value;
    return unlessAny(id as number, ctx, [
        [
            typeof id !== "number" || !Number.isSafeInteger(id) || id <= 0,
            `adoptCsrId ${describeValue(value)} must be the positive integer id of an existing CSR (as shown by DescribeCSRSet / the SSL console)`,
        ],
    ]);
};

const generate = (value: unknown, ctx: CheckContext) =>
    unlessAny(value as boolean, ctx, [
        [
            typeof value !== "boolean",
            `generate must be true or false (default true: generate the CSR content and private key now), got ${describeValue(value)}`,
        ],
    ]);

// ---- the table -------------------------------------------------------------------------------------

const subject = (api: string, doc: string, parse: (value: unknown, ctx: CheckContext) => string | undefined) =>
    required<string>({ api, type: "string", doc, ...onceGenerated, parse });

/** Who a CSR is for and its key: the fields every CSR carries and DescribeCSRSet lists. */
const SUBJECT_FIELDS = {
    domain: subject(
        "Domain",
        "Subject CN: a fully qualified host name (e.g. www.example.com; `*.` wildcard allowed), ASCII (punycode for IDNs), at most 64 characters.",
        text((value, ctx) => unlessAny(value, ctx, [[domainProblem(value) !== undefined, domainProblem(value)!]])),
    ),
    organization: subject("Organization", "Subject O, the organization name (e.g. Example Ltd), at most 64 characters.", subjectText(64)),
    department: subject("Department", "Subject OU, the department (e.g. IT), at most 64 characters.", subjectText(64)),
    email: subject("Email", "A contact email address, `local@domain.tld` (e.g. admin@example.com), at most 128 characters.", text(email)),
    province: subject("Province", "Subject ST, the province or state (e.g. Guangdong), at most 128 characters.", subjectText(128)),
    city: subject("City", "Subject L, the city (e.g. Shenzhen), at most 128 characters.", subjectText(128)),
    country: subject("Country", "Subject C, an ISO 3166-1 alpha-2 code (`CN`, `US`, …); lower case is accepted and upper-cased.", text(country)),
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
        fill: (ctx) => KEY_PARAMETERS[ctx.inputs.encryptAlgo as CsrEncryptAlgo]?.[0],
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
        doc: "Encrypts the private key: 4–64 printable ASCII characters without spaces; kept secret even when given in plain text.",
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
        encode: (map): SslTag[] => Object.entries(map).map(([TagKey, TagValue]) => ({ TagKey, TagValue })),
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

/** The subject and key fields, in table order. */
export const CSR_SUBJECT_FIELDS = Object.keys(SUBJECT_FIELDS) as (keyof typeof SUBJECT_FIELDS)[];
/** Who a CSR is for: its domain, subject and key fields. */
export type CsrSubject = { [K in keyof typeof SUBJECT_FIELDS]: string };
/** The inputs after `check`: defaults applied, country upper-cased. */
export type CsrInputs = InputsOf<typeof CSR_FIELDS>;
/** What the provider stores as the resource's outputs. Absent optional values are omitted, never undefined. */
export type CsrOutputs = OutputsOf<typeof CSR_FIELDS>;

/** The fields ModifyCSR sets (before generation): those with an API name that change in place until then. */
export function modifiable(name: string): boolean {
    const field = (CSR_FIELDS as FieldTable)[name];
    return field?.api !== undefined && field.change === replacedOnceGenerated;
}

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
    return token ? (remark ? `${remark} [pulumi:${token}]` : `[pulumi:${token}]`) : remark;
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
