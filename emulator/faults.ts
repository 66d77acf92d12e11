/** Decides, deterministically from the configured seed, which fault (if any) a call gets, and carries it out. */
import { ApiError } from "./errors";
import { mulberry32 } from "./prng";
import { LISTENER_HAS_TASK } from "./services/gaap";
import { TEO_BUSY_V1, TEO_BUSY_V2 } from "./services/teo";
import type { EmulatedService, FaultConfig, FaultRule } from "./types";

/** The answer is lost: the connection is reset, or a gateway error page is sent instead. */
export class LostResponse extends Error {
    constructor(readonly how: "reset" | "http500" | "http502" | "http503") {
        super(how);
    }
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** The "busy" fault's code: what each service answers while the object has another operation running. */
function busyCode(service: EmulatedService, version: string): string {
    if (service === "gaap") return LISTENER_HAS_TASK;
    if (service === "teo") return version === "2022-01-06" ? TEO_BUSY_V1 : TEO_BUSY_V2;
    return "FailedOperation.NetworkError";
}

/**
 * Carries out a fault before the action runs: throws what the call answers instead (a LostResponse
 * or an API error), or waits ("delay"). "actThenFail" acts later, after the action (the server).
 */
export async function injectFault(fault: FaultRule, service: EmulatedService, version: string): Promise<void> {
    switch (fault.kind) {
        case "http500":
        case "http502":
        case "http503":
        case "reset":
            throw new LostResponse(fault.kind);
        case "delay":
            await sleep(fault.delayMs ?? 1000);
            return;
        case "internalError":
            throw new ApiError(fault.code ?? "InternalError", "An internal error has occurred. Retry your request (injected fault).");
        case "throttle":
            throw new ApiError(fault.code ?? "RequestLimitExceeded", "The request frequency exceeds the limit (injected fault).");
        case "busy":
            throw new ApiError(fault.code ?? busyCode(service, version), "The resource is busy with another operation (injected fault).");
        case "actThenFail":
            return;
    }
}

export class FaultInjector {
    private random: () => number = () => 1;
    private rules: FaultRule[] = [];
    private used: number[] = [];

    constructor(config: FaultConfig | null | undefined) {
        this.configure(config);
    }

    configure(config: FaultConfig | null | undefined): void {
        this.rules = config ? config.rules.map((r) => ({ ...r })) : [];
        this.used = this.rules.map(() => 0);
        this.random = mulberry32(config ? config.seed : 0);
    }

    /** The first matching rule whose draw hits. One draw per matching rule keeps sequences reproducible. */
    pick(service: EmulatedService, action: string, secretId?: string): FaultRule | undefined {
        for (let i = 0; i < this.rules.length; i++) {
            const rule = this.rules[i];
            if (rule.service !== undefined && rule.service !== service) continue;
            if (rule.action !== undefined && rule.action !== action) continue;
            if (rule.secretId !== undefined && rule.secretId !== secretId) continue;
            if (rule.count !== undefined && this.used[i] >= rule.count) continue;
            if (this.random() < rule.probability) {
                this.used[i] += 1;
                return rule;
            }
        }
        return undefined;
    }
}
