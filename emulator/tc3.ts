/**
 * TC3-HMAC-SHA256 verification, written against node:crypto only (independent of the provider's
 * signer). Pure functions: the caller passes headers, body and the secret key.
 */
import { createHash, createHmac, timingSafeEqual } from "node:crypto";

export const TC3_ALGORITHM = "TC3-HMAC-SHA256";

export interface ParsedAuthorization {
    secretId: string;
    date: string;
    service: string;
    signedHeaders: string[];
    signature: string;
}

/** Parses `TC3-HMAC-SHA256 Credential=ID/DATE/SERVICE/tc3_request, SignedHeaders=a;b, Signature=hex`; undefined if malformed. */
export function parseAuthorization(header: string | undefined): ParsedAuthorization | undefined {
    if (!header) return undefined;
    const match = /^TC3-HMAC-SHA256\s+Credential=([^,\s]+)\s*,\s*SignedHeaders=([^,\s]+)\s*,\s*Signature=([0-9a-f]{64})\s*$/.exec(header);
    if (!match) return undefined;
    const scope = match[1].split("/");
    if (scope.length !== 4 || scope[3] !== "tc3_request" || !scope[0]) return undefined;
    const signedHeaders = match[2].split(";");
    if (signedHeaders.some((h) => h === "" || h !== h.toLowerCase())) return undefined;
    return { secretId: scope[0], date: scope[1], service: scope[2], signedHeaders, signature: match[3] };
}

const sha256Hex = (data: string | Buffer): string => createHash("sha256").update(data).digest("hex");
const hmac = (key: string | Buffer, data: string): Buffer => createHmac("sha256", key).update(data, "utf8").digest();

/** UTC date (YYYY-MM-DD) of a Unix timestamp in seconds, as the credential scope must carry. */
export function scopeDate(timestampSeconds: number): string {
    return new Date(timestampSeconds * 1000).toISOString().slice(0, 10);
}

/** Expected signature for a POST / request whose headers are given lower-cased. */
export function computeSignature(args: {
    secretKey: string;
    headers: Record<string, string>;
    signedHeaders: string[];
    body: Buffer;
    timestamp: string;
    date: string;
    service: string;
    method?: string;
    canonicalUri?: string;
    canonicalQuery?: string;
}): string {
    const canonicalHeaders = args.signedHeaders.map((h) => `${h}:${(args.headers[h] ?? "").trim().toLowerCase()}\n`).join("");
    const canonicalRequest = [
        args.method ?? "POST",
        args.canonicalUri ?? "/",
        args.canonicalQuery ?? "",
        canonicalHeaders,
        args.signedHeaders.join(";"),
        sha256Hex(args.body),
    ].join("\n");
    const scope = `${args.date}/${args.service}/tc3_request`;
    const stringToSign = [TC3_ALGORITHM, args.timestamp, scope, sha256Hex(canonicalRequest)].join("\n");
    const kDate = hmac(`TC3${args.secretKey}`, args.date);
    const kService = hmac(kDate, args.service);
    const kSigning = hmac(kService, "tc3_request");
    return createHmac("sha256", kSigning).update(stringToSign, "utf8").digest("hex");
}

/** Constant-time comparison of two hex signatures. */
export function signaturesEqual(a: string, b: string): boolean {
    const x = Buffer.from(a, "utf8");
    const y = Buffer.from(b, "utf8");
    return x.length === y.length && timingSafeEqual(x, y);
}
