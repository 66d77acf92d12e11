import { strict as assert } from "node:assert";
import {
    AttemptFailure,
    backoffDelayMs,
    classifyFailure,
    DEFAULT_RETRY_POLICY,
    isIdempotentByDefault,
    nextDelayMs,
    RetryReason,
} from "../../provider/tencentcloud/retry";

type Row = [label: string, failure: AttemptFailure, idempotent: boolean, retry: boolean, reason: RetryReason, throttled?: boolean];
const api = (code: string): AttemptFailure => ({ kind: "api", code });

// The policy as a table: every row is one decision the client makes.
const TABLE: Row[] = [
    // Throttling: the server refused before acting, safe for any action; tells the limiter.
    ["RequestLimitExceeded", api("RequestLimitExceeded"), false, true, "throttled", true],
    ["RequestLimitExceeded.UinLimitExceeded", api("RequestLimitExceeded.UinLimitExceeded"), false, true, "throttled", true],
    ["RequestLimitExceeded.IPLimitExceeded", api("RequestLimitExceeded.IPLimitExceeded"), true, true, "throttled", true],
    ["LimitExceeded.RateLimitExceeded", api("LimitExceeded.RateLimitExceeded"), false, true, "throttled", true],
    // Busy / in progress: the server did not act.
    ["ResourceInUse", api("ResourceInUse"), false, true, "busy"],
    ["ResourceInUse.X", api("ResourceInUse.Listener"), false, true, "busy"],
    ["ResourceUnavailable", api("ResourceUnavailable"), false, true, "busy"],
    ["ResourceUnavailable.Other", api("ResourceUnavailable.ProxyNotReady"), false, true, "busy"],
    ["ResourceBusy", api("ResourceBusy"), false, true, "busy"],
    ["FailedOperation.ListenerHasTask", api("FailedOperation.ListenerHasTask"), false, true, "busy"],
    ["InvalidParameter.ActionInProgress", api("InvalidParameter.ActionInProgress"), false, true, "busy"],
    ["InternalError.ConfigLocked", api("InternalError.ConfigLocked"), false, true, "busy"],
    ["OperationDenied.ConfigLocked", api("OperationDenied.ConfigLocked"), false, true, "busy"],
    ["ServiceUnavailable", api("ServiceUnavailable"), false, true, "busy"],
    // Not-found style ResourceUnavailable codes (TEO) and account suspension never heal by waiting.
    ["ResourceUnavailable.HostNotFound", api("ResourceUnavailable.HostNotFound"), true, false, "permanent"],
    ["ResourceUnavailable.ZoneNotFound", api("ResourceUnavailable.ZoneNotFound"), true, false, "permanent"],
    ["ResourceUnavailable.CertNotFound", api("ResourceUnavailable.CertNotFound"), true, false, "permanent"],
    ["ResourceUnavailable.AccountViolation", api("ResourceUnavailable.AccountViolation"), true, false, "permanent"],
    // Everything else is permanent, whatever the action.
    // InternalError: the server failed mid-request, like HTTP 500: resent only when idempotent.
    ["InternalError, describe", api("InternalError"), true, true, "mayHaveActed"],
    ["InternalError.SystemError, describe", api("InternalError.SystemError"), true, true, "mayHaveActed"],
    ["InternalError (not opted in), create", api("InternalError"), false, false, "unsafe"],
    ["InternalError.SystemError (not opted in), create", api("InternalError.SystemError"), false, false, "unsafe"],
    ["FailedOperation.NetworkError (not opted in)", api("FailedOperation.NetworkError"), false, false, "permanent"],
    ["AuthFailure.SignatureExpire", api("AuthFailure.SignatureExpire"), true, false, "permanent"],
    ["AuthFailure.SignatureFailure", api("AuthFailure.SignatureFailure"), true, false, "permanent"],
    ["InvalidParameter", api("InvalidParameter"), true, false, "permanent"],
    ["ResourceNotFound", api("ResourceNotFound"), true, false, "permanent"],
    ["LimitExceeded (quota, not rate)", api("LimitExceeded"), true, false, "permanent"],
    ["UnauthorizedOperation", api("UnauthorizedOperation"), true, false, "permanent"],
    // Transport: before sending is always safe; after sending only when idempotent.
    ["connect timeout (not sent), create", { kind: "network", requestSent: false }, false, true, "notSent"],
    ["nothing listening / no such host (short budget), create", { kind: "unreachable" }, false, true, "unreachable"],
    ["reset after sending, create", { kind: "network", requestSent: true }, false, false, "unsafe"],
    ["reset after sending, describe", { kind: "network", requestSent: true }, true, true, "mayHaveActed"],
    ["timeout, create", { kind: "timeout" }, false, false, "unsafe"],
    ["timeout, describe", { kind: "timeout" }, true, true, "mayHaveActed"],
    ["HTML page at 200, create", { kind: "invalidResponse" }, false, false, "unsafe"],
    ["HTML page at 200, describe", { kind: "invalidResponse" }, true, true, "mayHaveActed"],
    ["HTTP 500, create", { kind: "http", status: 500 }, false, false, "unsafe"],
    ["HTTP 500, describe", { kind: "http", status: 500 }, true, true, "mayHaveActed"],
    ["HTTP 502, create", { kind: "http", status: 502 }, false, false, "unsafe"],
    ["HTTP 504, describe", { kind: "http", status: 504 }, true, true, "mayHaveActed"],
    ["HTTP 503, create", { kind: "http", status: 503 }, false, true, "busy"],
    ["HTTP 429, create", { kind: "http", status: 429 }, false, true, "throttled", true],
    ["HTTP 404", { kind: "http", status: 404 }, true, false, "permanent"],
    ["HTTP 403", { kind: "http", status: 403 }, true, false, "permanent"],
    ["fatal (aborted, bad input)", { kind: "fatal" }, true, false, "permanent"],
];

