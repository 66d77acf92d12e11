/**
 * Every answer shape the GAAP documents allow for "the domain uses the listener's certificate":
 * DescribeRules documents `CertificateId = "default"`, and a listener may report its own
 * certificate id instead. The binding's waits (create, and the revert of delete) accept both;
 * otherwise a destroy would wait out the whole waitTimeoutSeconds.
 */
import * as assert from "node:assert/strict";
import { startEmulator, type Emulator } from "../../emulator";
import type { BindingInputs } from "../../provider/resources/listener-certificate-binding/inputs";
import { remoteInputs, ruleMatches, ruleShowsApplied } from "../../provider/resources/listener-certificate-binding/mapping";
import { listenerCertificateBindingProviderImpl } from "../../provider/resources/listener-certificate-binding/provider";
import type { DomainRuleSet, HTTPSListener } from "../../provider/tencentcloud/services/gaap";
import { emulatorClient } from "../support/emulator-client";
import { recordingLogger } from "../support/recording-logger";

const rule = (fields: Partial<DomainRuleSet>): DomainRuleSet =>
    ({ Domain: "www.example.com", CertificateId: "default", ClientCertificateId: "default", ...fields }) as DomainRuleSet;
const listener = (fields: Partial<HTTPSListener>): HTTPSListener =>
    ({ ListenerId: "listener-1", CertificateId: "cert-listener", ClientCertificateId: "cert-listenerca", AuthType: 0, ...fields }) as HTTPSListener;
const wants = (fields: Partial<BindingInputs>): BindingInputs => ({
    listenerId: "listener-1",
    domain: "www.example.com",
    certificateId: "default",
    waitTimeoutSeconds: 600,
    ...fields,
});

