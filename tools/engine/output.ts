/**
 * What the driver prints, modelled on the Pulumi CLI's non-interactive output:
 *
 *   Previewing update (dev):
 *    +  pulumi-nodejs:dynamic:Resource a create
 *    ~  pulumi-nodejs:dynamic:Resource b update [diff: ~size]
 *   Resources: 1 to create, 1 to update, 2 unchanged
 */
import type { Operation, StepSummary } from "./types";
import { displayValue, isSecret, UNKNOWN } from "./values";

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
        private readonly verbose: boolean,
    ) {}

    get text(): string {
        return this.chunks.join("");
    }

    line(text = ""): void {
        const chunk = text + "\n";
        this.chunks.push(chunk);
        this.echo?.write(chunk);
    }

    header(op: Operation, dryRun: boolean, stack: string): void {
        const verb =
            op === "destroy" ? (dryRun ? "Previewing destroy" : "Destroying")
            : op === "refresh" ? (dryRun ? "Previewing refresh" : "Refreshing")
            : dryRun ? "Previewing update" : "Updating";
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

    outputs(outputs: Record<string, unknown>, dryRun: boolean): void {
        const keys = Object.keys(outputs).sort();
        if (keys.length === 0) return;
        this.line("Outputs:");
        for (const k of keys) {
            const v = outputs[k];
            const shown = isSecret(v) ? "[secret]" : v === UNKNOWN ? "output<string>" : displayValue(v);
            this.line(`    ${k}: ${shown}`);
        }
    }

    summary(op: Operation, dryRun: boolean, s: StepSummary): void {
        const parts: string[] = [];
        const add = (n: number, pending: string, done: string) => n > 0 && parts.push(`${n} ${dryRun ? pending : done}`);
        if (op === "refresh") {
            add(s.update, "to update", "updated");
            add(s.delete, "to delete", "deleted");
        } else {
            add(s.create, "to create", "created");
            add(s.update, "to update", "updated");
            add(s.replace, "to replace", "replaced");
            add(s.delete, "to delete", "deleted");
        }
        if (s.same > 0) parts.push(`${s.same} unchanged`);
        if (s.failed > 0) parts.push(`${s.failed} failed`);
        this.line(`Resources: ${parts.length ? parts.join(", ") : "no changes"}`);
    }
}
