/**
 * Preview verification cost (issue 18): the calls a preview makes, and the wall time it adds, for
 *
 *   - 50 new bindings on 2 listeners and 1 zone with 5 certificates (target ≤ 1 + 2 + 1 + 5: at most
 *     one call per distinct account, listener, zone and certificate);
 *   - 200 unchanged bindings (target 0 calls).
 *
 * At this stage it drives the verification API (provider/resources/common/verify) directly, one
 * check after another as the engine runs Check, with the project's real client against the emulator
 * at Tencent's published rate limits and the resources' real read caches (ListenerCoordinator,
 * ZoneReader) as the readers. Once check calls the verification, this goes through the real host.
 *
 *   npm run build && node bin/bench/preview-calls.js
 */
import { DEMO_CREDENTIALS, startEmulator, type Emulator, type EmulatorSeed } from "../emulator";
import { ZoneReader } from "../provider/resources/hosts-certificate-binding/remote";
import { ListenerCoordinator } from "../provider/resources/listener-certificate-binding/remote";
import {
    verifyHostsBinding,
    verifyListenerBinding,
    VerificationState,
    type HostsBindingReferences,
    type HostsVerificationDeps,
    type ListenerBindingReferences,
    type ListenerVerificationDeps,
} from "../provider/resources/common/verify";
import { createClient } from "../provider/tencentcloud/client";
import { resolveSettings } from "../provider/tencentcloud/settings";
import type { TencentCloudApi } from "../provider/tencentcloud/types";
import { configOf } from "../tests/support/config-source";
import { listenerReader, zoneReader } from "../tests/support/preview-readers";

const LISTENERS = ["listener-preview0", "listener-preview1"];
const ZONE = "zone-preview0";
const GAAP_CERTS = ["cert-emuwild1", "cert-prevwild2", "cert-prevwild3"];
const SSL_CERTS = ["teo-cert-net", "teo-cert-net2"];
const BINDINGS_PER_KIND = 25;
const UNCHANGED = 200;
const FAR = "2036-01-01T00:00:00Z";

const domainOf = (i: number) => `d${i}.example.com`;
const hostOf = (i: number) => `h${String(i + 1).padStart(2, "0")}.example.net`;

/** 2 listeners with 25 domains between them, 1 zone of 25 hosts, 3 GAAP and 2 SSL wildcard certificates. */
export function previewSeed(): EmulatorSeed {
    const gaapCert = (id: string) => ({ CertificateId: id, CertificateAlias: id, CertificateType: 2 as const, Domains: ["*.example.com"], ExpireTime: FAR });
    const sslCert = (id: string) => ({
        CertId: id,
        Alias: id,
        Type: "upload",
        Kind: "server" as const,
        Domains: ["*.example.net"],
        ExpireTime: FAR,
        SignAlgo: "RSA 2048",
    });
    return {
        gaap: {
            certificates: GAAP_CERTS.map(gaapCert),
            listeners: LISTENERS.map((ListenerId, l) => ({
                ListenerId,
                ProxyId: "link-emu00001",
                Port: 7000 + l,
                CertificateId: GAAP_CERTS[0],
                Domains: Array.from({ length: BINDINGS_PER_KIND }, (_, i) => i)
                    .filter((i) => i % LISTENERS.length === l)
                    .map((i) => ({ Domain: domainOf(i) })),
            })),
        },
        teo: {
            certificates: SSL_CERTS.map(sslCert),
            zones: [
                {
                    ZoneId: ZONE,
                    ZoneName: "example.net",
                    hosts: Array.from({ length: BINDINGS_PER_KIND }, (_, i) => ({ DomainName: hostOf(i), Mode: "disable" as const })),
                },
            ],
        },
    };
}

type Deps = ListenerVerificationDeps & HostsVerificationDeps;

/** What a provider host process holds for the run: one client, the resources' read caches, the verification state. */
function processDeps(api: TencentCloudApi): Deps {
    const now = Date.now;
    return {
        client: () => api,
        account: "",
        state: new VerificationState(now),
        now,
        enabled: () => true,
        expiryWarningDays: () => 30,
        readListener: listenerReader(new ListenerCoordinator({ client: () => api, now })),
        readZone: zoneReader(new ZoneReader(() => api, now, 60_000)),
    };
}

type Binding = { kind: "gaap"; refs: ListenerBindingReferences } | { kind: "teo"; refs: HostsBindingReferences };

