/**
 * The HTTP server on 127.0.0.1: POST / with TC3 signing for ssl, gaap and teo on one port
 * (api-call.ts), plus the admin API under /_emulator/ (admin-http.ts).
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { DEFAULT_OWNER_UIN } from "./accounts";
import { createAdmin, type AdminHooks } from "./admin";
import { ADMIN_PREFIX, handleAdmin } from "./admin-http";
import { handleApi, type ApiDeps } from "./api-call";
import { CallLog } from "./call-log";
import { FaultInjector } from "./faults";
import { requestPath, send } from "./http";
import { InFlightRequests } from "./in-flight";
import { DEFAULT_RATE_LIMIT_SHAPE, RateLimiter } from "./rate-limit";
import { DEMO_CREDENTIALS } from "./seed";
import { buildState, loadState, saveState, type AccountSeeds } from "./state";
import type { Emulator, EmulatorAdmin, EmulatorCredential, EmulatorOptions, EmulatorState } from "./types";

export const DEFAULT_TEO_DEPLOY_DELAY_MS = 1500;
export const DEFAULT_GAAP_APPLY_DELAY_MS = 500;
const DEFAULT_MAX_BODY_BYTES = 10 * 1024 * 1024;

/** Everything one emulator holds: what the API handler works with, plus the admin and the in-flight count. */
interface EmulatorParts extends ApiDeps {
    inFlight: InFlightRequests;
    admin: EmulatorAdmin;
}

/** The default account (the first credential's) gets `seed`, or DEFAULT_SEED; others theirs from `accountSeeds`. */
function accountSeeds(options: EmulatorOptions, credentials: EmulatorCredential[]): AccountSeeds {
    const defaultOwnerUin = credentials[0]?.ownerUin ?? DEFAULT_OWNER_UIN;
    const seeds: AccountSeeds = { defaultOwnerUin, seeds: new Map(Object.entries(options.accountSeeds ?? {})) };
    if (options.seed) seeds.seeds.set(defaultOwnerUin, options.seed);
    return seeds;
}

/** The state from `statePath` when it exists, else built from the seeds; `persist` writes it there (when set). */
function openState(options: EmulatorOptions, seeds: AccountSeeds, nowMs: number): { state: EmulatorState; persist(): void } {
    const state = (options.statePath && loadState(options.statePath)) || buildState(seeds, nowMs);
    const persist = (): void => {
        if (options.statePath) saveState(options.statePath, state);
    };
    persist();
    return { state, persist };
}

/** The admin's hooks into the server's parts; resets restore the start-up faults, limits and limiter shape. */
function adminHooks(options: EmulatorOptions, parts: Omit<EmulatorParts, "admin" | "inFlight">, seeds: AccountSeeds): AdminHooks {
    const { limiter, faults, calls } = parts;
    return {
        state: parts.state,
        now: parts.clock,
        seeds,
        setFaults: (f) => faults.configure(f),
        initialFaults: () => options.faults ?? null,
        setRateLimits: (l) => limiter.setLimits(l),
        initialRateLimits: () => options.rateLimits ?? {},
        setRateLimitShape: (shape) => limiter.setShape(shape),
        initialRateLimitShape: () => options.rateLimitShape ?? DEFAULT_RATE_LIMIT_SHAPE,
        clearObservations: () => {
            calls.clear();
            limiter.reset();
        },
        clearLog: () => calls.clearEntries(),
        persist: parts.persist,
    };
}

function buildParts(options: EmulatorOptions): EmulatorParts {
    const clock = options.clock ?? Date.now;
    const credentials = (options.credentials ?? [DEMO_CREDENTIALS]).map((c) => ({ ...c }));
    const seeds = accountSeeds(options, credentials);
    const parts = {
        clock,
        credentials,
        defaultOwnerUin: seeds.defaultOwnerUin,
        ...openState(options, seeds, clock()),
        limiter: new RateLimiter(options.rateLimits ?? {}, options.rateLimitShape ?? DEFAULT_RATE_LIMIT_SHAPE),
        faults: new FaultInjector(options.faults ?? null),
        calls: new CallLog(),
        maxBody: options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
        teoDeployDelayMs: options.teoDeployDelayMs ?? DEFAULT_TEO_DEPLOY_DELAY_MS,
        gaapApplyDelayMs: options.gaapApplyDelayMs ?? DEFAULT_GAAP_APPLY_DELAY_MS,
    };
    return { ...parts, inFlight: new InFlightRequests(), admin: createAdmin(adminHooks(options, parts, seeds)) };
}

/** Open connections, so close() can end them at once (keep-alive clients would hold the server open). */
function trackSockets(server: Server): Set<Socket> {
    const sockets = new Set<Socket>();
    server.on("connection", (s) => {
        sockets.add(s);
        s.on("close", () => sockets.delete(s));
    });
    return sockets;
}

function listen(server: Server, port: number): Promise<number> {
    return new Promise<number>((resolve, reject) => {
        server.once("error", reject);
        server.listen(port, "127.0.0.1", () => resolve((server.address() as AddressInfo).port));
    });
}

function closeServer(server: Server, sockets: Set<Socket>): Promise<void> {
    return new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
    });
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
    const parts = buildParts(options);
    let url = "";
    const adminDeps = { ...parts, url: () => url };
    const server = createServer((req, res) => {
        const path = requestPath(req);
        const work = path.startsWith(ADMIN_PREFIX) ? handleAdmin(adminDeps, req, res, path) : parts.inFlight.track(handleApi(parts, req, res));
        work.catch((e) => {
            if (!res.headersSent) send(res, 500, JSON.stringify({ error: String(e) }), parts.clock());
        });
    });
    const sockets = trackSockets(server);
    const port = await listen(server, options.port ?? 0);
    url = `http://127.0.0.1:${port}`;
    return {
        url,
        port,
        state: parts.state,
        log: parts.calls.entries,
        counters: () => parts.calls.countersCopy(),
        inFlight: () => parts.inFlight.size,
        idle: () => parts.inFlight.idle(),
        admin: parts.admin,
        close: () => closeServer(server, sockets),
    };
}
