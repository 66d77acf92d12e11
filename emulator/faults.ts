/** Decides, deterministically from the configured seed, which fault (if any) a call gets. */
import { mulberry32 } from "./prng";
import type { EmulatedService, FaultConfig, FaultRule } from "./types";

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
