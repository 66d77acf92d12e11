/**
 * Test-side TC3-HMAC-SHA256, written from Tencent's documented algorithm with node:crypto
 * (independent of both the emulator's verifier and the provider's signer). Used to sign raw
 * requests to the emulator and to check what the client sent to a loopback server.
 */
import { createHash, createHmac } from "node:crypto";

export const sha256Hex = (data: string | Buffer): string => createHash("sha256").update(data).digest("hex");

const hmac = (key: string | Buffer, data: string): Buffer => createHmac("sha256", key).update(data).digest();

/** The UTC date (YYYY-MM-DD) of a request timestamp in seconds: the date of the credential scope. */
export const tc3Date = (timestamp: number): string => new Date(timestamp * 1000).toISOString().slice(0, 10);

/** The hex signature of a canonical request, signed on `date` for `service` with `secretKey`. */
export function tc3Signature(secretKey: string, date: string, service: string, timestamp: number, canonicalRequest: string): string {
    const scope = `${date}/${service}/tc3_request`;
    const stringToSign = ["TC3-HMAC-SHA256", String(timestamp), scope, sha256Hex(canonicalRequest)].join("\n");
    const signingKey = hmac(hmac(hmac(`TC3${secretKey}`, date), service), "tc3_request");
    return createHmac("sha256", signingKey).update(stringToSign).digest("hex");
}
