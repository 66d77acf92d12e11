/**
 * ListenerCertificateBinding against a small scripted GAAP written here (no emulator, no network):
 * check, diff, the CRUD mapping, the per-listener lock and shared reads.
 */
import * as assert from "node:assert/strict";
import { TencentCloudError } from "../../provider/tencentcloud/errors";
import type { CallOptions, ServiceName, TencentCloudApi } from "../../provider/tencentcloud/types";
import { ListenerCertificateBindingError, type ListenerCertificateBindingOutputs } from "../../provider/resources/listener-certificate-binding";
import {
    listenerCertificateBindingDefinition,
    listenerCertificateBindingProviderImpl,
    LISTENER_BUSY_CODES,
} from "../../provider/resources/listener-certificate-binding/provider";
import { domainProblem, formatBindingId, parseBindingId } from "../../provider/resources/listener-certificate-binding/inputs";
import { checkInputs } from "../../provider/resources/common/resource";
import { KeyedLock } from "../../provider/resources/listener-certificate-binding/remote";
import { ReadCache } from "../../provider/resources/common/read-cache";
import { UNKNOWN_VALUE } from "../../provider/resources/common/wire";
import { WaitTimeoutError } from "../../provider/resources/common/wait";
import type { Logger } from "../../provider/tencentcloud/log";

// ---- a scripted GAAP ------------------------------------------------------------------------

interface FakeDomain {
    cert: string;
    client: string;
    poly: string[];
    status: number;
    /** DescribeRules answers left before a running change completes. */
    pollsLeft: number;
    next?: { cert: string; client: string; poly: string[] };
}

interface FakeListener {
    authType: 0 | 1;
    cert: string;
    clientCert: string | null;
    domains: Map<string, FakeDomain>;
    /** A task runs while any domain is changing. */
}

interface CallRecord {
    action: string;
    params: any;
    options?: CallOptions;
    listenerId?: string;
    start: number;
    end: number;
    code: string;
}

class FakeGaap implements TencentCloudApi {
    listeners = new Map<string, FakeListener>();
    calls: CallRecord[] = [];
    /** DescribeRules answers a change stays "changing". */
    taskPolls = 2;
    /** Probability that ModifyCertificate answers ListenerHasTask regardless (busy injection). */
    busyProbability = 0;
    /** When false, a change never completes. */
    completes = true;
    private seq = 0;
    private random = mulberry32(7);

    addListener(id: string, authType: 0 | 1, domains: string[]): FakeListener {
        const listener: FakeListener = { authType, cert: "cert-listener1", clientCert: authType ? "cert-listenerca" : null, domains: new Map() };
        for (const d of domains) {
            listener.domains.set(d, { cert: "default", client: authType ? "default" : "", poly: [], status: 0, pollsLeft: 0 });
        }
        this.listeners.set(id, listener);
        return listener;
    }

    count(action: string, listenerId?: string): number {
        return this.calls.filter((c) => c.action === action && (listenerId === undefined || c.listenerId === listenerId)).length;
    }

    async call<T extends object>(
        service: ServiceName,
        version: string,
        action: string,
        params: any,
        options?: CallOptions,
    ): Promise<T & { RequestId: string }> {
        assert.equal(service, "gaap");
        assert.equal(version, "2018-05-29");
        // Stand-in for the real client's retry of `retryableCodes` until `deadlineMs`.
        const deadline = Date.now() + (options?.deadlineMs ?? 60_000);
        for (;;) {
            try {
                return (await this.once(action, params, options)) as T & { RequestId: string };
            } catch (err) {
                if (err instanceof TencentCloudError && options?.retryableCodes?.includes(err.code) && Date.now() < deadline) {
                    await new Promise((r) => setTimeout(r, 1));
                    continue;
                }
                throw err;
            }
        }
    }

    private async once(action: string, params: any, options?: CallOptions): Promise<object> {
        const record: CallRecord = {
            action,
            params: JSON.parse(JSON.stringify(params)),
            options,
            listenerId: params.ListenerId,
            start: performance.now(),
            end: 0,
            code: "OK",
        };
        this.calls.push(record);
        const requestId = `req-${++this.seq}`;
        await new Promise((r) => setTimeout(r, 1 + Math.floor(this.random() * 3)));
        try {
            return { ...this.handle(action, params, requestId), RequestId: requestId };
        } catch (err) {
            record.code = (err as TencentCloudError).code;
            throw err;
        } finally {
            record.end = performance.now();
        }
    }

