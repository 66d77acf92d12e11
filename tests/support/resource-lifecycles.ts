/**
 * One full lifecycle per resource (create → read → update → read → delete), driven through the
 * provider implementation exactly as the dynamic-provider host calls it, with consistency checks
 * against the emulator's own state after every step. A step that fails is run once more (what a
 * user's second `pulumi up` / `destroy` does: the engine calls the same method again, create with
 * no id in state); a second failure fails the lifecycle.
 */
import * as assert from "node:assert/strict";
import type * as pulumi from "@pulumi/pulumi";
import type { Emulator } from "../../emulator";
import { csrProviderImpl } from "../../provider/resources/csr/provider";
import { CsrProcessState } from "../../provider/resources/csr/remote";
import { splitRemark } from "../../provider/resources/csr/inputs";
import { hostsCertificateBindingProviderImpl } from "../../provider/resources/hosts-certificate-binding/provider";
import { listenerCertificateBindingProviderImpl } from "../../provider/resources/listener-certificate-binding/provider";
import type { TencentCloudApi } from "../../provider/tencentcloud/types";
import { quickSleep } from "./quick-sleep";
import type { RecordingLogger } from "./recording-logger";

export type ResourceName = "CsrResource" | "ListenerCertificateBinding" | "HostsCertificateBinding" | "HostsCertificateBinding (2022-01-06)";
export const RESOURCES: readonly ResourceName[] = [
    "CsrResource",
    "ListenerCertificateBinding",
    "HostsCertificateBinding",
    "HostsCertificateBinding (2022-01-06)",
];
export const SERVICE_OF: Record<ResourceName, "ssl" | "gaap" | "teo"> = {
    CsrResource: "ssl",
    ListenerCertificateBinding: "gaap",
    HostsCertificateBinding: "teo",
    "HostsCertificateBinding (2022-01-06)": "teo",
};

export interface LifecycleReport {
    /** Provider methods that threw (each was then run once more). */
    surfaced: { step: string; error: string }[];
    /** Every error message seen (for the secret scan). */
    errorMessages: string[];
    /** CSR ids CreateCSR produced beyond the one the resource keeps. */
    duplicates: number;
    /** Objects left in the emulator that the stack no longer manages. */
    orphans: number;
    /** All outputs returned by the provider (for the secret scan). */
    outputs: Record<string, unknown>[];
}

export interface LifecycleEnv {
    emulator: Emulator;
    api: TencentCloudApi;
    log: RecordingLogger;
    /** KeyPassword for the CSR (distinctive, for secret scans). */
    keyPassword?: string;
}

type Provider = pulumi.dynamic.ResourceProvider;

async function withRerun<T>(report: LifecycleReport, step: string, fn: () => Promise<T>): Promise<T> {
    try {
        return await fn();
    } catch (err: any) {
        const message = String(err?.message ?? err);
        report.surfaced.push({ step, error: `${err?.code ?? err?.name ?? "Error"}: ${message}` });
        report.errorMessages.push(message, String(err?.stack ?? ""));
        try {
            return await fn();
        } catch (again: any) {
            report.errorMessages.push(String(again?.message ?? again));
            throw new Error(
                `${step} failed twice (a second 'pulumi up' would not converge): ${again?.code ?? ""} ${again?.message ?? again}\nfirst failure: ${message}`,
            );
        }
    }
}

async function checked(provider: Provider, news: Record<string, unknown>): Promise<any> {
    const result = await provider.check!({}, news);
    assert.deepEqual(result.failures ?? [], [], JSON.stringify(result.failures));
    return result.inputs;
}

function newReport(): LifecycleReport {
    return { surfaced: [], errorMessages: [], duplicates: 0, orphans: 0, outputs: [] };
}

// ---- CsrResource ------------------------------------------------------------------------------------

