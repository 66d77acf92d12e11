/**
 * Binding records: before a binding lifecycle changes an object the user owns, it writes down the
 * object's original certificate setting; the file is removed once the original is back. A record
 * left behind (an interrupted run) is what `npm run sweep` repairs.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { GaapTarget, TeoTarget } from "./config";
import type { GaapSetting, TeoSetting } from "./bindings";

export type BindingRecord =
    | { kind: "gaap"; runId: string; label: string; startedAt: string; target: Pick<GaapTarget, "listenerId" | "domain">; original: GaapSetting }
    | { kind: "teo"; runId: string; label: string; startedAt: string; target: Pick<TeoTarget, "zoneId" | "host">; original: TeoSetting };

export interface StoredRecord {
    path: string;
    record: BindingRecord;
}

const PREFIX = "binding-";

function recordsDir(stateDir: string): string {
    return path.join(stateDir, "records");
}

/** Writes the record (durably: written to a temporary name, then renamed) and returns its path. */
export function writeRecord(stateDir: string, record: BindingRecord): string {
    const dir = recordsDir(stateDir);
    fs.mkdirSync(dir, { recursive: true });
    const file = path.join(dir, `${PREFIX}${record.runId}-${record.label}.json`);
    fs.writeFileSync(`${file}.tmp`, JSON.stringify(record, null, 2) + "\n");
    fs.renameSync(`${file}.tmp`, file);
    return file;
}

export function readRecords(stateDir: string): StoredRecord[] {
    const dir = recordsDir(stateDir);
    if (!fs.existsSync(dir)) return [];
    return fs
        .readdirSync(dir)
        .filter((f) => f.startsWith(PREFIX) && f.endsWith(".json"))
        .sort()
        .map((f) => ({ path: path.join(dir, f), record: JSON.parse(fs.readFileSync(path.join(dir, f), "utf8")) as BindingRecord }));
}

export function removeRecord(file: string): void {
    fs.rmSync(file, { force: true });
}
