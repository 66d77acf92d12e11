/**
 * ListenerCertificateBinding against the emulator through the real client (signing, rate limits,
 * retries): the provider implementation is called directly, as the dynamic-provider host would.
 */
import * as assert from "node:assert/strict";
import { startEmulator, type Emulator, type EmulatorSeed } from "../../emulator";
import type { ListenerCertificateBindingOutputs } from "../../provider/resources/listener-certificate-binding";
import { listenerCertificateBindingProviderImpl } from "../../provider/resources/listener-certificate-binding/provider";
import { emulatorClient } from "../support/emulator-client";
import { overlappingCallsPerListener } from "../support/listener-call-overlaps";
import { recordingLogger } from "../support/recording-logger";

const L1 = "listener-emu00001"; // one-way, domains www.example.com, api.example.com, shop.example.org
const L2 = "listener-emu00002"; // mutual, domain mtls.example.com

function domainOf(emulator: Emulator, listenerId: string, domain: string) {
    return emulator.state.gaap.listeners[listenerId].Domains.find((d) => d.Domain === domain)!;
}

async function checked(p: any, news: Record<string, unknown>) {
    const r = await p.check({}, news);
    assert.deepEqual(r.failures ?? [], []);
    return r.inputs;
}

describe("gaap ListenerCertificateBinding against the emulator", function () {
    this.timeout(120_000);
    let emulator: Emulator;

    afterEach(async () => {
        await emulator?.close();
    });

    it("lifecycle: bind, read, out-of-band swap is reported, update reverts it, delete goes back to default", async () => {
        emulator = await startEmulator({ gaapApplyDelayMs: 200 });
        const log = recordingLogger();
        const p = listenerCertificateBindingProviderImpl({ client: () => emulatorClient(emulator), log, readCacheMs: 0, pollIntervalMs: 100 });
        const inputs = await checked(p, { listenerId: L1, domain: "www.example.com", certificateId: "cert-emuwww01" });
        const { id, outs } = await p.create!(inputs);
        assert.equal(id, "listener-emu00001+HTTPS+www.example.com");
        assert.equal(outs.certificateId, "cert-emuwww01");
        assert.equal(outs.certificateAlias, "www-example-com");
        assert.equal(outs.domainStatus, 0);
        assert.equal(outs.listenerCertificateId, "cert-emuwild1");
        assert.equal(domainOf(emulator, L1, "www.example.com").CertificateId, "cert-emuwww01");
        assert.ok(
            log.lines.some((l) =>
                /binding www\.example\.com on GAAP listener listener-emu00001: certificate default, running → certificate cert-emuwww01/.test(l),
            ),
            log.lines.join("\n"),
        );

        const clean = await p.read!(id, outs);
        assert.equal((await p.diff!(id, clean.props, inputs)).changes, false);

        emulator.admin.setDomainCertificate({ listenerId: L1, domain: "www.example.com", certificateId: "cert-emuwild1" });
        const drifted = await p.read!(id, outs);
        assert.equal(drifted.props.certificateId, "cert-emuwild1");
        assert.equal(drifted.inputs.certificateId, "cert-emuwild1");
        const diff = await p.diff!(id, drifted.props, inputs);
        assert.equal(diff.changes, true);
        assert.deepEqual(diff.replaces, []);

        const reverted = await p.update!(id, drifted.props, inputs);
        assert.equal(reverted.outs.certificateId, "cert-emuwww01");
        assert.equal(domainOf(emulator, L1, "www.example.com").CertificateId, "cert-emuwww01");

        await p.delete!(id, reverted.outs);
        assert.equal(domainOf(emulator, L1, "www.example.com").CertificateId, "default");
        const counters = emulator.counters();
        assert.equal(counters["gaap.ModifyCertificate"].calls, 3, "bind, revert the swap, delete");
        assert.equal(counters["gaap.DescribeHTTPSListeners"].calls, 1, "listener attributes are read once");
        assert.deepEqual(overlappingCallsPerListener(emulator.log), []);
    });

    it("refuses a domain that does not exist, naming it, and never calls ModifyCertificate", async () => {
        emulator = await startEmulator({ gaapApplyDelayMs: 50 });
        const p = listenerCertificateBindingProviderImpl({ client: () => emulatorClient(emulator), log: recordingLogger() });
        await assert.rejects(p.create!(await checked(p, { listenerId: L1, domain: "nope.example.com", certificateId: "cert-emuwild1" })), (err: any) => {
            assert.equal(err.code, "Client.GaapDomainNotFound");
            assert.match(
                err.message,
                /domain 'nope\.example\.com' does not exist on GAAP listener 'listener-emu00001' \(its domains: www\.example\.com, api\.example\.com, shop\.example\.org\)/,
            );
            return true;
        });
        await assert.rejects(
            p.create!(await checked(p, { listenerId: "listener-missing1", domain: "www.example.com" })),
            (err: any) => err.code === "Client.GaapListenerNotFound",
        );
        assert.equal(emulator.counters()["gaap.ModifyCertificate"], undefined);
    });

    it("an API refusal (certificate not matching the domain) surfaces with its code and RequestId", async () => {
        emulator = await startEmulator({ gaapApplyDelayMs: 50 });
        const p = listenerCertificateBindingProviderImpl({ client: () => emulatorClient(emulator), log: recordingLogger() });
        await assert.rejects(p.create!(await checked(p, { listenerId: L1, domain: "shop.example.org", certificateId: "cert-emuwww01" })), (err: any) => {
            assert.equal(err.code, "InvalidParameterValue.CertificateNotMatchDomain");
            assert.ok(err.requestId);
            return true;
        });
    });

    it("mutual authentication: single client certificate, poly client certificates, back to none, then delete", async () => {
        emulator = await startEmulator({ gaapApplyDelayMs: 100 });
        const p = listenerCertificateBindingProviderImpl({
            client: () => emulatorClient(emulator),
            log: recordingLogger(),
            readCacheMs: 0,
            pollIntervalMs: 50,
        });
        const base = { listenerId: L2, domain: "mtls.example.com", certificateId: "cert-emuwild1" };
        const d = () => domainOf(emulator, L2, "mtls.example.com");

        const single = await checked(p, { ...base, clientCertificateId: "cert-emuca002" });
        const created = await p.create!(single);
        assert.equal(d().ClientCertificateId, "cert-emuca002");
        assert.equal(created.outs.clientCertificateId, "cert-emuca002");
        assert.equal(created.outs.clientCertificateAlias, "client-ca-2");
        assert.equal(created.outs.listenerAuthType, 1);
        assert.equal((await p.diff!(created.id, (await p.read!(created.id, created.outs)).props, single)).changes, false);

        const poly = await checked(p, { ...base, polyClientCertificateIds: ["cert-emuca001", "cert-emuca002"] });
        assert.equal((await p.diff!(created.id, created.outs, poly)).changes, true);
        const updated = await p.update!(created.id, created.outs, poly);
        assert.deepEqual(d().PolyClientCertificateIds, ["cert-emuca001", "cert-emuca002"]);
        assert.deepEqual(updated.outs.polyClientCertificateIds, ["cert-emuca001", "cert-emuca002"]);
        const reread = await p.read!(created.id, updated.outs as ListenerCertificateBindingOutputs);
        assert.equal((await p.diff!(created.id, reread.props, poly)).changes, false);

        const none = await checked(p, base);
        assert.equal((await p.diff!(created.id, reread.props, none)).changes, true);
        const back = await p.update!(created.id, reread.props, none);
        assert.equal(d().ClientCertificateId, "default");
        assert.deepEqual(d().PolyClientCertificateIds, []);
        assert.equal(back.outs.clientCertificateId, undefined);
        assert.equal((await p.diff!(created.id, (await p.read!(created.id, back.outs)).props, none)).changes, false);

        await p.delete!(created.id, back.outs);
        assert.equal(d().CertificateId, "default");
        const last = emulator.log.filter((e) => e.action === "ModifyCertificate").at(-1)!;
        assert.deepEqual(last.params, { ListenerId: L2, Domain: "mtls.example.com", CertificateId: "default", ClientCertificateId: "default" });
    });

    it("client certificates on a one-way listener are refused before ModifyCertificate", async () => {
        emulator = await startEmulator({ gaapApplyDelayMs: 50 });
        const p = listenerCertificateBindingProviderImpl({ client: () => emulatorClient(emulator), log: recordingLogger() });
        await assert.rejects(
            p.create!(await checked(p, { listenerId: L1, domain: "api.example.com", clientCertificateId: "cert-emuca001" })),
            (err: any) => err.code === "Client.GaapMutualAuthRequired" && /clientCertificateId is set for domain 'api\.example\.com'/.test(err.message),
        );
        assert.equal(emulator.counters()["gaap.ModifyCertificate"], undefined);
    });

    it("waits out a listener busy with someone else's task, within waitTimeoutSeconds", async () => {
        emulator = await startEmulator({ gaapApplyDelayMs: 100 });
        const log = recordingLogger();
        const p = listenerCertificateBindingProviderImpl({ client: () => emulatorClient(emulator), log, pollIntervalMs: 50 });
        emulator.admin.setListenerBusy({ listenerId: L1, ms: 1500 });
        const { outs } = await p.create!(
            await checked(p, { listenerId: L1, domain: "www.example.com", certificateId: "cert-emuwww01", waitTimeoutSeconds: 60 }),
        );
        assert.equal(outs.certificateId, "cert-emuwww01");
        assert.ok((emulator.counters()["gaap.ModifyCertificate"].byCode["FailedOperation.ListenerHasTask"] ?? 0) >= 1);
    });

    it("a removed domain or listener drops the binding on read and counts as deleted", async () => {
        emulator = await startEmulator({ gaapApplyDelayMs: 50 });
        const p = listenerCertificateBindingProviderImpl({
            client: () => emulatorClient(emulator),
            log: recordingLogger(),
            readCacheMs: 0,
            pollIntervalMs: 20,
        });
        const { id, outs } = await p.create!(await checked(p, { listenerId: L1, domain: "shop.example.org", certificateId: "default" }));
        emulator.admin.removeDomain({ listenerId: L1, domain: outs.domain });
        assert.deepEqual(await p.read!(id, outs), { id: "" });
        await p.delete!(id, outs);
        emulator.admin.removeListener({ listenerId: L1 });
        assert.deepEqual(await p.read!(id, outs), { id: "" });
        await p.delete!(id, outs);
    });

    it("20 bindings on 2 listeners, listener busy 30 % of the time: all converge, calls per listener never overlap", async () => {
        const domains = Array.from({ length: 10 }, (_, i) => ({ Domain: `d${i}.example.com`, CertificateId: "default" }));
        const seed: EmulatorSeed = {
            gaap: {
                listeners: [
                    { ListenerId: "listener-busy0001", ProxyId: "link-emu00001", Port: 443, CertificateId: "cert-emuwild1", AuthType: 0, Domains: domains },
                    { ListenerId: "listener-busy0002", ProxyId: "link-emu00001", Port: 4443, CertificateId: "cert-emuwild1", AuthType: 0, Domains: domains },
                ],
            },
        };
        emulator = await startEmulator({
            seed,
            gaapApplyDelayMs: 100,
            faults: { seed: 42, rules: [{ service: "gaap", action: "ModifyCertificate", probability: 0.3, kind: "busy" }] },
        });
        const client = emulatorClient(emulator);
        const p = listenerCertificateBindingProviderImpl({ client: () => client, log: recordingLogger(), pollIntervalMs: 50 });
        const all = ["listener-busy0001", "listener-busy0002"].flatMap((l) =>
            domains.map((d) => ({ listenerId: l, domain: d.Domain, certificateId: "cert-emuwild2" })),
        );
        // A second wildcard certificate, distinct from the listeners' own cert-emuwild1.
        emulator.admin.addGaapCertificate({
            certificate: {
                CertificateId: "cert-emuwild2",
                CertificateAlias: "wildcard-2",
                CertificateType: 2,
                Domains: ["*.example.com"],
                ExpireTime: "2036-01-01T00:00:00Z",
            },
        });
        const started = Date.now();
        const results = await Promise.all(all.map(async (news) => p.create!(await checked(p, news))));
        const wallMs = Date.now() - started;
        assert.equal(results.length, 20);
        for (const l of ["listener-busy0001", "listener-busy0002"]) {
            for (const d of domains) {
                const remote = domainOf(emulator, l, d.Domain);
                assert.equal(remote.CertificateId, "cert-emuwild2", `${l} ${d.Domain}`);
            }
        }
        assert.deepEqual(overlappingCallsPerListener(emulator.log), []);
        const counters = emulator.counters();
        const busy = counters["gaap.ModifyCertificate"].byCode["FailedOperation.ListenerHasTask"] ?? 0;
        assert.ok(busy > 0, "busy injection never fired");
        // Different listeners proceed in parallel: each listener's changes start before the other's end.
        const modifies = (l: string) => emulator.log.filter((e) => e.action === "ModifyCertificate" && e.params.ListenerId === l).map((e) => e.time);
        const [m1, m2] = [modifies("listener-busy0001"), modifies("listener-busy0002")];
        assert.ok(Math.min(...m2) < Math.max(...m1) && Math.min(...m1) < Math.max(...m2), "one listener waited for the other");
        console.log(
            `      20 bindings / 2 listeners, busy 30 %: ${wallMs} ms; calls: ` +
                Object.entries(counters)
                    .map(([k, c]) => `${k}=${c.calls}`)
                    .join(", ") +
                `; ListenerHasTask answers: ${busy}`,
        );
    });
});
