/**
 * ListenerCertificateBinding: the server (and client CA) certificate of one domain of a GAAP
 * HTTPS listener (gaap 2018-05-29 ModifyCertificate, read back with DescribeRules and
 * DescribeHTTPSListeners).
 *
 * The binding never creates or deletes the domain: it sets the domain's certificate, waits until
 * GAAP applies it (DomainStatus back to running), and on delete reverts the domain to the
 * listener's own certificate. This file is the program-side resource; inputs.ts is its field
 * table, provider.ts the provider, remote.ts the per-listener lock and shared reads.
 */
import * as pulumi from "@pulumi/pulumi";
import { makeShimProvider } from "../../shim";
import { resourceProps, withSecretOutputs, type ArgsOf, type FieldTable, type ResourceOutputs } from "../common/fields";
import { BINDING_FIELDS, type ListenerCertificateBindingOutputs } from "./inputs";

export type { ListenerCertificateBindingCertificate, ListenerCertificateBindingOutputs } from "./inputs";
export { formatBindingId as formatListenerCertificateBindingId, parseBindingId as parseListenerCertificateBindingId } from "./inputs";
export { ListenerCertificateBindingError } from "./errors";

/** What a program passes to `new ListenerCertificateBinding(...)`: one per input of the field table (inputs.ts). */
export type ListenerCertificateBindingArgs = ArgsOf<typeof BINDING_FIELDS>;

/** The provider object Pulumi stores with each binding (a thin shim; the work is in provider.ts). */
export const listenerCertificateBindingProvider: pulumi.dynamic.ResourceProvider = makeShimProvider("listenerCertificateBinding");

/** Every field of the table as a property: `binding.certificateAlias`, `binding.domainStatus`, ... */
export interface ListenerCertificateBinding extends ResourceOutputs<Required<ListenerCertificateBindingOutputs>> {}

/**
 * Sets the certificate of a domain of a GAAP HTTPS listener, and puts the listener's certificate
 * back when deleted. The id is `listenerId+HTTPS+domain` (the Terraform provider's id of a GAAP
 * HTTPS domain).
 */
export class ListenerCertificateBinding extends pulumi.dynamic.Resource {
    constructor(name: string, args: ListenerCertificateBindingArgs, opts?: pulumi.CustomResourceOptions) {
        const fields = BINDING_FIELDS as FieldTable;
        // Type `pulumi-nodejs:dynamic/tencentcloud:ListenerCertificateBinding`: readable in previews.
        super(
            listenerCertificateBindingProvider,
            name,
            resourceProps(fields, args, opts),
            withSecretOutputs(fields, opts),
            "tencentcloud",
            "ListenerCertificateBinding",
        );
    }
}
