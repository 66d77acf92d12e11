/**
 * HostsCertificateBinding's field table (common/fields.ts): every input and output with its API
 * name (teo 2022-09-01 ModifyHostsCertificate / DescribeAccelerationDomains, 2022-01-06
 * ModifyHostsCertificate / DescribeHostsCertificate), validator, default and what a change does;
 * and the id format. The zone and API version identify a binding (a change replaces it); hosts
 * and certificate settings change in place.
 */
import type { CertificateMode, TeoApiVersion } from "../../tencentcloud/services/teo";
import { TEO_V20220106, TEO_V20220901 } from "../../tencentcloud/services/teo";
import { CheckContext, defaulted, FieldSpec, internal, InputsOf, optional, output, OutputsOf, required } from "../common/fields";
import { hostNameProblem } from "../common/host-name";
import { SCOPE_FIELDS } from "../common/resource";
import { describeValue, idList, oneOf, waitTimeoutField } from "../common/validators";
import { isUnknown, type Props } from "../common/wire";

export type HostsCertificateApiVersion = TeoApiVersion;
export type HostsCertificateMode = CertificateMode;
/** What `delete` (and hosts removed from `hosts`) does to a host's certificate. */
export type HostsCertificateDeleteBehavior = "retain" | "disable" | "eofreecert" | "default";
export type HostsCertificateUpstreamVerifyMode = "disable" | "custom_ca";

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

export const DEFAULT_API_VERSION: HostsCertificateApiVersion = TEO_V20220901;
export const DEFAULT_DELETE_BEHAVIOR: HostsCertificateDeleteBehavior = "retain";
export const DEFAULT_WAIT_TIMEOUT_SECONDS = 1800;

export const API_VERSIONS: readonly HostsCertificateApiVersion[] = [TEO_V20220901, TEO_V20220106];
export const MODES: readonly HostsCertificateMode[] = ["disable", "eofreecert", "eofreecert_manual", "sslcert"];
const UPSTREAM_VERIFY_MODES: readonly HostsCertificateUpstreamVerifyMode[] = ["disable", "custom_ca"];
const DELETE_BEHAVIORS: Record<HostsCertificateApiVersion, readonly HostsCertificateDeleteBehavior[]> = {
    [TEO_V20220901]: ["retain", "disable", "eofreecert"],
    [TEO_V20220106]: ["retain", "default"],
};

// ---------------------------------------------------------------- id

/** `zoneId#host1,host2` with the hosts sorted: the one place the id is built. */
export function formatId(zoneId: string, hosts: readonly string[]): string {
    return `${zoneId}#${[...hosts].sort().join(",")}`;
}

