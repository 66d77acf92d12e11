/**
 * Raw API calls to the emulator: signed on the test side (tc3-reference.ts), posted with
 * node:http, the answer returned as parsed JSON with no client logic in between.
 */
import { request } from "node:http";
import { DEMO_CREDENTIALS } from "../../emulator";
import { sha256Hex, tc3Date, tc3Signature } from "./tc3-reference";

export interface SignInput {
    secretId: string;
    secretKey: string;
    service: string;
    host: string;
    action: string;
    version: string;
    timestamp: number;
    body: string;
    contentType?: string;
    region?: string;
    token?: string;
}

export function sign(i: SignInput): { headers: Record<string, string>; signature: string } {
    const contentType = i.contentType ?? "application/json";
    const date = tc3Date(i.timestamp);
    const canonical = `POST\n/\n\ncontent-type:${contentType}\nhost:${i.host}\n\ncontent-type;host\n${sha256Hex(i.body)}`;
    const scope = `${date}/${i.service}/tc3_request`;
    const signature = tc3Signature(i.secretKey, date, i.service, i.timestamp, canonical);
    const headers: Record<string, string> = {
        Authorization: `TC3-HMAC-SHA256 Credential=${i.secretId}/${scope}, SignedHeaders=content-type;host, Signature=${signature}`,
        "Content-Type": contentType,
        Host: i.host,
        "X-TC-Action": i.action,
        "X-TC-Version": i.version,
        "X-TC-Timestamp": String(i.timestamp),
    };
    if (i.region) headers["X-TC-Region"] = i.region;
    if (i.token) headers["X-TC-Token"] = i.token;
    return { headers, signature };
}

export interface RawResponse {
    status: number;
    headers: Record<string, string | string[] | undefined>;
    text: string;
    json: any;
}

/** Sends a POST / with exactly these headers and body. Rejects on socket errors (e.g. injected resets). */
export function post(url: string, headers: Record<string, string>, body: string | Buffer): Promise<RawResponse> {
    const u = new URL(url);
    return new Promise((resolve, reject) => {
        const req = request(
            { host: u.hostname, port: u.port, path: "/", method: "POST", headers: { ...headers, "Content-Length": Buffer.byteLength(body) }, agent: false },
            (res) => {
                const chunks: Buffer[] = [];
                res.on("data", (c: Buffer) => chunks.push(c));
                res.on("end", () => {
                    const text = Buffer.concat(chunks).toString("utf8");
                    let json: unknown;
                    try {
                        json = JSON.parse(text);
                    } catch {
                        json = undefined;
                    }
                    resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
                });
                res.on("error", reject);
            },
        );
        req.on("error", reject);
        req.end(body);
    });
}

const SERVICE_VERSIONS = { ssl: "2019-12-05", gaap: "2018-05-29", teo: "2022-09-01" } as const;

export interface CallOpts {
    version?: string;
    secretId?: string;
    secretKey?: string;
    token?: string;
    timestamp?: number;
    host?: string;
    /** Sent as X-TC-Region. */
    region?: string;
}

/** Signs and sends one API call with the test signer; returns Response (success or Error). */
export async function call(url: string, service: "ssl" | "gaap" | "teo", action: string, params: object, o: CallOpts = {}): Promise<any> {
    const body = JSON.stringify(params);
    const u = new URL(url);
    const { headers } = sign({
        secretId: o.secretId ?? DEMO_CREDENTIALS.secretId,
        secretKey: o.secretKey ?? DEMO_CREDENTIALS.secretKey,
        service,
        host: o.host ?? u.host,
        action,
        version: o.version ?? SERVICE_VERSIONS[service],
        timestamp: o.timestamp ?? Math.floor(Date.now() / 1000),
        body,
        token: o.token,
        region: o.region,
    });
    const res = await post(url, headers, body);
    if (res.status !== 200) throw new Error(`HTTP ${res.status}: ${res.text}`);
    return res.json.Response;
}

/** Error code of a Response, or "OK". */
export const codeOf = (r: any): string => r?.Error?.Code ?? "OK";

/** Calls the emulator's admin HTTP API (POST /_emulator/<method>, JSON body); returns the status and the parsed answer. */
export async function adminPost(url: string, method: string, body: object = {}): Promise<{ status: number; json: any }> {
    const res = await fetch(`${url}/_emulator/${method}`, { method: "POST", body: JSON.stringify(body), headers: { "Content-Type": "application/json" } });
    return { status: res.status, json: await res.json() };
}
