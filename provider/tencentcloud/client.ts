/**
 * The Tencent Cloud API client: signs, rate-limits, sends, parses and retries calls.
 *
 * One instance per provider process (runtime.ts). The HTTP agent is created on the first call, so
 * building a client opens nothing, and nothing here is ever reachable from the serialized provider.
 */
import type { Dispatcher } from "undici";
import { HEADER, JSON_CONTENT_TYPE } from "./constants";
import { credentialRejectionAdvice, CREDENTIAL_REJECTION_CODES } from "./credentials";
import { isLoopbackHost } from "./endpoints";
import {
    AbortedError,
    CLIENT_CODE,
    CredentialsRejectedError,
    EndpointDescription,
    EndpointUnreachableError,
    ErrorContext,
    HttpStatusError,
    NetworkError,
    TencentCloudError,
    TimeoutError,
} from "./errors";
import { createDefaultDispatcher, sendAttempt } from "./http";
import { Logger, redact, silentLogger } from "./log";
import { RateLimiter } from "./rate-limiter";
import { parseAnswer } from "./response";
import { AttemptFailure, backoffDelayMs, classifyFailure, isIdempotentByDefault, nextDelayMs, RetryPolicy, UNREACHABLE_RETRY } from "./retry";
import type { ClientSettings } from "./settings";
import { signRequest, SigningKeyCache } from "./signer";
import type { ApiResponse, CallOptions, ServiceName, TencentCloudApi } from "./types";

export interface ClientDeps {
    /** Waits between retries (and inside the rate limiter). Must honour `signal`. */
    sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
    /** Wall clock in milliseconds: request timestamps, deadlines, rate windows. */
    now?: () => number;
    /** Uniform in [0, 1): backoff jitter. */
    random?: () => number;
    logger?: Logger;
    /** HTTP dispatcher (tests inject one); by default a keep-alive undici Agent created on first call. */
    dispatcher?: Dispatcher;
    /** Shared rate limiter; by default one built from `settings.limits`. */
    limiter?: RateLimiter;
}

export interface TencentCloudClient extends TencentCloudApi {
    readonly limiter: RateLimiter;
    /** Closes pooled connections (the process exits without it too). */
    close(): Promise<void>;
}

export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
        if (signal?.aborted) {
            reject(new AbortedError({ cause: signal.reason }));
            return;
        }
        const onAbort = () => {
            clearTimeout(timer);
            reject(new AbortedError({ cause: signal?.reason }));
        };
        const timer = setTimeout(() => {
            signal?.removeEventListener("abort", onAbort);
            resolve();
        }, ms);
        signal?.addEventListener("abort", onAbort, { once: true });
    });
}

/** What a failed attempt means for the retry decision. */
export function toAttemptFailure(error: unknown): AttemptFailure {
    if (error instanceof EndpointUnreachableError) {
        return { kind: "unreachable" };
    }
    if (error instanceof NetworkError) {
        return { kind: "network", requestSent: error.requestSent };
    }
    if (error instanceof TimeoutError) {
        return { kind: "timeout" };
    }
    if (error instanceof HttpStatusError) {
        return { kind: "http", status: error.status };
    }
    if (error instanceof TencentCloudError) {
        if (error.code === CLIENT_CODE.invalidResponse || error.code === CLIENT_CODE.responseTooLarge) {
            return { kind: "invalidResponse" };
        }
        if (error.code.startsWith("Client.")) {
            return { kind: "fatal" };
        }
        return { kind: "api", code: error.code };
    }
    return { kind: "fatal" };
}

/** Removes the secret key and session token from any text that leaves the client. */
function makeRedactor(settings: ClientSettings): (text: string) => string {
    return (text) => redact(text, [settings.credentials.secretKey, settings.credentials.token]);
}

/** The endpoint as messages describe it: origin and the setting that chose it. */
function describeEndpoint(endpoint: ClientSettings["endpoints"][ServiceName]): EndpointDescription {
    return {
        origin: endpoint.origin,
        from: endpoint.from ?? "the configured endpoint",
        explicit: endpoint.explicit ?? true,
        loopback: isLoopbackHost(new URL(endpoint.origin).hostname),
    };
}

