/**
 * Shared pieces of the reliability suite: an emulator-backed client tuned for fast tests, a log
 * that records what the client and the resources say, the fault table printer and the secret
 * scanner.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { DEMO_CREDENTIALS, type Emulator, type EmulatorCredential, type FaultRule } from "../../emulator";
import { mulberry32 } from "../../emulator/prng";
import { createClient, type TencentCloudClient } from "../../provider/tencentcloud/client";
import type { Logger } from "../../provider/tencentcloud/log";
import { resolveSettings, type ClientSettings } from "../../provider/tencentcloud/settings";
import { runPulumi, type ConfigValue, type RunOptions, type RunResult } from "../../tools/engine";

export const repo = path.resolve(__dirname, "../..");

/** A logger that keeps every line (client debug lines included) for assertions and scans. */
export interface RecordingLogger extends Logger {
    lines: string[];
}

export function recordingLogger(): RecordingLogger {
    const lines: string[] = [];
    const push = (level: string) => (message: string) => {
        lines.push(`${level}: ${message}`);
    };
    return { lines, debug: push("debug"), info: push("info"), warn: push("warn"), error: push("error") };
}

export interface TestClientOptions {
    credential?: EmulatorCredential;
    /** Extra `tencentcloud:*` config (e.g. requestTimeoutMs). */
    config?: Record<string, string>;
    logger?: Logger;
    /** Seed of the backoff jitter, so retries are reproducible. */
    jitterSeed?: number;
}

/** Settings as a user would write them (config keys), resolved by the provider's own code. */
export function testSettings(emulator: Emulator, options: TestClientOptions = {}): ClientSettings {
    const credential = options.credential ?? DEMO_CREDENTIALS;
    const config: Record<string, string> = {
        "tencentcloud:endpoint": emulator.url,
        "tencentcloud:secretId": credential.secretId,
        "tencentcloud:secretKey": credential.secretKey,
        ...(credential.token ? { "tencentcloud:securityToken": credential.token } : {}),
        // The emulator runs without its own rate limits in most cells; do not wait for Tencent's.
        "tencentcloud:rateLimits": "ssl=500,gaap=500,teo=500",
        ...(options.config ?? {}),
    };
    return resolveSettings({ get: (k) => config[k] }, {});
}

/**
 * The provider's real client against the emulator. Only the backoff base is shortened (20 ms
 * instead of 250 ms, cap 400 ms) so a matrix of hundreds of retries stays fast; what is retried
 * and when is the production policy.
 */
export function testClient(emulator: Emulator, options: TestClientOptions = {}): TencentCloudClient {
    const settings = testSettings(emulator, options);
    const fast: ClientSettings = { ...settings, timeouts: { ...settings.timeouts, baseDelayMs: 20, maxDelayMs: 400 } };
    return createClient(fast, { logger: options.logger, random: mulberry32(options.jitterSeed ?? 7) });
}

/** Sleeps 1/20 of what the resource asks (its own retry backoffs and poll intervals), at least 1 ms. */
export const quickSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, Math.max(1, Math.round(ms / 20))));

/** Every fault kind at once, each with the same chance, together failing 20 % of calls. */
export function mixedFaults(service: "ssl" | "gaap" | "teo", requestTimeoutMs: number): FaultRule[] {
    const kinds: Omit<FaultRule, "probability">[] = [
        { kind: "http500" },
        { kind: "http502" },
        { kind: "http503" },
        { kind: "reset" },
        { kind: "delay", delayMs: requestTimeoutMs * 3 },
        { kind: "internalError" },
        { kind: "throttle" },
        { kind: "busy" },
        { kind: "actThenFail" },
    ];
    // 1 - (1 - p)^9 = 0.2
    const p = 1 - Math.pow(0.8, 1 / kinds.length);
    return kinds.map((k) => ({ ...k, service, probability: p }));
}

// ---- the fault table ------------------------------------------------------------------------------

