/**
 * Who signed an API request, checked in the server's order: timestamp, its window, SecretId,
 * credential scope date, signed headers, signature, token. Each failure is the API's error.
 */
import type { IncomingMessage } from "node:http";
import { ApiError, missing } from "./errors";
import { requestHeader } from "./http";
import { computeSignature, scopeDate, signaturesEqual, type ParsedAuthorization } from "./tc3";
import type { EmulatorCredential } from "./types";

const SIGNATURE_WINDOW_S = 300;

/** X-TC-Timestamp, refused when missing, malformed or more than five minutes from `nowMs`. */
function checkTimestamp(req: IncomingMessage, nowMs: number): string {
    const timestamp = requestHeader(req, "x-tc-timestamp");
    if (!timestamp || !/^\d{1,12}$/.test(timestamp)) throw missing("X-TC-Timestamp");
    const seconds = Number(timestamp);
    if (Math.abs(nowMs / 1000 - seconds) > SIGNATURE_WINDOW_S) {
        throw new ApiError(
            "AuthFailure.SignatureExpire",
            `Signature expired: the timestamp ${seconds} is more than ${SIGNATURE_WINDOW_S} seconds away from the server time ${Math.floor(nowMs / 1000)}.`,
        );
    }
    return timestamp;
}

function checkScope(auth: ParsedAuthorization, timestamp: string): void {
    const date = scopeDate(Number(timestamp));
    if (auth.date !== date) {
        throw new ApiError("AuthFailure.SignatureFailure", `The credential scope date ${auth.date} does not match the UTC date of X-TC-Timestamp (${date}).`);
    }
    if (!auth.signedHeaders.includes("content-type") || !auth.signedHeaders.includes("host")) {
        throw new ApiError("AuthFailure.SignatureFailure", "SignedHeaders must include content-type and host.");
    }
}

function checkSignature(req: IncomingMessage, body: Buffer, auth: ParsedAuthorization, secretKey: string, timestamp: string): void {
    const lowerHeaders: Record<string, string> = {};
    // Node lower-cases req.headers' names already.
    for (const name of Object.keys(req.headers)) {
        const value = requestHeader(req, name);
        if (value !== undefined) lowerHeaders[name] = value;
    }
    const expected = computeSignature({
        secretKey,
        headers: lowerHeaders,
        signedHeaders: auth.signedHeaders,
        body,
        timestamp,
        date: auth.date,
        service: auth.service,
    });
    if (!signaturesEqual(expected, auth.signature)) {
        throw new ApiError("AuthFailure.SignatureFailure", "The provided credentials could not be validated. Please check your signature is correct.");
    }
}

/** The credential that signed the request, or the API's AuthFailure error. */
export function authenticate(
    req: IncomingMessage,
    body: Buffer,
    auth: ParsedAuthorization,
    credentials: readonly EmulatorCredential[],
    nowMs: number,
): EmulatorCredential {
    const timestamp = checkTimestamp(req, nowMs);
    const credential = credentials.find((c) => c.secretId === auth.secretId);
    if (!credential) throw new ApiError("AuthFailure.SecretIdNotFound", "The SecretId is not found, please ensure that your SecretId is correct.");
    checkScope(auth, timestamp);
    checkSignature(req, body, auth, credential.secretKey, timestamp);
    if ((credential.token ?? "") !== (requestHeader(req, "x-tc-token") ?? "")) {
        throw new ApiError("AuthFailure.TokenFailure", "The token is invalid or does not belong to this SecretId.");
    }
    return credential;
}
