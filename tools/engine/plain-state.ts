/**
 * readPlainState: a stack's state with its secrets decrypted, for tests. Apart from state.ts
 * because it may read Pulumi.yaml (project.ts) for the project name the passphrase key is bound to.
 */
import { loadProject } from "./project";
import { isEncryptedSecret, mapResourceValues, readCheckpoint, SecretsCipher, statePathFor, type StackLocation } from "./state";
import type { Checkpoint } from "./types";

/**
 * Reads a stack's state with secrets decrypted to plain values (no wrappers) — for tests that
 * assert on what a resource holds. Use `readCheckpoint` to see what is on disk.
 */
export function readPlainState(loc: StackLocation & { passphrase?: string; project?: string }): Checkpoint {
    const checkpoint = readCheckpoint(statePathFor(loc));
    const project = loc.project ?? loadProject(loc.cwd).name;
    const cipher = SecretsCipher.open(loc, project, loc.passphrase ?? process.env.PULUMI_CONFIG_PASSPHRASE, false);
    const plain = (v: unknown): unknown => {
        if (isEncryptedSecret(v)) {
            if (!cipher) throw new Error("engine driver: the state holds secrets but the stack has no key file and no passphrase was given");
            return JSON.parse(cipher.decrypt(v.ciphertext));
        }
        if (Array.isArray(v)) return v.map(plain);
        if (typeof v === "object" && v !== null) {
            const out: Record<string, unknown> = {};
            for (const [k, x] of Object.entries(v)) out[k] = plain(x);
            return out;
        }
        return v;
    };
    return { ...checkpoint, deployment: { ...checkpoint.deployment, resources: mapResourceValues(checkpoint.deployment.resources, plain) } };
}