function assertCsrMatches(emulator: Emulator, outs: any, what: string): void {
    const record = emulator.state.ssl.csrs[String(outs.csrId)];
    assert.ok(record, `${what}: CSR ${outs.csrId} from the outputs does not exist in the emulator`);
    assert.equal(outs.domain, record.Domain, `${what}: domain`);
    assert.equal(outs.remark ?? "", splitRemark(record.Remarks).remark, `${what}: remark`);
    assert.equal(outs.status, record.Status, `${what}: status`);
    assert.equal(outs.csr ?? null, record.CSR, `${what}: csr PEM`);
    assert.equal(outs.privateKey ?? null, record.PrivateKey, `${what}: private key`);
}

export async function csrLifecycle(env: LifecycleEnv, name = "matrix"): Promise<LifecycleReport> {
    const { emulator, api, log } = env;
    const report = newReport();
    const provider = csrProviderImpl({ client: () => api, log, sleep: quickSleep, state: new CsrProcessState() });
    const idsBefore = emulator.state.ssl.nextId;
    const base = {
        domain: `${name}.example.com`,
        organization: "Reliability Ltd",
        department: "SRE",
        email: "sre@example.com",
        province: "Guangdong",
        city: "Shenzhen",
        country: "CN",
        encryptAlgo: "RSA",
        keyParameter: "2048",
        generate: false,
        remark: "first",
        clientToken: "rel" + name.replace(/[^a-z0-9]/g, "").slice(0, 20),
        ...(env.keyPassword ? { keyPassword: env.keyPassword } : {}),
    };
    const inputs1 = await checked(provider, base);
    const created = await withRerun(report, "create", () => provider.create!(inputs1));
    report.outputs.push(created.outs);
    assertCsrMatches(emulator, created.outs, "after create");
    assert.equal(Object.keys(emulator.state.ssl.csrs).length, 1, "after create: exactly one CSR exists");
    const id = created.id;

    const read1 = await withRerun(report, "read", () => provider.read!(id, created.outs));
    assert.equal(read1.id, id);
    assertCsrMatches(emulator, read1.props, "after read");
    assert.equal((await provider.diff!(id, read1.props, inputs1)).changes, false, "read back equals the inputs");

    const inputs2 = await checked(provider, { ...base, remark: "second" });
    const diff2 = await provider.diff!(id, read1.props, inputs2);
    assert.equal(diff2.changes, true);
    assert.deepEqual(diff2.replaces ?? [], []);
    const updated = await withRerun(report, "update remark", () => provider.update!(id, read1.props, inputs2));
    report.outputs.push(updated.outs);
    assertCsrMatches(emulator, { ...updated.outs, csrId: Number(id) }, "after update");

    const inputs3 = await checked(provider, { ...base, remark: "second", generate: true });
    const generated = await withRerun(report, "update generate", () => provider.update!(id, updated.outs, inputs3));
    report.outputs.push(generated.outs);
    assertCsrMatches(emulator, generated.outs, "after generate");
    assert.equal(generated.outs.status, 1);
    assert.match(String(generated.outs.csr), /BEGIN CERTIFICATE REQUEST/);

    const read2 = await withRerun(report, "read", () => provider.read!(id, generated.outs));
    report.outputs.push(read2.props!);
    assertCsrMatches(emulator, read2.props, "after second read");
    assert.equal((await provider.diff!(id, read2.props, inputs3)).changes, false, "no drift after generate");

    await withRerun(report, "delete", () => provider.delete!(id, read2.props));
    // A request the client gave up on (timeout) may still be carried out by the server: count
    // leftovers once it has finished everything it was sent.
    await env.emulator.idle();
    const created_ = emulator.state.ssl.nextId - idsBefore;
    report.duplicates = created_ - 1;
    report.orphans = Object.keys(emulator.state.ssl.csrs).length;
    return report;
}

// ---- ListenerCertificateBinding ---------------------------------------------------------------------

const GAAP_LISTENER = "listener-emu00001";
const GAAP_DOMAIN = "www.example.com";

function gaapDomain(emulator: Emulator) {
    return emulator.state.gaap.listeners[GAAP_LISTENER].Domains.find((d) => d.Domain === GAAP_DOMAIN)!;
}

