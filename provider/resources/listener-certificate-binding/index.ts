/**
 * ListenerCertificateBinding: the server (and client CA) certificate of one domain of a GAAP
 * HTTPS listener (gaap 2018-05-29 ModifyCertificate, read back with DescribeRules and
 * DescribeHTTPSListeners).
 *
 * The binding never creates or deletes the domain: it sets the domain's certificate, waits until
 * GAAP applies it (DomainStatus back to running), and on delete reverts the domain to the
 * listener's own certificate. This file is the program-side resource; provider.ts is the real
 * provider, remote.ts the per-listener lock and shared reads.
 */
import * as pulumi from "@pulumi/pulumi";
import { makeShimProvider } from "../../shim";
import { AccountScopedResource } from "../common/account-scoped-resource";
import type { AccountScopeArgs } from "../common/scope";
import type { ListenerCertificateBindingCertificate } from "./inputs";

export type { ListenerCertificateBindingCertificate, ListenerCertificateBindingOutputs } from "./inputs";
export { formatBindingId as formatListenerCertificateBindingId, parseBindingId as parseListenerCertificateBindingId } from "./inputs";
export { ListenerCertificateBindingError } from "./errors";

/** What a program passes to `new ListenerCertificateBinding(...)`. */
export interface ListenerCertificateBindingArgs extends AccountScopeArgs {
    /** The GAAP HTTPS listener (`listener-…`). Changing it replaces the binding. */
    listenerId: pulumi.Input<string>;
    /** An existing domain of that listener (`www.example.com`, `*.example.com`). Changing it replaces the binding. */
    domain: pulumi.Input<string>;
    /** The server certificate (`cert-…`), or `default` (the listener's certificate, the default). */
    certificateId?: pulumi.Input<string>;
    /** Mutual authentication only: the client CA certificate (`cert-…`) or `default` (the listener's). */
    clientCertificateId?: pulumi.Input<string>;
    /** Mutual authentication only: several client CA certificates, instead of `clientCertificateId`. */
    polyClientCertificateIds?: pulumi.Input<pulumi.Input<string>[]>;
    /** How long create/update/delete wait for GAAP to apply the change, in seconds (default 600). */
    waitTimeoutSeconds?: pulumi.Input<number>;
}

// ---- the resource ---------------------------------------------------------------------------

/**
 * Sets the certificate of a domain of a GAAP HTTPS listener, and puts the listener's certificate
 * back when deleted. The id is `listenerId+HTTPS+domain` (the Terraform provider's id of a GAAP
 * HTTPS domain).
 */
export class ListenerCertificateBinding extends AccountScopedResource {
    declare readonly listenerId: pulumi.Output<string>;
    declare readonly domain: pulumi.Output<string>;
    declare readonly certificateId: pulumi.Output<string>;
    declare readonly clientCertificateId: pulumi.Output<string | undefined>;
    declare readonly polyClientCertificateIds: pulumi.Output<string[] | undefined>;
    declare readonly waitTimeoutSeconds: pulumi.Output<number>;
    declare readonly certificateAlias: pulumi.Output<string>;
    declare readonly clientCertificateAlias: pulumi.Output<string>;
    declare readonly polyClientCertificates: pulumi.Output<ListenerCertificateBindingCertificate[]>;
    declare readonly domainStatus: pulumi.Output<number>;
    declare readonly listenerCertificateId: pulumi.Output<string>;
    declare readonly listenerClientCertificateId: pulumi.Output<string>;
    declare readonly listenerAuthType: pulumi.Output<number>;

    constructor(name: string, args: ListenerCertificateBindingArgs, opts?: pulumi.CustomResourceOptions) {
        super(
            listenerCertificateBindingProvider,
            name,
            {
                ...args,
                certificateAlias: undefined,
                clientCertificateAlias: undefined,
                polyClientCertificates: undefined,
                domainStatus: undefined,
                listenerCertificateId: undefined,
                listenerClientCertificateId: undefined,
                listenerAuthType: undefined,
            },
            opts,
            // Type `pulumi-nodejs:dynamic/tencentcloud:ListenerCertificateBinding`: readable in previews.
            "tencentcloud",
            "ListenerCertificateBinding",
        );
    }
}

/** The provider object Pulumi stores with each binding (a thin shim; the work is in provider.ts). */
export const listenerCertificateBindingProvider: pulumi.dynamic.ResourceProvider = makeShimProvider("listenerCertificateBinding");
