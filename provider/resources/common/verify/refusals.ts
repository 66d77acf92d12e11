/**
 * Answers meaning "these credentials may not call this action" (a CAM permission missing), per
 * service (docs/api-notes.md). Preview skips a verification refused this way, with one warning
 * per account and action per run: the key itself works, and `up` may not need that read at all.
 */
import { TencentCloudError } from "../../../tencentcloud/errors";
import type { ServiceName } from "../../../tencentcloud/types";

const COMMON_REFUSALS: readonly string[] = ["AuthFailure.UnauthorizedOperation", "UnauthorizedOperation"];

/** Per-service codes (tencentcloud-sdk-go <svc>/client.go); every `UnauthorizedOperation.*` code counts too. */
const SERVICE_REFUSALS: Record<ServiceName, readonly string[]> = {
    ssl: ["FailedOperation.CAMAuthorizedFail", "FailedOperation.AuthError", "FailedOperation.NoProjectPermission"],
    gaap: ["AuthFailure.NotEnterpriseAuthorization"],
    teo: [],
};

export function isAuthorizationRefusal(err: unknown, service: ServiceName): err is TencentCloudError {
    if (!(err instanceof TencentCloudError)) {
        return false;
    }
    const code = err.code;
    return COMMON_REFUSALS.includes(code) || code.startsWith("UnauthorizedOperation.") || SERVICE_REFUSALS[service].includes(code);
}

/** The key under which VerificationState.refusals remembers a refusal for the run. */
export const refusalKey = (account: string, service: ServiceName, action: string): string => `${account}|${service}.${action}`;
