/**
 * Preview checks through the engine driver (Pulumi's real program runner and dynamic-provider
 * host, loading bin/) against the emulator (issue 18 item 1): what `up` would fail on fails
 * `preview` naming the field (or the credential source), with no write; an unchanged stack's
 * preview makes no call at all (from the emulator's log); a sub-account refused a verifying read
 * gets one warning per run and a passing preview; `tencentcloud:previewChecks false` makes no call.
 * Program: tests/programs/preview-checks (one resource of each kind, each optional).
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { DEFAULT_OWNER_UIN, DEMO_CREDENTIALS, startEmulator, type CallLogEntry, type Emulator, type EmulatorCredential } from "../../emulator";
import { runPulumi, type RunResult } from "../../tools/engine";
import { emulatorEnv } from "../support/emulator-client";
import { explain } from "../support/run-output";

const program = path.resolve(__dirname, "../programs/preview-checks");
const P = "preview-checks";

/** A second key of the default account: a sub-account whose policy lacks the certificate reads. */
const SUB_ACCOUNT: EmulatorCredential = {
    secretId: "AKIDEMULATOR00000000000000000SUBACCOUNT",
    secretKey: "emulator-sub-account-key-000000000000",
    ownerUin: DEFAULT_OWNER_UIN,
};

const CSR = { [`${P}:csrDomain`]: "preview.example.com" };
const GAAP = { [`${P}:listenerId`]: "listener-emu00001", [`${P}:domain`]: "api.example.com", [`${P}:certificateId`]: "cert-emuwild1" };
const TEO = { [`${P}:zoneId`]: "zone-emu0example", [`${P}:hosts`]: "static.example.com", [`${P}:serverCertIds`]: "teo-cert-wild" };

const isWrite = (e: CallLogEntry) => !e.action.startsWith("Describe");

