/**
 * The runtime form of the generated model declarations (api-models/<service>-<version>.ts): what
 * the emulator validates requests and answers against. Hand-written; the generator
 * (tools/api-models/generate.ts) emits values of these types next to the TypeScript interfaces.
 */

/** A field's JSON type. Every number of the SDK models is `number` (they do not tell integers apart). */
export type ModelFieldType = "string" | "number" | "boolean" | { array: ModelFieldType } | { struct: string };

export interface ModelField {
    type: ModelFieldType;
    /** Required in a request (the SDK's or the API documents' marking); responses never use it. */
    required?: true;
    /** The model says the field may come back `null`. */
    nullable?: true;
}

export type ModelStruct = Readonly<Record<string, ModelField>>;

/** One API version of one service: its actions (request and response struct names) and every struct they use. */
export interface ModelSchema {
    /** `npm package@version` and file the declarations were generated from. */
    source: string;
    actions: Readonly<Record<string, { request: string; response: string }>>;
    structs: Readonly<Record<string, ModelStruct>>;
}
