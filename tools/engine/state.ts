/**
 * Stack state store: one checkpoint file per stack, `<stateDir>/stacks/<stack>.json`, written
 * atomically (temp file + rename), with every secret value encrypted (AES-256-GCM).
 *
 * Key: derived from PULUMI_CONFIG_PASSPHRASE when set (PBKDF2-SHA256, salt bound to project and
 * stack), otherwise a random per-stack key file `<stateDir>/stacks/<stack>.key` (mode 0600) created
 * on first use, with a `.gitignore` beside it (`*.key`) so the key is never committed next to the
 * ciphertext. The same key encrypts `secure:` values in Pulumi.<stack>.yaml.
 * Ciphertext layout is Pulumi's: `v1:<base64 nonce>:<base64 ciphertext+tag>`.
 */
import * as crypto from "crypto";
import * as fs from "fs";
import * as path from "path";
import type { Checkpoint, StateResource } from "./types";
import { isSecret, makeSecret, SECRET_SIG, SIG_KEY } from "./values";

export interface StackLocation {
    /** Program directory (holds Pulumi.yaml). */
    cwd: string;
    stack?: string;
    /** Default `<cwd>/.pulumi-driver`. */
    stateDir?: string;
}

export const DEFAULT_STACK = "dev";
const PBKDF2_ITERATIONS = 100_000;

export function stateDirFor(loc: StackLocation): string {
    return path.resolve(loc.stateDir ?? path.join(loc.cwd, ".pulumi-driver"));
}

export function statePathFor(loc: StackLocation): string {
    return path.join(stateDirFor(loc), "stacks", `${loc.stack ?? DEFAULT_STACK}.json`);
}

export function keyPathFor(loc: StackLocation): string {
    return path.join(stateDirFor(loc), "stacks", `${loc.stack ?? DEFAULT_STACK}.key`);
}

/** Encrypts and decrypts secret values for one stack. */
export class SecretsCipher {
    private constructor(
        private readonly key: Buffer,
        readonly mode: "passphrase" | "keyfile",
    ) {}

    /**
     * The stack's cipher. `passphrase` (usually PULUMI_CONFIG_PASSPHRASE) wins over the key file.
     * With `create` false and no key anywhere, returns undefined (nothing secret was ever stored).
     */
    static open(loc: StackLocation, project: string, passphrase: string | undefined, create = true): SecretsCipher | undefined {
        const stack = loc.stack ?? DEFAULT_STACK;
        if (passphrase !== undefined && passphrase !== "") {
            const salt = crypto.createHash("sha256").update(`pulumi-driver/${project}/${stack}`).digest();
            return new SecretsCipher(crypto.pbkdf2Sync(passphrase, salt, PBKDF2_ITERATIONS, 32, "sha256"), "passphrase");
        }
        const keyPath = keyPathFor(loc);
        if (fs.existsSync(keyPath)) {
            ensureKeyGitignore(keyPath);
            const key = Buffer.from(fs.readFileSync(keyPath, "utf8").trim(), "base64");
            if (key.length !== 32) throw new Error(`engine driver: stack key file ${keyPath} is corrupt (expected 32 bytes, base64)`);
            return new SecretsCipher(key, "keyfile");
        }
        if (!create) return undefined;
        const key = crypto.randomBytes(32);
        fs.mkdirSync(path.dirname(keyPath), { recursive: true });
        ensureKeyGitignore(keyPath);
        fs.writeFileSync(keyPath, key.toString("base64") + "\n", { mode: 0o600, flag: "wx" });
        return new SecretsCipher(key, "keyfile");
    }

    encrypt(plaintext: string): string {
        const nonce = crypto.randomBytes(12);
        const c = crypto.createCipheriv("aes-256-gcm", this.key, nonce);
        const body = Buffer.concat([c.update(plaintext, "utf8"), c.final(), c.getAuthTag()]);
        return `v1:${nonce.toString("base64")}:${body.toString("base64")}`;
    }

    decrypt(ciphertext: string): string {
        const [version, nonceB64, bodyB64] = ciphertext.split(":");
        if (version !== "v1" || !nonceB64 || !bodyB64) throw new Error("engine driver: malformed ciphertext (expected v1:<nonce>:<data>)");
        const body = Buffer.from(bodyB64, "base64");
        const d = crypto.createDecipheriv("aes-256-gcm", this.key, Buffer.from(nonceB64, "base64"));
        d.setAuthTag(body.subarray(body.length - 16));
        try {
            return Buffer.concat([d.update(body.subarray(0, body.length - 16)), d.final()]).toString("utf8");
        } catch {
            throw new Error(
                `engine driver: cannot decrypt a secret with the ${this.mode === "passphrase" ? "PULUMI_CONFIG_PASSPHRASE given" : "stack key file"}; ` +
                    `it was encrypted with a different key (passphrase changed or key file replaced)`,
            );
        }
    }