describe("preview checks (engine driver, real dynamic-provider host, emulator)", function () {
    this.timeout(300_000);
    let emulator: Emulator;
    let stateDir: string;

    const preview = (config: Record<string, string>, env: Record<string, string> = {}): Promise<RunResult> =>
        runPulumi({ cwd: program, op: "preview", stateDir, env: emulatorEnv(emulator, env), config });
    /** The run failed on `property` of the named resource with a reason matching `reason`, and wrote nothing. */
    const failsOn = (r: RunResult, resource: string, property: string, reason: RegExp, from: number) => {
        assert.equal(r.exitCode, 255, explain(r));
        const line = r.stdout.split("\n").find((l) => l.includes(`resource '${resource}' has a problem:`)) ?? "";
        assert.ok(line.includes(`${property}: `), `names ${property}:\n${explain(r)}`);
        assert.match(line, reason, explain(r));
        assert.deepEqual(emulator.log.slice(from).filter(isWrite), [], "no write call");
    };

    before(async () => {
        emulator = await startEmulator({ rateLimits: false, gaapApplyDelayMs: 50, teoDeployDelayMs: 50, credentials: [DEMO_CREDENTIALS, SUB_ACCOUNT] });
    });
    after(() => emulator.close());
    beforeEach(() => {
        emulator.admin.reset();
        stateDir = fs.mkdtempSync(path.join(os.tmpdir(), "preview-checks-"));
    });
    afterEach(() => fs.rmSync(stateDir, { recursive: true, force: true }));

    it("an unchanged stack's preview makes 0 API calls; a new stack's preview verifies each object once", async () => {
        const all = { ...CSR, ...GAAP, ...TEO };
        const fresh = await preview(all);
        assert.equal(fresh.exitCode, 0, explain(fresh));
        const verified = emulator.log.map((e) => `${e.service}.${e.action}`).sort();
        assert.deepEqual(verified, [
            "gaap.DescribeCertificates",
            "gaap.DescribeRules",
            "ssl.DescribeCSRSet",
            "ssl.DescribeCertificates",
            "teo.DescribeAccelerationDomains",
        ]);
        const up = await runPulumi({ cwd: program, op: "up", stateDir, env: emulatorEnv(emulator), config: all });
        assert.equal(up.exitCode, 0, explain(up));
        const mark = emulator.log.length;
        const again = await preview(all);
        assert.equal(again.exitCode, 0, explain(again));
        assert.equal(again.summary.same, 4, explain(again));
        assert.deepEqual(emulator.log.slice(mark), [], "no call at all");
    });

    for (const [kind, config] of [
        ["CsrResource", CSR],
        ["ListenerCertificateBinding", GAAP],
        ["HostsCertificateBinding", TEO],
    ] as const) {
        it(`${kind}: a wrong secret key fails preview naming where the key came from, after one signed call`, async () => {
            const r = await preview(config, { TENCENTCLOUD_SECRET_KEY: "not-the-emulator-key-00000000000000" });
            assert.equal(r.exitCode, 255, explain(r));
            assert.match(r.stdout, /AuthFailure\.SignatureFailure/, explain(r));
            assert.match(r.stdout, /come from environment variables TENCENTCLOUD_SECRET_ID \/ TENCENTCLOUD_SECRET_KEY/, explain(r));
            assert.ok(!(r.stdout + r.stderr).includes("not-the-emulator-key"), "the key is not printed");
            assert.deepEqual(
                emulator.log.map((e) => `${e.action} ${e.code}`),
                ["DescribeCSRSet AuthFailure.SignatureFailure"],
            );
        });
    }

    const gaapCases: [string, Record<string, string>, string, RegExp, (() => void)?][] = [
        ["a nonexistent listener", { [`${P}:listenerId`]: "listener-emu09999" }, "listenerId", /'listener-emu09999' does not exist in this account/],
        ["a domain not on the listener", { [`${P}:domain`]: "nope.example.com" }, "domain", /'nope\.example\.com' does not exist on GAAP listener/],
        ["a missing certificate", { [`${P}:certificateId`]: "cert-nope0001" }, "certificateId", /'cert-nope0001' does not exist in this account/],
        [
            "an expired certificate",
            {},
            "certificateId",
            /'cert-emuwild1' expired 2 days ago .*renew it/,
            () => void emulator.admin.setCertificateExpiry({ certId: "cert-emuwild1", expiresInDays: -2 }),
        ],
        [
            "a client CA where a server certificate belongs",
            { [`${P}:certificateId`]: "cert-emuca001" },
            "certificateId",
            /is a client CA certificate \(type 1\)/,
        ],
    ];
    for (const [what, change, property, reason, arrange] of gaapCases) {
        it(`ListenerCertificateBinding: ${what} fails preview on ${property}, with no write`, async () => {
            arrange?.();
            const r = await preview({ ...GAAP, ...change });
            failsOn(r, "gaap", property, reason, 0);
        });
    }

    const teoCases: [string, Record<string, string>, string, RegExp][] = [
        ["a nonexistent zone", { [`${P}:zoneId`]: "zone-emu0nothere" }, "zoneId", /'zone-emu0nothere' does not exist/],
        ["a host not in the zone", { [`${P}:hosts`]: "nope.example.com" }, "hosts", /'nope\.example\.com' is not an acceleration domain of zone/],
        ["a missing certificate", { [`${P}:serverCertIds`]: "teo-cert-nope" }, "serverCertIds", /'teo-cert-nope' does not exist in this account/],
        [
            "an expired certificate",
            { [`${P}:serverCertIds`]: "teo-cert-expired", [`${P}:hosts`]: "www.example.com" },
            "serverCertIds",
            /'teo-cert-expired' expired/,
        ],
        [
            "a certificate not covering the host",
            { [`${P}:serverCertIds`]: "teo-cert-net" },
            "serverCertIds",
            /'teo-cert-net' does not cover 'static\.example\.com'/,
        ],
    ];
    for (const [what, change, property, reason] of teoCases) {
        it(`HostsCertificateBinding: ${what} fails preview on ${property}, with no write`, async () => {
            const r = await preview({ ...TEO, ...change });
            failsOn(r, "teo", property, reason, 0);
        });
    }

    it("a sub-account refused the certificate reads: one warning per read per run, a passing preview, the rest still verified", async () => {
        const refuse = (service: "ssl" | "gaap") => ({
            secretId: SUB_ACCOUNT.secretId,
            service,
            action: "DescribeCertificates",
            kind: "internalError" as const,
            code: "AuthFailure.UnauthorizedOperation",
            probability: 1,
        });
        emulator.admin.setFaults({ faults: { seed: 1, rules: [refuse("ssl"), refuse("gaap")] } });
        const sub = { TENCENTCLOUD_SECRET_ID: SUB_ACCOUNT.secretId, TENCENTCLOUD_SECRET_KEY: SUB_ACCOUNT.secretKey };
        const r = await preview({ ...GAAP, ...TEO, [`${P}:secondHost`]: "api.example.com" }, sub);
        assert.equal(r.exitCode, 0, explain(r));
        const warnings = r.stdout.split("\n").filter((l) => /preview cannot verify/.test(l));
        assert.equal(warnings.length, 2, `one per refused read, although two TEO bindings use it:\n${r.stdout}`);
        assert.match(
            warnings.join("\n"),
            /warning: preview cannot verify SSL certificates: .* may not call ssl:DescribeCertificates \(AuthFailure\.UnauthorizedOperation/,
        );
        assert.match(warnings.join("\n"), /warning: preview cannot verify GAAP certificates: .* may not call gaap:DescribeCertificates/);
        assert.match(warnings.join("\n"), /tencentcloud:previewChecks false/);
        assert.doesNotMatch(r.stderr, /preview cannot verify/, "through the engine's Log RPC, not stderr");
        const actions = emulator.log.map((e) => `${e.service}.${e.action}`);
        assert.ok(actions.includes("gaap.DescribeRules") && actions.includes("teo.DescribeAccelerationDomains"), actions.join(", "));
        assert.equal(actions.filter((a) => a === "ssl.DescribeCertificates").length, 1, "not asked again after the refusal");
    });

    it("tencentcloud:previewChecks false: the same mistakes pass preview and no call is made", async () => {
        const wrong = { ...GAAP, [`${P}:listenerId`]: "listener-emu09999", ...TEO, [`${P}:zoneId`]: "zone-emu0nothere", ...CSR };
        const r = await preview({ ...wrong, "tencentcloud:previewChecks": "false" });
        assert.equal(r.exitCode, 0, explain(r));
        assert.equal(r.summary.create, 4, explain(r));
        assert.deepEqual(emulator.log, [], "no call");
        const env = await preview(wrong, { TENCENTCLOUD_PREVIEW_CHECKS: "false" });
        assert.equal(env.exitCode, 0, explain(env));
        assert.deepEqual(emulator.log, [], "no call with the environment variable either");
    });
});