    private error(code: string, message: string, requestId: string, action: string): TencentCloudError {
        return new TencentCloudError(code, message, { service: "gaap", action, requestId });
    }

    private handle(action: string, params: any, requestId: string): object {
        const listener = this.listeners.get(params.ListenerId);
        switch (action) {
            case "DescribeHTTPSListeners":
                return {
                    TotalCount: listener ? 1 : 0,
                    ListenerSet: listener
                        ? [
                              {
                                  ListenerId: params.ListenerId,
                                  ListenerName: "l",
                                  Port: 443,
                                  Protocol: "HTTPS",
                                  ListenerStatus: 0,
                                  CertificateId: listener.cert,
                                  ForwardProtocol: "HTTP",
                                  CreateTime: 0,
                                  CertificateAlias: "listener cert",
                                  ClientCertificateId: listener.clientCert,
                                  AuthType: listener.authType,
                                  ClientCertificateAlias: null,
                                  PolyClientCertificateAliasInfo: [],
                                  Http3Supported: 0,
                                  ProxyId: "link-1",
                                  GroupId: null,
                              },
                          ]
                        : [],
                };
            case "DescribeRules": {
                if (!listener) {
                    throw this.error("ResourceNotFound", "listener not found", requestId, action);
                }
                const set = [...listener.domains.entries()].map(([domain, d]) => {
                    if (d.status === 1) {
                        if (d.pollsLeft > 0) {
                            d.pollsLeft--;
                        } else if (this.completes) {
                            Object.assign(d, d.next, { status: 0, next: undefined });
                        }
                    }
                    return {
                        Domain: domain,
                        RuleSet: [],
                        CertificateId: d.cert,
                        CertificateAlias: d.cert === "default" ? "" : `alias of ${d.cert}`,
                        ClientCertificateId: d.client,
                        ClientCertificateAlias: "",
                        PolyClientCertificateAliasInfo: d.poly.map((id) => ({ CertificateId: id, CertificateAlias: `alias of ${id}` })),
                        DomainStatus: d.status,
                    };
                });
                return { DomainRuleSet: set, TotalCount: set.length };
            }
            case "ModifyCertificate": {
                if (!listener) {
                    throw this.error("ResourceNotFound", "listener not found", requestId, action);
                }
                const d = listener.domains.get(params.Domain);
                if (!d) {
                    throw this.error("ResourceNotFound", "domain not found", requestId, action);
                }
                if ([...listener.domains.values()].some((x) => x.status !== 0) || this.random() < this.busyProbability) {
                    throw this.error("FailedOperation.ListenerHasTask", "listener is in operation", requestId, action);
                }
                const poly: string[] =
                    params.PolyClientCertificateIds ??
                    (params.ClientCertificateId && params.ClientCertificateId !== "default" ? [params.ClientCertificateId] : []);
                d.next = {
                    cert: params.CertificateId,
                    client: params.ClientCertificateId ?? (poly.length ? poly[0] : listener.authType ? "default" : ""),
                    poly,
                };
                d.status = 1;
                d.pollsLeft = this.taskPolls;
                return {};
            }
        }
        throw new Error(`unexpected action ${action}`);
    }
}

