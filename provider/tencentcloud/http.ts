/**
 * One HTTP attempt: POST the signed body, read at most `maxResponseBytes` of the answer within
 * `timeoutMs` (headers and body together), and map transport failures to typed errors.
 */
import { Agent, Dispatcher } from "undici";
import {
    AbortedError,
    EndpointDescription,
    EndpointTlsError,
    EndpointUnreachableError,
    ErrorContext,
    NetworkError,
    ResponseTooLargeError,
    TimeoutError,
    TlsFailure,
    UnreachableReason,
} from "./errors";

export interface HttpAnswer {
    status: number;
    headers: Record<string, string | string[] | undefined>;
    body: Buffer;
}

export interface HttpAttempt {
    dispatcher: Dispatcher;
    origin: string;
    /** Which setting chose `origin`, for the message when nothing answers there. */
    endpoint?: EndpointDescription;
    headers: Record<string, string>;
    body: Uint8Array;
    timeoutMs: number;
    maxResponseBytes: number;
    signal?: AbortSignal;
    context: ErrorContext;
}

/** Connection errors that happen before a request can reach the server: re-sending is safe. */
const NOT_SENT_CODES = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH", "EADDRNOTAVAIL", "UND_ERR_CONNECT_TIMEOUT"]);

/**
 * Connection errors meaning nothing can answer at the endpoint (nothing listening, no such host, no
 * route): usually a wrong setting or a stopped emulator, so the client gives them only a short
 * retry budget. The rest of NOT_SENT_CODES (a connect timeout, a local port shortage) are transient.
 */
const UNREACHABLE_CODES: Readonly<Record<string, UnreachableReason>> = {
    ECONNREFUSED: "refused",
    ENOTFOUND: "dns",
    EAI_AGAIN: "dns",
    EAI_NONAME: "dns",
    EAI_FAIL: "dns",
    EHOSTUNREACH: "noRoute",
    ENETUNREACH: "noRoute",
};

/**
 * TLS handshake failures that mean the endpoint setting is wrong, not that the network hiccuped:
 * a plain-http server behind an `https://` endpoint (OpenSSL reads its "HTTP/1.1 400" as a TLS
 * record: wrong version number), or a certificate Node does not trust. Never retried.
 */
const TLS_FAILURE_CODES: Readonly<Record<string, TlsFailure>> = {
    ERR_SSL_WRONG_VERSION_NUMBER: "plainHttp",
    ERR_SSL_PACKET_LENGTH_TOO_LONG: "plainHttp",
    ERR_SSL_HTTP_REQUEST: "plainHttp",
    UNABLE_TO_VERIFY_LEAF_SIGNATURE: "untrustedCertificate",
    UNABLE_TO_GET_ISSUER_CERT_LOCALLY: "untrustedCertificate",
    SELF_SIGNED_CERT_IN_CHAIN: "untrustedCertificate",
    DEPTH_ZERO_SELF_SIGNED_CERT: "untrustedCertificate",
    CERT_HAS_EXPIRED: "untrustedCertificate",
    ERR_TLS_CERT_ALTNAME_INVALID: "untrustedCertificate",
};

function errorCode(err: any): string | undefined {
    return err?.code ?? err?.cause?.code;
}

/** The keep-alive agent used when none is injected; created by the client on its first call. */
export function createDefaultDispatcher(connectionsPerOrigin: number): Dispatcher {
    return new Agent({ connections: connectionsPerOrigin, keepAliveTimeout: 10_000, keepAliveMaxTimeout: 60_000, connect: { timeout: 10_000 } });
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
        const endpoint = attempt.endpoint ?? { origin: attempt.origin, from: "the configured endpoint", explicit: true, loopback: false };
        const unreachable = code === undefined ? undefined : UNREACHABLE_CODES[code];
        if (!sent && code !== undefined && unreachable) {
            throw new EndpointUnreachableError(code, unreachable, endpoint, { ...attempt.context, cause: err });
        }
        const tlsFailure = code === undefined ? undefined : TLS_FAILURE_CODES[code];
        if (!sent && code !== undefined && tlsFailure) {
            throw new EndpointTlsError(code, tlsFailure, endpoint, { ...attempt.context, cause: err });
        }
        const requestSent = sent || !(code !== undefined && NOT_SENT_CODES.has(code));
        throw new NetworkError(`${code ?? "connection error"} talking to ${attempt.origin}${err?.message ? `: ${err.message}` : ""}`, requestSent, {
            ...attempt.context,
            cause: err,
        });
    } finally {
        clearTimeout(timer);
        attempt.signal?.removeEventListener("abort", onCallerAbort);
    }
}