describe("retry classification", () => {
    for (const [label, failure, idempotent, retry, reason, throttled = false] of TABLE) {
        it(`${label} (${idempotent ? "idempotent" : "not idempotent"}) → ${retry ? "retry" : "stop"}`, () => {
            assert.deepEqual(classifyFailure(failure, { idempotent }), { retry, reason, throttled });
        });
    }

    it("code retries do not depend on idempotency", () => {
        for (const code of ["RequestLimitExceeded", "ResourceInUse", "FailedOperation.ListenerHasTask", "ServiceUnavailable"]) {
            assert.equal(classifyFailure(api(code), { idempotent: false }).retry, classifyFailure(api(code), { idempotent: true }).retry);
        }
    });

    it("retries codes the call opts into, exact or by prefix, for any action", () => {
        const opts = { idempotent: false, retryableCodes: ["FailedOperation.NetworkError", "InternalError*"] };
        assert.deepEqual(classifyFailure(api("FailedOperation.NetworkError"), opts), { retry: true, reason: "optedIn", throttled: false });
        assert.equal(classifyFailure(api("InternalError"), opts).retry, true);
        assert.equal(classifyFailure(api("InternalError.SystemError"), opts).retry, true);
        assert.equal(classifyFailure(api("FailedOperation"), opts).retry, false);
        assert.equal(classifyFailure(api("FailedOperation.NetworkErrorX"), opts).retry, false);
    });

    it("treats Describe* as idempotent by default and everything else as not", () => {
        assert.equal(isIdempotentByDefault("DescribeCSRSet"), true);
        assert.equal(isIdempotentByDefault("DescribeRules"), true);
        for (const action of ["CreateCSR", "ModifyCSR", "BatchDeleteCSR", "ModifyCertificate", "ModifyHostsCertificate"]) {
            assert.equal(isIdempotentByDefault(action), false, action);
        }
    });
});

describe("backoff", () => {
    const policy = { ...DEFAULT_RETRY_POLICY, baseDelayMs: 100, factor: 2, maxDelayMs: 1000, deadlineMs: 5000 };

    it("uses full jitter under an exponentially growing, capped ceiling", () => {
        const max = () => 0.999999;
        assert.deepEqual(
            [1, 2, 3, 4, 5, 6, 10].map((r) => backoffDelayMs(r, policy, max)),
            [99, 199, 399, 799, 999, 999, 999],
        );
        assert.deepEqual(
            [1, 4, 9].map((r) => backoffDelayMs(r, policy, () => 0)),
            [0, 0, 0],
        );
        assert.equal(
            backoffDelayMs(3, policy, () => 0.5),
            200,
        );
    });

    it("stops when the next wait would pass the deadline", () => {
        assert.equal(
            nextDelayMs(5, policy, () => 0.5, 4000),
            500,
        );
        assert.equal(
            nextDelayMs(5, policy, () => 0.5, 4500),
            undefined,
        );
        assert.equal(
            nextDelayMs(1, policy, () => 0, 5000),
            undefined,
        );
    });

    it("honours Retry-After up to the delay cap", () => {
        assert.equal(
            nextDelayMs(1, policy, () => 0, 0, 700),
            700,
        );
        assert.equal(
            nextDelayMs(1, policy, () => 0, 0, 60_000),
            1000,
        );
        assert.equal(
            nextDelayMs(1, policy, () => 0.999, 0, 10),
            99,
        );
    });

    it("keeps every wait of a whole retry sequence inside the deadline, whatever the jitter", () => {
        for (const r of [0, 0.3, 0.999999]) {
            let elapsed = 0;
            for (let retry = 1; retry < 100; retry++) {
                const delay = nextDelayMs(retry, policy, () => r, elapsed);
                if (delay === undefined) {
                    break;
                }
                elapsed += delay + 1; // each attempt takes at least a millisecond
            }
            assert.ok(elapsed <= policy.deadlineMs, `elapsed ${elapsed}`);
        }
    });
});
