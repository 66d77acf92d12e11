/**
 * HostsCertificateBinding inputs: resolved types, defaults, validation (`check`) and the id format.
 * Everything here is pure: no API calls, so bad input fails before anything is sent.
 */
import type { CertificateMode, TeoApiVersion } from "../../tencentcloud/services/teo";
import { TEO_V20220106, TEO_V20220901 } from "../../tencentcloud/services/teo";
import { hostNameProblem } from "../common/host-name";
import { CheckFailure, isUnknown } from "../common/wire";

export type HostsCertificateApiVersion = TeoApiVersion;
export type HostsCertificateMode = CertificateMode;
/** What `delete` (and hosts removed from `hosts`) does to a host's certificate. */
export type HostsCertificateDeleteBehavior = "retain" | "disable" | "eofreecert" | "default";
export type HostsCertificateUpstreamVerifyMode = "disable" | "custom_ca";

/** Resolved inputs, after `check` filled in defaults. */
export interface HostsCertificateBindingInputs {
    zoneId: string;
    /** Lower-cased acceleration domains, in the order given. */
    hosts: string[];
    apiVersion: HostsCertificateApiVersion;
    /** 2022-09-01 only; always set for that version. */
    mode?: HostsCertificateMode;
    /** 2022-09-01, mode `sslcert` only (present exactly then). */
    serverCertIds?: string[];
    /** 2022-09-01: edge mutual TLS CA certificates; [] turns it off; absent leaves it as is. */
    clientCertIds?: string[];
    /** 2022-09-01: certificates EdgeOne presents to the origin; [] turns it off; absent leaves it as is. */
    upstreamMutualTlsCertIds?: string[];
    /** 2022-09-01: origin certificate verification; absent leaves it as is. */
    upstreamVerifyMode?: HostsCertificateUpstreamVerifyMode;
    /** 2022-09-01, with upstreamVerifyMode `custom_ca` only. */
    upstreamCustomCaCertIds?: string[];
    /** 2022-01-06 only; always set for that version; [] = the default certificate. */
    certIds?: string[];
    deleteBehavior: HostsCertificateDeleteBehavior;
    waitTimeoutSeconds: number;
    /** The Pulumi resource name, set by the resource class, for log lines only: it never causes a diff. */
    resourceName?: string;
}

/** Which setting of a host a certificate serves. */
export type HostCertificateRole = "server" | "client" | "upstreamMutualTls" | "upstreamCustomCa";

/** One certificate bound to a host, with its expiry as EdgeOne reports it. */
export interface HostCertificate {
    certId: string;
    /** server (serverCertIds / certIds), client (clientCertIds), upstreamMutualTls, upstreamCustomCa. */
    role: HostCertificateRole;
    /** default (EdgeOne's free/default certificate) | upload | managed | "" */
    type: string;
    /** ISO 8601, "" when not reported. */
    expireTime: string;
}

/** Per-host status in the binding's outputs (never holds `undefined`). */
export interface HostCertificateStatus {
    host: string;
    mode: string;
    certIds: string[];
    /** deployed when every certificate is deployed; otherwise the first other status; "none" without certificates. */
    deployStatus: string;
    /** Earliest expiry of the host's certificates (ISO 8601), "" when unknown. */
    expireTime: string;
    /** 2022-09-01 DomainStatus; "" for 2022-01-06, which does not report it. */
    domainStatus: string;
    clientCertIds: string[];
    upstreamMutualTlsCertIds: string[];
    upstreamVerifyMode: string;
    upstreamCustomCaCertIds: string[];
    /** Every certificate of the host in any role, with its expiry (absent in states written before it existed). */
    certificates: HostCertificate[];
}

/** Outputs: the inputs as EdgeOne reports them, plus per-host status. */
export interface HostsCertificateBindingOutputs extends HostsCertificateBindingInputs {
    hostStatuses: HostCertificateStatus[];
}

