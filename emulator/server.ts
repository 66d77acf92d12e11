/**
 * The HTTP server: POST / with TC3 signing for ssl, gaap and teo on one port, plus the admin API
 * under /_emulator/. Order of checks: body size, signature headers, timestamp window, SecretId,
 * signature, token, version, action, JSON body, rate limit, fault injection, parameters, action.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { DEFAULT_OWNER_UIN, ownedBy } from "./accounts";
import { ADMIN_METHODS, AdminError, createAdmin } from "./admin";
import { ApiError, missing } from "./errors";
import { FaultInjector } from "./faults";
import { validateAnswer, validateParams } from "./params";
import { RateLimiter } from "./rate-limit";
import { DEMO_CREDENTIALS } from "./seed";
import type { ActionContext } from "./services/action";
import { emulatedAction, EMULATED_SERVICES, versionsOf } from "./services";
import { TEO_BUSY_V1, TEO_BUSY_V2 } from "./services/teo";
import { buildState, loadState, saveState, type AccountSeeds } from "./state";
import { computeSignature, parseAuthorization, scopeDate, signaturesEqual } from "./tc3";
import type { ActionCounter, CallLogEntry, EmulatedService, Emulator, EmulatorOptions, FaultConfig, FaultRule, Owned, RateLimitOverrides } from "./types";
import { newRequestId } from "./util";

const MAX_LOG = 10_000;
const SIGNATURE_WINDOW_S = 300;
export const DEFAULT_TEO_DEPLOY_DELAY_MS = 1500;
export const DEFAULT_GAAP_APPLY_DELAY_MS = 500;
const SECRET_FIELD = /password|secret|privatekey|token/i;

/** Copy of params with secret-looking fields replaced by "***" (for the call log). */
export function redact(value: unknown): unknown {
    if (Array.isArray(value)) return value.map(redact);
    if (value && typeof value === "object") {
        return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, SECRET_FIELD.test(k) ? "***" : redact(v)]));
    }
    return value;
}

function busyCode(service: EmulatedService, version: string): string {
    if (service === "gaap") return "FailedOperation.ListenerHasTask";
    if (service === "teo") return version === "2022-01-06" ? TEO_BUSY_V1 : TEO_BUSY_V2;
    return "FailedOperation.NetworkError";
}

