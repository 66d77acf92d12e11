/**
 * One API request (POST / with TC3 signing), answered and logged. Order of checks: body size,
 * signature headers, timestamp window, SecretId, signature, token, service, version, action, JSON
 * body, rate limit, fault injection, parameters, action.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { DEFAULT_OWNER_UIN, ownedBy } from "./accounts";
import { redact, type CallLog } from "./call-log";
import { ApiError, missing } from "./errors";
import { injectFault, LostResponse, type FaultInjector } from "./faults";
import { readBody, requestHeader, requestPath, send } from "./http";
import { validateAnswer, validateParams } from "./params";
import type { RateLimiter } from "./rate-limit";
import { authenticate } from "./request-auth";
import type { ActionContext } from "./services/action";
import { emulatedAction, EMULATED_SERVICES, versionsOf, type EmulatedAction } from "./services";
import { parseAuthorization, type ParsedAuthorization } from "./tc3";
import type { CallLogEntry, EmulatedService, EmulatorCredential, EmulatorState, Owned } from "./types";
import { newRequestId } from "./util";

/** What the API handler works with (one set per emulator). */
export interface ApiDeps {
    clock(): number;
    credentials: readonly EmulatorCredential[];
    /** The first credential's account: objects without an OwnerUin belong to it. */
    defaultOwnerUin: string;
    state: EmulatorState;
    persist(): void;
    limiter: RateLimiter;
    faults: FaultInjector;
    calls: CallLog;
    maxBody: number;
    teoDeployDelayMs: number;
    gaapApplyDelayMs: number;
}

/** Answers one API request and records it in the call log; never throws. */
export async function handleApi(deps: ApiDeps, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = Date.now();
    const now = deps.clock();
    const entry = newLogEntry(req, now);
    try {
        const result = await runCall(deps, req, entry, now);
        send(res, 200, JSON.stringify({ Response: { ...result, RequestId: entry.requestId } }), deps.clock());
    } catch (e) {
        answerFailure(req, res, entry, e, deps.clock());
    } finally {
        entry.durationMs = Date.now() - started;
        deps.calls.record(entry);
    }
}

function newLogEntry(req: IncomingMessage, now: number): CallLogEntry {
    const entry: CallLogEntry = {
        time: now,
        service: "-",
        version: requestHeader(req, "x-tc-version") ?? "",
        action: requestHeader(req, "x-tc-action") ?? "",
        params: {},
        code: "OK",
        requestId: newRequestId(),
        durationMs: 0,
    };
    const region = requestHeader(req, "x-tc-region");
    if (region !== undefined) entry.region = region;
    return entry;
}

/** The checks in order, then the action: its answer, or a throw (ApiError, LostResponse, a bug). */
async function runCall(deps: ApiDeps, req: IncomingMessage, entry: CallLogEntry, now: number): Promise<object> {
    const { body, auth } = await receive(req, entry, deps.maxBody);
    const ownerUin = authenticate(req, body, auth, deps.credentials, now).ownerUin ?? DEFAULT_OWNER_UIN;
    entry.ownerUin = ownerUin;
    const service = servedService(auth.service);
    const found = findAction(service, entry);
    const params = parseParams(req, body);
    entry.params = redact(params) as Record<string, unknown>;
    admit(deps.limiter, service, entry.action, now, ownerUin);
    const fault = deps.faults.pick(service, entry.action, auth.secretId);
    if (fault) {
        entry.fault = fault.kind;
        await injectFault(fault, service, entry.version);
    }
    validateParams(params, found.model, entry.action);
    const result = await found.def.handle(params as never, actionContext(deps, now, ownerUin, entry.version));
    if (found.def.write) deps.persist();
    validateAnswer(result, found.model, entry.action);
    if (fault?.kind === "actThenFail") throw new LostResponse(fault.lostAs ?? "reset");
    return result;
}

/** The body and the parsed Authorization header of a POST / within the size limit. */
async function receive(req: IncomingMessage, entry: CallLogEntry, maxBody: number): Promise<{ body: Buffer; auth: ParsedAuthorization }> {
    const body = await readBody(req, maxBody);
    const auth = parseAuthorization(requestHeader(req, "authorization"));
    if (auth) {
        entry.service = auth.service;
        entry.secretId = auth.secretId;
    }
    if (body === "too-large") throw new ApiError("RequestSizeLimitExceeded", `The request body exceeds ${maxBody} bytes.`);
    if (req.method !== "POST" || requestPath(req) !== "/") {
        throw new ApiError("UnsupportedProtocol", "Only POST / with TC3-HMAC-SHA256 signing is served.");
    }
    if (!auth) throw new ApiError("AuthFailure.SignatureFailure", "The Authorization header is missing or is not a TC3-HMAC-SHA256 authorization.");
    return { body, auth };
}

