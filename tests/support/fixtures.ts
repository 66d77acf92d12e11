/** Helpers shared by the tests that talk to the emulator or run programs through the engine driver. */
import { DEMO_CREDENTIALS, type CallLogEntry, type Emulator } from "../../emulator";
import { createClient } from "../../provider/tencentcloud/client";
import type { Logger } from "../../provider/tencentcloud/log";
import { resolveSettings } from "../../provider/tencentcloud/settings";
import type { TencentCloudApi } from "../../provider/tencentcloud/types";
import type { RunResult } from "../../tools/engine";

/** The project's real client, pointed at the emulator with its demo credentials (plus `extra` settings). */
export function emulatorClient(emulator: Emulator, extra: Record<string, string> = {}): TencentCloudApi {
    const config: Record<string, string> = {
        "tencentcloud:endpoint": emulator.url,
        "tencentcloud:secretId": DEMO_CREDENTIALS.secretId,
        "tencentcloud:secretKey": DEMO_CREDENTIALS.secretKey,
        ...extra,
    };
    return createClient(resolveSettings({ get: (k) => config[k] }, {}));
}

/** Valid CsrResource subject inputs that tests vary one field at a time. */
export const CSR_SUBJECT = {
    domain: "www.example.com",
    organization: "Example Ltd",
    department: "IT",
    email: "admin@example.com",
    province: "Guangdong",
    city: "Shenzhen",
    country: "CN",
} as const;

/** Environment that points a provider host (or a program run) at the emulator with its demo credentials. */
export function emulatorEnv(emulator: Emulator, extra: Record<string, string | undefined> = {}): Record<string, string> {
    const env: Record<string, string> = {
        TENCENTCLOUD_ENDPOINT: emulator.url,
        TENCENTCLOUD_SECRET_ID: DEMO_CREDENTIALS.secretId,
        TENCENTCLOUD_SECRET_KEY: DEMO_CREDENTIALS.secretKey,
    };
    for (const [key, value] of Object.entries(extra)) {
        if (value !== undefined) env[key] = value;
    }
    return env;
}

/** A logger that keeps every line, whatever its level. */
export function recordingLogger(): Logger & { lines: string[] } {
    const lines: string[] = [];
    const push = (m: string) => void lines.push(m);
    return { lines, debug: push, info: push, warn: push, error: push };
}

/** What an engine-driver run printed, for assertion messages. */
export function explain(r: RunResult): string {
    return `exit ${r.exitCode}\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`;
}

/** Pairs of GAAP calls about the same listener whose server-side windows overlap (1 ms clock granularity allowed). */
export function overlappingCallsPerListener(log: readonly CallLogEntry[]): string[] {
    const problems: string[] = [];
    const byListener = new Map<string, CallLogEntry[]>();
    for (const e of log) {
        const id = e.params.ListenerId as string | undefined;
        if (e.service === "gaap" && id) {
            byListener.set(id, [...(byListener.get(id) ?? []), e]);
        }
    }
    for (const [id, entries] of byListener) {
        const sorted = [...entries].sort((a, b) => a.time - b.time);
        for (let i = 1; i < sorted.length; i++) {
            const prev = sorted[i - 1];
            if (sorted[i].time + 1 < prev.time + prev.durationMs) {
                problems.push(`${id}: ${prev.action}@${prev.time}+${prev.durationMs}ms overlaps ${sorted[i].action}@${sorted[i].time}`);
            }
        }
    }
    return problems;
}
