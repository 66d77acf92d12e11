/** GAAP 2018-05-29: ModifyCertificate, DescribeRules, DescribeHTTPSListeners, DescribeCertificates. Codes per tencentcloud-sdk-go gaap/v20180529/client.go. */
import { ApiError } from "../errors";
import type { GaapCertificate, GaapDomain, GaapListener, GaapProxy } from "../types";
import { certCovers } from "../util";
import type { DescribeHTTPSListenersRequest, ModifyCertificateRequest } from "../../api-models/gaap-2018-05-29";
import { page, type ActionContext, type ServiceDefinition, type Validated } from "./action";
import { describeCertificates } from "./gaap-certificates";

export const LISTENER_HAS_TASK = "FailedOperation.ListenerHasTask";

/** The caller's account's part of the GAAP state: other accounts' objects are absent from it. */
interface GaapAccount {
    proxy(id: string): GaapProxy | undefined;
    listener(id: string): GaapListener | undefined;
    certificate(id: string): GaapCertificate | undefined;
    proxies(): GaapProxy[];
    listeners(): GaapListener[];
}

function accountOf(ctx: ActionContext): GaapAccount {
    const gaap = ctx.state.gaap;
    const owned = <T extends object>(x: T | undefined): T | undefined => (ctx.owns(x) ? x : undefined);
    return {
        proxy: (id) => owned(gaap.proxies[id]),
        listener: (id) => owned(gaap.listeners[id]),
        certificate: (id) => owned(gaap.certificates[id]),
        proxies: () => Object.values(gaap.proxies).filter((x) => ctx.owns(x)),
        listeners: () => Object.values(gaap.listeners).filter((x) => ctx.owns(x)),
    };
}

function findListener(gaap: GaapAccount, id: string): GaapListener {
    const l = gaap.listener(id);
    if (!l) throw new ApiError("ResourceNotFound", `Listener ${id} does not exist.`);
    return l;
}

const alias = (gaap: GaapAccount, id: string | null | undefined, listenerCert?: string | null): string => {
    if (!id) return "";
    const effective = id === "default" ? listenerCert : id;
    return (effective && gaap.certificate(effective)?.CertificateAlias) || "";
};

function listenerBusy(l: GaapListener, now: number): boolean {
    return now < l.busyUntil || l.Domains.some((d) => now < d.pendingUntil);
}

function requireCert(gaap: GaapAccount, id: string, type: GaapCertificate["CertificateType"], field: string): GaapCertificate {
    const cert = gaap.certificate(id);
    if (!cert) throw new ApiError("InvalidParameterValue", `${field} \`${id}\` does not exist.`);
    if (cert.CertificateType !== type) {
        const want = type === 2 ? "a server SSL certificate (type 2)" : "a client CA certificate (type 1)";
        throw new ApiError("InvalidParameterValue", `${field} \`${id}\` is not ${want}.`);
    }
    return cert;
}

/** A domain's certificate id as DescribeRules reports it: `default`, or the listener's own id when the listener is set to report that. */
function reported(l: GaapListener, id: string, listenerOwn: string | null): string {
    return id === "default" && l.defaultCertificateReport === "listenerId" && listenerOwn ? listenerOwn : id;
}

