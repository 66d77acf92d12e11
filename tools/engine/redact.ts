/**
 * Keeps secret values out of what the driver prints (stdout, stderr, diagnostics), `-v` included.
 *
 * Two layers:
 * - `hideSdkPayloads`: the Node SDK logs whole RPC payloads at debug level ("RegisterResource RPC
 *   finished: …; err: …, resp: <the resource's outputs, secrets in plaintext>"; with
 *   PULUMI_EXCESSIVE_DEBUG_OUTPUT also "RPC prepared: …, obj=<inputs>"). Those payloads are cut.
 * - `SecretRedactor`: every plaintext value the driver has seen marked secret (secret config, secret
 *   inputs and outputs crossing the monitor) is replaced by [secret] in any printed line.
 */
import { isSecret } from "./values";

export const REDACTED = "[secret]";
const PAYLOAD_HIDDEN = "[payload hidden by the engine driver]";
/** Shorter secrets are not searched for: replacing "r1" or "true" everywhere would garble the output. */
const MIN_SECRET_LENGTH = 4;
/** Lines of a multi-line secret (a PEM key) are redacted on their own too, in case a log re-wraps the value. */
const MIN_SECRET_LINE_LENGTH = 16;

const SDK_RESPONSE = /^((?:RegisterResource|ReadResource|RegisterResourceOutputs|getResource Invoke|Invoke|Call) RPC finished: [\s\S]*?resp: )[\s\S]*$/;
const SDK_REQUEST = /^([A-Za-z ]+ RPC prepared: [\s\S]*?), (obj|outputs|args)=[\s\S]*$/;

/** Cuts the RPC payloads out of the SDK's own debug messages; other messages are returned as they are. */
export function hideSdkPayloads(message: string): string {
    if (SDK_RESPONSE.test(message)) return message.replace(SDK_RESPONSE, `$1${PAYLOAD_HIDDEN}`);
    if (SDK_REQUEST.test(message)) return message.replace(SDK_REQUEST, `$1, $2=${PAYLOAD_HIDDEN}`);
    return message;
}

/** Values at least this long are found through an index of their first PREFIX characters. */
const PREFIX = 8;

export class SecretRedactor {
    /** First PREFIX chars → the long values starting with them (longest first). */
    private readonly byPrefix = new Map<string, string[]>();
    /** Values shorter than PREFIX: few, searched for directly. */
    private readonly short = new Set<string>();
    private count = 0;

    /** Remembers a plaintext secret value. */
    add(value: string): void {
        const candidates = [
            value,
            ...value
                .split(/\r?\n/)
                .map((l) => l.trim())
                .filter((l) => l.length >= MIN_SECRET_LINE_LENGTH),
        ];
        for (const c of candidates) {
            if (c.length < MIN_SECRET_LENGTH) continue;
            if (c.length < PREFIX) {
                if (!this.short.has(c)) (this.short.add(c), this.count++);
                continue;
            }
            const key = c.slice(0, PREFIX);
            const list = this.byPrefix.get(key) ?? [];
            if (!list.includes(c)) {
                list.push(c);
                list.sort((a, b) => b.length - a.length);
                this.byPrefix.set(key, list);
                this.count++;
            }
        }
    }

    /** Remembers every string inside a secret wrapper anywhere in `v` (a property map off the wire). */
    collect(v: unknown, insideSecret = false): void {
        if (isSecret(v)) return this.collect(v.value, true);
        if (typeof v === "string") {
            if (insideSecret) this.add(v);
        } else if (Array.isArray(v)) {
            v.forEach((x) => this.collect(x, insideSecret));
        } else if (typeof v === "object" && v !== null) {
            Object.values(v).forEach((x) => this.collect(x, insideSecret));
        }
    }

    /** `text` with every known secret value replaced by [secret] (the longest match at each position). */
    redact(text: string): string {
        if (this.count === 0) return text;
        let out = "";
        let i = 0;
        let copiedTo = 0;
        while (i <= text.length - MIN_SECRET_LENGTH) {
            const match =
                this.byPrefix.get(text.slice(i, i + PREFIX))?.find((v) => text.startsWith(v, i)) ??
                (this.short.size > 0 ? [...this.short].filter((v) => text.startsWith(v, i)).sort((a, b) => b.length - a.length)[0] : undefined);
            if (match) {
                out += text.slice(copiedTo, i) + REDACTED;
                i += match.length;
                copiedTo = i;
            } else {
                i++;
            }
        }
        return copiedTo === 0 ? text : out + text.slice(copiedTo);
    }
}
