/**
 * `npm run emulator -- --port 9000 [--secret-id ID --secret-key KEY]... [--credential ID:KEY[:UIN]]...
 *   [--token ID=TOKEN] [--state file.json] [--seed file.json] [--account-seed UIN=file.json]...
 *   [--no-rate-limit] [--rate-limit-shape fixed-window|sliding-window|token-bucket] [--teo-deploy-delay MS] [--gaap-apply-delay MS]`
 * Binds 127.0.0.1 only; prints the URL and a ready line; stops on SIGINT/SIGTERM.
 */
import { readFileSync } from "node:fs";
import { DEFAULT_OWNER_UIN } from "./accounts";
import { DEFAULT_RATE_LIMIT_SHAPE, isRateLimitShape, RATE_LIMIT_SHAPES } from "./rate-limit";
import { startEmulator } from "./server";
import { DEMO_CREDENTIALS } from "./seed";
import type { EmulatorCredential, EmulatorOptions, EmulatorSeed, RateLimitShape } from "./types";

export class UsageError extends Error {
    override name = "UsageError";
}

const USAGE = `usage: emulator [--port N] [--secret-id ID --secret-key KEY]... [--credential ID:KEY[:UIN]]...
                [--token ID=TOKEN]... [--state file.json] [--seed file.json] [--account-seed UIN=file.json]...
                [--no-rate-limit] [--rate-limit-shape fixed-window|sliding-window|token-bucket]
                [--teo-deploy-delay MS] [--gaap-apply-delay MS]`;

/** `ID:KEY` or `ID:KEY:UIN` (UIN: the account, digits; the key is everything between). */
function parseCredential(v: string): EmulatorCredential {
    const first = v.indexOf(":");
    if (first <= 0) throw new UsageError("--credential takes ID:KEY or ID:KEY:UIN, got no `:` after the SecretId");
    const secretId = v.slice(0, first);
    const rest = v.slice(first + 1);
    const uin = /:(\d+)$/.exec(rest);
    const credential: EmulatorCredential = { secretId, secretKey: uin ? rest.slice(0, uin.index) : rest };
    if (uin) credential.ownerUin = uin[1];
    if (credential.secretKey === "") throw new UsageError(`--credential ${secretId}:...: the SecretKey is empty (ID:KEY or ID:KEY:UIN)`);
    return credential;
}

function parseShape(v: string): RateLimitShape {
    if (!isRateLimitShape(v)) throw new UsageError(`--rate-limit-shape takes one of ${RATE_LIMIT_SHAPES.join(", ")}, got \`${v}\``);
    return v;
}

function readSeed(flag: string, path: string): EmulatorSeed {
    try {
        return JSON.parse(readFileSync(path, "utf8")) as EmulatorSeed;
    } catch (e) {
        throw new UsageError(`${flag} ${path}: ${e instanceof Error ? e.message : String(e)}`);
    }
}

