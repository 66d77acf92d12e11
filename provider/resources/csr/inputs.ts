/**
 * CsrResource inputs: the resolved input and output shapes and their defaults, the remark client
 * token, the id format, and `check` (validation of every input before any API call, with defaults
 * applied; every failure names the property, what was wrong and what is allowed).
 */
import { hostNameProblem } from "../common/host-name";
import { CheckFailure, isUnknown, unwrapSecret } from "../common/wire";
import { CsrIdError } from "./errors";

export const CSR_ENCRYPT_ALGOS = ["RSA", "ECC"] as const;
export type CsrEncryptAlgo = (typeof CSR_ENCRYPT_ALGOS)[number];

/** Key parameters CreateCSR/ModifyCSR accept per algorithm; the first is the default. */
export const CSR_KEY_PARAMETERS: Record<CsrEncryptAlgo, readonly string[]> = { RSA: ["2048", "4096"], ECC: ["prime256v1"] };

/** Who a CSR is for: its domain and subject fields. */
export interface CsrSubject {
    domain: string;
    organization: string;
    department: string;
    email: string;
    province: string;
    city: string;
    /** ISO 3166 alpha-2, upper case. */
    country: string;
}

/** The inputs after `check`: defaults applied, country upper-cased, tags as a map. */
export interface CsrInputs extends CsrSubject {
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

export const CSR_STATUS_GENERATED = 1;

/** True when the CSR content exists, after which the API refuses every modification. */
export function isGenerated(status: number | null | undefined, csrPem?: string | null): boolean {
    return status === CSR_STATUS_GENERATED || (typeof csrPem === "string" && csrPem.length > 0);
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
function tokenMarkerLength(tokenLength: number): number {
    return tokenLength + " [pulumi:]".length;
}

/** The id in state as a CSR id. */
export function parseCsrId(id: string): number {
    if (!/^\d{1,15}$/.test(id) || Number(id) <= 0) {
        throw new CsrIdError(`'${id}' is not a CSR id (a positive integer); the state of this CsrResource was edited or belongs to another resource type`);
    }
    return Number(id);
}

// ---------------------------------------------------------------- check

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
    clientTokenMinLength: 6,
    clientTokenMaxLength: 32,
} as const;

/** Every input of CsrResource other than `profile`/`region` (common/scope.ts). */
export const CSR_INPUT_NAMES = [
    "domain",
    "organization",
    "department",
    "email",
    "province",
    "city",
    "country",
    "encryptAlgo",
    "keyParameter",
    "generate",
    "keyPassword",
    "remark",
    "tags",
    "adoptCsrId",
    "clientToken",
] as const;
/** Output-only properties: a resource passes them as placeholders, so check tolerates (and drops) them. */
const CSR_OUTPUT_ONLY_NAMES = ["csrId", "csr", "privateKey", "status", "createTime"] as const;

/**
 * Characters the CSR subject cannot carry safely: control and invisible format characters, and the
 * separators of the `/O=…/OU=…` subject syntax CSR tooling builds from these fields.
 */
const SUBJECT_FORBIDDEN = /[\p{Cc}\p{Cf}\p{Co}\p{Cs}\p{Zl}\p{Zp}/\\=<>"]/u;
const SUBJECT_FORBIDDEN_HUMAN = `control or invisible characters, / \\ = < > "`;
const TEXT_FORBIDDEN = /[\p{Cc}\p{Cf}\p{Co}\p{Cs}\p{Zl}\p{Zp}]/u;
const EMAIL = /^[A-Za-z0-9.!#$%&'*+\-/=?^_`{|}~]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;
const KEY_PASSWORD = /^[\x21-\x7e]+$/;
const TAG_TEXT = /^[\p{L}\p{N} +\-=._:/@()[\]（）【】]*$/u;
const TAG_RESERVED_PREFIXES = ["qcloud:", "tencent:", "project"];
const CLIENT_TOKEN = /^[0-9a-z]+$/;

type Failures = CheckFailure[];

function quote(value: unknown): string {
    const text = typeof value === "string" ? value : JSON.stringify(value);
    return JSON.stringify(text !== undefined && text.length > 40 ? `${text.slice(0, 40)}…` : text);
}

function kindOf(value: unknown): string {
    return value === null ? "null" : Array.isArray(value) ? "a list" : typeof value;
}

function requiredText(news: Record<string, unknown>, name: string, failures: Failures, what: string): string | undefined {
    const value = news[name];
    if (value === undefined || value === null) {
        failures.push({ property: name, reason: `${name} is required: ${what}` });
        return undefined;
    }
    if (typeof value !== "string") {
        failures.push({ property: name, reason: `${name} must be a string (${what}), got ${kindOf(value)}` });
        return undefined;
    }
    if (value.trim() === "") {
        failures.push({ property: name, reason: `${name} must not be empty: ${what}` });
        return undefined;
    }
    if (value !== value.trim()) {
        failures.push({ property: name, reason: `${name} ${quote(value)} has leading or trailing whitespace; remove it` });
        return undefined;
    }
    return value;
}

function checkSubjectText(name: string, value: string, maxLength: number, failures: Failures): void {
    if ([...value].length > maxLength) {
        failures.push({ property: name, reason: `${name} is ${[...value].length} characters long; at most ${maxLength} are allowed` });
    }
    const bad = SUBJECT_FORBIDDEN.exec(value);
    if (bad) {
        failures.push({
            property: name,
            reason: `${name} contains ${JSON.stringify(bad[0])} (U+${bad[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}), which a CSR subject cannot carry; not allowed: ${SUBJECT_FORBIDDEN_HUMAN}`,
        });
    }
}

/** The CSR domain rules (also used by the getCsrs lookup's `domain` filter). */
export function checkDomain(value: string, failures: Failures): void {
    const name = "domain";
    if (value.length > CSR_LIMITS.domainMaxLength) {
        failures.push({ property: name, reason: `domain is ${value.length} characters long; a CSR's common name holds at most ${CSR_LIMITS.domainMaxLength}` });
        return;
    }
    if (/[^\x00-\x7f]/.test(value)) {
        failures.push({ property: name, reason: `domain ${quote(value)} contains non-ASCII characters; use its punycode form (xn--…)` });
        return;
    }
    const problem = hostNameProblem(value);
    if (problem) {
        failures.push({
            property: name,
            reason: `domain ${quote(value)} is not a fully qualified host name: it ${problem}; expected labels of letters, digits and '-' separated by dots, optionally starting with '*.' (e.g. www.example.com or *.example.com)`,
        });
    }
}

function checkEmail(value: string, failures: Failures): void {
    if (value.length > CSR_LIMITS.emailMaxLength) {
        failures.push({ property: "email", reason: `email is ${value.length} characters long; at most ${CSR_LIMITS.emailMaxLength} are allowed` });
    } else if (!EMAIL.test(value)) {
        failures.push({
            property: "email",
            reason: `email ${quote(value)} is not an email address; expected local-part@domain.tld with ASCII characters (e.g. admin@example.com)`,
        });
    }
}

function checkCountry(value: string, failures: Failures): string | undefined {
    const code = value.toUpperCase();
    if (!/^[A-Z]{2}$/.test(code)) {
        failures.push({ property: "country", reason: `country ${quote(value)} must be an ISO 3166-1 alpha-2 code: two letters such as CN, US, DE, SG` });
        return undefined;
    }
    if (!ISO_3166_ALPHA2.has(code)) {
        failures.push({ property: "country", reason: `country ${quote(value)} is not an assigned ISO 3166-1 alpha-2 code (e.g. CN, US, GB, DE, SG, HK, JP)` });
        return undefined;
    }
    return code;
}

function checkAlgo(news: Record<string, unknown>, failures: Failures): { algo?: CsrEncryptAlgo; keyParameter?: string } {
    const rawAlgo = news.encryptAlgo;
    let algo: CsrEncryptAlgo | undefined;
    if (rawAlgo === undefined || rawAlgo === null) {
        algo = "RSA";
    } else if (isUnknown(rawAlgo)) {
        return {};
    } else if (typeof rawAlgo === "string" && (CSR_ENCRYPT_ALGOS as readonly string[]).includes(rawAlgo)) {
        algo = rawAlgo as CsrEncryptAlgo;
    } else {
        failures.push({
            property: "encryptAlgo",
            reason: `encryptAlgo ${quote(rawAlgo)} is not supported; allowed values: ${CSR_ENCRYPT_ALGOS.join(", ")} (default RSA)`,
        });
        return {};
    }
    const rawParam = news.keyParameter;
    const allowed = CSR_KEY_PARAMETERS[algo];
    if (rawParam === undefined || rawParam === null) {
        return { algo, keyParameter: allowed[0] };
    }
    if (isUnknown(rawParam)) {
        return { algo };
    }
    const param = typeof rawParam === "number" ? String(rawParam) : rawParam;
    if (typeof param === "string" && allowed.includes(param)) {
        return { algo, keyParameter: param };
    }
    const other = CSR_ENCRYPT_ALGOS.find((a) => a !== algo && typeof param === "string" && CSR_KEY_PARAMETERS[a].includes(param));
    failures.push({
        property: "keyParameter",
        reason:
            `keyParameter ${quote(rawParam)} is not valid for encryptAlgo ${algo}; allowed: ${allowed.join(", ")} (default ${allowed[0]})` +
            (other ? `. ${quote(param)} belongs to encryptAlgo ${other}: set encryptAlgo to ${other} or change keyParameter` : ""),
    });
    return { algo };
}

function checkTags(value: unknown, failures: Failures): Record<string, string> | undefined {
    if (value === null || typeof value !== "object" || Array.isArray(value)) {
        failures.push({ property: "tags", reason: `tags must be a map of tag key to tag value (e.g. { env: "prod" }), got ${kindOf(value)}` });
        return undefined;
    }
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length > CSR_LIMITS.tagsMaxCount) {
        failures.push({ property: "tags", reason: `tags has ${entries.length} entries; at most ${CSR_LIMITS.tagsMaxCount} tags are allowed per CSR` });
    }
    const tags: Record<string, string> = {};
    for (const [key, raw] of entries) {
        const tagValue = unwrapSecret(raw);
        const where = `tags[${JSON.stringify(key)}]`;
        if (key.length === 0 || key.length > CSR_LIMITS.tagKeyMaxLength) {
            failures.push({ property: "tags", reason: `tag key ${quote(key)} must be 1 to ${CSR_LIMITS.tagKeyMaxLength} characters long` });
        } else if (!TAG_TEXT.test(key)) {
            failures.push({ property: "tags", reason: `tag key ${quote(key)} may only contain letters, digits, spaces and + - = . _ : / @ ( ) [ ]` });
        } else if (TAG_RESERVED_PREFIXES.some((prefix) => key.toLowerCase().startsWith(prefix))) {
            failures.push({
                property: "tags",
                reason: `tag key ${quote(key)} uses a prefix Tencent Cloud reserves (${TAG_RESERVED_PREFIXES.join(", ")}); choose another key`,
            });
        }
        if (isUnknown(tagValue)) {
            tags[key] = tagValue as string;
        } else if (typeof tagValue !== "string") {
            failures.push({ property: "tags", reason: `${where} must be a string, got ${kindOf(tagValue)}` });
        } else if (tagValue.length > CSR_LIMITS.tagValueMaxLength) {
            failures.push({ property: "tags", reason: `${where} is ${tagValue.length} characters long; at most ${CSR_LIMITS.tagValueMaxLength} are allowed` });
        } else if (!TAG_TEXT.test(tagValue)) {
            failures.push({ property: "tags", reason: `${where} may only contain letters, digits, spaces and + - = . _ : / @ ( ) [ ]` });
        } else {
            tags[key] = tagValue;
        }
    }
    return tags;
}

function checkAdoptId(value: unknown, failures: Failures): number | undefined {
    const id = typeof value === "string" && /^\d+$/.test(value) ? Number(value) : value;
    if (typeof id !== "number" || !Number.isSafeInteger(id) || id <= 0) {
        failures.push({
            property: "adoptCsrId",
            reason: `adoptCsrId ${quote(value)} must be the positive integer id of an existing CSR (as shown by DescribeCSRSet / the SSL console)`,
        });
        return undefined;
    }
    return id;
}

/** An optional input: absent (undefined/null), a preview placeholder, or a value to validate. */
function optional(news: Record<string, unknown>, inputs: Record<string, unknown>, name: string): unknown {
    const value = news[name];
    if (isUnknown(value)) {
        inputs[name] = value;
        return undefined;
    }
    return value === null ? undefined : value;
}

const TEXT_FIELDS: [keyof CsrInputs, string, number | undefined][] = [
    ["domain", "the host name the certificate is for, e.g. www.example.com", undefined],
    ["organization", "the organization name (subject O), e.g. Example Ltd", CSR_LIMITS.subjectFieldMaxLength],
    ["department", "the department (subject OU), e.g. IT", CSR_LIMITS.subjectFieldMaxLength],
    ["email", "a contact email address, e.g. admin@example.com", undefined],
    ["province", "the province or state (subject ST), e.g. Guangdong", CSR_LIMITS.placeFieldMaxLength],
    ["city", "the city (subject L), e.g. Shenzhen", CSR_LIMITS.placeFieldMaxLength],
    ["country", "an ISO 3166-1 alpha-2 country code, e.g. CN", undefined],
];

function checkTextFields(news: Record<string, unknown>, inputs: Record<string, unknown>, failures: Failures): void {
    for (const [name, what, maxLength] of TEXT_FIELDS) {
        if (isUnknown(news[name])) {
            inputs[name] = news[name];
            continue;
        }
        const value = requiredText(news, name, failures, what);
        if (value === undefined) {
            continue;
        }
        if (name === "domain") {
            checkDomain(value, failures);
        } else if (name === "email") {
            checkEmail(value, failures);
        } else if (name === "country") {
            const code = checkCountry(value, failures);
            if (code) {
                inputs.country = code;
            }
            continue;
        } else {
            checkSubjectText(name, value, maxLength!, failures);
        }
        inputs[name] = value;
    }
}

function checkGenerate(news: Record<string, unknown>, inputs: Record<string, unknown>, failures: Failures): void {
    const generate = news.generate;
    if (generate === undefined || generate === null) {
        inputs.generate = true;
    } else if (typeof generate === "boolean" || isUnknown(generate)) {
        inputs.generate = generate;
    } else {
        failures.push({
            property: "generate",
            reason: `generate must be true or false (default true: generate the CSR content and private key now), got ${quote(generate)}`,
        });
    }
}

function checkKeyPassword(news: Record<string, unknown>, inputs: Record<string, unknown>, failures: Failures): void {
    const keyPassword = optional(news, inputs, "keyPassword");
    if (keyPassword === undefined) {
        return;
    }
    // Never echo the value: it is a secret.
    if (typeof keyPassword !== "string") {
        failures.push({ property: "keyPassword", reason: `keyPassword must be a string, got ${kindOf(keyPassword)}` });
    } else if (keyPassword.length < CSR_LIMITS.keyPasswordMinLength || keyPassword.length > CSR_LIMITS.keyPasswordMaxLength) {
        failures.push({
            property: "keyPassword",
            reason: `keyPassword must be ${CSR_LIMITS.keyPasswordMinLength} to ${CSR_LIMITS.keyPasswordMaxLength} characters long (got ${keyPassword.length})`,
        });
    } else if (!KEY_PASSWORD.test(keyPassword)) {
        failures.push({
            property: "keyPassword",
            reason: "keyPassword may only contain printable ASCII characters without spaces (letters, digits and punctuation)",
        });
    } else {
        inputs.keyPassword = keyPassword;
    }
}

/** Returns the length of a valid token (0 without one), which the remark's limit depends on. */
function checkClientToken(news: Record<string, unknown>, inputs: Record<string, unknown>, failures: Failures): number {
    const clientToken = news.clientToken;
    if (clientToken === undefined || clientToken === null || isUnknown(clientToken)) {
        return 0;
    }
    if (
        typeof clientToken !== "string" ||
        (clientToken !== "" &&
            (!CLIENT_TOKEN.test(clientToken) || clientToken.length < CSR_LIMITS.clientTokenMinLength || clientToken.length > CSR_LIMITS.clientTokenMaxLength))
    ) {
        failures.push({
            property: "clientToken",
            reason: `clientToken ${quote(clientToken)} must be ${CSR_LIMITS.clientTokenMinLength} to ${CSR_LIMITS.clientTokenMaxLength} lower-case letters or digits, or "" to disable the remark token (it is set automatically from the resource name)`,
        });
        return 0;
    }
    inputs.clientToken = clientToken;
    return clientToken.length;
}

function checkRemark(news: Record<string, unknown>, inputs: Record<string, unknown>, failures: Failures, tokenLength: number): void {
    const remark = optional(news, inputs, "remark");
    if (remark === undefined) {
        return;
    }
    const maxLength = CSR_LIMITS.remoteRemarkMaxLength - (tokenLength ? tokenMarkerLength(tokenLength) : 0);
    if (typeof remark !== "string") {
        failures.push({ property: "remark", reason: `remark must be a string, got ${kindOf(remark)}` });
    } else if ([...remark].length > maxLength) {
        failures.push({
            property: "remark",
            reason:
                `remark is ${[...remark].length} characters long; at most ${maxLength} are allowed` +
                (tokenLength ? ` (the provider appends a ${tokenMarkerLength(tokenLength)}-character client token)` : ""),
        });
    } else if (TEXT_FORBIDDEN.test(remark)) {
        failures.push({ property: "remark", reason: "remark must not contain control or invisible characters (line breaks, tabs, zero-width characters)" });
    } else if (/\[pulumi:[0-9a-z]*\]\s*$/.test(remark)) {
        failures.push({ property: "remark", reason: "remark must not end with a '[pulumi:…]' marker; the provider reserves it for its client token" });
    } else {
        inputs.remark = remark;
    }
}

function checkTagsAndAdoption(news: Record<string, unknown>, inputs: Record<string, unknown>, failures: Failures): void {
    const tags = optional(news, inputs, "tags");
    if (tags !== undefined) {
        const checked = checkTags(tags, failures);
        if (checked && Object.keys(checked).length > 0) {
            inputs.tags = checked;
        }
    }
    const adopt = optional(news, inputs, "adoptCsrId");
    if (adopt === undefined) {
        return;
    }
    const id = checkAdoptId(adopt, failures);
    if (id !== undefined) {
        inputs.adoptCsrId = id;
    }
    if (inputs.tags !== undefined) {
        failures.push({
            property: "tags",
            reason: "tags cannot be set together with adoptCsrId: only CreateCSR sets tags, and an adopted CSR already exists. Remove tags, or remove adoptCsrId to create a new CSR",
        });
    }
}

/**
 * Validates `news` (raw inputs from the program) and returns resolved inputs. Unknown values (during
 * preview) pass through unvalidated. Makes no API call.
 */
export function checkCsrInputs(rawNews: Record<string, unknown>): { inputs: Record<string, unknown>; failures: Failures } {
    const news: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(rawNews ?? {})) {
        news[key] = unwrapSecret(value);
    }
    const failures: Failures = [];
    const inputs: Record<string, unknown> = {};
    const known = new Set<string>([...CSR_INPUT_NAMES, ...CSR_OUTPUT_ONLY_NAMES, "__provider"]);
    for (const key of Object.keys(news)) {
        if (!known.has(key)) {
            failures.push({ property: key, reason: `unknown property '${key}'; CsrResource takes: ${CSR_INPUT_NAMES.join(", ")}` });
        }
    }
    checkTextFields(news, inputs, failures);
    const { algo, keyParameter } = checkAlgo(news, failures);
    inputs.encryptAlgo = algo ?? news.encryptAlgo;
    inputs.keyParameter = keyParameter ?? news.keyParameter;
    checkGenerate(news, inputs, failures);
    checkKeyPassword(news, inputs, failures);
    const tokenLength = checkClientToken(news, inputs, failures);
    checkRemark(news, inputs, failures, tokenLength);
    checkTagsAndAdoption(news, inputs, failures);
    return { inputs, failures };
}