class LostResponse extends Error {
    constructor(readonly how: "reset" | "http500" | "http502" | "http503") {
        super(how);
    }
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function readBody(req: IncomingMessage, max: number): Promise<Buffer | "too-large"> {
    return new Promise((resolve, reject) => {
        const chunks: Buffer[] = [];
        let size = 0;
        let tooLarge = false;
        req.on("data", (c: Buffer) => {
            size += c.length;
            if (size > max) tooLarge = true;
            else chunks.push(c);
        });
        req.on("end", () => resolve(tooLarge ? "too-large" : Buffer.concat(chunks)));
        req.on("error", reject);
    });
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
    const clock = options.clock ?? Date.now;
    const credentials = (options.credentials ?? [DEMO_CREDENTIALS]).map((c) => ({ ...c }));
    const initialFaults: FaultConfig | null = options.faults ?? null;
    const initialRateLimits: RateLimitOverrides | false = options.rateLimits ?? {};
    const teoDeployDelayMs = options.teoDeployDelayMs ?? DEFAULT_TEO_DEPLOY_DELAY_MS;
    const gaapApplyDelayMs = options.gaapApplyDelayMs ?? DEFAULT_GAAP_APPLY_DELAY_MS;
    const maxBody = options.maxBodyBytes ?? 10 * 1024 * 1024;
    // The default account (the first credential's) gets `seed`, or DEFAULT_SEED.
    const defaultOwnerUin = credentials[0]?.ownerUin ?? DEFAULT_OWNER_UIN;
    const seeds: AccountSeeds = { defaultOwnerUin, seeds: new Map(Object.entries(options.accountSeeds ?? {})) };
    if (options.seed) seeds.seeds.set(defaultOwnerUin, options.seed);

    const state = (options.statePath && loadState(options.statePath)) || buildState(seeds, clock());
    const persist = (): void => {
        if (options.statePath) saveState(options.statePath, state);
    };
    persist();

    const limiter = new RateLimiter(initialRateLimits);
    const faults = new FaultInjector(initialFaults);
    const log: CallLogEntry[] = [];
    let counters: Record<string, ActionCounter> = {};

    const record = (entry: CallLogEntry): void => {
        log.push(entry);
        if (log.length > MAX_LOG) log.splice(0, log.length - MAX_LOG);
        const key = `${entry.service}.${entry.action}`;
        const c = (counters[key] ??= { calls: 0, ok: 0, errors: 0, byCode: {} });
        c.calls += 1;
        if (entry.code === "OK") c.ok += 1;
        else c.errors += 1;
        c.byCode[entry.code] = (c.byCode[entry.code] ?? 0) + 1;
    };

    const admin = createAdmin({
        state,
        now: clock,
        seeds,
        setFaults: (f) => faults.configure(f),
        initialFaults: () => initialFaults,
        setRateLimits: (l) => limiter.setLimits(l),
        initialRateLimits: () => initialRateLimits,
        clearObservations: () => {
            log.length = 0;
            counters = {};
            limiter.reset();
        },
        clearLog: () => (log.length = 0),
        persist,
    });

    const sockets = new Set<Socket>();

    function send(res: ServerResponse, status: number, body: string, contentType = "application/json"): void {
        res.writeHead(status, { "Content-Type": contentType, "Content-Length": Buffer.byteLength(body), Date: new Date(clock()).toUTCString() });
        res.end(body);
    }

    async function handleAdmin(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
        const name = path.slice("/_emulator/".length);
        const json = (status: number, value: unknown): void => send(res, status, JSON.stringify(value));
        if (req.method === "GET") {
            if (name === "state") return json(200, state);
            if (name === "log") return json(200, log);
            if (name === "counters") return json(200, counters);
            if (name === "health") return json(200, { ok: true, url: emulator.url });
            return json(404, { error: `unknown admin resource ${name}; GET state|log|counters|health or POST one of ${ADMIN_METHODS.join(", ")}` });
        }
        if (req.method !== "POST" || !(ADMIN_METHODS as readonly string[]).includes(name)) {
            return json(404, { error: `unknown admin method ${req.method} ${name}; POST one of ${ADMIN_METHODS.join(", ")}` });
        }
        const raw = await readBody(req, maxBody);
        let args: unknown = {};
        try {
            if (raw !== "too-large" && raw.length > 0) args = JSON.parse(raw.toString("utf8"));
        } catch {
            return json(400, { error: "body is not valid JSON" });
        }
        try {
            const method = admin[name as keyof typeof admin] as (a: unknown) => unknown;
            const result = method(args);
            return json(200, { ok: true, result: result ?? null });
        } catch (e) {
            return json(e instanceof AdminError ? 400 : 500, { error: e instanceof Error ? e.message : String(e) });
        }
    }

    async function handleApi(req: IncomingMessage, res: ServerResponse): Promise<void> {
        const started = Date.now();
        const now = clock();
        const requestId = newRequestId();
        const header = (name: string): string | undefined => {
            const v = req.headers[name];
            return Array.isArray(v) ? v.join(",") : v;
        };
        const entry: CallLogEntry = {
            time: now,
            service: "-",
            version: header("x-tc-version") ?? "",
            action: header("x-tc-action") ?? "",
            params: {},
            code: "OK",
            requestId,
            durationMs: 0,
        };
        const region = header("x-tc-region");
        if (region !== undefined) entry.region = region;
        let fault: FaultRule | undefined;
        try {
            const body = await readBody(req, maxBody);
            const auth = parseAuthorization(header("authorization"));
            if (auth) {
                entry.service = auth.service;
                entry.secretId = auth.secretId;
            }
            if (body === "too-large") throw new ApiError("RequestSizeLimitExceeded", `The request body exceeds ${maxBody} bytes.`);
            if (req.method !== "POST" || (req.url ?? "/").split("?")[0] !== "/") {
                throw new ApiError("UnsupportedProtocol", "Only POST / with TC3-HMAC-SHA256 signing is served.");
            }
            if (!auth) throw new ApiError("AuthFailure.SignatureFailure", "The Authorization header is missing or is not a TC3-HMAC-SHA256 authorization.");
            const timestamp = header("x-tc-timestamp");
            if (!timestamp || !/^\d{1,12}$/.test(timestamp)) throw missing("X-TC-Timestamp");
            const ts = Number(timestamp);
            if (Math.abs(now / 1000 - ts) > SIGNATURE_WINDOW_S) {
                throw new ApiError(
                    "AuthFailure.SignatureExpire",
                    `Signature expired: the timestamp ${ts} is more than ${SIGNATURE_WINDOW_S} seconds away from the server time ${Math.floor(now / 1000)}.`,
                );
            }
            const cred = credentials.find((c) => c.secretId === auth.secretId);
            if (!cred) throw new ApiError("AuthFailure.SecretIdNotFound", "The SecretId is not found, please ensure that your SecretId is correct.");
            if (auth.date !== scopeDate(ts))
                throw new ApiError(
                    "AuthFailure.SignatureFailure",
                    `The credential scope date ${auth.date} does not match the UTC date of X-TC-Timestamp (${scopeDate(ts)}).`,
                );
            if (!auth.signedHeaders.includes("content-type") || !auth.signedHeaders.includes("host")) {
                throw new ApiError("AuthFailure.SignatureFailure", "SignedHeaders must include content-type and host.");
            }
            const lowerHeaders: Record<string, string> = {};
            for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) lowerHeaders[k.toLowerCase()] = Array.isArray(v) ? v.join(",") : v;
            const expected = computeSignature({
                secretKey: cred.secretKey,
                headers: lowerHeaders,
                signedHeaders: auth.signedHeaders,
                body,
                timestamp,
                date: auth.date,
                service: auth.service,
            });
            if (!signaturesEqual(expected, auth.signature)) {
                throw new ApiError("AuthFailure.SignatureFailure", "The provided credentials could not be validated. Please check your signature is correct.");
            }
            const token = header("x-tc-token");
            if ((cred.token ?? "") !== (token ?? ""))
                throw new ApiError("AuthFailure.TokenFailure", "The token is invalid or does not belong to this SecretId.");
            const ownerUin = cred.ownerUin ?? DEFAULT_OWNER_UIN;
            entry.ownerUin = ownerUin;
            const service = auth.service as EmulatedService;
            if (!(service in EMULATED_SERVICES))
                throw new ApiError("AuthFailure.SignatureFailure", `The credential scope service \`${auth.service}\` is not served here (ssl, gaap, teo).`);
            if (!entry.action) throw missing("Action");
            if (!entry.version) throw missing("Version");
            if (!versionsOf(service).includes(entry.version))
                throw new ApiError(
                    "NoSuchVersion",
                    `The API version \`${entry.version}\` does not exist for ${service} (available: ${versionsOf(service).join(", ")}).`,
                );
            const found = emulatedAction(service, entry.version, entry.action);
            if (!found) throw new ApiError("InvalidAction", `The requested action \`${entry.action}\` does not exist in ${service} ${entry.version}.`);
            const contentType = (header("content-type") ?? "").toLowerCase();
            if (!contentType.startsWith("application/json"))
                throw new ApiError("InvalidParameter", `Content-Type \`${contentType}\` is not supported; send application/json.`);
            let params: unknown;
            try {
                params = body.length === 0 ? {} : JSON.parse(body.toString("utf8"));
            } catch {
                throw new ApiError("InvalidParameter", "The request body is not valid JSON.");
            }
            if (!params || typeof params !== "object" || Array.isArray(params))
                throw new ApiError("InvalidParameter", "The request body must be a JSON object.");
            entry.params = redact(params) as Record<string, unknown>;

            if (!limiter.admit(service, entry.action, now, ownerUin)) {
                throw new ApiError(
                    "RequestLimitExceeded",
                    `Your current request times equals to \`${limiter.limitFor(service, entry.action)! + 1}\` in a second, which exceeds the frequency limit \`${limiter.limitFor(service, entry.action)}\` for a second. Please reduce the frequency of calls.`,
                );
            }
            fault = faults.pick(service, entry.action, auth.secretId);
            if (fault) {
                entry.fault = fault.kind;
                switch (fault.kind) {
                    case "http500":
                        throw new LostResponse("http500");
                    case "http502":
                        throw new LostResponse("http502");
                    case "http503":
                        throw new LostResponse("http503");
                    case "reset":
                        throw new LostResponse("reset");
                    case "delay":
                        await sleep(fault.delayMs ?? 1000);
                        break;
                    case "internalError":
                        throw new ApiError(fault.code ?? "InternalError", "An internal error has occurred. Retry your request (injected fault).");
                    case "throttle":
                        throw new ApiError(fault.code ?? "RequestLimitExceeded", "The request frequency exceeds the limit (injected fault).");
                    case "busy":
                        throw new ApiError(fault.code ?? busyCode(service, entry.version), "The resource is busy with another operation (injected fault).");
                    case "actThenFail":
                        break;
                }
            }
            validateParams(params as Record<string, unknown>, found.model, entry.action);
            const ctx: ActionContext = {
                now,
                ownerUin,
                state,
                version: entry.version,
                teoDeployDelayMs,
                gaapApplyDelayMs,
                owns: <T extends Owned>(obj: T | undefined): obj is T => ownedBy(obj, ownerUin, defaultOwnerUin),
            };
            const result = await found.def.handle(params as never, ctx);
            if (found.def.write) persist();
            validateAnswer(result, found.model, entry.action);
            if (fault?.kind === "actThenFail") throw new LostResponse(fault.lostAs ?? "reset");
            send(res, 200, JSON.stringify({ Response: { ...result, RequestId: requestId } }));
        } catch (e) {
            if (e instanceof LostResponse) {
                entry.code = e.how === "reset" ? "RESET" : e.how.toUpperCase();
                if (e.how === "reset") req.socket.destroy();
                else {
                    const status = Number(e.how.slice(4));
                    const text = status === 500 ? "Internal Server Error" : status === 502 ? "Bad Gateway" : "Service Unavailable";
                    send(res, status, `<html><body><h1>${status} ${text}</h1></body></html>`, "text/html");
                }
                if (fault?.kind === "actThenFail") entry.code = "OK";
            } else {
                const err = e instanceof ApiError ? e : new ApiError("InternalError", `Internal error: ${e instanceof Error ? e.message : String(e)}`);
                entry.code = err.code;
                send(res, 200, JSON.stringify({ Response: { Error: { Code: err.code, Message: err.message }, RequestId: requestId } }));
            }
        } finally {
            entry.durationMs = Date.now() - started;
            record(entry);
        }
    }

    const server = createServer((req, res) => {
        const path = (req.url ?? "/").split("?")[0];
        const work = path.startsWith("/_emulator/") ? handleAdmin(req, res, path) : handleApi(req, res);
        work.catch((e) => {
            if (!res.headersSent) send(res, 500, JSON.stringify({ error: String(e) }));
        });
    });
    server.on("connection", (s) => {
        sockets.add(s);
        s.on("close", () => sockets.delete(s));
    });
    await new Promise<void>((resolve, reject) => {
        server.once("error", reject);
        server.listen(options.port ?? 0, "127.0.0.1", () => resolve());
    });
    const port = (server.address() as AddressInfo).port;

    const emulator: Emulator = {
        url: `http://127.0.0.1:${port}`,
        port,
        state,
        log,
        counters: () => JSON.parse(JSON.stringify(counters)) as Record<string, ActionCounter>,
        admin,
        close: () =>
            new Promise<void>((resolve) => {
                for (const s of sockets) s.destroy();
                server.close(() => resolve());
            }),
    };
    return emulator;
}
