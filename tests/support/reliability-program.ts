/** Runs tests/programs/reliability-all through the engine driver against the emulator. */
import * as path from "node:path";
import { DEMO_CREDENTIALS, type Emulator, type EmulatorCredential } from "../../emulator";
import { runPulumi, type ConfigValue, type RunOptions, type RunResult } from "../../tools/engine";
import { REPO } from "./paths";

export const RELIABILITY_PROGRAM = path.join(REPO, "tests/programs/reliability-all");

export interface DriverOptions extends Partial<RunOptions> {
    emulator: Emulator;
    stateDir: string;
    credential?: EmulatorCredential;
    /** Program and provider config (`reliability-all:key` or `tencentcloud:key`), merged over the credentials. */
    config?: Record<string, ConfigValue>;
}

/**
 * `pulumi <op>` of a program through the real program runner and dynamic-provider host. The
 * credentials go in as stack config (the secret key and token as secrets), as a user sets them.
 */
export function drive(op: RunOptions["op"], options: DriverOptions): Promise<RunResult> {
    const { emulator, credential = DEMO_CREDENTIALS, config = {}, ...rest } = options;
    return runPulumi({
        cwd: RELIABILITY_PROGRAM,
        op,
        verbose: true,
        ...rest,
        env: { TENCENTCLOUD_RATE_LIMITS: "ssl=500,gaap=500,teo=500", ...(rest.env ?? {}) },
        config: {
            "tencentcloud:endpoint": emulator.url,
            "tencentcloud:secretId": credential.secretId,
            "tencentcloud:secretKey": { secret: credential.secretKey },
            ...(credential.token ? { "tencentcloud:securityToken": { secret: credential.token } } : {}),
            "reliability-all:waitTimeoutSeconds": "60",
            ...config,
        },
    });
}
