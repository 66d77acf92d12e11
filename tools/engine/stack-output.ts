/**
 * `stack output [NAME] [--show-secrets]`, printed as the Pulumi CLI prints it
 * (pkg/cmd/pulumi/stack/stack_output.go, stack.go fprintStackOutputs and stringifyOutput):
 *
 *   Current stack outputs (2):
 *       OUTPUT   VALUE
 *       aSerial  OBJ-1
 *       nested   {"a":1,"b":[true]}
 *
 * A top-level string prints raw, anything else as one-line JSON. Without --show-secrets every
 * secret (nested ones too) is the string "[secret]", as with the CLI's blinding secrets provider.
 */
import { isEncryptedSecret, readCheckpoint, SecretsCipher, stackCipher, statePathFor, StackLocation } from "./state";
import { isSecret } from "./values";
import { REDACTED } from "./redact";

/** The stack's outputs from its state file, secrets either blinded or decrypted. */
export function readStackOutputs(loc: StackLocation, project: string, passphrase: string | undefined, showSecrets: boolean): Record<string, unknown> {
    const checkpoint = readCheckpoint(statePathFor(loc));
    const stack = checkpoint.deployment.resources.find((r) => r.type === "pulumi:pulumi:Stack" && !r.delete);
    let cipher: SecretsCipher | undefined;
    const reveal = (v: unknown): unknown => {
        if (isEncryptedSecret(v)) {
            if (!showSecrets) return REDACTED;
            cipher ??= stackCipher(loc, project, passphrase, [statePathFor(loc)], checkpoint.deployment.secrets_providers?.state?.mode);
            return reveal(JSON.parse(cipher.decrypt(v.ciphertext)));
        }
        if (isSecret(v)) return showSecrets ? reveal(v.value) : REDACTED;
        if (Array.isArray(v)) return v.map(reveal);
        if (typeof v === "object" && v !== null) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, reveal(x)]));
        return v;
    };
    return reveal(stack?.outputs ?? {}) as Record<string, unknown>;
}

export function stringifyOutput(v: unknown): string {
    return typeof v === "string" ? v : (JSON.stringify(v) ?? "null");
}

export function formatStackOutputs(outputs: Record<string, unknown>): string {
    const keys = Object.keys(outputs).sort();
    const lines = [`Current stack outputs (${keys.length}):`];
    if (keys.length === 0) return [...lines, "    No output values currently in this stack"].join("\n") + "\n";
    const rows = [["OUTPUT", "VALUE"], ...keys.map((k) => [k, stringifyOutput(outputs[k])])];
    const width = Math.max(...rows.map((r) => r[0].length));
    for (const [k, v] of rows) lines.push(`    ${k.padEnd(width)}  ${v}`);
    return lines.join("\n") + "\n";
}