function bindings(): Binding[] {
    const out: Binding[] = [];
    for (let i = 0; i < BINDINGS_PER_KIND; i++) {
        out.push({
            kind: "gaap",
            refs: { listenerId: LISTENERS[i % LISTENERS.length], domain: domainOf(i), certificateId: GAAP_CERTS[i % GAAP_CERTS.length] },
        });
        out.push({
            kind: "teo",
            refs: { zoneId: ZONE, hosts: [hostOf(i)], certificates: [{ property: "serverCertIds", ids: [SSL_CERTS[i % SSL_CERTS.length]], use: "server" }] },
        });
    }
    return out;
}

export interface PreviewCallsResult {
    scenario: string;
    checks: number;
    calls: Record<string, number>;
    totalCalls: number;
    /** ≤ this many calls: one per distinct account, listener, zone and certificate. */
    limit: number;
    failures: number;
    wallMs: number;
    firstCheckMs: number;
}

/** One check after another (the engine runs Check one resource at a time); `previous` = the stack's inputs. */
async function runChecks(emulator: Emulator, scenario: string, list: Binding[], unchanged: boolean, limit: number): Promise<PreviewCallsResult> {
    const config = {
        "tencentcloud:endpoint": emulator.url,
        "tencentcloud:secretId": DEMO_CREDENTIALS.secretId,
        "tencentcloud:secretKey": DEMO_CREDENTIALS.secretKey,
    };
    const settings = resolveSettings(configOf(config), {});
    const deps = processDeps(createClient(settings));
    const from = emulator.log.length;
    const started = Date.now();
    let firstCheckMs = 0;
    let failures = 0;
    for (const b of list) {
        const at = Date.now();
        const result =
            b.kind === "gaap"
                ? await verifyListenerBinding(deps, b.refs, unchanged ? b.refs : undefined)
                : await verifyHostsBinding(deps, b.refs, unchanged ? b.refs : undefined);
        failures += result.failures.length;
        firstCheckMs ||= Date.now() - at;
    }
    const wallMs = Date.now() - started;
    const calls: Record<string, number> = {};
    for (const e of emulator.log.slice(from)) calls[`${e.service}.${e.action}`] = (calls[`${e.service}.${e.action}`] ?? 0) + 1;
    const totalCalls = Object.values(calls).reduce((a, b) => a + b, 0);
    return { scenario, checks: list.length, calls, totalCalls, limit, failures, wallMs, firstCheckMs };
}

export async function previewCallScenarios(): Promise<PreviewCallsResult[]> {
    const emulator = await startEmulator({ seed: previewSeed() });
    try {
        const fresh = bindings();
        const created = await runChecks(
            emulator,
            `preview: ${fresh.length} new bindings, ${LISTENERS.length} listeners, 1 zone, ${GAAP_CERTS.length + SSL_CERTS.length} certificates`,
            fresh,
            false,
            1 + LISTENERS.length + 1 + GAAP_CERTS.length + SSL_CERTS.length,
        );
        const many = Array.from({ length: UNCHANGED }, (_, i) => fresh[i % fresh.length]);
        const same = await runChecks(emulator, `preview: ${UNCHANGED} unchanged bindings`, many, true, 0);
        return [created, same];
    } finally {
        await emulator.close();
    }
}

export function printPreviewCalls(results: PreviewCallsResult[]): boolean {
    let ok = true;
    for (const r of results) {
        const pass = r.totalCalls <= r.limit && r.failures === 0;
        ok &&= pass;
        const byAction =
            Object.entries(r.calls)
                .map(([action, n]) => `${action} ${n}`)
                .join(", ") || "none";
        console.log(`  ${r.scenario}: ${r.totalCalls} calls (target ≤ ${r.limit}) ${pass ? "ok" : "MISSED"}; failures ${r.failures}`);
        console.log(`    calls: ${byAction}`);
        console.log(
            `    wall time added: ${r.wallMs} ms for ${r.checks} checks (${(r.wallMs / r.checks).toFixed(1)} ms per check; the first ${r.firstCheckMs} ms)`,
        );
    }
    return ok;
}

if (require.main === module) {
    console.log("preview verification calls (emulator at Tencent's published rate limits, real client and read caches):");
    previewCallScenarios()
        .then((results) => process.exit(printPreviewCalls(results) ? 0 : 1))
        .catch((err) => {
            console.error(err);
            process.exit(1);
        });
}
