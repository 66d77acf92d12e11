/**
 * CsrResource: a certificate signing request in Tencent Cloud SSL Certificates (ssl 2019-12-05).
 *
 * This file is the program-side resource; provider.ts is the real provider behind it, inputs.ts
 * the types and check, diff.ts the diff, create.ts CreateCSR without duplicates and adoption,
 * remote.ts reads, the read cache and delete batching, mapping.ts API records ↔ outputs.
 */
import { createHash } from "crypto";
import * as pulumi from "@pulumi/pulumi";
import { makeShimProvider } from "../../shim";
import { AccountScopedResource } from "../common/account-scoped-resource";
import type { AccountScopeArgs } from "../common/scope";
import { CSR_INPUT_NAMES } from "./inputs";

export type { CsrInputs, CsrOutputs, CsrEncryptAlgo } from "./inputs";
export { CSR_ENCRYPT_ALGOS, CSR_KEY_PARAMETERS, CSR_LIMITS } from "./inputs";
export { CsrDeleteError, CsrAdoptionError, CsrIdError } from "./errors";

/** Program-side arguments of {@link CsrResource}. */
export interface CsrResourceArgs extends AccountScopeArgs {
    /** The domain (subject CN), e.g. `www.example.com` or `*.example.com`. */
    domain: pulumi.Input<string>;
    /** Organization name (subject O). */
    organization: pulumi.Input<string>;
    /** Department (subject OU). */
    department: pulumi.Input<string>;
    /** Contact email address. */
    email: pulumi.Input<string>;
    /** Province or state (subject ST). */
    province: pulumi.Input<string>;
    /** City (subject L). */
    city: pulumi.Input<string>;
    /** ISO 3166-1 alpha-2 country code (subject C), e.g. `CN`, `US`. */
    country: pulumi.Input<string>;
    /** `RSA` (default) or `ECC`. */
    encryptAlgo?: pulumi.Input<"RSA" | "ECC">;
    /** `2048` (default) or `4096` for RSA; `prime256v1` (default) for ECC. */
    keyParameter?: pulumi.Input<"2048" | "4096" | "prime256v1" | 2048 | 4096>;
    /** Generate the CSR content and private key now (default true). Once generated, the CSR can no longer be modified. */
    generate?: pulumi.Input<boolean>;
    /** Password protecting the generated private key. Stored as a secret. */
    keyPassword?: pulumi.Input<string>;
    /** Free-form remark. */
    remark?: pulumi.Input<string>;
    /** Tags set when the CSR is created (CreateCSR `Tags`), as a map of tag key to tag value. Changing them replaces the CSR. */
    tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
    /** Adopt this existing CSR id instead of creating a new CSR. The CSR is managed (and deleted on destroy) from then on. */
    adoptCsrId?: pulumi.Input<number | string>;
    /**
     * Token appended to the CSR's remark (`[pulumi:<token>]`) so an interrupted create adopts its
     * own CSR instead of creating a duplicate. Derived from project, stack and resource name by
     * default; `""` disables the marker (duplicates are then only prevented within one run).
     */
    clientToken?: pulumi.Input<string>;
}

/** The provider object Pulumi serializes into state (a thin shim; see provider/shim.ts). */
export const csrProvider: pulumi.dynamic.ResourceProvider = makeShimProvider("csr");

/** The default client token: stable for a resource across runs, different between resources. */
export function defaultCsrClientToken(project: string, stack: string, name: string): string {
    return createHash("sha256").update(`${project}\u0000${stack}\u0000${name}`).digest("hex").slice(0, 12);
}

const OUTPUT_ONLY = { csrId: undefined, csr: undefined, privateKey: undefined, status: undefined, createTime: undefined };

/** A certificate signing request in Tencent Cloud SSL Certificates. The resource id is the CSR id. */
export class CsrResource extends AccountScopedResource {
    declare readonly domain: pulumi.Output<string>;
    declare readonly organization: pulumi.Output<string>;
    declare readonly department: pulumi.Output<string>;
    declare readonly email: pulumi.Output<string>;
    declare readonly province: pulumi.Output<string>;
    declare readonly city: pulumi.Output<string>;
    declare readonly country: pulumi.Output<string>;
    declare readonly encryptAlgo: pulumi.Output<"RSA" | "ECC">;
    declare readonly keyParameter: pulumi.Output<string>;
    declare readonly generate: pulumi.Output<boolean>;
    declare readonly keyPassword: pulumi.Output<string | undefined>;
    declare readonly remark: pulumi.Output<string | undefined>;
    declare readonly tags: pulumi.Output<Record<string, string> | undefined>;
    declare readonly adoptCsrId: pulumi.Output<number | undefined>;
    declare readonly clientToken: pulumi.Output<string | undefined>;
    /** The CSR id (also the resource id). */
    declare readonly csrId: pulumi.Output<number>;
    /** The CSR in PEM, once generated. */
    declare readonly csr: pulumi.Output<string | undefined>;
    /** The private key in PEM (encrypted with keyPassword when one is set), once generated. Secret. */
    declare readonly privateKey: pulumi.Output<string | undefined>;
    /** 0 = not generated, 1 = generated. */
    declare readonly status: pulumi.Output<number>;
    /** Creation time as the API reports it (China Standard Time, `YYYY-MM-DD hh:mm:ss`). */
    declare readonly createTime: pulumi.Output<string>;

    /**
     * Reads an existing CSR by id without managing it (Pulumi never modifies or deletes it). To
     * manage an existing CSR, declare a CsrResource with `adoptCsrId` instead.
     */
    static get(name: string, id: pulumi.Input<pulumi.ID>, opts?: pulumi.CustomResourceOptions): CsrResource {
        return new CsrResource(name, undefined as unknown as CsrResourceArgs, { ...opts, id });
    }

    constructor(name: string, args: CsrResourceArgs, opts?: pulumi.CustomResourceOptions) {
        const secretOutputs = ["privateKey", "keyPassword"];
        const options: pulumi.CustomResourceOptions = {
            ...opts,
            additionalSecretOutputs: [...(opts?.additionalSecretOutputs ?? []), ...secretOutputs.filter((k) => !opts?.additionalSecretOutputs?.includes(k))],
        };
        let props: Record<string, unknown>;
        if (opts?.id !== undefined) {
            props = { ...OUTPUT_ONLY };
            for (const key of [...CSR_INPUT_NAMES, "profile", "region"]) {
                props[key] = undefined;
            }
        } else {
            props = {
                encryptAlgo: undefined,
                keyParameter: undefined,
                generate: undefined,
                remark: undefined,
                tags: undefined,
                adoptCsrId: undefined,
                ...args,
                // The key password is stored in state inputs too: keep it secret even when given as plain text.
                keyPassword: args?.keyPassword === undefined ? undefined : pulumi.secret(args.keyPassword),
                clientToken: args?.clientToken ?? defaultCsrClientToken(pulumi.getProject(), pulumi.getStack(), name),
                ...OUTPUT_ONLY,
            };
        }
        // Type `pulumi-nodejs:dynamic/tencentcloud:CsrResource`: readable in previews.
        super(csrProvider, name, props, options, "tencentcloud", "CsrResource");
    }
}
