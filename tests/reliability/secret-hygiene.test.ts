/**
 * Secret hygiene: every lifecycle runs with distinctive secret values — a SecretKey, a session
 * token (the emulator requires X-TC-Token for this SecretId, as with STS credentials), a CSR
 * KeyPassword and the generated private keys — while faults make errors happen, and every place a
 * secret could leak is scanned for plaintext: the state files (including the serialized
 * `__provider`), all stdout/stderr with debug logging on, every error message, the provider's own
 * log lines and the emulator's logged request parameters. Expected: 0 occurrences.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { startEmulator, type Emulator, type EmulatorCredential } from "../../emulator";
import { readCheckpoint, type RunResult } from "../../tools/engine";
import { testClient } from "../support/emulator-client";
import { mixedFaults } from "../support/fault-rules";
import { recordingLogger } from "../support/recording-logger";
import { drive } from "../support/reliability-program";
import { csrLifecycle, gaapLifecycle, teoLifecycle } from "../support/resource-lifecycles";
import { explain } from "../support/run-output";
import { filesUnder, findSecrets, type SecretHit } from "../support/secret-scan";

const CREDENTIAL: EmulatorCredential = {
    secretId: "AKIDrel1ab1l1tyH7g1ene000000000000001",
    secretKey: "SK-hygiene-7f9c2e4b1d0a86c3e5",
    token: "STS-token-hygiene-91ab44cd0e7f5a2b",
};
const KEY_PASSWORD = "KeyPass-hygiene-55d1e0";

/** The private keys the emulator generated (the "cloud" holds them), as full PEM and per base64 line. */
function privateKeySecrets(emulator: Emulator): Record<string, string> {
    const out: Record<string, string> = {};
    for (const csr of Object.values(emulator.state.ssl.csrs)) {
        if (!csr.PrivateKey) continue;
        out[`privateKey ${csr.Id}`] = csr.PrivateKey;
        csr.PrivateKey.split("\n")
            .filter((line) => line.length >= 40 && !line.startsWith("-----"))
            .forEach((line, i) => (out[`privateKey ${csr.Id} line ${i + 1}`] = line));
    }
    return out;
}

/**
 * The Pulumi Node SDK (3.270.0) logs every RegisterResource answer at debug level, secret outputs
 * included in plaintext (runtime/resource.js "RegisterResource RPC finished: ... resp: ..."). The
 * engine driver cuts those payloads out and redacts every value it has seen marked secret, so
 * the whole -v output is scanned, those lines included.
 */
const SDK_REGISTER_DEBUG = /^ {4}debug: RegisterResource RPC finished: .*resp: \[payload hidden by the engine driver\]$/m;

function describeHits(hits: SecretHit[]): string {
    return hits.map((h) => `${h.secret} in ${h.where}: …${h.context}…`).join("\n");
}

