import type { CallLogEntry } from "../../emulator";

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
