/** The call log (oldest first, capped) and the per-action counters the tests and the admin API read. */
import type { ActionCounter, CallLogEntry } from "./types";

const MAX_LOG = 10_000;
const SECRET_FIELD = /password|secret|privatekey|token/i;

/** Copy of params with secret-looking fields replaced by "***" (for the call log). */
export function redact(value: unknown): unknown {
    if (Array.isArray(value)) return value.map(redact);
    if (value && typeof value === "object") {
        return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, SECRET_FIELD.test(k) ? "***" : redact(v)]));
    }
    return value;
}

export class CallLog {
    /** The same array for the emulator's life (`Emulator.log`): cleared in place. */
    readonly entries: CallLogEntry[] = [];
    private counters: Record<string, ActionCounter> = {};

    record(entry: CallLogEntry): void {
        this.entries.push(entry);
        if (this.entries.length > MAX_LOG) this.entries.splice(0, this.entries.length - MAX_LOG);
        const key = `${entry.service}.${entry.action}`;
        const c = (this.counters[key] ??= { calls: 0, ok: 0, errors: 0, byCode: {} });
        c.calls += 1;
        if (entry.code === "OK") c.ok += 1;
        else c.errors += 1;
        c.byCode[entry.code] = (c.byCode[entry.code] ?? 0) + 1;
    }

    /** The counters keyed "<service>.<Action>" (a copy). */
    countersCopy(): Record<string, ActionCounter> {
        return JSON.parse(JSON.stringify(this.counters)) as Record<string, ActionCounter>;
    }

    /** Forgets the log only (admin `clearLog`). */
    clearEntries(): void {
        this.entries.length = 0;
    }

    /** Forgets the log and the counters. */
    clear(): void {
        this.clearEntries();
        this.counters = {};
    }
}
