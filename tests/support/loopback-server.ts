import { strict as assert } from "node:assert";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import { TencentCloudError } from "../../provider/tencentcloud/errors";
import { sha256Hex, tc3Date, tc3Signature } from "./tc3-reference";

export interface ReceivedRequest {
    method: string;
    url: string;
    headers: http.IncomingHttpHeaders;
    body: Buffer;
}

export type Script = (req: ReceivedRequest, res: http.ServerResponse) => void;

/** A node:http server on 127.0.0.1:0 that answers each request with the next scripted step (the last repeats). */
export async function startLoopbackServer(
    steps: Script[],
): Promise<{ url: string; port: number; requests: ReceivedRequest[]; connections: () => number; setSteps(s: Script[]): void; close(): Promise<void> }> {
    let script = steps;
    const requests: ReceivedRequest[] = [];
    let connectionCount = 0;
    const sockets = new Set<import("node:net").Socket>();
    const server = http.createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on("data", (c) => chunks.push(c));
        req.on("end", () => {
            const received = { method: req.method ?? "", url: req.url ?? "", headers: req.headers, body: Buffer.concat(chunks) };
            requests.push(received);
            const step = script[Math.min(requests.length - 1, script.length - 1)];
            step(received, res);
        });
    });
    server.on("connection", (socket) => {
        connectionCount++;
        sockets.add(socket);
        socket.on("close", () => sockets.delete(socket));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const port = (server.address() as AddressInfo).port;
    return {
        url: `http://127.0.0.1:${port}`,
        port,
        requests,
        connections: () => connectionCount,
        setSteps: (s) => (script = s),
        close: () =>
            new Promise<void>((resolve) => {
                sockets.forEach((s) => s.destroy());
                server.close(() => resolve());
            }),
    };
}

export const json =
    (status: number, body: unknown, headers: Record<string, string> = {}): Script =>
    (_req, res) => {
        res.writeHead(status, { "content-type": "application/json", ...headers });
        res.end(typeof body === "string" ? body : JSON.stringify(body));
    };

export const ok = (fields: Record<string, unknown> = {}, requestId = "req-ok"): Script => json(200, { Response: { ...fields, RequestId: requestId } });

export const apiError = (code: string, message: string, requestId = "req-err", headers: Record<string, string> = {}): Script =>
    json(200, { Response: { Error: { Code: code, Message: message }, RequestId: requestId } }, headers);

/** Closes the connection after the request arrived, without answering. */
export const reset: Script = (_req, res) => res.socket?.destroy();

/**
 * Recomputes the TC3 signature of a received request (tc3-reference.ts), from nothing but what
 * arrived (headers and body) and the secret key. Returns the parts for assertions.
 */
export function verifyTc3(request: ReceivedRequest, secretKey: string): { valid: boolean; secretId: string; service: string; signedHeaders: string } {
    const auth = String(request.headers["authorization"] ?? "");
    const match =
        /^TC3-HMAC-SHA256 Credential=([^/]+)\/(\d{4}-\d{2}-\d{2})\/([a-z0-9]+)\/tc3_request, SignedHeaders=([a-z0-9;-]+), Signature=([0-9a-f]{64})$/.exec(auth);
    if (!match) {
        return { valid: false, secretId: "", service: "", signedHeaders: "" };
    }
    const [, secretId, date, service, signedHeaders, signature] = match;
    const timestamp = Number(request.headers["x-tc-timestamp"]);
    const expectedDate = tc3Date(timestamp);
    const canonicalHeaders = signedHeaders
        .split(";")
        .map((name) => {
            const value = String(request.headers[name] ?? "");
            return `${name}:${name === "x-tc-action" ? value.toLowerCase() : value}\n`;
        })
        .join("");
    const canonical = ["POST", "/", "", canonicalHeaders, signedHeaders, sha256Hex(request.body)].join("\n");
    const expected = tc3Signature(secretKey, date, service, timestamp, canonical);
    return { valid: expected === signature && date === expectedDate && request.method === "POST" && request.url === "/", secretId, service, signedHeaders };
}

/** Runs a call expected to fail with a TencentCloudError and returns the error. */
export async function failure(promise: Promise<unknown>): Promise<TencentCloudError> {
    try {
        await promise;
    } catch (err) {
        assert.ok(err instanceof TencentCloudError, `expected TencentCloudError, got ${err}`);
        return err;
    }
    assert.fail("the call succeeded");
}
