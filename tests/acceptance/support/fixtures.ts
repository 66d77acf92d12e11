/** Where the committed fixtures live, and the `source` line of a fresh recording. */
import * as path from "node:path";
import { acceptanceMode } from "../../../tools/acceptance/config";

/** One file per API action: documented examples until a real recording replaces them (docs/acceptance.md). */
export const FIXTURES_DIR = path.resolve(__dirname, "../fixtures");

export function recordingSource(now: Date = new Date()): string {
    const where = acceptanceMode() === "cloud" ? "Tencent Cloud" : "the bundled emulator (not a real recording)";
    return `recorded from ${where} by npm run test:acceptance -- --record, ${now.toISOString().slice(0, 10)}; secrets redacted`;
}
