/**
 * What the driver prints, modelled on the Pulumi CLI's non-interactive output:
 *
 *   Previewing update (dev):
 *    +  pulumi-nodejs:dynamic:Resource a create
 *    ~  pulumi-nodejs:dynamic:Resource b update [diff: ~size]
 *   Resources:
 *       + 1 to create
 *       ~ 1 to update
 *       2 changes. 2 unchanged
 */
import type { Operation, StepSummary } from "./types";
import type { SecretRedactor } from "./redact";
import { isSecret, UNKNOWN } from "./values";

export type Severity = "debug" | "info" | "warning" | "error";

export const STEP_SYMBOL: Record<string, string> = {
    create: " + ",
    update: " ~ ",
    replace: " +-",
    "create-replacement": " ++",
    "delete-replaced": " --",
    delete: " - ",
    refresh: " ~ ",
    "refresh-gone": " - ",
    read: " > ",
    discard: " < ",
    same: "   ",
};

export class Printer {
    private readonly chunks: string[] = [];

    constructor(
        private readonly echo: { write(chunk: string): unknown } | undefined,
        readonly verbose: boolean,
        private readonly redactor?: SecretRedactor,
    ) {}

    get text(): string {
        return this.chunks.join("");
    }

    line(text = ""): void {
        const chunk = (this.redactor ? this.redactor.redact(text) : text) + "\n";
        this.chunks.push(chunk);
        this.echo?.write(chunk);
    }

    header(op: Operation, dryRun: boolean, stack: string): void {
        const verb =
            op === "destroy"
                ? dryRun
                    ? "Previewing destroy"
                    : "Destroying"
                : op === "refresh"
                  ? dryRun
                      ? "Previewing refresh"
                      : "Refreshing"
                  : dryRun
                    ? "Previewing update"
                    : "Updating";
        this.line(`${verb} (${stack}):`);
    }

    /** One resource line: ` +  type name create`, ` ~  type name updated (0.12s) [diff: ~a,b]`. */
    step(symbolKey: string, type: string, name: string, verb: string, opts: { diff?: string[]; seconds?: number; note?: string } = {}): void {
        const parts = [STEP_SYMBOL[symbolKey] ?? "   ", type, name, verb];
        if (opts.seconds !== undefined) parts.push(`(${opts.seconds.toFixed(2)}s)`);
        if (opts.diff && opts.diff.length > 0) parts.push(`[diff: ${opts.diff.join(",")}]`);
        if (opts.note) parts.push(opts.note);
        this.line(parts.join(" ").replace(/^ {3} /, "    "));
    }

    /** A diagnostic (Engine.Log from the program, a provider error, a driver warning). */
    diag(severity: Severity, message: string, where?: string): void {
        if (severity === "debug" && !this.verbose) return;
        const prefix = where ? `    ${where}: ` : "    ";
        const label = severity === "info" ? "" : `${severity}: `;
        for (const [i, l] of message.replace(/\n+$/, "").split("\n").entries()) {
            this.line(i === 0 ? `${prefix}${label}${l}` : `${prefix}  ${l}`);
        }
    }

    /**
     * An error about a resource or the run: its message without any JavaScript stack frames (an
     * expected API or network error is one line per resource); the full text with -v.
     */
    error(message: string, where?: string): void {
        this.diag("error", this.verbose ? message : withoutStack(message), where);
    }

    /** The stack outputs as the CLI prints them: one `key: value` per output, objects as an indented tree. */
    outputs(outputs: Record<string, unknown>, dryRun: boolean): void {
        if (Object.keys(outputs).length === 0) return;
        this.line();
        this.line("Outputs:");
        const text = renderObject(outputs, 1, false);
        for (const l of text.replace(/\n$/, "").split("\n")) this.line(l);
    }

    /**
     * The CLI's summary block (pkg/backend/display/diff.go renderSummaryEvent): one line per kind
     * of change with its prefix, then "N changes. M unchanged", then "N errored".
     */
    summary(op: Operation, dryRun: boolean, s: StepSummary): void {
        this.line();
        for (const l of summaryLines(dryRun, s)) this.line(l);
    }
}

/** The message up to its first stack frame ("    at fn (file:1:2)"). */
export function withoutStack(message: string): string {
    const lines = message.split("\n");
    const firstFrame = lines.findIndex((l) => /^\s+at\s/.test(l));
    return (firstFrame > 0 ? lines.slice(0, firstFrame) : lines).join("\n").replace(/\s+$/, "");
}

export function summaryLines(dryRun: boolean, s: StepSummary): string[] {
    const lines = ["Resources:"];
    const to = dryRun ? "to " : "";
    // The engine's StepOps order: create, update, delete, replace.
    const kinds: [number, string, string, string][] = [
        [s.create, "+ ", "create", "created"],
        [s.update, "~ ", "update", "updated"],
        [s.delete, "- ", "delete", "deleted"],
        [s.replace, "+-", "replace", "replaced"],
    ];
    let kindsChanged = 0;
    let changes = 0;
    for (const [n, prefix, verb, past] of kinds) {
        if (n > 0) {
            lines.push(`    ${prefix}${n} ${to}${dryRun ? verb : past}`);
            kindsChanged++;
            changes += n;
        }
    }
    const pieces: string[] = [];
    if (kindsChanged >= 2) pieces.push(`${changes} ${changes === 1 ? "change" : "changes"}`);
    if (s.same > 0) pieces.push(`${s.same} unchanged`);
    if (pieces.length > 0) lines.push(`    ${pieces.join(". ")}`);
    if (s.failed > 0) lines.push(`    ${s.failed} errored`);
    return lines;
}

const INDENT = "    ";

/**
 * A property map as the CLI prints it (object_diff.go printObject): keys sorted and padded to the
 * longest, strings quoted, objects and arrays as indented blocks, secrets as [secret] unless shown.
 */
export function renderObject(props: Record<string, unknown>, indent: number, showSecrets: boolean): string {
    const keys = Object.keys(props)
        .filter((k) => props[k] !== undefined)
        .sort();
    const width = Math.max(0, ...keys.map((k) => k.length));
    return keys.map((k) => `${INDENT.repeat(indent)}${k.padEnd(width)}: ${renderValue(props[k], indent, showSecrets)}\n`).join("");
}

export function renderValue(v: unknown, indent: number, showSecrets: boolean): string {
    if (isSecret(v)) return showSecrets ? renderValue(v.value, indent, showSecrets) : "[secret]";
    if (v === UNKNOWN) return "output<string>";
    if (v === null || v === undefined) return "null";
    if (typeof v === "string") return JSON.stringify(v);
    if (typeof v !== "object") return String(v);
    if (Array.isArray(v)) {
        if (v.length === 0) return "[]";
        const items = v.map((x, i) => `${INDENT.repeat(indent)}    [${i}]: ${renderValue(x, indent + 1, showSecrets)}\n`).join("");
        return `[\n${items}${INDENT.repeat(indent)}]`;
    }
    const obj = v as Record<string, unknown>;
    if (Object.keys(obj).length === 0) return "{}";
    return `{\n${renderObject(obj, indent + 1, showSecrets)}${INDENT.repeat(indent)}}`;
}
