/**
 * Hostile responses: a loopback server that answers like a broken proxy, a captive portal or an
 * attacker would (malformed JSON, no `Response`, wrong types, 10 MB and endless bodies, HTML error
 * pages, slowloris). Every call must end with a clear typed error naming the call, in bounded time
 * and memory, without quoting the body; through the real dynamic-provider host the host must
 * survive and report the error on each resource.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { DEMO_CREDENTIALS, type Emulator } from "../../emulator";
import { describeCSR } from "../../provider/tencentcloud/services/ssl";
import { createClient } from "../../provider/tencentcloud/client";
import { resolveSettings } from "../../provider/tencentcloud/settings";
import { csrProviderImpl } from "../../provider/resources/csr/provider";
import { CsrProcessState } from "../../provider/resources/csr/remote";
import { mulberry32 } from "../../emulator/prng";
import { recordingLogger } from "../support/recording-logger";
import { drive } from "../support/reliability-program";
import { explain } from "../support/run-output";

type Mode = (res: http.ServerResponse, req: http.IncomingMessage) => void;

const json =
    (body: string, status = 200): Mode =>
    (res) => {
        res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
        res.end(body);
    };

const MB = 1024 * 1024;

export const HOSTILE: Record<string, { mode: Mode; code: RegExp; message: RegExp }> = {
    "malformed JSON": {
        mode: json('{"Response": {"RequestId": "x", '),
        code: /^Client\.InvalidResponse$/,
        message: /not a Tencent Cloud API response \(application\/json, \d+ bytes\)/,
    },
    "JSON without Response": { mode: json('{"result": {"Id": 1}}'), code: /^Client\.InvalidResponse$/, message: /not a Tencent Cloud API response/ },
    "Response is a string": { mode: json('{"Response": "ok"}'), code: /^Client\.InvalidResponse$/, message: /not a Tencent Cloud API response/ },
    "Response is an array": { mode: json('{"Response": [1, 2]}'), code: /^Client\.InvalidResponse$/, message: /not a Tencent Cloud API response/ },
    "JSON null": { mode: json("null"), code: /^Client\.InvalidResponse$/, message: /not a Tencent Cloud API response/ },
    "Error is a string": {
        mode: json('{"Response": {"Error": "boom", "RequestId": "r-1"}}'),
        code: /^Client\.InvalidResponse$/,
        message: /Response\.Error has no error code \(application\/json, \d+ bytes, RequestId r-1\)/,
    },
    "Error.Code is a number": {
        mode: json('{"Response": {"Error": {"Code": 500, "Message": {"nested": true}}, "RequestId": 7}}'),
        code: /^Client\.InvalidResponse$/,
        message: /Response\.Error has no error code/,
    },
    "Error.Code is empty": {
        mode: json('{"Response": {"Error": {"Code": "", "Message": "x"}, "RequestId": "r-2"}}'),
        code: /^Client\.InvalidResponse$/,
        message: /Response\.Error has no error code/,
    },
    "HTML error page at 200": {
        mode: (res) => {
            res.writeHead(200, { "content-type": "text/html" });
            res.end("<html><body><h1>Welcome to the hotel Wi-Fi</h1><form>password: hunter2</form></body></html>");
        },
        code: /^Client\.InvalidResponse$/,
        message: /not a Tencent Cloud API response \(text\/html, \d+ bytes\)/,
    },
    "HTML 502 page": {
        mode: (res) => {
            res.writeHead(502, { "content-type": "text/html" });
            res.end("<html><body><h1>502 Bad Gateway</h1><hr>nginx</body></html>");
        },
        code: /^Client\.HttpStatusError$/,
        message: /HTTP 502 without an API answer \(text\/html, \d+ bytes\)/,
    },
    "10 MB body with Content-Length": {
        mode: (res) => {
            const body = Buffer.alloc(10 * MB, 0x61);
            res.writeHead(200, { "content-type": "application/json", "content-length": body.length });
            res.end(body);
        },
        code: /^Client\.ResponseTooLarge$/,
        message: /exceeded the \d+-byte limit/,
    },
    "10 MB chunked body (no Content-Length)": {
        mode: (res) => {
            res.writeHead(200, { "content-type": "application/json" });
            const chunk = Buffer.alloc(64 * 1024, 0x20);
            let sent = 0;
            const pump = () => {
                while (sent < 10 * MB) {
                    sent += chunk.length;
                    if (!res.write(chunk)) {
                        res.once("drain", pump);
                        return;
                    }
                }
                res.end();
            };
            res.on("close", () => (sent = Infinity));
            pump();
        },
        code: /^Client\.ResponseTooLarge$/,
        message: /exceeded the \d+-byte limit/,
    },
    "endless body": {
        mode: (res) => {
            res.writeHead(200, { "content-type": "application/json" });
            const chunk = Buffer.alloc(64 * 1024, 0x20);
            let closed = false;
            res.on("close", () => (closed = true));
            const pump = () => {
                while (!closed) {
                    if (!res.write(chunk)) {
                        res.once("drain", pump);
                        return;
                    }
                }
            };
            pump();
        },
        code: /^Client\.ResponseTooLarge$/,
        message: /exceeded the \d+-byte limit/,
    },
    "slowloris body (1 byte every 100 ms)": {
        mode: (res) => {
            res.writeHead(200, { "content-type": "application/json" });
            const timer = setInterval(() => res.write(" "), 100);
            res.on("close", () => clearInterval(timer));
        },
        code: /^Client\.Timeout$/,
        message: /no complete answer within \d+ ms/,
    },
    "no answer at all": { mode: () => undefined, code: /^Client\.Timeout$/, message: /no complete answer within \d+ ms/ },
};

export interface HostileServer {
    url: string;
    requests: number;
    /** X-TC-Action of every request received. */
    actions: string[];
    setMode(mode: Mode): void;
    close(): Promise<void>;
}

