/**
 * The naive baseline every scenario is compared with: what a hand-written script (or a provider
 * without rate limiting and coalescing) does. One API call per operation, no client-side rate
 * limit, no cache, no batching; a throttled call is retried after a randomized backoff (the only
 * retry), up to MAX_ATTEMPTS, then the throttle error surfaces. Its own small TC3 signer on
 * node:crypto (not the project's), so the baseline shares no code with what it is compared to.
 *
 * GAAP and TEO changes apply asynchronously and the API refuses a second change while one is
 * applying (ListenerHasTask / ActionInProgress); the baseline retries those too (otherwise it could
 * not finish at all) and polls the matching Describe once per second until the change is live.
 */
import { createHash, createHmac } from "crypto";

export const NAIVE_MAX_ATTEMPTS = 10;
const THROTTLE_CODES = new Set(["RequestLimitExceeded", "LimitExceeded.RateLimitExceeded", "RequestLimitExceeded.UinLimitExceeded"]);
const BUSY_CODES = new Set(["FailedOperation.ListenerHasTask", "InvalidParameter.ActionInProgress", "FailedOperation.DomainStatusNotInRunning"]);

export class NaiveApiError extends Error {
    constructor(
        readonly code: string,
        message: string,
    ) {
        super(`${code}: ${message}`);
    }
}

export interface NaiveStats {
    throttlesSeen: number;
    throttlesSurfaced: number;
    errorsSurfaced: number;
}

const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");
const hmac = (key: Buffer | string, s: string) => createHmac("sha256", key).update(s).digest();

export class NaiveClient {
    readonly stats: NaiveStats = { throttlesSeen: 0, throttlesSurfaced: 0, errorsSurfaced: 0 };
    private readonly host: string;

    constructor(
        private readonly url: string,
        private readonly secretId: string,
        private readonly secretKey: string,
    ) {
        this.host = new URL(url).host;
    }

    private async once(service: string, version: string, action: string, params: object): Promise<any> {
        const body = JSON.stringify(params);
        const timestamp = Math.floor(Date.now() / 1000);
        const date = new Date(timestamp * 1000).toISOString().slice(0, 10);
        const canonical = ["POST", "/", "", `content-type:application/json\nhost:${this.host}\n`, "content-type;host", sha256(body)].join("\n");
        const scope = `${date}/${service}/tc3_request`;
        const toSign = ["TC3-HMAC-SHA256", String(timestamp), scope, sha256(canonical)].join("\n");
        const key = hmac(hmac(hmac("TC3" + this.secretKey, date), service), "tc3_request");
        const signature = createHmac("sha256", key).update(toSign).digest("hex");
        const res = await fetch(this.url, {
            method: "POST",
            headers: {
                "content-type": "application/json",
                authorization: `TC3-HMAC-SHA256 Credential=${this.secretId}/${scope}, SignedHeaders=content-type;host, Signature=${signature}`,
                "x-tc-action": action,
                "x-tc-version": version,
                "x-tc-timestamp": String(timestamp),
            },
            body,
        });
        const json = (await res.json()) as { Response: { Error?: { Code: string; Message: string } } & Record<string, unknown> };
        if (json.Response.Error) {
            throw new NaiveApiError(json.Response.Error.Code, json.Response.Error.Message);
        }
        return json.Response;
    }

    /** One call; retried only when throttled (and, for async GAAP/TEO changes, while busy). */
    async call(service: string, version: string, action: string, params: object): Promise<any> {
        for (let attempt = 1; ; attempt++) {
            try {
                return await this.once(service, version, action, params);
            } catch (err) {
                const code = err instanceof NaiveApiError ? err.code : "";
                const throttled = THROTTLE_CODES.has(code);
                if (throttled) {
                    this.stats.throttlesSeen++;
                }
                if ((throttled || BUSY_CODES.has(code)) && attempt < NAIVE_MAX_ATTEMPTS) {
                    await sleep(250 + Math.random() * 250 * attempt);
                    continue;
                }
                if (throttled) {
                    this.stats.throttlesSurfaced++;
                }
                this.stats.errorsSurfaced++;
                throw err;
            }
        }
    }
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Polls `probe` once per second until it returns true (at most `timeoutMs`). */
export async function pollUntil(probe: () => Promise<boolean>, timeoutMs = 120_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!(await probe())) {
        if (Date.now() > deadline) {
            throw new Error("naive baseline: change not applied in time");
        }
        await sleep(1000);
    }
}