export async function gaapLifecycle(env: LifecycleEnv): Promise<LifecycleReport> {
    const { emulator, api, log } = env;
    const report = newReport();
    const provider = listenerCertificateBindingProviderImpl({ client: () => api, log, readCacheMs: 0, pollIntervalMs: 40, maxPollIntervalMs: 200 });
    const inputs1 = await checked(provider, { listenerId: GAAP_LISTENER, domain: GAAP_DOMAIN, certificateId: "cert-emuwww01", waitTimeoutSeconds: 60 });
    const created = await withRerun(report, "create", () => provider.create!(inputs1));
    report.outputs.push(created.outs);
    assert.equal(gaapDomain(emulator).CertificateId, "cert-emuwww01", "after create: the emulator has the certificate");
    assert.equal(created.outs.certificateId, gaapDomain(emulator).CertificateId);

    const read1 = await withRerun(report, "read", () => provider.read!(created.id, created.outs));
    assert.equal(read1.props!.certificateId, gaapDomain(emulator).CertificateId, "read = emulator");
    assert.equal((await provider.diff!(created.id, read1.props, inputs1)).changes, false);

    const inputs2 = await checked(provider, { ...inputs1, certificateId: "cert-emuwild1" });
    const updated = await withRerun(report, "update", () => provider.update!(created.id, read1.props, inputs2));
    report.outputs.push(updated.outs);
    assert.equal(gaapDomain(emulator).CertificateId, "cert-emuwild1", "after update: the emulator has the new certificate");
    assert.equal(updated.outs.certificateId, "cert-emuwild1");

    const read2 = await withRerun(report, "read", () => provider.read!(created.id, updated.outs));
    assert.equal(read2.props!.certificateId, gaapDomain(emulator).CertificateId);
    assert.equal((await provider.diff!(created.id, read2.props, inputs2)).changes, false);

    await withRerun(report, "delete", () => provider.delete!(created.id, read2.props));
    // A request the client gave up on (timeout) may still be carried out by the server: count
    // leftovers once it has finished everything it was sent.
    await env.emulator.idle();
    const domain = gaapDomain(emulator);
    report.orphans = domain.CertificateId === "default" ? 0 : 1;
    report.duplicates = 0;
    return report;
}

// ---- HostsCertificateBinding ------------------------------------------------------------------------

const TEO_ZONE = "zone-emu0example";
const TEO_HOST = "static.example.com";

function teoHost(emulator: Emulator) {
    return emulator.state.teo.zones[TEO_ZONE].hosts[TEO_HOST];
}

/** A HostsCertificateBinding provider that polls the emulator every 40 ms and caches no read. */
function fastTeoProvider({ api, log }: LifecycleEnv) {
    return hostsCertificateBindingProviderImpl({
        client: () => api,
        log,
        pollIntervalMs: 40,
        readCacheTtlMs: 0,
        sleep: (ms) => new Promise((r) => setTimeout(r, Math.min(ms, 100))),
    });
}

