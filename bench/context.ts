/** What every scenario gets from bench/run.ts. */
import type { Emulator, RateLimitShape } from "../emulator";

export interface BenchContext {
    emulator: Emulator;
    credentials: { secretId: string; secretKey: string };
    /** Environment of the provider host: points the provider at the emulator. */
    env: Record<string, string>;
    /** Working directory of the provider host (a program directory, as with the Pulumi CLI). */
    programDir: string;
    /** The serialized `__provider` of each resource type, as the engine wrote it into state. */
    providers: { csr: string; gaap: string; teo: string };
    /** Resources per CSR scenario. */
    n: number;
    /** The CLI's default --parallel: 4 x CPUs. */
    parallel: number;
    /** The emulator limiter shapes the pacing scenarios (p32, stacks) run under. */
    shapes: readonly RateLimitShape[];
    /** The emulator's rate limits to restore after a setup step lifted them ({} = the defaults). */
    emulatorLimits: Record<string, number>;
    /** Records a provider host's peak RSS (KiB). */
    noteRss(kib: number | undefined): void;
}
