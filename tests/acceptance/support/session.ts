/**
 * One acceptance run: the target (the bundled emulator, or Tencent Cloud with TENCENTCLOUD_ACCEPTANCE=1),
 * the suite's own API client, the recording relay (always against the emulator, with `--record`
 * against the cloud), and `run()`, which drives tests/programs/acceptance through the engine driver
 * (Pulumi's program runner and dynamic-provider host) with one stack per lifecycle.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { DEMO_CREDENTIALS, startEmulator, type Emulator } from "../../../emulator";
import { createClient } from "../../../provider/tencentcloud/client";
import { resolveSettings, type ClientSettings } from "../../../provider/tencentcloud/settings";
import type { ConfigSource, ServiceName, TencentCloudApi } from "../../../provider/tencentcloud/types";
import { runPulumi, type ConfigValue, type RunOptions, type RunResult } from "../../../tools/engine";
import type { WaitSettings } from "../../../tools/acceptance/bindings";
import { ACCEPTANCE_ENV, acceptanceMode, acceptanceStateDir, type AcceptanceMode } from "../../../tools/acceptance/config";
import { AnswerRecorder } from "../../../tools/acceptance/recorder";
import { startRecordingProxy, type ProxyCredentials, type RecordingProxy } from "../../../tools/acceptance/recording-proxy";
import { newRunId } from "../../../tools/acceptance/run-tag";
import { configOf } from "../../support/config-source";
import { emulatorClient } from "../../support/emulator-client";
import { REPO } from "../../support/paths";
import { emulatorUpstream } from "./emulator-relay";

export const ACCEPTANCE_PROGRAM = path.join(REPO, "tests/programs/acceptance");

type Environment = Record<string, string | undefined>;

/** Variables that would point the provider elsewhere than the emulator in emulator mode. */
const HERMETIC_ENV: Environment = Object.fromEntries(
    [
        "TENCENTCLOUD_ENDPOINT",
        "TENCENTCLOUD_SECRET_ID",
        "TENCENTCLOUD_SECRET_KEY",
        "TENCENTCLOUD_SESSION_TOKEN",
        "TENCENTCLOUD_SECURITY_TOKEN",
        "TENCENTCLOUD_PROFILE",
        "TENCENTCLOUD_REGION",
        "TENCENTCLOUD_SITE",
        "TENCENTCLOUD_DOMAIN",
        "PULUMI_CONFIG_PASSPHRASE",
    ].map((k) => [k, undefined]),
);

export interface AcceptanceSession {
    mode: AcceptanceMode;
    runId: string;
    /** The suite's own client (through the recording relay when recording). */
    api: TencentCloudApi;
    /** Present in emulator mode. */
    emulator?: Emulator;
    /** Present when answers are recorded (always in emulator mode). */
    recorder?: AnswerRecorder;
    /** Where the recording is written: `--record DIR`, else (emulator mode) a temporary folder. */
    recordDir?: string;
    /** Binding records (`<stateDir>/records`, what `npm run sweep` reads) and the stacks' state (`<stateDir>/runs/<runId>`). */
    stateDir: string;
    /** The credentials' secret values (secret key, token), which no output or recording may hold. */
    secrets: string[];
    /** Polls of the suite's own waits (drift, restore). */
    wait: WaitSettings;
    /** waitTimeoutSeconds of the bindings: created with the first, updated to the second. */
    bindingWaitSeconds: [number, number];
    /** Mocha timeout for one lifecycle. */
    lifecycleTimeoutMs: number;
    /** `pulumi <op>` of the acceptance program on the stack `stack`, with `acceptance:<key>` config. */
    run(stack: string, op: RunOptions["op"], config: Record<string, ConfigValue>): Promise<RunResult>;
    /** Stops the emulator and relay; in cloud mode keeps the stacks' state only when `keepStacks` (a lifecycle failed). */
    close(keepStacks?: boolean): Promise<void>;
}

const noConfig: ConfigSource = { get: () => undefined };

interface Wiring {
    /** Provider config naming where calls go and with which credentials. */
    providerConfig: Record<string, ConfigValue>;
    env: Environment;
    api: TencentCloudApi;
    credentials: ProxyCredentials;
    upstream(service: ServiceName): { origin: string; host: string };
}

