/**
 * CsrResource: a certificate signing request in Tencent Cloud SSL Certificates (ssl 2019-12-05).
 *
 * The modules next to this one hold the parts: csr-validation (check), csr-diff, csr-create
 * (CreateCSR without duplicates, adoption), csr-remote (per-process read cache, delete batcher),
 * csr-mapping (API records ↔ outputs). This file holds the public types, the resource class and
 * the provider implementation that wires them.
 */
import { createHash } from "crypto";
import * as pulumi from "@pulumi/pulumi";
import { makeShimProvider } from "../shim";
import { Logger, silentLogger } from "../tencentcloud/log";
import { modifyCSR } from "../tencentcloud/services/ssl";
import type { TencentCloudApi } from "../tencentcloud/types";
import { createCsr, CsrContext } from "./csr-create";
import { diffCsr, oldIsGenerated } from "./csr-diff";
import { CsrIdError } from "./csr-errors";
import { inputsFromOutputs, modifyRequest, normalizedField, plain, remoteDifferences, remoteFromApi, remoteIsGenerated, RemoteCsr, sameValue, toOutputs } from "./csr-mapping";
import { cachedItem, csrProcessState, CsrProcessState, describeCsrOrNull, submitCsrDelete } from "./csr-remote";
import { CSR_MODIFIABLE_FIELDS, CsrInputs, CsrModifiableField, CsrOutputs, withoutUndefined } from "./csr-types";
import { checkCsrInputs } from "./csr-validation";

export type { CsrInputs, CsrOutputs, CsrEncryptAlgo } from "./csr-types";
export { CSR_ENCRYPT_ALGOS, CSR_KEY_PARAMETERS } from "./csr-types";
export { CsrDeleteError, CsrAdoptionError, CsrIdError } from "./csr-errors";
export { CSR_LIMITS } from "./csr-validation";

