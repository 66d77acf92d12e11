/**
 * HostsCertificateBinding: the certificate setting of one or more EdgeOne (TEO) acceleration
 * domains of a zone, through ModifyHostsCertificate, read back with DescribeAccelerationDomains
 * (API 2022-09-01) or DescribeHostsCertificate (API 2022-01-06).
 *
 * This file is the program-side resource; provider.ts is the real provider, inputs.ts the inputs,
 * check and id, diff.ts the diff, remote.ts zone reads, apply.ts changes and waits, errors.ts the
 * error wording.
 */
import * as pulumi from "@pulumi/pulumi";
import { makeShimProvider } from "../../shim";
import { AccountScopedResource } from "../common/account-scoped-resource";
import type { AccountScopeArgs } from "../common/scope";
import type { HostsCertificateApiVersion, HostsCertificateDeleteBehavior, HostsCertificateMode, HostsCertificateUpstreamVerifyMode } from "./inputs";
import type { HostCertificateStatus } from "./inputs";

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

/** Arguments of {@link HostsCertificateBinding}, as a program passes them. */
export interface HostsCertificateBindingArgs extends AccountScopeArgs {
    /** EdgeOne site id, e.g. "zone-2o1t24kgy362". Changing it replaces the binding. */
    zoneId: pulumi.Input<string>;
    /** Acceleration domains of the zone that get this certificate setting (one call for all). */
    hosts: pulumi.Input<pulumi.Input<string>[]>;
    /** "2022-09-01" (default) or "2022-01-06". Changing it replaces the binding. */
    apiVersion?: pulumi.Input<HostsCertificateApiVersion>;
    /** 2022-09-01: disable | eofreecert | eofreecert_manual | sslcert (implied by serverCertIds). */
    mode?: pulumi.Input<HostsCertificateMode>;
    /** 2022-09-01, mode "sslcert": SSL certificate ids to deploy. */
    serverCertIds?: pulumi.Input<pulumi.Input<string>[]>;
    /** 2022-09-01: CA certificate ids for edge mutual TLS; [] turns it off; unset leaves it alone. */
    clientCertIds?: pulumi.Input<pulumi.Input<string>[]>;
    /** 2022-09-01: certificate ids EdgeOne presents to the origin; [] turns it off; unset leaves it alone. */
    upstreamMutualTlsCertIds?: pulumi.Input<pulumi.Input<string>[]>;
    /** 2022-09-01: origin certificate verification, "disable" or "custom_ca"; unset leaves it alone. */
    upstreamVerifyMode?: pulumi.Input<HostsCertificateUpstreamVerifyMode>;
    /** 2022-09-01, upstreamVerifyMode "custom_ca": trusted CA certificate ids. */
    upstreamCustomCaCertIds?: pulumi.Input<pulumi.Input<string>[]>;
    /** 2022-01-06: SSL certificate ids; [] (default) = the default certificate. */
    certIds?: pulumi.Input<pulumi.Input<string>[]>;
    /** What delete does: "retain" (default), "disable" / "eofreecert" (2022-09-01), "default" (2022-01-06). */
    deleteBehavior?: pulumi.Input<HostsCertificateDeleteBehavior>;
    /** How long create/update/delete wait for deployment, in seconds (default 1800). */
    waitTimeoutSeconds?: pulumi.Input<number>;
}

/** The provider object Pulumi serializes into state (a thin shim; see provider/shim.ts). */
export const hostsCertificateBindingProvider: pulumi.dynamic.ResourceProvider = makeShimProvider("hostsCertificateBinding");

/** The certificate setting of EdgeOne acceleration domains. Id: `zoneId#host1,host2` (sorted). */
export class HostsCertificateBinding extends AccountScopedResource {
    declare readonly zoneId: pulumi.Output<string>;
    declare readonly hosts: pulumi.Output<string[]>;
    declare readonly apiVersion: pulumi.Output<HostsCertificateApiVersion>;
    declare readonly mode: pulumi.Output<HostsCertificateMode | undefined>;
    declare readonly serverCertIds: pulumi.Output<string[] | undefined>;
    declare readonly clientCertIds: pulumi.Output<string[] | undefined>;
    declare readonly upstreamMutualTlsCertIds: pulumi.Output<string[] | undefined>;
    declare readonly upstreamVerifyMode: pulumi.Output<HostsCertificateUpstreamVerifyMode | undefined>;
    declare readonly upstreamCustomCaCertIds: pulumi.Output<string[] | undefined>;
    declare readonly certIds: pulumi.Output<string[] | undefined>;
    declare readonly deleteBehavior: pulumi.Output<HostsCertificateDeleteBehavior>;
    declare readonly waitTimeoutSeconds: pulumi.Output<number>;
    /** Per host: mode, certificate ids, deploy status, earliest expiry, domain status, and each certificate with its expiry. */
    declare readonly hostStatuses: pulumi.Output<HostCertificateStatus[]>;
    /** This resource's Pulumi name, recorded so expiry warnings can name it (the provider is not told the name). */
    declare readonly resourceName: pulumi.Output<string>;

    constructor(name: string, args: HostsCertificateBindingArgs, opts?: pulumi.CustomResourceOptions) {
        super(
            hostsCertificateBindingProvider,
            name,
            {
                mode: undefined,
                serverCertIds: undefined,
                clientCertIds: undefined,
                upstreamMutualTlsCertIds: undefined,
                upstreamVerifyMode: undefined,
                upstreamCustomCaCertIds: undefined,
                certIds: undefined,
                apiVersion: undefined,
                deleteBehavior: undefined,
                waitTimeoutSeconds: undefined,
                ...args,
                // Dynamic providers never see the URN: the name travels as an input the diff ignores.
                resourceName: name,
                hostStatuses: undefined,
            },
            opts,
            // Type `pulumi-nodejs:dynamic/tencentcloud:HostsCertificateBinding`: readable in previews.
            "tencentcloud",
            "HostsCertificateBinding",
        );
    }
}
