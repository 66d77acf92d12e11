/* eslint-disable @typescript-eslint/no-explicit-any */
/**
 * Unit tests of HostsCertificateBinding against a small scripted TEO fake (check, id, diff, CRUD
 * mapping, resume after timeout, shared zone reads). The emulator and lifecycle tests cover the wire.
 */
/**
 * A small scripted stand-in for the TEO API, for unit tests of HostsCertificateBinding: keeps a
 * zone/host model for both API versions, records every call, deploys changes after `deployMs` of
 * fake time, and answers scripted errors. The emulator tests cover the real wire protocol.
 */
import { TencentCloudError } from "../../provider/tencentcloud/errors";
import type { CallOptions, ServiceName, TencentCloudApi } from "../../provider/tencentcloud/types";
import * as assert from "node:assert/strict";
import {
    HostsCertificateBindingError,
    formatHostsCertificateBindingId,
    parseHostsCertificateBindingId,
} from "../../provider/resources/hosts-certificate-binding";
import { hostsCertificateBindingDefinition, hostsCertificateBindingProviderImpl } from "../../provider/resources/hosts-certificate-binding/provider";
import { checkInputs as checkResourceInputs } from "../../provider/resources/common/resource";
import { ResourceInitError } from "../../provider/resources/hosts-certificate-binding/errors";

interface FakeHost {
    mode: string;
    certIds: string[];
    domainStatus: string;
    pendingUntil: number;
    clientCertIds: string[];
}

interface RecordedCall {
    service: ServiceName;
    version: string;
    action: string;
    params: any;
    options?: CallOptions;
}

class FakeClock {
    t = 1_700_000_000_000;
    now = (): number => this.t;
    sleep = async (ms: number): Promise<void> => {
        this.t += Math.max(ms, 1);
        await Promise.resolve();
    };
}

class FakeTeoApi implements TencentCloudApi {
    readonly calls: RecordedCall[] = [];
    readonly zones = new Map<string, Map<string, FakeHost>>();
    deployMs = 3_000;
    /** Errors answered to the next calls of an action, in order. */
    readonly errors = new Map<string, TencentCloudError[]>();

    constructor(readonly clock: FakeClock) {}

    addZone(zoneId: string, hosts: string[], init: Partial<FakeHost> = {}): void {
        const map = new Map<string, FakeHost>();
        for (const h of hosts) {
            map.set(h, { mode: "disable", certIds: [], domainStatus: "online", pendingUntil: 0, clientCertIds: [], ...init });
        }
        this.zones.set(zoneId, map);
    }

    host(zoneId: string, host: string): FakeHost {
        return this.zones.get(zoneId)!.get(host)!;
    }

    failNext(action: string, code: string, message = "scripted failure"): void {
        const list = this.errors.get(action) ?? [];
        list.push(new TencentCloudError(code, message, { requestId: `req-${code}`, action, service: "teo" }));
        this.errors.set(action, list);
    }

    count(action: string, version?: string): number {
        return this.calls.filter((c) => c.action === action && (!version || c.version === version)).length;
    }

    describeCalls(): number {
        return this.calls.filter((c) => c.action.startsWith("Describe")).length;
    }

