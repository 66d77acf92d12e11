/**
 * The README's "your own program against the emulator" walk-through, read from README.md so the
 * packaging test runs exactly what a newcomer is told to run.
 */
import * as fs from "fs";
import * as path from "path";
import { REPO } from "./pack";

export interface Walkthrough {
    /** Every line of the commands block. */
    commands: string[];
    /** Pulumi.yaml and package.json as the `printf` lines write them. */
    pulumiYaml: string;
    packageJson: Record<string, unknown>;
    /** The `npm install` line: the @pulumi/pulumi version and the tarball file name. */
    install: { sdkVersion: string; tarball: string };
    /** Arguments after `npm --prefix "$CLONE" run pulumi --`, one list per command, in order. */
    driverRuns: string[][];
    /** index.ts */
    program: string;
}

export function readmeText(): string {
    return fs.readFileSync(path.join(REPO, "README.md"), "utf8");
}

/** The first fenced block after `<!-- marker -->`. */
function blockAfter(text: string, marker: string): string {
    const at = text.indexOf(`<!-- ${marker} -->`);
    if (at < 0) {
        throw new Error(`README.md has no <!-- ${marker} --> block`);
    }
    const m = /```[a-z]*\n([\s\S]*?)```/.exec(text.slice(at));
    if (!m) {
        throw new Error(`README.md: no code block after <!-- ${marker} -->`);
    }
    return m[1];
}

/** `printf 'X' > FILE` with X's \n escapes expanded. */
function printfInto(commands: string[], file: string): string {
    const line = commands.find((l) => l.startsWith("printf '") && l.trimEnd().endsWith(`> ${file}`));
    if (!line) {
        throw new Error(`the walk-through does not write ${file} with printf`);
    }
    return line.slice("printf '".length, line.lastIndexOf("'")).replace(/\\n/g, "\n");
}

export function readWalkthrough(text = readmeText()): Walkthrough {
    const commands = blockAfter(text, "walkthrough:commands").split("\n");
    const installLine = commands.find((l) => l.startsWith("npm install @pulumi/pulumi@"));
    const install = installLine && /^npm install @pulumi\/pulumi@(\S+) "\$CLONE\/([^"]+)"/.exec(installLine);
    if (!install) {
        throw new Error('the walk-through has no `npm install @pulumi/pulumi@X "$CLONE/<tarball>"` line');
    }
    const prefix = 'npm --prefix "$CLONE" run pulumi -- ';
    const driverRuns = commands
        .filter((l) => l.startsWith(prefix))
        .map((l) =>
            l
                .slice(prefix.length)
                .replace(/\s+#.*$/, "")
                .trim()
                .split(/\s+/),
        );
    return {
        commands,
        pulumiYaml: printfInto(commands, "Pulumi.yaml"),
        packageJson: JSON.parse(printfInto(commands, "package.json")),
        install: { sdkVersion: install[1], tarball: install[2] },
        driverRuns,
        program: blockAfter(text, "walkthrough:program").replace(/^\/\/ index\.ts\n/, ""),
    };
}
