/**
 * The credentials chain. First source with anything set wins, in this order:
 *   1. Pulumi config  tencentcloud:secretId / secretKey / securityToken
 *   2. environment    TENCENTCLOUD_SECRET_ID / _SECRET_KEY / _SESSION_TOKEN (alias _SECURITY_TOKEN)
 *   3. profile file   ~/.tencentcloud/credentials, profile from tencentcloud:profile /
 *                     TENCENTCLOUD_PROFILE (default `default`), keys secret_id / secret_key / token
 * A source that sets only half a pair is an error rather than a reason to fall through: mixing an
 * id from one place with a key from another signs with the wrong secret. Messages name settings,
 * never their values.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { CredentialsError } from "./errors";
import { parseIni } from "./ini";
import { fromConfig, fromEnv, readSetting, SettingValue, SETTINGS } from "./setting-names";
import type { ConfigSource, Environment } from "./types";

export type CredentialSourceKind = "config" | "environment" | "profile";

export interface Credentials {
    readonly secretId: string;
    readonly secretKey: string;
    /** Session token of temporary credentials, sent as X-TC-Token. */
    readonly token?: string;
    readonly source: CredentialSourceKind;
    /**
     * Where they came from, for messages (never the values): `Pulumi config tencentcloud:secretId /
     * tencentcloud:secretKey`, `environment variables TENCENTCLOUD_SECRET_ID / TENCENTCLOUD_SECRET_KEY`
     * or `profile 'ci' in /home/u/.tencentcloud/credentials`.
     */
    readonly origin: string;
    /** `region` from the profile, when the credentials came from one. */
    readonly profileRegion?: string;
}

export interface CredentialsLookup {
    config: ConfigSource;
    env: Environment;
    /** Home directory holding `.tencentcloud/credentials`; defaults to `os.homedir()`. */
    homeDir?: string;
}

const DEFAULT_PROFILE = "default";
const PROFILE_KEYS = { secretId: "secret_id", secretKey: "secret_key", token: "token", region: "region" } as const;

export function credentialsFilePath(homeDir: string): string {
    return path.join(homeDir, ".tencentcloud", "credentials");
}

const SET_HINT =
    "Set them with 'pulumi config set tencentcloud:secretId <id>' and 'pulumi config set --secret tencentcloud:secretKey <key>', " +
    "or the TENCENTCLOUD_SECRET_ID and TENCENTCLOUD_SECRET_KEY environment variables, or a [profile] with secret_id and secret_key in ~/.tencentcloud/credentials.";

function pair(
    where: string,
    id: SettingValue | undefined,
    key: SettingValue | undefined,
    token: SettingValue | undefined,
    names: { id: string; key: string },
): { secretId: string; secretKey: string; token?: string; names: string[] } | undefined {
    if (!id && !key) {
        if (token) {
            throw new CredentialsError(
                `${token.from} is set in ${where} but ${names.id} and ${names.key} are not: a session token only works together with the temporary SecretId and SecretKey it was issued with. Set both, or remove ${token.from}.`,
            );
        }
        return undefined;
    }
    if (!id || !key) {
        const missing = !id ? names.id : names.key;
        const present = !id ? key!.from : id!.from;
        throw new CredentialsError(`${present} is set in ${where} but ${missing} is not. Set both (or neither, to use the next source). ${SET_HINT}`);
    }
    return { secretId: id.value, secretKey: key.value, token: token?.value, names: [id.from, key.from, ...(token ? [token.from] : [])] };
}

function fromPulumiConfig(config: ConfigSource): Credentials | undefined {
    const found = pair("the Pulumi config", fromConfig(config, "secretId"), fromConfig(config, "secretKey"), fromConfig(config, "securityToken"), {
        id: SETTINGS.secretId.config,
        key: SETTINGS.secretKey.config,
    });
    return (
        found && {
            secretId: found.secretId,
            secretKey: found.secretKey,
            token: found.token,
            source: "config",
            origin: `Pulumi config ${found.names.join(" / ")}`,
        }
    );
}

function fromEnvironment(env: Environment): Credentials | undefined {
    const tokens = SETTINGS.securityToken.env.map((name) => ({ name, value: env[name]?.trim() })).filter((t) => t.value);
    if (tokens.length > 1 && tokens[0].value !== tokens[1].value) {
        throw new CredentialsError(
            `${tokens[0].name} and ${tokens[1].name} are both set and differ; they are aliases of one session token. Unset one of them.`,
        );
    }
    const found = pair("the environment", fromEnv(env, "secretId"), fromEnv(env, "secretKey"), fromEnv(env, "securityToken"), {
        id: SETTINGS.secretId.env[0],
        key: SETTINGS.secretKey.env[0],
    });
    return (
        found && {
            secretId: found.secretId,
            secretKey: found.secretKey,
            token: found.token,
            source: "environment",
            origin: `environment variables ${found.names.join(" / ")}`,
        }
    );
}

type ProfileOutcome = { credentials: Credentials } | { notFound: string };

