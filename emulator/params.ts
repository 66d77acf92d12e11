/**
 * Request checking like the API gateway, driven by the official models (api-models/): a field the
 * model does not have → UnknownParameter, a required one missing → MissingParameter, a wrong JSON
 * type → InvalidParameter; nested structs too. The same models check every answer the emulator
 * gives (a field or type the model does not have is an emulator bug, answered as InternalError).
 */
import type { ModelFieldType, ModelSchema, ModelStruct } from "../api-models/schema";
import { ApiError, missing } from "./errors";

/** Fields every action accepts (the common parameters some SDKs also put in the body). */
const COMMON_FIELDS = new Set(["Region", "Language"]);

function describe(type: ModelFieldType): string {
    if (typeof type === "string") return type === "number" ? "integer" : type;
    return "array" in type ? `array of ${describe(type.array)}` : "object";
}

/**
 * Whether `value` has the JSON type. The SDK models type every number `number`; every numeric
 * request field of the actions emulated here is an Integer in the API documents, so a fraction is
 * refused as the gateway does.
 */
function typeMatches(value: unknown, type: ModelFieldType): boolean {
    if (type === "string") return typeof value === "string";
    if (type === "number") return typeof value === "number" && Number.isSafeInteger(value);
    if (type === "boolean") return typeof value === "boolean";
    if ("array" in type) return Array.isArray(value);
    return typeof value === "object" && value !== null && !Array.isArray(value);
}

interface Walk {
    model: ModelSchema;
    /** A problem at `path`: the error to throw. */
    unknown(path: string): Error;
    missing(path: string): Error;
    invalid(path: string, type: ModelFieldType): Error;
    /** Requests: required fields must be present, null is absent. Answers: null only where the model allows it. */
    request: boolean;
}

function checkValue(walk: Walk, value: unknown, type: ModelFieldType, path: string): void {
    if (!typeMatches(value, type)) throw walk.invalid(path, type);
    if (typeof type === "string") return;
    if ("array" in type) {
        (value as unknown[]).forEach((item, i) => checkValue(walk, item, type.array, `${path}.${i}`));
        return;
    }
    checkStruct(walk, value as Record<string, unknown>, type.struct, `${path}.`);
}

function checkStruct(walk: Walk, obj: Record<string, unknown>, structName: string, prefix: string, top = false): void {
    const struct: ModelStruct | undefined = walk.model.structs[structName];
    if (!struct) throw new Error(`the model ${walk.model.source} has no struct ${structName}`);
    for (const key of Object.keys(obj)) {
        if (!(key in struct) && !(top && walk.request && COMMON_FIELDS.has(key))) throw walk.unknown(`${prefix}${key}`);
    }
    for (const [key, field] of Object.entries(struct)) {
        const value = obj[key];
        if (value === null && walk.request) delete obj[key]; // the gateway takes null as absent
        if (value === undefined || (value === null && (walk.request || field.nullable))) {
            if (walk.request && field.required) throw walk.missing(`${prefix}${key}`);
            continue;
        }
        checkValue(walk, value, field.type, `${prefix}${key}`);
    }
}

/** Throws the gateway's error for the first problem of the request parameters of `action`; drops null-valued fields. */
export function validateParams(params: Record<string, unknown>, model: ModelSchema, action: string): void {
    checkStruct(
        {
            model,
            request: true,
            unknown: (path) => new ApiError("UnknownParameter", `The parameter \`${path}\` is not recognized.`),
            missing: (path) => missing(path),
            invalid: (path, type) => new ApiError("InvalidParameter", `The value type of parameter \`${path}\` is not valid: expected ${describe(type)}.`),
        },
        params,
        model.actions[action].request,
        "",
        true,
    );
}

/** Throws InternalError when the emulator's answer to `action` has a field or type the official model does not. */
export function validateAnswer(answer: object, model: ModelSchema, action: string): void {
    const bug = (what: string) => new ApiError("InternalError", `Emulator bug: its ${action} answer ${what} (official model: ${model.source}).`);
    checkStruct(
        {
            model,
            request: false,
            unknown: (path) => bug(`has \`${path}\`, which the model does not have`),
            missing: (path) => bug(`lacks \`${path}\``),
            invalid: (path, type) => bug(`has \`${path}\` of the wrong type (the model: ${describe(type)})`),
        },
        answer as Record<string, unknown>,
        model.actions[action].response,
        "",
    );
}