function servedService(scopeService: string): EmulatedService {
    if (!(scopeService in EMULATED_SERVICES)) {
        throw new ApiError("AuthFailure.SignatureFailure", `The credential scope service \`${scopeService}\` is not served here (ssl, gaap, teo).`);
    }
    return scopeService as EmulatedService;
}

function findAction(service: EmulatedService, entry: CallLogEntry): EmulatedAction {
    if (!entry.action) throw missing("Action");
    if (!entry.version) throw missing("Version");
    if (!versionsOf(service).includes(entry.version)) {
        throw new ApiError(
            "NoSuchVersion",
            `The API version \`${entry.version}\` does not exist for ${service} (available: ${versionsOf(service).join(", ")}).`,
        );
    }
    const found = emulatedAction(service, entry.version, entry.action);
    if (!found) throw new ApiError("InvalidAction", `The requested action \`${entry.action}\` does not exist in ${service} ${entry.version}.`);
    return found;
}

/** The JSON object the body holds (an empty body is `{}`). */
function parseParams(req: IncomingMessage, body: Buffer): Record<string, unknown> {
    const contentType = (requestHeader(req, "content-type") ?? "").toLowerCase();
    if (!contentType.startsWith("application/json")) {
        throw new ApiError("InvalidParameter", `Content-Type \`${contentType}\` is not supported; send application/json.`);
    }
    let params: unknown;
    try {
        params = body.length === 0 ? {} : JSON.parse(body.toString("utf8"));
    } catch {
        throw new ApiError("InvalidParameter", "The request body is not valid JSON.");
    }
    if (!params || typeof params !== "object" || Array.isArray(params)) throw new ApiError("InvalidParameter", "The request body must be a JSON object.");
    return params as Record<string, unknown>;
}

function admit(limiter: RateLimiter, service: EmulatedService, action: string, now: number, ownerUin: string): void {
    if (!limiter.admit(service, action, now, ownerUin)) {
        const limit = limiter.limitFor(service, action)!;
        throw new ApiError(
            "RequestLimitExceeded",
            `Your current request times equals to \`${limit + 1}\` in a second, which exceeds the frequency limit \`${limit}\` for a second. Please reduce the frequency of calls.`,
        );
    }
}

function actionContext(deps: ApiDeps, now: number, ownerUin: string, version: string): ActionContext {
    return {
        now,
        ownerUin,
        state: deps.state,
        version,
        teoDeployDelayMs: deps.teoDeployDelayMs,
        gaapApplyDelayMs: deps.gaapApplyDelayMs,
        owns: <T extends Owned>(obj: T | undefined): obj is T => ownedBy(obj, ownerUin, deps.defaultOwnerUin),
    };
}

const GATEWAY_TEXT: Record<number, string> = { 500: "Internal Server Error", 502: "Bad Gateway", 503: "Service Unavailable" };

/** A lost answer (reset or an HTML error page), or the API's error answer (HTTP 200); the log entry gets its code. */
function answerFailure(req: IncomingMessage, res: ServerResponse, entry: CallLogEntry, e: unknown, nowMs: number): void {
    if (e instanceof LostResponse) {
        entry.code = e.how === "reset" ? "RESET" : e.how.toUpperCase();
        if (e.how === "reset") req.socket.destroy();
        else {
            const status = Number(e.how.slice(4));
            send(res, status, `<html><body><h1>${status} ${GATEWAY_TEXT[status]}</h1></body></html>`, nowMs, "text/html");
        }
        // The action was done; only its answer was lost.
        if (entry.fault === "actThenFail") entry.code = "OK";
        return;
    }
    const err = e instanceof ApiError ? e : new ApiError("InternalError", `Internal error: ${e instanceof Error ? e.message : String(e)}`);
    entry.code = err.code;
    send(res, 200, JSON.stringify({ Response: { Error: { Code: err.code, Message: err.message }, RequestId: entry.requestId } }), nowMs);
}