function domainRuleSet(gaap: GaapAccount, l: GaapListener, d: GaapDomain, now: number) {
    const pending = now < d.pendingUntil;
    return {
        Domain: d.Domain,
        RuleSet: d.Rules.map((r) => ({
            RuleId: r.RuleId,
            ListenerId: l.ListenerId,
            Domain: d.Domain,
            Path: r.Path,
            RealServerType: "IP",
            Scheduler: "rr",
            HealthCheck: 0,
            RuleStatus: pending ? 4 : 0,
            CheckParams: {
                DelayLoop: 5,
                ConnectTimeout: 2,
                Path: "/",
                Method: "HEAD",
                StatusCode: [100, 200, 300, 400, 500],
                Domain: d.Domain,
                FailedCountInter: 0,
                FailedThreshold: 0,
                BlockInter: 0,
            },
            RealServerSet: [
                {
                    RealServerId: `rs-${r.RuleId.slice(5)}`,
                    RealServerIP: r.RealServerIP,
                    RealServerWeight: 1,
                    RealServerStatus: 0,
                    RealServerPort: r.RealServerPort,
                    DownIPList: [],
                    RealServerFailoverRole: "master",
                },
            ],
            BindStatus: 1,
            ForwardHost: "default",
            ServerNameIndicationSwitch: "OFF",
            ServerNameIndication: "",
            ForcedRedirect: null,
            ForwardProtocol: "HTTP",
        })),
        CertificateId: reported(l, d.CertificateId, l.CertificateId),
        CertificateAlias: alias(gaap, d.CertificateId, l.CertificateId),
        ClientCertificateId: reported(l, d.ClientCertificateId, l.ClientCertificateId),
        ClientCertificateAlias: alias(gaap, d.ClientCertificateId, l.ClientCertificateId),
        BasicAuthConfId: "",
        BasicAuth: 0,
        BasicAuthConfAlias: "",
        RealServerCertificateId: "",
        RealServerAuth: 0,
        RealServerCertificateAlias: "",
        GaapCertificateId: "",
        GaapAuth: 0,
        GaapCertificateAlias: "",
        RealServerCertificateDomain: "",
        PolyClientCertificateAliasInfo: d.PolyClientCertificateIds.map((id) => ({ CertificateId: id, CertificateAlias: alias(gaap, id) })),
        PolyRealServerCertificateAliasInfo: [],
        DomainStatus: pending ? 1 : 0,
        BanStatus: "RECOVER",
        Http3Supported: l.Http3Supported,
        IsDefaultServer: l.Domains[0] === d,
        TLSCiphers: "GAAP-TLS-SUITE-STRICT",
        TLSSupportVersion: ["TLSv1.2", "TLSv1.3"],
    };
}

function httpsListener(gaap: GaapAccount, l: GaapListener, now: number) {
    const proxy = gaap.proxy(l.ProxyId);
    return {
        ListenerId: l.ListenerId,
        ListenerName: l.ListenerName,
        Port: l.Port,
        Protocol: "HTTPS",
        ListenerStatus: listenerBusy(l, now) ? 4 : 0,
        CertificateId: l.CertificateId,
        ForwardProtocol: l.ForwardProtocol,
        CreateTime: l.CreateTime,
        CertificateAlias: alias(gaap, l.CertificateId),
        ClientCertificateId: l.ClientCertificateId,
        AuthType: l.AuthType,
        ClientCertificateAlias: l.ClientCertificateId ? alias(gaap, l.ClientCertificateId) : null,
        PolyClientCertificateAliasInfo: l.PolyClientCertificateIds.map((id) => ({ CertificateId: id, CertificateAlias: alias(gaap, id) })),
        Http3Supported: l.Http3Supported,
        ProxyId: proxy?.GroupId ? null : l.ProxyId,
        GroupId: proxy?.GroupId ?? null,
        TLSSupportVersion: ["TLSv1.2", "TLSv1.3"],
        TLSCiphers: "GAAP-TLS-SUITE-STRICT",
    };
}

