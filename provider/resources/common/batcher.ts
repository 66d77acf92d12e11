/**
 * Coalesces calls that arrive close together in one provider process into batched API calls.
 *
 * Pulumi runs every dynamic resource of a stack in one host process and calls up to `--parallel`
 * of them at once; a destroy of 150 CSRs therefore arrives as many concurrent `delete` calls.
 * Each caller submits its key and gets back its own result or its own error.
 *
 * A batch closes once no key has arrived for `quietMs` (at the latest `maxWaitMs` after it
 * opened), or at once when it holds `maxBatchSize` keys. Waiting uses the injected clock.
 */
import type { ClockDeps } from "./deps";

export interface BatcherOptions<K, V> {
    /** A batch is sent when no key has arrived for `quietMs`, `maxWaitMs` after its first key, or once it holds `maxBatchSize` keys. */
    quietMs: number;
    maxWaitMs: number;
    maxBatchSize: number;
    /**
     * Results of a sent batch are held back while another batch is still collecting, at most this
     * long (ms; default 0): answering many callers at once can make the caller pause its next
     * submissions (the engine records each completion first), which would cut them into small batches.
     */
    holdMs?: number;
    /**
     * Runs one batch. Returns a result per key: a value, or an Error for that key alone. A key
     * missing from the map gets an error; a throw fails every key of the batch.
     */
    run(keys: K[]): Promise<Map<string, V | Error>>;
    /** Identity of a key (default `String(key)`); equal keys in one batch share one result. */
    keyOf?(key: K): string;
    clock: ClockDeps;
}

interface PendingBatch<K, V> {
    keys: Map<string, K>;
    waiters: Map<string, { resolve(value: V): void; reject(error: Error): void }[]>;
    openedAt: number;
    lastArrival: number;
    arrivals: number;
}

export class Batcher<K, V> {
    private pending: PendingBatch<K, V> | undefined;
    private readonly keyOf: (key: K) => string;
    private idleWaiters: (() => void)[] = [];

    /** Number of batches sent so far (for logs and tests). */
    batchesSent = 0;

    constructor(private readonly options: BatcherOptions<K, V>) {
        if (options.maxBatchSize < 1) {
            throw new RangeError("maxBatchSize must be at least 1");
        }
        this.keyOf = options.keyOf ?? ((key) => String(key));
    }

    submit(key: K): Promise<V> {
        return new Promise<V>((resolve, reject) => {
            const batch = this.pending ?? this.open();
            const id = this.keyOf(key);
            batch.keys.set(id, key);
            batch.waiters.set(id, [...(batch.waiters.get(id) ?? []), { resolve, reject }]);
            batch.lastArrival = this.options.clock.now();
            batch.arrivals++;
            if (batch.keys.size >= this.options.maxBatchSize) {
                this.flush(batch);
            }
        });
    }

    private open(): PendingBatch<K, V> {
        const now = this.options.clock.now();
        const batch: PendingBatch<K, V> = { keys: new Map(), waiters: new Map(), openedAt: now, lastArrival: now, arrivals: 0 };
        this.pending = batch;
        void this.closeWhenQuiet(batch);
        return batch;
    }

    /** Sleeps until the batch has been quiet for `quietMs` (or reached `maxWaitMs`), then sends it. */
    private async closeWhenQuiet(batch: PendingBatch<K, V>): Promise<void> {
        const { clock, quietMs, maxWaitMs } = this.options;
        for (;;) {
            const wait = Math.min(batch.lastArrival + quietMs, batch.openedAt + maxWaitMs) - clock.now();
            const arrivals = batch.arrivals;
            if (this.pending !== batch || wait <= 0) {
                break;
            }
            await clock.sleep(wait);
            // Nothing arrived during the whole wait: done (a test clock that never advances ends here too).
            if (batch.arrivals === arrivals) {
                break;
            }
        }
        this.flush(batch);
    }

    private flush(batch: PendingBatch<K, V>): void {
        if (this.pending !== batch) {
            return; // already sent because it filled up
        }
        this.pending = undefined;
        this.idleWaiters.splice(0).forEach((wake) => wake());
        this.batchesSent++;
        void this.send(batch);
    }

    private async send(batch: PendingBatch<K, V>): Promise<void> {
        const ids = [...batch.keys.keys()];
        let results: Map<string, V | Error>;
        try {
            results = await this.options.run(ids.map((id) => batch.keys.get(id)!));
        } catch (err) {
            const error = err instanceof Error ? err : new Error(String(err));
            results = new Map(ids.map((id) => [id, error]));
        }
        await this.idle();
        for (const id of ids) {
            const result = results.has(id) ? results.get(id) : new Error(`batched call returned no result for '${id}'`);
            batch.waiters.get(id)!.forEach((waiter) => (result instanceof Error ? waiter.reject(result) : waiter.resolve(result as V)));
        }
    }

    /** Resolves once no batch is collecting, or after `holdMs`. */
    private idle(): Promise<void> {
        const holdMs = this.options.holdMs ?? 0;
        if (!this.pending || holdMs <= 0) {
            return Promise.resolve();
        }
        return new Promise((resolve) => {
            this.idleWaiters.push(resolve);
            void this.options.clock.sleep(holdMs).then(resolve);
        });
    }
}
