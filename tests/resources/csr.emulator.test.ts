/**
 * CsrResource's provider implementation with the project's real client against the emulator (real
 * signing, rate limits, error codes, PKCS#10 generation), without the engine: fast checks of what
 * the lifecycle tests cannot see in detail.
 */
import * as assert from "node:assert/strict";
import { createPrivateKey } from "node:crypto";
import { AsnConvert } from "@peculiar/asn1-schema";
import { CertificationRequest } from "@peculiar/asn1-csr";
import { startEmulator, type Emulator, type EmulatorOptions } from "../../emulator";
import { CsrAdoptionError } from "../../provider/resources/csr";
import { csrProviderImpl } from "../../provider/resources/csr/provider";
import { CsrProcessState } from "../../provider/resources/csr/remote";
import { CSR_SUBJECT } from "../support/csr-subject";
import { emulatorClient } from "../support/emulator-client";
import { recordingLogger } from "../support/recording-logger";

const BASE = CSR_SUBJECT;

/** Subject values and public-key algorithm OID of a PEM CSR. */
function parseCsr(pem: string): { subject: string[]; keyAlgorithm: string } {
    const der = Buffer.from(pem.replace(/-----[^-]+-----/g, "").replace(/\s+/g, ""), "base64");
    const request = AsnConvert.parse(der, CertificationRequest);
    const info = request.certificationRequestInfo;
    const subject = info.subject.flatMap((rdn) => rdn.map((atv) => `${atv.type}=${atv.value.toString()}`));
    return { subject, keyAlgorithm: info.subjectPKInfo.algorithm.algorithm };
}

