/**
 * API requests the server has received and not finished: tests wait on `idle()` for the server to
 * have done what it was asked (a delayed request a killed client left behind, a request the client
 * gave up on) instead of sleeping for a guessed time.
 */
const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export class InFlightRequests {
    private count = 0;
    private waiters: (() => void)[] = [];

    get size(): number {
        return this.count;
    }

    /** Counts `work` (one request's handling) as in flight until it settles. */
    track(work: Promise<void>): Promise<void> {
        this.count += 1;
        return work.finally(() => {
            this.count -= 1;
            if (this.count === 0) {
                for (const wake of this.waiters.splice(0)) wake();
            }
        });
    }

    /**
     * Resolves when nothing is in flight. Before answering it lets the event loop turn twice, so a
     * request whose bytes have already reached the socket is parsed (and counted) first.
     */
    async idle(): Promise<void> {
        for (;;) {
            if (this.count > 0) await new Promise<void>((resolve) => this.waiters.push(resolve));
            await nextTurn();
            await nextTurn();
            if (this.count === 0) return;
        }
    }
}
