/**
 * A recording relay on 127.0.0.1 for `--record`: the provider host, the program's lookups and the
 * suite's own client all point `tencentcloud:endpoint` at it; it checks each request's TC3
 * signature against the run's credentials (nobody else on the machine can use it), signs it again
 * for the real service host, forwards it unchanged otherwise, hands every answer to the recorder
 * and returns it byte for byte. Nothing is retried or interpreted here: the caller's client sees
 * exactly what the service answered.
 */
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import { request } from "undici";
import { HEADER, JSON_CONTENT_TYPE, type SignableHeader } from "../../provider/tencentcloud/constants";
import { signRequest } from "../../provider/tencentcloud/signer";
import type { ServiceName } from "../../provider/tencentcloud/types";
import { readBody, requestHeader } from "../../emulator/http";
import { parseAuthorization, TC3_ALGORITHM, type ParsedAuthorization } from "../../emulator/tc3";
import type { AnswerRecorder } from "./recorder";

export interface ProxyCredentials {
    secretId: string;
    secretKey: string;
    token?: string;
}

export interface Upstream {
    /** `https://ssl.intl.tencentcloudapi.com` or the emulator's URL. */
    origin: string;
    /** The Host header to sign and send. */
    host: string;
}

export interface RecordingProxyOptions {
    credentials: ProxyCredentials;
    upstream(service: ServiceName): Upstream;
    recorder: AnswerRecorder;
}

export interface RecordingProxy {
    url: string;
    close(): Promise<void>;
}

const SERVICES: readonly string[] = ["ssl", "gaap", "teo"];
const MAX_BODY_BYTES = 10 * 1024 * 1024;

interface Incoming {
    service: ServiceName;
    action: string;
    version: string;
    body: Buffer;
    headers: http.IncomingHttpHeaders;
}

function header(req: http.IncomingMessage, name: string): string {
    return requestHeader(req, name.toLowerCase()) ?? "";
}

/**
 * The Authorization header parsed by the emulator's parseAuthorization, held to the exact form the
 * provider's signer writes (single spaces, a YYYY-MM-DD date, lower-case service and header names):
 * the parser alone tolerates more.
 */
function parseExactAuthorization(value: string): ParsedAuthorization | undefined {
    const auth = parseAuthorization(value);
    if (!auth || !/^\d{4}-\d{2}-\d{2}$/.test(auth.date) || !/^[a-z]+$/.test(auth.service)) return undefined;
    if (!auth.signedHeaders.every((h) => /^[a-z-]+$/.test(h))) return undefined;
    const { secretId, date, service, signedHeaders, signature } = auth;
    const canonical = `${TC3_ALGORITHM} Credential=${secretId}/${date}/${service}/tc3_request, SignedHeaders=${signedHeaders.join(";")}, Signature=${signature}`;
    return canonical === value ? auth : undefined;
}

/** The request, if it is signed with the run's credentials; otherwise why not. */
function verify(req: http.IncomingMessage, body: Buffer, credentials: ProxyCredentials): Incoming | string {
    const auth = parseExactAuthorization(header(req, HEADER.authorization));
    if (!auth) return "the Authorization header is not a TC3-HMAC-SHA256 signature";
    const { secretId, service, signedHeaders, signature } = auth;
    if (secretId !== credentials.secretId) return "the request is signed with another SecretId than the acceptance run's";
    if (!SERVICES.includes(service)) return `unknown service '${service}' in the credential scope`;
    const action = header(req, HEADER.action);
    const expected = signRequest({
        secretId,
        secretKey: credentials.secretKey,
        service,
        host: header(req, HEADER.host),
        action,
        timestamp: Number(header(req, HEADER.timestamp)),
        payload: body,
        contentType: header(req, HEADER.contentType),
        signedHeaders: signedHeaders as SignableHeader[],
    });
    if (expected.signature !== signature) return "the signature does not match the acceptance run's credentials";
    return { service: service as ServiceName, action, version: header(req, HEADER.version), body, headers: req.headers };
}

/** Headers for the service: the caller's region and language kept, signed again for the service's host. */
function upstreamHeaders(incoming: Incoming, target: Upstream, credentials: ProxyCredentials): Record<string, string> {
    const timestamp = Math.floor(Date.now() / 1000);
    const signed = signRequest({
        secretId: credentials.secretId,
        secretKey: credentials.secretKey,
        service: incoming.service,
        host: target.host,
        action: incoming.action,
        timestamp,
        payload: incoming.body,
        contentType: JSON_CONTENT_TYPE,
    });
    const headers: Record<string, string> = {
        [HEADER.authorization]: signed.authorization,
        [HEADER.contentType]: JSON_CONTENT_TYPE,
        [HEADER.host]: target.host,
        [HEADER.action]: incoming.action,
        [HEADER.version]: incoming.version,
        [HEADER.timestamp]: String(timestamp),
    };
    for (const name of [HEADER.region, HEADER.language]) {
        const v = incoming.headers[name.toLowerCase()];
        if (typeof v === "string" && v) headers[name] = v;
    }
    if (credentials.token) headers[HEADER.token] = credentials.token;
    return headers;
}

function refuse(res: http.ServerResponse, reason: string): void {
    // Answered like the API answers a bad signature, so the caller's client reports it as one.
    const body = JSON.stringify({
        Response: { Error: { Code: "AuthFailure.SignatureFailure", Message: `acceptance recording relay: ${reason}` }, RequestId: "" },
    });
    res.writeHead(200, { "Content-Type": JSON_CONTENT_TYPE }).end(body);
}

function recordAnswer(options: RecordingProxyOptions, incoming: Incoming, text: string): void {
    try {
        const parsed = JSON.parse(text) as { Response?: unknown };
        options.recorder.add(incoming.service, incoming.version, incoming.action, parsed.Response);
    } catch {
        // Not JSON (an HTML error page): nothing to record; the caller sees it as it came.
    }
}

async function relay(options: RecordingProxyOptions, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const body = await readBody(req, MAX_BODY_BYTES);
    if (body === "too-large") {
        res.destroy();
        return;
    }
    const incoming = verify(req, body, options.credentials);
    if (typeof incoming === "string") return refuse(res, incoming);
    const target = options.upstream(incoming.service);
    const answer = await request(`${target.origin}/`, { method: "POST", headers: upstreamHeaders(incoming, target, options.credentials), body });
    const text = await answer.body.text();
    recordAnswer(options, incoming, text);
    const out: Record<string, string> = {};
    for (const name of ["content-type", "date"]) {
        const v = answer.headers[name];
        if (typeof v === "string") out[name] = v;
    }
    res.writeHead(answer.statusCode, out).end(text);
}

export async function startRecordingProxy(options: RecordingProxyOptions): Promise<RecordingProxy> {
    const server = http.createServer((req, res) => {
        relay(options, req, res).catch(() => res.destroy());
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    return {
        url: `http://127.0.0.1:${port}`,
        close: () =>
            new Promise<void>((resolve) => {
                server.closeAllConnections();
                server.close(() => resolve());
            }),
    };
}
