/** The emulator's answers to every action the provider uses, recorded by the same relay and recorder `--record` uses. */
import { DEMO_CREDENTIALS, startEmulator } from "../../../emulator";
import { AnswerRecorder, type FixtureFile } from "../../../tools/acceptance/recorder";
import { emulatorClient } from "../../support/emulator-client";
import { startEmulatorRelay } from "./emulator-relay";
import { probeEveryAction } from "./probe";

export async function recordEmulatorAnswers(): Promise<(FixtureFile & { file: string })[]> {
    const emulator = await startEmulator({ rateLimits: false, teoDeployDelayMs: 0, gaapApplyDelayMs: 0 });
    const recorder = new AnswerRecorder(() => [DEMO_CREDENTIALS.secretKey]);
    const relay = await startEmulatorRelay(emulator, recorder);
    try {
        await probeEveryAction(emulatorClient(emulator, { "tencentcloud:endpoint": relay.url }));
        return recorder.fixtures("the bundled emulator");
    } finally {
        await relay.close();
        await emulator.close();
    }
}
