/** The stack's cipher for a command, from what the stack already holds encrypted (state.ts stackCipher). */
import { stackConfigHasSecrets, stackConfigPath, type Project } from "./project";
import { checkpointHasSecrets, readCheckpoint, SecretsCipher, stackCipher, statePathFor, type StackLocation } from "./state";
import type { Checkpoint } from "./types";

/**
 * The stack's cipher; never a new key while the state file or Pulumi.<stack>.yaml holds ciphertext
 * (MissingStackKeyError names the key file and those files). `disk`: the state, when already read.
 */
export function openStackCipher(project: Project, loc: StackLocation, passphrase: string | undefined, disk?: Checkpoint): SecretsCipher {
    const statePath = statePathFor(loc);
    const state = disk ?? readCheckpoint(statePath);
    const stack = loc.stack!;
    const encryptedIn = [checkpointHasSecrets(state) ? statePath : "", stackConfigHasSecrets(project, stack) ? stackConfigPath(project, stack) : ""];
    return stackCipher(
        loc,
        project.name,
        passphrase,
        encryptedIn.filter((f) => f !== ""),
        state.deployment.secrets_providers?.state?.mode,
    );
}
