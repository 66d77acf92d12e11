/** Turns an HTTP answer into the API's `Response` object or a typed error. */
import { ErrorContext, HttpStatusError, InvalidResponseError, SignatureExpireError, TencentCloudError } from "./errors";
import type { HttpAnswer } from "./http";

const SIGNATURE_EXPIRE_CODE = "AuthFailure.SignatureExpire";

export type ParsedAnswer = { ok: true; response: Record<string, unknown> & { RequestId: string } } | { ok: false; error: TencentCloudError };

function header(answer: HttpAnswer, name: string): string | undefined {
    const value = answer.headers[name];
    return Array.isArray(value) ? value[0] : value;
}

/** Seconds from a Retry-After header (delta-seconds form only). */
export function retryAfterSeconds(answer: HttpAnswer): number | undefined {
    const value = header(answer, "retry-after");
    return value !== undefined && /^\d+$/.test(value.trim()) ? Number(value.trim()) : undefined;
}

function describeBody(answer: HttpAnswer): string {
    return `${header(answer, "content-type") ?? "no content-type"}, ${answer.body.length} bytes`;
}

/** Local clock minus the server's Date header, in whole seconds. */
export function clockSkewSeconds(answer: HttpAnswer, localNowMs: number): number | undefined {
    const date = header(answer, "date");
    const serverMs = date ? Date.parse(date) : NaN;
    return Number.isFinite(serverMs) ? Math.round((localNowMs - serverMs) / 1000) : undefined;
}

/**
 * `{"Response": {..., "RequestId"}}` on success, `{"Response": {"Error": {Code, Message}, "RequestId"}}`
 * on failure (always HTTP 200 from the real API). Anything else is an HttpStatusError (non-200) or
 * an InvalidResponseError (200 but not an API answer). Messages never quote the body.
 */
export function parseAnswer(answer: HttpAnswer, context: ErrorContext, localNowMs: number, describeCall: string): ParsedAnswer {
    let json: any;
    try {
        json = JSON.parse(answer.body.toString("utf8"));
    } catch {
        json = undefined;
    }
    const response = json && typeof json === "object" ? json.Response : undefined;
    if (!response || typeof response !== "object" || Array.isArray(response)) {
        if (answer.status !== 200) {
            return {
                ok: false,
                error: new HttpStatusError(
                    answer.status,
                    `${describeCall}: HTTP ${answer.status} without an API answer (${describeBody(answer)})`,
                    context,
                    retryAfterSeconds(answer),
                ),
            };
        }
        return {
            ok: false,
            error: new InvalidResponseError(`${describeCall}: the answer is not a Tencent Cloud API response (${describeBody(answer)})`, context),
        };
    }
    const requestId = typeof response.RequestId === "string" ? response.RequestId : undefined;
    const withRequestId = { ...context, requestId };
    const apiError = response.Error;
    if (apiError !== undefined) {
        if (!apiError || typeof apiError !== "object" || typeof apiError.Code !== "string" || !apiError.Code) {
            // Not an answer the API gives: we cannot tell what happened, exactly like an unreadable body.
            return {
                ok: false,
                error: new InvalidResponseError(
                    `${describeCall}: the answer's Response.Error has no error code (${describeBody(answer)}${requestId ? `, RequestId ${requestId}` : ""}); it is not a Tencent Cloud API response`,
                    withRequestId,
                ),
            };
        }
        const code: string = apiError.Code;
        const message = typeof apiError?.Message === "string" ? apiError.Message : "";
        if (code === SIGNATURE_EXPIRE_CODE) {
            const skew = clockSkewSeconds(answer, localNowMs);
            return {
                ok: false,
                error: new SignatureExpireError(
                    `${describeCall}: ${SIGNATURE_EXPIRE_CODE}: ${message}${requestId ? ` (RequestId ${requestId})` : ""}.`,
                    withRequestId,
                    skew,
                ),
            };
        }
        return {
            ok: false,
            error: new TencentCloudError(code, `${describeCall}: ${code}: ${message}${requestId ? ` (RequestId ${requestId})` : ""}`, withRequestId),
        };
    }
    if (answer.status !== 200) {
        return {
            ok: false,
            error: new HttpStatusError(
                answer.status,
                `${describeCall}: HTTP ${answer.status} (RequestId ${requestId ?? "none"})`,
                withRequestId,
                retryAfterSeconds(answer),
            ),
        };
    }
    return { ok: true, response: { ...response, RequestId: requestId ?? "" } };
}
