/**
 * The project's real client, its settings, and a provider host's environment, all pointed at the
 * emulator with a credential it knows (its demo credentials unless a test names another).
 */
import { DEMO_CREDENTIALS, type Emulator, type EmulatorCredential } from "../../emulator";
import { mulberry32 } from "../../emulator/prng";
import { createClient, type TencentCloudClient } from "../../provider/tencentcloud/client";
import type { Logger } from "../../provider/tencentcloud/log";
import { resolveSettings, type ClientSettings } from "../../provider/tencentcloud/settings";
import type { TencentCloudApi } from "../../provider/tencentcloud/types";
import { configOf } from "./config-source";

/** Provider config (`tencentcloud:*` keys) naming the emulator and the credential, as a user writes it. */
function emulatorConfig(emulator: Emulator, credential: EmulatorCredential = DEMO_CREDENTIALS): Record<string, string> {
    return {
        "tencentcloud:endpoint": emulator.url,
        "tencentcloud:secretId": credential.secretId,
        "tencentcloud:secretKey": credential.secretKey,
        ...(credential.token ? { "tencentcloud:securityToken": credential.token } : {}),
    };
}

/** The project's real client, pointed at the emulator with its demo credentials (plus `extra` settings). */
export function emulatorClient(emulator: Emulator, extra: Record<string, string> = {}): TencentCloudApi {
    return createClient(resolveSettings(configOf({ ...emulatorConfig(emulator), ...extra }), {}));
}

/** Environment that points a provider host (or a program run) at the emulator with its demo credentials. */
export function emulatorEnv(emulator: Emulator, extra: Record<string, string | undefined> = {}): Record<string, string> {
    const env: Record<string, string> = {
        TENCENTCLOUD_ENDPOINT: emulator.url,
        TENCENTCLOUD_SECRET_ID: DEMO_CREDENTIALS.secretId,
        TENCENTCLOUD_SECRET_KEY: DEMO_CREDENTIALS.secretKey,
    };
    for (const [key, value] of Object.entries(extra)) {
        if (value !== undefined) {
            env[key] = value;
        }
    }
    return env;
}

export interface TestClientOptions {
    credential?: EmulatorCredential;
    /** Extra `tencentcloud:*` config (e.g. requestTimeoutMs). */
    config?: Record<string, string>;
    logger?: Logger;
    /** Seed of the backoff jitter, so retries are reproducible. */
    jitterSeed?: number;
}

/** Settings as a user would write them (config keys), resolved by the provider's own code. */
function testSettings(emulator: Emulator, options: TestClientOptions = {}): ClientSettings {
    const config: Record<string, string> = {
        ...emulatorConfig(emulator, options.credential),
        // The emulator runs without its own rate limits in most cells; do not wait for Tencent's.
        "tencentcloud:rateLimits": "ssl=500,gaap=500,teo=500",
        ...(options.config ?? {}),
    };
    return resolveSettings(configOf(config), {});
}

/**
 * The provider's real client against the emulator, for the reliability tests. Only the backoff
 * base is shortened (20 ms instead of 250 ms, cap 400 ms) so a matrix of hundreds of retries stays
 * fast; what is retried and when is the production policy.
 */
export function testClient(emulator: Emulator, options: TestClientOptions = {}): TencentCloudClient {
    const settings = testSettings(emulator, options);
    const fast: ClientSettings = { ...settings, timeouts: { ...settings.timeouts, baseDelayMs: 20, maxDelayMs: 400 } };
    return createClient(fast, { logger: options.logger, random: mulberry32(options.jitterSeed ?? 7) });
}