describe("CsrResource against the emulator (real client)", function () {
    this.timeout(60_000);
    let emulator: Emulator | undefined;
    let log: ReturnType<typeof recordingLogger>;

    async function setup(options: EmulatorOptions = {}, clientConfig: Record<string, string> = {}) {
        emulator = await startEmulator(options);
        log = recordingLogger();
        const api = emulatorClient(emulator, clientConfig);
        const provider = csrProviderImpl({ client: () => api, log, state: new CsrProcessState() });
        const checked = async (news: Record<string, unknown>) => {
            const result = await provider.check!({}, news);
            assert.deepEqual(result.failures ?? [], []);
            return result.inputs;
        };
        return { emu: emulator, provider, checked };
    }

    afterEach(async () => {
        await emulator?.close();
        emulator = undefined;
    });

    it("creates RSA and ECC CSRs whose PEM carries the subject, with the private key encrypted by keyPassword", async () => {
        const { emu, provider, checked } = await setup();
        const keyPassword = "Kp-e2e-9d1c";
        const rsa = await provider.create!(await checked({ ...BASE, keyPassword, clientToken: "aaaaaa111111" }));
        const ecc = await provider.create!(await checked({ ...BASE, domain: "api.example.com", encryptAlgo: "ECC", clientToken: "bbbbbb222222" }));
        const rsaCsr = parseCsr(rsa.outs.csr);
        assert.ok(rsaCsr.subject.includes("2.5.4.3=www.example.com"), rsaCsr.subject.join(", ")); // CN
        assert.ok(rsaCsr.subject.includes("2.5.4.10=Example Ltd"), rsaCsr.subject.join(", ")); // O
        assert.equal(rsaCsr.keyAlgorithm, "1.2.840.113549.1.1.1"); // rsaEncryption
        assert.equal(parseCsr(ecc.outs.csr).keyAlgorithm, "1.2.840.10045.2.1"); // ecPublicKey
        assert.match(rsa.outs.privateKey, /BEGIN ENCRYPTED PRIVATE KEY/);
        assert.equal(createPrivateKey({ key: rsa.outs.privateKey, passphrase: keyPassword }).asymmetricKeyType, "rsa");
        assert.equal(createPrivateKey(ecc.outs.privateKey).asymmetricKeyType, "ec");
        const logged = JSON.stringify(emu.log);
        assert.ok(!logged.includes(keyPassword), "the emulator log redacts the key password");
        assert.ok(!log.lines.join("\n").includes(keyPassword), "our log never carries it");
    });

    it("lost CreateCSR response (actThenFail) through the real client's error classification: one CSR", async () => {
        const { emu, provider, checked } = await setup({
            faults: { seed: 3, rules: [{ service: "ssl", action: "CreateCSR", probability: 1, kind: "actThenFail", count: 1 }] },
        });
        const result = await provider.create!(await checked({ ...BASE, clientToken: "cccccc333333" }));
        assert.deepEqual(Object.keys(emu.state.ssl.csrs), [result.id]);
        assert.equal(emu.log.filter((e) => e.action === "CreateCSR").length, 1);
        assert.ok(
            log.lines.some((l) => /adopted CSR .* answer was lost/.test(l)),
            log.lines.join("\n"),
        );
    });

    it("lost CreateCSR response answered as HTTP 500 after acting: still one CSR", async () => {
        const { emu, provider, checked } = await setup({
            faults: { seed: 3, rules: [{ service: "ssl", action: "CreateCSR", probability: 1, kind: "actThenFail", lostAs: "http500", count: 1 }] },
        });
        await provider.create!(await checked({ ...BASE, generate: false, clientToken: "" }));
        assert.equal(Object.keys(emu.state.ssl.csrs).length, 1);
    });

    it("CreateCSR answered after the request timeout (the server acts late): found by a later lookup, one CSR", async () => {
        const { emu, provider, checked } = await setup(
            { faults: { seed: 5, rules: [{ service: "ssl", action: "CreateCSR", probability: 1, kind: "delay", delayMs: 1_500, count: 1 }] } },
            { "tencentcloud:requestTimeoutMs": "500" },
        );
        const result = await provider.create!(await checked({ ...BASE, generate: false, clientToken: "ffffff666666" }));
        assert.deepEqual(Object.keys(emu.state.ssl.csrs), [result.id]);
        assert.equal(emu.log.filter((e) => e.action === "CreateCSR").length, 1, "not re-sent");
    });

    it("CreateCSR failing before acting (HTTP 503) is retried and creates one CSR", async () => {
        const { emu, provider, checked } = await setup({
            faults: { seed: 3, rules: [{ service: "ssl", action: "CreateCSR", probability: 1, kind: "http503", count: 1 }] },
        });
        await provider.create!(await checked({ ...BASE, generate: false, clientToken: "dddddd444444" }));
        assert.equal(Object.keys(emu.state.ssl.csrs).length, 1);
    });

    it("CreateCSR answered busy (the CA system is busy) is retried by the client alone: one CSR, no lookup in between", async () => {
        const { emu, provider, checked } = await setup({
            faults: { seed: 3, rules: [{ service: "ssl", action: "CreateCSR", probability: 1, kind: "busy", count: 2 }] },
        });
        await provider.create!(await checked({ ...BASE, generate: false, clientToken: "eeeeee555555" }));
        const actions = emu.log.filter((e) => e.service === "ssl").map((e) => `${e.action}:${e.code}`);
        assert.deepEqual(actions, [
            "DescribeCSRSet:OK",
            "CreateCSR:FailedOperation.NetworkError",
            "CreateCSR:FailedOperation.NetworkError",
            "CreateCSR:OK",
            "DescribeCSR:OK",
        ]);
        assert.equal(Object.keys(emu.state.ssl.csrs).length, 1);
    });

    it("adoptCsrId takes over an existing CSR (modifying and generating it); get-style read fills every field", async () => {
        const { emu, provider, checked } = await setup();
        const api = emulatorClient(emu);
        const { Id } = await api.call<{ Id: number }>("ssl", "2019-12-05", "CreateCSR", {
            Domain: "shop.example.com",
            Organization: "Example Ltd",
            Department: "Sales",
            Email: "admin@example.com",
            Province: "Guangdong",
            City: "Shenzhen",
            Country: "CN",
            EncryptAlgo: "RSA",
            KeyParameter: "2048",
            Generate: false,
            Remark: "made in the console",
        });
        const adopted = await provider.create!(await checked({ ...BASE, domain: "shop.example.com", remark: "made in the console", adoptCsrId: String(Id) }));
        assert.equal(adopted.id, String(Id));
        assert.equal(adopted.outs.department, "IT");
        assert.equal(emu.state.ssl.csrs[String(Id)].Department, "IT");
        assert.equal(emu.state.ssl.csrs[String(Id)].Status, 1);

        const read = await provider.read!(String(Id), {});
        assert.equal(read.id, String(Id));
        assert.equal(read.props!.domain, "shop.example.com");
        assert.equal(read.props!.privateKey, adopted.outs.privateKey);
        assert.equal((read.inputs as any).remark, "made in the console");

        await assert.rejects(provider.create!(await checked({ ...BASE, adoptCsrId: 987654 })), CsrAdoptionError);
    });

    it("delete tolerates a CSR already deleted in the console, and read reports it gone", async () => {
        const { emu, provider, checked } = await setup();
        const created = await provider.create!(await checked({ ...BASE, generate: false, clientToken: "eeeeee555555" }));
        await emu.admin.deleteCsr({ id: Number(created.id) });
        assert.equal((await provider.read!(created.id, created.outs)).id, "");
        await provider.delete!(created.id, created.outs);
        assert.equal(emu.log.filter((e) => e.action === "BatchDeleteCSR").length, 1);
    });
});
