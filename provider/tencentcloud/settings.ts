/**
 * Everything the client needs, resolved once from Pulumi config and the environment and
 * validated before any call: credentials, region, endpoints, rate limits, timeouts.
 */
import { API_LANGUAGES, ApiLanguage } from "./constants";
import { Credentials, resolveCredentials, resolveProfileCredentials } from "./credentials";
import { parseSite, resolveEndpoints, EndpointTable, SERVICES } from "./endpoints";
import { ConfigError } from "./errors";
import { DEFAULT_RATE_LIMITS, RateLimits } from "./rate-limiter";
import { DEFAULT_RETRY_POLICY, RetryPolicy } from "./retry";
import { readSetting, SettingKey, SettingValue } from "./setting-names";
import type { ClientScope, ConfigSource, Environment, ServiceName, SiteSetting } from "./types";
import { REGION_NAME } from "./regions";

export interface ClientSettings {
    credentials: Credentials;
    /** Sent as X-TC-Region when set; the three services here are global, so usually unset. */
    region?: string;
    /** Sent as X-TC-Language when set. */
    language?: ApiLanguage;
    endpoints: EndpointTable;
    /**
     * The `site` setting (absent: not set). Besides the hosts it names the account's site: an action
     * that site does not offer is refused before it is sent (sites.ts), even with `endpoint` set.
     */
    site?: SiteSetting;
    limits: RateLimits;
    /** Retry policy including the per-attempt timeout and the total deadline. */
    timeouts: RetryPolicy;
    /** Largest response body accepted, in bytes. */
    maxResponseBytes: number;
}

export interface ResolveSettingsOptions {
    /** Home directory for `~/.tencentcloud/credentials` (tests pass a temporary one). */
    homeDir?: string;
    /**
     * A resource's account and region: with `profile`, the credentials come from that profile of
     * the credentials file only (config and environment credentials do not apply) and the region
     * is `region`, else the profile's, else tencentcloud:region; without, `region` overrides the
     * region settings. Every other setting is the stack's.
     */
    scope?: ClientScope;
}

/** 5 MiB: the largest real answers here (a page of 100 CSRs with PEM content) are a few hundred KiB. */
const DEFAULT_MAX_RESPONSE_BYTES = 5 * 1024 * 1024;

function positiveInteger(setting: SettingValue, what: string, max: number): number {
    const n = Number(setting.value);
    if (!/^\d+$/.test(setting.value) || !Number.isSafeInteger(n) || n < 1 || n > max) {
        throw new ConfigError(setting.from, `${setting.from} is '${setting.value}'; it must be a whole number of ${what} between 1 and ${max}.`);
    }
    return n;
}

function optionalInteger(config: ConfigSource, env: Environment, key: SettingKey, what: string, max: number, fallback: number): number {
    const setting = readSetting(config, env, key);
    return setting ? positiveInteger(setting, what, max) : fallback;
}

const MAX_RATE = 10_000;

/** `ssl=10,gaap=20,teo.ModifyHostsCertificate=5`: per service or `service.Action`. */
function parseRateLimits(setting: SettingValue | undefined, base: RateLimits): Pick<RateLimits, "perSecond" | "perAction"> {
    const perSecond: Record<ServiceName, number> = { ...base.perSecond };
    const perAction: Record<string, number> = { ...base.perAction };
    if (!setting) {
        return { perSecond, perAction };
    }
    for (const entry of setting.value
        .split(",")
        .map((e) => e.trim())
        .filter(Boolean)) {
        const match = /^([a-z]+)(?:\.([A-Za-z0-9]+))?\s*=\s*(.+)$/.exec(entry);
        const service = match?.[1] as ServiceName | undefined;
        if (!match || !service || !SERVICES.includes(service)) {
            throw new ConfigError(
                setting.from,
                `${setting.from} has '${entry}'; write comma-separated entries 'service=N' or 'service.Action=N' with service one of ${SERVICES.join(", ")}, e.g. 'ssl=10,teo.ModifyHostsCertificate=5'.`,
            );
        }
        const rate = positiveInteger({ value: match[3].trim(), from: `${setting.from} (${entry})` }, "requests per second", MAX_RATE);
        if (match[2]) {
            perAction[`${service}.${match[2]}`] = rate;
        } else {
            perSecond[service] = rate;
        }
    }
    return { perSecond, perAction };
}

/** `16` (every service) or `ssl=16,gaap=32`. */
function parseMaxInFlight(setting: SettingValue | undefined, base: RateLimits["maxInFlight"]): Record<ServiceName, number> {
    const result: Record<ServiceName, number> = { ...base };
    if (!setting) {
        return result;
    }
    if (/^\d+$/.test(setting.value)) {
        const n = positiveInteger(setting, "requests", MAX_RATE);
        for (const service of SERVICES) {
            result[service] = n;
        }
        return result;
    }
    for (const entry of setting.value
        .split(",")
        .map((e) => e.trim())
        .filter(Boolean)) {
        const match = /^([a-z]+)\s*=\s*(.+)$/.exec(entry);
        const service = match?.[1] as ServiceName | undefined;
        if (!match || !service || !SERVICES.includes(service)) {
            throw new ConfigError(
                setting.from,
                `${setting.from} has '${entry}'; write one number for every service, or 'service=N' entries such as 'ssl=16,gaap=32'.`,
            );
        }
        result[service] = positiveInteger({ value: match[2].trim(), from: `${setting.from} (${entry})` }, "requests", MAX_RATE);
    }
    return result;
}

