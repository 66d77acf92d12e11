/**
 * Coalescing correctness (functional, not timed): calls that arrive together in one provider
 * process share API calls, and every caller still gets its own result or its own error. The real
 * resource providers run against the emulator through the real client (signing, retries, rate
 * limiter); the last group goes through the real dynamic-provider host over gRPC.
 * Needs `npx tsc` first for the host group (the host loads bin/).
 */
import * as assert from "node:assert/strict";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { startEmulator, DEMO_CREDENTIALS, type CallLogEntry, type Emulator, type EmulatorSeed } from "../../emulator";
import { createClient } from "../../provider/tencentcloud/client";
import { resolveSettings } from "../../provider/tencentcloud/settings";
import type { TencentCloudApi } from "../../provider/tencentcloud/types";
import type { Logger } from "../../provider/tencentcloud/log";
import { CsrDeleteError } from "../../provider/resources/csr";
import { csrProviderImpl } from "../../provider/resources/csr/provider";
import { CsrProcessState } from "../../provider/resources/csr/remote";
import { listenerCertificateBindingProviderImpl } from "../../provider/resources/listener-certificate-binding/provider";
import { hostsCertificateBindingProviderImpl } from "../../provider/resources/hosts-certificate-binding/provider";
import { emulatorEnv } from "../support/emulator-client";

const SSL = "2019-12-05";

function clientFor(emulator: Emulator): TencentCloudApi {
    const config: Record<string, string> = {
        "tencentcloud:endpoint": emulator.url,
        "tencentcloud:secretId": DEMO_CREDENTIALS.secretId,
        "tencentcloud:secretKey": DEMO_CREDENTIALS.secretKey,
        // The emulator runs without limits here: these tests are about who gets which result.
        "tencentcloud:rateLimits": "ssl=10000,gaap=10000,teo=10000",
        "tencentcloud:maxInFlight": "64",
    };
    return createClient(resolveSettings({ get: (k) => config[k] }, {}));
}

const silent: Logger = { debug() {}, info() {}, warn() {}, error() {} };

function calls(emulator: Emulator, action: string, from = 0): CallLogEntry[] {
    return emulator.log.slice(from).filter((e) => e.action === action);
}

async function createCsrs(api: TencentCloudApi, count: number, prefix: string): Promise<number[]> {
    const ids: number[] = [];
    for (let start = 0; start < count; start += 50) {
        const batch = await Promise.all(
            Array.from({ length: Math.min(50, count - start) }, (_, k) =>
                api.call<{ Id: number }>("ssl", SSL, "CreateCSR", {
                    Domain: `${prefix}${start + k}.example.com`,
                    Organization: "Example Ltd",
                    Department: "IT",
                    Email: "admin@example.com",
                    Province: "Guangdong",
                    City: "Shenzhen",
                    Country: "CN",
                    EncryptAlgo: "ECC",
                    KeyParameter: "prime256v1",
                    Generate: false,
                }),
            ),
        );
        ids.push(...batch.map((r) => r.Id));
    }
    return ids;
}

/** Each promise's outcome, in order. */
function settle<T>(promises: Promise<T>[]): Promise<PromiseSettledResult<T>[]> {
    return Promise.allSettled(promises);
}

