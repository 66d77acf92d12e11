/** Where the client and resources write progress and debug lines. Never pass a secret to it. */
export interface Logger {
    debug(message: string): void;
    info(message: string): void;
    warn(message: string): void;
    error(message: string): void;
}

/** A logger that drops everything (the default outside Pulumi and in unit tests). */
export const silentLogger: Logger = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

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

const PEM_PRIVATE_KEY = /-----BEGIN ([A-Z0-9 ]*)PRIVATE KEY-----[\s\S]*?(-----END \1PRIVATE KEY-----|$)/g;
/** `"keyPassword": "..."`, `KeyPassword=...`, `secretKey: '...'` and the like, in JSON or prose. */
const SECRET_FIELD =
    /(["']?\b(?:keyPassword|KeyPassword|secretKey|SecretKey|securityToken|SecurityToken|privateKey|PrivateKey|Token|token)\b["']?\s*[:=]\s*)("(?:[^"\\]|\\.)*"|'[^']*'|[^\s,;}\]]+)/g;

/**
 * Masks what looks like a secret whatever its value: PEM private key blocks and the values of
 * password, secret key, token and private key fields. For the values known to be secret (the
 * credentials) see {@link redact}.
 */
export function redactSecretPatterns(text: string): string {
    return text
        .replace(PEM_PRIVATE_KEY, "[private key redacted]")
        .replace(SECRET_FIELD, (_m, key: string, value: string) => `${key}${value.startsWith('"') ? '"***"' : value.startsWith("'") ? "'***'" : "***"}`);
}

/**
 * The provider's outermost logger: masks secret-looking fields and PEM private keys, and every
 * value `secrets()` returns at the time of the call (the credentials in use, which change with
 * `configure`).
 */
export function secretScrubbingLogger(inner: Logger, secrets: () => readonly (string | undefined)[]): Logger {
    const scrub = (message: string) => redactSecretPatterns(redact(message, secrets()));
    return { debug: (m) => inner.debug(scrub(m)), info: (m) => inner.info(scrub(m)), warn: (m) => inner.warn(scrub(m)), error: (m) => inner.error(scrub(m)) };
}
