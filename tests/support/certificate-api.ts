/**
 * A scripted stand-in for the reads preview verification makes (ssl DescribeCSRSet as the probe,
 * ssl DescribeCertificates by CertIds, gaap DescribeCertificates paged, and the listener and zone
 * reads behind the resources' caches: gaap DescribeRules, teo DescribeAccelerationDomains and
 * DescribeHostsCertificate), recording every call and answering from in-memory certificates,
 * listeners and zones (an unknown one answers ResourceNotFound); a test scripts errors per action. Faithful to
 * docs/api-notes.md for the fields the verification reads; the emulator tests use the real thing.
 */
import { formatChinaTime } from "../../emulator/util";
import { TencentCloudError } from "../../provider/tencentcloud/errors";
import type { ServiceName, TencentCloudApi } from "../../provider/tencentcloud/types";

export interface RecordedApiCall {
    service: ServiceName;
    action: string;
    params: any;
}

/** An SSL certificate as the fake lists it (times as ISO; answered in China time). */
export interface FakeSslCertificate {
    id: string;
    type: "SVR" | "CA";
    domain: string;
    sans?: string[];
    /** ISO 8601. */
    endTime: string;
    status?: number;
}

export interface FakeGaapCertificate {
    id: string;
    type: number;
    subjectCN: string;
    /** ISO 8601. */
    endTime: string;
}

export class FakeCertificateApi implements TencentCloudApi {
    readonly calls: RecordedApiCall[] = [];
    readonly ssl = new Map<string, FakeSslCertificate>();
    readonly gaap = new Map<string, FakeGaapCertificate>();
    /** GAAP listener id → its domains. */
    readonly listeners = new Map<string, string[]>();
    /** TEO zone id → its hosts. */
    readonly zones = new Map<string, string[]>();
    /** `service.Action` → error to throw (every call, until deleted). */
    readonly failures = new Map<string, Error>();
    gaapPageSizeSeen: number[] = [];

    count(action: string, service?: ServiceName): number {
        return this.calls.filter((c) => c.action === action && (!service || c.service === service)).length;
    }

    addSsl(...certs: FakeSslCertificate[]): this {
        certs.forEach((c) => this.ssl.set(c.id, c));
        return this;
    }

    addGaap(...certs: FakeGaapCertificate[]): this {
        certs.forEach((c) => this.gaap.set(c.id, c));
        return this;
    }

    async call<T extends object>(service: ServiceName, _version: string, action: string, params: any): Promise<T & { RequestId: string }> {
        this.calls.push({ service, action, params });
        await new Promise((resolve) => setImmediate(resolve));
        const failure = this.failures.get(`${service}.${action}`);
        if (failure) {
            throw failure;
        }
        return { RequestId: `req-${this.calls.length}`, ...this.answer(service, action, params) } as T & { RequestId: string };
    }

    private answer(service: ServiceName, action: string, params: any): object {
        if (service === "ssl" && action === "DescribeCSRSet") {
            return { Total: 0, Set: [] };
        }
        if (service === "ssl" && action === "DescribeCertificates") {
            const listed = (params.CertIds as string[]).map((id) => this.ssl.get(id)).filter((c): c is FakeSslCertificate => !!c);
            const page = listed.slice(params.Offset ?? 0, (params.Offset ?? 0) + (params.Limit ?? 10));
            return {
                TotalCount: listed.length,
                Certificates: page.map((c) => ({
                    CertificateId: c.id,
                    CertificateType: c.type,
                    Domain: c.domain,
                    SubjectAltName: c.sans ?? [c.domain],
                    CertEndTime: formatChinaTime(Date.parse(c.endTime)),
                    Status: c.status ?? 1,
                })),
            };
        }
        if (service === "gaap" && action === "DescribeCertificates") {
            this.gaapPageSizeSeen.push(params.Limit);
            const all = [...this.gaap.values()];
            return {
                TotalCount: all.length,
                CertificateSet: all
                    .slice(params.Offset, params.Offset + params.Limit)
                    .map((c) => ({ CertificateId: c.id, CertificateType: c.type, SubjectCN: c.subjectCN, EndTime: Date.parse(c.endTime) / 1000 })),
            };
        }
        return this.readAnswer(service, action, params);
    }

    private readAnswer(service: ServiceName, action: string, params: any): object {
        const missing = (what: string) => new TencentCloudError("ResourceNotFound", `${what} does not exist`, { service, action });
        if (service === "gaap" && action === "DescribeRules") {
            const domains = this.listeners.get(params.ListenerId);
            if (!domains) throw missing(`listener ${params.ListenerId}`);
            return { TotalCount: domains.length, DomainRuleSet: domains.map((Domain) => ({ Domain, DomainStatus: 0, CertificateId: "default", RuleSet: [] })) };
        }
        if (service === "teo" && (action === "DescribeAccelerationDomains" || action === "DescribeHostsCertificate")) {
            const hosts = this.zones.get(params.ZoneId);
            if (!hosts) throw missing(`zone ${params.ZoneId}`);
            const page = hosts.slice(params.Offset ?? 0, (params.Offset ?? 0) + (params.Limit ?? 20));
            return action === "DescribeHostsCertificate"
                ? { TotalCount: hosts.length, Hosts: page.map((Host) => ({ Host, CertInfo: [] })) }
                : {
                      TotalCount: hosts.length,
                      AccelerationDomains: page.map((DomainName) => ({
                          ZoneId: params.ZoneId,
                          DomainName,
                          DomainStatus: "online",
                          Certificate: { Mode: "disable", List: [] },
                      })),
                  };
        }
        throw new TencentCloudError("InvalidAction", `the fake does not answer ${service}.${action}`);
    }
}
