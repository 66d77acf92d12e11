/**
 * TEO (EdgeOne): 2022-01-06 ModifyHostsCertificate + DescribeHostsCertificate, 2022-09-01
 * ModifyHostsCertificate + DescribeAccelerationDomains. A change deploys asynchronously
 * (processing → deployed after teoDeployDelayMs). Codes per tencentcloud-sdk-go(-intl-en) teo client.go.
 */
import { ApiError } from "../errors";
import { teoView, type TeoCertificateView } from "../certificates";
import type * as V1 from "../../api-models/teo-2022-01-06";
import type * as V2 from "../../api-models/teo-2022-09-01";
import type { TeoCertMode, TeoHost, TeoMutualTls, TeoZone } from "../types";
import { certCovers, isoSeconds } from "../util";
import { page, type ActionContext, type ServiceDefinition, type Validated } from "./action";

export const TEO_BUSY_V2 = "InvalidParameter.ActionInProgress";
export const TEO_BUSY_V1 = "OperationDenied";
const FREE_CERT_TYPE = "default";
const MODES: readonly TeoCertMode[] = ["disable", "eofreecert", "eofreecert_manual", "sslcert"];

const isPending = (h: TeoHost, now: number): boolean => now < h.pendingUntil;
const cname = (host: string): string => `${host}.eo.dnse2.com`;

/** The caller's account's part of the TEO state: other accounts' zones and certificates are absent from it. */
interface TeoAccount {
    zone(id: string): TeoZone | undefined;
    /** TEO deploys SSL certificates: the SSL store's record, in TEO's terms. */
    certificate(id: string): TeoCertificateView | undefined;
}

function accountOf(ctx: ActionContext): TeoAccount {
    const { teo, ssl } = ctx.state;
    return {
        zone: (id) => (ctx.owns(teo.zones[id]) ? teo.zones[id] : undefined),
        certificate: (id) => (ctx.owns(ssl.certificates[id]) ? teoView(ssl.certificates[id]) : undefined),
    };
}

/** A certificate as the 2022-09-01 answers show it (CertificateInfo). */
function certRef(teo: TeoAccount, id: string, h: TeoHost, now: number): V2.CertificateInfo {
    const c = teo.certificate(id);
    const Status = isPending(h, now) ? "processing" : "deployed";
    return {
        CertId: id,
        Alias: c?.Alias ?? "",
        Type: c?.Type ?? "upload",
        ExpireTime: c?.ExpireTime ?? "",
        DeployTime: h.DeployTime,
        SignAlgo: c?.SignAlgo ?? "",
        Status,
    };
}

function certRefs(teo: TeoAccount, ids: string[], h: TeoHost, now: number): V2.CertificateInfo[] {
    return ids.map((id) => certRef(teo, id, h, now));
}

/** Server certificates as the Describe calls show them (2022-09-01 form; 2022-01-06 shows them without SignAlgo). */
function serverCerts(teo: TeoAccount, h: TeoHost, now: number): V2.CertificateInfo[] {
    if (h.Mode === "sslcert") return certRefs(teo, h.CertIds, h, now);
    if (h.Mode === "eofreecert" || h.Mode === "eofreecert_manual") {
        const expire = h.FreeCertExpireTime ?? isoSeconds(Date.parse(h.DeployTime) + 90 * 86400_000);
        const Status = isPending(h, now) ? "processing" : "deployed";
        return [
            {
                CertId: `teo-free-${h.DomainName}`,
                Alias: "EdgeOne free certificate",
                Type: FREE_CERT_TYPE,
                ExpireTime: expire,
                DeployTime: h.DeployTime,
                SignAlgo: "RSA 2048",
                Status,
            },
        ];
    }
    return [];
}

/** ServerCertInfo of 2022-01-06: the international model has no SignAlgo. */
const serverCertInfoV1 = ({ CertId, Alias, Type, ExpireTime, DeployTime, Status }: V2.CertificateInfo): V1.ServerCertInfo => ({
    CertId,
    Alias,
    Type,
    ExpireTime,
    DeployTime,
    Status,
});