export async function teoLifecycle(env: LifecycleEnv): Promise<LifecycleReport> {
    const { emulator } = env;
    const report = newReport();
    const provider = fastTeoProvider(env);
    const inputs1 = await checked(provider, {
        zoneId: TEO_ZONE,
        hosts: [TEO_HOST],
        mode: "sslcert",
        serverCertIds: ["teo-cert-wild"],
        deleteBehavior: "disable",
        waitTimeoutSeconds: 60,
    });
    const created = await withRerun(report, "create", () => provider.create!(inputs1));
    report.outputs.push(created.outs);
    assert.equal(teoHost(emulator).Mode, "sslcert");
    assert.deepEqual(teoHost(emulator).CertIds, ["teo-cert-wild"]);
    assert.deepEqual(created.outs.serverCertIds, teoHost(emulator).CertIds);

    const read1 = await withRerun(report, "read", () => provider.read!(created.id, created.outs));
    assert.equal(read1.props!.mode, teoHost(emulator).Mode);
    assert.equal((await provider.diff!(created.id, read1.props, inputs1)).changes, false);

    const inputs2 = await checked(provider, { ...inputs1, mode: "eofreecert", serverCertIds: undefined });
    const updated = await withRerun(report, "update", () => provider.update!(created.id, read1.props, inputs2));
    report.outputs.push(updated.outs);
    assert.equal(teoHost(emulator).Mode, "eofreecert", "after update: the emulator has the new mode");
    assert.equal(updated.outs.mode, "eofreecert");

    const read2 = await withRerun(report, "read", () => provider.read!(created.id, updated.outs));
    assert.equal(read2.props!.mode, teoHost(emulator).Mode);
    assert.equal((await provider.diff!(created.id, read2.props, inputs2)).changes, false);

    await withRerun(report, "delete", () => provider.delete!(created.id, read2.props));
    // A request the client gave up on (timeout) may still be carried out by the server: count
    // leftovers once it has finished everything it was sent.
    await env.emulator.idle();
    report.orphans = teoHost(emulator).Mode === "disable" ? 0 : 1;
    report.duplicates = 0;
    return report;
}

/** The same lifecycle on the 2022-01-06 API: certIds, then the default certificate, delete back to default. */
async function teoV1Lifecycle(env: LifecycleEnv): Promise<LifecycleReport> {
    const { emulator } = env;
    const report = newReport();
    const provider = fastTeoProvider(env);
    // The host starts without a certificate; create asks for the default one, update for a certificate.
    const inputs1 = await checked(provider, {
        zoneId: TEO_ZONE,
        hosts: [TEO_HOST],
        apiVersion: "2022-01-06",
        certIds: [],
        deleteBehavior: "default",
        waitTimeoutSeconds: 60,
    });
    const created = await withRerun(report, "create", () => provider.create!(inputs1));
    report.outputs.push(created.outs);
    assert.equal(teoHost(emulator).Mode, "eofreecert", "the default certificate");
    assert.deepEqual(created.outs.certIds, []);

    const read1 = await withRerun(report, "read", () => provider.read!(created.id, created.outs));
    assert.deepEqual(read1.props!.certIds, teoHost(emulator).CertIds);
    assert.equal((await provider.diff!(created.id, read1.props, inputs1)).changes, false);

    const inputs2 = await checked(provider, { ...inputs1, hosts: [TEO_HOST], certIds: ["teo-cert-wild"] });
    const updated = await withRerun(report, "update", () => provider.update!(created.id, read1.props, inputs2));
    report.outputs.push(updated.outs);
    assert.equal(teoHost(emulator).Mode, "sslcert");
    assert.deepEqual(teoHost(emulator).CertIds, ["teo-cert-wild"]);
    assert.deepEqual(updated.outs.certIds, teoHost(emulator).CertIds);

    const read2 = await withRerun(report, "read", () => provider.read!(created.id, updated.outs));
    assert.deepEqual(read2.props!.certIds, teoHost(emulator).CertIds);
    assert.equal((await provider.diff!(created.id, read2.props, inputs2)).changes, false);

    await withRerun(report, "delete", () => provider.delete!(created.id, read2.props));
    // A request the client gave up on (timeout) may still be carried out by the server: count
    // leftovers once it has finished everything it was sent.
    await env.emulator.idle();
    // deleteBehavior "default": back to the default (free) certificate.
    report.orphans = teoHost(emulator).Mode === "eofreecert" && teoHost(emulator).CertIds.length === 0 ? 0 : 1;
    report.duplicates = 0;
    return report;
}

export function lifecycleOf(resource: ResourceName): (env: LifecycleEnv) => Promise<LifecycleReport> {
    switch (resource) {
        case "CsrResource":
            return (env) => csrLifecycle(env);
        case "ListenerCertificateBinding":
            return gaapLifecycle;
        case "HostsCertificateBinding":
            return teoLifecycle;
        case "HostsCertificateBinding (2022-01-06)":
            return teoV1Lifecycle;
    }
}
