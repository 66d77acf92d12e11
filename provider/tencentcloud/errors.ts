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
 * Messages never contain a secret or a request body.
 */
export class TencentCloudError extends Error {
    override name = "TencentCloudError";
    readonly code: string;
    readonly requestId?: string;
    readonly action?: string;
    readonly service?: ServiceName;
    /** Whether the client considered this failure worth retrying (set by the client). */
    retryable = false;
    /** How many attempts the client made before giving up (set by the client). */
    attempts?: number;
    /**
     * True when the last attempt's answer was lost (reset after sending, timeout, HTTP 5xx, an
     * unreadable body): the server may have carried out the action. A create should look for what
     * it asked for before trying again.
     */
    outcomeUnknown = false;

    constructor(code: string, message: string, context: ErrorContext = {}) {
        super(message, context.cause === undefined ? undefined : { cause: context.cause });
        this.code = code;
        this.requestId = context.requestId;
        this.action = context.action;
        this.service = context.service;
    }
}

/** Client-side error codes (the API's own codes never start with `Client.`). */
export const CLIENT_CODE = {
    credentials: "Client.CredentialsError",
    config: "Client.ConfigError",
    network: "Client.NetworkError",
    endpointUnreachable: "Client.EndpointUnreachable",
    endpointTls: "Client.EndpointTlsError",
    timeout: "Client.Timeout",
    httpStatus: "Client.HttpStatusError",
    invalidResponse: "Client.InvalidResponse",
    responseTooLarge: "Client.ResponseTooLarge",
    aborted: "Client.Aborted",
    invalidRequest: "Client.InvalidRequest",
} as const;

/** No usable credentials, or a half-set pair. The message names what is missing and where the client looked. */
export class CredentialsError extends TencentCloudError {
    override name = "CredentialsError";
    constructor(message: string) {
        super(CLIENT_CODE.credentials, message);
    }
}

/** A provider setting (Pulumi config key or environment variable) is invalid. */
export class ConfigError extends TencentCloudError {
    override name = "ConfigError";
    /** The config key or environment variable at fault, e.g. `tencentcloud:endpoint`. */
    readonly setting: string;
    constructor(setting: string, message: string) {
        super(CLIENT_CODE.config, message);
        this.setting = setting;
    }
}

/**
 * The connection failed. `requestSent` is false when the failure happened before the request
 * could reach the server (refused, DNS), so re-sending cannot duplicate an action.
 */
export class NetworkError extends TencentCloudError {
    override name = "NetworkError";
    readonly requestSent: boolean;
    constructor(message: string, requestSent: boolean, context: ErrorContext = {}, code: string = CLIENT_CODE.network) {
        super(code, message, context);
        this.requestSent = requestSent;
    }
}

/** Why nothing could be reached: `refused` (nothing listening), `dns` (no such host), `noRoute`. */
export type UnreachableReason = "refused" | "dns" | "noRoute";

/** Where requests go and which setting put them there, for messages. */
export interface EndpointDescription {
    /** e.g. `http://127.0.0.1:9000`. */
    origin: string;
    /** The config key or environment variable that set it, or a phrase such as `the default host`. */
    from: string;
    /** True when `tencentcloud:endpoint` / TENCENTCLOUD_ENDPOINT named it. */
    explicit: boolean;
    /** Loopback host: most likely the local emulator. */
    loopback: boolean;
}

function unreachableFix(endpoint: EndpointDescription): string {
    if (endpoint.explicit && endpoint.loopback) {
        return `Start the emulator (npm run emulator in the pulumi-tencent-certs checkout) or whatever serves ${endpoint.origin}, or correct ${endpoint.from}.`;
    }
    if (endpoint.explicit) {
        return `Check ${endpoint.from} and that ${endpoint.origin} is reachable from this machine.`;
    }
    return `Check this machine's network and DNS, or set tencentcloud:endpoint (tencentcloud:site / tencentcloud:domain) if the API is elsewhere.`;
}

/**
 * The endpoint itself stops the request (nothing answers there, or its TLS fails): the message
 * names what happened, the endpoint, the setting it came from and the fix.
 */
export abstract class EndpointError extends NetworkError {
    /** The system error code, e.g. ECONNREFUSED, ENOTFOUND, ERR_SSL_WRONG_VERSION_NUMBER. */
    readonly systemCode: string;
    readonly endpoint: EndpointDescription;
    constructor(what: string, fix: string, systemCode: string, endpoint: EndpointDescription, context: ErrorContext, code: string) {
        super(`${what}; the endpoint comes from ${endpoint.from}. ${fix}`, false, context, code);
        this.systemCode = systemCode;
        this.endpoint = endpoint;
    }
}

function unreachableWhat(reason: UnreachableReason, origin: string, systemCode: string): string {
    if (reason === "refused") return `nothing is listening at ${origin} (${systemCode})`;
    if (reason === "dns") return `the host of ${origin} cannot be resolved (${systemCode})`;
    return `there is no route to ${origin} (${systemCode})`;
}

/**
 * Nothing answers at the endpoint: the connection was refused, the host name does not resolve, or
 * there is no route. The request never left, but retrying for long does not help either: the
 * message names the endpoint, the setting it came from and the fix.
 */
export class EndpointUnreachableError extends EndpointError {
    override name = "EndpointUnreachableError";
    readonly reason: UnreachableReason;
    constructor(systemCode: string, reason: UnreachableReason, endpoint: EndpointDescription, context: ErrorContext = {}) {
        const what = unreachableWhat(reason, endpoint.origin, systemCode);
        super(what, unreachableFix(endpoint), systemCode, endpoint, context, CLIENT_CODE.endpointUnreachable);
        this.reason = reason;
    }
}

