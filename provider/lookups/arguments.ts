/**
 * Reading a lookup's arguments: a plain object with known keys and plain (already resolved)
 * values. Every problem becomes a LookupArgumentError naming the argument and the fix.
 */
import { valueText } from "../resources/common/validators";
import { LookupArgumentError } from "./errors";

export type LookupArgs = Record<string, unknown>;

function isPulumiOutput(value: unknown): boolean {
    return value !== null && typeof value === "object" && (value as { __pulumiOutput?: unknown }).__pulumiOutput === true;
}

/** The value as messages show it, for any value a program can pass (BigInts, cycles and symbols included). */
export function describeArgument(value: unknown): string {
    const text = valueText(value);
    return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** The arguments as a record; refuses non-objects, unknown keys and unresolved Outputs. */
export function readArgs(lookup: string, args: unknown, known: readonly string[]): LookupArgs {
    if (args === undefined || args === null) {
        return {};
    }
    if (typeof args !== "object" || Array.isArray(args)) {
        throw new LookupArgumentError(lookup, "args", `expects an object like { ${known.join(", ")} }; got ${describeArgument(args)}`);
    }
    const record = args as LookupArgs;
    for (const [key, value] of Object.entries(record)) {
        if (!known.includes(key)) {
            throw new LookupArgumentError(lookup, key, `unknown argument '${key}'; ${lookup} takes ${known.join(", ")}`);
        }
        if (isPulumiOutput(value) || value instanceof Promise) {
            throw new LookupArgumentError(
                lookup,
                key,
                `${key} is a Pulumi Output or a Promise; lookups take plain values: call ${lookup} inside .apply(), e.g. x.apply((v) => ${lookup}({ ${key}: v }))`,
            );
        }
    }
    return record;
}

/** An optional string argument (undefined when absent). */
export function optionalString(lookup: string, args: LookupArgs, key: string, example: string): string | undefined {
    const value = args[key];
    if (value === undefined || value === null) {
        return undefined;
    }
    if (typeof value !== "string" || value === "") {
        throw new LookupArgumentError(lookup, key, `${key} must be a non-empty string like ${JSON.stringify(example)}; got ${describeArgument(value)}`);
    }
    return value;
}

export function requiredString(lookup: string, args: LookupArgs, key: string, example: string): string {
    const value = optionalString(lookup, args, key, example);
    if (value === undefined) {
        throw new LookupArgumentError(lookup, key, `${key} is required, for example { ${key}: ${JSON.stringify(example)} }`);
    }
    return value;
}
