/**
 * ListenerCertificateBinding expiry warnings through the engine driver (Pulumi's real program
 * runner and dynamic-provider host) against the emulator, as HostsCertificateBinding has them:
 * GAAP's certificate listing (EndTime; the emulator's `setCertificateExpiry` moves it) gives `up`,
 * `preview` (from the recorded `certificates` output, no API call) and `refresh` one line per
 * binding and certificate: a warning within `tencentcloud:expiryWarningDays`, an error line once
 * expired (the run still succeeds), nothing when far off or the setting is 0.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { startEmulator, type Emulator } from "../../emulator";
import { findResource, runPulumi, type RunOptions, type RunResult } from "../../tools/engine";
import { emulatorEnv } from "../support/emulator-client";
import { explain } from "../support/run-output";

const example = path.resolve(__dirname, "../../examples/gaap");
const CERT = "cert-emuwild1"; // the "api" binding's certificate (api.example.com already has it)

/** The printed lines about the certificate's expiry, with their level prefix. */
const expiryLines = (r: RunResult): string[] => r.stdout.split("\n").filter((l) => l.includes(`certificate '${CERT}'`) && /expire/.test(l));

describe("gaap ListenerCertificateBinding expiry warnings (engine driver, real dynamic-provider host)", function () {
    this.timeout(300_000);
    let emulator: Emulator;
    let stateDir: string;

    const run = (op: RunOptions["op"], env: Record<string, string> = {}): Promise<RunResult> =>
        runPulumi({ cwd: example, op, stateDir, env: emulatorEnv(emulator, env), config: { "tencent-gaap-example:waitTimeoutSeconds": "60" } });
    const gaapDescribes = (from: number) => emulator.log.slice(from).filter((e) => e.service === "gaap" && e.action.startsWith("Describe")).length;

    beforeEach(async () => {
        stateDir = fs.mkdtempSync(path.join(os.tmpdir(), "gaap-expiry-"));
        emulator = await startEmulator({ gaapApplyDelayMs: 100 });
    });
    afterEach(async () => {
        await emulator.close();
        fs.rmSync(stateDir, { recursive: true, force: true });
    });

    it("10 days left → one warning naming binding, certificate, domain and days on up, preview (no API call) and refresh", async () => {
        emulator.admin.setCertificateExpiry({ certId: CERT, expiresInDays: 10 });
        const line =
            /^warning: ListenerCertificateBinding listener-emu00001\+HTTPS\+api\.example\.com: certificate 'cert-emuwild1' \(server certificate of domain 'api\.example\.com' on GAAP listener 'listener-emu00001'\) expires in 10 days \(\d{4}-\d\d-\d\dT[\d:]+Z\); deploy a renewed certificate before then \(tencentcloud:expiryWarningDays is 30/;
        const up = await run("up");
        assert.equal(up.exitCode, 0, explain(up));
        assert.equal(expiryLines(up).length, 1, `check and create say it once:\n${up.stdout}`);
        assert.match(expiryLines(up)[0].trim(), line);
        const recorded = findResource(up.state, "api")!.outputs.certificates as { certificateId: string; role: string; expireTime: string }[];
        assert.deepEqual(
            recorded.map((c) => [c.certificateId, c.role]),
            [[CERT, "server"]],
        );
        assert.match(recorded[0].expireTime, /^\d{4}-\d\d-\d\dT[\d:]+Z$/);

        const mark = emulator.log.length;
        const preview = await run("preview");
        assert.equal(preview.exitCode, 0, explain(preview));
        assert.equal(expiryLines(preview).length, 1, preview.stdout);
        assert.match(expiryLines(preview)[0].trim(), line);
        assert.equal(emulator.log.length, mark, "preview warns from the recorded outputs, without any call");

        const refreshed = emulator.log.length;
        const refresh = await run("refresh");
        assert.equal(refresh.exitCode, 0, explain(refresh));
        assert.equal(expiryLines(refresh).length, 1, refresh.stdout);
        assert.equal(
            emulator.log.slice(refreshed).filter((e) => e.service === "gaap" && e.action === "DescribeCertificates").length,
            1,
            "one certificate listing for the whole refresh",
        );
        assert.ok(gaapDescribes(refreshed) <= 3, "DescribeRules, DescribeHTTPSListeners and the listing, shared by both bindings");
    });

    it("expired → an error line on refresh and preview, and the run still succeeds; 60 days or expiryWarningDays 0 → nothing", async () => {
        const up = await run("up");
        assert.equal(up.exitCode, 0, explain(up));
        assert.deepEqual(expiryLines(up), [], "far-future certificate: nothing");

        emulator.admin.setCertificateExpiry({ certId: CERT, expiresInDays: -3 });
        for (const op of ["refresh", "preview"] as const) {
            const r = await run(op);
            assert.equal(r.exitCode, 0, explain(r));
            const lines = expiryLines(r);
            assert.equal(lines.length, 1, `${op}:\n${r.stdout}`);
            assert.match(
                lines[0],
                /error: ListenerCertificateBinding .*certificate 'cert-emuwild1' \(.*\) expired 3 days ago .*put its id in place of 'cert-emuwild1' in certificateId/,
                op,
            );
        }
        const off = await run("refresh", { TENCENTCLOUD_EXPIRY_WARNING_DAYS: "0" });
        assert.equal(off.exitCode, 0, explain(off));
        assert.deepEqual(expiryLines(off), [], "expiryWarningDays 0 turns the lines off");

        emulator.admin.setCertificateExpiry({ certId: CERT, expiresInDays: 60 });
        const far = await run("refresh");
        assert.equal(far.exitCode, 0, explain(far));
        assert.deepEqual(expiryLines(far), []);
    });
});