function parseRegion(setting: SettingValue | undefined): string | undefined {
    if (setting && !REGION_NAME.test(setting.value)) {
        throw new ConfigError(
            setting.from,
            `${setting.from} is '${setting.value}', which is not a region name; use one such as ap-guangzhou or ap-singapore, or leave it unset.`,
        );
    }
    return setting?.value;
}

function parseLanguage(setting: SettingValue | undefined): ApiLanguage | undefined {
    if (!setting) {
        return undefined;
    }
    const match = API_LANGUAGES.find((l) => l.toLowerCase() === setting.value.toLowerCase());
    if (!match) {
        throw new ConfigError(setting.from, `${setting.from} is '${setting.value}'; use ${API_LANGUAGES.join(" or ")}.`);
    }
    return match;
}

/** Days before a certificate's expiry from which the resources warn about it; 0 turns warnings off. */
export const DEFAULT_EXPIRY_WARNING_DAYS = 30;
const MAX_EXPIRY_WARNING_DAYS = 3650;

/**
 * `tencentcloud:expiryWarningDays` / TENCENTCLOUD_EXPIRY_WARNING_DAYS: not a client setting (the
 * resources use it), resolved separately so a change of it never rebuilds the client. Throws
 * ConfigError naming the setting and the fix.
 */
export function resolveExpiryWarningDays(config: ConfigSource, env: Environment): number {
    const setting = readSetting(config, env, "expiryWarningDays");
    if (!setting) {
        return DEFAULT_EXPIRY_WARNING_DAYS;
    }
    const n = Number(setting.value);
    if (!/^\d+$/.test(setting.value) || !Number.isSafeInteger(n) || n > MAX_EXPIRY_WARNING_DAYS) {
        throw new ConfigError(
            setting.from,
            `${setting.from} is '${setting.value}'; it must be a whole number of days between 0 and ${MAX_EXPIRY_WARNING_DAYS} ` +
                `(warn when a bound certificate expires within that many days; 0 turns expiry warnings off; default ${DEFAULT_EXPIRY_WARNING_DAYS}), ` +
                `e.g. \`pulumi config set tencentcloud:expiryWarningDays 14\`.`,
        );
    }
    return n;
}

/**
 * `tencentcloud:previewChecks` / TENCENTCLOUD_PREVIEW_CHECKS: whether check verifies what the inputs
 * refer to (credentials, listeners, domains, zones, hosts, certificates) with signed read calls.
 * Default true; `false` for previews without network access. Not a client setting (the resources'
 * check uses it), resolved separately like expiryWarningDays. Throws ConfigError naming the fix.
 */
export function resolvePreviewChecks(config: ConfigSource, env: Environment): boolean {
    const setting = readSetting(config, env, "previewChecks");
    if (!setting) {
        return true;
    }
    const value = setting.value.toLowerCase();
    if (value !== "true" && value !== "false") {
        throw new ConfigError(
            setting.from,
            `${setting.from} is '${setting.value}'; use true (default: preview verifies credentials, listeners, zones, hosts and certificates with read calls) ` +
                `or false (no calls at preview, e.g. offline), e.g. \`pulumi config set tencentcloud:previewChecks false\`.`,
        );
    }
    return value === "true";
}

/** Resolves and validates every setting; throws ConfigError / CredentialsError naming the setting and the fix. */
export function resolveSettings(config: ConfigSource, env: Environment, options: ResolveSettingsOptions = {}): ClientSettings {
    const read = (key: SettingKey) => readSetting(config, env, key);
    // Endpoints and limits first: a typo there is reported even when credentials are missing.
    const endpoints = resolveEndpoints({ site: read("site"), domain: read("domain"), endpoint: read("endpoint") });
    const site = parseSite(read("site"));
    const rates = parseRateLimits(read("rateLimits"), DEFAULT_RATE_LIMITS);
    const limits: RateLimits = { ...rates, maxInFlight: parseMaxInFlight(read("maxInFlight"), DEFAULT_RATE_LIMITS.maxInFlight) };
    const attemptTimeoutMs = optionalInteger(config, env, "requestTimeoutMs", "milliseconds", 3_600_000, DEFAULT_RETRY_POLICY.attemptTimeoutMs);
    const deadlineMs = optionalInteger(config, env, "retryDeadlineMs", "milliseconds", 24 * 3_600_000, DEFAULT_RETRY_POLICY.deadlineMs);
    const maxAttempts = optionalInteger(config, env, "maxAttempts", "attempts", 100, DEFAULT_RETRY_POLICY.maxAttempts);
    const language = parseLanguage(read("language"));
    const regionSetting = parseRegion(read("region"));
    const scope = options.scope ?? {};
    const credentials = scope.profile
        ? resolveProfileCredentials(scope.profile, options.homeDir)
        : resolveCredentials({ config, env, homeDir: options.homeDir });
    const region = scope.profile ? (scope.region ?? credentials.profileRegion ?? regionSetting) : (scope.region ?? regionSetting ?? credentials.profileRegion);
    return {
        credentials,
        region,
        language,
        endpoints,
        ...(site ? { site } : {}),
        limits,
        timeouts: { ...DEFAULT_RETRY_POLICY, attemptTimeoutMs, deadlineMs, maxAttempts },
        maxResponseBytes: DEFAULT_MAX_RESPONSE_BYTES,
    };
}