describe("coalescing: CSR deletes (BatchDeleteCSR)", function () {
    this.timeout(120_000);
    let emulator: Emulator;
    let api: TencentCloudApi;

    beforeEach(async () => {
        emulator = await startEmulator({ rateLimits: false });
        api = clientFor(emulator);
    });
    afterEach(async () => emulator?.close());

    it("splits 250 concurrent deletes into batches of 100, 100 and 50 and deletes every CSR", async () => {
        const ids = await createCsrs(api, 250, "split");
        const provider = csrProviderImpl({ client: () => api, log: silent, state: new CsrProcessState() });
        const from = emulator.log.length;
        const outcomes = await settle(ids.map((id) => provider.delete!(String(id), {})));
        assert.deepEqual(
            outcomes.filter((o) => o.status === "rejected"),
            [],
        );
        const batches = calls(emulator, "BatchDeleteCSR", from).map((e) => (e.params.CSRIds as number[]).length);
        assert.deepEqual(
            [...batches].sort((a, b) => a - b),
            [50, 100, 100],
        );
        const sent = calls(emulator, "BatchDeleteCSR", from).flatMap((e) => e.params.CSRIds as number[]);
        assert.equal(new Set(sent).size, 250, "every id sent exactly once");
        assert.deepEqual(
            ids.filter((id) => emulator.state.ssl.csrs[String(id)]),
            [],
        );
    });

    it("mixed success and failure in one batch: only the CSR the server kept fails, with an error naming it; an already deleted CSR counts as deleted", async () => {
        const ids = await createCsrs(api, 12, "mixed");
        const kept = ids[4];
        const goneBefore = ids[7];
        emulator.admin.deleteCsr({ id: goneBefore });
        // The server refuses to delete `kept` (as for a CSR in use): it never reaches the emulator's delete list.
        const refusing: TencentCloudApi = {
            call(service, version, action, params, options) {
                if (action === "BatchDeleteCSR") {
                    params = { ...params, CSRIds: (params as { CSRIds: number[] }).CSRIds.filter((id) => id !== kept) };
                }
                return api.call(service, version, action, params, options);
            },
        };
        const provider = csrProviderImpl({ client: () => refusing, log: silent, state: new CsrProcessState() });
        const from = emulator.log.length;
        const outcomes = await settle(ids.map((id) => provider.delete!(String(id), {})));

        const first = calls(emulator, "BatchDeleteCSR", from)[0];
        assert.equal((first.params.CSRIds as number[]).length, ids.length - 1, "all twelve deletes went into one batch (minus the refused id)");
        outcomes.forEach((o, i) => {
            if (ids[i] === kept) {
                assert.equal(o.status, "rejected");
                const err = (o as PromiseRejectedResult).reason;
                assert.ok(err instanceof CsrDeleteError, `a CsrDeleteError, got ${err}`);
                assert.equal(err.csrId, kept);
                assert.match(err.message, new RegExp(`CSR ${kept}`));
                for (const other of ids.filter((id) => id !== kept)) {
                    assert.doesNotMatch(err.message, new RegExp(`\\b${other}\\b`), "the error is about its own CSR only");
                }
            } else {
                assert.equal(o.status, "fulfilled", `delete of CSR ${ids[i]} resolved`);
            }
        });
        assert.ok(emulator.state.ssl.csrs[String(kept)], "the refused CSR still exists");
        assert.deepEqual(
            ids.filter((id) => id !== kept && emulator.state.ssl.csrs[String(id)]),
            [],
        );
    });

    it("a batch whose answer was lost after the server acted resolves every delete, with no false error", async () => {
        const ids = await createCsrs(api, 30, "lost");
        emulator.admin.setFaults({ faults: { seed: 7, rules: [{ service: "ssl", action: "BatchDeleteCSR", probability: 1, kind: "actThenFail", count: 1 }] } });
        const provider = csrProviderImpl({ client: () => api, log: silent, state: new CsrProcessState() });
        const outcomes = await settle(ids.map((id) => provider.delete!(String(id), {})));
        assert.deepEqual(
            outcomes.filter((o) => o.status === "rejected").map((o) => String((o as PromiseRejectedResult).reason)),
            [],
        );
        assert.deepEqual(
            ids.filter((id) => emulator.state.ssl.csrs[String(id)]),
            [],
        );
        assert.ok(
            emulator.log.some((e) => e.action === "BatchDeleteCSR" && e.fault === "actThenFail"),
            "the fault was injected",
        );
    });

    it("a batch failing for every id gives each caller the failure, not a result of another batch", async () => {
        const first = await createCsrs(api, 5, "fail");
        emulator.admin.setFaults({
            faults: { seed: 1, rules: [{ service: "ssl", action: "BatchDeleteCSR", probability: 1, kind: "internalError", code: "UnauthorizedOperation" }] },
        });
        const provider = csrProviderImpl({ client: () => api, log: silent, state: new CsrProcessState() });
        const outcomes = await settle(first.map((id) => provider.delete!(String(id), {})));
        outcomes.forEach((o, i) => {
            assert.equal(o.status, "rejected", `delete of ${first[i]} failed`);
            const err = (o as PromiseRejectedResult).reason as CsrDeleteError;
            assert.equal(err.csrId, first[i], "each caller gets the error for its own CSR");
            assert.match(err.message, /UnauthorizedOperation/);
        });
        assert.equal(first.filter((id) => emulator.state.ssl.csrs[String(id)]).length, 5);
    });
});