    /** Deep copy with every `{sig, value}` secret replaced by `{sig, ciphertext}`. */
    encryptValue(v: unknown): unknown {
        if (isSecret(v)) return { [SIG_KEY]: SECRET_SIG, ciphertext: this.encrypt(JSON.stringify(v.value ?? null)) };
        if (Array.isArray(v)) return v.map((x) => this.encryptValue(x));
        if (typeof v === "object" && v !== null) {
            const out: Record<string, unknown> = {};
            for (const [k, x] of Object.entries(v)) out[k] = this.encryptValue(x);
            return out;
        }
        return v;
    }

    /** Deep copy with every `{sig, ciphertext}` replaced by the in-memory secret `{sig, value}`. */
    decryptValue(v: unknown): unknown {
        if (isEncryptedSecret(v)) return makeSecret(JSON.parse(this.decrypt(v.ciphertext)));
        if (Array.isArray(v)) return v.map((x) => this.decryptValue(x));
        if (typeof v === "object" && v !== null) {
            const out: Record<string, unknown> = {};
            for (const [k, x] of Object.entries(v)) out[k] = this.decryptValue(x);
            return out;
        }
        return v;
    }
}

/** Something of the stack is encrypted, and neither its key file nor (for a passphrase stack) PULUMI_CONFIG_PASSPHRASE is there. */
export class MissingStackKeyError extends Error {
    constructor(
        readonly keyPath: string,
        encryptedIn: string[],
        mode?: unknown,
    ) {
        const what = `${encryptedIn.join(" and ")} hold${encryptedIn.length === 1 ? "s" : ""} secrets`;
        super(
            mode === "passphrase"
                ? `engine driver: ${what} encrypted with PULUMI_CONFIG_PASSPHRASE, which is not set: set it to the stack's passphrase.`
                : `engine driver: the stack key file ${keyPath} is missing, but ${what} encrypted with it (and PULUMI_CONFIG_PASSPHRASE is not set). ` +
                      `Restore the key file from a backup, or set PULUMI_CONFIG_PASSPHRASE if the stack was encrypted with a passphrase. ` +
                      `No new key was written: it could not decrypt them.`,
        );
        this.name = "MissingStackKeyError";
    }
}

/**
 * The stack's cipher, given the files that already hold its ciphertext (`encryptedIn`: the state
 * file, Pulumi.<stack>.yaml). With ciphertext somewhere and no key, throws MissingStackKeyError
 * instead of writing a new key file; with none, creates the key on first use. `mode`: the state's
 * `secrets_providers.state.mode`, for the message.
 */
export function stackCipher(loc: StackLocation, project: string, passphrase: string | undefined, encryptedIn: string[], mode?: unknown): SecretsCipher {
    const existing = SecretsCipher.open(loc, project, passphrase, false);
    if (existing) return existing;
    if (encryptedIn.length > 0) throw new MissingStackKeyError(keyPathFor(loc), encryptedIn, mode);
    return SecretsCipher.open(loc, project, passphrase, true)!;
}

/** Keeps stack key files out of git: the ciphertext (state, Pulumi.<stack>.yaml) may be committed, the key never. */
export const KEY_GITIGNORE = "# Stack key files decrypt this stack's secrets: never commit them.\n*.key\n";

/** Writes `.gitignore` (ignoring `*.key`) beside a key file unless one already ignores key files. */
export function ensureKeyGitignore(keyPath: string): void {
    const file = path.join(path.dirname(keyPath), ".gitignore");
    const current = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : undefined;
    if (current !== undefined && current.split(/\r?\n/).some((l) => l.trim() === "*.key")) return;
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, current === undefined ? KEY_GITIGNORE : current.replace(/\n?$/, "\n") + KEY_GITIGNORE);
}

export function isEncryptedSecret(v: unknown): v is { ciphertext: string } {
    return typeof v === "object" && v !== null && (v as any)[SIG_KEY] === SECRET_SIG && typeof (v as any).ciphertext === "string";
}

/** Whether any resource of the checkpoint holds an encrypted secret. */
export function checkpointHasSecrets(c: Checkpoint): boolean {
    const walk = (v: unknown): boolean => isEncryptedSecret(v) || (typeof v === "object" && v !== null && Object.values(v).some(walk));
    return c.deployment.resources.some((r) => walk(r.inputs) || walk(r.outputs));
}

export function emptyCheckpoint(): Checkpoint {
    return {
        version: 3,
        deployment: {
            manifest: { time: new Date().toISOString(), magic: "", version: "pulumi-driver" },
            secrets_providers: { type: "pulumi-driver", state: { cipher: "aes-256-gcm" } },
            resources: [],
        },
    };
}

