import { ApiError } from "../errors";
import type { Schema } from "../params";
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

export interface ActionDef {
    schema: Schema;
    /** Changes state (persisted after success; actThenFail faults apply meaningfully). */
    write: boolean;
    handle(params: Record<string, unknown>, ctx: ActionContext): Promise<object> | object;
}

/** version → action → definition */
export type ServiceDefinition = Record<string, Record<string, ActionDef>>;

/** Offset/Limit with defaults and bounds; out-of-range values raise the given code. */
export function page(params: Record<string, unknown>, defaultLimit: number, maxLimit: number, errorCode: string): { offset: number; limit: number } {
    const offset = (params.Offset as number | undefined) ?? 0;
    const limit = (params.Limit as number | undefined) ?? defaultLimit;
    if (offset < 0) throw new ApiError(errorCode, "Offset must be >= 0.");
    if (limit < 0 || limit > maxLimit) throw new ApiError(errorCode, `Limit must be between 0 and ${maxLimit}.`);
    return { offset, limit };
}
