/** Where the client and resources write progress and debug lines. Never pass a secret to it. */
export interface Logger {
    debug(message: string): void;
    info(message: string): void;
    warn(message: string): void;
    error(message: string): void;
}

/** A logger that drops everything (the default outside Pulumi and in unit tests). */
export const silentLogger: Logger = {
    debug: () => undefined,
    info: () => undefined,
    warn: () => undefined,
    error: () => undefined,
};

export type LogLevel = keyof Logger;
const LEVEL_ORDER: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3 };

/** Writes lines at or above `minLevel` to a stream (stderr by default), prefixed with the level. */
export function streamLogger(minLevel: LogLevel, write: (line: string) => void = (line) => process.stderr.write(line)): Logger {
    const at = (level: LogLevel) => (message: string) => {
        if (LEVEL_ORDER[level] >= LEVEL_ORDER[minLevel]) {
            write(`${level}: pulumi-tencent-certs: ${message}\n`);
        }
    };
    return { debug: at("debug"), info: at("info"), warn: at("warn"), error: at("error") };
}

/**
 * The one secret redactor: replaces each occurrence of the given secret values (4 characters or
 * longer) with `***`. Used for log lines and error messages alike.
 */
export function redact(text: string, secrets: readonly (string | undefined)[]): string {
    return secrets.filter((s): s is string => !!s && s.length >= 4).reduce((t, secret) => t.split(secret).join("***"), text);
}

/**
 * Wraps a logger so the given secret values never reach it, whatever a caller passes. A last
 * line of defence; callers must still not log secrets.
 */
export function redactingLogger(inner: Logger, secrets: readonly (string | undefined)[]): Logger {
    if (!secrets.some((s) => !!s && s.length >= 4)) {
        return inner;
    }
    return {
        debug: (m) => inner.debug(redact(m, secrets)),
        info: (m) => inner.info(redact(m, secrets)),
        warn: (m) => inner.warn(redact(m, secrets)),
        error: (m) => inner.error(redact(m, secrets)),
    };
}