/** The previous state, kept beside the state file on every write (as the CLI's file backend keeps `<stack>.json.bak`). */
export function backupPathFor(statePath: string): string {
    return `${statePath}.bak`;
}

/** A checkpoint's problem, or undefined when `text` is a version 3 checkpoint. */
function checkpointProblem(text: string): string | undefined {
    let parsed: any;
    try {
        parsed = JSON.parse(text);
    } catch (err: any) {
        return `is not valid JSON (${err?.message ?? err})`;
    }
    return parsed?.version === 3 && Array.isArray(parsed?.deployment?.resources) ? undefined : "is not a version 3 checkpoint";
}

/** The state file cannot be read as a checkpoint: names the file, and the backup of the previous state and how to restore it. */
export class CorruptStateError extends Error {
    constructor(
        readonly statePath: string,
        problem: string,
    ) {
        const backup = backupPathFor(statePath);
        let advice: string;
        if (!fs.existsSync(backup)) {
            advice = `There is no backup of the previous state (${backup}): restore the file from your own copy, or move it aside to start from an empty stack (its resources are then no longer managed).`;
        } else {
            const bad = checkpointProblem(fs.readFileSync(backup, "utf8"));
            const written = fs.statSync(backup).mtime.toISOString();
            advice = bad
                ? `The backup of the previous state, ${backup} (written ${written}), ${bad} either: restore the file from your own copy.`
                : `The previous state is kept beside it in ${backup} (written ${written}, ${JSON.parse(fs.readFileSync(backup, "utf8")).deployment.resources.length} resources); ` +
                  `if that is right, restore it: cp '${backup}' '${statePath}'`;
        }
        super(`engine driver: the state file ${statePath} ${problem}. ${advice}`);
        this.name = "CorruptStateError";
    }
}

/** Reads a checkpoint file as stored (secrets stay encrypted); an absent file is an empty stack. */
export function readCheckpoint(statePath: string): Checkpoint {
    if (!fs.existsSync(statePath)) return emptyCheckpoint();
    const text = fs.readFileSync(statePath, "utf8");
    const problem = checkpointProblem(text);
    if (problem) throw new CorruptStateError(statePath, problem);
    return JSON.parse(text) as Checkpoint;
}

/** Copies `from` to `to` atomically (temp file + rename). */
function copyAtomic(from: string, to: string): void {
    const tmp = `${to}.${process.pid}.${crypto.randomBytes(4).toString("hex")}.tmp`;
    fs.copyFileSync(from, tmp);
    fs.renameSync(tmp, to);
}

/**
 * Writes the checkpoint atomically: a crash leaves either the old or the new file, never half.
 * The file it replaces is kept as `<stack>.json.bak` first (the CLI's file backend does the same).
 */
export function writeCheckpointAtomic(statePath: string, checkpoint: Checkpoint): void {
    fs.mkdirSync(path.dirname(statePath), { recursive: true });
    const tmp = `${statePath}.${process.pid}.${crypto.randomBytes(4).toString("hex")}.tmp`;
    const fd = fs.openSync(tmp, "w", 0o600);
    try {
        fs.writeSync(fd, JSON.stringify(checkpoint, null, 4) + "\n");
        fs.fsyncSync(fd);
    } finally {
        fs.closeSync(fd);
    }
    if (fs.existsSync(statePath)) copyAtomic(statePath, backupPathFor(statePath));
    fs.renameSync(tmp, statePath);
}

/** Maps every resource's inputs/outputs through `f` (used to encrypt/decrypt a whole checkpoint). */
export function mapResourceValues(resources: StateResource[], f: (v: unknown) => unknown): StateResource[] {
    return resources.map((r) => ({ ...r, inputs: f(r.inputs) as any, outputs: f(r.outputs) as any }));
}

/**
 * Finds a resource in a checkpoint by its name (the last URN segment) and optionally its type
 * (`pulumi-nodejs:dynamic:Resource`, a component type, ...). Skips old copies pending deletion.
 */
export function findResource(checkpoint: Checkpoint, name: string, type?: string): StateResource | undefined {
    return checkpoint.deployment.resources.find((r) => !r.delete && urnName(r.urn) === name && (type === undefined || r.type === type));
}

/** All resources of a type (e.g. every `pulumi-nodejs:dynamic:Resource`). */
export function resourcesOfType(checkpoint: Checkpoint, type: string): StateResource[] {
    return checkpoint.deployment.resources.filter((r) => !r.delete && r.type === type);
}

export function urnName(urn: string): string {
    return urn.split("::").slice(3).join("::");
}

export function urnType(urn: string): string {
    const qualified = urn.split("::")[2] ?? "";
    const parts = qualified.split("$");
    return parts[parts.length - 1];
}