function fromProfileFile(file: string, profile: string, explicit: SettingValue | undefined): ProfileOutcome {
    let text: string;
    try {
        text = fs.readFileSync(file, "utf8");
    } catch (err: any) {
        const reason = err?.code === "ENOENT" ? "file not found" : `cannot be read (${err?.code ?? "error"})`;
        if (explicit) {
            throw new CredentialsError(
                `${explicit.from} selects profile '${profile}', but ${file} ${reason}. Create it with a [${profile}] section holding secret_id and secret_key, or unset ${explicit.from}.`,
            );
        }
        return { notFound: reason };
    }
    const sections = parseIni(text);
    const section = sections.get(profile);
    if (!section) {
        const known = Array.from(sections.keys());
        const reason = `no [${profile}] profile (profiles there: ${known.length ? known.join(", ") : "none"})`;
        if (explicit) {
            throw new CredentialsError(`${explicit.from} selects profile '${profile}', but ${file} has ${reason}.`);
        }
        return { notFound: reason };
    }
    const origin = `profile '${profile}' in ${file}`;
    const id = section.get(PROFILE_KEYS.secretId)?.trim() || undefined;
    const key = section.get(PROFILE_KEYS.secretKey)?.trim() || undefined;
    if (!id || !key) {
        const missing = [!id && PROFILE_KEYS.secretId, !key && PROFILE_KEYS.secretKey].filter(Boolean).join(" and ");
        const other = explicit?.from === PROFILE_INPUT ? `change ${PROFILE_INPUT}` : "select another profile with TENCENTCLOUD_PROFILE";
        throw new CredentialsError(`${origin} has no ${missing}. Add ${missing} to the [${profile}] section, or ${other}.`);
    }
    const token = section.get(PROFILE_KEYS.token)?.trim() || undefined;
    const region = section.get(PROFILE_KEYS.region)?.trim() || undefined;
    return { credentials: { secretId: id, secretKey: key, token, source: "profile", origin, profileRegion: region } };
}

/** How messages name a resource's `profile` input. */
export const PROFILE_INPUT = "the resource input 'profile'";

/**
 * The credentials of one profile of the credentials file, for a resource's `profile` input: that
 * profile only, whatever the config or the environment set. Throws {@link CredentialsError}
 * naming the input, the file and the fix.
 */
export function resolveProfileCredentials(profile: string, homeDir?: string): Credentials {
    const file = credentialsFilePath(homeDir ?? os.homedir());
    const outcome = fromProfileFile(file, profile, { value: profile, from: PROFILE_INPUT });
    if (!("credentials" in outcome)) {
        throw new CredentialsError(`${PROFILE_INPUT} selects profile '${profile}', but ${file} has ${outcome.notFound}.`);
    }
    return outcome.credentials;
}

/** Walks the chain; throws {@link CredentialsError} naming every place it looked when nothing is found. */
export function resolveCredentials(lookup: CredentialsLookup): Credentials {
    const fromCfg = fromPulumiConfig(lookup.config);
    if (fromCfg) {
        return fromCfg;
    }
    const fromEnvVars = fromEnvironment(lookup.env);
    if (fromEnvVars) {
        return fromEnvVars;
    }
    const explicitProfile = readSetting(lookup.config, lookup.env, "profile");
    const profile = explicitProfile?.value ?? DEFAULT_PROFILE;
    const file = credentialsFilePath(lookup.homeDir ?? os.homedir());
    const outcome = fromProfileFile(file, profile, explicitProfile);
    if ("credentials" in outcome) {
        return outcome.credentials;
    }
    throw new CredentialsError(
        [
            "No Tencent Cloud credentials found. Looked in, in order:",
            `  1. Pulumi config ${SETTINGS.secretId.config} and ${SETTINGS.secretKey.config}: not set`,
            `  2. environment variables ${SETTINGS.secretId.env[0]} and ${SETTINGS.secretKey.env[0]}: not set`,
            `  3. profile '${profile}' in ${file}: ${outcome.notFound}`,
            SET_HINT,
        ].join("\n"),
    );
}

/** API codes meaning the credentials themselves were rejected (rather than lacking a permission). */
export const CREDENTIAL_REJECTION_CODES: readonly string[] = [
    "AuthFailure.SignatureFailure",
    "AuthFailure.SecretIdNotFound",
    "AuthFailure.InvalidSecretId",
    "AuthFailure.TokenFailure",
    "AuthFailure.InvalidAuthorization",
];

/** What to check after the API rejected the credentials: names where they came from, never a value. */
export function credentialRejectionAdvice(code: string, credentials: Pick<Credentials, "origin" | "token">): string {
    const from = credentials.origin;
    switch (code) {
        case "AuthFailure.SecretIdNotFound":
        case "AuthFailure.InvalidSecretId":
            return `The SecretId comes from ${from}; check that it is an existing, enabled API key of the account (and, against the emulator, one it knows).`;
        case "AuthFailure.TokenFailure":
            return credentials.token
                ? `The session token comes from ${from}; temporary credentials expire and only work with the SecretId and SecretKey they were issued with: get a fresh set.`
                : `No session token is set (credentials from ${from}), but this SecretId needs one: set ${SETTINGS.securityToken.config} or ${SETTINGS.securityToken.env[0]} together with the temporary SecretId and SecretKey.`;
        default:
            return `The SecretId and SecretKey come from ${from}; check that the SecretKey is the one issued with this SecretId (no stray spaces or line breaks).`;
    }
}
