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
