/**
 * Coalesces calls that arrive close together in one provider process into batched API calls.
 *
 * Pulumi runs every dynamic resource of a stack in one host process and calls up to `--parallel`
 * of them at once; a destroy of 150 CSRs therefore arrives as many concurrent `delete` calls.
 * Each caller submits its key and gets back its own result or its own error.
 */
export interface BatcherOptions<K, V> {
    /** How long to keep collecting after the first key of a batch arrives, in milliseconds. */
    windowMs: number;
    /** Largest batch the API accepts; a full batch is sent at once. */
    maxBatchSize: number;
    /**
     * Runs one batch. Returns a result per key: a value, or an Error for that key alone. A key
     * missing from the map gets an error; a throw fails every key of the batch.
     */
    run(keys: K[]): Promise<Map<string, V | Error>>;
    /** Identity of a key (default `String(key)`); equal keys in one window share one result. */
    keyOf?(key: K): string;
    /** Waits `ms` (injectable for tests). */
    setTimer?(fn: () => void, ms: number): void;
}

interface Waiter<V> {
    resolve(value: V): void;
    reject(error: Error): void;
}

interface PendingBatch<K, V> {
    keys: Map<string, K>;
    waiters: Map<string, Waiter<V>[]>;
}

export class Batcher<K, V> {
    private pending: PendingBatch<K, V> | undefined;
    private readonly keyOf: (key: K) => string;
    private readonly setTimer: (fn: () => void, ms: number) => void;

    /** Number of batches sent so far (for logs and tests). */
    batchesSent = 0;

    constructor(private readonly options: BatcherOptions<K, V>) {
        if (options.maxBatchSize < 1) {
            throw new RangeError("maxBatchSize must be at least 1");
        }
        this.keyOf = options.keyOf ?? ((key) => String(key));
        this.setTimer = options.setTimer ?? ((fn, ms) => void setTimeout(fn, ms));
    }

    submit(key: K): Promise<V> {
        return new Promise<V>((resolve, reject) => {
            let batch = this.pending;
            if (!batch) {
                batch = { keys: new Map(), waiters: new Map() };
                this.pending = batch;
                const started = batch;
                this.setTimer(() => this.flush(started), this.options.windowMs);
            }
            const id = this.keyOf(key);
            batch.keys.set(id, key);
            const waiters = batch.waiters.get(id) ?? [];
            waiters.push({ resolve, reject });
            batch.waiters.set(id, waiters);
            if (batch.keys.size >= this.options.maxBatchSize) {
                this.flush(batch);
            }
        });
    }

    private flush(batch: PendingBatch<K, V>): void {
        if (this.pending !== batch) {
            return; // already sent because it filled up
        }
        this.pending = undefined;
        this.batchesSent++;
        const ids = [...batch.keys.keys()];
        let outcome: Promise<Map<string, V | Error>>;
        try {
            outcome = this.options.run(ids.map((id) => batch.keys.get(id)!));
        } catch (err) {
            outcome = Promise.reject(err);
        }
        outcome.then(
            (results) => {
                for (const id of ids) {
                    const result = results.get(id);
                    const waiters = batch.waiters.get(id)!;
                    if (result instanceof Error) {
                        waiters.forEach((w) => w.reject(result));
                    } else if (result === undefined && !results.has(id)) {
                        const missing = new Error(`batched call returned no result for '${id}'`);
                        waiters.forEach((w) => w.reject(missing));
                    } else {
                        waiters.forEach((w) => w.resolve(result as V));
                    }
                }
            },
            (err: unknown) => {
                const error = err instanceof Error ? err : new Error(String(err));
                for (const waiters of batch.waiters.values()) {
                    waiters.forEach((w) => w.reject(error));
                }
            },
        );
    }
}
