/** Names and fixed values of Tencent Cloud API v3 (TC3-HMAC-SHA256) requests. */

export const TC3_ALGORITHM = "TC3-HMAC-SHA256";
/** Terminator of the credential scope and the last step of the signing-key derivation. */
export const TC3_REQUEST = "tc3_request";
/** Prefix of the secret key in the first HMAC of the signing-key derivation. */
export const TC3_KEY_PREFIX = "TC3";

export const HTTP_METHOD = "POST";
export const CANONICAL_URI = "/";
export const JSON_CONTENT_TYPE = "application/json";

/** Request headers, as sent. */
export const HEADER = {
    authorization: "Authorization",
    contentType: "Content-Type",
    host: "Host",
    action: "X-TC-Action",
    timestamp: "X-TC-Timestamp",
    version: "X-TC-Version",
    region: "X-TC-Region",
    token: "X-TC-Token",
    language: "X-TC-Language",
} as const;

/** Headers the signature may cover (lower case, as they appear in the canonical request). */
export type SignableHeader = "content-type" | "host" | "x-tc-action";

/** What the official SDKs sign: the smallest set the API accepts. */
export const DEFAULT_SIGNED_HEADERS: readonly SignableHeader[] = ["content-type", "host"];

/** Languages the API accepts in X-TC-Language. */
export const API_LANGUAGES = ["zh-CN", "en-US"] as const;
export type ApiLanguage = (typeof API_LANGUAGES)[number];
