/**
 * What an acceptance run works on, from the environment: the bundled emulator (default) or, with
 * TENCENTCLOUD_ACCEPTANCE=1, Tencent Cloud with the objects the user names (docs/acceptance.md).
 */
import * as os from "node:os";
import * as path from "node:path";

export const ACCEPTANCE_ENV = {
    /** `1`: run against Tencent Cloud (credentials: the provider's usual settings). */
    enabled: "TENCENTCLOUD_ACCEPTANCE",
    /** Folder for one fixture file per API action (set by `npm run test:acceptance -- --record DIR`). */
    record: "TENCENTCLOUD_ACCEPTANCE_RECORD",
    /** Folder for binding records and stack state of real-cloud runs (default ~/.pulumi-tencent-certs/acceptance). */
    stateDir: "TENCENTCLOUD_ACCEPTANCE_STATE_DIR",
    /** Domain of the CSRs the run creates (default acc-<runId>.example.com). */
    csrDomain: "TENCENTCLOUD_ACCEPTANCE_CSR_DOMAIN",
    gaapListenerId: "TENCENTCLOUD_ACCEPTANCE_GAAP_LISTENER_ID",
    gaapDomain: "TENCENTCLOUD_ACCEPTANCE_GAAP_DOMAIN",
    gaapCertificateId: "TENCENTCLOUD_ACCEPTANCE_GAAP_CERTIFICATE_ID",
    teoZoneId: "TENCENTCLOUD_ACCEPTANCE_TEO_ZONE_ID",
    teoHost: "TENCENTCLOUD_ACCEPTANCE_TEO_HOST",
    teoCertificateId: "TENCENTCLOUD_ACCEPTANCE_TEO_CERTIFICATE_ID",
} as const;

export type AcceptanceMode = "emulator" | "cloud";

/** A domain of a GAAP HTTPS listener and a server certificate that covers it. */
export interface GaapTarget {
    listenerId: string;
    domain: string;
    certificateId: string;
}

/** An EdgeOne acceleration domain and an SSL certificate that covers it. */
export interface TeoTarget {
    zoneId: string;
    host: string;
    certificateId: string;
}

/** A target's ids, or the variables that would name them. */
export type Availability<T> = { ok: true; value: T } | { ok: false; missing: string[] };

export interface AcceptanceTargets {
    gaap: Availability<GaapTarget>;
    /** HostsCertificateBinding on API 2022-09-01. */
    teo: Availability<TeoTarget>;
    /** HostsCertificateBinding on API 2022-01-06. */
    teoV1: Availability<TeoTarget>;
}

/** Objects of the emulator's DEFAULT_SEED (emulator/README.md "Seed"); the two TEO hosts start on different settings. */
export const EMULATOR_TARGETS: { gaap: GaapTarget; teo: TeoTarget; teoV1: TeoTarget } = {
    gaap: { listenerId: "listener-emu00001", domain: "www.example.com", certificateId: "cert-emuwww01" },
    teo: { zoneId: "zone-emu0example", host: "static.example.com", certificateId: "teo-cert-wild" },
    teoV1: { zoneId: "zone-emu0example", host: "api.example.com", certificateId: "teo-cert-wild" },
};

type Environment = Record<string, string | undefined>;

export function acceptanceMode(env: Environment = process.env): AcceptanceMode {
    return env[ACCEPTANCE_ENV.enabled] === "1" ? "cloud" : "emulator";
}

function fromEnv<K extends string>(env: Environment, names: Record<K, string>): Availability<Record<K, string>> {
    const value = {} as Record<K, string>;
    const missing: string[] = [];
    for (const [key, name] of Object.entries(names) as [K, string][]) {
        const v = env[name]?.trim();
        if (v) value[key] = v;
        else missing.push(name);
    }
    return missing.length === 0 ? { ok: true, value } : { ok: false, missing };
}

/** The objects each binding lifecycle changes: the emulator's seed, or the user's (env) in cloud mode. */
export function acceptanceTargets(env: Environment = process.env): AcceptanceTargets {
    if (acceptanceMode(env) === "emulator") {
        return {
            gaap: { ok: true, value: EMULATOR_TARGETS.gaap },
            teo: { ok: true, value: EMULATOR_TARGETS.teo },
            teoV1: { ok: true, value: EMULATOR_TARGETS.teoV1 },
        };
    }
    const gaap = fromEnv(env, {
        listenerId: ACCEPTANCE_ENV.gaapListenerId,
        domain: ACCEPTANCE_ENV.gaapDomain,
        certificateId: ACCEPTANCE_ENV.gaapCertificateId,
    });
    const teo = fromEnv(env, { zoneId: ACCEPTANCE_ENV.teoZoneId, host: ACCEPTANCE_ENV.teoHost, certificateId: ACCEPTANCE_ENV.teoCertificateId });
    return { gaap, teo, teoV1: teo };
}

/** Where binding records (and, in cloud mode, the stacks' state) are kept between runs. */
export function acceptanceStateDir(env: Environment = process.env): string {
    return env[ACCEPTANCE_ENV.stateDir]?.trim() || path.join(os.homedir(), ".pulumi-tencent-certs", "acceptance");
}

/** The CSR domain of a run. */
export function csrDomainFor(runId: string, env: Environment = process.env): string {
    return env[ACCEPTANCE_ENV.csrDomain]?.trim() || `acc-${runId}.example.com`;
}