export interface FaultCell {
    resource: string;
    fault: string;
    /** `provider` = provider implementation in this process; `host` = real dynamic-provider host via the engine driver. */
    via: "provider" | "host";
    calls: number;
    injected: number;
    retries: number;
    surfaced: number;
    reruns: number;
    duplicates: number;
    orphans: number;
    consistent: boolean;
}

const cells: FaultCell[] = [];

export function recordCell(cell: FaultCell): void {
    cells.push(cell);
}

export function recordedCells(): readonly FaultCell[] {
    return cells;
}

export function formatFaultTable(rows: readonly FaultCell[]): string {
    const header = ["resource", "fault (20%)", "via", "calls", "injected", "retries", "surfaced", "reruns", "dups", "orphans", "final state"];
    const body = rows.map((c) => [
        c.resource,
        c.fault,
        c.via,
        String(c.calls),
        String(c.injected),
        String(c.retries),
        String(c.surfaced),
        String(c.reruns),
        String(c.duplicates),
        String(c.orphans),
        c.consistent ? "= emulator" : "DIVERGED",
    ]);
    const widths = header.map((h, i) => Math.max(h.length, ...body.map((r) => r[i].length)));
    const line = (cols: string[]) => "  " + cols.map((c, i) => c.padEnd(widths[i])).join("  ");
    return [line(header), line(widths.map((w) => "-".repeat(w))), ...body.map(line)].join("\n");
}

// ---- secret scanning ------------------------------------------------------------------------------

export interface SecretHit {
    secret: string;
    where: string;
    context: string;
}

/** Every place where one of `secrets` occurs in plaintext in `text` (with a little context, secret masked). */
export function findSecrets(secrets: Record<string, string>, text: string, where: string): SecretHit[] {
    const hits: SecretHit[] = [];
    for (const [name, secret] of Object.entries(secrets)) {
        let at = text.indexOf(secret);
        while (at >= 0) {
            const context = text.slice(Math.max(0, at - 40), at + secret.length + 40).split(secret).join(`<${name}>`);
            hits.push({ secret: name, where, context });
            at = text.indexOf(secret, at + 1);
        }
    }
    return hits;
}

/** Every file under `dir`, recursively, as [path, content]. */
export function filesUnder(dir: string): [string, string][] {
    if (!fs.existsSync(dir)) {
        return [];
    }
    const out: [string, string][] = [];
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) {
            out.push(...filesUnder(full));
        } else {
            out.push([full, fs.readFileSync(full, "utf8")]);
        }
    }
    return out;
}

// ---- the engine driver ----------------------------------------------------------------------------


export const RELIABILITY_PROGRAM = path.join(repo, "tests/programs/reliability-all");

export interface DriverOptions extends Partial<RunOptions> {
    emulator: Emulator;
    stateDir: string;
    credential?: EmulatorCredential;
    /** Program and provider config (`reliability-all:key` or `tencentcloud:key`), merged over the credentials. */
    config?: Record<string, ConfigValue>;
}

/**
 * `pulumi <op>` of a program through the real program runner and dynamic-provider host. The
 * credentials go in as stack config (the secret key and token as secrets), as a user sets them.
 */
export function drive(op: RunOptions["op"], options: DriverOptions): Promise<RunResult> {
    const { emulator, credential = DEMO_CREDENTIALS, config = {}, ...rest } = options;
    return runPulumi({
        cwd: RELIABILITY_PROGRAM,
        op,
        verbose: true,
        ...rest,
        env: { TENCENTCLOUD_RATE_LIMITS: "ssl=500,gaap=500,teo=500", ...(rest.env ?? {}) },
        config: {
            "tencentcloud:endpoint": emulator.url,
            "tencentcloud:secretId": credential.secretId,
            "tencentcloud:secretKey": { secret: credential.secretKey },
            ...(credential.token ? { "tencentcloud:securityToken": { secret: credential.token } } : {}),
            "reliability-all:waitTimeoutSeconds": "60",
            ...config,
        },
    });
}

export function explain(r: RunResult): string {
    return `exit ${r.exitCode}\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`;
}
