/** The Tencent Cloud services this package calls. */
export type ServiceName = "ssl" | "gaap" | "teo";

/** Per-call knobs for {@link TencentCloudApi.call}. Every field is optional. */
export interface CallOptions {
    /** Timeout of one HTTP attempt, in milliseconds. */
    timeoutMs?: number;
    /**
     * Total time allowed across all attempts and backoff waits, in milliseconds, counted from the
     * first attempt's send (queueing for the rate limiter before it does not count).
     */
    deadlineMs?: number;
    /**
     * Whether the request may be sent again after the server may have acted on it (a lost
     * response). Defaults to true for Describe* actions and false for every other action.
     */
    idempotent?: boolean;
    /**
     * Error codes this call retries in addition to the client's defaults (see retry.ts), for any
     * action: exact codes, or prefixes ending in `*` such as `InternalError*`.
     */
    retryableCodes?: readonly string[];
    /**
     * Attempts allowed, including the first (default: the `maxAttempts` setting). A call that
     * waits out a busy resource within its own `deadlineMs` passes a large number here.
     */
    maxAttempts?: number;
    /** Cancels waiting and in-flight attempts. */
    signal?: AbortSignal;
}

/** A successful `Response` body: the action's fields plus the RequestId every answer carries. */
export type ApiResponse<T> = T & { RequestId: string };

/** The Tencent Cloud sites: international (`<service>.intl.<domain>`) and China (`<service>.<domain>`). */
export type Site = "intl" | "china";

/** The `site` setting as resolved: its value and the config key or variable it came from. */
export interface SiteSetting {
    value: Site;
    from: string;
}

/** The one way the provider talks to Tencent Cloud: signed, rate-limited, retried calls. */
export interface TencentCloudApi {
    /** The `site` setting the client was built with (absent: not set); see sites.ts for what it changes. */
    readonly site?: SiteSetting;
    call<TResponse extends object>(
        service: ServiceName,
        version: string,
        action: string,
        params: object,
        options?: CallOptions,
    ): Promise<ApiResponse<TResponse>>;
}

/**
 * Which account and region a client serves. No `profile`: the stack's credentials (config,
 * environment, tencentcloud:profile). With `profile`: that profile of the credentials file only.
 * `region` overrides the region settings for the calls (X-TC-Region).
 */
export interface ClientScope {
    profile?: string;
    region?: string;
}

/** Where settings come from: Pulumi stack configuration, `namespace:key` → value. */
export interface ConfigSource {
    get(key: string): string | undefined;
}

/** Environment variables (normally `process.env`). */
export type Environment = Readonly<Record<string, string | undefined>>;
