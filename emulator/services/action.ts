import type { ApiModels } from "../../api-models";
import { ApiError } from "../errors";
import type { EmulatorState, Owned } from "../types";

export interface ActionContext {
    /** Emulator clock, ms. */
    now: number;
    /** The caller's account (the OwnerUin of the credential that signed the call). */
    ownerUin: string;
    /** Whether `obj` exists and belongs to the caller's account; another account's object must look missing. */
    owns<T extends Owned>(obj: T | undefined): obj is T;
    state: EmulatorState;
    version: string;
    teoDeployDelayMs: number;
    gaapApplyDelayMs: number;
}

/**
 * One emulated action. Its parameters were checked against the official model's request struct
 * (emulator/params.ts), so `handle` gets them typed as that struct; its answer is checked against
 * the response struct, at compile time by tests/conformance and at run time by the server.
 */
export interface ActionDef<TRequest, TAnswer extends object = object> {
    /** Changes state (persisted after success; actThenFail faults apply meaningfully). */
    write: boolean;
    handle(params: TRequest, ctx: ActionContext): Promise<TAnswer> | TAnswer;
}

/**
 * version → action → definition, for the versions and actions the official models
 * (api-models/index.ts) have: an action without a model cannot be registered. Declare a service
 * with `satisfies ServiceDefinition<"ssl">` (not a type annotation), so each answer keeps its type
 * for the compile-time conformance check.
 */
export type ServiceDefinition<S extends keyof ApiModels> = {
    [V in keyof ApiModels[S]]?: { [A in keyof ApiModels[S][V]]?: ActionDef<Validated<ApiModels[S][V][A] extends { request: infer R } ? R : never>> };
};

/** A request struct as a handler gets it: checked, null-valued fields dropped (emulator/params.ts). */
export type Validated<T> = T extends readonly (infer E)[] ? Validated<E>[] : T extends object ? { [K in keyof T]: Validated<Exclude<T[K], null>> } : T;

/** Offset/Limit with defaults and bounds; a negative value raises `negativeCode` (the gateway's, for unsigned fields), one out of range `errorCode`. */
export function page(
    params: { Offset?: number; Limit?: number },
    defaultLimit: number,
    maxLimit: number,
    errorCode: string,
    negativeCode = "InvalidParameter",
): { offset: number; limit: number } {
    const offset = params.Offset ?? 0;
    const limit = params.Limit ?? defaultLimit;
    if (offset < 0) throw new ApiError(negativeCode, "Offset must be >= 0.");
    if (limit < 0) throw new ApiError(negativeCode, `Limit must be between 0 and ${maxLimit}.`);
    if (limit > maxLimit) throw new ApiError(errorCode, `Limit must be between 0 and ${maxLimit}.`);
    return { offset, limit };
}
