/**
 * The docs tables of a resource, rendered from its field table (provider/resources/common/fields.ts):
 * docs/resources/<resource>.md holds them between `<!-- fields:inputs -->` / `<!-- fields:outputs -->`
 * markers and tests/unit/field-docs.test.ts fails when they differ (UPDATE_FIELD_DOCS=1 rewrites them).
 */
import type { Field, FieldTable } from "../../provider/resources/common/fields";

const CHANGE_TEXT: Record<string, string> = { update: "in place", replace: "replaces", local: "in place, no API call", ignore: "never a change" };

const code = (value: unknown) => "`" + (typeof value === "string" ? value : JSON.stringify(value)) + "`";

function changeText(field: Field): string {
    return typeof field.change === "function" ? (field.changeDoc ?? "depends on the remote state") : CHANGE_TEXT[field.change ?? "update"];
}

function defaultText(field: Field): string {
    return field.defaultDoc ?? (field.default === undefined ? "—" : code(field.default));
}

function description(field: Field): string {
    return field.secret ? `${field.doc} **Secret.**` : field.doc;
}

/** The inputs table (fields the resource class sets itself left out). */
export function inputsTable(table: FieldTable): string {
    const rows = Object.entries(table)
        .filter(([, f]) => !["output", "maybeOutput", "internal"].includes(f.presence))
        .map(([name, f]) =>
            [code(name), f.type, f.presence === "required" ? "yes" : "no", defaultText(f), changeText(f), f.api ? code(f.api) : "—", description(f)].join(
                " | ",
            ),
        );
    return ["| input | type | required | default | on change | API | description |", "|---|---|---|---|---|---|---|", ...rows.map((r) => `| ${r} |`)].join(
        "\n",
    );
}

/** The outputs table: output-only fields. */
export function outputsTable(table: FieldTable): string {
    const rows = Object.entries(table)
        .filter(([, f]) => f.presence === "output" || f.presence === "maybeOutput")
        .map(([name, f]) =>
            [code(name), f.type, f.presence === "maybeOutput" ? "when known" : "always", f.api ? code(f.api) : "—", description(f)].join(" | "),
        );
    return ["| output | type | present | API | description |", "|---|---|---|---|---|", ...rows.map((r) => `| ${r} |`)].join("\n");
}

/** The text between `<!-- fields:<part> -->` and `<!-- /fields:<part> -->` (trimmed), or undefined. */
export function between(markdown: string, part: string): string | undefined {
    const match = new RegExp(`<!-- fields:${part} -->\\n([\\s\\S]*?)\\n<!-- /fields:${part} -->`).exec(markdown);
    return match?.[1].trim();
}

/** `markdown` with the part between the markers replaced. */
export function replaceBetween(markdown: string, part: string, content: string): string {
    return markdown.replace(new RegExp(`(<!-- fields:${part} -->\\n)[\\s\\S]*?(\\n<!-- /fields:${part} -->)`), `$1${content}$2`);
}

/** The rows of the first markdown table after `heading` (cells trimmed), header and separator left out. */
export function tableAfter(markdown: string, heading: string, nth = 0): string[][] {
    const start = markdown.indexOf(heading);
    const lines = markdown.slice(start).split("\n");
    const tables: string[][][] = [];
    let current: string[][] | undefined;
    for (const line of lines.slice(1)) {
        if (/^#{1,3} /.test(line)) {
            break;
        }
        if (line.startsWith("|")) {
            current ??= [];
            current.push(
                line
                    .split("|")
                    .slice(1, -1)
                    .map((cell) => cell.trim()),
            );
        } else if (current) {
            tables.push(current);
            current = undefined;
        }
    }
    if (current) {
        tables.push(current);
    }
    return (tables[nth] ?? []).slice(2);
}

/** The names a table row's first cell lists: `a`, `b` and `c`. */
export function namesIn(cell: string): string[] {
    return [...cell.matchAll(/`([A-Za-z]+)`/g)].map((m) => m[1]);
}