function findZone(teo: TeoAccount, zoneId: string, code: string): TeoZone {
    const z = teo.zone(zoneId);
    if (!z) throw new ApiError(code, `Zone ${zoneId} does not exist.`);
    return z;
}

function findHosts(zone: TeoZone, hosts: string[]): TeoHost[] {
    if (hosts.length === 0) throw new ApiError("InvalidParameter", "Hosts must contain at least one host.");
    return hosts.map((name) => {
        const h = zone.hosts[name];
        if (!h) throw new ApiError("ResourceUnavailable.HostNotFound", `Host ${name} does not exist in zone ${zone.ZoneId} or is not proxied.`);
        return h;
    });
}

function apply(h: TeoHost, ctx: ActionContext, change: (h: TeoHost) => void): void {
    change(h);
    delete h.FreeCertExpireTime; // a deployment re-issues the free certificate
    const at = isoSeconds(ctx.now);
    h.DeployTime = at;
    h.ModifiedOn = at;
    h.pendingUntil = ctx.now + ctx.teoDeployDelayMs;
}

// ------------------------------------------------------------------ 2022-01-06

function modifyV1(p: Validated<V1.ModifyHostsCertificateRequest>, ctx: ActionContext) {
    const teo = accountOf(ctx);
    const zone = findZone(teo, p.ZoneId, "OperationDenied");
    const hosts = findHosts(zone, p.Hosts);
    const certIds = (p.CertInfo ?? []).map((c) => c.CertId);
    for (const id of certIds) {
        const c = teo.certificate(id);
        if (!c) throw new ApiError("FailedOperation.CertificateNotFound", `Certificate ${id} does not exist.`);
        if (c.Kind !== "server") throw new ApiError("InvalidParameter.InvalidCertInfo", `Certificate ${id} is not a server certificate.`);
        if (Date.parse(c.ExpireTime) <= ctx.now) throw new ApiError("InvalidParameter.InvalidCertInfo", `Certificate ${id} has expired.`);
        for (const h of hosts) {
            if (!certCovers(c.Domains, h.DomainName))
                throw new ApiError("InvalidParameter.InvalidCertInfo", `Certificate ${id} does not match host ${h.DomainName}.`);
        }
    }
    for (const h of hosts) if (isPending(h, ctx.now)) throw new ApiError(TEO_BUSY_V1, `Host ${h.DomainName} has a certificate deployment in progress.`);
    for (const h of hosts) {
        apply(h, ctx, (x) => {
            // No CertInfo means "use the default certificate" (the free one).
            x.Mode = certIds.length ? "sslcert" : "eofreecert";
            x.CertIds = [...certIds];
        });
    }
    return {};
}

