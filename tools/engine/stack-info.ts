/**
 * `stack` (no subcommand), modelled on `pulumi stack` (pkg/cmd/pulumi/stack/stack.go runStackText):
 *
 *   Current stack is dev:
 *       Managed by the engine driver (state /prog/.pulumi-driver/stacks/dev.json)
 *       Last updated: 2026-05-01T10:00:00.000Z
 *       Update in progress: up by me@host (pid 4242), started 2026-05-01T10:03:00.000Z
 *   Current stack resources (2):
 *       TYPE                                              NAME
 *       pulumi:pulumi:Stack                               prog-dev
 *       pulumi-nodejs:dynamic/tencentcloud:CsrResource    web
 *
 * The CLI shows a run in progress for cloud stacks only; the driver shows its lock holders (and
 * whether each is stale: its pid no longer runs on this host).
 */
import * as fs from "fs";
import { describeRun, type LockHolder } from "./stack-lock";
import { urnName } from "./state";
import type { Checkpoint } from "./types";

export function formatStackInfo(stack: string, statePath: string, checkpoint: Checkpoint, holders: LockHolder[]): string {
    const lines = [`Current stack is ${stack}:`, `    Managed by the engine driver (state ${statePath})`];
    if (fs.existsSync(statePath)) lines.push(`    Last updated: ${fs.statSync(statePath).mtime.toISOString()}`);
    else lines.push("    No updates yet; run `npm run pulumi -- up`");
    for (const holder of holders) {
        lines.push(`    Update in progress: ${describeRun(holder)}`);
        lines.push(`        lock file ${holder.path}; if no such run is going on, remove it with \`npm run pulumi -- cancel -s ${stack}\``);
    }
    const resources = checkpoint.deployment.resources.filter((r) => !r.delete);
    lines.push(`Current stack resources (${resources.length}):`);
    if (resources.length === 0) {
        lines.push("    No resources currently in this stack");
    } else {
        const rows = [["TYPE", "NAME"], ...resources.map((r) => [r.type, urnName(r.urn)])];
        const width = Math.max(...rows.map((r) => r[0].length));
        for (const [type, name] of rows) lines.push(`    ${type.padEnd(width)}  ${name}`);
    }
    return lines.join("\n") + "\n";
}
