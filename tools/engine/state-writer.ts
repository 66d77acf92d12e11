/**
 * Writes the stack's state after steps. Steps finish in bursts (a wide stack has hundreds), so the
 * writes are coalesced: the last snapshot is always written (`flush`), and at most PERSIST_DELAY_MS
 * of progress is lost if the driver process itself dies.
 */
import type { PendingOperation, StateResource } from "./types";

const PERSIST_DELAY_MS = 50;

export class StateWriter {
    private queued: [StateResource[], PendingOperation[]] | undefined;
    private timer: NodeJS.Timeout | undefined;
    private writeError: unknown;

    constructor(private readonly write: (current: StateResource[], pending: PendingOperation[]) => void) {}

    /** Queues this snapshot (replacing any queued one) and writes it within PERSIST_DELAY_MS. */
    persist(current: StateResource[], pending: PendingOperation[]): void {
        this.queued = [current, pending];
        this.timer ??= setTimeout(() => {
            try {
                this.flush();
            } catch {
                // kept in writeError; reported by the final flush
            }
        }, PERSIST_DELAY_MS);
    }

    /** Writes the queued snapshot now; throws the first write error of the run (this one or a timed one). */
    flush(): void {
        if (this.timer) clearTimeout(this.timer);
        this.timer = undefined;
        try {
            if (this.queued) this.write(...this.queued);
        } catch (err) {
            this.writeError ??= err;
        }
        this.queued = undefined;
        if (this.writeError) throw this.writeError;
    }
}
