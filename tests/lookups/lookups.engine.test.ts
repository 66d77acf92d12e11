/**
 * The lookups inside a real Pulumi program (tests/programs/lookups), run by the engine driver
 * against the emulator: results match the emulator's state, the program process's read cache
 * turns repeated lookups into one call, a bad argument fails before any call, nothing secret leaks.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { DEMO_CREDENTIALS, startEmulator, type Emulator } from "../../emulator";
import { createCSR } from "../../provider/tencentcloud/services/ssl";
import { runPulumi, type RunResult } from "../../tools/engine";
import { CSR_SUBJECT } from "../support/csr-subject";
import { emulatorClient, emulatorEnv } from "../support/emulator-client";
import { explain } from "../support/run-output";

const program = path.resolve(__dirname, "../programs/lookups");
const KEY_PASSWORD = "Lookup-Key-Pass-9";

interface Outputs {
    allCsrs: { csrs: Array<{ csrId: number; domain: string; remark: string; status: number }> };
    generatedCsrs: { csrs: Array<{ csrId: number; status: number }> };
    exampleCsrs: { csrs: Array<{ csrId: number; domain: string }> };
    listener: { listenerId: string; domains: Array<{ domain: string; certificateId: string; clientCertificateIds: string[]; domainStatus: number }> };
    listenerAgain: number;
    zone: { hosts: Array<{ host: string; mode: string; certIds: string[]; expireTime: string; domainStatus: string }> };
    zoneWww: { hosts: Array<{ host: string; certIds: string[]; certificates: Array<{ certId: string; expireTime: string }> }> };
    zoneLegacy: { apiVersion: string; hosts: Array<{ host: string }> };
}

function calls(emulator: Emulator, action: string): number {
    return emulator.counters()[action]?.calls ?? 0;
}

describe("lookups in a Pulumi program (engine driver, emulator)", function () {
    this.timeout(300_000);
    let emulator: Emulator;
    let stateDir: string;

    const run = (config: Record<string, string> = {}): Promise<RunResult> =>
        runPulumi({ cwd: program, op: "up", stateDir, env: emulatorEnv(emulator), config });

    /** Credentials from the stack config only (the secret key as a secret config value), none in the environment. */
    const runWithConfigCredentials = (): Promise<RunResult> =>
        runPulumi({
            cwd: program,
            op: "up",
            stateDir,
            env: {
                TENCENTCLOUD_ENDPOINT: undefined,
                TENCENTCLOUD_SECRET_ID: undefined,
                TENCENTCLOUD_SECRET_KEY: undefined,
                TENCENTCLOUD_SESSION_TOKEN: undefined,
            },
            config: {
                "tencentcloud:endpoint": emulator.url,
                "tencentcloud:secretId": DEMO_CREDENTIALS.secretId,
                "tencentcloud:secretKey": { secret: DEMO_CREDENTIALS.secretKey },
            },
        });

    beforeEach(async () => {
        emulator = await startEmulator({});
        stateDir = fs.mkdtempSync(path.join(os.tmpdir(), "lookups-"));
    });
    afterEach(async () => {
        await emulator.close();
        fs.rmSync(stateDir, { recursive: true, force: true });
    });

    it("with credentials from the program's secret config: exports what the emulator holds, one call per listing, listener and zone, no secret", async () => {
        const api = emulatorClient(emulator);
        const toApi = {
            Domain: "lookup.example.com",
            Organization: CSR_SUBJECT.organization,
            Department: CSR_SUBJECT.department,
            Email: CSR_SUBJECT.email,
            Province: CSR_SUBJECT.province,
            City: CSR_SUBJECT.city,
            Country: CSR_SUBJECT.country,
            EncryptAlgo: "ECC",
            KeyParameter: "prime256v1",
        };
        const plain = await createCSR(api, { ...toApi, Generate: false, Remark: "team a [pulumi:abc123def]" });
        const generated = await createCSR(api, { ...toApi, Generate: true, KeyPassword: KEY_PASSWORD });
        const other = await createCSR(api, { ...toApi, Domain: "other.example.org", Generate: false });
        emulator.admin.clearLog();
        const before = {
            set: calls(emulator, "ssl.DescribeCSRSet"),
            rules: calls(emulator, "gaap.DescribeRules"),
            domains: calls(emulator, "teo.DescribeAccelerationDomains"),
            legacy: calls(emulator, "teo.DescribeHostsCertificate"),
        };

        const r = await runWithConfigCredentials();
        assert.equal(r.exitCode, 0, explain(r));
        const out = r.outputs as unknown as Outputs;

        // CSRs: as the emulator holds them, the provider's remark marker stripped.
        const held = Object.values(emulator.state.ssl.csrs).sort((a, b) => a.Id - b.Id);
        assert.deepEqual(
            out.allCsrs.csrs.map((c) => [c.csrId, c.domain, c.status]),
            held.map((c) => [c.Id, c.Domain, c.Status]),
        );
        assert.equal(out.allCsrs.csrs.find((c) => c.csrId === plain.Id)!.remark, "team a");
        assert.deepEqual(
            out.generatedCsrs.csrs.map((c) => c.csrId),
            [generated.Id],
        );
        assert.deepEqual(out.exampleCsrs.csrs.map((c) => c.csrId).sort(), [plain.Id, generated.Id].sort());
        assert.ok(!out.exampleCsrs.csrs.some((c) => c.csrId === other.Id));

        // The listener's domains, as the emulator holds them.
        const listener = emulator.state.gaap.listeners["listener-emu00001"];
        const expected = listener.Domains.map((d) => [d.Domain, d.CertificateId]).sort();
        assert.deepEqual(out.listener.domains.map((d) => [d.domain, d.certificateId]).sort(), expected);
        assert.equal(out.listenerAgain, expected.length);
        assert.ok(out.listener.domains.every((d) => Array.isArray(d.clientCertificateIds) && d.domainStatus === 0));

        // The zone's hosts in both API versions.
        const zone = emulator.state.teo.zones["zone-emu0example"];
        assert.deepEqual(
            out.zone.hosts.map((h) => h.host),
            Object.keys(zone.hosts).sort(),
        );
        for (const host of out.zone.hosts) {
            assert.equal(host.mode, zone.hosts[host.host].Mode, host.host);
            assert.deepEqual(
                host.certIds.filter((id) => zone.hosts[host.host].CertIds.includes(id)),
                zone.hosts[host.host].CertIds,
                host.host,
            );
        }
        assert.deepEqual(
            out.zoneWww.hosts.map((h) => h.host),
            ["www.example.com"],
        );
        assert.deepEqual(out.zoneWww.hosts[0].certIds, ["teo-cert-www"]);
        assert.equal(out.zoneWww.hosts[0].certificates[0].expireTime.slice(0, 10), emulator.state.ssl.certificates["teo-cert-www"].ExpireTime.slice(0, 10));
        assert.equal(out.zoneLegacy.apiVersion, "2022-01-06");
        assert.deepEqual(out.zoneLegacy.hosts.map((h) => h.host).sort(), Object.keys(zone.hosts).sort());

        // One call per distinct listing / listener / zone and version: the rest came from the process's read cache.
        assert.equal(calls(emulator, "ssl.DescribeCSRSet") - before.set, 2, "all + status share one listing; the domain filter is another");
        assert.equal(calls(emulator, "gaap.DescribeRules") - before.rules, 1);
        assert.equal(calls(emulator, "teo.DescribeAccelerationDomains") - before.domains, 1);
        assert.equal(calls(emulator, "teo.DescribeHostsCertificate") - before.legacy, 1);

        // Nothing secret in the outputs or the state file.
        const everything = JSON.stringify(r.outputs) + JSON.stringify(r.state) + r.stdout + r.stderr;
        const privateKey = emulator.state.ssl.csrs[String(generated.Id)].PrivateKey;
        assert.ok(privateKey && privateKey.length > 0);
        for (const secret of [KEY_PASSWORD, privateKey, DEMO_CREDENTIALS.secretKey, "PRIVATE KEY"]) {
            assert.ok(!everything.includes(secret), `outputs/state/CLI output must not hold ${secret.slice(0, 12)}…`);
        }
    });

    it("refuses a bad argument before any API call, naming the argument and the fix", async () => {
        emulator.admin.clearLog();
        const r = await run({ "lookups:mode": "bad" });
        assert.notEqual(r.exitCode, 0, explain(r));
        assert.match(r.stdout + r.stderr, /getListenerDomains: listenerId 'lsn-not-an-id' is not a GAAP listener id; expected 'listener-'/);
        assert.equal(emulator.log.length, 0, JSON.stringify(emulator.log));
    });
});
