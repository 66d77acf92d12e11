/**
 * Records API answers as fixtures: one file per action (`<service>.<version>.<Action>.json`),
 * holding each distinct answer shape seen (up to MAX_ANSWERS) and each error code, with secrets
 * redacted by the provider's own redaction (provider/tencentcloud/log.ts): PEM private keys, the
 * values of password/key/token fields, and the credentials in use. CSR content (the public
 * request) is kept; ids, domain names and the account id (OwnerUin) are kept too, so review a
 * recording before committing it.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { redact, redactSecretPatterns } from "../../provider/tencentcloud/log";
import { shapeOf } from "./shape";

/** Distinct answer shapes kept per action (a generated and an ungenerated CSR differ, for instance). */
const MAX_ANSWERS = 4;

export interface RecordedError {
    Code: string;
    Message: string;
}

/** The file written per action; the committed fixtures have the same form. */
export interface FixtureFile {
    /** Where the answers come from: a recording (with its date) or a documented example. */
    source: string;
    service: string;
    version: string;
    action: string;
    /** Successful `Response` objects, each of a different shape. */
    answers: Record<string, unknown>[];
    /** Error answers seen (one per code). */
    errors: RecordedError[];
}

export function fixtureFileName(service: string, version: string, action: string): string {
    return `${service}.${version}.${action}.json`;
}

/** A copy of `value` with every secret-looking string masked (the JSON stays valid: a masked value stays a string). */
function redactAnswer(value: unknown, secrets: readonly (string | undefined)[], key = ""): unknown {
    if (Array.isArray(value)) return value.map((v) => redactAnswer(v, secrets, key));
    if (value !== null && typeof value === "object") {
        return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactAnswer(v, secrets, k)]));
    }
    if (typeof value !== "string") return value;
    // The patterns match `"Field": "value"` pairs, so the field name goes in with its value.
    const masked = redactSecretPatterns(redact(JSON.stringify({ [key]: value }), secrets));
    return (JSON.parse(masked) as Record<string, unknown>)[key];
}

interface ActionRecord {
    service: string;
    version: string;
    action: string;
    answers: Map<string, Record<string, unknown>>;
    errors: Map<string, RecordedError>;
}

export class AnswerRecorder {
    private readonly records = new Map<string, ActionRecord>();

    /** `secrets`: values to mask wherever they appear (the credentials the run uses). */
    constructor(private readonly secrets: () => readonly (string | undefined)[] = () => []) {}

    /** One `Response` object as the API answered it (success or `{ Error }`). */
    add(service: string, version: string, action: string, response: unknown): void {
        if (response === null || typeof response !== "object" || Array.isArray(response)) return;
        const file = fixtureFileName(service, version, action);
        let rec = this.records.get(file);
        if (!rec) {
            rec = { service, version, action, answers: new Map(), errors: new Map() };
            this.records.set(file, rec);
        }
        const clean = redactAnswer(response, this.secrets()) as Record<string, unknown>;
        const error = clean.Error as Partial<RecordedError> | undefined;
        if (error && typeof error === "object") {
            const code = String(error.Code ?? "");
            if (!rec.errors.has(code)) rec.errors.set(code, { Code: code, Message: String(error.Message ?? "") });
            return;
        }
        const key = JSON.stringify(shapeOf(clean));
        if (!rec.answers.has(key) && rec.answers.size < MAX_ANSWERS) rec.answers.set(key, clean);
    }

    /** Everything recorded so far, one entry per action, sorted by file name. */
    fixtures(source: string): (FixtureFile & { file: string })[] {
        return [...this.records.entries()]
            .sort(([a], [b]) => a.localeCompare(b))
            .map(([file, r]) => ({
                file,
                source,
                service: r.service,
                version: r.version,
                action: r.action,
                answers: [...r.answers.values()],
                errors: [...r.errors.values()],
            }));
    }

    /** Writes one file per action into `dir` (created if needed); returns the paths written. */
    writeTo(dir: string, source: string): string[] {
        fs.mkdirSync(dir, { recursive: true });
        return this.fixtures(source).map(({ file, ...content }) => {
            const target = path.join(dir, file);
            fs.writeFileSync(target, JSON.stringify(content, null, 2) + "\n");
            return target;
        });
    }
}

/** Every `*.json` fixture of a folder other than `known-differences.json`. */
export function readFixtures(dir: string): (FixtureFile & { file: string })[] {
    return fs
        .readdirSync(dir)
        .filter((f) => f.endsWith(".json") && f.split(".").length === 4)
        .sort()
        .map((file) => ({ file, ...(JSON.parse(fs.readFileSync(path.join(dir, file), "utf8")) as FixtureFile) }));
}
