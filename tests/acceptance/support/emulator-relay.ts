/** The recording relay (tools/acceptance/recording-proxy.ts) in front of the bundled emulator. */
import { DEMO_CREDENTIALS, type Emulator } from "../../../emulator";
import type { AnswerRecorder } from "../../../tools/acceptance/recorder";
import { startRecordingProxy, type RecordingProxy, type Upstream } from "../../../tools/acceptance/recording-proxy";

/** Where the relay forwards every service's calls: the emulator, under the emulator's own host. */
export function emulatorUpstream(emulator: Emulator): () => Upstream {
    const host = new URL(emulator.url).host;
    return () => ({ origin: emulator.url, host });
}

/** A relay that accepts calls signed with the emulator's demo credentials and records the emulator's answers into `recorder`. */
export function startEmulatorRelay(emulator: Emulator, recorder: AnswerRecorder): Promise<RecordingProxy> {
    return startRecordingProxy({ credentials: DEMO_CREDENTIALS, recorder, upstream: emulatorUpstream(emulator) });
}
