/** The fault matrix's table: one cell per resource × fault, recorded by the tests and printed at the end. */

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
