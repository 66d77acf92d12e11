/**
 * HostsCertificateBinding: the certificate setting of one or more EdgeOne (TEO) acceleration
 * domains of a zone, through ModifyHostsCertificate, read back with DescribeAccelerationDomains
 * (API 2022-09-01) or DescribeHostsCertificate (API 2022-01-06).
 *
 * This file is the program-side resource; inputs.ts is its field table and id, provider.ts the
 * provider, diff.ts its diff rules beyond the table, remote.ts zone reads, apply.ts changes and
 * waits, expiry.ts expiry warnings, errors.ts the error wording.
 */
import * as pulumi from "@pulumi/pulumi";
import { makeShimProvider } from "../../shim";
import { resourceProps, withSecretOutputs, type ArgsOf, type FieldTable, type ResourceOutputs } from "../common/fields";
import { HOSTS_FIELDS, type HostsCertificateBindingOutputs } from "./inputs";

export type {
    HostsCertificateApiVersion,
    HostsCertificateBindingInputs,
    HostsCertificateBindingOutputs,
    HostsCertificateDeleteBehavior,
    HostsCertificateMode,
    HostsCertificateUpstreamVerifyMode,
} from "./inputs";
export { formatId as formatHostsCertificateBindingId, parseId as parseHostsCertificateBindingId } from "./inputs";
export type { HostCertificate, HostCertificateRole, HostCertificateStatus } from "./inputs";
export { HostsCertificateBindingError } from "./errors";

/** Arguments of {@link HostsCertificateBinding}, as a program passes them: one per input of the field table (inputs.ts). */
export type HostsCertificateBindingArgs = ArgsOf<typeof HOSTS_FIELDS>;

/** The provider object Pulumi serializes into state (a thin shim; see provider/shim.ts). */
export const hostsCertificateBindingProvider: pulumi.dynamic.ResourceProvider = makeShimProvider("hostsCertificateBinding");

/** Every field of the table as a property: `binding.hostStatuses`, `binding.mode`, ... */
export interface HostsCertificateBinding extends ResourceOutputs<Required<HostsCertificateBindingOutputs>> {}

/** The certificate setting of EdgeOne acceleration domains. Id: `zoneId#host1,host2` (sorted). */
export class HostsCertificateBinding extends pulumi.dynamic.Resource {
    constructor(name: string, args: HostsCertificateBindingArgs, opts?: pulumi.CustomResourceOptions) {
        const fields = HOSTS_FIELDS as FieldTable;
        // Dynamic providers never see the URN: the name travels as an input the diff ignores.
        const props = { ...resourceProps(fields, args, opts), resourceName: name };
        // Type `pulumi-nodejs:dynamic/tencentcloud:HostsCertificateBinding`: readable in previews.
        super(hostsCertificateBindingProvider, name, props, withSecretOutputs(fields, opts), "tencentcloud", "HostsCertificateBinding");
    }
}