/**
 * Why the TLS handshake with the endpoint failed: `plainHttp` (the server answered in plain HTTP:
 * an `https://` endpoint pointed at an http server such as the emulator) or `untrustedCertificate`.
 */
export type TlsFailure = "plainHttp" | "untrustedCertificate";

function tlsFix(failure: TlsFailure, endpoint: EndpointDescription): string {
    if (failure === "untrustedCertificate") {
        return `If a proxy on this network inspects TLS, give Node its CA certificate (NODE_EXTRA_CA_CERTS=/path/to/ca.pem); otherwise check ${endpoint.from}.`;
    }
    if (endpoint.loopback) {
        const http = endpoint.origin.replace(/^https:/, "http:");
        return `The bundled emulator serves plain http: set ${endpoint.from} to ${http}.`;
    }
    return `Point ${endpoint.from} at the server's HTTPS port (a plain-http proxy or a wrong port answers like this).`;
}

/**
 * The TLS handshake with the endpoint failed: the server does not speak TLS, or its certificate is
 * not trusted. The request never left; retrying cannot help (the setting is wrong), so the client
 * fails at once with the endpoint, the setting it came from and the fix.
 */
export class EndpointTlsError extends EndpointError {
    override name = "EndpointTlsError";
    readonly failure: TlsFailure;
    constructor(systemCode: string, failure: TlsFailure, endpoint: EndpointDescription, context: ErrorContext = {}) {
        const what =
            failure === "plainHttp"
                ? `${endpoint.origin} does not speak TLS (${systemCode}: the server answered the TLS handshake in plain HTTP)`
                : `the TLS certificate of ${endpoint.origin} is not trusted (${systemCode})`;
        super(what, tlsFix(failure, endpoint), systemCode, endpoint, context, CLIENT_CODE.endpointTls);
        this.failure = failure;
    }
}

/**
 * The API rejected the credentials themselves (bad signature, unknown SecretId, wrong token). The
 * message says where the key came from (config key, environment variable or profile), never the key.
 */
export class CredentialsRejectedError extends TencentCloudError {
    override name = "CredentialsRejectedError";
    /** Where the credentials came from, e.g. `environment variables TENCENTCLOUD_SECRET_ID / TENCENTCLOUD_SECRET_KEY`. */
    readonly credentialOrigin: string;
    constructor(code: string, message: string, credentialOrigin: string, context: ErrorContext = {}) {
        super(code, message, context);
        this.credentialOrigin = credentialOrigin;
    }
}

/** One attempt did not complete (headers and body) within its timeout. */
export class TimeoutError extends TencentCloudError {
    override name = "TimeoutError";
    readonly timeoutMs: number;
    constructor(timeoutMs: number, context: ErrorContext = {}) {
        super(CLIENT_CODE.timeout, `no complete answer within ${timeoutMs} ms`, context);
        this.timeoutMs = timeoutMs;
    }
}

/** The server answered with a non-200 HTTP status and no API error body. */
export class HttpStatusError extends TencentCloudError {
    override name = "HttpStatusError";
    readonly status: number;
    /** Seconds from a Retry-After header, when the server sent one. */
    readonly retryAfterSeconds?: number;
    constructor(status: number, message: string, context: ErrorContext = {}, retryAfterSeconds?: number) {
        super(CLIENT_CODE.httpStatus, message, context);
        this.status = status;
        this.retryAfterSeconds = retryAfterSeconds;
    }
}

/** The answer was not a Tencent Cloud API response (not JSON, no `Response`, an HTML page...). */
export class InvalidResponseError extends TencentCloudError {
    override name = "InvalidResponseError";
    constructor(message: string, context: ErrorContext = {}) {
        super(CLIENT_CODE.invalidResponse, message, context);
    }
}

/** The answer exceeded the client's response size cap. */
export class ResponseTooLargeError extends TencentCloudError {
    override name = "ResponseTooLargeError";
    readonly limitBytes: number;
    constructor(limitBytes: number, context: ErrorContext = {}) {
        super(
            CLIENT_CODE.responseTooLarge,
            `the response exceeded the ${limitBytes}-byte limit; it is not a normal API answer (a proxy or captive portal in between?)`,
            context,
        );
        this.limitBytes = limitBytes;
    }
}

/** The caller's AbortSignal fired. */
export class AbortedError extends TencentCloudError {
    override name = "AbortedError";
    constructor(context: ErrorContext = {}) {
        super(CLIENT_CODE.aborted, "the call was cancelled", context);
    }
}

/**
 * `AuthFailure.SignatureExpire`: the request's timestamp is more than 5 minutes away from the
 * server's clock. Retrying cannot help; the local clock must be fixed.
 */
export class SignatureExpireError extends TencentCloudError {
    override name = "SignatureExpireError";
    /** Local clock minus the server's Date header, in seconds, when the server sent a Date. */
    readonly clockSkewSeconds?: number;
    constructor(apiMessage: string, context: ErrorContext, clockSkewSeconds?: number) {
        const skew =
            clockSkewSeconds === undefined
                ? ""
                : ` This machine's clock is ${Math.abs(clockSkewSeconds)} s ${clockSkewSeconds > 0 ? "ahead of" : "behind"} the server's (from its Date header).`;
        super(
            "AuthFailure.SignatureExpire",
            `${apiMessage} The request timestamp must be within 5 minutes of Tencent Cloud's clock: check this machine's clock and time zone settings (enable NTP).${skew}`,
            context,
        );
        this.clockSkewSeconds = clockSkewSeconds;
    }
}
