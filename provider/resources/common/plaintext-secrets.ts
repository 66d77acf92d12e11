/**
 * Credentials stored in plaintext in the stack config: `pulumi config set tencentcloud:secretKey …`
 * without `--secret` writes the key unencrypted into Pulumi.<stack>.yaml. The provider host cannot
 * tell (the dynamic-provider host's Configure strips the secret markers: cmd/dynamic-provider
 * `unwrapRpcSecret`), but the program's process can: Pulumi hands it the names of the secret config
 * keys. So the package warns there, once per program run, when a resource or lookup is created.
 */
import * as pulumi from "@pulumi/pulumi";
import { SETTINGS } from "../../tencentcloud/setting-names";

/** The settings that hold credentials and belong encrypted. */
const SECRET_SETTINGS = [SETTINGS.secretKey.config, SETTINGS.securityToken.config] as const;

/** The credential settings that are set but not secret, given the config and which keys are secret. */
export function plaintextSecretSettings(get: (key: string) => string | undefined, isSecret: (key: string) => boolean): string[] {
    return SECRET_SETTINGS.filter((key) => (get(key) ?? "") !== "" && !isSecret(key));
}

export function plaintextSecretWarning(key: string, stack: string): string {
    return (
        `${key} is stored in plaintext in the stack's config (Pulumi.${stack}.yaml): anyone who can read that file can use it. ` +
        `Store it encrypted: pulumi config set --secret ${key} <value> (with the engine driver: npm run pulumi -- config set --secret ${key} <value>)`
    );
}

/** Whether the program's config marks `key` secret (PULUMI_CONFIG_SECRET_KEYS, as the runtime reads it). */
function isConfigSecret(key: string): boolean {
    const runtime = pulumi.runtime as unknown as { isConfigSecret?: (k: string) => boolean };
    if (typeof runtime.isConfigSecret === "function") {
        return runtime.isConfigSecret(key);
    }
    try {
        return (JSON.parse(process.env.PULUMI_CONFIG_SECRET_KEYS ?? "[]") as unknown[]).includes(key);
    } catch {
        return false;
    }
}

let checked = false;

/** Warns (once per process) through the engine about credentials set in plaintext; nothing outside a Pulumi program. */
export function warnAboutPlaintextSecretConfig(): void {
    if (checked || !pulumi.runtime.hasEngine()) {
        return;
    }
    checked = true;
    for (const key of plaintextSecretSettings((k) => pulumi.runtime.getConfig(k), isConfigSecret)) {
        void pulumi.log.warn(plaintextSecretWarning(key, pulumi.getStack())).catch(() => undefined);
    }
}
