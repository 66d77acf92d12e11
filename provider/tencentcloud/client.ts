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
    EndpointTlsError,
    EndpointUnreachableError,
    ErrorContext,
    HttpStatusError,
    NetworkError,
    TencentCloudError,
    TimeoutError,
} from "./errors";
import { createDefaultDispatcher, sendAttempt } from "./http";
import { Logger, redact, silentLogger } from "./log";
import { RateLimiter, RateLimitPermit } from "./rate-limiter";
import { parseAnswer } from "./response";
import { AttemptFailure, backoffDelayMs, classifyFailure, isIdempotentByDefault, nextDelayMs, RetryDecision, RetryPolicy, UNREACHABLE_RETRY } from "./retry";
import type { ClientSettings } from "./settings";
import { signRequest, SigningKeyCache } from "./signer";
import { siteRefusal } from "./sites";
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

function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
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
function toAttemptFailure(error: unknown): AttemptFailure {
    if (error instanceof EndpointUnreachableError) {
        return { kind: "unreachable" };
    }
    if (error instanceof EndpointTlsError) {
        return { kind: "fatal" }; // a wrong endpoint setting: no attempt can succeed
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
    return { origin: endpoint.origin, from: endpoint.from, explicit: endpoint.explicit, loopback: isLoopbackHost(new URL(endpoint.origin).hostname) };
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

/** The client's parts, fixed when it is built; every function of a call reads them from here. */
interface ClientParts {
    settings: ClientSettings;
    now: () => number;
    sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
    random: () => number;
    logger: Logger;
    limiter: RateLimiter;
    keyCache: SigningKeyCache;
    redact: (text: string) => string;
    /** The HTTP dispatcher, created on first use. */
    dispatcher: () => Dispatcher;
}

/** One call, checked and encoded once, shared by all its attempts. */
interface PreparedCall {
    service: ServiceName;
    version: string;
    action: string;
    /** "service.Action", the prefix of every message about this call. */
    describeCall: string;
    context: ErrorContext;
    endpoint: ClientSettings["endpoints"][ServiceName];
    body: Uint8Array;
    policy: RetryPolicy;
    idempotent: boolean;
    options: CallOptions;
}

/** Where one attempt stands once it has been sent (or failed to be). */
type AttemptOutcome = { ok: true; response: ApiResponse<object> } | { ok: false; error: TencentCloudError };

/** After a failed attempt: wait `retryInMs` and send again, or stop (with a note for the message). */
type NextStep = { retryInMs: number } | { stop: string | undefined };

export function createClient(settings: ClientSettings, deps: ClientDeps = {}): TencentCloudClient {
    let dispatcher = deps.dispatcher;
    const parts = clientParts(settings, deps, () => {
        dispatcher ??= createDefaultDispatcher(Math.max(...Object.values(settings.limits.maxInFlight)));
        return dispatcher;
    });
    return {
        ...(settings.site ? { site: settings.site } : {}),
        // async: a call that cannot be prepared rejects, as every other failure does, and never throws.
        call: async <TResponse extends object>(service: ServiceName, version: string, action: string, params: object, options: CallOptions = {}) =>
            callWithRetries<TResponse>(parts, prepareCall(settings, service, version, action, params, options)),
        limiter: parts.limiter,
        async close() {
            const current = dispatcher;
            dispatcher = deps.dispatcher;
            if (current && current !== deps.dispatcher) {
                await current.close();
            }
        },
    };
}

function clientParts(settings: ClientSettings, deps: ClientDeps, dispatcher: () => Dispatcher): ClientParts {
    const now = deps.now ?? Date.now;
    const sleep = deps.sleep ?? abortableSleep;
    return {
        settings,
        now,
        sleep,
        random: deps.random ?? Math.random,
        logger: deps.logger ?? silentLogger,
        limiter: deps.limiter ?? new RateLimiter(settings.limits, { now, sleep: (ms) => sleep(ms) }),
        keyCache: new SigningKeyCache(),
        redact: makeRedactor(settings),
        dispatcher,
    };
}

/** Checks the service and encodes the parameters (before any wait), and fixes the call's retry policy. */
function prepareCall(settings: ClientSettings, service: ServiceName, version: string, action: string, params: object, options: CallOptions): PreparedCall {
    const context: ErrorContext = { service, action };
    const describeCall = `${service}.${action}`;
    const endpoint = settings.endpoints[service];
    if (!endpoint) {
        throw new TencentCloudError(CLIENT_CODE.invalidRequest, `${describeCall}: unknown service '${service}'`, context);
    }
    const refusal = siteRefusal(settings.site, service, version, action);
    if (refusal) {
        throw refusal;
    }
    return {
        service,
        version,
        action,
        describeCall,
        context,
        endpoint,
        body: encodeParams(params, describeCall, context),
        policy: callPolicy(settings, options),
        idempotent: options.idempotent ?? isIdempotentByDefault(action),
        options,
    };
}

function encodeParams(params: object, describeCall: string, context: ErrorContext): Uint8Array {
    try {
        return Buffer.from(JSON.stringify(params ?? {}), "utf8");
    } catch (err: any) {
        throw new TencentCloudError(CLIENT_CODE.invalidRequest, `${describeCall}: the parameters cannot be encoded as JSON (${err?.name ?? "error"})`, context);
    }
}

/** The settings' timeouts and attempt cap, with this call's own options on top. */
function callPolicy(settings: ClientSettings, options: CallOptions): RetryPolicy {
    return {
        ...settings.timeouts,
        attemptTimeoutMs: options.timeoutMs ?? settings.timeouts.attemptTimeoutMs,
        deadlineMs: options.deadlineMs ?? settings.timeouts.deadlineMs,
        maxAttempts: options.maxAttempts ?? settings.timeouts.maxAttempts,
    };
}

/** The attempt loop: the answer of the first attempt that succeeds, or the error of the last one. */
async function callWithRetries<TResponse extends object>(parts: ClientParts, call: PreparedCall): Promise<ApiResponse<TResponse>> {
    let firstSentAt: number | undefined;
    const askedAt = parts.now();
    for (let attempt = 1; ; attempt++) {
        const { permit, startedAt } = await waitForRateLimit(parts, call, askedAt);
        firstSentAt ??= startedAt;
        const outcome = await sendOnce(parts, call, call.policy.deadlineMs - (startedAt - firstSentAt));
        if (outcome.ok) {
            permit.release("ok");
            parts.logger.debug(
                `tencentcloud ${call.describeCall} attempt ${attempt}: OK in ${parts.now() - startedAt} ms, RequestId ${outcome.response.RequestId}`,
            );
            return outcome.response as ApiResponse<TResponse>;
        }
        const { error } = outcome;
        const failure = toAttemptFailure(error);
        const decision = classifyFailure(failure, { idempotent: call.idempotent, retryableCodes: call.options.retryableCodes });
        permit.release(decision.throttled ? "throttled" : "failed");
        const elapsedMs = parts.now() - firstSentAt;
        const head = `tencentcloud ${call.describeCall} attempt ${attempt}: ${error.code} in ${parts.now() - startedAt} ms${error.requestId ? `, RequestId ${error.requestId}` : ""}`;
        const step = nextStep(parts, call, { attempt, error, decision, elapsedMs });
        if ("stop" in step) {
            parts.logger.debug(`${head}; ${step.stop ?? "not retryable"}`);
            throw giveUp(parts, call, { attempt, error, failure, decision, note: step.stop });
        }
        parts.logger.debug(`${head}; retrying in ${step.retryInMs} ms (${decision.reason})`);
        await parts.sleep(step.retryInMs, call.options.signal);
    }
}

/** Takes a rate-limit permit (a retry keeps the place of the call, first asked at `askedAt`), logging waits of a second or more. */
async function waitForRateLimit(parts: ClientParts, call: PreparedCall, askedAt: number): Promise<{ permit: RateLimitPermit; startedAt: number }> {
    const queuedAt = parts.now();
    const permit = await parts.limiter.acquire(call.service, call.action, call.options.signal, askedAt);
    const startedAt = parts.now();
    if (startedAt - queuedAt >= 1000) {
        parts.logger.debug(
            `tencentcloud ${call.describeCall}: waited ${startedAt - queuedAt} ms for the rate limit (${parts.limiter.limitFor(call.service, call.action)} per second)`,
        );
    }
    return { permit, startedAt };
}

/** Signs and sends one attempt (within what is left of the deadline) and reads its answer; never throws. */
async function sendOnce(parts: ClientParts, call: PreparedCall, remainingMs: number): Promise<AttemptOutcome> {
    const { settings } = parts;
    try {
        const answer = await sendAttempt({
            dispatcher: parts.dispatcher(),
            origin: call.endpoint.origin,
            endpoint: describeEndpoint(call.endpoint),
            headers: signedHeaders(parts, call),
            body: call.body,
            timeoutMs: Math.max(1, Math.min(call.policy.attemptTimeoutMs, remainingMs)),
            maxResponseBytes: settings.maxResponseBytes,
            signal: call.options.signal,
            context: call.context,
        });
        const parsed = parseAnswer(answer, call.context, parts.now(), call.describeCall);
        if (parsed.ok) {
            return { ok: true, response: parsed.response };
        }
        return { ok: false, error: withCredentialSource(parsed.error, settings) };
    } catch (err) {
        return { ok: false, error: asTencentCloudError(err, call) };
    }
}

/** Anything thrown while sending that is not already typed counts as a network failure. */
function asTencentCloudError(err: unknown, call: PreparedCall): TencentCloudError {
    if (err instanceof TencentCloudError) {
        return err;
    }
    return new TencentCloudError(CLIENT_CODE.network, `${call.describeCall}: ${(err as any)?.message ?? String(err)}`, { ...call.context, cause: err });
}

/** The request headers, with a TC3 signature over the body at the current time. */
function signedHeaders(parts: ClientParts, call: PreparedCall): Record<string, string> {
    const { settings } = parts;
    const { credentials } = settings;
    const { service, action, endpoint, body } = call;
    const timestamp = Math.floor(parts.now() / 1000);
    const signature = signRequest(
        { secretId: credentials.secretId, secretKey: credentials.secretKey, service, host: endpoint.host, action, timestamp, payload: body },
        parts.keyCache,
    );
    const headers: Record<string, string> = {
        [HEADER.authorization]: signature.authorization,
        [HEADER.contentType]: JSON_CONTENT_TYPE,
        [HEADER.host]: endpoint.host,
        [HEADER.action]: action,
        [HEADER.timestamp]: String(timestamp),
        [HEADER.version]: call.version,
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

interface FailedAttempt {
    attempt: number;
    error: TencentCloudError;
    decision: RetryDecision;
    /** Since the first send, in milliseconds. */
    elapsedMs: number;
}

/** Whether and when to send again after a failed attempt. */
function nextStep(parts: ClientParts, call: PreparedCall, failed: FailedAttempt): NextStep {
    const { decision } = failed;
    if (!decision.retry) {
        return { stop: decision.reason === "unsafe" ? "not retried: the server may have acted and the call is not idempotent" : undefined };
    }
    if (decision.reason === "unreachable") {
        return nextStepWhenUnreachable(parts, call, failed);
    }
    const { attempt, elapsedMs, error } = failed;
    if (attempt >= call.policy.maxAttempts) {
        return { stop: `gave up after ${attempt} attempts in ${elapsedMs} ms` };
    }
    if (call.options.signal?.aborted) {
        return { stop: "cancelled" };
    }
    const retryAfterMs = error instanceof HttpStatusError && error.retryAfterSeconds !== undefined ? error.retryAfterSeconds * 1000 : undefined;
    const delay = nextDelayMs(attempt, call.policy, parts.random, elapsedMs, retryAfterMs);
    if (delay === undefined) {
        return { stop: `gave up after ${attempt} attempts in ${elapsedMs} ms: the next wait would pass the ${call.policy.deadlineMs} ms deadline` };
    }
    return { retryInMs: delay };
}

/** Nothing answers at the endpoint: a short budget, then the error naming the endpoint's setting. */
function nextStepWhenUnreachable(parts: ClientParts, call: PreparedCall, { attempt, elapsedMs }: FailedAttempt): NextStep {
    const wait = backoffDelayMs(attempt, UNREACHABLE_RETRY, parts.random);
    if (attempt >= Math.min(call.policy.maxAttempts, UNREACHABLE_RETRY.maxAttempts) || elapsedMs + wait > UNREACHABLE_RETRY.budgetMs) {
        return { stop: `gave up after ${attempt} attempt${attempt === 1 ? "" : "s"} in ${elapsedMs} ms` };
    }
    if (call.options.signal?.aborted) {
        return { stop: "cancelled" };
    }
    return { retryInMs: wait };
}

/** The error the call throws: outcomeUnknown, retryable and attempts set, message named and redacted. */
function giveUp(
    parts: ClientParts,
    call: PreparedCall,
    last: { attempt: number; error: TencentCloudError; failure: AttemptFailure; decision: RetryDecision; note: string | undefined },
): TencentCloudError {
    const { error } = last;
    // Whatever this call's own retry rules, the answer is lost if a non-idempotent send may have acted.
    error.outcomeUnknown = classifyFailure(last.failure, { idempotent: false }).reason === "unsafe";
    // An unreachable endpoint stays unreachable for a while: callers should not add their own retries.
    const retryable = last.decision.retry && last.decision.reason !== "unreachable";
    return finalError(error, call.describeCall, retryable, last.attempt, last.note, parts.redact);
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