/** Splits an id made by {@link formatId}; throws a clear error for anything else. */
export function parseId(id: string): { zoneId: string; hosts: string[] } {
    const [zoneId, list = ""] = id.split(/#(.*)/s);
    const hosts = list.split(",").filter((h) => h.length > 0);
    if (!zoneId || hosts.length === 0) {
        throw new Error(`invalid HostsCertificateBinding id '${id}': expected 'zoneId#host1,host2' (for example 'zone-2o1t24kgy362#www.example.com')`);
    }
    return { zoneId, hosts };
}

// ---------------------------------------------------------------- validation

const ZONE_ID = /^zone-[A-Za-z0-9]+$/;
const CERT_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

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

function hosts(value: unknown, ctx: CheckContext): string[] | undefined {
    if (!Array.isArray(value) || value.length === 0) {
        ctx.fail(`hosts must list at least one acceleration domain of the zone (for example ["www.example.com"]); got ${describeValue(value)}`);
        return undefined;
    }
    return checkHostNames(value, ctx.fail);
}

const certIds = idList({ item: "SSL certificate id", format: "letters, digits, '.', '_', '-'", example: '["yqWPPbs7"]', test: (id) => CERT_ID.test(id) });

/** Ids as the API takes them. */
const certInfos = (ids: string[]) => ids.map((CertId) => ({ CertId }));
/** A mutual-TLS switch: on with the ids, [] = off. */
const mutualTls = (ids: string[]) => (ids.length ? { Switch: "on", CertInfos: certInfos(ids) } : { Switch: "off" });

/** A setting of one API version only: given with the other version, it fails with `why`. */
function onlyIn<T>(version: HostsCertificateApiVersion, why: string, spec: FieldSpec<T>): FieldSpec<T> {
    return {
        ...spec,
        fill: spec.fill && ((ctx) => (ctx.inputs.apiVersion === version ? spec.fill!(ctx) : undefined)),
        parse: (value, ctx) => {
            const other = ctx.inputs.apiVersion !== version && !isUnknown(ctx.inputs.apiVersion);
            return other ? (ctx.fail(`${ctx.name} ${why}`), undefined) : spec.parse!(value, ctx);
        },
    };
}

const v2Only = <T>(spec: FieldSpec<T>) =>
    onlyIn(
        TEO_V20220901,
        `is a setting of API version 2022-09-01; with apiVersion "2022-01-06" set the certificate with certIds (empty = default certificate), or use apiVersion "2022-09-01"`,
        spec,
    );

// ---------------------------------------------------------------- the table

/** A 2022-09-01 list of certificate ids. */
const v2Ids = (api: string, doc: string, encode: (ids: string[]) => unknown) =>
    optional<string[]>(v2Only({ api, type: "string[]", doc: `2022-09-01: ${doc}`, encode, parse: certIds }));

/** The certificate setting of the hosts: what ModifyHostsCertificate sends and read reports back. */
const SETTING_FIELDS = {
    mode: optional<HostsCertificateMode>(
        v2Only({
            api: "Mode",
            type: "`disable` \\| `eofreecert` \\| `eofreecert_manual` \\| `sslcert`",
            doc: "2022-09-01: which certificate the hosts serve; required unless `serverCertIds` is set (then `sslcert`).",
            defaultDoc: "`sslcert` with `serverCertIds`",
            fill: (ctx) => (ctx.raw.serverCertIds !== undefined && ctx.raw.serverCertIds !== null ? "sslcert" : undefined),
            parse: oneOf(MODES),
        }),
    ),
    serverCertIds: v2Ids("ServerCertInfo", "certificates to deploy; required with `sslcert`, rejected with other modes. Order does not matter.", certInfos),
    clientCertIds: v2Ids("ClientCertInfo", "CA certificates for edge mutual TLS. `[]` turns it off; unset leaves it as it is.", mutualTls),
    upstreamMutualTlsCertIds: v2Ids(
        "UpstreamCertInfo.UpstreamMutualTLS",
        "certificate EdgeOne presents to the origin (upstream mutual TLS). `[]` off; unset = as is.",
        mutualTls,
    ),
    upstreamVerifyMode: optional<HostsCertificateUpstreamVerifyMode>(
        v2Only({
            api: "UpstreamCertInfo.UpstreamCertificateVerify.VerificationMode",
            type: "`disable` \\| `custom_ca`",
            doc: "2022-09-01: origin certificate verification; unset = as is.",
            parse: oneOf(UPSTREAM_VERIFY_MODES),
        }),
    ),
    upstreamCustomCaCertIds: v2Ids(
        "UpstreamCertInfo.UpstreamCertificateVerify.CustomCACerts",
        "trusted CAs, required with `custom_ca`, rejected otherwise.",
        certInfos,
    ),
    certIds: optional<string[]>(
        onlyIn(TEO_V20220106, `is the API version 2022-01-06 setting; with apiVersion "2022-09-01" use mode: "sslcert" and serverCertIds`, {
            api: "CertInfo",
            type: "string[]",
            doc: "2022-01-06: certificates to deploy; `[]` = the default certificate.",
            defaultDoc: "`[]` with 2022-01-06",
            fill: () => [],
            encode: (ids) => (ids.length ? certInfos(ids) : undefined),
            parse: certIds,
        }),
    ),
};

/** The names of the certificate setting fields, in table order. */
export const CERTIFICATE_FIELDS = Object.keys(SETTING_FIELDS) as (keyof typeof SETTING_FIELDS)[];

export const HOSTS_FIELDS = {
    zoneId: required<string>({
        api: "ZoneId",
        type: "string",
        doc: "EdgeOne site id (`zone-…`).",
        change: "replace",
        parse: (value, ctx) => {
            const problem = zoneIdProblem(value);
            return problem ? (ctx.fail(problem), undefined) : (value as string);
        },
    }),
    hosts: required<string[]>({
        api: "Hosts",
        type: "string[]",
        doc: "Acceleration domains of the zone, one or more (lower-cased; `*.example.com` allowed); hosts removed from the list get `deleteBehavior`.",
        parse: hosts,
    }),
    apiVersion: defaulted<HostsCertificateApiVersion>({
        type: '`"2022-09-01"` \\| `"2022-01-06"`',
        doc: "The TEO API version the binding uses.",
        default: DEFAULT_API_VERSION,
        change: "replace",
        parse: oneOf(API_VERSIONS),
    }),
    ...SETTING_FIELDS,
    deleteBehavior: defaulted<HostsCertificateDeleteBehavior>({
        type: "string",
        doc: "What destroy does: `retain` (leave the certificate and log a warning); `disable` or `eofreecert` (2022-09-01); `default` (2022-01-06).",
        default: DEFAULT_DELETE_BEHAVIOR,
        change: "local",
        parse: oneOf(
            (ctx) => DELETE_BEHAVIORS[ctx.inputs.apiVersion as HostsCertificateApiVersion] ?? [...new Set(Object.values(DELETE_BEHAVIORS).flat())],
            (ctx) => (typeof ctx.inputs.apiVersion === "string" && !isUnknown(ctx.inputs.apiVersion) ? ` with apiVersion "${ctx.inputs.apiVersion}"` : ""),
        ),
    }),
    waitTimeoutSeconds: waitTimeoutField(DEFAULT_WAIT_TIMEOUT_SECONDS, "deployment"),
    resourceName: internal<string>({
        type: "string",
        doc: "The Pulumi resource name, set by the resource class for log lines; it never causes a diff.",
        change: "ignore",
        parse: (value) => (typeof value === "string" && value ? value : undefined),
    }),
    ...SCOPE_FIELDS,
    hostStatuses: output<HostCertificateStatus[]>({
        type: "`HostCertificateStatus[]`",
        doc: "Per host, sorted: `mode`, `certIds`, `deployStatus`, `expireTime`, `domainStatus`, the mutual-TLS settings and `certificates` (each with its role, type and expiry).",
    }),
};

/** Resolved inputs, after `check` filled in defaults. */
export type HostsCertificateBindingInputs = InputsOf<typeof HOSTS_FIELDS>;
/** Outputs: the inputs as EdgeOne reports them, plus per-host status. */
export type HostsCertificateBindingOutputs = OutputsOf<typeof HOSTS_FIELDS>;
/** The certificate setting a binding asks for (a subset of its inputs). */
export type DesiredSetting = Pick<HostsCertificateBindingInputs, "apiVersion"> & InputsOf<typeof SETTING_FIELDS>;

type Fail = (property: string, reason: string) => void;

/** With 2022-09-01: a mode (or serverCertIds, which implies sslcert), and serverCertIds exactly with sslcert. */
function modeRules(inputs: Props, fail: Fail, raw: Props): void {
    const { mode, serverCertIds } = inputs;
    if (mode === undefined && (raw.mode === undefined || raw.mode === null)) {
        fail(
            "mode",
            `mode is required with apiVersion "2022-09-01": one of ${MODES.map((m) => `"${m}"`).join(", ")} (or set serverCertIds, which implies "sslcert")`,
        );
    }
    if (mode === "sslcert") {
        if (raw.serverCertIds === undefined || raw.serverCertIds === null) {
            fail("serverCertIds", `serverCertIds is required with mode "sslcert": list the SSL certificate id(s) to deploy`);
        } else if (Array.isArray(serverCertIds) && serverCertIds.length === 0) {
            fail("serverCertIds", `serverCertIds must list at least one SSL certificate id with mode "sslcert"`);
        }
    } else if (serverCertIds !== undefined && typeof mode === "string" && !isUnknown(mode)) {
        const deploys = mode === "disable" ? "no certificate" : "an EdgeOne free certificate";
        fail(
            "serverCertIds",
            `serverCertIds is only allowed with mode "sslcert"; mode "${mode}" deploys ${deploys}: remove serverCertIds or set mode: "sslcert"`,
        );
    }
}

/** The trusted CAs exactly with `upstreamVerifyMode: "custom_ca"`. */
function upstreamRules(inputs: Props, fail: Fail): void {
    const { upstreamVerifyMode: verify, upstreamCustomCaCertIds: ca } = inputs;
    if (verify === "custom_ca") {
        if (ca === undefined || (Array.isArray(ca) && ca.length === 0)) {
            fail("upstreamCustomCaCertIds", `upstreamCustomCaCertIds must list the trusted CA certificate id(s) when upstreamVerifyMode is "custom_ca"`);
        }
    } else if (ca !== undefined && !isUnknown(verify)) {
        fail(
            "upstreamCustomCaCertIds",
            verify === undefined
                ? `upstreamCustomCaCertIds needs upstreamVerifyMode: "custom_ca"`
                : `upstreamCustomCaCertIds is only allowed with upstreamVerifyMode "custom_ca" (got "${verify}")`,
        );
    }
}

/** The rules between the certificate fields of 2022-09-01 (the other version has certIds only). */
export function hostsRules(inputs: Props, fail: Fail, raw: Props): void {
    if (inputs.apiVersion === TEO_V20220901) {
        modeRules(inputs, fail, raw);
        upstreamRules(inputs, fail);
    }
}
