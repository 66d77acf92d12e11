/**
 * Runs tests/programs/bench-provider (one resource of each type) with the engine driver, which
 * runs Pulumi's real program runner and dynamic-provider host, and reads from the state file what
 * Pulumi serialized as each type's `__provider`: its size is a target, and the bench sends exactly
 * these strings to the host in the other scenarios.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { startEmulator, DEMO_CREDENTIALS } from "../emulator";
import { runPulumi, PROVIDER_KEY } from "../tools/engine";
import { peakRssKiB } from "./host";

export interface ProviderSizes {
    /** `__provider` per resource type (by the program's resource names csr/gaap/teo). */
    providers: { csr: string; gaap: string; teo: string };
    /** Bytes (UTF-8) of each. */
    bytes: { csr: number; gaap: number; teo: number };
    /** Wall time of the `pulumi up` through the engine driver (program runner included). */
    upMs: number;
    /** Peak RSS of that run's provider host (KiB). */
    hostPeakRssKiB?: number;
}

const TYPE_NAMES = { csr: "CsrResource", gaap: "ListenerCertificateBinding", teo: "HostsCertificateBinding" } as const;
export { TYPE_NAMES };

export async function measureProviderSizes(programDir: string): Promise<ProviderSizes> {
    const emulator = await startEmulator({ rateLimits: false, teoDeployDelayMs: 100, gaapApplyDelayMs: 100 });
    const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-provider-"));
    let hostPid: number | undefined;
    let peak: number | undefined;
    const sampler = setInterval(() => {
        const rss = hostPid ? peakRssKiB(hostPid) : undefined;
        if (rss !== undefined) peak = Math.max(peak ?? 0, rss);
    }, 100);
    try {
        const r = await runPulumi({
            cwd: programDir,
            op: "up",
            stack: "bench",
            stateDir,
            env: {
                TENCENTCLOUD_ENDPOINT: emulator.url,
                TENCENTCLOUD_SECRET_ID: DEMO_CREDENTIALS.secretId,
                TENCENTCLOUD_SECRET_KEY: DEMO_CREDENTIALS.secretKey,
            },
            config: {
                "bench-provider:listenerId": "listener-emu00001",
                "bench-provider:domain": "www.example.com",
                "bench-provider:certificateId": "cert-emuwww01",
                "bench-provider:zoneId": "zone-emu0example",
                "bench-provider:host": "static.example.com",
            },
            onProviderHost: (pid) => (hostPid = pid),
        });
        if (r.exitCode !== 0) {
            throw new Error(`bench-provider up failed (exit ${r.exitCode}):\n${r.stdout}\n${r.stderr}`);
        }
        const byName = (name: keyof typeof TYPE_NAMES): string => {
            const res = r.state.deployment.resources.find((x) => x.urn.endsWith(`::${name}`));
            const provider = res?.outputs?.[PROVIDER_KEY];
            if (typeof provider !== "string") {
                throw new Error(`bench-provider: no serialized ${PROVIDER_KEY} for '${name}' in ${r.statePath}`);
            }
            return provider;
        };
        const providers = { csr: byName("csr"), gaap: byName("gaap"), teo: byName("teo") };
        const size = (s: string) => Buffer.byteLength(s, "utf8");
        return {
            providers,
            bytes: { csr: size(providers.csr), gaap: size(providers.gaap), teo: size(providers.teo) },
            upMs: r.durationMs,
            hostPeakRssKiB: peak,
        };
    } finally {
        clearInterval(sampler);
        await emulator.close();
        fs.rmSync(stateDir, { recursive: true, force: true });
    }
}