describe("reliability: secret hygiene (0 plaintext secrets anywhere)", function () {
    this.timeout(300_000);
    let emulator: Emulator;

    afterEach(() => emulator?.close());

    it("provider implementations: logs, errors and the emulator's params of every lifecycle under faults", async () => {
        emulator = await startEmulator({ rateLimits: false, credentials: [CREDENTIAL], gaapApplyDelayMs: 60, teoDeployDelayMs: 120 });
        const texts: [string, string][] = [];
        const privateKeys: Record<string, string> = {};
        for (const [i, [name, lifecycle]] of (
            [
                ["CsrResource", csrLifecycle],
                ["ListenerCertificateBinding", gaapLifecycle],
                ["HostsCertificateBinding", teoLifecycle],
            ] as const
        ).entries()) {
            const service = (["ssl", "gaap", "teo"] as const)[i];
            emulator.admin.setFaults({ faults: { seed: 77 + i, rules: mixedFaults(service, 150) } });
            const log = recordingLogger();
            const api = testClient(emulator, { credential: CREDENTIAL, logger: log, config: { "tencentcloud:requestTimeoutMs": "150" } });
            let report;
            try {
                report = await lifecycle({ emulator, api, log, keyPassword: KEY_PASSWORD });
                // The private key existed while the lifecycle ran; keep it for the scan (delete removed it).
                for (const out of report.outputs) {
                    if (typeof out.privateKey === "string") privateKeys[`privateKey of ${name}`] = out.privateKey;
                }
            } finally {
                emulator.admin.setFaults({ faults: null });
                await api.close();
            }
            texts.push([`${name} log`, log.lines.join("\n")], [`${name} errors`, report.errorMessages.join("\n")]);
        }
        texts.push(["emulator call log (params)", JSON.stringify(emulator.log)]);
        assert.ok(Object.keys(privateKeys).length > 0, "a private key was generated");
        assert.ok(
            emulator.log.some((e) => e.action === "CreateCSR" && e.params.KeyPassword === "***"),
            "the KeyPassword was sent, and logged redacted",
        );
        const secrets = { secretKey: CREDENTIAL.secretKey, token: CREDENTIAL.token!, keyPassword: KEY_PASSWORD, ...privateKeys };
        const hits = texts.flatMap(([where, text]) => findSecrets(secrets, text, where));
        assert.equal(hits.length, 0, describeHits(hits));
    });

    it("real dynamic-provider host: state files, __provider, stdout/stderr (debug on), errors and emulator params of up → edit → refresh → destroy", async () => {
        emulator = await startEmulator({ rateLimits: false, credentials: [CREDENTIAL], gaapApplyDelayMs: 60, teoDeployDelayMs: 120 });
        const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), "reliability-secrets-"));
        try {
            const runs: [string, RunResult][] = [];
            const secretsSeen: Record<string, string> = {};
            const stateSnapshots: [string, string][] = [];
            const base = {
                emulator,
                stateDir,
                credential: CREDENTIAL,
                config: { "reliability-all:csrCount": "2", "reliability-all:keyPassword": { secret: KEY_PASSWORD }, "tencentcloud:requestTimeoutMs": "400" },
            };
            const step = async (label: string, op: "up" | "refresh" | "destroy", config: Record<string, string>, faults: boolean) => {
                emulator.admin.setFaults({
                    faults: faults
                        ? {
                              seed: 99,
                              rules: [...mixedFaults("ssl", 400), ...mixedFaults("gaap", 400), ...mixedFaults("teo", 400)].map((r) => ({
                                  ...r,
                                  probability: r.probability / 2,
                              })),
                          }
                        : null,
                });
                let r = await drive(op, { ...base, config: { ...base.config, ...config } });
                runs.push([label, r]);
                if (r.exitCode !== 0) {
                    r = await drive(op, { ...base, config: { ...base.config, ...config } });
                    runs.push([`${label} (rerun)`, r]);
                }
                assert.equal(r.exitCode, 0, explain(r));
                Object.assign(secretsSeen, privateKeySecrets(emulator));
                filesUnder(stateDir).forEach(([file, text]) => stateSnapshots.push([`${label}: ${path.relative(stateDir, file)}`, text]));
            };
            await step("up", "up", { "reliability-all:csrGenerate": "false" }, true);
            await step(
                "up generate + edits",
                "up",
                {
                    "reliability-all:csrGenerate": "true",
                    "reliability-all:csrRemark": "second",
                    "reliability-all:gaapCertificateId": "cert-emuwild1",
                    "reliability-all:teoMode": "eofreecert",
                },
                true,
            );
            await step("refresh", "refresh", { "reliability-all:csrGenerate": "true", "reliability-all:csrRemark": "second" }, false);
            // A failing step: its error messages are scanned too.
            const failing = await drive("up", {
                ...base,
                config: {
                    ...base.config,
                    "reliability-all:csrGenerate": "true",
                    "reliability-all:csrRemark": "second",
                    "reliability-all:gaapCertificateId": "cert-doesnotexist",
                },
            });
            assert.notEqual(failing.exitCode, 0);
            runs.push(["failing up", failing]);
            const state = readCheckpoint(path.join(stateDir, "stacks", "dev.json"));
            const providers = state.deployment.resources.map((r) => r.inputs.__provider).filter((p): p is string => typeof p === "string");
            assert.ok(providers.length >= 4, "every dynamic resource has a serialized __provider");
            await step("destroy", "destroy", { "reliability-all:csrGenerate": "true", "reliability-all:csrRemark": "second" }, true);

            assert.ok(Object.keys(secretsSeen).length >= 2, "private keys were generated");
            const secrets = { secretKey: CREDENTIAL.secretKey, token: CREDENTIAL.token!, keyPassword: KEY_PASSWORD, ...secretsSeen };
            const texts: [string, string][] = [
                ...runs.flatMap(([label, r]): [string, string][] => [
                    [`${label} stdout`, r.stdout],
                    [`${label} stderr`, r.stderr],
                    [`${label} errors`, [...r.rpcLog.map((e) => e.error ?? ""), ...r.steps.map((s) => s.error ?? "")].join("\n")],
                    [
                        `${label} outputs (plaintext view, secrets excluded)`,
                        JSON.stringify(Object.fromEntries(Object.entries(r.outputs).filter(([k]) => !r.secretOutputs.includes(k)))),
                    ],
                ]),
                ...stateSnapshots,
                ...providers.map((p, i): [string, string] => [`__provider #${i}`, p]),
                ["emulator call log (params)", JSON.stringify(emulator.log)],
            ];
            assert.ok(
                runs.some(([, r]) => /debug:/.test(r.stdout)),
                "debug logging was on",
            );
            // -v through up, refresh and destroy: each ran with debug output, and it was scanned.
            for (const op of ["up", "refresh", "destroy"]) {
                assert.ok(
                    runs.some(([label, r]) => label.startsWith(op) && /^ {4}debug: /m.test(r.stdout)),
                    `a -v ${op} was scanned`,
                );
            }
            assert.ok(
                runs.some(([, r]) => SDK_REGISTER_DEBUG.test(r.stdout)),
                "the SDK's RegisterResource debug lines were there, payload hidden",
            );
            assert.ok(
                runs.some(([, r]) => r.secretOutputs.includes("privateKey")),
                "privateKey is a secret stack output",
            );
            const hits = texts.flatMap(([where, text]) => findSecrets(secrets, text, where));
            assert.equal(hits.length, 0, describeHits(hits));
            assert.ok(
                runs.some(([, r]) => /debug: tencentcloud ssl\.CreateCSR attempt 1/.test(r.stdout)),
                "the provider's own debug lines were scanned",
            );
            console.log(
                `      scanned ${texts.length} texts (${Math.round(texts.reduce((n, [, t]) => n + t.length, 0) / 1024)} KiB) for ${Object.keys(secrets).length} secret strings: 0 hits`,
            );
        } finally {
            fs.rmSync(stateDir, { recursive: true, force: true });
        }
    });
});