function describeHostsCertificate(p: Validated<V1.DescribeHostsCertificateRequest>, ctx: ActionContext) {
    const teo = accountOf(ctx);
    const zone = findZone(teo, p.ZoneId, "UnauthorizedOperation.NoPermission");
    const { offset, limit } = page(p, 100, 1000, "InvalidParameter");
    let rows = Object.values(zone.hosts).map((h) => ({ h, certs: serverCerts(teo, h, ctx.now) }));
    for (const f of p.Filters ?? []) {
        if (!["host", "certId", "certAlias", "certType"].includes(f.Name))
            throw new ApiError("InvalidParameter.InvalidFilterName", `Filter name \`${f.Name}\` is not supported.`);
        if (f.Fuzzy && f.Name !== "host") throw new ApiError("InvalidParameter.InvalidFilterName", "Fuzzy matching is only supported for the filter `host`.");
        if (f.Fuzzy && f.Values.length > 1) throw new ApiError("InvalidParameter", "A fuzzy filter takes one value.");
        rows = rows.filter(({ h, certs }) =>
            f.Values.some((v) => {
                switch (f.Name) {
                    case "host":
                        return f.Fuzzy ? h.DomainName.includes(v) : h.DomainName === v;
                    case "certId":
                        return certs.some((c) => c.CertId === v);
                    case "certAlias":
                        return certs.some((c) => c.Alias === v);
                    default:
                        return certs.some((c) => c.Type === v);
                }
            }),
        );
    }
    const sort = p.Sort;
    if (sort) {
        const key = {
            createTime: (r: (typeof rows)[number]) => r.h.CreatedOn,
            certExpireTime: (r: (typeof rows)[number]) => r.certs[0]?.ExpireTime ?? "",
            certDeployTime: (r: (typeof rows)[number]) => r.h.DeployTime,
        }[sort.Key];
        if (!key) throw new ApiError("InvalidParameter", `Sort key \`${sort.Key}\` is not supported.`);
        const dir = (sort.Sequence ?? "desc") === "asc" ? 1 : -1;
        rows.sort((a, b) => dir * (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : a.h.DomainName.localeCompare(b.h.DomainName)));
    }
    return {
        TotalCount: rows.length,
        Hosts: rows.slice(offset, offset + limit).map(({ h, certs }) => ({ Host: h.DomainName, CertInfo: certs.map(serverCertInfoV1) })),
    };
}

// ------------------------------------------------------------------ 2022-09-01

function checkCert(teo: TeoAccount, id: string, now: number, kind: TeoCertificateView["Kind"], wrongKindCode: string): TeoCertificateView {
    const c = teo.certificate(id);
    if (!c) throw new ApiError("ResourceUnavailable.CertNotFound", `Certificate ${id} does not exist.`);
    if (c.Kind !== kind) throw new ApiError(wrongKindCode, `Certificate ${id} is a ${c.Kind} certificate; a ${kind} certificate is needed here.`);
    if (Date.parse(c.ExpireTime) <= now) throw new ApiError("FailedOperation.CertificateHasExpired", `Certificate ${id} expired at ${c.ExpireTime}.`);
    return c;
}

function parseMutual(
    teo: TeoAccount,
    m: Validated<V2.MutualTLS>,
    now: number,
    needCode: string,
    kind: TeoCertificateView["Kind"],
    kindCode: string,
): TeoMutualTls {
    if (m.Switch !== "on" && m.Switch !== "off") throw new ApiError("InvalidParameterValue", `Switch must be \`on\` or \`off\`, not \`${m.Switch}\`.`);
    const ids = (m.CertInfos ?? []).map((c) => c.CertId);
    if (m.Switch === "on" && ids.length === 0) throw new ApiError(needCode, "Switch is on but CertInfos is empty.");
    for (const id of ids) checkCert(teo, id, now, kind, kindCode);
    return { Switch: m.Switch, CertIds: m.Switch === "on" ? ids : [] };
}

