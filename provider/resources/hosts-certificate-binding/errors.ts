/**
 * Errors of HostsCertificateBinding: API errors re-worded to name the zone, hosts and
 * certificates involved, and the partial-failure error that lets Pulumi keep the resource in
 * state when a change was sent but did not finish deploying in time.
 */
import { TencentCloudError } from "../../tencentcloud/errors";
import { TEO_V20220106 } from "../../tencentcloud/services/teo";
import { errorCode } from "../common/errors";
import { quotedList } from "../common/validators";
import type { HostsCertificateApiVersion } from "./inputs";

/** Codes that mean "busy, try again": retried by the client for ModifyHostsCertificate. */
export const TEO_BUSY_CODES = [
    "InvalidParameter.ActionInProgress",
    "InternalError.ConfigLocked",
    "OperationDenied.ConfigLocked",
    "ResourceInUse",
    "LimitExceeded.RateLimitExceeded",
    "RequestLimitExceeded",
    "RequestLimitExceeded.UinLimitExceeded",
    "RequestLimitExceeded.IPLimitExceeded",
    "RequestLimitExceeded.GlobalRegionUinLimitExceeded",
] as const;

/**
 * 2022-01-06 ModifyHostsCertificate answers plain `OperationDenied` while a deployment of the host
 * is in flight (it has no ActionInProgress code). The zone was read just before, so an unknown
 * zone has already been reported; retried within the client's attempt cap (about a minute), so a
 * denial that does not go away still surfaces quickly.
 */
export const TEO_V20220106_BUSY_CODES: readonly string[] = [...TEO_BUSY_CODES, "OperationDenied"];

/** Codes with which a server says it does not know an API version or action. */
const VERSION_UNAVAILABLE_CODES = ["InvalidAction", "UnsupportedOperation", "NoSuchVersion", "ActionOffline"];

/** A TEO API error, re-worded for this resource; keeps the API's code and RequestId. */
export class HostsCertificateBindingError extends TencentCloudError {
    override name = "HostsCertificateBindingError";
}

export interface ModifyContext {
    zoneId: string;
    hosts: readonly string[];
    /** Certificates the call asked for (any role), for messages. */
    certIds: readonly string[];
    apiVersion: HostsCertificateApiVersion;
}

/** Advice per ModifyHostsCertificate code (tencentcloud-sdk-go teo client.go), keyed by code. */
function modifyAdvice(code: string, ctx: ModifyContext): string | undefined {
    const hosts = ctx.hosts.length === 1 ? `host '${ctx.hosts[0]}'` : `one of the hosts ${quotedList(ctx.hosts)}`;
    const certs = quotedList(ctx.certIds);
    switch (code) {
        case "InvalidParameter.CertNotMatchDomain":
            return `certificate ${certs} does not cover ${hosts}: use a certificate whose names include the host (wildcards cover one label)`;
        case "FailedOperation.CertificateNotFound":
        case "ResourceUnavailable.CertNotFound":
            return `certificate ${certs} was not found or is not authorized for this account: check the ids in the SSL certificate console`;
        case "FailedOperation.CertificateHasExpired":
        case "FailedOperation.EdgeClientCertificateHasExpired":
        case "FailedOperation.UpstreamClientCertificateHasExpired":
        case "FailedOperation.UpstreamVerifyCustomCACertificateHasExpired":
            return `a certificate among ${certs} has expired: upload a renewed certificate and use its id`;
        case "InvalidParameter.CertToExpire":
            return `a certificate among ${certs} is about to expire: use a renewed certificate`;
        case "ResourceUnavailable.HostNotFound":
            return `${hosts} does not exist in zone '${ctx.zoneId}' or is not proxied by EdgeOne: create the acceleration domain first or remove it from hosts`;
        case "ResourceUnavailable.ZoneNotFound":
            return `zone '${ctx.zoneId}' does not exist or does not belong to this account: check zoneId`;
        case "InvalidParameter.HostStatusNotAllowApplyCertificate":
            return `${hosts} cannot get a certificate yet: its CNAME is not switched to EdgeOne or the origin is not routed through EdgeOne`;
        case "OperationDenied.HostsCertificateInconsistency":
        case "OperationDenied.HostsClientCertificateInconsistency":
        case "OperationDenied.HostsUpstreamCertificateInconsistency":
        case "OperationDenied.HostsUpstreamCertificateVerifyInconsistency":
        case "OperationDenied.HostsKeylessServerInconsistency":
            return `the hosts ${quotedList(ctx.hosts)} currently have different certificate settings, and EdgeOne changes them together only when they agree: split them into separate bindings`;
        case "InvalidParameter.InvalidCertInfo":
        case "InvalidParameter.InvalidHttpsCertInfo":
            return `the certificate information ${certs} is not valid for this change`;
        case "OperationDenied.NotInUpstreamMTLSWhiteList":
            return `upstream mutual TLS is in limited preview: ask Tencent Cloud to enable it for the account, or remove upstreamMutualTlsCertIds`;
        case "OperationDenied.UseUpstreamMTLSNeedOpenHttps":
            return `upstream mutual TLS needs HTTPS to the origin: enable HTTPS origin pulls for the hosts first`;
        case "FailedOperation.InvalidZoneStatus":
        case "OperationDenied.ErrZoneIsAlreadyPaused":
        case "OperationDenied.DisableZoneNotCompleted":
            return `zone '${ctx.zoneId}' is not active (paused or being disabled)`;
        case "UnauthorizedOperation.CamUnauthorized":
            return `the credentials are not allowed to call teo:ModifyHostsCertificate on zone '${ctx.zoneId}'`;
        default:
            return undefined;
    }
}