/** Program-side arguments of {@link CsrResource}. */
export interface CsrResourceArgs {
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
export class CsrResource extends pulumi.dynamic.Resource {
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
            for (const key of ["domain", "organization", "department", "email", "province", "city", "country", "encryptAlgo", "keyParameter", "generate", "keyPassword", "remark", "tags", "adoptCsrId", "clientToken"]) {
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

// ---------------------------------------------------------------- provider implementation

/** What the implementation needs from its surroundings (tests pass their own). */
export interface CsrDeps {
    client(): TencentCloudApi;
    log: Logger;
    sleep(ms: number): Promise<void>;
    now(): number;
    /** Read cache, claimed ids and delete batcher; one per process by default. */
    state: CsrProcessState;
}

function runtimeModule(): any {
    return require("../runtime");
}

function defaultLogger(): Logger {
    const runtime = runtimeModule();
    return typeof runtime.getLogger === "function" ? runtime.getLogger() : silentLogger;
}

/** The id in state as a CSR id. */
export function parseCsrId(id: string): number {
    if (!/^\d{1,15}$/.test(id) || Number(id) <= 0) {
        throw new CsrIdError(`'${id}' is not a CSR id (a positive integer); the state of this CsrResource was edited or belongs to another resource type`);
    }
    return Number(id);
}

/** The changed fields ModifyCSR can set, old outputs against new inputs. */
function modifiedFields(olds: Record<string, unknown>, news: CsrInputs): CsrModifiableField[] {
    return (Object.keys(CSR_MODIFIABLE_FIELDS) as CsrModifiableField[]).filter(
        (field) => !sameValue(normalizedField(olds, field), normalizedField(news as unknown as Record<string, unknown>, field)),
    );
}

export function csrProviderImpl(deps: Partial<CsrDeps> = {}): pulumi.dynamic.ResourceProvider {
    const state = deps.state ?? csrProcessState;
    const context = (): CsrContext => ({
        api: deps.client ? deps.client() : runtimeModule().getClient(),
        state,
        log: deps.log ?? defaultLogger(),
        sleep: deps.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
        now: deps.now ?? Date.now,
    });

    async function describeRemote(ctx: CsrContext, id: number): Promise<RemoteCsr | null> {
        const detail = await describeCsrOrNull(ctx.api, id);
        return detail ? remoteFromApi(id, detail, true) : null;
    }

    return {
        async check(_olds: any, news: any): Promise<pulumi.dynamic.CheckResult> {
            return checkCsrInputs(news ?? {});
        },

        async diff(id: string, olds: any, news: any): Promise<pulumi.dynamic.DiffResult> {
            const csrId = Number(id);
            if (Number.isSafeInteger(csrId) && csrId > 0) {
                state.live.add(csrId); // a replacement's create must never adopt the CSR it replaces
            }
            return diffCsr(olds ?? {}, news ?? {});
        },

        async create(inputs: any): Promise<pulumi.dynamic.CreateResult> {
            const outputs = await createCsr(context(), plain(inputs) as unknown as CsrInputs);
            return { id: String(outputs.csrId), outs: outputs };
        },

        async read(id: string, props: any): Promise<pulumi.dynamic.ReadResult> {
            const ctx = context();
            const csrId = parseCsrId(id);
            state.live.add(csrId);
            const old = plain(props);
            const known = {
                csr: typeof old.csr === "string" ? old.csr : undefined,
                privateKey: typeof old.privateKey === "string" ? old.privateKey : undefined,
                keyPassword: typeof old.keyPassword === "string" ? old.keyPassword : undefined,
            };
            const item = await cachedItem(state, ctx.api, ctx, csrId);
            let remote: RemoteCsr | null = item ? remoteFromApi(csrId, item, false) : null;
            // CSR content never changes once generated: DescribeCSR only when it is not known yet.
            if (!remote || (remoteIsGenerated(remote) && !(known.csr && known.privateKey))) {
                remote = await describeRemote(ctx, csrId);
            }
            if (!remote) {
                ctx.log.info(`CSR ${csrId} no longer exists; it leaves the stack's state`);
                return { id: "" };
            }
            const outputs = toOutputs(remote, old as Partial<CsrInputs>, known);
            return { id: String(csrId), props: outputs, inputs: inputsFromOutputs(outputs) };
        },

        async update(id: string, olds: any, news: any): Promise<pulumi.dynamic.UpdateResult> {
            const ctx = context();
            const csrId = parseCsrId(id);
            state.live.add(csrId);
            const old = plain(olds);
            const inputs = plain(news) as unknown as CsrInputs;
            if (oldIsGenerated(old)) {
                throw new Error(`CSR ${csrId} is already generated and can no longer be modified; its changes need a replacement (run 'pulumi refresh' if its state is outdated)`);
            }
            const fields = modifiedFields(old, inputs);
            const token = typeof old.clientToken === "string" ? old.clientToken : undefined;
            try {
                await modifyCSR(ctx.api, modifyRequest(csrId, inputs, fields, token));
            } catch (err) {
                // A retried ModifyCSR whose first answer was lost fails on the now generated CSR: check the result.
                const remote = await describeRemote(ctx, csrId);
                if (!remote || remoteDifferences(remote, inputs).length > 0 || remoteIsGenerated(remote) !== inputs.generate) {
                    throw err;
                }
            } finally {
                state.dirty.add(csrId);
            }
            const touched = fields.length > 0 ? fields.join(", ") : "no fields";
            ctx.log.info(`modified CSR ${csrId}: ${touched}${inputs.generate ? "; generated" : ""}`);
            let outputs: CsrOutputs;
            if (inputs.generate) {
                const remote = await describeRemote(ctx, csrId);
                if (!remote) {
                    throw new Error(`CSR ${csrId} disappeared while it was being generated (deleted concurrently?); run 'pulumi up' again`);
                }
                outputs = toOutputs(remote, { ...inputs, clientToken: token ?? inputs.clientToken });
            } else {
                outputs = withoutUndefined<CsrOutputs>({
                    ...inputs,
                    keyPassword: inputs.keyPassword || undefined,
                    clientToken: token ?? inputs.clientToken,
                    csrId,
                    status: typeof old.status === "number" ? old.status : 0,
                    createTime: typeof old.createTime === "string" ? old.createTime : "",
                });
            }
            return { outs: outputs };
        },

        async delete(id: string, _props: any): Promise<void> {
            const ctx = context();
            const csrId = parseCsrId(id);
            state.live.add(csrId);
            try {
                await submitCsrDelete(state, ctx.api, ctx.log, csrId);
            } finally {
                state.dirty.add(csrId);
            }
        },
    };
}
