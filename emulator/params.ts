/**
 * Request parameter checking like the API gateway: required fields → MissingParameter, wrong JSON
 * type → InvalidParameter, unknown field → UnknownParameter. Nested structures are checked too.
 */
import { ApiError, missing } from "./errors";

export type FieldType =
    | "string"
    | "integer" // int64 / uint64 (a JSON number that is an integer; uint refuses negatives)
    | "uint"
    | "boolean"
    | { array: FieldType }
    | { object: Schema };

export interface FieldSpec {
    type: FieldType;
    required?: boolean;
}

export type Schema = Record<string, FieldSpec>;

/** Fields every action accepts (the common parameters some SDKs also put in the body). */
const COMMON_FIELDS = new Set(["Region", "Language"]);

function describe(type: FieldType): string {
    if (typeof type === "string") return type === "uint" ? "unsigned integer" : type;
    if ("array" in type) return `array of ${describe(type.array)}`;
    return "object";
}

function checkValue(value: unknown, type: FieldType, path: string): void {
    const bad = (): ApiError => new ApiError("InvalidParameter", `The value type of parameter \`${path}\` is not valid: expected ${describe(type)}.`);
    if (type === "string") {
        if (typeof value !== "string") throw bad();
    } else if (type === "integer" || type === "uint") {
        if (typeof value !== "number" || !Number.isSafeInteger(value)) throw bad();
        if (type === "uint" && value < 0) throw bad();
    } else if (type === "boolean") {
        if (typeof value !== "boolean") throw bad();
    } else if ("array" in type) {
        if (!Array.isArray(value)) throw bad();
        value.forEach((item, i) => checkValue(item, type.array, `${path}.${i}`));
    } else {
        if (typeof value !== "object" || value === null || Array.isArray(value)) throw bad();
        checkObject(value as Record<string, unknown>, type.object, `${path}.`);
    }
}

function checkObject(obj: Record<string, unknown>, schema: Schema, prefix: string, top = false): void {
    for (const key of Object.keys(obj)) {
        if (!(key in schema) && !(top && COMMON_FIELDS.has(key))) {
            throw new ApiError("UnknownParameter", `The parameter \`${prefix}${key}\` is not recognized.`);
        }
    }
    for (const [key, spec] of Object.entries(schema)) {
        const value = obj[key];
        if (value === undefined || value === null) {
            if (spec.required) throw missing(`${prefix}${key}`);
            continue;
        }
        checkValue(value, spec.type, `${prefix}${key}`);
    }
}

/** Throws the gateway's error for the first problem found. */
export function validateParams(params: Record<string, unknown>, schema: Schema): void {
    checkObject(params, schema, "", true);
}
