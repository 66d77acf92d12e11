/**
 * HostsCertificateBinding through the engine driver: Pulumi's real program runner and the real
 * dynamic-provider host run examples/teo (and tests/programs/teo-many) against the emulator, like
 * `pulumi up / preview / refresh / destroy`. Needs `npx tsc` first (the host loads bin/).
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { startEmulator, DEFAULT_SEED, type Emulator, type EmulatorSeed } from "../../emulator";
import { findResource, runPulumi, type RunOptions, type RunResult } from "../../tools/engine";
import { emulatorEnv } from "../support/emulator-client";
import { explain } from "../support/run-output";

const repo = path.resolve(__dirname, "../..");
const example = path.join(repo, "examples/teo");
const many = path.join(repo, "tests/programs/teo-many");
const ZONE = "zone-emu0example";
const HOSTS = "static.example.com,api.example.com";

/** The default seed plus a second wildcard certificate to switch to. */
const seed: EmulatorSeed = {
    teo: {
        certificates: [
            ...DEFAULT_SEED.teo!.certificates!,
            {
                CertId: "teo-cert-wild2",
                Alias: "*.example.com (renewed)",
                Type: "upload",
                Kind: "server",
                Domains: ["*.example.com"],
                ExpireTime: "2037-01-01T00:00:00Z",
                SignAlgo: "ECC 256",
            },
        ],
        zones: [
            ...DEFAULT_SEED.teo!.zones!.filter((z) => z.ZoneId === ZONE),
            ...["zone-emu00000net", "zone-emu00001net"].map((ZoneId) => ({
                ZoneId,
                ZoneName: "example.net",
                hosts: Array.from({ length: 50 }, (_, i) => ({ DomainName: `h${String(i + 1).padStart(2, "0")}.example.net`, Mode: "disable" as const })),
            })),
        ],
    },
};