function modifyCertificate(p: Validated<ModifyCertificateRequest>, ctx: ActionContext) {
    const gaap = accountOf(ctx);
    const l = findListener(gaap, p.ListenerId);
    const proxy = gaap.proxy(l.ProxyId);
    if (proxy && proxy.Version !== "3.0") {
        throw new ApiError(
            "FailedOperation.ProxyVersionNotSupport",
            `ModifyCertificate needs a version 3.0 proxy; ${proxy.ProxyId} is version ${proxy.Version}.`,
        );
    }
    const domainName = p.Domain;
    const domain = l.Domains.find((d) => d.Domain.toLowerCase() === domainName.toLowerCase());
    if (!domain) throw new ApiError("InvalidParameterValue", `Domain \`${domainName}\` does not exist under listener ${l.ListenerId}.`);
    if (listenerBusy(l, ctx.now)) throw new ApiError(LISTENER_HAS_TASK, `Listener ${l.ListenerId} is in operation. Do not repeat the operation.`);

    const certificateId = p.CertificateId;
    if (certificateId === "") throw new ApiError("InvalidParameterValue", "CertificateId must not be empty (use `default` for the listener certificate).");
    if (certificateId !== "default") {
        const cert = requireCert(gaap, certificateId, 2, "CertificateId");
        if (!certCovers(cert.Domains, domain.Domain)) {
            throw new ApiError("InvalidParameterValue.CertificateNotMatchDomain", `Certificate ${certificateId} does not match domain ${domain.Domain}.`);
        }
    }
    const clientId = p.ClientCertificateId;
    if (clientId !== undefined && clientId !== "default" && clientId !== "") requireCert(gaap, clientId, 1, "ClientCertificateId");
    const poly = p.PolyClientCertificateIds;
    if (poly) for (const id of poly) requireCert(gaap, id, 1, "PolyClientCertificateIds");

    domain.CertificateId = certificateId;
    if (clientId !== undefined) domain.ClientCertificateId = clientId;
    if (poly !== undefined) domain.PolyClientCertificateIds = [...poly];
    else if (clientId !== undefined) domain.PolyClientCertificateIds = clientId && clientId !== "default" ? [clientId] : [];
    domain.pendingUntil = ctx.now + ctx.gaapApplyDelayMs;
    return {};
}

function describeHttpsListeners(p: Validated<DescribeHTTPSListenersRequest>, ctx: ActionContext) {
    const gaap = accountOf(ctx);
    const { ProxyId, GroupId, ListenerId, ListenerName, Port, SearchValue, Http3Supported } = p;
    if (ProxyId === undefined && GroupId === undefined && ListenerId === undefined) {
        throw new ApiError("InvalidParameter", "At least one of ListenerId, ProxyId and GroupId is required.");
    }
    if (ProxyId !== undefined && GroupId !== undefined) throw new ApiError("InvalidParameter", "ProxyId and GroupId cannot both be given.");
    if (ProxyId !== undefined && !gaap.proxy(ProxyId)) throw new ApiError("ResourceNotFound", `Proxy ${ProxyId} does not exist.`);
    if (GroupId !== undefined && !gaap.proxies().some((x) => x.GroupId === GroupId))
        throw new ApiError("ResourceNotFound", `Proxy group ${GroupId} does not exist.`);
    const { offset, limit } = page(p, 20, 100, "InvalidParameterValue");
    const all = gaap
        .listeners()
        .filter(
            (l) =>
                (ProxyId === undefined || l.ProxyId === ProxyId) &&
                (GroupId === undefined || gaap.proxy(l.ProxyId)?.GroupId === GroupId) &&
                (ListenerId === undefined || l.ListenerId === ListenerId) &&
                (ListenerName === undefined || l.ListenerName === ListenerName) &&
                (Port === undefined || l.Port === Port) &&
                (Http3Supported === undefined || l.Http3Supported === Http3Supported) &&
                (SearchValue === undefined || l.ListenerName.includes(SearchValue) || String(l.Port).includes(SearchValue)),
        );
    return { TotalCount: all.length, ListenerSet: all.slice(offset, offset + limit).map((l) => httpsListener(gaap, l, ctx.now)) };
}

export const gaapService = {
    "2018-05-29": {
        ModifyCertificate: { write: true, handle: modifyCertificate },
        DescribeCertificates: { write: false, handle: describeCertificates },
        DescribeRules: {
            write: false,
            handle(p, ctx) {
                const gaap = accountOf(ctx);
                const l = findListener(gaap, p.ListenerId);
                return { DomainRuleSet: l.Domains.map((d) => domainRuleSet(gaap, l, d, ctx.now)), TotalCount: l.Domains.length };
            },
        },
        DescribeHTTPSListeners: { write: false, handle: describeHttpsListeners },
    },
} satisfies ServiceDefinition<"gaap">;
