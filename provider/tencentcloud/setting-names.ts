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

export const SETTINGS = {
    secretId: { config: "tencentcloud:secretId", env: ["TENCENTCLOUD_SECRET_ID"] },
    secretKey: { config: "tencentcloud:secretKey", env: ["TENCENTCLOUD_SECRET_KEY"] },
    securityToken: { config: "tencentcloud:securityToken", env: ["TENCENTCLOUD_SESSION_TOKEN", "TENCENTCLOUD_SECURITY_TOKEN"] },
    region: { config: "tencentcloud:region", env: ["TENCENTCLOUD_REGION"] },
    profile: { config: "tencentcloud:profile", env: ["TENCENTCLOUD_PROFILE"] },
    site: { config: "tencentcloud:site", env: ["TENCENTCLOUD_SITE"] },
    domain: { config: "tencentcloud:domain", env: ["TENCENTCLOUD_DOMAIN"] },
    endpoint: { config: "tencentcloud:endpoint", env: ["TENCENTCLOUD_ENDPOINT"] },
    language: { config: "tencentcloud:language", env: ["TENCENTCLOUD_LANGUAGE"] },
    rateLimits: { config: "tencentcloud:rateLimits", env: ["TENCENTCLOUD_RATE_LIMITS"] },
    maxInFlight: { config: "tencentcloud:maxInFlight", env: ["TENCENTCLOUD_MAX_IN_FLIGHT"] },
    requestTimeoutMs: { config: "tencentcloud:requestTimeoutMs", env: ["TENCENTCLOUD_REQUEST_TIMEOUT_MS"] },
    retryDeadlineMs: { config: "tencentcloud:retryDeadlineMs", env: ["TENCENTCLOUD_RETRY_DEADLINE_MS"] },
    maxAttempts: { config: "tencentcloud:maxAttempts", env: ["TENCENTCLOUD_MAX_ATTEMPTS"] },
    expiryWarningDays: { config: "tencentcloud:expiryWarningDays", env: ["TENCENTCLOUD_EXPIRY_WARNING_DAYS"] },
} as const satisfies Record<string, SettingName>;

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
