/* eslint-disable @typescript-eslint/no-explicit-any */
/**
 * HostsCertificateBinding against the emulator through the real client (signing, rate limits,
 * retries): the provider implementation is called directly, as the dynamic-provider host would.
 */
import * as assert from "node:assert/strict";
import { startEmulator, type Emulator, type EmulatorSeed } from "../../emulator";
import type { TencentCloudApi } from "../../provider/tencentcloud/types";
import { HostsCertificateBindingError } from "../../provider/resources/hosts-certificate-binding";
import { hostsCertificateBindingProviderImpl } from "../../provider/resources/hosts-certificate-binding/provider";
import { ResourceInitError } from "../../provider/resources/hosts-certificate-binding/errors";
import { emulatorClient } from "../support/emulator-client";
import { recordingLogger } from "../support/recording-logger";

const ZONE = "zone-emu0example"; // www (sslcert teo-cert-www), api (eofreecert), static (disable), offline (offline)
const NET = "zone-emu00000net"; // h01..h25.example.net, all disable

function calls(emulator: Emulator, action: string): number {
    return emulator.log.filter((e) => e.service === "teo" && e.action === action).length;
}

describe("teo HostsCertificateBinding against the emulator", function () {
    this.timeout(60_000);
    let emulator: Emulator;
    let api: TencentCloudApi;
    const seed: EmulatorSeed = {
        teo: {
            zones: [
                {
                    ZoneId: ZONE,
                    ZoneName: "example.com",
                    hosts: [
                        { DomainName: "www.example.com", Mode: "sslcert", CertIds: ["teo-cert-www"] },
                        { DomainName: "api.example.com", Mode: "eofreecert" },
                        { DomainName: "static.example.com", Mode: "disable" },
                        { DomainName: "offline.example.com", Mode: "disable", DomainStatus: "offline" },
                    ],
                },
                {
                    ZoneId: NET,
                    ZoneName: "example.net",
                    hosts: Array.from({ length: 60 }, (_, i) => ({ DomainName: `h${String(i + 1).padStart(2, "0")}.example.net`, Mode: "disable" as const })),
                },
            ],
        },
    };

    before(async () => {
        emulator = await startEmulator({ teoDeployDelayMs: 400, seed });
        api = emulatorClient(emulator);
    });
    after(async () => emulator?.close());
    beforeEach(() => {
        emulator.admin.seed({ seed });
        emulator.admin.clearLog();
    });

    function provider(log = recordingLogger()) {
        return hostsCertificateBindingProviderImpl({ client: () => api, log, pollIntervalMs: 100 });
    }

    async function checked(p: any, news: Record<string, unknown>) {
        const r = await p.check({}, news);
        assert.equal(r.failures, undefined, JSON.stringify(r.failures));
        return r.inputs;
    }

    it("2022-09-01: deploys a certificate on two hosts with one call, waiting through processing", async () => {
        const p = provider();
        const inputs = await checked(p, { zoneId: ZONE, hosts: ["static.example.com", "api.example.com"], serverCertIds: ["teo-cert-wild"] });
        const { id, outs } = await p.create!(inputs);
        assert.equal(id, `${ZONE}#api.example.com,static.example.com`);
        assert.equal(calls(emulator, "ModifyHostsCertificate"), 1);
        assert.deepEqual(
            outs.hostStatuses.map((s: any) => [s.host, s.mode, s.certIds.join(), s.deployStatus, s.domainStatus, s.expireTime]),
            [
                ["api.example.com", "sslcert", "teo-cert-wild", "deployed", "online", "2036-01-01T00:00:00Z"],
                ["static.example.com", "sslcert", "teo-cert-wild", "deployed", "online", "2036-01-01T00:00:00Z"],
            ],
        );
        // At least one poll saw the deployment in progress.
        const describes = emulator.log.filter((e) => e.action === "DescribeAccelerationDomains");
        assert.ok(describes.length >= 3, `polled ${describes.length} times`);
        assert.equal(emulator.state.teo.zones[ZONE].hosts["static.example.com"].Mode, "sslcert");
    });

    it("2022-01-06: deploys with CertInfo and waits on DescribeHostsCertificate", async () => {
        const p = provider();
        const inputs = await checked(p, { zoneId: ZONE, hosts: ["static.example.com"], apiVersion: "2022-01-06", certIds: ["teo-cert-wild"] });
        const { outs } = await p.create!(inputs);
        assert.equal(outs.hostStatuses[0].deployStatus, "deployed");
        assert.deepEqual(outs.hostStatuses[0].certIds, ["teo-cert-wild"]);
        assert.equal(calls(emulator, "DescribeAccelerationDomains"), 0);
        assert.ok(calls(emulator, "DescribeHostsCertificate") >= 2);
        // Default certificate, then delete with deleteBehavior default.
        const def = await checked(p, { ...inputs, certIds: [] });
        await p.update!(`${ZONE}#static.example.com`, outs, def);
        assert.equal(emulator.state.teo.zones[ZONE].hosts["static.example.com"].Mode, "eofreecert");
    });

    it("sets edge mutual TLS and origin verification with 2022-09-01", async () => {
        const p = provider();
        const inputs = await checked(p, {
            zoneId: ZONE,
            hosts: ["www.example.com"],
            serverCertIds: ["teo-cert-www"],
            clientCertIds: ["teo-cert-ca"],
            upstreamVerifyMode: "custom_ca",
            upstreamCustomCaCertIds: ["teo-cert-ca"],
        });
        const { outs } = await p.create!(inputs);
        const host = emulator.state.teo.zones[ZONE].hosts["www.example.com"];
        assert.deepEqual(host.ClientCert, { Switch: "on", CertIds: ["teo-cert-ca"] });
        assert.deepEqual(host.UpstreamVerify, { VerificationMode: "custom_ca", CertIds: ["teo-cert-ca"] });
        assert.deepEqual(outs.hostStatuses[0].clientCertIds, ["teo-cert-ca"]);
        assert.equal(outs.hostStatuses[0].upstreamVerifyMode, "custom_ca");
        // Turning mutual TLS off is an update in place.
        const off = await checked(p, { ...inputs, clientCertIds: [] });
        const diff = await p.diff!(`${ZONE}#www.example.com`, outs, off);
        assert.equal(diff.changes, true);
        assert.deepEqual(diff.replaces, []);
        await p.update!(`${ZONE}#www.example.com`, outs, off);
        assert.deepEqual(emulator.state.teo.zones[ZONE].hosts["www.example.com"].ClientCert.Switch, "off");
    });

    it("names host and certificate for InvalidParameter.CertNotMatchDomain, before anything changed", async () => {
        const p = provider();
        const inputs = await checked(p, { zoneId: ZONE, hosts: ["static.example.com"], serverCertIds: ["teo-cert-net"] });
        await assert.rejects(p.create!(inputs), (e: any) => {
            assert.ok(e instanceof HostsCertificateBindingError, String(e));
            assert.equal(e.code, "InvalidParameter.CertNotMatchDomain");
            assert.match(e.message, /certificate 'teo-cert-net' does not cover host 'static\.example\.com'/);
            assert.ok(e.requestId);
            return true;
        });
    });

    it("refuses a certificate on an offline domain with the reason, and missing hosts by name", async () => {
        const p = provider();
        await assert.rejects(
            p.create!(await checked(p, { zoneId: ZONE, hosts: ["offline.example.com"], serverCertIds: ["teo-cert-wild"] })),
            /HostStatusNotAllowApplyCertificate: .*'offline\.example\.com' cannot get a certificate yet/,
        );
        await assert.rejects(
            p.create!(await checked(p, { zoneId: ZONE, hosts: ["nope.example.com"], mode: "disable" })),
            /'nope\.example\.com' are not acceleration domains of zone 'zone-emu0example'/,
        );
        assert.equal(emulator.log.filter((e) => e.action === "ModifyHostsCertificate" && e.code === "OK").length, 0);
    });

    it("times out with a resumable partial-create error; the retry sends nothing again", async () => {
        const slow = await startEmulator({ teoDeployDelayMs: 4_000, seed });
        try {
            const slowApi = emulatorClient(slow);
            const log = recordingLogger();
            const p = hostsCertificateBindingProviderImpl({ client: () => slowApi, log, pollIntervalMs: 200 });
            const inputs = await checked(p, { zoneId: ZONE, hosts: ["static.example.com"], serverCertIds: ["teo-cert-wild"], waitTimeoutSeconds: 1 });
            const err: any = await p.create!({ ...inputs, __provider: "shim" }).then(
                () => undefined,
                (e: unknown) => e,
            );
            assert.ok(err instanceof ResourceInitError, String(err));
            assert.match(err.message, /timed out after 1s .*may still complete on Tencent Cloud.*DescribeAccelerationDomains.*resumes waiting/);
            assert.equal(err.properties.__provider, "shim");
            assert.equal((err.properties.hostStatuses as any[])[0].deployStatus, "processing");
            const { outs } = await p.update!(err.id, err.properties, { ...inputs, waitTimeoutSeconds: 30 });
            assert.equal(outs.hostStatuses[0].deployStatus, "deployed");
            assert.equal(slow.log.filter((e) => e.action === "ModifyHostsCertificate").length, 1);
            assert.ok(log.lines.some((l) => /without sending it again/.test(l)));
        } finally {
            await slow.close();
        }
    });

    it("reads 50 bindings of one zone with one DescribeAccelerationDomains call", async () => {
        const p = provider();
        const props = (h: string) => ({
            zoneId: NET,
            hosts: [h],
            apiVersion: "2022-09-01",
            mode: "disable",
            deleteBehavior: "retain",
            waitTimeoutSeconds: 1800,
        });
        const hosts = Array.from({ length: 50 }, (_, i) => `h${String(i + 1).padStart(2, "0")}.example.net`);
        const results = await Promise.all(hosts.map((h) => p.read!(`${NET}#${h}`, props(h))));
        assert.ok(results.every((r) => r.id !== ""));
        assert.equal(calls(emulator, "DescribeAccelerationDomains"), 1);
        assert.equal(emulator.log[0].params.Limit, 200);
        // Reading again within the window serves from the shared read too.
        await Promise.all(hosts.map((h) => p.read!(`${NET}#${h}`, props(h))));
        assert.equal(calls(emulator, "DescribeAccelerationDomains"), 1);
    });

    it("shows an out-of-band change on refresh and reverts it on update", async () => {
        const p = provider();
        const inputs = await checked(p, { zoneId: ZONE, hosts: ["www.example.com"], serverCertIds: ["teo-cert-www"] });
        const { id, outs } = await p.create!(inputs);
        assert.equal(calls(emulator, "ModifyHostsCertificate"), 0, "already in place: adopted without a change");
        emulator.admin.setHostCertificate({ zoneId: ZONE, host: "www.example.com", mode: "sslcert", certIds: ["teo-cert-wild"] });
        const fresh = provider();
        const read = await fresh.read!(id, outs);
        assert.deepEqual(read.inputs!.serverCertIds, ["teo-cert-wild"]);
        const diff = await fresh.diff!(id, read.props!, inputs);
        assert.equal(diff.changes, true);
        const { outs: reverted } = await fresh.update!(id, read.props!, inputs);
        assert.deepEqual(reverted.hostStatuses[0].certIds, ["teo-cert-www"]);
        assert.deepEqual(emulator.state.teo.zones[ZONE].hosts["www.example.com"].CertIds, ["teo-cert-www"]);
    });
});