    async call<T extends object>(
        service: ServiceName,
        version: string,
        action: string,
        params: object,
        options?: CallOptions,
    ): Promise<T & { RequestId: string }> {
        this.calls.push({ service, version, action, params: JSON.parse(JSON.stringify(params)), options });
        await Promise.resolve();
        const scripted = this.errors.get(action)?.shift();
        if (scripted) throw scripted;
        const p = params as any;
        const zone = this.zones.get(p.ZoneId);
        const answer = (body: object) => ({ ...body, RequestId: `req-${this.calls.length}` }) as T & { RequestId: string };
        const now = this.clock.now();
        const status = (h: FakeHost) => (now < h.pendingUntil ? "processing" : "deployed");
        const certs = (name: string, h: FakeHost) =>
            h.mode === "sslcert"
                ? h.certIds.map((id) => ({ CertId: id, Type: "upload", Status: status(h), ExpireTime: "2030-01-01T00:00:00Z" }))
                : h.mode === "eofreecert" || h.mode === "eofreecert_manual"
                  ? [{ CertId: `free-${name}`, Type: "default", Status: status(h), ExpireTime: "2027-01-01T00:00:00Z" }]
                  : [];
        switch (`${version} ${action}`) {
            case "2022-09-01 DescribeAccelerationDomains": {
                if (!zone) throw new TencentCloudError("ResourceNotFound", "zone not found", { action });
                const all = [...zone.entries()].sort(([a], [b]) => a.localeCompare(b));
                const page = all.slice(p.Offset ?? 0, (p.Offset ?? 0) + (p.Limit ?? 20));
                return answer({
                    TotalCount: all.length,
                    AccelerationDomains: page.map(([name, h]) => ({
                        ZoneId: p.ZoneId,
                        DomainName: name,
                        DomainStatus: now < h.pendingUntil && h.domainStatus === "online" ? "process" : h.domainStatus,
                        Certificate: {
                            Mode: h.mode,
                            List: certs(name, h),
                            ClientCertInfo: { Switch: h.clientCertIds.length ? "on" : "off", CertInfos: h.clientCertIds.map((CertId) => ({ CertId })) },
                        },
                    })),
                });
            }
            case "2022-01-06 DescribeHostsCertificate": {
                if (!zone) throw new TencentCloudError("ResourceNotFound", "zone not found", { action });
                const all = [...zone.entries()].sort(([a], [b]) => a.localeCompare(b));
                const page = all.slice(p.Offset ?? 0, (p.Offset ?? 0) + (p.Limit ?? 100));
                return answer({ TotalCount: all.length, Hosts: page.map(([name, h]) => ({ Host: name, CertInfo: certs(name, h) })) });
            }
            case "2022-09-01 ModifyHostsCertificate":
            case "2022-01-06 ModifyHostsCertificate": {
                if (!zone) throw new TencentCloudError("ResourceUnavailable.ZoneNotFound", "zone not found", { action });
                for (const name of p.Hosts as string[]) {
                    if (!zone.has(name)) throw new TencentCloudError("ResourceUnavailable.HostNotFound", `host ${name} not found`, { action });
                    if (now < zone.get(name)!.pendingUntil) throw new TencentCloudError("InvalidParameter.ActionInProgress", "busy", { action });
                }
                for (const name of p.Hosts as string[]) {
                    const h = zone.get(name)!;
                    if (version === "2022-01-06") {
                        const ids = (p.CertInfo ?? []).map((c: any) => c.CertId);
                        h.mode = ids.length ? "sslcert" : "eofreecert";
                        h.certIds = ids;
                    } else {
                        if (p.Mode) {
                            h.mode = p.Mode;
                            h.certIds = p.Mode === "sslcert" ? p.ServerCertInfo.map((c: any) => c.CertId) : [];
                        }
                        if (p.ClientCertInfo) h.clientCertIds = p.ClientCertInfo.Switch === "on" ? p.ClientCertInfo.CertInfos.map((c: any) => c.CertId) : [];
                    }
                    h.pendingUntil = now + this.deployMs;
                }
                return answer({});
            }
            default:
                throw new TencentCloudError("InvalidAction", `no ${action} in ${version}`, { action });
        }
    }
}

/** A logger that keeps what it was given. */
function recordingLogger() {
    const lines: { level: string; message: string }[] = [];
    const at = (level: string) => (message: string) => void lines.push({ level, message });
    return { lines, debug: at("debug"), info: at("info"), warn: at("warn"), error: at("error") };
}

// ---------------------------------------------------------------- tests

const ZONE = "zone-unit0001";
const PROVIDER = "serialized-shim";

function setup(options: { hosts?: string[]; init?: Partial<FakeHost>; deployMs?: number } = {}) {
    const clock = new FakeClock();
    const api = new FakeTeoApi(clock);
    api.deployMs = options.deployMs ?? 3_000;
    api.addZone(ZONE, options.hosts ?? ["a.example.com", "b.example.com", "c.example.com"], options.init);
    const log = recordingLogger();
    const provider = hostsCertificateBindingProviderImpl({ client: () => api, log, sleep: clock.sleep, now: clock.now, pollIntervalMs: 1_000 });
    return { clock, api, log, provider };
}

async function checked(provider: any, news: Record<string, unknown>) {
    const result = await provider.check({}, news);
    assert.equal(result.failures, undefined, JSON.stringify(result.failures));
    return { ...result.inputs, __provider: PROVIDER };
}

const checkInputs = (news: Record<string, unknown>) => checkResourceInputs(hostsCertificateBindingDefinition, news);

function failuresOf(news: Record<string, unknown>) {
    return checkInputs(news).failures;
}