describe("teo HostsCertificateBinding lifecycle (engine driver, real dynamic-provider host)", function () {
    this.timeout(600_000);
    let emulator: Emulator | undefined;
    let stateDir: string;

    const run = async (op: RunOptions["op"], config: Record<string, string>, extra: Partial<RunOptions> = {}): Promise<RunResult> => {
        const project = path.basename(extra.cwd ?? example) === "teo" ? "tencent-teo-example" : "teo-many";
        const prefixed = Object.fromEntries(Object.entries(config).map(([k, v]) => [`${project}:${k}`, v]));
        return runPulumi({ cwd: example, op, stateDir, env: emulatorEnv(emulator!), ...extra, config: prefixed });
    };
    const host = (name: string) => emulator!.state.teo.zones[ZONE].hosts[name];
    const modifies = () => emulator!.log.filter((e) => e.action === "ModifyHostsCertificate" && e.code === "OK");
    const describes = () => emulator!.log.filter((e) => e.action.startsWith("Describe"));
    const siteStep = (r: RunResult) => r.steps.find((s) => s.name === "site" && s.op !== "refresh");

    beforeEach(() => {
        stateDir = fs.mkdtempSync(path.join(os.tmpdir(), "teo-lifecycle-"));
    });
    afterEach(async () => {
        await emulator?.close();
        emulator = undefined;
        fs.rmSync(stateDir, { recursive: true, force: true });
    });

    const versions = [
        { apiVersion: "2022-09-01", certField: "serverCertIds", deleteBehaviors: ["disable", "eofreecert", "retain"] },
        { apiVersion: "2022-01-06", certField: "certIds", deleteBehaviors: ["default", "retain"] },
    ];
    for (const v of versions) {
        it(`${v.apiVersion}: up waits through processing → preview clean → change cert → out-of-band change in preview --refresh → up reverts → destroy per deleteBehavior`, async () => {
            emulator = await startEmulator({ teoDeployDelayMs: 600, seed });
            const base = { apiVersion: v.apiVersion, hosts: HOSTS, waitTimeoutSeconds: "60" };

            const up1 = await run("up", { ...base, certIds: "teo-cert-wild" });
            assert.equal(up1.exitCode, 0, explain(up1));
            assert.equal(siteStep(up1)?.op, "create");
            assert.equal(modifies().length, 1, "one ModifyHostsCertificate for both hosts");
            assert.deepEqual(modifies()[0].params.Hosts, ["static.example.com", "api.example.com"]);
            const afterModify = describes().filter((e) => e.time >= modifies()[0].time);
            assert.ok(afterModify.length >= 2, `waited through processing (${afterModify.length} reads after the change)`);
            for (const h of ["static.example.com", "api.example.com"]) {
                assert.equal(host(h).Mode, "sslcert");
                assert.deepEqual(host(h).CertIds, ["teo-cert-wild"]);
            }
            assert.equal(up1.outputs.bindingId, `${ZONE}#api.example.com,static.example.com`);
            assert.match(String(up1.outputs.hostStatuses), /static\.example\.com: .*teo-cert-wild.*deployed/);

            const pre = await run("preview", { ...base, certIds: "teo-cert-wild" });
            assert.equal(pre.exitCode, 0, explain(pre));
            assert.equal(siteStep(pre)?.op, "same", explain(pre));

            const up2 = await run("up", { ...base, certIds: "teo-cert-wild2" });
            assert.equal(up2.exitCode, 0, explain(up2));
            assert.equal(siteStep(up2)?.op, "update");
            assert.ok(siteStep(up2)!.diff.includes(`~${v.certField}`), JSON.stringify(siteStep(up2)));
            assert.equal(modifies().length, 2);
            assert.deepEqual(host("api.example.com").CertIds, ["teo-cert-wild2"]);

            emulator.admin.setHostCertificate({ zoneId: ZONE, host: "static.example.com", mode: "sslcert", certIds: ["teo-cert-wild"] });
            const drift = await run("preview", { ...base, certIds: "teo-cert-wild2" }, { refresh: true });
            assert.equal(drift.exitCode, 0, explain(drift));
            assert.equal(siteStep(drift)?.op, "update", explain(drift));
            assert.ok(siteStep(drift)!.diff.includes(`~${v.certField}`), JSON.stringify(siteStep(drift)));
            assert.equal(modifies().length, 2, "preview changes nothing");

            const [firstBehavior, ...otherBehaviors] = v.deleteBehaviors;
            const up3 = await run("up", { ...base, certIds: "teo-cert-wild2", deleteBehavior: firstBehavior }, { refresh: true });
            assert.equal(up3.exitCode, 0, explain(up3));
            assert.deepEqual(host("static.example.com").CertIds, ["teo-cert-wild2"], "drift reverted");
            assert.equal(modifies().length, 3);
            assert.deepEqual(modifies()[2].params.Hosts, ["static.example.com"], "only the drifted host is sent");

            const destroy = await run("destroy", { ...base, certIds: "teo-cert-wild2", deleteBehavior: firstBehavior });
            assert.equal(destroy.exitCode, 0, explain(destroy));
            assert.equal(findResource(destroy.state, "site"), undefined);
            const expectedMode = firstBehavior === "disable" ? "disable" : "eofreecert"; // 2022-01-06 "default" = the free certificate
            for (const h of ["static.example.com", "api.example.com"]) assert.equal(host(h).Mode, expectedMode);

            for (const behavior of otherBehaviors) {
                emulator.admin.clearLog();
                const up = await run("up", { ...base, certIds: "teo-cert-wild", deleteBehavior: behavior });
                assert.equal(up.exitCode, 0, explain(up));
                const d = await run("destroy", { ...base, certIds: "teo-cert-wild", deleteBehavior: behavior });
                assert.equal(d.exitCode, 0, explain(d));
                if (behavior === "retain") {
                    assert.equal(host("static.example.com").Mode, "sslcert", "retain leaves the certificate");
                    assert.equal(modifies().length, 1, "only the up's change");
                    assert.equal(findResource(d.state, "site"), undefined);
                } else {
                    assert.equal(host("static.example.com").Mode, behavior);
                }
            }
        });
    }

    it("timeout: a clear error, the binding stays in state, and the next up resumes without sending the change again", async () => {
        emulator = await startEmulator({ teoDeployDelayMs: 8_000, seed });
        const cfg = { hosts: "static.example.com", certIds: "teo-cert-wild" };
        const up1 = await run("up", { ...cfg, waitTimeoutSeconds: "2" });
        assert.notEqual(up1.exitCode, 0);
        assert.match(up1.stdout, /timed out after 2s waiting for certificate deployment on host 'static\.example\.com'/, explain(up1));
        assert.match(up1.stdout, /may still complete on Tencent Cloud/);
        assert.match(up1.stdout, /DescribeAccelerationDomains/);
        assert.match(up1.stdout, /resumes waiting without sending the change again/);
        const kept = findResource(up1.state, "site");
        assert.ok(kept, "the binding is in state after the failed create");
        assert.equal(kept!.id, `${ZONE}#static.example.com`);
        assert.ok(
            (kept!.initErrors ?? []).some((e) => /timed out/.test(e)),
            JSON.stringify(kept!.initErrors),
        );
        assert.equal((kept!.outputs.hostStatuses as any[])[0].deployStatus, "processing");
        assert.equal(modifies().length, 1);

        const up2 = await run("up", { ...cfg, waitTimeoutSeconds: "60" });
        assert.equal(up2.exitCode, 0, explain(up2));
        assert.equal(modifies().length, 1, "resumed without a second ModifyHostsCertificate");
        assert.match(String(up2.outputs.hostStatuses), /deployed/);
        const pre = await run("preview", { ...cfg, waitTimeoutSeconds: "60" });
        assert.equal(siteStep(pre)?.op, "same", explain(pre));
    });

    it("refresh of 50 bindings in one zone makes at most 2 Describe calls; in 2 zones at most 4", async () => {
        emulator = await startEmulator({ teoDeployDelayMs: 300, seed });
        const up = await run("up", { count: "50" }, { cwd: many });
        assert.equal(up.exitCode, 0, explain(up));
        assert.equal(modifies().length, 50);
        const upDescribes = describes().length;
        emulator.admin.clearLog();
        const refresh = await run("refresh", { count: "50" }, { cwd: many });
        assert.equal(refresh.exitCode, 0, explain(refresh));
        const oneZone = describes().length;
        assert.ok(oneZone <= 2, `refresh of 50 bindings in one zone made ${oneZone} Describe calls`);
        assert.equal(emulator.log.length, oneZone, "refresh only reads");

        const destroy = await run("destroy", { count: "50" }, { cwd: many });
        assert.equal(destroy.exitCode, 0, explain(destroy));
        const twoZones = { count: "50", zoneIds: "zone-emu00000net,zone-emu00001net" };
        const up2 = await run("up", twoZones, { cwd: many });
        assert.equal(up2.exitCode, 0, explain(up2));
        emulator.admin.clearLog();
        const refresh2 = await run("refresh", twoZones, { cwd: many });
        assert.equal(refresh2.exitCode, 0, explain(refresh2));
        const perZone = describes().map((e) => e.params.ZoneId);
        assert.ok(perZone.length <= 4, `refresh of 50 bindings in 2 zones made ${perZone.length} Describe calls: ${perZone.join(", ")}`);
        console.log(
            `      up 50 bindings / 1 zone: 50 ModifyHostsCertificate + ${upDescribes} Describe; refresh: 1 zone = ${oneZone} Describe, 2 zones = ${perZone.length}`,
        );
    });
});
