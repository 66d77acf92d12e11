/**
 * ListenerCertificateBinding through the engine driver: Pulumi's real program runner and the real
 * dynamic-provider host run examples/gaap (and tests/programs/gaap-many) against the emulator,
 * like `pulumi up / preview / refresh / destroy`. Needs `npx tsc` first (the host loads bin/).
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { startEmulator, type Emulator, type EmulatorSeed } from "../../emulator";
import { runPulumi, type RunOptions, type RunResult } from "../../tools/engine";
import { emulatorEnv } from "../support/emulator-client";
import { overlappingCallsPerListener } from "../support/listener-call-overlaps";
import { explain } from "../support/run-output";

const repo = path.resolve(__dirname, "../..");
const example = path.join(repo, "examples/gaap");
const many = path.join(repo, "tests/programs/gaap-many");

function domainCert(emulator: Emulator, listenerId: string, domain: string) {
    return emulator.state.gaap.listeners[listenerId].Domains.find((d) => d.Domain === domain)!;
}

describe("gaap ListenerCertificateBinding lifecycle (engine driver, real dynamic-provider host)", function () {
    this.timeout(300_000);
    let emulator: Emulator;
    let stateDir: string;

    const run = async (op: RunOptions["op"], extra: Partial<RunOptions> = {}): Promise<RunResult> => {
        const r = await runPulumi({
            cwd: extra.cwd ?? example,
            op,
            stateDir,
            env: emulatorEnv(emulator),
            ...extra,
            config: { "tencent-gaap-example:waitTimeoutSeconds": "60", ...(extra.config ?? {}) },
        });
        return r;
    };

    beforeEach(() => {
        stateDir = fs.mkdtempSync(path.join(os.tmpdir(), "gaap-lifecycle-"));
    });
    afterEach(async () => {
        await emulator?.close();
        fs.rmSync(stateDir, { recursive: true, force: true });
    });

    it("up → preview clean → change certificate → out-of-band swap shows in preview --refresh as certificateId → up reverts → destroy leaves default", async () => {
        emulator = await startEmulator({ gaapApplyDelayMs: 200 });
        const L = "listener-emu00001";

        const up = await run("up");
        assert.equal(up.exitCode, 0, explain(up));
        assert.equal(up.summary.create, 3, explain(up)); // stack + 2 bindings
        assert.equal(domainCert(emulator, L, "www.example.com").CertificateId, "cert-emuwww01");
        assert.equal(domainCert(emulator, L, "api.example.com").CertificateId, "cert-emuwild1");
        assert.equal(up.outputs.wwwBindingId, "listener-emu00001+HTTPS+www.example.com");
        assert.equal(up.outputs.wwwCertificate, "cert-emuwww01 (www-example-com)");
        const modifiesAfterUp = emulator.counters()["gaap.ModifyCertificate"].calls;
        assert.equal(modifiesAfterUp, 1, "api.example.com already had cert-emuwild1: adopted without a call");

        const preview = await run("preview");
        assert.equal(preview.exitCode, 0, explain(preview));
        assert.equal(preview.summary.update + preview.summary.create + preview.summary.replace + preview.summary.delete, 0, explain(preview));

        const change = { "tencent-gaap-example:wwwCertificateId": "cert-emuwild1" };
        const up2 = await run("up", { config: change });
        assert.equal(up2.exitCode, 0, explain(up2));
        assert.equal(up2.summary.update, 1, explain(up2));
        assert.equal(up2.summary.replace, 0, explain(up2));
        assert.equal(domainCert(emulator, L, "www.example.com").CertificateId, "cert-emuwild1");

        emulator.admin.setDomainCertificate({ listenerId: L, domain: "www.example.com", certificateId: "cert-emuwww01" });
        const refreshPreview = await run("preview", { config: change, refresh: true });
        assert.equal(refreshPreview.exitCode, 0, explain(refreshPreview));
        const wwwStep = refreshPreview.steps.find((s) => s.name === "www" && s.op === "update");
        assert.ok(wwwStep, explain(refreshPreview));
        assert.ok(
            wwwStep!.diff.some((d) => d.replace(/^[~+-]/, "") === "certificateId"),
            `diff names: ${wwwStep!.diff.join(", ")}\n${explain(refreshPreview)}`,
        );
        assert.ok(!refreshPreview.steps.some((s) => s.name === "api" && s.op !== "same" && s.op !== "refresh"), explain(refreshPreview));
        assert.match(refreshPreview.stdout, /certificateId/);
        assert.equal(domainCert(emulator, L, "www.example.com").CertificateId, "cert-emuwww01", "preview changed nothing");

        const up3 = await run("up", { config: change, refresh: true });
        assert.equal(up3.exitCode, 0, explain(up3));
        assert.equal(domainCert(emulator, L, "www.example.com").CertificateId, "cert-emuwild1", "up reverted the swap");

        const destroy = await run("destroy", { config: change });
        assert.equal(destroy.exitCode, 0, explain(destroy));
        assert.equal(domainCert(emulator, L, "www.example.com").CertificateId, "default");
        assert.equal(domainCert(emulator, L, "api.example.com").CertificateId, "default");
        assert.deepEqual(overlappingCallsPerListener(emulator.log), []);
        const c = emulator.counters();
        console.log(
            `      lifecycle calls: ` +
                Object.entries(c)
                    .map(([k, v]) => `${k}=${v.calls}`)
                    .join(", "),
        );
    });

    it("mutual authentication through the engine: single client certificate → poly → none → destroy", async () => {
        emulator = await startEmulator({ gaapApplyDelayMs: 100 });
        const L = "listener-emu00002";
        const mtls = () => domainCert(emulator, L, "mtls.example.com");
        const key = "tencent-gaap-example:mtlsClientCertificates";

        let r = await run("up", { config: { [key]: "cert-emuca002" } });
        assert.equal(r.exitCode, 0, explain(r));
        assert.equal(mtls().ClientCertificateId, "cert-emuca002");

        r = await run("up", { config: { [key]: "cert-emuca001,cert-emuca002" } });
        assert.equal(r.exitCode, 0, explain(r));
        assert.equal(r.summary.update, 1, explain(r));
        assert.deepEqual(mtls().PolyClientCertificateIds, ["cert-emuca001", "cert-emuca002"]);
        assert.deepEqual(r.outputs.mtlsClientCertificateIds, ["cert-emuca001", "cert-emuca002"]);

        r = await run("preview", { config: { [key]: "cert-emuca002,cert-emuca001" }, refresh: true });
        assert.equal(r.exitCode, 0, explain(r));
        assert.equal(r.summary.update, 0, `reordering poly ids is no change\n${explain(r)}`);

        r = await run("up", { config: { [key]: "none" } });
        assert.equal(r.exitCode, 0, explain(r));
        assert.equal(mtls().ClientCertificateId, "default");
        assert.deepEqual(mtls().PolyClientCertificateIds, []);

        r = await run("destroy", { config: { [key]: "none" } });
        assert.equal(r.exitCode, 0, explain(r));
        assert.equal(mtls().CertificateId, "default");
    });

    it("bad input fails in check with the field named, before any API call", async () => {
        emulator = await startEmulator();
        const bad = { "tencent-gaap-example:wwwDomain": "WWW.example.com" };
        // Offline (no preview checks): not one call.
        const offline = await run("preview", { config: { ...bad, "tencentcloud:previewChecks": "false" } });
        assert.notEqual(offline.exitCode, 0);
        assert.match(offline.stdout + offline.stderr, /domain 'WWW\.example\.com' must be lower case/);
        assert.equal(emulator.log.length, 0);
        // With preview checks the other binding ("api", valid) may be verified meanwhile: reads only.
        const r = await run("preview", { config: bad });
        assert.notEqual(r.exitCode, 0);
        assert.match(r.stdout + r.stderr, /domain 'WWW\.example\.com' must be lower case/);
        assert.deepEqual(
            emulator.log.filter((e) => !["DescribeCSRSet", "DescribeRules", "DescribeCertificates"].includes(e.action)),
            [],
            "only preview checks' reads",
        );
    });

    it("20 bindings on 2 listeners, busy 30 % of the time: all converge, calls per listener never overlap, no error surfaced", async () => {
        const domains = Array.from({ length: 10 }, (_, i) => ({ Domain: `d${i}.example.com`, CertificateId: "default" }));
        const seed: EmulatorSeed = {
            gaap: {
                certificates: [
                    {
                        CertificateId: "cert-emuwild1",
                        CertificateAlias: "wildcard-example-com",
                        CertificateType: 2,
                        Domains: ["*.example.com"],
                        ExpireTime: "2036-01-01T00:00:00Z",
                    },
                    {
                        CertificateId: "cert-emuwild2",
                        CertificateAlias: "wildcard-2",
                        CertificateType: 2,
                        Domains: ["*.example.com"],
                        ExpireTime: "2036-01-01T00:00:00Z",
                    },
                ],
                listeners: [
                    { ListenerId: "listener-busy0001", ProxyId: "link-emu00001", Port: 443, CertificateId: "cert-emuwild1", AuthType: 0, Domains: domains },
                    { ListenerId: "listener-busy0002", ProxyId: "link-emu00001", Port: 4443, CertificateId: "cert-emuwild1", AuthType: 0, Domains: domains },
                ],
            },
        };
        emulator = await startEmulator({
            seed,
            gaapApplyDelayMs: 100,
            faults: { seed: 7, rules: [{ service: "gaap", action: "ModifyCertificate", probability: 0.3, kind: "busy" }] },
        });
        const config = {
            "gaap-many:listeners": "listener-busy0001,listener-busy0002",
            "gaap-many:domainsPerListener": "10",
            "gaap-many:certificateId": "cert-emuwild2",
        };
        const up = await run("up", { cwd: many, config, parallel: 16 });
        assert.equal(up.exitCode, 0, explain(up));
        assert.equal(up.summary.create, 21, explain(up));
        assert.doesNotMatch(up.stdout, /error/i, explain(up));
        for (const l of ["listener-busy0001", "listener-busy0002"]) {
            for (const d of domains) {
                assert.equal(domainCert(emulator, l, d.Domain).CertificateId, "cert-emuwild2", `${l} ${d.Domain}`);
            }
        }
        assert.deepEqual(overlappingCallsPerListener(emulator.log), []);
        const afterUp = emulator.counters();
        const busy = afterUp["gaap.ModifyCertificate"].byCode["FailedOperation.ListenerHasTask"] ?? 0;
        assert.ok(busy > 0, "busy injection never fired");
        const upCalls = Object.entries(afterUp)
            .map(([k, v]) => `${k}=${v.calls}`)
            .join(", ");

        emulator.admin.clearLog();
        const before = emulator.counters();
        const refresh = await run("refresh", { cwd: many, config, parallel: 16 });
        assert.equal(refresh.exitCode, 0, explain(refresh));
        const after = emulator.counters();
        const reads = (k: string) => (after[k]?.calls ?? 0) - (before[k]?.calls ?? 0);
        assert.ok(reads("gaap.DescribeRules") <= 2, `refresh of 20 bindings made ${reads("gaap.DescribeRules")} DescribeRules calls`);
        assert.ok(reads("gaap.DescribeHTTPSListeners") <= 2);

        const destroy = await run("destroy", { cwd: many, config, parallel: 16 });
        assert.equal(destroy.exitCode, 0, explain(destroy));
        for (const l of ["listener-busy0001", "listener-busy0002"]) {
            for (const d of domains) {
                assert.equal(domainCert(emulator, l, d.Domain).CertificateId, "default");
            }
        }
        assert.deepEqual(overlappingCallsPerListener(emulator.log), []);
        console.log(
            `      up (20 bindings, busy 30 %): ${up.durationMs} ms, ${upCalls}, ListenerHasTask answers ${busy}; ` +
                `refresh: DescribeRules=${reads("gaap.DescribeRules")}, DescribeHTTPSListeners=${reads("gaap.DescribeHTTPSListeners")}; destroy: ${destroy.durationMs} ms`,
        );
    });
});