function versionAdvice(apiVersion: HostsCertificateApiVersion): string | undefined {
    return apiVersion === TEO_V20220106
        ? `the TEO API version 2022-01-06 is not available at this endpoint (it was retired from the China-site API): use apiVersion: "2022-09-01" with mode: "sslcert" and serverCertIds instead of certIds`
        : undefined;
}

/** The client's messages already carry the RequestId; add it only when the quoted message lacks it. */
function withRequestId(message: string, requestId: string | undefined): string {
    return requestId && !message.includes(requestId) ? `${message} (RequestId ${requestId})` : message;
}

/** Turns an error of ModifyHostsCertificate into one that names what went wrong and the fix. */
export function explainModifyError(err: unknown, ctx: ModifyContext): Error {
    if (!(err instanceof TencentCloudError)) {
        return err instanceof Error ? err : new Error(String(err));
    }
    const advice = VERSION_UNAVAILABLE_CODES.includes(err.code) ? versionAdvice(ctx.apiVersion) : modifyAdvice(err.code, ctx);
    const what = `ModifyHostsCertificate (teo ${ctx.apiVersion}) for zone '${ctx.zoneId}', hosts ${quotedList(ctx.hosts)}`;
    const message = withRequestId(`${what} failed with ${err.code}: ${advice ? `${advice}. ` : ""}Server said: ${err.message}`, err.requestId);
    return new HostsCertificateBindingError(err.code, message, { service: "teo", action: "ModifyHostsCertificate", requestId: err.requestId, cause: err });
}

/** Turns an error of a Describe call into one that names the zone and the fix. */
export function explainDescribeError(err: unknown, zoneId: string, apiVersion: HostsCertificateApiVersion): Error {
    if (!(err instanceof TencentCloudError)) {
        return err instanceof Error ? err : new Error(String(err));
    }
    const action = apiVersion === TEO_V20220106 ? "DescribeHostsCertificate" : "DescribeAccelerationDomains";
    let advice = VERSION_UNAVAILABLE_CODES.includes(err.code) ? versionAdvice(apiVersion) : undefined;
    if (err.code.startsWith("UnauthorizedOperation")) {
        advice = `the credentials are not allowed to call teo:${action} on zone '${zoneId}'`;
    }
    const message = withRequestId(
        `${action} (teo ${apiVersion}) for zone '${zoneId}' failed with ${err.code}: ${advice ? `${advice}. ` : ""}Server said: ${err.message}`,
        err.requestId,
    );
    return new HostsCertificateBindingError(err.code, message, { service: "teo", action, requestId: err.requestId, cause: err });
}

/** Codes with which a Describe says the zone itself is gone. */
export function isZoneGone(err: unknown): boolean {
    const code = errorCode(err);
    return code === "ResourceNotFound" || code === "ResourceUnavailable.ZoneNotFound" || code === "InvalidParameterValue.ZoneNotFound";
}

/**
 * The change was sent but the resource did not finish initializing (deployment still running or
 * failed). The dynamic-provider host turns an error carrying `id` and `properties` into
 * ErrorResourceInitFailed, so the engine records the resource with these outputs instead of
 * forgetting it, and the next `pulumi up` updates it (resuming the wait).
 */
export class ResourceInitError extends Error {
    override name = "ResourceInitError";
    readonly reasons: string[];
    constructor(
        readonly id: string,
        readonly properties: Record<string, unknown>,
        cause: Error,
    ) {
        super(cause.message, { cause });
        this.reasons = [cause.message];
    }
}