describe("teo HostsCertificateBinding (unit, fake API)", () => {
    describe("check", () => {
        it("fills in defaults and implies sslcert from serverCertIds, without API calls", async () => {
            const { provider, api } = setup();
            const result = await provider.check!({}, { zoneId: ZONE, hosts: ["B.Example.com", "a.example.com."], serverCertIds: ["cert-1"] });
            assert.equal(result.failures, undefined);
            assert.deepEqual(result.inputs, {
                zoneId: ZONE,
                hosts: ["b.example.com", "a.example.com"],
                apiVersion: "2022-09-01",
                mode: "sslcert",
                serverCertIds: ["cert-1"],
                deleteBehavior: "retain",
                waitTimeoutSeconds: 1800,
            });
            const v1 = checkInputs({ zoneId: ZONE, hosts: ["a.example.com"], apiVersion: "2022-01-06" });
            assert.deepEqual(v1.failures, []);
            assert.deepEqual(v1.inputs.certIds, []);
            assert.equal(api.calls.length, 0);
        });

        const cases: Array<[string, Record<string, unknown>, string, RegExp]> = [
            ["bad zone id", { zoneId: "example", hosts: ["a.example.com"], mode: "disable" }, "zoneId", /zone-/],
            ["no hosts", { zoneId: ZONE, hosts: [], mode: "disable" }, "hosts", /at least one/],
            ["bad host", { zoneId: ZONE, hosts: ["a b.com"], mode: "disable" }, "hosts", /hosts\[0\].*domain name/],
            ["duplicate host", { zoneId: ZONE, hosts: ["a.example.com", "A.example.com"], mode: "disable" }, "hosts", /twice/],
            ["unknown mode", { zoneId: ZONE, hosts: ["a.example.com"], mode: "free" }, "mode", /"disable", "eofreecert", "eofreecert_manual", "sslcert"/],
            ["missing mode", { zoneId: ZONE, hosts: ["a.example.com"] }, "mode", /mode is required/],
            ["sslcert without certs", { zoneId: ZONE, hosts: ["a.example.com"], mode: "sslcert" }, "serverCertIds", /required with mode "sslcert"/],
            ["sslcert with empty certs", { zoneId: ZONE, hosts: ["a.example.com"], mode: "sslcert", serverCertIds: [] }, "serverCertIds", /at least one/],
            [
                "certs with free cert",
                { zoneId: ZONE, hosts: ["a.example.com"], mode: "eofreecert", serverCertIds: ["c"] },
                "serverCertIds",
                /only allowed with mode "sslcert"/,
            ],
            ["certIds on 2022-09-01", { zoneId: ZONE, hosts: ["a.example.com"], mode: "disable", certIds: ["c"] }, "certIds", /2022-01-06 setting/],
            ["mode on 2022-01-06", { zoneId: ZONE, hosts: ["a.example.com"], apiVersion: "2022-01-06", mode: "disable" }, "mode", /2022-09-01.*certIds/],
            [
                "clientCertIds on 2022-01-06",
                { zoneId: ZONE, hosts: ["a.example.com"], apiVersion: "2022-01-06", clientCertIds: ["ca"] },
                "clientCertIds",
                /2022-09-01/,
            ],
            ["unknown version", { zoneId: ZONE, hosts: ["a.example.com"], apiVersion: "2023-01-01" }, "apiVersion", /"2022-09-01", "2022-01-06"/],
            [
                "eofreecert delete on 2022-01-06",
                { zoneId: ZONE, hosts: ["a.example.com"], apiVersion: "2022-01-06", deleteBehavior: "eofreecert" },
                "deleteBehavior",
                /"retain", "default"/,
            ],
            [
                "default delete on 2022-09-01",
                { zoneId: ZONE, hosts: ["a.example.com"], mode: "disable", deleteBehavior: "default" },
                "deleteBehavior",
                /"retain", "disable", "eofreecert"/,
            ],
            ["zero timeout", { zoneId: ZONE, hosts: ["a.example.com"], mode: "disable", waitTimeoutSeconds: 0 }, "waitTimeoutSeconds", /1 to 86400/],
            ["fractional timeout", { zoneId: ZONE, hosts: ["a.example.com"], mode: "disable", waitTimeoutSeconds: 1.5 }, "waitTimeoutSeconds", /whole number/],
            [
                "CA ids without custom_ca",
                { zoneId: ZONE, hosts: ["a.example.com"], mode: "disable", upstreamCustomCaCertIds: ["ca"] },
                "upstreamCustomCaCertIds",
                /custom_ca/,
            ],
            [
                "custom_ca without ids",
                { zoneId: ZONE, hosts: ["a.example.com"], mode: "disable", upstreamVerifyMode: "custom_ca" },
                "upstreamCustomCaCertIds",
                /must list/,
            ],
            [
                "bad verify mode",
                { zoneId: ZONE, hosts: ["a.example.com"], mode: "disable", upstreamVerifyMode: "strict" },
                "upstreamVerifyMode",
                /"disable", "custom_ca"/,
            ],
            ["bad cert id", { zoneId: ZONE, hosts: ["a.example.com"], serverCertIds: ["has space"] }, "serverCertIds", /serverCertIds\[0\]/],
            ["duplicate cert id", { zoneId: ZONE, hosts: ["a.example.com"], serverCertIds: ["c1", "c1"] }, "serverCertIds", /twice/],
        ];
        for (const [name, news, property, reason] of cases) {
            it(`rejects ${name}, naming ${property}`, async () => {
                const { provider, api } = setup();
                const result = await provider.check!({}, news);
                const failure = (result.failures ?? []).find((f: any) => f.property === property);
                assert.ok(failure, `no failure for ${property}: ${JSON.stringify(result.failures)}`);
                assert.match(failure!.reason, reason);
                assert.equal(api.calls.length, 0);
            });
        }

        it("lets unknown (preview) values through unvalidated", () => {
            const unknown = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
            assert.deepEqual(failuresOf({ zoneId: unknown, hosts: unknown, serverCertIds: unknown }), []);
            assert.deepEqual(failuresOf({ zoneId: ZONE, hosts: ["a.example.com", unknown], serverCertIds: [unknown] }), []);
        });
    });

    describe("id", () => {
        it("formats zoneId#hosts with sorted hosts and parses it back", () => {
            const id = formatHostsCertificateBindingId(ZONE, ["c.example.com", "a.example.com"]);
            assert.equal(id, `${ZONE}#a.example.com,c.example.com`);
            assert.deepEqual(parseHostsCertificateBindingId(id), { zoneId: ZONE, hosts: ["a.example.com", "c.example.com"] });
        });
        it("rejects ids without a zone or hosts", () => {
            assert.throws(() => parseHostsCertificateBindingId("zone-x"), /expected 'zoneId#host1,host2'/);
            assert.throws(() => parseHostsCertificateBindingId("#a.com"), /expected/);
            assert.throws(() => parseHostsCertificateBindingId("zone-x#"), /expected/);
        });
    });

    describe("diff", () => {
        const olds = {
            zoneId: ZONE,
            hosts: ["a.example.com"],
            apiVersion: "2022-09-01",
            mode: "sslcert",
            serverCertIds: ["c1", "c2"],
            deleteBehavior: "retain",
            waitTimeoutSeconds: 1800,
            hostStatuses: [{ host: "a.example.com", mode: "sslcert", certIds: ["c1", "c2"], deployStatus: "deployed", expireTime: "", domainStatus: "online" }],
        };
        it("reports no change for the same setting (certificate order does not matter)", async () => {
            const { provider } = setup();
            const d = await provider.diff!("id", olds, { ...olds, hostStatuses: undefined, serverCertIds: ["c2", "c1"] });
            assert.equal(d.changes, false);
            assert.deepEqual(d.replaces, []);
        });
        it("replaces on zoneId and apiVersion, updates certificates and hosts in place", async () => {
            const { provider } = setup();
            assert.deepEqual((await provider.diff!("id", olds, { ...olds, zoneId: "zone-other" })).replaces, ["zoneId"]);
            const v = await provider.diff!("id", olds, { ...olds, apiVersion: "2022-01-06", mode: undefined, serverCertIds: undefined, certIds: [] });
            assert.deepEqual(v.replaces, ["apiVersion"]);
            assert.equal(v.deleteBeforeReplace, false, "retain: creating the replacement first is safe");
            const d = await provider.diff!(
                "id",
                { ...olds, deleteBehavior: "disable" },
                { ...olds, deleteBehavior: "disable", apiVersion: "2022-01-06", certIds: [] },
            );
            assert.equal(d.deleteBeforeReplace, true, "resetting the same hosts after creating the replacement would undo it");
            for (const change of [
                { serverCertIds: ["c3"] },
                { mode: "eofreecert", serverCertIds: undefined },
                { hosts: ["a.example.com", "b.example.com"] },
                { clientCertIds: ["ca"] },
            ]) {
                const r = await provider.diff!("id", olds, { ...olds, ...change });
                assert.equal(r.changes, true, JSON.stringify(change));
                assert.deepEqual(r.replaces, []);
            }
        });
        it("reports a change while a host has not finished deploying (resume after a timeout)", async () => {
            const { provider } = setup();
            const pending = { ...olds, hostStatuses: [{ ...olds.hostStatuses[0], deployStatus: "processing", domainStatus: "process" }] };
            assert.equal((await provider.diff!("id", pending, { ...olds })).changes, true);
        });
    });

    describe("create", () => {
        it("sends one ModifyHostsCertificate for all hosts and waits through processing (2022-09-01)", async () => {
            const { provider, api, clock } = setup();
            const start = clock.t;
            const inputs = await checked(provider, { zoneId: ZONE, hosts: ["c.example.com", "a.example.com"], serverCertIds: ["cert-1"] });
            const { id, outs } = await provider.create!(inputs);
            assert.equal(id, `${ZONE}#a.example.com,c.example.com`);
            const modifies = api.calls.filter((c) => c.action === "ModifyHostsCertificate");
            assert.equal(modifies.length, 1);
            assert.deepEqual(modifies[0].params, {
                ZoneId: ZONE,
                Hosts: ["c.example.com", "a.example.com"],
                Mode: "sslcert",
                ServerCertInfo: [{ CertId: "cert-1" }],
            });
            assert.equal(modifies[0].version, "2022-09-01");
            assert.ok(modifies[0].options?.retryableCodes?.includes("InvalidParameter.ActionInProgress"));
            assert.ok(modifies[0].options?.retryableCodes?.includes("OperationDenied.ConfigLocked"));
            assert.ok(clock.t - start >= api.deployMs, "waited for the deployment");
            assert.deepEqual(
                outs.hostStatuses.map((s: any) => [s.host, s.deployStatus, s.domainStatus, s.certIds.join()]),
                [
                    ["a.example.com", "deployed", "online", "cert-1"],
                    ["c.example.com", "deployed", "online", "cert-1"],
                ],
            );
            assert.equal(outs.mode, "sslcert");
            assert.ok(!JSON.stringify(outs).includes("undefined"));
            assert.ok(api.count("DescribeAccelerationDomains") >= 2);
        });

        it("uses DescribeHostsCertificate and CertInfo with 2022-01-06; [] = default certificate", async () => {
            const { provider, api } = setup();
            const inputs = await checked(provider, { zoneId: ZONE, hosts: ["a.example.com"], apiVersion: "2022-01-06", certIds: ["cert-9"] });
            const { outs } = await provider.create!(inputs);
            const modify = api.calls.find((c) => c.action === "ModifyHostsCertificate")!;
            assert.equal(modify.version, "2022-01-06");
            assert.deepEqual(modify.params, { ZoneId: ZONE, Hosts: ["a.example.com"], CertInfo: [{ CertId: "cert-9" }] });
            assert.equal(outs.hostStatuses[0].deployStatus, "deployed");
            assert.equal(api.count("DescribeAccelerationDomains"), 0);
            assert.ok(api.count("DescribeHostsCertificate") >= 2);

            const def = await checked(provider, { zoneId: ZONE, hosts: ["b.example.com"], apiVersion: "2022-01-06" });
            await provider.create!(def);
            const second = api.calls.filter((c) => c.action === "ModifyHostsCertificate")[1];
            assert.deepEqual(second.params, { ZoneId: ZONE, Hosts: ["b.example.com"] });
        });

        it("does not send the change again when the zone already shows it (deploying or deployed)", async () => {
            const { provider, api, clock } = setup();
            Object.assign(api.host(ZONE, "a.example.com"), { mode: "sslcert", certIds: ["cert-1"], pendingUntil: clock.t + 5_000 });
            Object.assign(api.host(ZONE, "b.example.com"), { mode: "sslcert", certIds: ["cert-1"] });
            const inputs = await checked(provider, { zoneId: ZONE, hosts: ["a.example.com", "b.example.com"], serverCertIds: ["cert-1"] });
            const { outs } = await provider.create!(inputs);
            assert.equal(api.count("ModifyHostsCertificate"), 0);
            assert.equal(outs.hostStatuses[0].deployStatus, "deployed");
        });

        it("only sends hosts that differ, after an earlier deployment on them finished", async () => {
            const { provider, api, clock, log } = setup();
            Object.assign(api.host(ZONE, "a.example.com"), { mode: "eofreecert", pendingUntil: clock.t + 4_000 });
            Object.assign(api.host(ZONE, "b.example.com"), { mode: "sslcert", certIds: ["cert-1"] });
            const inputs = await checked(provider, { zoneId: ZONE, hosts: ["a.example.com", "b.example.com"], serverCertIds: ["cert-1"] });
            await provider.create!(inputs);
            const modifies = api.calls.filter((c) => c.action === "ModifyHostsCertificate");
            assert.equal(modifies.length, 1);
            assert.deepEqual(modifies[0].params.Hosts, ["a.example.com"]);
            assert.ok(log.lines.some((l) => /earlier change/.test(l.message)));
        });

        it("times out with a partial-create error that keeps id and state, and a retry only waits", async () => {
            const { provider, api, clock } = setup({ deployMs: 30_000 });
            const inputs = await checked(provider, { zoneId: ZONE, hosts: ["a.example.com"], serverCertIds: ["cert-1"], waitTimeoutSeconds: 5 });
            const err = await provider.create!(inputs).then(
                () => undefined,
                (e: unknown) => e,
            );
            assert.ok(err instanceof ResourceInitError, String(err));
            assert.equal(err.id, `${ZONE}#a.example.com`);
            assert.match(err.message, /timed out after 5s/);
            assert.match(err.message, /may still complete/);
            assert.match(err.message, /pulumi up. again resumes waiting without sending the change again/);
            assert.match(err.message, /DescribeAccelerationDomains/);
            assert.deepEqual(err.reasons, [err.message]);
            assert.equal(err.properties.__provider, PROVIDER);
            assert.equal((err.properties.hostStatuses as any[])[0].deployStatus, "processing");
            assert.equal(api.count("ModifyHostsCertificate"), 1);

            // The engine keeps the resource; the next up diffs (change: not deployed) and updates.
            const d = await provider.diff!(err.id, err.properties, inputs);
            assert.equal(d.changes, true);
            clock.t += 10_000;
            const { outs } = await provider.update!(err.id, err.properties, { ...inputs, waitTimeoutSeconds: 60 });
            assert.equal(outs.hostStatuses[0].deployStatus, "deployed");
            assert.equal(api.count("ModifyHostsCertificate"), 1, "resuming sent nothing again");
            // And a fresh create (an engine that dropped the failed resource) also only waits.
            assert.ok((await provider.create!(inputs)).id);
            assert.equal(api.count("ModifyHostsCertificate"), 1);
        });

        it("does not keep a resource whose change was never sent (earlier deployment outlasted the timeout)", async () => {
            const { provider, api, clock } = setup();
            Object.assign(api.host(ZONE, "a.example.com"), { mode: "eofreecert", pendingUntil: clock.t + 60_000 });
            const inputs = await checked(provider, { zoneId: ZONE, hosts: ["a.example.com"], serverCertIds: ["cert-1"], waitTimeoutSeconds: 5 });
            const err = await provider.create!(inputs).then(
                () => undefined,
                (e: unknown) => e,
            );
            assert.ok(err instanceof Error && !(err instanceof ResourceInitError), String(err));
            assert.match((err as Error).message, /earlier deployment.*Nothing was sent yet/);
            assert.equal(api.count("ModifyHostsCertificate"), 0);
        });

        it("fails fast on a free-certificate failure status", async () => {
            const { provider, api } = setup();
            const real = api.call.bind(api);
            api.call = (async (service: any, version: string, action: string, params: any, options: any) => {
                const r: any = await real(service, version, action, params, options);
                if (action === "DescribeAccelerationDomains") {
                    for (const d of r.AccelerationDomains) for (const c of d.Certificate.List) if (c.Status === "processing") c.Status = "failed";
                }
                return r;
            }) as any;
            const inputs = await checked(provider, { zoneId: ZONE, hosts: ["a.example.com"], mode: "eofreecert" });
            const err = await provider.create!(inputs).then(
                () => undefined,
                (e: any) => e,
            );
            assert.ok(err instanceof ResourceInitError);
            assert.match(err.message, /free certificate application failed/);
        });

        it("names missing hosts before sending anything", async () => {
            const { provider, api } = setup();
            const inputs = await checked(provider, { zoneId: ZONE, hosts: ["a.example.com", "nope.example.com"], mode: "disable" });
            await assert.rejects(provider.create!(inputs), (e: any) => {
                assert.ok(e instanceof HostsCertificateBindingError);
                assert.equal(e.code, "ResourceUnavailable.HostNotFound");
                assert.match(e.message, /'nope\.example\.com'.*zone-unit0001/);
                return true;
            });
            assert.equal(api.count("ModifyHostsCertificate"), 0);
        });

        it("re-words API errors with the host and certificate, keeping code and RequestId", async () => {
            const { provider, api } = setup();
            api.failNext("ModifyHostsCertificate", "InvalidParameter.CertNotMatchDomain", "Certificate does not match the domain.");
            const inputs = await checked(provider, { zoneId: ZONE, hosts: ["a.example.com"], serverCertIds: ["cert-x"] });
            await assert.rejects(provider.create!(inputs), (e: any) => {
                assert.ok(e instanceof HostsCertificateBindingError, String(e));
                assert.equal(e.code, "InvalidParameter.CertNotMatchDomain");
                assert.equal(e.requestId, "req-InvalidParameter.CertNotMatchDomain");
                assert.match(e.message, /certificate 'cert-x' does not cover host 'a\.example\.com'/);
                return true;
            });
        });

        it("says to use 2022-09-01 when the server does not know 2022-01-06", async () => {
            const { provider, api } = setup();
            api.failNext("DescribeHostsCertificate", "InvalidAction", "The action does not exist.");
            const inputs = await checked(provider, { zoneId: ZONE, hosts: ["a.example.com"], apiVersion: "2022-01-06" });
            await assert.rejects(provider.create!(inputs), /InvalidAction: .*use apiVersion: "2022-09-01"/);
            api.failNext("ModifyHostsCertificate", "UnsupportedOperation", "no");
            await assert.rejects(provider.create!(inputs), /UnsupportedOperation: .*use apiVersion: "2022-09-01"/);
        });
    });

    describe("read", () => {
        it("serves 50 bindings of one zone with one Describe (and pages a big zone at 200)", async () => {
            const hosts = Array.from({ length: 250 }, (_, i) => `h${String(i).padStart(3, "0")}.example.com`);
            const { provider, api } = setup({ hosts, init: { mode: "sslcert", certIds: ["cert-1"] } });
            const results = await Promise.all(
                hosts
                    .slice(0, 50)
                    .map((h) =>
                        provider.read!(`${ZONE}#${h}`, {
                            zoneId: ZONE,
                            hosts: [h],
                            apiVersion: "2022-09-01",
                            mode: "sslcert",
                            serverCertIds: ["cert-1"],
                            deleteBehavior: "retain",
                            waitTimeoutSeconds: 1800,
                        }),
                    ),
            );
            assert.equal(api.describeCalls(), 2, "250 domains = 2 pages of 200, shared by all 50 reads");
            assert.deepEqual(
                api.calls.map((c) => c.params.Limit),
                [200, 200],
            );
            assert.ok(results.every((r) => r.id && r.props.hostStatuses[0].deployStatus === "deployed"));
        });

        it("reports an out-of-band certificate change as the field that changed", async () => {
            const { provider, api } = setup({ init: { mode: "sslcert", certIds: ["cert-1"] } });
            const props = {
                zoneId: ZONE,
                hosts: ["a.example.com", "b.example.com"],
                apiVersion: "2022-09-01",
                mode: "sslcert",
                serverCertIds: ["cert-1"],
                deleteBehavior: "retain",
                waitTimeoutSeconds: 1800,
                __provider: PROVIDER,
            };
            Object.assign(api.host(ZONE, "b.example.com"), { certIds: ["cert-other"] });
            const r = await provider.read!(`${ZONE}#a.example.com,b.example.com`, props);
            assert.deepEqual(r.inputs.serverCertIds, ["cert-other"]);
            assert.deepEqual(r.props.serverCertIds, ["cert-other"]);
            assert.equal(r.inputs.hostStatuses, undefined);
            Object.assign(api.host(ZONE, "b.example.com"), { mode: "eofreecert", certIds: [] });
            const { provider: fresh } = {
                provider: hostsCertificateBindingProviderImpl({ client: () => api, log: recordingLogger(), sleep: api.clock.sleep, now: api.clock.now }),
            };
            const r2 = await fresh.read!(`${ZONE}#a.example.com,b.example.com`, props);
            assert.equal(r2.inputs.mode, "eofreecert");
            assert.equal(r2.inputs.serverCertIds, undefined);
            // A diff against the refreshed outputs names the drifted fields.
            assert.equal((await fresh.diff!("id", r2.props, props)).changes, true);
        });

        it("drops hosts that no longer exist with a warning, and is gone when none are left", async () => {
            const { provider, api, log } = setup();
            const props = {
                zoneId: ZONE,
                hosts: ["a.example.com", "x.example.com"],
                apiVersion: "2022-09-01",
                mode: "disable",
                deleteBehavior: "retain",
                waitTimeoutSeconds: 1800,
            };
            const r = await provider.read!("id", props);
            assert.deepEqual(r.props.hosts, ["a.example.com"]);
            assert.ok(log.lines.some((l) => l.level === "warn" && /'x\.example\.com' no longer exist/.test(l.message)));
            api.zones.get(ZONE)!.delete("a.example.com");
            const fresh = hostsCertificateBindingProviderImpl({ client: () => api, log, sleep: api.clock.sleep, now: api.clock.now });
            assert.equal((await fresh.read!("id", props)).id, "");
            api.zones.delete(ZONE);
            const fresh2 = hostsCertificateBindingProviderImpl({ client: () => api, log, sleep: api.clock.sleep, now: api.clock.now });
            assert.equal((await fresh2.read!("id", props)).id, "");
        });

        it("reads a binding from its id alone (adoption)", async () => {
            const { provider, api } = setup();
            Object.assign(api.host(ZONE, "a.example.com"), { mode: "sslcert", certIds: ["cert-1"] });
            const r = await provider.read!(`${ZONE}#a.example.com`, {});
            assert.equal(r.id, `${ZONE}#a.example.com`);
            assert.equal(r.inputs.mode, "sslcert");
            assert.deepEqual(r.inputs.serverCertIds, ["cert-1"]);
        });
    });

    describe("update and delete", () => {
        const base = {
            zoneId: ZONE,
            apiVersion: "2022-09-01",
            mode: "sslcert",
            serverCertIds: ["cert-1"],
            deleteBehavior: "disable",
            waitTimeoutSeconds: 1800,
        };

        it("changes certificates in place and applies deleteBehavior to removed hosts", async () => {
            const { provider, api } = setup({ init: { mode: "sslcert", certIds: ["cert-1"] } });
            const olds = { ...base, hosts: ["a.example.com", "b.example.com"], hostStatuses: [] };
            const news = await checked(provider, { ...base, hosts: ["a.example.com"], serverCertIds: ["cert-2"] });
            const { outs } = await provider.update!("id", olds, news);
            const modifies = api.calls.filter((c) => c.action === "ModifyHostsCertificate").map((c) => c.params);
            assert.deepEqual(modifies, [
                { ZoneId: ZONE, Hosts: ["a.example.com"], Mode: "sslcert", ServerCertInfo: [{ CertId: "cert-2" }] },
                { ZoneId: ZONE, Hosts: ["b.example.com"], Mode: "disable" },
            ]);
            assert.deepEqual(
                outs.hostStatuses.map((s: any) => s.certIds),
                [["cert-2"]],
            );
            assert.equal(api.host(ZONE, "b.example.com").mode, "disable");
        });

        it("leaves removed hosts alone with retain (and says so)", async () => {
            const { provider, api, log } = setup({ init: { mode: "sslcert", certIds: ["cert-1"] } });
            const olds = { ...base, deleteBehavior: "retain", hosts: ["a.example.com", "b.example.com"], hostStatuses: [] };
            await provider.update!("id", olds, await checked(provider, { ...base, deleteBehavior: "retain", hosts: ["a.example.com"] }));
            assert.equal(api.count("ModifyHostsCertificate"), 0);
            assert.ok(log.lines.some((l) => l.level === "warn" && /retain.*'b\.example\.com'/.test(l.message)));
        });

        it("makes no API call when only waitTimeoutSeconds or deleteBehavior changed", async () => {
            const { provider, api } = setup();
            const status = { host: "a.example.com", mode: "sslcert", certIds: ["cert-1"], deployStatus: "deployed", expireTime: "", domainStatus: "online" };
            const olds = { ...base, hosts: ["a.example.com"], hostStatuses: [status] };
            const { outs } = await provider.update!(
                "id",
                olds,
                await checked(provider, { ...base, hosts: ["a.example.com"], waitTimeoutSeconds: 60, deleteBehavior: "retain" }),
            );
            assert.equal(api.calls.length, 0);
            assert.equal(outs.waitTimeoutSeconds, 60);
            assert.deepEqual(outs.hostStatuses, [status]);
        });

        it("deletes per deleteBehavior: retain warns only, disable/default reset and wait, gone hosts are skipped", async () => {
            const { provider, api, log } = setup({ init: { mode: "sslcert", certIds: ["cert-1"] } });
            await provider.delete!("id", { ...base, deleteBehavior: "retain", hosts: ["a.example.com"] });
            assert.equal(api.calls.length, 0);
            assert.ok(log.lines.some((l) => l.level === "warn" && /retain/.test(l.message)));

            await provider.delete!("id", { ...base, deleteBehavior: "eofreecert", hosts: ["a.example.com", "gone.example.com"] });
            assert.deepEqual(
                api.calls.filter((c) => c.action === "ModifyHostsCertificate").map((c) => c.params),
                [{ ZoneId: ZONE, Hosts: ["a.example.com"], Mode: "eofreecert" }],
            );
            assert.equal(api.host(ZONE, "a.example.com").mode, "eofreecert");

            await provider.delete!("id", {
                zoneId: ZONE,
                hosts: ["b.example.com"],
                apiVersion: "2022-01-06",
                certIds: ["cert-1"],
                deleteBehavior: "default",
                waitTimeoutSeconds: 60,
            });
            const last = api.calls.filter((c) => c.action === "ModifyHostsCertificate").at(-1)!;
            assert.equal(last.version, "2022-01-06");
            assert.deepEqual(last.params, { ZoneId: ZONE, Hosts: ["b.example.com"] });

            // Already in the target state: nothing is sent again.
            const before = api.count("ModifyHostsCertificate");
            await provider.delete!("id", { ...base, deleteBehavior: "eofreecert", hosts: ["a.example.com"] });
            assert.equal(api.count("ModifyHostsCertificate"), before);
            // A zone that is gone is already deleted.
            api.zones.delete(ZONE);
            await provider.delete!("id", { ...base, hosts: ["a.example.com"] });
        });
    });
});
