/**
 * HostsCertificateBinding expiry warnings through the engine driver (Pulumi's real program runner
 * and dynamic-provider host) against the emulator, whose admin `setCertificateExpiry` moves a
 * certificate's ExpireTime: `up`, `preview` (from the recorded outputs, no API call) and
 * `refresh` warn about a certificate expiring within `tencentcloud:expiryWarningDays`, print an
 * error line for an expired one (the run still succeeds), and say nothing when it is far off or
 * the setting is 0; a bad setting fails preview naming it.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { startEmulator, type Emulator } from "../../emulator";
import { runPulumi, type RunOptions, type RunResult } from "../../tools/engine";
import { emulatorEnv } from "../support/emulator-client";
import { explain } from "../support/run-output";

const example = path.resolve(__dirname, "../../examples/teo");
const HOSTS = "static.example.com,api.example.com";
const CERT = "teo-cert-wild";

/** The printed lines about the certificate's expiry, with their level prefix. */
function expiryLines(r: RunResult): string[] {
    return r.stdout.split("\n").filter((l) => l.includes(`certificate '${CERT}'`) && /expire/.test(l));
}

describe("teo HostsCertificateBinding expiry warnings (engine driver, real dynamic-provider host)", function () {
    this.timeout(600_000);
    let emulator: Emulator | undefined;
    let stateDir: string;

    const run = (
        op: RunOptions["op"],
        apiVersion: string,
        extra: { config?: Record<string, string>; env?: Record<string, string>; refresh?: boolean } = {},
    ): Promise<RunResult> =>
        runPulumi({
            cwd: example,
            op,
            refresh: extra.refresh,
            stateDir,
            env: emulatorEnv(emulator!, extra.env),
            config: {
                "tencent-teo-example:apiVersion": apiVersion,
                "tencent-teo-example:hosts": HOSTS,
                "tencent-teo-example:certIds": CERT,
                "tencent-teo-example:waitTimeoutSeconds": "60",
                ...extra.config,
            },
        });
    const describesDuring = async (fn: () => Promise<RunResult>): Promise<{ r: RunResult; describes: number }> => {
        emulator!.admin.clearLog();
        const r = await fn();
        return { r, describes: emulator!.log.filter((e) => e.action.startsWith("Describe")).length };
    };

    beforeEach(async () => {
        stateDir = fs.mkdtempSync(path.join(os.tmpdir(), "teo-expiry-"));
        emulator = await startEmulator({ teoDeployDelayMs: 200 });
    });
    afterEach(async () => {
        await emulator?.close();
        emulator = undefined;
        fs.rmSync(stateDir, { recursive: true, force: true });
    });

    const assertWarnedOnce = (r: RunResult, op: string) => {
        assert.equal(r.exitCode, 0, explain(r));
        const lines = expiryLines(r);
        assert.equal(lines.length, 1, `${op}: one line for the certificate, got:\n${r.stdout}`);
        assert.match(
            lines[0],
            /warning: HostsCertificateBinding 'site': certificate 'teo-cert-wild' \(server certificate of 'api\.example\.com', 'static\.example\.com' in zone 'zone-emu0example'\) expires in 10 days/,
            op,
        );
    };

    for (const apiVersion of ["2022-09-01", "2022-01-06"]) {
        it(`${apiVersion}: 10 days left → a warning naming resource, certificate and days on up, preview (no API call) and refresh`, async () => {
            emulator!.admin.setCertificateExpiry({ certId: CERT, expiresInDays: 10 });
            const up = await run("up", apiVersion);
            assertWarnedOnce(up, "up");

            const { r: preview, describes } = await describesDuring(() => run("preview", apiVersion));
            assertWarnedOnce(preview, "preview");
            assert.equal(describes, 0, "preview warns from the recorded outputs, without a Describe call");

            const refresh = await run("refresh", apiVersion);
            assertWarnedOnce(refresh, "refresh");

            const both = await run("up", apiVersion);
            assertWarnedOnce(both, "up without changes");
        });
    }

    it("expired → an error-level line on preview and refresh, and the run still succeeds; up --refresh says it once", async () => {
        const up = await run("up", "2022-09-01");
        assert.equal(up.exitCode, 0, explain(up));
        assert.deepEqual(expiryLines(up), [], "far-future certificate: nothing");

        emulator!.admin.setCertificateExpiry({ certId: CERT, expiresInDays: -3 });
        // refresh reads the new expiry into state; preview then reports it from the recorded outputs.
        for (const op of ["refresh", "preview"] as const) {
            const r = await run(op, "2022-09-01");
            assert.equal(r.exitCode, 0, explain(r));
            const lines = expiryLines(r);
            assert.equal(lines.length, 1, `${op}:\n${r.stdout}`);
            assert.match(
                lines[0],
                /error: HostsCertificateBinding 'site': certificate 'teo-cert-wild' \(.*\) expired 3 days ago .*deploy a renewed certificate/,
                op,
            );
        }
        const upRefresh = await run("up", "2022-09-01", { refresh: true });
        assert.equal(upRefresh.exitCode, 0, explain(upRefresh));
        assert.equal(expiryLines(upRefresh).length, 1, `read and diff of one run report it once:\n${upRefresh.stdout}`);
    });

    it("60 days left → nothing; expiryWarningDays 0 → nothing even for 10 days or expired", async () => {
        emulator!.admin.setCertificateExpiry({ certId: CERT, expiresInDays: 60 });
        const up = await run("up", "2022-09-01");
        assert.equal(up.exitCode, 0, explain(up));
        assert.deepEqual(expiryLines(up), []);
        assert.deepEqual(expiryLines(await run("refresh", "2022-09-01")), []);

        emulator!.admin.setCertificateExpiry({ certId: CERT, expiresInDays: 10 });
        for (const op of ["refresh", "preview"] as const) {
            const r = await run(op, "2022-09-01", { env: { TENCENTCLOUD_EXPIRY_WARNING_DAYS: "0" } });
            assert.equal(r.exitCode, 0, explain(r));
            assert.deepEqual(expiryLines(r), [], `${op} with TENCENTCLOUD_EXPIRY_WARNING_DAYS=0`);
        }
        emulator!.admin.setCertificateExpiry({ certId: CERT, expiresInDays: -1 });
        const r = await run("refresh", "2022-09-01", { config: { "tencentcloud:expiryWarningDays": "0" } });
        assert.equal(r.exitCode, 0, explain(r));
        assert.deepEqual(expiryLines(r), [], "tencentcloud:expiryWarningDays 0 turns the error line off too");

        // A larger threshold warns about the 60-day certificate.
        emulator!.admin.setCertificateExpiry({ certId: CERT, expiresInDays: 60 });
        const wide = await run("refresh", "2022-09-01", { config: { "tencentcloud:expiryWarningDays": "90" } });
        assert.match(expiryLines(wide).join("\n"), /warning: .*expires in 60 days.*expiryWarningDays is 90/);
    });

    it("a bad tencentcloud:expiryWarningDays fails preview with a message naming it and the fix, before any API call", async () => {
        emulator!.admin.clearLog();
        const r = await run("preview", "2022-09-01", { config: { "tencentcloud:expiryWarningDays": "soon" } });
        assert.notEqual(r.exitCode, 0, explain(r));
        assert.match(r.stdout, /tencentcloud:expiryWarningDays is 'soon'; it must be a whole number of days between 0 and 3650/, explain(r));
        assert.match(r.stdout, /0 turns expiry warnings off/);
        assert.equal(emulator!.log.length, 0, "no API call");
    });
});
