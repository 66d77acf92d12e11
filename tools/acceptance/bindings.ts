/**
 * Direct API reads and writes of the objects the binding lifecycles change (a GAAP listener
 * domain's server certificate, an EdgeOne host's certificate setting), as a user makes them in the
 * console: to record the original setting, to make drift, to restore, and for the sweep. Every call
 * goes through the project's client (signed, rate-limited); waits poll the API until the change is
 * applied.
 */
import { sameIds } from "../../provider/resources/common/fields";
import { waitUntil } from "../../provider/resources/common/wait";
import { silentLogger, type Logger } from "../../provider/tencentcloud/log";
import {
    describeHTTPSListeners,
    describeRules,
    ListenerAuthType,
    modifyCertificate,
    type ModifyCertificateRequest,
} from "../../provider/tencentcloud/services/gaap";
import {
    describeAccelerationDomains,
    modifyHostsCertificate,
    type CertificateMode,
    type ModifyHostsCertificateRequest,
} from "../../provider/tencentcloud/services/teo";
import type { TencentCloudApi } from "../../provider/tencentcloud/types";
import type { GaapTarget, TeoTarget } from "./config";

export interface WaitSettings {
    timeoutMs: number;
    /** First poll interval (grows by half each poll). */
    intervalMs: number;
    log?: Logger;
}

// ---- GAAP -------------------------------------------------------------------------------------

/** A listener domain's server certificate (`default` = the listener's own). */
export interface GaapSetting {
    certificateId: string;
}

interface GaapDomainState extends GaapSetting {
    /** 0 running, 1 changing, 2 deleting. */
    domainStatus: number;
    clientCertificateId: string;
    polyClientCertificateIds: string[];
}

type GaapLocation = Pick<GaapTarget, "listenerId" | "domain">;

export async function readGaapDomain(api: TencentCloudApi, at: GaapLocation): Promise<GaapDomainState> {
    const rules = await describeRules(api, { ListenerId: at.listenerId });
    const d = (rules.DomainRuleSet ?? []).find((x) => x.Domain.toLowerCase() === at.domain.toLowerCase());
    if (!d) throw new Error(`GAAP listener ${at.listenerId} has no domain ${at.domain}`);
    return {
        certificateId: d.CertificateId,
        domainStatus: d.DomainStatus,
        clientCertificateId: d.ClientCertificateId ?? "",
        polyClientCertificateIds: (d.PolyClientCertificateAliasInfo ?? []).map((c) => c.CertificateId),
    };
}

/**
 * Sets the domain's server certificate with ModifyCertificate and waits until GAAP applies it. On a
 * mutual-authentication listener the domain's client CA setting is sent back unchanged (the API
 * needs one there).
 */
export async function setGaapCertificate(api: TencentCloudApi, at: GaapLocation, setting: GaapSetting, wait: WaitSettings): Promise<void> {
    const current = await waitGaapRunning(api, at, wait);
    const listeners = await describeHTTPSListeners(api, { ListenerId: at.listenerId });
    const mutual = (listeners.ListenerSet ?? []).some((l) => l.ListenerId === at.listenerId && l.AuthType === ListenerAuthType.Mutual);
    const request: ModifyCertificateRequest = { ListenerId: at.listenerId, Domain: at.domain, CertificateId: setting.certificateId };
    if (mutual && current.polyClientCertificateIds.length > 1) request.PolyClientCertificateIds = current.polyClientCertificateIds;
    else if (mutual) request.ClientCertificateId = current.clientCertificateId || "default";
    await modifyCertificate(api, request);
    await waitGaapRunning(api, at, wait);
}

/** Waits until the domain is running (no change applying), and returns its state. */
export function waitGaapRunning(api: TencentCloudApi, at: GaapLocation, wait: WaitSettings): Promise<GaapDomainState> {
    return waitUntil({
        what: `GAAP domain ${at.domain} of ${at.listenerId} to be running`,
        poll: () => readGaapDomain(api, at),
        done: (s) => s.domainStatus === 0,
        describe: (s) => `DomainStatus ${s.domainStatus}`,
        timeoutMs: wait.timeoutMs,
        intervalMs: wait.intervalMs,
        log: wait.log ?? silentLogger,
    });
}

// ---- TEO --------------------------------------------------------------------------------------

/** A host's server certificate setting; `certIds` only matter for `sslcert`. */
export interface TeoSetting {
    mode: CertificateMode;
    certIds: string[];
}

interface TeoHostState extends TeoSetting {
    /** No deployment in flight (the domain is not `process`, no certificate `processing`/`applying`). */
    settled: boolean;
    domainStatus: string;
}

type TeoLocation = Pick<TeoTarget, "zoneId" | "host">;
const IN_FLIGHT = ["processing", "applying"];

export async function readTeoHost(api: TencentCloudApi, at: TeoLocation): Promise<TeoHostState> {
    const page = await describeAccelerationDomains(api, { ZoneId: at.zoneId, Filters: [{ Name: "domain-name", Values: [at.host] }] });
    const d = (page.AccelerationDomains ?? []).find((x) => x.DomainName.toLowerCase() === at.host.toLowerCase());
    if (!d) throw new Error(`EdgeOne zone ${at.zoneId} has no host ${at.host}`);
    const list = d.Certificate?.List ?? [];
    return {
        mode: (d.Certificate?.Mode ?? "disable") as CertificateMode,
        certIds: list.map((c) => c.CertId),
        domainStatus: d.DomainStatus,
        settled: d.DomainStatus !== "process" && !list.some((c) => IN_FLIGHT.includes(c.Status ?? "")),
    };
}

/** Whether two settings deploy the same thing (certificate ids compared only for sslcert, in any order). */
export function sameTeoSetting(a: TeoSetting, b: TeoSetting): boolean {
    if (a.mode !== b.mode) return false;
    return a.mode !== "sslcert" || sameIds(a.certIds, b.certIds);
}

/** Sets the host's certificate setting (API 2022-09-01, which has every mode) and waits for the deployment. */
export async function setTeoHost(api: TencentCloudApi, at: TeoLocation, setting: TeoSetting, wait: WaitSettings): Promise<void> {
    await waitTeoSettled(api, at, wait);
    const request: ModifyHostsCertificateRequest = { ZoneId: at.zoneId, Hosts: [at.host], Mode: setting.mode };
    if (setting.mode === "sslcert") request.ServerCertInfo = setting.certIds.map((CertId) => ({ CertId }));
    await modifyHostsCertificate(api, request);
    await waitTeoSettled(api, at, wait);
}

export function waitTeoSettled(api: TencentCloudApi, at: TeoLocation, wait: WaitSettings): Promise<TeoHostState> {
    return waitUntil({
        what: `EdgeOne host ${at.host} of ${at.zoneId} to finish deploying`,
        poll: () => readTeoHost(api, at),
        done: (s) => s.settled,
        describe: (s) => `mode ${s.mode}, domain ${s.domainStatus}`,
        timeoutMs: wait.timeoutMs,
        intervalMs: wait.intervalMs,
        log: wait.log ?? silentLogger,
    });
}
