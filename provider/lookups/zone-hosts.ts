/**
 * getZoneHosts: an EdgeOne zone's hosts with their certificates, status and expiry, read the way
 * HostsCertificateBinding reads them (2022-09-01 DescribeAccelerationDomains, or 2022-01-06
 * DescribeHostsCertificate), every page.
 */
import { TencentCloudError } from "../tencentcloud/errors";
import { isZoneGone } from "../resources/hosts-certificate-binding/errors";
import {
    API_VERSIONS,
    checkHostNames,
    DEFAULT_API_VERSION,
    zoneIdProblem,
    type HostCertificate,
    type HostCertificateStatus,
    type HostsCertificateApiVersion,
} from "../resources/hosts-certificate-binding/inputs";
import { hostStatus, type RemoteHost } from "../resources/hosts-certificate-binding/remote";
import { describeArgument, readArgs, requiredString, type LookupArgs } from "./arguments";
import { lookupContext, type LookupContext } from "./context";
import { LookupArgumentError, LookupNotFoundError, oneLineFailures } from "./errors";

const LOOKUP = "getZoneHosts";

export interface GetZoneHostsArgs {
    /** The EdgeOne site, e.g. "zone-2o1t24kgy362". */
    zoneId: string;
    /** Only these hosts (each must exist in the zone); default every host of the zone. */
    hosts?: string[];
    /** TEO API version to read with, as HostsCertificateBinding's `apiVersion` (default "2022-09-01"). */
    apiVersion?: HostsCertificateApiVersion;
}

/** One certificate of a host in any role, as the binding's `hostStatuses[].certificates`, plus its deployment status. */
export interface ZoneHostCertificate extends HostCertificate {
    /** Server certificates: deployed | processing | applying | failed | issued; "" when not reported or for other roles. */
    status: string;
}

/** A host as HostsCertificateBinding's `hostStatuses` reports it, with each certificate's deployment status. */
export interface ZoneHost extends Omit<HostCertificateStatus, "certificates"> {
    certificates: ZoneHostCertificate[];
}

export interface GetZoneHostsResult {
    zoneId: string;
    apiVersion: HostsCertificateApiVersion;
    hosts: ZoneHost[];
}

interface CheckedArgs {
    zoneId: string;
    hosts?: string[];
    apiVersion: HostsCertificateApiVersion;
}

function checkHostsArg(record: LookupArgs): string[] | undefined {
    const hosts = record.hosts;
    if (hosts === undefined || hosts === null) {
        return undefined;
    }
    if (!Array.isArray(hosts) || hosts.length === 0) {
        throw new LookupArgumentError(
            LOOKUP,
            "hosts",
            `hosts must list at least one host of the zone (for example ["www.example.com"]), or be left out for every host; got ${describeArgument(hosts)}`,
        );
    }
    const notString = hosts.findIndex((host) => typeof host !== "string");
    if (notString >= 0) {
        throw new LookupArgumentError(
            LOOKUP,
            "hosts",
            `hosts[${notString}] must be a domain name like "www.example.com" or "*.example.com"; got ${describeArgument(hosts[notString])}, which is not a string`,
        );
    }
    return checkHostNames(hosts, (reason) => {
        throw new LookupArgumentError(LOOKUP, "hosts", reason);
    });
}

function checkArgs(args: unknown): CheckedArgs {
    const record = readArgs(LOOKUP, args, ["zoneId", "hosts", "apiVersion"]);
    const zoneId = requiredString(LOOKUP, record, "zoneId", "zone-2o1t24kgy362");
    const problem = zoneIdProblem(zoneId);
    if (problem) {
        throw new LookupArgumentError(LOOKUP, "zoneId", problem);
    }
    const hosts = checkHostsArg(record);
    const apiVersion = record.apiVersion ?? DEFAULT_API_VERSION;
    if (!API_VERSIONS.includes(apiVersion as HostsCertificateApiVersion)) {
        throw new LookupArgumentError(
            LOOKUP,
            "apiVersion",
            `apiVersion must be one of ${API_VERSIONS.map((v) => `"${v}"`).join(", ")} (default "${DEFAULT_API_VERSION}"); got ${describeArgument(apiVersion)}`,
        );
    }
    return { zoneId, hosts, apiVersion: apiVersion as HostsCertificateApiVersion };
}

function toZoneHost(remote: RemoteHost): ZoneHost {
    const status = hostStatus(remote);
    const deployStatus = new Map(remote.certificates.map((c) => [c.certId, c.status]));
    const certificates = status.certificates.map((c) => ({ ...c, status: c.role === "server" ? (deployStatus.get(c.certId) ?? "") : "" }));
    return { ...status, certificates };
}

async function readZone(context: LookupContext, zoneId: string, apiVersion: HostsCertificateApiVersion): Promise<Map<string, RemoteHost>> {
    try {
        return await context.zones.read(apiVersion, zoneId);
    } catch (err) {
        if (isZoneGone(err)) {
            const api = err instanceof TencentCloudError ? err : undefined;
            throw new LookupNotFoundError(
                LOOKUP,
                `EdgeOne zone '${zoneId}' does not exist or is not visible to these credentials; check the id in the EdgeOne console`,
                api?.code ?? "",
                api?.requestId ?? "",
            );
        }
        throw err;
    }
}

/** getZoneHosts on a given context (the exported function uses the process's). */
export async function getZoneHostsWith(context: LookupContext, args: GetZoneHostsArgs): Promise<GetZoneHostsResult> {
    const { zoneId, hosts, apiVersion } = checkArgs(args);
    const zone = await readZone(context, zoneId, apiVersion);
    if (hosts) {
        const missing = hosts.filter((host) => !zone.has(host));
        if (missing.length > 0) {
            const known = [...zone.keys()].sort();
            throw new LookupNotFoundError(
                LOOKUP,
                `zone '${zoneId}' has no host ${missing.map((h) => `'${h}'`).join(", ")}; its hosts are ${known.length ? known.join(", ") : "(none)"}`,
            );
        }
    }
    const selected = hosts ? hosts.map((host) => zone.get(host)!) : [...zone.values()].sort((a, b) => a.host.localeCompare(b.host));
    return { zoneId, apiVersion, hosts: selected.map(toZoneHost) };
}

/** A zone's hosts with certificate ids, status and expiry: `pulumi.output(getZoneHosts({ zoneId }))`. */
export function getZoneHosts(args: GetZoneHostsArgs): Promise<GetZoneHostsResult> {
    return oneLineFailures(getZoneHostsWith(lookupContext(), args));
}
