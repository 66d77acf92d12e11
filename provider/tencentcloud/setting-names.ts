/**
 * Every provider setting: its Pulumi config key and environment variable(s). Config wins over
 * the environment. The one table errors and documentation name settings from.
 */
import type { ConfigSource, Environment } from "./types";

export interface SettingName {
    /** Pulumi config key, e.g. `tencentcloud:secretId`. */
    readonly config: string;
    /** Environment variables, first one set wins. */
    readonly env: readonly string[];
}

const SETTING_KEYS = [
    ...["secretId", "secretKey", "securityToken", "region", "profile"],
    ...["site", "domain", "endpoint", "language"],
    ...["rateLimits", "maxInFlight", "requestTimeoutMs", "retryDeadlineMs", "maxAttempts"],
    "expiryWarningDays",
    "previewChecks",
] as const;

type Key = (typeof SETTING_KEYS)[number];

/** `requestTimeoutMs` → `TENCENTCLOUD_REQUEST_TIMEOUT_MS`: the variable every setting has. */
function envVariableOf(key: string): string {
    return `TENCENTCLOUD_${key.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}`;
}

/** Where a setting's variables differ from the derived one: Tencent's SDKs call the token SESSION_TOKEN. */
const ENV_EXCEPTIONS: Partial<Record<Key, readonly string[]>> = { securityToken: ["TENCENTCLOUD_SESSION_TOKEN", "TENCENTCLOUD_SECURITY_TOKEN"] };

/**
 * Every setting: config key `tencentcloud:<key>`, environment variable `TENCENTCLOUD_<KEY>` (upper
 * snake case; e.g. `maxInFlight` → `TENCENTCLOUD_MAX_IN_FLIGHT`) unless ENV_EXCEPTIONS says otherwise.
 */
export const SETTINGS = Object.fromEntries(
    SETTING_KEYS.map((key) => [key, { config: `tencentcloud:${key}`, env: ENV_EXCEPTIONS[key] ?? [envVariableOf(key)] }]),
) as Record<Key, SettingName>;

export type SettingKey = keyof typeof SETTINGS;

/** A setting's value and the exact key or variable it came from (for error messages). */
export interface SettingValue {
    value: string;
    from: string;
}

/** Blank is unset. Typed config values (numbers, booleans from YAML) arrive as their text. */
function nonEmpty(value: unknown): string | undefined {
    if (value === undefined || value === null) {
        return undefined;
    }
    const text = typeof value === "string" ? value : typeof value === "object" ? JSON.stringify(value) : String(value);
    return text.trim() === "" ? undefined : text.trim();
}

export function fromConfig(config: ConfigSource, key: SettingKey): SettingValue | undefined {
    const name = SETTINGS[key].config;
    const value = nonEmpty(config.get(name));
    return value === undefined ? undefined : { value, from: name };
}

export function fromEnv(env: Environment, key: SettingKey): SettingValue | undefined {
    for (const name of SETTINGS[key].env) {
        const value = nonEmpty(env[name]);
        if (value !== undefined) {
            return { value, from: name };
        }
    }
    return undefined;
}

/** Config first, then the environment. */
export function readSetting(config: ConfigSource, env: Environment, key: SettingKey): SettingValue | undefined {
    return fromConfig(config, key) ?? fromEnv(env, key);
}