/** An API answer rejecting the credentials, re-typed with where they came from (never their values). */
function withCredentialSource(error: TencentCloudError, settings: ClientSettings): TencentCloudError {
    if (!CREDENTIAL_REJECTION_CODES.includes(error.code)) {
        return error;
    }
    const advice = credentialRejectionAdvice(error.code, settings.credentials);
    return new CredentialsRejectedError(error.code, `${error.message}. ${advice}`, settings.credentials.origin, {
        service: error.service,
        action: error.action,
        requestId: error.requestId,
    });
}

export function createClient(settings: ClientSettings, deps: ClientDeps = {}): TencentCloudClient {
    const now = deps.now ?? Date.now;
    const sleep = deps.sleep ?? abortableSleep;
    const random = deps.random ?? Math.random;
    const logger = deps.logger ?? silentLogger;
    const limiter = deps.limiter ?? new RateLimiter(settings.limits, { now, sleep: (ms) => sleep(ms) });
    const keyCache = new SigningKeyCache();
    const redact = makeRedactor(settings);
    let dispatcher = deps.dispatcher;

    function getDispatcher(): Dispatcher {
        if (!dispatcher) {
            dispatcher = createDefaultDispatcher(Math.max(...Object.values(settings.limits.maxInFlight)));
        }
        return dispatcher;
    }

    function signedHeaders(service: ServiceName, version: string, action: string, body: Uint8Array): Record<string, string> {
        const endpoint = settings.endpoints[service];
        const timestamp = Math.floor(now() / 1000);
        const { credentials } = settings;
        const signature = signRequest(
            { secretId: credentials.secretId, secretKey: credentials.secretKey, service, host: endpoint.host, action, timestamp, payload: body },
            keyCache,
        );
        const headers: Record<string, string> = {
            [HEADER.authorization]: signature.authorization,
            [HEADER.contentType]: JSON_CONTENT_TYPE,
            [HEADER.host]: endpoint.host,
            [HEADER.action]: action,
            [HEADER.timestamp]: String(timestamp),
            [HEADER.version]: version,
        };
        if (settings.region) {
            headers[HEADER.region] = settings.region;
        }
        if (credentials.token) {
            headers[HEADER.token] = credentials.token;
        }
        if (settings.language) {
            headers[HEADER.language] = settings.language;
        }
        return headers;
    }

    async function call<TResponse extends object>(
        service: ServiceName,
        version: string,
        action: string,
        params: object,
        options: CallOptions = {},
    ): Promise<ApiResponse<TResponse>> {
        const context: ErrorContext = { service, action };
        const describeCall = `${service}.${action}`;
        const endpoint = settings.endpoints[service];
        if (!endpoint) {
            throw new TencentCloudError(CLIENT_CODE.invalidRequest, `${describeCall}: unknown service '${service}'`, context);
        }
        let body: Uint8Array;
        try {
            body = Buffer.from(JSON.stringify(params ?? {}), "utf8");
        } catch (err: any) {
            throw new TencentCloudError(CLIENT_CODE.invalidRequest, `${describeCall}: the parameters cannot be encoded as JSON (${err?.name ?? "error"})`, context);
        }
        const policy: RetryPolicy = {
            ...settings.timeouts,
            attemptTimeoutMs: options.timeoutMs ?? settings.timeouts.attemptTimeoutMs,
            deadlineMs: options.deadlineMs ?? settings.timeouts.deadlineMs,
            maxAttempts: options.maxAttempts ?? settings.timeouts.maxAttempts,
        };
        const idempotent = options.idempotent ?? isIdempotentByDefault(action);
        let firstSentAt: number | undefined;

        for (let attempt = 1; ; attempt++) {
            const queuedAt = now();
            const permit = await limiter.acquire(service, action, options.signal);
            const startedAt = now();
            if (startedAt - queuedAt >= 1000) {
                logger.debug(`tencentcloud ${describeCall}: waited ${startedAt - queuedAt} ms for the rate limit (${limiter.limitFor(service, action)} per second)`);
            }
            firstSentAt ??= startedAt;
            const remainingMs = policy.deadlineMs - (startedAt - firstSentAt);
            let error: TencentCloudError;
            try {
                const answer = await sendAttempt({
                    dispatcher: getDispatcher(),
                    origin: endpoint.origin,
                    endpoint: describeEndpoint(endpoint),
                    headers: signedHeaders(service, version, action, body),
                    body,
                    timeoutMs: Math.max(1, Math.min(policy.attemptTimeoutMs, remainingMs)),
                    maxResponseBytes: settings.maxResponseBytes,
                    signal: options.signal,
                    context,
                });
                const parsed = parseAnswer(answer, context, now(), describeCall);
                if (parsed.ok) {
                    permit.release("ok");
                    logger.debug(`tencentcloud ${describeCall} attempt ${attempt}: OK in ${now() - startedAt} ms, RequestId ${parsed.response.RequestId}`);
                    return parsed.response as ApiResponse<TResponse>;
                }
                error = withCredentialSource(parsed.error, settings);
            } catch (err) {
                error =
                    err instanceof TencentCloudError
                        ? err
                        : new TencentCloudError(CLIENT_CODE.network, `${describeCall}: ${(err as any)?.message ?? String(err)}`, { ...context, cause: err });
            }
            const failure = toAttemptFailure(error);
            const decision = classifyFailure(failure, { idempotent, retryableCodes: options.retryableCodes });
            permit.release(decision.throttled ? "throttled" : "failed");
            const elapsedMs = now() - firstSentAt;
            const head = `tencentcloud ${describeCall} attempt ${attempt}: ${error.code} in ${now() - startedAt} ms${error.requestId ? `, RequestId ${error.requestId}` : ""}`;
            let delay: number | undefined;
            let stop: string | undefined;
            const unreachable = decision.reason === "unreachable";
            if (!decision.retry) {
                stop = decision.reason === "unsafe" ? "not retried: the server may have acted and the call is not idempotent" : undefined;
            } else if (unreachable) {
                // Nothing answers there: a short budget, then the error naming the endpoint's setting.
                const wait = backoffDelayMs(attempt, UNREACHABLE_RETRY, random);
                if (attempt >= Math.min(policy.maxAttempts, UNREACHABLE_RETRY.maxAttempts) || elapsedMs + wait > UNREACHABLE_RETRY.budgetMs) {
                    stop = `gave up after ${attempt} attempt${attempt === 1 ? "" : "s"} in ${elapsedMs} ms`;
                } else if (options.signal?.aborted) {
                    stop = "cancelled";
                } else {
                    delay = wait;
                }
            } else if (attempt >= policy.maxAttempts) {
                stop = `gave up after ${attempt} attempts in ${elapsedMs} ms`;
            } else if (options.signal?.aborted) {
                stop = "cancelled";
            } else {
                const retryAfter = error instanceof HttpStatusError && error.retryAfterSeconds !== undefined ? error.retryAfterSeconds * 1000 : undefined;
                delay = nextDelayMs(attempt, policy, random, elapsedMs, retryAfter);
                if (delay === undefined) {
                    stop = `gave up after ${attempt} attempts in ${elapsedMs} ms: the next wait would pass the ${policy.deadlineMs} ms deadline`;
                }
            }
            if (delay === undefined) {
                logger.debug(`${head}; ${stop ?? "not retryable"}`);
                error.outcomeUnknown = classifyFailure(failure, { idempotent: false }).reason === "unsafe";
                // An unreachable endpoint stays unreachable for a while: callers should not add their own retries.
                throw finalError(error, describeCall, decision.retry && !unreachable, attempt, stop, redact);
            }
            logger.debug(`${head}; retrying in ${delay} ms (${decision.reason})`);
            await sleep(delay, options.signal);
        }
    }

    return {
        call,
        limiter,
        async close() {
            const current = dispatcher;
            dispatcher = deps.dispatcher;
            if (current && current !== deps.dispatcher) {
                await current.close();
            }
        },
    };
}

function finalError(
    error: TencentCloudError,
    describeCall: string,
    retryable: boolean,
    attempts: number,
    note: string | undefined,
    redact: (text: string) => string,
): TencentCloudError {
    const named = error.message.startsWith(`${describeCall}:`) ? error.message : `${describeCall}: ${error.message}`;
    const message = redact(note ? `${named} (${note})` : named);
    if (message !== error.message) {
        Object.defineProperty(error, "message", { value: message, writable: true, configurable: true, enumerable: false });
    }
    error.retryable = retryable;
    error.attempts = attempts;
    return error;
}