export const DEFAULT_API_VERSION: HostsCertificateApiVersion = TEO_V20220901;
export const DEFAULT_DELETE_BEHAVIOR: HostsCertificateDeleteBehavior = "retain";
export const DEFAULT_WAIT_TIMEOUT_SECONDS = 1800;
export const MAX_WAIT_TIMEOUT_SECONDS = 86_400;

export const API_VERSIONS: readonly HostsCertificateApiVersion[] = [TEO_V20220901, TEO_V20220106];
export const MODES: readonly HostsCertificateMode[] = ["disable", "eofreecert", "eofreecert_manual", "sslcert"];
const UPSTREAM_VERIFY_MODES: readonly HostsCertificateUpstreamVerifyMode[] = ["disable", "custom_ca"];
const DELETE_BEHAVIORS: Record<HostsCertificateApiVersion, readonly HostsCertificateDeleteBehavior[]> = {
    [TEO_V20220901]: ["retain", "disable", "eofreecert"],
    [TEO_V20220106]: ["retain", "default"],
};

/** Settings that exist in only one API version. */
const V20220901_ONLY_FIELDS = ["mode", "serverCertIds", "clientCertIds", "upstreamMutualTlsCertIds", "upstreamVerifyMode", "upstreamCustomCaCertIds"] as const;
const V20220106_ONLY_FIELDS = ["certIds"] as const;

/** The fields that describe the certificate setting of the hosts (what `read` reports back). */
export const CERTIFICATE_FIELDS = [...V20220901_ONLY_FIELDS, ...V20220106_ONLY_FIELDS] as const;

// ---------------------------------------------------------------- id

/** `zoneId#host1,host2` with the hosts sorted: the one place the id is built. */
export function formatId(zoneId: string, hosts: readonly string[]): string {
    return `${zoneId}#${[...hosts].sort().join(",")}`;
}

/** Splits an id made by {@link formatId}; throws a clear error for anything else. */
export function parseId(id: string): { zoneId: string; hosts: string[] } {
    const hash = id.indexOf("#");
    const zoneId = hash > 0 ? id.slice(0, hash) : "";
    const hosts =
        hash > 0
            ? id
                  .slice(hash + 1)
                  .split(",")
                  .filter((h) => h.length > 0)
            : [];
    if (!zoneId || hosts.length === 0) {
        throw new Error(`invalid HostsCertificateBinding id '${id}': expected 'zoneId#host1,host2' (for example 'zone-2o1t24kgy362#www.example.com')`);
    }
    return { zoneId, hosts };
}

// ---------------------------------------------------------------- validation

const ZONE_ID = /^zone-[A-Za-z0-9]+$/;
const CERT_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