function emulatorWiring(emulator: Emulator, entry: string): Wiring {
    const credentials = { secretId: DEMO_CREDENTIALS.secretId, secretKey: DEMO_CREDENTIALS.secretKey };
    return {
        providerConfig: {
            "tencentcloud:endpoint": entry,
            "tencentcloud:secretId": credentials.secretId,
            "tencentcloud:secretKey": { secret: credentials.secretKey },
        },
        env: HERMETIC_ENV,
        api: emulatorClient(emulator, { "tencentcloud:endpoint": entry }),
        credentials,
        upstream: emulatorUpstream(emulator),
    };
}

/** Cloud mode: the provider's own settings from the environment (and ~/.tencentcloud), the relay in between when recording. */
function cloudWiring(env: Environment, relayUrl: string | undefined): Wiring {
    const direct: ClientSettings = resolveSettings(noConfig, env);
    const endpoint: Record<string, string> = relayUrl ? { "tencentcloud:endpoint": relayUrl } : {};
    return {
        providerConfig: endpoint,
        env: {},
        api: createClient(relayUrl ? resolveSettings(configOf(endpoint), env) : direct),
        credentials: { secretId: direct.credentials.secretId, secretKey: direct.credentials.secretKey, token: direct.credentials.token },
        upstream: (service) => ({ origin: direct.endpoints[service].origin, host: direct.endpoints[service].host }),
    };
}

/** A relay that learns its upstream once the wiring is known (the wiring needs the relay's URL first). */
async function startRelay(recorder: AnswerRecorder, wiring: () => Wiring): Promise<RecordingProxy> {
    return startRecordingProxy({
        recorder,
        get credentials() {
            return wiring().credentials;
        },
        upstream: (service) => wiring().upstream(service),
    });
}

function recordDirFor(mode: AcceptanceMode, env: Environment): string | undefined {
    const dir = env[ACCEPTANCE_ENV.record]?.trim();
    if (dir) return path.resolve(dir);
    return mode === "emulator" ? fs.mkdtempSync(path.join(os.tmpdir(), "acceptance-recording-")) : undefined;
}

export async function openSession(env: Environment = process.env): Promise<AcceptanceSession> {
    const mode = acceptanceMode(env);
    const runId = newRunId();
    const recordDir = recordDirFor(mode, env);
    const emulator = mode === "emulator" ? await startEmulator({ teoDeployDelayMs: 400, gaapApplyDelayMs: 300 }) : undefined;
    let wiring: Wiring | undefined;
    const recorder = recordDir ? new AnswerRecorder(() => [wiring?.credentials.secretKey, wiring?.credentials.token]) : undefined;
    const relay = recorder ? await startRelay(recorder, () => wiring!) : undefined;
    wiring = emulator ? emulatorWiring(emulator, relay?.url ?? emulator.url) : cloudWiring(env, relay?.url);
    const stateDir = emulator ? fs.mkdtempSync(path.join(os.tmpdir(), "acceptance-state-")) : acceptanceStateDir(env);
    const stacksDir = path.join(stateDir, "runs", runId);
    const { providerConfig, env: runEnv, api } = wiring;
    return {
        mode,
        runId,
        api,
        emulator,
        recorder,
        recordDir,
        stateDir,
        secrets: [wiring.credentials.secretKey, wiring.credentials.token].filter((v): v is string => !!v),
        wait: emulator ? { timeoutMs: 60_000, intervalMs: 100 } : { timeoutMs: 30 * 60_000, intervalMs: 3_000 },
        bindingWaitSeconds: emulator ? [60, 90] : [1800, 1900],
        lifecycleTimeoutMs: emulator ? 180_000 : 3 * 3600_000,
        run: (stack, op, config) =>
            runPulumi({
                cwd: ACCEPTANCE_PROGRAM,
                op,
                stack,
                stateDir: stacksDir,
                env: runEnv,
                config: { ...providerConfig, ...Object.fromEntries(Object.entries(config).map(([k, v]) => [`acceptance:${k}`, v])) },
            }),
        async close(keepStacks = false) {
            await relay?.close();
            await emulator?.close();
            // The temporary recording of emulator mode (a --record folder is the user's).
            if (recordDir && !env[ACCEPTANCE_ENV.record]) fs.rmSync(recordDir, { recursive: true, force: true });
            if (emulator) fs.rmSync(stateDir, { recursive: true, force: true });
            else if (!keepStacks) fs.rmSync(stacksDir, { recursive: true, force: true });
        },
    };
}
