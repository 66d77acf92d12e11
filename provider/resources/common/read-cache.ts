/**
 * The one time-limited read cache of the resources: remembers one value per key, and shares a
 * load in flight with everyone asking for that key meanwhile, so all resources of a stack
 * refreshed together cost one read per key. Used for CSR listings, GAAP listener reads and TEO
 * zone reads, one instance per provider process (or per provider object in tests).
 *
 * A value's age counts from when its load started. Failed loads are not remembered.
 * `invalidate` (after our own write) makes later callers load again and keeps a load that started
 * before it from being stored. Caches given one `generations` map see each other's invalidations:
 * the per-account/region contexts of a resource share one, so a write through one profile (say the
 * delete of a binding replaced into another profile of the same account) is not hidden from the
 * others by a read made just before it (preview verification's, in check).
 */
interface Entry<T> {
    promise: Promise<T>;
    startedAt: number;
    generation: number;
    /** Set once the load has succeeded. */
    loaded?: { value: T };
}

export class ReadCache<T> {
    private readonly entries = new Map<string, Entry<T>>();
    /** Loads started (read by tests). */
    loads = 0;

    /** `ttlMs`: how long a value serves when the caller names no shorter age; `generations`: shared with caches of the same objects. */
    constructor(
        private readonly ttlMs: number,
        private readonly now: () => number,
        private readonly generations = new Map<string, number>(),
    ) {}

    /**
     * A value whose load started at most `maxAgeMs` ago (default the TTL; 0: only a load in
     * flight is shared), from memory, a load in flight, or `load`.
     */
    get(key: string, load: () => Promise<T>, maxAgeMs = this.ttlMs): Promise<T> {
        const entry = this.current(key);
        if (entry && (!entry.loaded || this.fresh(entry, maxAgeMs))) {
            return entry.promise;
        }
        this.loads++;
        const generation = this.generation(key);
        const fresh: Entry<T> = { promise: Promise.resolve().then(load), startedAt: this.now(), generation };
        this.entries.set(key, fresh);
        fresh.promise.then(
            (value) => {
                fresh.loaded = { value };
                if (this.generation(key) !== generation && this.entries.get(key) === fresh) {
                    this.entries.delete(key);
                }
            },
            () => {
                if (this.entries.get(key) === fresh) {
                    this.entries.delete(key);
                }
            },
        );
        return fresh.promise;
    }

    /** A loaded value no older than `maxAgeMs`, without loading. */
    peek(key: string, maxAgeMs = this.ttlMs): T | undefined {
        const entry = this.current(key);
        return entry?.loaded && this.fresh(entry, maxAgeMs) ? entry.loaded.value : undefined;
    }

    /**
     * A value no older than `maxAgeMs` from memory, else `load`ed and stored, without sharing a
     * load in flight (for callers holding a lock that a shared load would wait for).
     */
    async refresh(key: string, load: () => Promise<T>, maxAgeMs = this.ttlMs): Promise<T> {
        const cached = this.peek(key, Math.min(maxAgeMs, this.ttlMs));
        if (cached) {
            return cached;
        }
        const fresh = await load();
        this.put(key, fresh);
        return fresh;
    }

    /** Stores a value just read by someone else (for example inside a change). */
    put(key: string, value: T): void {
        this.entries.set(key, { promise: Promise.resolve(value), startedAt: this.now(), generation: this.generation(key), loaded: { value } });
    }

    invalidate(key: string): void {
        this.generations.set(key, this.generation(key) + 1);
        this.entries.delete(key);
    }

    private current(key: string): Entry<T> | undefined {
        const entry = this.entries.get(key);
        return entry && entry.generation === this.generation(key) ? entry : undefined;
    }

    private fresh(entry: Entry<T>, maxAgeMs: number): boolean {
        return maxAgeMs > 0 && this.now() - entry.startedAt <= maxAgeMs;
    }

    private generation(key: string): number {
        return this.generations.get(key) ?? 0;
    }
}
