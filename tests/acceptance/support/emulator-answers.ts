/** The emulator's answers to every action the provider uses, recorded by the same relay and recorder `--record` uses. */
import { DEMO_CREDENTIALS, startEmulator } from "../../../emulator";
import { createClient } from "../../../provider/tencentcloud/client";
import { resolveSettings } from "../../../provider/tencentcloud/settings";
import { AnswerRecorder, type FixtureFile } from "../../../tools/acceptance/recorder";
import { startRecordingProxy } from "../../../tools/acceptance/recording-proxy";
import { probeEveryAction } from "./probe";

export async function recordEmulatorAnswers(): Promise<(FixtureFile & { file: string })[]> {
    const emulator = await startEmulator({ rateLimits: false, teoDeployDelayMs: 0, gaapApplyDelayMs: 0 });
    const recorder = new AnswerRecorder(() => [DEMO_CREDENTIALS.secretKey]);
    const host = new URL(emulator.url).host;
    const relay = await startRecordingProxy({ credentials: DEMO_CREDENTIALS, recorder, upstream: () => ({ origin: emulator.url, host }) });
    try {
        const config: Record<string, string> = {
            "tencentcloud:endpoint": relay.url,
            "tencentcloud:secretId": DEMO_CREDENTIALS.secretId,
            "tencentcloud:secretKey": DEMO_CREDENTIALS.secretKey,
        };
        await probeEveryAction(createClient(resolveSettings({ get: (k) => config[k] }, {})));
        return recorder.fixtures("the bundled emulator");
    } finally {
        await relay.close();
        await emulator.close();
    }
}
