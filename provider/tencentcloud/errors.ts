import type { ServiceName } from "./types";

/** What is known about the call that failed. */
export interface ErrorContext {
    service?: ServiceName;
    action?: string;
    requestId?: string;
    cause?: unknown;
}

/**
 * An error answered by the Tencent Cloud API (`Response.Error`) or raised by the client around a
 * call. Users match on `code` (the API's own code, or a `Client.*` code for client-side failures).
 */
export class TencentCloudError extends Error {
    override name = "TencentCloudError";
    readonly code: string;
    readonly requestId?: string;
    readonly action?: string;
    readonly service?: ServiceName;

    constructor(code: string, message: string, context: ErrorContext = {}) {
        super(message, context.cause === undefined ? undefined : { cause: context.cause });
        this.code = code;
        this.requestId = context.requestId;
        this.action = context.action;
        this.service = context.service;
    }
}