function mulberry32(seed: number): () => number {
    return () => {
        seed = (seed + 0x6d2b79f5) | 0;
        let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
        t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
}

const checkBindingInputs = (news: Record<string, unknown>) => checkInputs(listenerCertificateBindingDefinition, news);

const lines: string[] = [];
const testLog: Logger = { debug: (m) => lines.push(m), info: (m) => lines.push(m), warn: (m) => lines.push(m), error: (m) => lines.push(m) };

function provider(api: FakeGaap, extra: Record<string, unknown> = {}) {
    return listenerCertificateBindingProviderImpl({
        client: () => api,
        log: testLog,
        sleep: () => new Promise((r) => setTimeout(r, 1)),
        pollIntervalMs: 1,
        maxPollIntervalMs: 1,
        ...extra,
    });
}

async function checked(p: ReturnType<typeof provider>, news: Record<string, unknown>) {
    const result = await p.check!({}, news);
    assert.deepEqual(result.failures ?? [], [], JSON.stringify(result.failures));
    return result.inputs;
}

/** Asserts that no two calls about the same listener were in flight at the same time. */
function assertNoOverlapPerListener(calls: CallRecord[]): void {
    const byListener = new Map<string, CallRecord[]>();
    for (const c of calls) {
        byListener.set(c.listenerId!, [...(byListener.get(c.listenerId!) ?? []), c]);
    }
    for (const [listenerId, list] of byListener) {
        const sorted = [...list].sort((a, b) => a.start - b.start);
        for (let i = 1; i < sorted.length; i++) {
            assert.ok(sorted[i].start >= sorted[i - 1].end, `calls on ${listenerId} overlap: ${sorted[i - 1].action} and ${sorted[i].action}`);
        }
    }
}

const L1 = "listener-aaaa1111";
const L2 = "listener-bbbb2222";

// ---- check ----------------------------------------------------------------------------------

describe("gaap ListenerCertificateBinding: check", () => {
    it("applies defaults and accepts valid inputs without calling the API", async () => {
        const api = new FakeGaap();
        const result = await provider(api).check!({}, { listenerId: L1, domain: "www.example.com" });
        assert.deepEqual(result.failures ?? [], []);
        assert.deepEqual(result.inputs, { listenerId: L1, domain: "www.example.com", certificateId: "default", waitTimeoutSeconds: 600 });
        assert.equal(api.calls.length, 0);
    });

    it("accepts wildcard domains, IPv4, client certificates and poly lists", () => {
        for (const news of [
            { listenerId: L1, domain: "*.example.com", certificateId: "cert-abcd1234", clientCertificateId: "default" },
            { listenerId: L1, domain: "10.0.0.1", certificateId: "cert-abcd1234", polyClientCertificateIds: ["cert-a1b2c3d4", "cert-e5f6g7h8"] },
            { listenerId: L1, domain: "a-b.c.example.org", clientCertificateId: "cert-abcd1234", waitTimeoutSeconds: 30 },
        ]) {
            assert.deepEqual(checkBindingInputs(news).failures, [], JSON.stringify(news));
        }
    });

    const cases: Array<[string, Record<string, unknown>, string, RegExp]> = [
        ["missing listenerId", { domain: "www.example.com" }, "listenerId", /required.*listener-/],
        ["bad listenerId", { listenerId: "lsn-123", domain: "www.example.com" }, "listenerId", /'lsn-123' is not a GAAP listener id/],
        ["missing domain", { listenerId: L1 }, "domain", /domain is required/],
        ["upper-case domain", { listenerId: L1, domain: "WWW.Example.com" }, "domain", /lower case \('www\.example\.com'\)/],
        ["domain with scheme", { listenerId: L1, domain: "https://www.example.com" }, "domain", /without scheme/],
        ["single-label domain", { listenerId: L1, domain: "localhost" }, "domain", /two labels/],
        ["wildcard inside", { listenerId: L1, domain: "www.*.example.com" }, "domain", /'\*' only as the whole first label/],
        ["bad label", { listenerId: L1, domain: "-www.example.com" }, "domain", /invalid label '-www'/],
        ["empty label", { listenerId: L1, domain: "www..example.com" }, "domain", /empty label/],
        [
            "bad certificateId",
            { listenerId: L1, domain: "www.example.com", certificateId: "abc" },
            "certificateId",
            /'abc' must be a GAAP certificate id .*'default'/,
        ],
        ["bad clientCertificateId", { listenerId: L1, domain: "www.example.com", clientCertificateId: "x" }, "clientCertificateId", /mutual authentication/],
        [
            "both client forms",
            { listenerId: L1, domain: "www.example.com", clientCertificateId: "cert-abcd1234", polyClientCertificateIds: ["cert-abcd5678"] },
            "polyClientCertificateIds",
            /either clientCertificateId .* or polyClientCertificateIds/,
        ],
        ["empty poly", { listenerId: L1, domain: "www.example.com", polyClientCertificateIds: [] }, "polyClientCertificateIds", /must not be empty/],
        [
            "default in poly",
            { listenerId: L1, domain: "www.example.com", polyClientCertificateIds: ["default"] },
            "polyClientCertificateIds",
            /\[0\] is 'default'/,
        ],
        [
            "duplicate in poly",
            { listenerId: L1, domain: "www.example.com", polyClientCertificateIds: ["cert-abcd1234", "cert-abcd1234"] },
            "polyClientCertificateIds",
            /twice/,
        ],
        [
            "poly not a list",
            { listenerId: L1, domain: "www.example.com", polyClientCertificateIds: "cert-abcd1234" },
            "polyClientCertificateIds",
            /must be a list/,
        ],
        ["zero timeout", { listenerId: L1, domain: "www.example.com", waitTimeoutSeconds: 0 }, "waitTimeoutSeconds", /whole number of seconds from 1/],
        ["fractional timeout", { listenerId: L1, domain: "www.example.com", waitTimeoutSeconds: 1.5 }, "waitTimeoutSeconds", /whole number/],
        ["unknown input", { listenerId: L1, domain: "www.example.com", certificateID: "cert-abcd1234" }, "certificateID", /unknown input 'certificateID'/],
    ];
    for (const [name, news, property, reason] of cases) {
        it(`rejects ${name}, naming ${property}`, async () => {
            const api = new FakeGaap();
            const result = await provider(api).check!({}, news);
            const failure = (result.failures ?? []).find((f) => f.property === property);
            assert.ok(failure, `no failure for ${property}: ${JSON.stringify(result.failures)}`);
            assert.match(failure!.reason, reason);
            assert.equal(api.calls.length, 0);
        });
    }

    it("does not validate values unknown during preview", () => {
        const { failures } = checkBindingInputs({
            listenerId: UNKNOWN_VALUE,
            domain: UNKNOWN_VALUE,
            certificateId: UNKNOWN_VALUE,
            polyClientCertificateIds: [UNKNOWN_VALUE],
        });
        assert.deepEqual(failures, []);
    });

    it("explains domain problems in words", () => {
        assert.equal(domainProblem("www.example.com"), undefined);
        assert.match(domainProblem("a".repeat(254))!, /253/);
        assert.match(domainProblem("*.com")!, /two labels/);
    });

    it("formats and parses the Terraform-compatible id", () => {
        const id = formatBindingId(L1, "*.example.com");
        assert.equal(id, `${L1}+HTTPS+*.example.com`);
        assert.deepEqual(parseBindingId(id), { listenerId: L1, domain: "*.example.com" });
        assert.throws(() => parseBindingId(`${L1}+HTTP+www.example.com`), /listener-xxxxxxxx\+HTTPS\+www\.example\.com/);
        assert.throws(() => parseBindingId("garbage"), /not a ListenerCertificateBinding id/);
    });
});

// ---- diff -----------------------------------------------------------------------------------

describe("gaap ListenerCertificateBinding: diff", () => {
    const olds = {
        listenerId: L1,
        domain: "www.example.com",
        certificateId: "cert-abcd1234",
        waitTimeoutSeconds: 600,
        certificateAlias: "a",
        clientCertificateAlias: "",
        polyClientCertificates: [],
        domainStatus: 0,
        listenerCertificateId: "cert-listener1",
        listenerClientCertificateId: "",
        listenerAuthType: 0,
        certificates: [{ certificateId: "cert-abcd1234", role: "server", expireTime: "" }],
    } as ListenerCertificateBindingOutputs;
    const news = { listenerId: L1, domain: "www.example.com", certificateId: "cert-abcd1234", waitTimeoutSeconds: 600 };
    const p = provider(new FakeGaap());

    it("reports no change for the same inputs", async () => {
        assert.deepEqual(await p.diff!("id", olds, news), { changes: false, replaces: [], deleteBeforeReplace: false });
    });
    it("updates a changed certificate in place", async () => {
        const r = await p.diff!("id", olds, { ...news, certificateId: "default" });
        assert.equal(r.changes, true);
        assert.deepEqual(r.replaces, []);
    });
    it("replaces on listenerId or domain, and on an unknown listenerId", async () => {
        assert.deepEqual((await p.diff!("id", olds, { ...news, listenerId: L2 })).replaces, ["listenerId"]);
        assert.deepEqual((await p.diff!("id", olds, { ...news, domain: "api.example.com" })).replaces, ["domain"]);
        assert.deepEqual((await p.diff!("id", olds, { ...news, listenerId: UNKNOWN_VALUE })).replaces, ["listenerId"]);
    });
    it("updates client certificates in place and ignores the order of poly ids", async () => {
        const mutual = { ...olds, polyClientCertificateIds: ["cert-a1111111", "cert-b2222222"] };
        assert.equal((await p.diff!("id", mutual, { ...news, polyClientCertificateIds: ["cert-b2222222", "cert-a1111111"] })).changes, false);
        const r = await p.diff!("id", mutual, { ...news, polyClientCertificateIds: ["cert-a1111111"] });
        assert.equal(r.changes, true);
        assert.deepEqual(r.replaces, []);
        assert.equal((await p.diff!("id", olds, { ...news, clientCertificateId: "cert-c3333333" })).changes, true);
        // `default` and no client certificate mean the same thing.
        assert.equal((await p.diff!("id", olds, { ...news, clientCertificateId: "default" })).changes, false);
    });
    it("updates a changed wait timeout without replacing", async () => {
        const r = await p.diff!("id", olds, { ...news, waitTimeoutSeconds: 60 });
        assert.equal(r.changes, true);
        assert.deepEqual(r.replaces, []);
    });
});

// ---- CRUD -----------------------------------------------------------------------------------

describe("gaap ListenerCertificateBinding: create, read, update, delete", () => {
    it("creates: one ModifyCertificate, waits until the domain runs with the certificate, returns GAAP's view", async () => {
        const api = new FakeGaap();
        api.addListener(L1, 0, ["www.example.com", "api.example.com"]);
        const p = provider(api);
        const inputs = await checked(p, { listenerId: L1, domain: "www.example.com", certificateId: "cert-abcd1234", waitTimeoutSeconds: 60 });
        const { id, outs } = await p.create!(inputs);
        assert.equal(id, `${L1}+HTTPS+www.example.com`);
        assert.equal(outs.certificateId, "cert-abcd1234");
        assert.equal(outs.certificateAlias, "alias of cert-abcd1234");
        assert.equal(outs.domainStatus, 0);
        assert.equal(outs.listenerCertificateId, "cert-listener1");
        assert.equal(outs.listenerAuthType, 0);
        assert.ok(!Object.values(outs).includes(undefined));
        const modify = api.calls.filter((c) => c.action === "ModifyCertificate");
        assert.equal(modify.length, 1);
        assert.deepEqual(modify[0].params, { ListenerId: L1, Domain: "www.example.com", CertificateId: "cert-abcd1234" });
        assert.equal(modify[0].options?.idempotent, true);
        assert.deepEqual([...(modify[0].options?.retryableCodes ?? [])].sort(), [...LISTENER_BUSY_CODES].sort());
        assert.ok(modify[0].options!.deadlineMs! <= 60_000);
        assert.equal(api.listeners.get(L1)!.domains.get("www.example.com")!.cert, "cert-abcd1234");
        assert.equal(api.listeners.get(L1)!.domains.get("api.example.com")!.cert, "default");
        // 1 listener read, 1 rules read before, the change, then polls until running (2 changing + 1 running).
        assert.equal(api.count("DescribeHTTPSListeners"), 1);
        assert.equal(api.count("DescribeRules"), 4);
    });

    it("sends nothing when the domain already has the certificate", async () => {
        const api = new FakeGaap();
        api.addListener(L1, 0, ["www.example.com"]).domains.get("www.example.com")!.cert = "cert-abcd1234";
        const p = provider(api);
        await p.create!(await checked(p, { listenerId: L1, domain: "www.example.com", certificateId: "cert-abcd1234" }));
        assert.equal(api.count("ModifyCertificate"), 0);
    });

    it("refuses a domain that does not exist, naming it and the listener, without creating anything", async () => {
        const api = new FakeGaap();
        api.addListener(L1, 0, ["www.example.com"]);
        const p = provider(api);
        await assert.rejects(p.create!(await checked(p, { listenerId: L1, domain: "shop.example.com", certificateId: "cert-abcd1234" })), (err: any) => {
            assert.ok(err instanceof ListenerCertificateBindingError);
            assert.equal(err.code, "Client.GaapDomainNotFound");
            assert.match(
                err.message,
                /domain 'shop\.example\.com' does not exist on GAAP listener 'listener-aaaa1111' \(its domains: www\.example\.com\).*never creates one/,
            );
            return true;
        });
        assert.equal(api.count("ModifyCertificate"), 0);
    });

    it("refuses a listener that does not exist", async () => {
        const api = new FakeGaap();
        const p = provider(api);
        await assert.rejects(
            p.create!(await checked(p, { listenerId: L2, domain: "www.example.com" })),
            (err: any) => err.code === "Client.GaapListenerNotFound" && /listener-bbbb2222/.test(err.message),
        );
        assert.equal(api.count("ModifyCertificate"), 0);
    });

    it("refuses client certificates on a one-way listener, naming the field", async () => {
        const api = new FakeGaap();
        api.addListener(L1, 0, ["www.example.com"]);
        const p = provider(api);
        await assert.rejects(
            p.create!(await checked(p, { listenerId: L1, domain: "www.example.com", polyClientCertificateIds: ["cert-a1111111"] })),
            (err: any) => err.code === "Client.GaapMutualAuthRequired" && /polyClientCertificateIds is set .* one-way authentication/.test(err.message),
        );
        assert.equal(api.count("ModifyCertificate"), 0);
    });

    it("mutual authentication: single client certificate, poly list, back to none", async () => {
        const api = new FakeGaap();
        api.addListener(L1, 1, ["www.example.com"]);
        const p = provider(api);
        const domain = () => api.listeners.get(L1)!.domains.get("www.example.com")!;
        const single = await checked(p, { listenerId: L1, domain: "www.example.com", certificateId: "cert-abcd1234", clientCertificateId: "cert-c1111111" });
        const created = await p.create!(single);
        assert.deepEqual(api.calls.filter((c) => c.action === "ModifyCertificate").at(-1)!.params.ClientCertificateId, "cert-c1111111");
        assert.equal(created.outs.clientCertificateId, "cert-c1111111");
        assert.equal(created.outs.listenerAuthType, 1);

        const poly = await checked(p, {
            listenerId: L1,
            domain: "www.example.com",
            certificateId: "cert-abcd1234",
            polyClientCertificateIds: ["cert-c1111111", "cert-c2222222"],
        });
        assert.equal((await p.diff!(created.id, created.outs, poly)).changes, true);
        const updated = await p.update!(created.id, created.outs, poly);
        assert.deepEqual(api.calls.filter((c) => c.action === "ModifyCertificate").at(-1)!.params.PolyClientCertificateIds, ["cert-c1111111", "cert-c2222222"]);
        assert.deepEqual(domain().poly, ["cert-c1111111", "cert-c2222222"]);
        assert.deepEqual(
            updated.outs!.polyClientCertificates.map((c: any) => c.certificateId),
            ["cert-c1111111", "cert-c2222222"],
        );

        const none = await checked(p, { listenerId: L1, domain: "www.example.com", certificateId: "cert-abcd1234" });
        const diff = await p.diff!(created.id, updated.outs, none);
        assert.equal(diff.changes, true);
        await p.update!(created.id, updated.outs, none);
        const last = api.calls.filter((c) => c.action === "ModifyCertificate").at(-1)!.params;
        assert.equal(last.ClientCertificateId, "default");
        assert.equal(last.PolyClientCertificateIds, undefined);
        assert.deepEqual(domain().poly, []);
    });

    it("update of the wait timeout alone sends nothing", async () => {
        const api = new FakeGaap();
        api.addListener(L1, 0, ["www.example.com"]);
        const p = provider(api);
        const created = await p.create!(await checked(p, { listenerId: L1, domain: "www.example.com", certificateId: "cert-abcd1234" }));
        const before = api.calls.length;
        const updated = await p.update!(created.id, created.outs, { ...created.outs, waitTimeoutSeconds: 30 } as any);
        assert.equal(api.calls.length, before);
        assert.equal(updated.outs!.waitTimeoutSeconds, 30);
        assert.equal(updated.outs!.certificateAlias, "alias of cert-abcd1234");
    });

    it("times out with a clear error when the change never applies", async () => {
        const api = new FakeGaap();
        api.addListener(L1, 0, ["www.example.com"]);
        api.completes = false;
        let t = 0;
        const p = provider(api, {
            now: () => t,
            sleep: async (ms: number) => {
                t += ms;
                await new Promise((r) => setImmediate(r));
            },
            pollIntervalMs: 1000,
            maxPollIntervalMs: 1000,
        });
        await assert.rejects(
            p.create!(await checked(p, { listenerId: L1, domain: "www.example.com", certificateId: "cert-abcd1234", waitTimeoutSeconds: 5 })),
            (err: any) => {
                assert.ok(err instanceof WaitTimeoutError);
                assert.match(
                    err.message,
                    /timed out after 5s waiting for certificate cert-abcd1234 on domain 'www\.example\.com' of GAAP listener 'listener-aaaa1111' \(last seen: certificate default, changing\).*waitTimeoutSeconds/,
                );
                return true;
            },
        );
    });

    it("read reports an out-of-band certificate swap under certificateId, and drops a removed domain", async () => {
        const api = new FakeGaap();
        api.addListener(L1, 0, ["www.example.com"]);
        const p = provider(api, { readCacheMs: 0 });
        const inputs = await checked(p, { listenerId: L1, domain: "www.example.com", certificateId: "cert-abcd1234" });
        const created = await p.create!(inputs);
        api.listeners.get(L1)!.domains.get("www.example.com")!.cert = "cert-zzzz9999";
        const read = await p.read!(created.id, created.outs);
        assert.equal(read.id, created.id);
        assert.equal(read.props.certificateId, "cert-zzzz9999");
        assert.equal(read.inputs.certificateId, "cert-zzzz9999");
        assert.equal(read.inputs.clientCertificateId, undefined);
        const diff = await p.diff!(created.id, read.props, inputs);
        assert.equal(diff.changes, true);
        assert.deepEqual(diff.replaces, []);
        // up reverts the swap
        await p.update!(created.id, read.props, inputs);
        assert.equal(api.listeners.get(L1)!.domains.get("www.example.com")!.cert, "cert-abcd1234");

        api.listeners.get(L1)!.domains.delete("www.example.com");
        assert.deepEqual(await p.read!(created.id, created.outs), { id: "" });
        api.listeners.delete(L1);
        assert.deepEqual(await p.read!(created.id, created.outs), { id: "" });
    });

    it("read keeps the user's client certificate shape and reports drift in it", async () => {
        const api = new FakeGaap();
        api.addListener(L1, 1, ["www.example.com"]);
        const p = provider(api, { readCacheMs: 0 });
        const inputs = await checked(p, {
            listenerId: L1,
            domain: "www.example.com",
            certificateId: "cert-abcd1234",
            polyClientCertificateIds: ["cert-c2222222", "cert-c1111111"],
        });
        const created = await p.create!(inputs);
        const same = await p.read!(created.id, created.outs);
        assert.deepEqual(same.inputs.polyClientCertificateIds, ["cert-c2222222", "cert-c1111111"]);
        assert.equal((await p.diff!(created.id, same.props, inputs)).changes, false);
        const d = api.listeners.get(L1)!.domains.get("www.example.com")!;
        d.poly = ["cert-c1111111"];
        const drifted = await p.read!(created.id, created.outs);
        assert.deepEqual(drifted.inputs.polyClientCertificateIds, ["cert-c1111111"]);
        assert.equal((await p.diff!(created.id, drifted.props, inputs)).changes, true);
    });

    it("delete reverts to the listener's certificates and waits; missing listener or domain counts as done", async () => {
        const api = new FakeGaap();
        api.addListener(L1, 1, ["www.example.com"]);
        const p = provider(api);
        const created = await p.create!(
            await checked(p, { listenerId: L1, domain: "www.example.com", certificateId: "cert-abcd1234", clientCertificateId: "cert-c1111111" }),
        );
        await p.delete!(created.id, created.outs);
        const last = api.calls.filter((c) => c.action === "ModifyCertificate").at(-1)!.params;
        assert.deepEqual(last, { ListenerId: L1, Domain: "www.example.com", CertificateId: "default", ClientCertificateId: "default" });
        const d = api.listeners.get(L1)!.domains.get("www.example.com")!;
        assert.equal(d.cert, "default");
        assert.equal(d.status, 0);

        const modifies = api.count("ModifyCertificate");
        await p.delete!(created.id, created.outs); // already on default: nothing to send
        assert.equal(api.count("ModifyCertificate"), modifies);
        api.listeners.get(L1)!.domains.delete("www.example.com");
        await p.delete!(created.id, created.outs);
        api.listeners.delete(L1);
        await p.delete!(created.id, created.outs);
        assert.equal(api.count("ModifyCertificate"), modifies);
    });
});

// ---- concurrency ----------------------------------------------------------------------------

describe("gaap ListenerCertificateBinding: per-listener lock and shared reads", () => {
    it("20 bindings on 2 busy listeners converge; calls per listener never overlap; listeners run in parallel", async () => {
        const api = new FakeGaap();
        api.busyProbability = 0.3;
        const domains = Array.from({ length: 10 }, (_, i) => `d${i}.example.com`);
        api.addListener(L1, 0, domains);
        api.addListener(L2, 0, domains);
        const p = provider(api);
        const all = [L1, L2].flatMap((l) => domains.map((d) => ({ listenerId: l, domain: d, certificateId: "cert-abcd1234", waitTimeoutSeconds: 60 })));
        const results = await Promise.all(all.map(async (news) => p.create!(await checked(p, news))));
        assert.equal(results.length, 20);
        for (const l of [L1, L2]) {
            for (const d of domains) {
                assert.equal(api.listeners.get(l)!.domains.get(d)!.cert, "cert-abcd1234");
            }
        }
        assertNoOverlapPerListener(api.calls);
        assert.ok(
            api.calls.some((c) => c.code === "FailedOperation.ListenerHasTask"),
            "busy injection never fired",
        );
        // Some call on L2 ran while a call on L1 was in flight.
        const l1 = api.calls.filter((c) => c.listenerId === L1);
        const l2 = api.calls.filter((c) => c.listenerId === L2);
        assert.ok(
            l1.some((a) => l2.some((b) => b.start < a.end && a.start < b.end)),
            "listeners did not run in parallel",
        );
    });

    it("concurrent reads of one listener's bindings share one DescribeRules and one DescribeHTTPSListeners", async () => {
        const api = new FakeGaap();
        const domains = Array.from({ length: 10 }, (_, i) => `d${i}.example.com`);
        api.addListener(L1, 0, domains);
        api.addListener(L2, 0, domains);
        const p = provider(api);
        const reads = [L1, L2].flatMap((l) =>
            domains.map((d) => p.read!(formatBindingId(l, d), { listenerId: l, domain: d, certificateId: "default", waitTimeoutSeconds: 600 } as any)),
        );
        const results = await Promise.all(reads);
        assert.ok(results.every((r) => r.id));
        assert.equal(api.count("DescribeRules"), 2);
        assert.equal(api.count("DescribeHTTPSListeners"), 2);
        assertNoOverlapPerListener(api.calls);
        // A later read within the window is served from memory.
        await p.read!(formatBindingId(L1, "d0.example.com"), {
            listenerId: L1,
            domain: "d0.example.com",
            certificateId: "default",
            waitTimeoutSeconds: 600,
        } as any);
        assert.equal(api.count("DescribeRules"), 2);
    });

    it("a read after our own change sees the change (the cache is invalidated by writes)", async () => {
        const api = new FakeGaap();
        api.addListener(L1, 0, ["www.example.com"]);
        const p = provider(api);
        const props = { listenerId: L1, domain: "www.example.com", certificateId: "default", waitTimeoutSeconds: 600 } as any;
        const id = formatBindingId(L1, "www.example.com");
        assert.equal((await p.read!(id, props)).props.certificateId, "default");
        await p.update!(id, props, { ...props, certificateId: "cert-abcd1234" });
        assert.equal((await p.read!(id, props)).props.certificateId, "cert-abcd1234");
    });

    it("KeyedLock runs one holder per key in arrival order and keys independently", async () => {
        const lock = new KeyedLock();
        const events: string[] = [];
        let releaseA1!: () => void;
        const a1Holds = new Promise<void>((resolve) => (releaseA1 = resolve));
        const task = (key: string, name: string, holds: Promise<void> = Promise.resolve()) =>
            lock.run(key, async () => {
                events.push(`${name}+`);
                await holds;
                events.push(`${name}-`);
            });
        const a = [task("a", "a1", a1Holds), task("a", "a2"), task("b", "b1"), task("a", "a3")];
        // a1 holds key a until released; key b's holder runs meanwhile (it would never finish if it waited for key a).
        await a[2];
        assert.deepEqual(
            events.filter((e) => !e.startsWith("b")),
            ["a1+"],
            "a2 and a3 wait for a1",
        );
        assert.ok(events.includes("b1-"), "key b did not wait for key a");
        releaseA1();
        await Promise.all(a);
        assert.deepEqual(
            events.filter((e) => e.startsWith("a")),
            ["a1+", "a1-", "a2+", "a2-", "a3+", "a3-"],
        );
        assert.equal(lock.queueLength("a"), 0);
        // a failing holder releases the lock
        await assert.rejects(
            lock.run("a", async () => {
                throw new Error("boom");
            }),
            /boom/,
        );
        assert.equal(await lock.run("a", async () => 42), 42);
    });

    it("ReadCache shares loads in flight, expires, forgets failures, and drops loads older than an invalidation", async () => {
        let t = 0;
        const cache = new ReadCache<{ v: number }>(100, () => t);
        let n = 0;
        const load = async () => {
            await new Promise((r) => setTimeout(r, 2));
            return { v: ++n };
        };
        const [a, b] = await Promise.all([cache.get("k", load), cache.get("k", load)]);
        assert.equal(a, b);
        assert.equal(cache.loads, 1);
        t = 50;
        assert.equal((await cache.get("k", load)).v, 1);
        assert.equal((await cache.get("k", load, 10)).v, 2, "maxAge shorter than the entry's age loads again");
        t = 500;
        assert.equal((await cache.get("k", load)).v, 3);
        await assert.rejects(
            cache.get("x", async () => {
                throw new Error("nope");
            }),
            /nope/,
        );
        assert.equal((await cache.get("x", load)).v, 4);
        const stale = cache.get("k", load, 0);
        cache.invalidate("k");
        assert.equal((await stale).v, 5);
        assert.equal(cache.peek("k"), undefined);
        assert.equal((await cache.get("k", load)).v, 6);
    });
});