export function parseArgs(argv: string[]): EmulatorOptions {
    const options: EmulatorOptions = { port: 9000 };
    const ids: string[] = [];
    const keys: string[] = [];
    const tokens = new Map<string, string>();
    const full: EmulatorCredential[] = [];
    const value = (i: number, flag: string): string => {
        const v = argv[i + 1];
        if (v === undefined || v.startsWith("--")) throw new UsageError(`${flag} needs a value\n${USAGE}`);
        return v;
    };
    const int = (i: number, flag: string): number => {
        const v = value(i, flag);
        if (!/^\d+$/.test(v)) throw new UsageError(`${flag} must be a non-negative integer, got \`${v}\``);
        return Number(v);
    };
    for (let i = 0; i < argv.length; i++) {
        const a = argv[i];
        switch (a) {
            case "--port":
                options.port = int(i++, a);
                if (options.port > 65535) throw new UsageError("--port must be at most 65535");
                break;
            case "--secret-id":
                ids.push(value(i++, a));
                break;
            case "--secret-key":
                keys.push(value(i++, a));
                break;
            case "--credential":
                full.push(parseCredential(value(i++, a)));
                break;
            case "--token": {
                const v = value(i++, a);
                const eq = v.indexOf("=");
                if (eq <= 0) throw new UsageError(`--token takes ID=TOKEN, got \`${v}\``);
                tokens.set(v.slice(0, eq), v.slice(eq + 1));
                break;
            }
            case "--state":
                options.statePath = value(i++, a);
                break;
            case "--seed":
                options.seed = readSeed(a, value(i++, a));
                break;
            case "--account-seed": {
                const v = value(i++, a);
                const eq = v.indexOf("=");
                if (eq <= 0 || !/^\d+$/.test(v.slice(0, eq)))
                    throw new UsageError(`--account-seed takes UIN=file.json (UIN: the account's digits), got \`${v}\``);
                options.accountSeeds = { ...options.accountSeeds, [v.slice(0, eq)]: readSeed(a, v.slice(eq + 1)) };
                break;
            }
            case "--no-rate-limit":
                options.rateLimits = false;
                break;
            case "--rate-limit-shape":
                options.rateLimitShape = parseShape(value(i++, a));
                break;
            case "--teo-deploy-delay":
                options.teoDeployDelayMs = int(i++, a);
                break;
            case "--gaap-apply-delay":
                options.gaapApplyDelayMs = int(i++, a);
                break;
            case "--help":
            case "-h":
                throw new UsageError(USAGE);
            default:
                throw new UsageError(`unknown argument \`${a}\`\n${USAGE}`);
        }
    }
    options.credentials = credentialsFrom(ids, keys, full, tokens);
    return options;
}

/** `--secret-id/--secret-key` pairs, then `--credential`s (or the demo credentials), with their `--token`s. */
function credentialsFrom(ids: string[], keys: string[], full: EmulatorCredential[], tokens: Map<string, string>): EmulatorCredential[] {
    if (ids.length !== keys.length) throw new UsageError(`every --secret-id needs a --secret-key (got ${ids.length} ids, ${keys.length} keys)`);
    const given: EmulatorCredential[] = [...ids.map((secretId, i) => ({ secretId, secretKey: keys[i] })), ...full];
    const creds: EmulatorCredential[] = given.length ? given : [{ ...DEMO_CREDENTIALS }];
    for (const [id, token] of tokens) {
        const c = creds.find((x) => x.secretId === id);
        if (!c) throw new UsageError(`--token ${id}=...: no credential with SecretId ${id}`);
        c.token = token;
    }
    return creds;
}

async function main(): Promise<void> {
    let options: EmulatorOptions;
    try {
        options = parseArgs(process.argv.slice(2));
    } catch (e) {
        process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
        process.exit(2);
    }
    const emulator = await startEmulator(options);
    const creds = options.credentials ?? [];
    process.stdout.write(`Tencent Cloud emulator listening on ${emulator.url}\n`);
    process.stdout.write(`  services: ssl 2019-12-05, gaap 2018-05-29, teo 2022-01-06 + 2022-09-01 (service from the credential scope)\n`);
    process.stdout.write(
        `  SecretIds: ${creds.map((c) => `${c.secretId} (account ${c.ownerUin ?? DEFAULT_OWNER_UIN}${c.token ? ", token required" : ""})`).join(", ")}\n`,
    );
    if (creds.some((c) => c.secretId === DEMO_CREDENTIALS.secretId)) process.stdout.write(`  demo SecretKey: ${DEMO_CREDENTIALS.secretKey} (emulator only)\n`);
    const limits = options.rateLimits === false ? "off" : `per account and action, ${options.rateLimitShape ?? DEFAULT_RATE_LIMIT_SHAPE}`;
    process.stdout.write(`  rate limits: ${limits}\n`);
    process.stdout.write(`  admin: ${emulator.url}/_emulator/state | log | counters${options.statePath ? `; state file ${options.statePath}` : ""}\n`);
    process.stdout.write(`ready ${emulator.url}\n`);
    const stop = (): void => {
        void emulator.close().then(() => process.exit(0));
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
}

if (require.main === module) {
    main().catch((e) => {
        process.stderr.write(`emulator failed to start: ${e instanceof Error ? e.message : String(e)}\n`);
        process.exit(1);
    });
}
