/**
 * Test fixture for the engine-driver tests: the lifecycle program (tests/programs/lifecycle)
 * with a fresh state directory and a fresh "remote" store file per fixture.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { runPulumi, RunOptions, RunResult } from "../../tools/engine";
import type { StoreCall, StoreFile } from "../programs/lifecycle/store-provider";

export const LIFECYCLE_PROGRAM = path.resolve(__dirname, "../programs/lifecycle");

export class ProgramFixture {
    readonly dir: string;
    readonly stateDir: string;
    readonly storePath: string;
    /** Config applied to every run (a run's own config is merged over it). */
    config: NonNullable<RunOptions["config"]> = {};

    constructor(
        readonly cwd = LIFECYCLE_PROGRAM,
        readonly stack = "test",
    ) {
        this.dir = fs.mkdtempSync(path.join(os.tmpdir(), "engine-driver-"));
        this.stateDir = path.join(this.dir, "state");
        this.storePath = path.join(this.dir, "store.json");
    }

    run(op: RunOptions["op"], extra: Partial<RunOptions> = {}): Promise<RunResult> {
        return runPulumi({
            cwd: this.cwd,
            op,
            stack: this.stack,
            stateDir: this.stateDir,
            ...extra,
            config: { ...this.config, ...(extra.config ?? {}) },
            env: { ENGINE_TEST_STORE: this.storePath, PULUMI_CONFIG_PASSPHRASE: undefined, ...(extra.env ?? {}) },
        });
    }

    store(): StoreFile {
        if (!fs.existsSync(this.storePath)) return { objects: {}, calls: [], active: 0, maxActive: 0, nextId: 1 };
        return JSON.parse(fs.readFileSync(this.storePath, "utf8"));
    }

    /** Changes the "remote" objects behind the provider's back. */
    editStore(f: (s: StoreFile) => void): void {
        const s = this.store();
        f(s);
        fs.writeFileSync(this.storePath, JSON.stringify(s, null, 2));
    }

    /** Calls the provider recorded since `from` (an index into the call list). */
    callsSince(from: number): StoreCall[] {
        return this.store().calls.slice(from);
    }

    callCount(): number {
        return this.store().calls.length;
    }

    stateText(): string {
        const file = path.join(this.stateDir, "stacks", `${this.stack}.json`);
        return fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "";
    }

    cleanup(): void {
        fs.rmSync(this.dir, { recursive: true, force: true });
    }
}

export const MUTATING = new Set(["create", "update", "delete"]);
