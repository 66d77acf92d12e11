/**
 * The documents `npm run bench` writes its results tables into, between two markers each.
 * The README links to docs/performance.md instead of holding the table itself.
 */
import * as fs from "fs";
import * as path from "path";

export const RESULTS_START = "<!-- bench-results:start -->";
export const RESULTS_END = "<!-- bench-results:end -->";

/** Paths relative to the repository root. */
export const RESULTS_DOCS = ["bench/README.md", "docs/performance.md"] as const;

/** Replaces what is between the markers in `file` with `content`; throws when the markers are missing. */
export function replaceBetweenMarkers(file: string, content: string): void {
    const text = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : `${RESULTS_START}\n${RESULTS_END}\n`;
    const i = text.indexOf(RESULTS_START);
    const j = text.indexOf(RESULTS_END);
    if (i < 0 || j < i) {
        throw new Error(`${file} has no ${RESULTS_START} … ${RESULTS_END} section to fill in`);
    }
    fs.writeFileSync(file, `${text.slice(0, i + RESULTS_START.length)}\n${content}\n${text.slice(j)}`);
}

/** Writes `content` into every results document under `repo`; returns the paths written. */
export function writeResultsDocs(repo: string, content: string): string[] {
    return RESULTS_DOCS.map((rel) => {
        replaceBetweenMarkers(path.join(repo, rel), content);
        return rel;
    });
}
