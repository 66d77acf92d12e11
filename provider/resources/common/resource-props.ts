/** What the three resource classes share: their properties and secret outputs, from the field table. */
import * as pulumi from "@pulumi/pulumi";
import { FieldTable, outputNames, secretNames } from "./fields";

/**
 * The properties a resource class hands Pulumi: every field of the table (an output-only one as
 * undefined, so the class gets a property for it), then the program's args. Reading an existing
 * resource (`opts.id`): every field undefined.
 */
export function resourceProps(table: FieldTable, args: object | undefined, opts: pulumi.CustomResourceOptions | undefined): Record<string, unknown> {
    const props: Record<string, unknown> = Object.fromEntries(Object.keys(table).map((name) => [name, undefined]));
    return opts?.id !== undefined ? props : { ...props, ...args, ...Object.fromEntries(outputNames(table).map((name) => [name, undefined])) };
}

/** The options with the table's secret fields added to `additionalSecretOutputs`. */
export function withSecretOutputs(table: FieldTable, opts: pulumi.CustomResourceOptions | undefined): pulumi.CustomResourceOptions {
    const given = opts?.additionalSecretOutputs ?? [];
    return { ...opts, additionalSecretOutputs: [...given, ...secretNames(table).filter((name) => !given.includes(name))] };
}
