/**
 * The lookups against a scripted client (no emulator): paging, mapping, filters, shared reads,
 * argument checks before any call, not-found errors; and the program-side context building its
 * client from the program's `tencentcloud:*` config.
 */
import * as assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { DEMO_CREDENTIALS, startEmulator } from "../../emulator";
import { getListenerDomains, LookupArgumentError, LookupNotFoundError } from "../../provider";
import { createLookupContext, lookupContext, resetLookupContextForTests, type LookupContext } from "../../provider/lookups/context";
import { getCsrsWith } from "../../provider/lookups/csrs";
import { getListenerDomainsWith } from "../../provider/lookups/listener-domains";
import { getZoneHostsWith } from "../../provider/lookups/zone-hosts";
import { TencentCloudError } from "../../provider/tencentcloud/errors";
import type { TencentCloudApi } from "../../provider/tencentcloud/types";
import { recordingLogger } from "../support/recording-logger";

type Handler = (params: any) => object;

/** A client answering each action with `handlers[action]`, recording every call. */
function scriptedContext(handlers: Record<string, Handler>): {
    context: LookupContext;
    calls: Array<{ action: string; params: any }>;
    clientBuilds: () => number;
} {
    const calls: Array<{ action: string; params: any }> = [];
    let builds = 0;
    const api: TencentCloudApi = {
        call: async (_service, _version, action, params) => {
            calls.push({ action, params });
            await new Promise((resolve) => setImmediate(resolve));
            const handler = handlers[action];
            if (!handler) {
                throw new Error(`unexpected ${action}`);
            }
            return { RequestId: `req-${calls.length}`, ...handler(params) } as any;
        },
    };
    const context = createLookupContext(() => (builds++, api), recordingLogger());
    return { context, calls, clientBuilds: () => builds };
}

function csrItems(count: number) {
    return Array.from({ length: count }, (_, i) => ({
        Id: 5000 + i,
        Domain: `h${i}.example.com`,
        Organization: "Org",
        Department: null,
        Email: "a@example.com",
        Province: "P",
        City: "C",
        Country: "CN",
        Remarks: i === 0 ? "mine [pulumi:abc123def]" : null,
        Status: i % 2,
        CreateTime: "2026-01-01 00:00:00",
        EncryptAlgo: "RSA",
        KeyParameter: "2048",
    }));
}

