/**
 * CsrResource: a certificate signing request in Tencent Cloud SSL Certificates (ssl 2019-12-05).
 *
 * This file is the program-side resource; inputs.ts is its field table, provider.ts the provider
 * behind it, create.ts CreateCSR without duplicates and adoption, remote.ts reads, the read cache
 * and delete batching, mapping.ts API records ↔ outputs.
 */
import { createHash } from "crypto";
import * as pulumi from "@pulumi/pulumi";
import { makeShimProvider } from "../../shim";
import { resourceProps, withSecretOutputs, type ArgsOf, type FieldTable, type ResourceOutputs } from "../common/fields";
import { CSR_FIELDS, type CsrOutputs } from "./inputs";

export type { CsrInputs, CsrOutputs, CsrEncryptAlgo } from "./inputs";
export { CsrDeleteError, CsrAdoptionError, CsrIdError } from "./errors";

/** Program-side arguments of {@link CsrResource}: one per input of the field table (inputs.ts; docs/resources/csr.md). */
export type CsrResourceArgs = ArgsOf<typeof CSR_FIELDS>;

/** The provider object Pulumi serializes into state (a thin shim; see provider/shim.ts). */
export const csrProvider: pulumi.dynamic.ResourceProvider = makeShimProvider("csr");

/** The default client token: stable for a resource across runs, different between resources. */
export function defaultCsrClientToken(project: string, stack: string, name: string): string {
    return createHash("sha256").update(`${project}\u0000${stack}\u0000${name}`).digest("hex").slice(0, 12);
}

/** Every field of the table as a property: `csr.csrId`, `csr.privateKey` (secret), `csr.domain`, ... */
export interface CsrResource extends ResourceOutputs<Required<CsrOutputs>> {}

/** A certificate signing request in Tencent Cloud SSL Certificates. The resource id is the CSR id. */
export class CsrResource extends pulumi.dynamic.Resource {
    /**
     * Reads an existing CSR by id without managing it (Pulumi never modifies or deletes it). To
     * manage an existing CSR, declare a CsrResource with `adoptCsrId` instead.
     */
    static get(name: string, id: pulumi.Input<pulumi.ID>, opts?: pulumi.CustomResourceOptions): CsrResource {
        return new CsrResource(name, undefined as unknown as CsrResourceArgs, { ...opts, id });
    }

    constructor(name: string, args: CsrResourceArgs, opts?: pulumi.CustomResourceOptions) {
        const props = resourceProps(CSR_FIELDS as FieldTable, args, opts);
        if (opts?.id === undefined) {
            // The key password is stored in state inputs too: keep it secret even when given in plain text.
            props.keyPassword = args?.keyPassword === undefined ? undefined : pulumi.secret(args.keyPassword);
            props.clientToken = args?.clientToken ?? defaultCsrClientToken(pulumi.getProject(), pulumi.getStack(), name);
        }
        // Type `pulumi-nodejs:dynamic/tencentcloud:CsrResource`: readable in previews.
        super(csrProvider, name, props, withSecretOutputs(CSR_FIELDS as FieldTable, opts), "tencentcloud", "CsrResource");
    }
}