export async function startHostileServer(initial: Mode): Promise<HostileServer> {
    let mode = initial;
    const sockets = new Set<import("node:net").Socket>();
    const state = { requests: 0 };
    const actions: string[] = [];
    const server = http.createServer((req, res) => {
        state.requests++;
        actions.push(String(req.headers["x-tc-action"]));
        req.resume();
        req.on("end", () => mode(res, req));
    });
    server.on("connection", (s) => {
        sockets.add(s);
        s.on("close", () => sockets.delete(s));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const port = (server.address() as AddressInfo).port;
    return {
        url: `http://127.0.0.1:${port}`,
        get requests() {
            return state.requests;
        },
        actions,
        setMode: (m) => (mode = m),
        close: () =>
            new Promise<void>((resolve) => {
                sockets.forEach((s) => s.destroy());
                server.close(() => resolve());
            }),
    };
}

const TIMEOUT_MS = 600;
const ATTEMPTS = 2;

function hostileClient(url: string) {
    const config: Record<string, string> = {
        "tencentcloud:endpoint": url,
        "tencentcloud:secretId": DEMO_CREDENTIALS.secretId,
        "tencentcloud:secretKey": DEMO_CREDENTIALS.secretKey,
        "tencentcloud:requestTimeoutMs": String(TIMEOUT_MS),
        "tencentcloud:maxAttempts": String(ATTEMPTS),
    };
    const settings = resolveSettings({ get: (k) => config[k] }, {});
    return createClient({ ...settings, timeouts: { ...settings.timeouts, baseDelayMs: 20, maxDelayMs: 100 } }, { random: mulberry32(3) });
}

describe("reliability: hostile responses", function () {
    this.timeout(120_000);
    let server: HostileServer;

    before(async () => {
        server = await startHostileServer(json("{}"));
    });
    after(() => server?.close());

    for (const [name, c] of Object.entries(HOSTILE)) {
        it(`${name}: a clear ${c.code.source} error, bounded time and memory`, async () => {
            server.setMode(c.mode);
            const client = hostileClient(server.url);
            global.gc?.();
            const before = process.memoryUsage();
            const started = Date.now();
            const err: any = await describeCSR(client, { CSRId: 1 }).then(
                () => assert.fail("a hostile answer must not be accepted"),
                (e) => e,
            );
            const elapsed = Date.now() - started;
            const after = process.memoryUsage();
            await client.close();
            assert.match(err.code, c.code, String(err));
            assert.match(err.message, /^ssl\.DescribeCSR: /, "the message names the call");
            assert.match(err.message, c.message);
            assert.ok(!/hunter2|Welcome|nginx|aaaa/.test(err.message), `the message never quotes the body: ${err.message}`);
            assert.ok(elapsed < ATTEMPTS * (TIMEOUT_MS + 200) + 1_500, `took ${elapsed} ms; at most ${ATTEMPTS} attempts of ${TIMEOUT_MS} ms`);
            const grownMb = (after.heapUsed + after.arrayBuffers - before.heapUsed - before.arrayBuffers) / MB;
            assert.ok(grownMb < 40, `memory grew by ${grownMb.toFixed(1)} MB`);
        });
    }

    it("a CreateCSR with an unreadable answer reports an unknown outcome and is looked up before any re-send", async () => {
        // Listings answer normally (no CSR exists); CreateCSR gets the captive portal's page.
        server.setMode((res, req) =>
            req.headers["x-tc-action"] === "DescribeCSRSet"
                ? json('{"Response": {"Total": 0, "Set": [], "RequestId": "r-1"}}')(res, req)
                : HOSTILE["HTML error page at 200"].mode(res, req),
        );
        const client = hostileClient(server.url);
        const from = server.actions.length;
        const provider = csrProviderImpl({ client: () => client, log: recordingLogger(), sleep: async () => undefined, state: new CsrProcessState() });
        const inputs = (
            await provider.check!(
                {},
                {
                    domain: "www.example.com",
                    organization: "O",
                    department: "D",
                    email: "a@example.com",
                    province: "P",
                    city: "C",
                    country: "CN",
                    generate: false,
                },
            )
        ).inputs;
        await assert.rejects(provider.create!(inputs), (err: any) => {
            assert.match(err.code, /^Client\.InvalidResponse$/);
            assert.equal(err.outcomeUnknown, true, "the error says the CSR may exist");
            return true;
        });
        await client.close();
        const sent = server.actions.slice(from);
        // Each CreateCSR whose answer was unreadable is followed by a lookup before any re-send.
        const creates = sent.flatMap((a, i) => (a === "CreateCSR" ? [i] : []));
        assert.ok(creates.length >= 1 && creates.length <= 3, sent.join(", "));
        creates.forEach((at) => assert.equal(sent[at + 1], "DescribeCSRSet", `a lookup follows CreateCSR #${at}: ${sent.join(", ")}`));
    });
});

describe("reliability: hostile responses through the real dynamic-provider host", function () {
    this.timeout(180_000);
    let server: HostileServer;
    let stateDir: string;

    before(async () => {
        server = await startHostileServer(HOSTILE["malformed JSON"].mode);
        stateDir = fs.mkdtempSync(path.join(os.tmpdir(), "reliability-hostile-"));
    });
    after(async () => {
        await server?.close();
        fs.rmSync(stateDir, { recursive: true, force: true });
    });

    for (const name of ["malformed JSON", "endless body", "HTML 502 page"]) {
        it(`${name}: every resource fails with a clear message and the host survives`, async () => {
            server.setMode(HOSTILE[name].mode);
            const r = await drive("up", {
                emulator: { url: server.url } as Emulator,
                stateDir,
                verbose: false,
                config: {
                    "reliability-all:only": "csr,gaap,teo",
                    "tencentcloud:requestTimeoutMs": String(TIMEOUT_MS),
                    "tencentcloud:maxAttempts": String(ATTEMPTS),
                    "tencentcloud:retryDeadlineMs": "5000",
                    // The creates' handling is under test; preview checks would meet the hostile answers in check first.
                    "tencentcloud:previewChecks": "false",
                },
            });
            assert.notEqual(r.exitCode, 0);
            const failed = r.rpcLog.filter((e) => e.method === "Create" && e.ok === false);
            assert.equal(failed.length, 3, `each of the three creates fails on its own:\n${explain(r)}`);
            for (const e of failed) {
                assert.ok(!/host is gone/.test(e.error ?? ""), `the provider host crashed: ${e.error}`);
                assert.match(e.error ?? "", /(ssl|gaap|teo)\.\w+: /, "the error names the call");
            }
            assert.ok(!/hunter2|nginx<|aaaa/.test(r.stdout + r.stderr));
            console.log(`      user sees: ${failed[0].error?.split("\n")[0].slice(0, 220)}`);
        });
    }
});