describe("coalescing: shared reads", function () {
    this.timeout(120_000);
    let emulator: Emulator | undefined;
    afterEach(async () => emulator?.close());

    it("150 CSR reads share DescribeCSRSet pages; the one deleted out of band alone reads as gone", async () => {
        emulator = await startEmulator({ rateLimits: false });
        const api = clientFor(emulator);
        const ids = await createCsrs(api, 150, "read");
        const gone = ids[99];
        emulator.admin.deleteCsr({ id: gone });
        emulator.admin.modifyCsr({ id: ids[3], fields: { Remarks: "changed in the console" } });
        const provider = csrProviderImpl({ client: () => api, log: silent, state: new CsrProcessState() });
        const from = emulator.log.length;
        const results = await Promise.all(ids.map((id) => provider.read!(String(id), { csrId: id, remark: "" })));
        assert.equal(calls(emulator, "DescribeCSRSet", from).length, 2, "two pages of 100");
        assert.deepEqual(
            calls(emulator, "DescribeCSR", from).map((e) => e.params.CSRId),
            [gone],
            "DescribeCSR only for the CSR missing from the listing",
        );
        results.forEach((r, i) => {
            if (ids[i] === gone) {
                assert.equal(r.id, "");
            } else {
                assert.equal(r.id, String(ids[i]));
                assert.equal((r.props as { csrId: number }).csrId, ids[i], "each read gets its own CSR");
                assert.equal((r.props as { domain: string }).domain, `read${i}.example.com`);
            }
        });
        assert.equal((results[3].props as { remark?: string }).remark, "changed in the console");
        assert.equal((results[4].props as { remark?: string }).remark ?? "", "");
    });

    it("GAAP reads share one DescribeRules per listener; a removed listener affects only its own bindings", async () => {
        const seed: EmulatorSeed = {
            gaap: {
                listeners: [0, 1, 2].map((l) => ({
                    ListenerId: `listener-coal${l}`,
                    ProxyId: "link-emu00001",
                    Port: 7000 + l,
                    CertificateId: "cert-emuwild1",
                    Domains: [0, 1, 2, 3].map((d) => ({ Domain: `d${d}.example.com`, ...(l === 1 && d === 2 ? { CertificateId: "cert-emuwww01" } : {}) })),
                })),
            },
        };
        emulator = await startEmulator({ rateLimits: false, seed });
        const api = clientFor(emulator);
        emulator.admin.removeListener({ listenerId: "listener-coal2" });
        const provider = listenerCertificateBindingProviderImpl({ client: () => api, log: silent });
        const from = emulator.log.length;
        const keys = [0, 1, 2].flatMap((l) => [0, 1, 2, 3].map((d) => ({ l, d, id: `listener-coal${l}+HTTPS+d${d}.example.com` })));
        const results = await Promise.all(
            keys.map((k) => provider.read!(k.id, { listenerId: `listener-coal${k.l}`, domain: `d${k.d}.example.com`, certificateId: "default" } as any)),
        );
        assert.ok(calls(emulator, "DescribeRules", from).length <= 3, `one DescribeRules per listener, got ${calls(emulator, "DescribeRules", from).length}`);
        keys.forEach((k, i) => {
            const r = results[i];
            if (k.l === 2) {
                assert.equal(r.id, "", `${k.id} is gone with its listener`);
            } else {
                assert.equal(r.id, k.id);
                assert.equal((r.props as { domain: string }).domain, `d${k.d}.example.com`);
                assert.equal(
                    (r.props as { certificateId: string }).certificateId,
                    k.l === 1 && k.d === 2 ? "cert-emuwww01" : "default",
                    `${k.id} gets its own domain's certificate`,
                );
            }
        });
    });

    it("TEO reads share one DescribeAccelerationDomains per zone; an out-of-band change shows only on its own binding", async () => {
        const seed: EmulatorSeed = {
            teo: {
                zones: [0, 1].map((z) => ({
                    ZoneId: `zone-coal${z}`,
                    ZoneName: "example.net",
                    hosts: Array.from({ length: 10 }, (_, h) => ({ DomainName: `h${h}.example.net`, Mode: "eofreecert" as const })),
                })),
            },
        };
        emulator = await startEmulator({ rateLimits: false, seed });
        const api = clientFor(emulator);
        emulator.admin.setHostCertificate({ zoneId: "zone-coal1", host: "h3.example.net", mode: "sslcert", certIds: ["teo-cert-net"] });
        emulator.admin.removeHost({ zoneId: "zone-coal0", host: "h9.example.net" });
        const provider = hostsCertificateBindingProviderImpl({ client: () => api, log: silent });
        const from = emulator.log.length;
        const keys = [0, 1].flatMap((z) => Array.from({ length: 10 }, (_, h) => ({ z, h })));
        const results = await Promise.all(
            keys.map((k) =>
                provider.read!(`zone-coal${k.z}#h${k.h}.example.net`, {
                    zoneId: `zone-coal${k.z}`,
                    hosts: [`h${k.h}.example.net`],
                    apiVersion: "2022-09-01",
                    mode: "eofreecert",
                    deleteBehavior: "retain",
                    waitTimeoutSeconds: 60,
                }),
            ),
        );
        assert.equal(calls(emulator, "DescribeAccelerationDomains", from).length, 2, "one Describe per zone");
        keys.forEach((k, i) => {
            const r = results[i];
            if (k.z === 0 && k.h === 9) {
                assert.equal(r.id, "", "the removed host's binding is gone");
                return;
            }
            assert.equal(r.id, `zone-coal${k.z}#h${k.h}.example.net`);
            const mode = (r.props as { mode?: string }).mode;
            assert.equal(mode, k.z === 1 && k.h === 3 ? "sslcert" : "eofreecert", `binding z${k.z}/h${k.h} reports its own host`);
        });
    });
});