describe("lookups (scripted client)", () => {
    it('getCsrs reads every page, strips the remark marker, maps null to "" and filters by status', async () => {
        const items = csrItems(230);
        const { context, calls } = scriptedContext({
            DescribeCSRSet: (p) => {
                const matching = items.filter((item) => !p.Domain || item.Domain.includes(p.Domain));
                return { Total: matching.length, Set: matching.slice(p.Offset, p.Offset + p.Limit) };
            },
        });
        const all = await getCsrsWith(context, {});
        assert.equal(calls.length, 3, "230 CSRs at 100 per page");
        assert.deepEqual(
            calls.map((c) => c.params.Offset).sort((a, b) => a - b),
            [0, 100, 200],
        );
        assert.equal(all.csrs.length, 230);
        assert.equal(all.csrs[0].remark, "mine");
        assert.equal(all.csrs[0].department, "");
        assert.equal(all.csrs[1].remark, "");
        assert.ok(all.csrs.every((c) => Object.values(c).every((v) => v !== undefined && v !== null)));
        const generated = await getCsrsWith(context, { status: 1 });
        assert.equal(generated.csrs.length, 115);
        assert.ok(generated.csrs.every((c) => c.status === 1));
        assert.equal(calls.length, 3, "the status filter reuses the cached listing");
        const one = await getCsrsWith(context, { domain: "h1.example.com" });
        assert.deepEqual(
            one.csrs.map((c) => c.domain),
            ["h1.example.com"],
        );
        assert.equal(calls.length, 4);
        assert.equal(calls[3].params.Domain, "h1.example.com");
    });

    it("concurrent lookups of one listener or zone share one call", async () => {
        const { context, calls } = scriptedContext({
            DescribeRules: () => ({
                TotalCount: 1,
                DomainRuleSet: [
                    {
                        Domain: "a.example.com",
                        CertificateId: "cert-abcd1234",
                        CertificateAlias: "a",
                        ClientCertificateId: "default",
                        PolyClientCertificateAliasInfo: [{ CertificateId: "cert-ca000001", CertificateAlias: "ca" }],
                        DomainStatus: 0,
                    },
                ],
            }),
            DescribeAccelerationDomains: () => ({
                TotalCount: 1,
                AccelerationDomains: [
                    {
                        ZoneId: "zone-abc",
                        DomainName: "www.example.com",
                        DomainStatus: "online",
                        Certificate: { Mode: "sslcert", List: [{ CertId: "c1", Type: "upload", Status: "deployed", ExpireTime: "2030-01-01T00:00:00Z" }] },
                    },
                ],
            }),
        });
        const [a, b] = await Promise.all([
            getListenerDomainsWith(context, { listenerId: "listener-abcd1234" }),
            getListenerDomainsWith(context, { listenerId: "listener-abcd1234" }),
        ]);
        assert.deepEqual(a, b);
        assert.deepEqual(a.domains, [
            { domain: "a.example.com", certificateId: "cert-abcd1234", certificateAlias: "a", clientCertificateIds: ["cert-ca000001"], domainStatus: 0 },
        ]);
        const [z1, z2] = await Promise.all([
            getZoneHostsWith(context, { zoneId: "zone-abc" }),
            getZoneHostsWith(context, { zoneId: "zone-abc", hosts: ["www.example.com."] }),
        ]);
        assert.deepEqual(z1.hosts, z2.hosts);
        assert.equal(z1.hosts[0].expireTime, "2030-01-01T00:00:00Z");
        assert.deepEqual(z1.hosts[0].certificates, [{ certId: "c1", role: "server", type: "upload", status: "deployed", expireTime: "2030-01-01T00:00:00Z" }]);
        assert.deepEqual(
            calls.map((c) => c.action),
            ["DescribeRules", "DescribeAccelerationDomains"],
        );
    });

    it("refuses bad arguments before building a client or calling, naming the argument", async () => {
        const { context, calls, clientBuilds } = scriptedContext({});
        const cases: Array<[Promise<unknown>, string, RegExp]> = [
            [getListenerDomainsWith(context, { listenerId: "lsn-1" }), "listenerId", /expected 'listener-'/],
            [getListenerDomainsWith(context, {} as any), "listenerId", /listenerId is required/],
            [getListenerDomainsWith(context, { listenerId: pulumi.output("listener-abcd1234") } as any), "listenerId", /inside \.apply\(\)/],
            [getZoneHostsWith(context, { zoneId: "abc" }), "zoneId", /EdgeOne site id like "zone-/],
            [getZoneHostsWith(context, { zoneId: "zone-abc", hosts: ["bad host"] }), "hosts", /hosts\[0\] must be a domain name/],
            [getZoneHostsWith(context, { zoneId: "zone-abc", hosts: [] }), "hosts", /at least one host/],
            [getZoneHostsWith(context, { zoneId: "zone-abc", apiVersion: "2020-01-01" as any }), "apiVersion", /"2022-09-01", "2022-01-06"/],
            [getCsrsWith(context, { domain: "not a domain" }), "domain", /not a fully qualified host name/],
            [getCsrsWith(context, { status: 3 }), "status", /0 \(not generated\) or 1/],
            [getCsrsWith(context, { domian: "x.example.com" } as any), "domian", /unknown argument 'domian'; getCsrs takes domain, status/],
        ];
        for (const [promise, argument, message] of cases) {
            await assert.rejects(promise, (err: unknown) => err instanceof LookupArgumentError && err.argument === argument && message.test(err.message));
        }
        assert.equal(calls.length, 0);
        assert.equal(clientBuilds(), 0);
    });

    it("names a missing listener, zone or host", async () => {
        const { context } = scriptedContext({
            DescribeRules: () => {
                throw new TencentCloudError("ResourceNotFound", "no such listener", { service: "gaap", action: "DescribeRules", requestId: "req-x" });
            },
            DescribeAccelerationDomains: (p) => {
                if (p.ZoneId === "zone-gone") {
                    throw new TencentCloudError("ResourceNotFound", "no such zone", {
                        service: "teo",
                        action: "DescribeAccelerationDomains",
                        requestId: "req-z",
                    });
                }
                return { TotalCount: 1, AccelerationDomains: [{ ZoneId: p.ZoneId, DomainName: "www.example.com", DomainStatus: "online" }] };
            },
        });
        await assert.rejects(
            getListenerDomainsWith(context, { listenerId: "listener-abcd1234" }),
            (err: unknown) => err instanceof LookupNotFoundError && /listener 'listener-abcd1234' does not exist/.test(err.message),
        );
        await assert.rejects(
            getZoneHostsWith(context, { zoneId: "zone-gone" }),
            (err: unknown) => err instanceof LookupNotFoundError && err.requestId === "req-z" && /zone 'zone-gone' does not exist/.test(err.message),
        );
        await assert.rejects(
            getZoneHostsWith(context, { zoneId: "zone-abc", hosts: ["api.example.com"] }),
            /zone 'zone-abc' has no host 'api.example.com'; its hosts are www.example.com/,
        );
    });
});

describe("lookups: the program-side context", () => {
    const saved = { ...process.env };
    afterEach(() => {
        resetLookupContextForTests();
        for (const key of Object.keys(process.env)) {
            if (!(key in saved)) {
                delete process.env[key];
            }
        }
        Object.assign(process.env, saved);
    });

    it("builds one client from the program's tencentcloud:* config, shared by every lookup", async () => {
        const emulator = await startEmulator({});
        const savedConfig = pulumi.runtime.allConfig();
        try {
            for (const key of Object.keys(process.env).filter((k) => k.startsWith("TENCENTCLOUD_"))) {
                delete process.env[key];
            }
            pulumi.runtime.setConfig("tencentcloud:endpoint", emulator.url);
            pulumi.runtime.setConfig("tencentcloud:secretId", DEMO_CREDENTIALS.secretId);
            pulumi.runtime.setConfig("tencentcloud:secretKey", DEMO_CREDENTIALS.secretKey);
            resetLookupContextForTests();
            assert.equal(lookupContext(), lookupContext());
            const [a, b] = await Promise.all([
                getListenerDomains({ listenerId: "listener-emu00001" }),
                getListenerDomains({ listenerId: "listener-emu00001" }),
            ]);
            assert.deepEqual(a, b);
            assert.ok(a.domains.some((d) => d.domain === "www.example.com"));
            assert.equal(emulator.counters()["gaap.DescribeRules"].calls, 1);
        } finally {
            pulumi.runtime.setAllConfig(savedConfig);
            await emulator.close();
        }
    });
});
