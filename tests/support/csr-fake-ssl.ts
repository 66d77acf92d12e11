/**
 * A small in-memory stand-in for the SSL CSR actions, for unit tests of CsrResource's logic: it
 * records every call and lets a test script failures per call. (Integration tests use the real
 * emulator; this only has to be faithful to the API reference for the fields CsrResource uses.)
 */
import type { CsrRecord } from "../../emulator";
import type { ClockDeps } from "../../provider/resources/common/deps";
import { csrProviderImpl } from "../../provider/resources/csr/provider";
import { CsrProcessState } from "../../provider/resources/csr/remote";
import { TencentCloudError } from "../../provider/tencentcloud/errors";
import type { ServiceName, TencentCloudApi } from "../../provider/tencentcloud/types";
import { recordingLogger } from "./recording-logger";

/** The emulator's CSR record, less the account field the fake has no use for. */
export type FakeCsr = Omit<CsrRecord, "OwnerUin">;

export interface RecordedCall {
    action: string;
    params: any;
}

/**
 * A scripted fault: return "fail-before" to fail without acting, "fail-after" to act and then
 * fail (a lost response), or undefined to answer normally.
 */
export type FaultScript = (call: RecordedCall, index: number) => "fail-before" | "fail-after" | undefined;

export class FakeSsl implements TencentCloudApi {
    readonly csrs = new Map<number, FakeCsr>();
    readonly calls: RecordedCall[] = [];
    nextId = 1000;
    fault: FaultScript = () => undefined;
    /** Ids BatchDeleteCSR silently refuses to delete (reported missing from Success). */
    readonly undeletable = new Set<number>();

    count(action: string): number {
        return this.calls.filter((c) => c.action === action).length;
    }

    seed(partial: Partial<FakeCsr> & { Domain: string }): FakeCsr {
        const id = partial.Id ?? this.nextId++;
        const rec: FakeCsr = {
            Id: id,
            Organization: "Example Ltd",
            Department: "IT",
            Email: "admin@example.com",
            Province: "Guangdong",
            City: "Shenzhen",
            Country: "CN",
            EncryptAlgo: "RSA",
            KeyParameter: "2048",
            Remarks: "",
            Status: 0,
            KeyPassword: null,
            CreateTime: "2026-01-01 10:00:00",
            CSR: null,
            PrivateKey: null,
            Tags: [],
            ...partial,
        };
        this.csrs.set(id, rec);
        return rec;
    }

    async call<T extends object>(service: ServiceName, version: string, action: string, params: object): Promise<T & { RequestId: string }> {
        if (service !== "ssl" || version !== "2019-12-05") {
            throw new Error(`unexpected ${service} ${version}`);
        }
        const call = { action, params: JSON.parse(JSON.stringify(params)) };
        this.calls.push(call);
        await new Promise((resolve) => setImmediate(resolve));
        const fault = this.fault(call, this.calls.length - 1);
        if (fault === "fail-before") {
            throw Object.assign(new TencentCloudError("InternalError", "injected failure", { action, service, requestId: "req-fault" }), { retryable: true });
        }
        const result = this.handle(action, call.params);
        if (fault === "fail-after") {
            throw Object.assign(new TencentCloudError("Client.NetworkError", "connection reset after the request was sent", { action, service }), {
                requestSent: true,
            });
        }
        return { ...result, RequestId: `req-${this.calls.length}` } as T & { RequestId: string };
    }

    private generate(rec: FakeCsr): void {
        rec.Status = 1;
        rec.CSR = `-----BEGIN CERTIFICATE REQUEST-----\nCSR-${rec.Id}-${rec.Domain}\n-----END CERTIFICATE REQUEST-----\n`;
        rec.PrivateKey = `-----BEGIN PRIVATE KEY-----\nKEY-${rec.Id}-secretmaterial\n-----END PRIVATE KEY-----\n`;
    }

    private find(id: number): FakeCsr {
        const rec = this.csrs.get(id);
        if (!rec) {
            throw new TencentCloudError("InvalidParameter.InvalidCSRId", `CSR ${id} does not exist.`, { requestId: "req-missing" });
        }
        return rec;
    }

    private handle(action: string, p: any): object {
        switch (action) {
            case "CreateCSR": {
                const rec = this.seed({
                    Domain: p.Domain,
                    Organization: p.Organization,
                    Department: p.Department,
                    Email: p.Email,
                    Province: p.Province,
                    City: p.City,
                    Country: p.Country,
                    EncryptAlgo: p.EncryptAlgo,
                    KeyParameter: p.KeyParameter,
                    Remarks: p.Remark ?? "",
                    KeyPassword: p.KeyPassword || null,
                    Tags: p.Tags ?? [],
                    CreateTime: "2026-01-02 10:00:00",
                });
                if (p.Generate) this.generate(rec);
                return { Id: rec.Id };
            }
            case "DescribeCSR": {
                const { Tags: _tags, ...rest } = this.find(p.CSRId);
                return { ...rest };
            }
            case "DescribeCSRSet": {
                const all = [...this.csrs.values()]
                    .filter((r) => (p.Domain ? r.Domain.toLowerCase().includes(String(p.Domain).toLowerCase()) : true))
                    .sort((a, b) => b.Id - a.Id);
                const offset = p.Offset ?? 0;
                const limit = p.Limit ?? 10;
                return {
                    Total: all.length,
                    Set: all.slice(offset, offset + limit).map(({ KeyPassword: _k, CSR: _c, PrivateKey: _p, Tags: _t, ...item }) => item),
                };
            }
            case "ModifyCSR": {
                const rec = this.find(p.CSRId);
                if (rec.Status === 1) {
                    throw new TencentCloudError("FailedOperation", `CSR ${rec.Id} has already been generated and can no longer be modified.`);
                }
                for (const f of ["Domain", "Organization", "Department", "Email", "Province", "City", "Country", "EncryptAlgo", "KeyParameter"] as const) {
                    if (typeof p[f] === "string") rec[f] = p[f];
                }
                if (typeof p.Remark === "string") rec.Remarks = p.Remark;
                if (typeof p.KeyPassword === "string") rec.KeyPassword = p.KeyPassword || null;
                if (p.Generate) this.generate(rec);
                return { Id: rec.Id };
            }
            case "BatchDeleteCSR": {
                const ids: number[] = p.CSRIds;
                if (ids.length > 100) throw new TencentCloudError("InvalidParameterValue", "too many ids");
                const success = ids.filter((id) => this.csrs.has(id) && !this.undeletable.has(id));
                success.forEach((id) => this.csrs.delete(id));
                return { Success: success };
            }
            default:
                throw new TencentCloudError("InvalidAction", `unknown action ${action}`);
        }
    }
}

/**
 * CsrResource's provider on a fresh FakeSsl, with its own process state and a recording logger. By
 * default a clock whose sleeps return at once (lookup delays cost nothing) and whose time stands still.
 */
export function csrProviderOnFakeSsl(clock: ClockDeps = { sleep: async () => undefined, now: () => 1_000_000 }) {
    const api = new FakeSsl();
    const state = new CsrProcessState();
    const log = recordingLogger();
    const provider = csrProviderImpl({ client: () => api, state, log, ...clock });
    return { api, state, log, provider };
}