describe("coalescing through the real dynamic-provider host", function () {
    this.timeout(180_000);
    let emulator: Emulator | undefined;
    afterEach(async () => emulator?.close());

    it("120 Delete RPCs in flight make 2 BatchDeleteCSR calls (100 + 20); CSRs already gone still succeed", async () => {
        // bench/host.ts drives the host like the engine; compiled JS because the host side needs bin/.
        const { startHost, deleteAll } = require(path.resolve(__dirname, "../../bin/bench/host")) as typeof import("../../bench/host");
        const { csrProvider } = require(path.resolve(__dirname, "../../bin/provider")) as typeof import("../../provider");
        const serialized = await pulumi.runtime.serializeFunction(() => csrProvider, { allowSecrets: true });
        emulator = await startEmulator({ rateLimits: false });
        const api = clientFor(emulator);
        const ids = await createCsrs(api, 120, "host");
        emulator.admin.deleteCsr({ id: ids[10] });
        emulator.admin.deleteCsr({ id: ids[110] });
        const programDir = path.resolve(__dirname, "../programs/bench-provider");
        const session = await startHost(programDir, emulatorEnv(emulator, { TENCENTCLOUD_RATE_LIMITS: "ssl=10000" }));
        try {
            const from = emulator.log.length;
            const resources = ids.map((id, i) => ({
                urn: `urn:pulumi:t::t::pulumi-nodejs:dynamic:Resource::c${i}`,
                id: String(id),
                outs: { __provider: serialized.text, csrId: id },
                inputs: {},
            }));
            const results = await deleteAll(session.host, resources, 120);
            assert.deepEqual(results.filter((r) => r instanceof Error).map(String), []);
            const batches = calls(emulator, "BatchDeleteCSR", from).map((e) => (e.params.CSRIds as number[]).length);
            assert.deepEqual(
                [...batches].sort((a, b) => a - b),
                [20, 100],
            );
            assert.deepEqual(
                ids.filter((id) => emulator!.state.ssl.csrs[String(id)]),
                [],
            );
        } finally {
            await session.close();
        }
    });
});