describe("ListenerCertificateBinding: the listener's certificate, in every documented representation", () => {
    describe("ruleShowsApplied (the wait condition after a change)", () => {
        it("wanting `default`: matches `default`, an empty id and the listener's own certificate id; not another certificate", () => {
            assert.equal(ruleShowsApplied(rule({ CertificateId: "default" }), wants({}), listener({})), true);
            assert.equal(ruleShowsApplied(rule({ CertificateId: "" }), wants({}), listener({})), true);
            assert.equal(ruleShowsApplied(rule({ CertificateId: "cert-listener" }), wants({}), listener({})), true);
            assert.equal(ruleShowsApplied(rule({ CertificateId: "cert-other" }), wants({}), listener({})), false);
            assert.equal(ruleShowsApplied(rule({ CertificateId: "cert-listener" }), wants({}), undefined), false, "without the listener its id is not known");
        });

        it("wanting a certificate: matches that id only", () => {
            assert.equal(ruleShowsApplied(rule({ CertificateId: "cert-www" }), wants({ certificateId: "cert-www" }), listener({})), true);
            assert.equal(ruleShowsApplied(rule({ CertificateId: "default" }), wants({ certificateId: "cert-www" }), listener({})), false);
            assert.equal(ruleShowsApplied(rule({ CertificateId: "cert-listener" }), wants({ certificateId: "cert-www" }), listener({})), false);
        });

        it("mutual authentication: the listener's client certificate may be reported as `default` or as its own id", () => {
            const mutual = listener({ AuthType: 1 });
            assert.equal(ruleShowsApplied(rule({ ClientCertificateId: "default" }), wants({}), mutual), true);
            assert.equal(ruleShowsApplied(rule({ ClientCertificateId: "cert-listenerca" }), wants({}), mutual), true);
            assert.equal(ruleShowsApplied(rule({ ClientCertificateId: "cert-otherca" }), wants({}), mutual), false);
            assert.equal(ruleShowsApplied(rule({ ClientCertificateId: "cert-otherca" }), wants({ clientCertificateId: "cert-otherca" }), mutual), true);
        });

        it("before sending, ruleMatches stays exact: a domain bound to the listener's certificate by id is not on `default` (the revert is still sent)", () => {
            assert.equal(ruleMatches(rule({ CertificateId: "cert-listener" }), wants({}), listener({})), false);
            assert.equal(ruleMatches(rule({ CertificateId: "default" }), wants({}), listener({})), true);
        });
    });

    describe("remoteInputs (what refresh reports, so a diff names drift)", () => {
        it("a binding on `default` whose domain reports the listener's own certificate id has not drifted; another id has", () => {
            assert.equal(remoteInputs(wants({}), rule({ CertificateId: "cert-listener" }), listener({})).certificateId, "default");
            assert.equal(remoteInputs(wants({}), rule({ CertificateId: "default" }), listener({})).certificateId, "default");
            assert.equal(remoteInputs(wants({}), rule({ CertificateId: "cert-other" }), listener({})).certificateId, "cert-other");
            const explicit = wants({ certificateId: "cert-listener" });
            assert.equal(remoteInputs(explicit, rule({ CertificateId: "cert-listener" }), listener({})).certificateId, "cert-listener");
        });

        it("mutual authentication: the listener's own client certificate id reads as `default` where the binding asked for it", () => {
            const mutual = listener({ AuthType: 1 });
            const asked = wants({ clientCertificateId: "default" });
            assert.equal(remoteInputs(asked, rule({ ClientCertificateId: "cert-listenerca" }), mutual).clientCertificateId, "default");
            assert.equal(remoteInputs(asked, rule({ ClientCertificateId: "cert-otherca" }), mutual).clientCertificateId, "cert-otherca");
            const named = wants({ clientCertificateId: "cert-listenerca" });
            assert.equal(remoteInputs(named, rule({ ClientCertificateId: "cert-listenerca" }), mutual).clientCertificateId, "cert-listenerca");
        });
    });

    describe("against the emulator", function () {
        this.timeout(120_000);
        let emulator: Emulator;
        before(async () => {
            emulator = await startEmulator({ gaapApplyDelayMs: 200 });
        });
        after(() => emulator.close());
        beforeEach(() => emulator.admin.reset());

        const provider = () =>
            listenerCertificateBindingProviderImpl({ client: () => emulatorClient(emulator), log: recordingLogger(), readCacheMs: 0, pollIntervalMs: 100 });
        const reportedId = async (listenerId: string, domain: string) => {
            const rules = await emulatorClient(emulator).call<{ DomainRuleSet: DomainRuleSet[] }>("gaap", "2018-05-29", "DescribeRules", {
                ListenerId: listenerId,
            });
            return rules.DomainRuleSet.find((d) => d.Domain === domain)?.CertificateId;
        };

        for (const as of ["default", "listenerId"] as const) {
            it(`a listener reporting its certificate as ${as === "default" ? "`default`" : "its own id"}: create, then destroy reverts and returns once applied`, async () => {
                emulator.admin.setDefaultCertificateReport({ listenerId: "listener-emu00001", as });
                const p = provider();
                // waitTimeoutSeconds far above the apply delay: a wait that did not recognize the revert would fail with a timeout.
                const { inputs } = await p.check!(
                    {},
                    { listenerId: "listener-emu00001", domain: "www.example.com", certificateId: "cert-emuwww01", waitTimeoutSeconds: 30 },
                );
                const { id, outs } = await p.create!(inputs);
                assert.equal(await reportedId("listener-emu00001", "www.example.com"), "cert-emuwww01");
                await p.delete!(id, outs);
                assert.equal(await reportedId("listener-emu00001", "www.example.com"), as === "default" ? "default" : "cert-emuwild1");
                assert.equal(emulator.state.gaap.listeners["listener-emu00001"].Domains.find((d) => d.Domain === "www.example.com")!.CertificateId, "default");
            });
        }

        it("a binding to `default` on a listener that reports its own id is created without waiting out the timeout, and refresh sees no drift", async () => {
            emulator.admin.setDefaultCertificateReport({ listenerId: "listener-emu00001", as: "listenerId" });
            const p = provider();
            const { inputs } = await p.check!(
                {},
                { listenerId: "listener-emu00001", domain: "api.example.com", certificateId: "default", waitTimeoutSeconds: 30 },
            );
            const { id, outs } = await p.create!(inputs);
            assert.equal(outs.certificateId, "default");
            assert.equal(await reportedId("listener-emu00001", "api.example.com"), "cert-emuwild1");
            const read = await p.read!(id, outs);
            assert.equal(read.inputs?.certificateId, "default", "refresh reports no drift");
            assert.deepEqual((await p.diff!(id, read.props, inputs)).changes, false);
        });
    });
});