function modifyV2(p: Validated<V2.ModifyHostsCertificateRequest>, ctx: ActionContext) {
    const teo = accountOf(ctx);
    const zone = findZone(teo, p.ZoneId, "ResourceUnavailable.ZoneNotFound");
    const hosts = findHosts(zone, p.Hosts);
    const serverIds = (p.ServerCertInfo ?? []).map((c) => c.CertId);
    let mode = p.Mode;
    if (mode !== undefined && !MODES.includes(mode as TeoCertMode)) {
        throw new ApiError("InvalidParameterValue", `Mode \`${mode}\` is not one of ${MODES.join(", ")}.`);
    }
    if (mode === undefined && serverIds.length > 0) mode = "sslcert";
    if (mode === "sslcert") {
        if (serverIds.length === 0) throw new ApiError("InvalidParameter.InvalidCertInfo", "Mode sslcert needs ServerCertInfo with at least one CertId.");
        for (const id of serverIds) {
            const c = checkCert(teo, id, ctx.now, "server", "InvalidParameter.InvalidCertInfo");
            for (const h of hosts) {
                if (!certCovers(c.Domains, h.DomainName))
                    throw new ApiError("InvalidParameter.CertNotMatchDomain", `Certificate ${id} does not match host ${h.DomainName}.`);
            }
        }
    }
    if (mode === "eofreecert" || mode === "eofreecert_manual" || mode === "sslcert") {
        for (const h of hosts) {
            if (h.DomainStatus !== "online")
                throw new ApiError(
                    "InvalidParameter.HostStatusNotAllowApplyCertificate",
                    `Host ${h.DomainName} is ${h.DomainStatus}; certificates can only be configured on online hosts.`,
                );
        }
    }
    const client = p.ClientCertInfo
        ? parseMutual(
              teo,
              p.ClientCertInfo,
              ctx.now,
              "InvalidParameterValue.CertificateVerifyClientNeedCert",
              "ca",
              "InvalidParameterValue.CertificateVerifyClientMustCa",
          )
        : undefined;
    const upstream = p.UpstreamCertInfo;
    const upMtls = upstream?.UpstreamMutualTLS
        ? parseMutual(
              teo,
              upstream.UpstreamMutualTLS,
              ctx.now,
              "InvalidParameterValue.CertificateVerifyUpstreamClientNeedCert",
              "server",
              "InvalidParameterValue.CertificateVerifyUpstreamClientMustSVR",
          )
        : undefined;
    let upVerify: TeoHost["UpstreamVerify"] | undefined;
    if (upstream?.UpstreamCertificateVerify) {
        const v = upstream.UpstreamCertificateVerify;
        if (v.VerificationMode !== "disable" && v.VerificationMode !== "custom_ca")
            throw new ApiError("InvalidParameterValue", `VerificationMode must be \`disable\` or \`custom_ca\`, not \`${v.VerificationMode}\`.`);
        const ids = (v.CustomCACerts ?? []).map((c) => c.CertId);
        if (v.VerificationMode === "custom_ca" && ids.length === 0)
            throw new ApiError("InvalidParameterValue.CertificateVerifyUpstreamVerifyCustomCANeedCert", "VerificationMode custom_ca needs CustomCACerts.");
        for (const id of ids) checkCert(teo, id, ctx.now, "ca", "InvalidParameterValue.CertificateVerifyUpstreamVerifyCustomCAMustCA");
        upVerify = { VerificationMode: v.VerificationMode, CertIds: v.VerificationMode === "custom_ca" ? ids : [] };
    }
    for (const h of hosts) if (isPending(h, ctx.now)) throw new ApiError(TEO_BUSY_V2, `Host ${h.DomainName} has a deployment in progress; try again later.`);
    for (const h of hosts) {
        apply(h, ctx, (x) => {
            if (mode !== undefined) {
                x.Mode = mode as TeoCertMode;
                x.CertIds = mode === "sslcert" ? [...serverIds] : [];
            }
            if (client) x.ClientCert = client;
            if (upMtls) x.UpstreamMutualTls = upMtls;
            if (upVerify) x.UpstreamVerify = upVerify;
        });
    }
    return {};
}

function accelerationDomain(teo: TeoAccount, zone: TeoZone, h: TeoHost, now: number) {
    const pending = isPending(h, now);
    return {
        ZoneId: zone.ZoneId,
        DomainName: h.DomainName,
        DomainStatus: pending && h.DomainStatus === "online" ? "process" : h.DomainStatus,
        Cname: cname(h.DomainName),
        IPv6Status: "follow",
        IdentificationStatus: "finished",
        OwnershipVerification: null,
        OriginDetail: {
            OriginType: "IP_DOMAIN",
            Origin: h.Origin,
            BackupOrigin: "",
            OriginGroupName: "",
            BackOriginGroupName: "",
            PrivateAccess: "off",
            PrivateParameters: [],
            HostHeader: "",
            VodOriginScope: "",
            VodBucketId: "",
        },
        OriginProtocol: "FOLLOW",
        HttpOriginPort: 80,
        HttpsOriginPort: 443,
        Certificate: {
            Mode: h.Mode,
            List: serverCerts(teo, h, now),
            ClientCertInfo: { Switch: h.ClientCert.Switch, CertInfos: certRefs(teo, h.ClientCert.CertIds, h, now) },
            UpstreamCertInfo: {
                UpstreamMutualTLS: { Switch: h.UpstreamMutualTls.Switch, CertInfos: certRefs(teo, h.UpstreamMutualTls.CertIds, h, now) },
                UpstreamCertificateVerify: {
                    VerificationMode: h.UpstreamVerify.VerificationMode,
                    CustomCACerts: certRefs(teo, h.UpstreamVerify.CertIds, h, now),
                },
            },
        },
        CreatedOn: h.CreatedOn,
        ModifiedOn: h.ModifiedOn,
    };
}