function describeValue(value: unknown): string {
    const text = JSON.stringify(value);
    return text === undefined ? String(value) : text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

class InputReader {
    readonly failures: CheckFailure[] = [];
    constructor(private readonly news: Record<string, unknown>) {}

    fail(property: string, reason: string): void {
        this.failures.push({ property, reason });
    }

    has(property: string): boolean {
        return this.news[property] !== undefined && this.news[property] !== null;
    }

    raw(property: string): unknown {
        return this.news[property];
    }

    /** A string from `allowed` (or any non-empty string when `allowed` is absent). */
    choice<T extends string>(property: string, allowed: readonly T[], fallback?: T): T | undefined {
        const value = this.news[property];
        if (value === undefined || value === null) {
            return fallback;
        }
        if (isUnknown(value)) {
            return value as T;
        }
        if (typeof value !== "string" || !allowed.includes(value as T)) {
            this.fail(property, `${property} must be one of ${allowed.map((a) => `"${a}"`).join(", ")}; got ${describeValue(value)}`);
            return fallback;
        }
        return value as T;
    }

    /** A list of certificate ids: strings, no duplicates; `required` = at least one. */
    certIds(property: string, required: boolean): string[] | undefined {
        const value = this.news[property];
        if (value === undefined || value === null) {
            return undefined;
        }
        if (isUnknown(value)) {
            return value as unknown as string[];
        }
        if (!Array.isArray(value)) {
            this.fail(property, `${property} must be a list of SSL certificate ids (for example ["yqWPPbs7"]); got ${describeValue(value)}`);
            return undefined;
        }
        const ids: string[] = [];
        value.forEach((item, index) => {
            if (isUnknown(item)) {
                ids.push(item as string);
            } else if (typeof item !== "string" || !CERT_ID.test(item.trim())) {
                this.fail(property, `${property}[${index}] must be an SSL certificate id (letters, digits, '.', '_', '-'); got ${describeValue(item)}`);
            } else if (ids.includes(item.trim())) {
                this.fail(property, `${property} lists certificate '${item.trim()}' twice`);
            } else {
                ids.push(item.trim());
            }
        });
        if (required && value.length === 0) {
            this.fail(property, `${property} must list at least one SSL certificate id`);
        }
        return ids;
    }
}

type Resolved = Partial<HostsCertificateBindingInputs> & Record<string, unknown>;

/** Why `zoneId` is not an EdgeOne site id (undefined when it is, or not known yet). */
export function zoneIdProblem(zoneId: unknown): string | undefined {
    if (typeof zoneId !== "string" || (!isUnknown(zoneId) && !ZONE_ID.test(zoneId))) {
        return `zoneId must be an EdgeOne site id like "zone-2o1t24kgy362"; got ${describeValue(zoneId)}`;
    }
    return undefined;
}

/** The host names normalized (trimmed, lower case, no trailing dot); one `fail` per bad or repeated name. */
export function checkHostNames(hosts: readonly unknown[], fail: (reason: string) => void): string[] {
    const list: string[] = [];
    hosts.forEach((item, index) => {
        if (isUnknown(item)) {
            list.push(item as string);
            return;
        }
        const host = typeof item === "string" ? item.trim().toLowerCase().replace(/\.$/, "") : "";
        const problem = typeof item === "string" ? hostNameProblem(host, { allowUnderscore: true }) : "is not a string";
        if (problem) {
            fail(`hosts[${index}] must be a domain name like "www.example.com" or "*.example.com"; got ${describeValue(item)}, which ${problem}`);
        } else if (list.includes(host)) {
            fail(`hosts lists '${host}' twice`);
        } else {
            list.push(host);
        }
    });
    return list;
}

function checkZoneAndHosts(r: InputReader, news: Record<string, unknown>, inputs: Resolved): void {
    const zoneId = news.zoneId;
    const zoneProblem = zoneIdProblem(zoneId);
    if (zoneProblem) {
        r.fail("zoneId", zoneProblem);
    }
    inputs.zoneId = typeof zoneId === "string" ? zoneId : "";

    const hosts = news.hosts;
    if (isUnknown(hosts)) {
        inputs.hosts = hosts as unknown as string[];
    } else if (!Array.isArray(hosts) || hosts.length === 0) {
        r.fail("hosts", `hosts must list at least one acceleration domain of the zone (for example ["www.example.com"]); got ${describeValue(hosts)}`);
        inputs.hosts = [];
    } else {
        inputs.hosts = checkHostNames(hosts, (reason) => r.fail("hosts", reason));
    }
}

function checkV20220106(r: InputReader, inputs: Resolved): void {
    for (const field of V20220901_ONLY_FIELDS) {
        if (r.has(field)) {
            r.fail(
                field,
                `${field} is a setting of API version 2022-09-01; with apiVersion "2022-01-06" set the certificate with certIds (empty = default certificate), or use apiVersion "2022-09-01"`,
            );
        }
    }
    inputs.certIds = r.certIds("certIds", false) ?? [];
}

function checkModeAndServerCerts(r: InputReader, inputs: Resolved): void {
    if (r.has("certIds")) {
        r.fail("certIds", `certIds is the API version 2022-01-06 setting; with apiVersion "2022-09-01" use mode: "sslcert" and serverCertIds`);
    }
    const serverCertIds = r.certIds("serverCertIds", false);
    const mode = r.choice("mode", MODES, serverCertIds !== undefined ? "sslcert" : undefined);
    if (mode === undefined && !r.failures.some((f) => f.property === "mode")) {
        r.fail(
            "mode",
            `mode is required with apiVersion "2022-09-01": one of ${MODES.map((m) => `"${m}"`).join(", ")} (or set serverCertIds, which implies "sslcert")`,
        );
    }
    inputs.mode = mode;
    if (mode === "sslcert" || isUnknown(mode)) {
        if (serverCertIds === undefined && !isUnknown(mode)) {
            r.fail("serverCertIds", `serverCertIds is required with mode "sslcert": list the SSL certificate id(s) to deploy`);
        } else if (serverCertIds !== undefined && !isUnknown(serverCertIds) && serverCertIds.length === 0) {
            r.fail("serverCertIds", `serverCertIds must list at least one SSL certificate id with mode "sslcert"`);
        }
        if (serverCertIds !== undefined) {
            inputs.serverCertIds = serverCertIds;
        }
    } else if (serverCertIds !== undefined && mode !== undefined) {
        r.fail(
            "serverCertIds",
            `serverCertIds is only allowed with mode "sslcert"; mode "${mode}" deploys ${mode === "disable" ? "no certificate" : "an EdgeOne free certificate"}: remove serverCertIds or set mode: "sslcert"`,
        );
    }
}

function checkMutualTls(r: InputReader, inputs: Resolved): void {
    const clientCertIds = r.certIds("clientCertIds", false);
    if (clientCertIds !== undefined) {
        inputs.clientCertIds = clientCertIds;
    }
    const upstreamMutualTlsCertIds = r.certIds("upstreamMutualTlsCertIds", false);
    if (upstreamMutualTlsCertIds !== undefined) {
        inputs.upstreamMutualTlsCertIds = upstreamMutualTlsCertIds;
    }
    const upstreamVerifyMode = r.choice("upstreamVerifyMode", UPSTREAM_VERIFY_MODES);
    const caIds = r.certIds("upstreamCustomCaCertIds", false);
    if (upstreamVerifyMode !== undefined) {
        inputs.upstreamVerifyMode = upstreamVerifyMode;
    }
    if (upstreamVerifyMode === "custom_ca") {
        if (caIds === undefined || (!isUnknown(caIds) && caIds.length === 0)) {
            r.fail("upstreamCustomCaCertIds", `upstreamCustomCaCertIds must list the trusted CA certificate id(s) when upstreamVerifyMode is "custom_ca"`);
        }
        if (caIds !== undefined) {
            inputs.upstreamCustomCaCertIds = caIds;
        }
    } else if (caIds !== undefined) {
        r.fail(
            "upstreamCustomCaCertIds",
            upstreamVerifyMode === undefined
                ? `upstreamCustomCaCertIds needs upstreamVerifyMode: "custom_ca"`
                : `upstreamCustomCaCertIds is only allowed with upstreamVerifyMode "custom_ca" (got "${upstreamVerifyMode}")`,
        );
    }
}

function checkDeleteBehavior(
    r: InputReader,
    news: Record<string, unknown>,
    inputs: Resolved,
    apiVersion: HostsCertificateApiVersion,
    versionKnown: boolean,
): void {
    const allowedDelete = versionKnown ? DELETE_BEHAVIORS[apiVersion] : [...new Set(Object.values(DELETE_BEHAVIORS).flat())];
    const deleteBehavior = news.deleteBehavior;
    if (deleteBehavior === undefined || deleteBehavior === null) {
        inputs.deleteBehavior = DEFAULT_DELETE_BEHAVIOR;
    } else if (isUnknown(deleteBehavior)) {
        inputs.deleteBehavior = deleteBehavior as HostsCertificateDeleteBehavior;
    } else if (typeof deleteBehavior !== "string" || !allowedDelete.includes(deleteBehavior as HostsCertificateDeleteBehavior)) {
        r.fail(
            "deleteBehavior",
            `deleteBehavior must be one of ${allowedDelete.map((b) => `"${b}"`).join(", ")} with apiVersion "${apiVersion}"; got ${describeValue(deleteBehavior)}`,
        );
        inputs.deleteBehavior = DEFAULT_DELETE_BEHAVIOR;
    } else {
        inputs.deleteBehavior = deleteBehavior as HostsCertificateDeleteBehavior;
    }
}

function checkWaitTimeout(r: InputReader, news: Record<string, unknown>, inputs: Resolved): void {
    const timeout = news.waitTimeoutSeconds;
    if (timeout === undefined || timeout === null) {
        inputs.waitTimeoutSeconds = DEFAULT_WAIT_TIMEOUT_SECONDS;
    } else if (isUnknown(timeout)) {
        inputs.waitTimeoutSeconds = timeout as unknown as number;
    } else if (typeof timeout !== "number" || !Number.isInteger(timeout) || timeout < 1 || timeout > MAX_WAIT_TIMEOUT_SECONDS) {
        r.fail(
            "waitTimeoutSeconds",
            `waitTimeoutSeconds must be a whole number of seconds from 1 to ${MAX_WAIT_TIMEOUT_SECONDS}; got ${describeValue(timeout)}`,
        );
        inputs.waitTimeoutSeconds = DEFAULT_WAIT_TIMEOUT_SECONDS;
    } else {
        inputs.waitTimeoutSeconds = timeout;
    }
}

/**
 * Validates program inputs and fills in defaults. Returns the resolved inputs and every problem
 * found, each naming the field and what it accepts.
 */
export function checkInputs(news: Record<string, unknown>): { inputs: HostsCertificateBindingInputs; failures: CheckFailure[] } {
    const r = new InputReader(news);
    const inputs: Resolved = {};
    checkZoneAndHosts(r, news, inputs);
    const apiVersion = r.choice("apiVersion", API_VERSIONS, DEFAULT_API_VERSION)!;
    inputs.apiVersion = apiVersion;
    const versionKnown = !isUnknown(apiVersion);
    if (versionKnown && apiVersion === TEO_V20220106) {
        checkV20220106(r, inputs);
    } else if (versionKnown) {
        checkModeAndServerCerts(r, inputs);
        checkMutualTls(r, inputs);
    }
    checkDeleteBehavior(r, news, inputs, apiVersion, versionKnown);
    checkWaitTimeout(r, news, inputs);
    if (typeof news.resourceName === "string" && news.resourceName) {
        inputs.resourceName = news.resourceName;
    }
    return { inputs: inputs as HostsCertificateBindingInputs, failures: r.failures };
}

/** Two id lists hold the same ids (order does not matter to EdgeOne). */
export function sameIds(a: readonly string[] | undefined, b: readonly string[] | undefined): boolean {
    if (a === undefined || b === undefined) {
        return a === b;
    }
    if (a.length !== b.length) {
        return false;
    }
    const set = new Set(a);
    return b.every((id) => set.has(id));
}

/** Copies only the input fields out of a bag of outputs (dropping statuses and `__provider`). */
export function pickInputs(props: Record<string, unknown>): HostsCertificateBindingInputs {
    const keys: (keyof HostsCertificateBindingInputs)[] = [
        "zoneId",
        "hosts",
        "apiVersion",
        ...CERTIFICATE_FIELDS,
        "deleteBehavior",
        "waitTimeoutSeconds",
        "resourceName",
    ];
    const inputs: Record<string, unknown> = {};
    for (const key of keys) {
        if (props[key] !== undefined && props[key] !== null) {
            inputs[key] = props[key];
        }
    }
    return inputs as unknown as HostsCertificateBindingInputs;
}
