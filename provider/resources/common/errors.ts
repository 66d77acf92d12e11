/** What the resources read off any error: the API's code and RequestId when it carries them. */

/** The API's error code (TencentCloudError and the resources' own errors carry one). */
export function errorCode(err: unknown): string | undefined {
    const code = (err as { code?: unknown } | null)?.code;
    return typeof code === "string" ? code : undefined;
}

export function errorRequestId(err: unknown): string | undefined {
    const requestId = (err as { requestId?: unknown } | null)?.requestId;
    return typeof requestId === "string" ? requestId : undefined;
}

export function errorMessage(err: unknown): string {
    return err instanceof Error ? err.message : String(err);
}
