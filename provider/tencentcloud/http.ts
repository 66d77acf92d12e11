/**
 * One HTTP attempt: POST the signed body, read at most `maxResponseBytes` of the answer within
 * `timeoutMs` (headers and body together), and map transport failures to typed errors.
 */
import { Agent, Dispatcher } from "undici";
import { AbortedError, ErrorContext, NetworkError, ResponseTooLargeError, TimeoutError } from "./errors";

export interface HttpAnswer {
    status: number;
    headers: Record<string, string | string[] | undefined>;
    body: Buffer;
}

export interface HttpAttempt {
    dispatcher: Dispatcher;
    origin: string;
    headers: Record<string, string>;
    body: Uint8Array;
    timeoutMs: number;
    maxResponseBytes: number;
    signal?: AbortSignal;
    context: ErrorContext;
}

/** Connection errors that happen before a request can reach the server: re-sending is safe. */
const NOT_SENT_CODES = new Set([
    "ECONNREFUSED",
    "ENOTFOUND",
    "EAI_AGAIN",
    "EHOSTUNREACH",
    "ENETUNREACH",
    "EADDRNOTAVAIL",
    "UND_ERR_CONNECT_TIMEOUT",
]);

function errorCode(err: any): string | undefined {
    return err?.code ?? err?.cause?.code;
}

/** The keep-alive agent used when none is injected; created by the client on its first call. */
export function createDefaultDispatcher(connectionsPerOrigin: number): Dispatcher {
    return new Agent({
        connections: connectionsPerOrigin,
        keepAliveTimeout: 10_000,
        keepAliveMaxTimeout: 60_000,
        connect: { timeout: 10_000 },
    });
}

export async function sendAttempt(attempt: HttpAttempt): Promise<HttpAnswer> {
    const controller = new AbortController();
    const timeout = new TimeoutError(attempt.timeoutMs, attempt.context);
    const timer = setTimeout(() => controller.abort(timeout), attempt.timeoutMs);
    const onCallerAbort = () => controller.abort(new AbortedError({ ...attempt.context, cause: attempt.signal?.reason }));
    if (attempt.signal?.aborted) {
        clearTimeout(timer);
        throw new AbortedError({ ...attempt.context, cause: attempt.signal.reason });
    }
    attempt.signal?.addEventListener("abort", onCallerAbort, { once: true });
    let sent = false;
    try {
        const response = await attempt.dispatcher.request({
            origin: attempt.origin,
            path: "/",
            method: "POST",
            headers: attempt.headers,
            body: attempt.body,
            signal: controller.signal,
            headersTimeout: attempt.timeoutMs,
            bodyTimeout: attempt.timeoutMs,
        });
        sent = true;
        const declared = Number(response.headers["content-length"]);
        if (Number.isFinite(declared) && declared > attempt.maxResponseBytes) {
            response.body.destroy();
            throw new ResponseTooLargeError(attempt.maxResponseBytes, attempt.context);
        }
        const chunks: Buffer[] = [];
        let size = 0;
        for await (const chunk of response.body) {
            size += chunk.length;
            if (size > attempt.maxResponseBytes) {
                response.body.destroy();
                throw new ResponseTooLargeError(attempt.maxResponseBytes, attempt.context);
            }
            chunks.push(chunk as Buffer);
        }
        return { status: response.statusCode, headers: response.headers, body: Buffer.concat(chunks, size) };
    } catch (err: any) {
        if (err instanceof ResponseTooLargeError) {
            throw err;
        }
        if (controller.signal.aborted) {
            throw controller.signal.reason; // our TimeoutError or the caller's AbortedError
        }
        const code = errorCode(err);
        if (code === "UND_ERR_HEADERS_TIMEOUT" || code === "UND_ERR_BODY_TIMEOUT") {
            throw timeout;
        }
        const requestSent = sent || !(code !== undefined && NOT_SENT_CODES.has(code));
        throw new NetworkError(
            `${code ?? "connection error"} talking to ${attempt.origin}${err?.message ? `: ${err.message}` : ""}`,
            requestSent,
            { ...attempt.context, cause: err },
        );
    } finally {
        clearTimeout(timer);
        attempt.signal?.removeEventListener("abort", onCallerAbort);
    }
}
