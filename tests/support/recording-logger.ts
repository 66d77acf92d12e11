/** A logger for assertions and secret scans: it keeps every line, client debug lines included. */
import type { Logger } from "../../provider/tencentcloud/log";

export interface RecordingLogger extends Logger {
    /** Every line as `<level>: <message>`, in order. */
    lines: string[];
}

export function recordingLogger(): RecordingLogger {
    const lines: string[] = [];
    const push = (level: string) => (message: string) => {
        lines.push(`${level}: ${message}`);
    };
    return { lines, debug: push("debug"), info: push("info"), warn: push("warn"), error: push("error") };
}
