/** The admin API over HTTP: GET /_emulator/<resource> reads, POST /_emulator/<method> calls the admin. */
import type { IncomingMessage, ServerResponse } from "node:http";
import { ADMIN_METHODS, AdminError } from "./admin";
import type { CallLog } from "./call-log";
import { readBody, send } from "./http";
import type { InFlightRequests } from "./in-flight";
import type { RateLimiter } from "./rate-limit";
import type { EmulatorAdmin, EmulatorState } from "./types";

export const ADMIN_PREFIX = "/_emulator/";

/** What the admin API reads and calls (one set per emulator). */
export interface AdminHttpDeps {
    clock(): number;
    state: EmulatorState;
    calls: CallLog;
    limiter: RateLimiter;
    inFlight: InFlightRequests;
    admin: EmulatorAdmin;
    url(): string;
    maxBody: number;
}

type Json = (status: number, value: unknown) => void;

export async function handleAdmin(deps: AdminHttpDeps, req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    const name = path.slice(ADMIN_PREFIX.length);
    const json: Json = (status, value) => send(res, status, JSON.stringify(value), deps.clock());
    if (req.method === "GET") return answerRead(deps, name, json);
    if (req.method !== "POST" || !(ADMIN_METHODS as readonly string[]).includes(name)) {
        return json(404, { error: `unknown admin method ${req.method} ${name}; POST one of ${ADMIN_METHODS.join(", ")}` });
    }
    const raw = await readBody(req, deps.maxBody);
    let args: unknown = {};
    try {
        if (raw !== "too-large" && raw.length > 0) args = JSON.parse(raw.toString("utf8"));
    } catch {
        return json(400, { error: "body is not valid JSON" });
    }
    try {
        const method = deps.admin[name as keyof EmulatorAdmin] as (a: unknown) => unknown;
        const result = method(args);
        return json(200, { ok: true, result: result ?? null });
    } catch (e) {
        return json(e instanceof AdminError ? 400 : 500, { error: e instanceof Error ? e.message : String(e) });
    }
}

/** GET state|log|counters|health|in-flight|idle (idle answers once no API request is in flight). */
async function answerRead(deps: AdminHttpDeps, name: string, json: Json): Promise<void> {
    if (name === "state") return json(200, deps.state);
    if (name === "log") return json(200, deps.calls.entries);
    if (name === "counters") return json(200, deps.calls.countersCopy());
    if (name === "health") return json(200, { ok: true, url: deps.url(), rateLimitShape: deps.limiter.currentShape });
    if (name === "in-flight") return json(200, { inFlight: deps.inFlight.size });
    if (name === "idle") return deps.inFlight.idle().then(() => json(200, { inFlight: 0 }));
    return json(404, { error: `unknown admin resource ${name}; GET state|log|counters|health|in-flight|idle or POST one of ${ADMIN_METHODS.join(", ")}` });
}