function describeAccelerationDomains(p: Validated<V2.DescribeAccelerationDomainsRequest>, ctx: ActionContext) {
    const teo = accountOf(ctx);
    const zone = findZone(teo, p.ZoneId, "ResourceNotFound");
    const { offset, limit } = page(p, 20, 200, "InvalidParameterValue", "InvalidParameterValue");
    const filters = p.Filters ?? [];
    const fieldOf: Record<string, (h: TeoHost) => string> = {
        "domain-name": (h) => h.DomainName,
        "origin-type": () => "IP_DOMAIN",
        origin: (h) => h.Origin,
        "backup-origin": () => "",
        "domain-cname": (h) => cname(h.DomainName),
        "share-cname": () => "",
    };
    for (const f of filters) {
        if (!fieldOf[f.Name]) throw new ApiError("InvalidParameter", `Filter name \`${f.Name}\` is not supported.`);
        if (f.Values.length > 20)
            throw new ApiError("InvalidParameter.TooManyFilterValues", `Filter ${f.Name} has ${f.Values.length} values; at most 20 are allowed.`);
    }
    const match = p.Match ?? "all";
    if (match !== "all" && match !== "any") throw new ApiError("InvalidParameter", `Match must be \`all\` or \`any\`, not \`${match}\`.`);
    const hit = (h: TeoHost, f: (typeof filters)[number]): boolean => {
        const value = fieldOf[f.Name](h).toLowerCase();
        return f.Values.some((v) => (f.Fuzzy ? value.includes(v.toLowerCase()) : value === v.toLowerCase()));
    };
    let hosts = Object.values(zone.hosts).filter(
        (h) => filters.length === 0 || (match === "all" ? filters.every((f) => hit(h, f)) : filters.some((f) => hit(h, f))),
    );
    const order = p.Order ?? "domain-name";
    const direction = p.Direction ?? "asc";
    if (order !== "domain-name" && order !== "created_on")
        throw new ApiError("InvalidParameter", `Order must be \`created_on\` or \`domain-name\`, not \`${order}\`.`);
    if (direction !== "asc" && direction !== "desc") throw new ApiError("InvalidParameter", `Direction must be \`asc\` or \`desc\`, not \`${direction}\`.`);
    const key = (h: TeoHost): string => (order === "created_on" ? h.CreatedOn + h.DomainName : h.DomainName);
    hosts = hosts.sort((a, b) => (direction === "asc" ? 1 : -1) * (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
    return { TotalCount: hosts.length, AccelerationDomains: hosts.slice(offset, offset + limit).map((h) => accelerationDomain(teo, zone, h, ctx.now)) };
}

export const teoService = {
    "2022-01-06": { ModifyHostsCertificate: { write: true, handle: modifyV1 }, DescribeHostsCertificate: { write: false, handle: describeHostsCertificate } },
    "2022-09-01": {
        ModifyHostsCertificate: { write: true, handle: modifyV2 },
        DescribeAccelerationDomains: { write: false, handle: describeAccelerationDomains },
    },
} satisfies ServiceDefinition<"teo">;
