/** The HTTP plumbing both the API and the admin API use: bounded body reads, headers, answers. */
import type { IncomingMessage, ServerResponse } from "node:http";

/** The body, or "too-large" once it passes `max` bytes (the rest is read and dropped). */
export function readBody(req: IncomingMessage, max: number): Promise<Buffer | "too-large"> {
    return new Promise((resolve, reject) => {
        const chunks: Buffer[] = [];
        let size = 0;
        let tooLarge = false;
        req.on("data", (c: Buffer) => {
            size += c.length;
            if (size > max) tooLarge = true;
            else chunks.push(c);
        });
        req.on("end", () => resolve(tooLarge ? "too-large" : Buffer.concat(chunks)));
        req.on("error", reject);
    });
}

/** A request header as one string (repeated headers joined with ","). */
export function requestHeader(req: IncomingMessage, name: string): string | undefined {
    const v = req.headers[name];
    return Array.isArray(v) ? v.join(",") : v;
}

/** The request's path, without the query. */
export function requestPath(req: IncomingMessage): string {
    return (req.url ?? "/").split("?")[0];
}

/** Answers with `body`; `nowMs` (the emulator's clock) is the Date header. */
export function send(res: ServerResponse, status: number, body: string, nowMs: number, contentType = "application/json"): void {
    res.writeHead(status, { "Content-Type": contentType, "Content-Length": Buffer.byteLength(body), Date: new Date(nowMs).toUTCString() });
    res.end(body);
}
