/**
 * Per-listener coordination for ListenerCertificateBinding, one instance per provider process.
 *
 * GAAP rejects a second task on a listener while one runs (FailedOperation.ListenerHasTask), and
 * Pulumi calls every binding of a stack concurrently in one process. So every call about one
 * listener goes through that listener's lock (a change holds it from ModifyCertificate until the
 * domain is running again), while different listeners proceed in parallel. Reads are shared: all
 * bindings of a listener refreshed together cost one DescribeRules (and one DescribeHTTPSListeners).
 */
import type { TencentCloudError } from "../../tencentcloud/errors";
import {
    describeHTTPSListeners,
    describeRules,
    modifyCertificate,
    type DomainRuleSet,
    type HTTPSListener,
    type ModifyCertificateRequest,
} from "../../tencentcloud/services/gaap";
import type { CallOptions, TencentCloudApi } from "../../tencentcloud/types";
import { ReadCache } from "../common/read-cache";
import type { ListenerView } from "../common/verify";
import { isListenerMissingError } from "./errors";

/** A FIFO mutex per key. Holders of different keys never wait for each other. */
export class KeyedLock {
    private readonly tails = new Map<string, Promise<void>>();
    private readonly queued = new Map<string, number>();

    /** How many callers hold or wait for `key` right now. */
    queueLength(key: string): number {
        return this.queued.get(key) ?? 0;
    }

    async run<T>(key: string, fn: () => Promise<T>): Promise<T> {
        const previous = this.tails.get(key) ?? Promise.resolve();
        let release!: () => void;
        const mine = new Promise<void>((resolve) => (release = resolve));
        const tail = previous.then(() => mine);
        this.tails.set(key, tail);
        this.queued.set(key, this.queueLength(key) + 1);
        try {
            await previous;
            return await fn();
        } finally {
            release();
            const left = this.queueLength(key) - 1;
            if (left === 0) {
                this.queued.delete(key);
            } else {
                this.queued.set(key, left);
            }
            if (this.tails.get(key) === tail) {
                this.tails.delete(key);
            }
        }
    }
}

// ---- the listener's remote state, read and changed one listener at a time ----------------------

/** What DescribeRules says about one listener's domains. */
export interface RulesSnapshot {
    /** False when the listener does not exist (any more). */
    listenerFound: boolean;
    /** By exact domain name. */
    domains: Map<string, DomainRuleSet>;
    /** RequestId of the DescribeRules call (for errors and logs). */
    requestId?: string;
}

/** What DescribeHTTPSListeners says about one listener. */
export interface ListenerSnapshot {
    /** Undefined when no HTTPS listener has that id. */
    listener?: HTTPSListener;
}

/** Calls about one listener made while holding its lock (see {@link ListenerCoordinator.exclusive}). */
export interface ListenerSession {
    readonly listenerId: string;
    /** The listener's attributes, from memory when no older than `maxAgeMs`. */
    listener(maxAgeMs?: number): Promise<ListenerSnapshot>;
    /** The listener's domains, from memory when no older than `maxAgeMs` (0: always call). */
    rules(maxAgeMs?: number): Promise<RulesSnapshot>;
    /** ModifyCertificate; forgets the remembered rules so later reads see the change. */
    modifyCertificate(request: ModifyCertificateRequest, options?: CallOptions): Promise<string>;
}

export interface ListenerCoordinatorOptions {
    client(): TencentCloudApi;
    now(): number;
    /** How long a DescribeRules answer serves reads (a whole refresh). Default 5000 ms. */
    rulesTtlMs?: number;
    /** How long a DescribeHTTPSListeners answer serves (listener attributes rarely change). Default 60000 ms. */
    listenerTtlMs?: number;
}

/**
 * Writes per listener id, shared by every coordinator of the process (one per account/region):
 * listener ids are global, and two profiles may reach the same account's listener.
 */
const LISTENER_WRITES = new Map<string, number>();

export class ListenerCoordinator {
    readonly lock = new KeyedLock();
    private readonly rulesCache: ReadCache<RulesSnapshot>;
    private readonly listenerCache: ReadCache<ListenerSnapshot>;

    constructor(private readonly options: ListenerCoordinatorOptions) {
        this.rulesCache = new ReadCache(options.rulesTtlMs ?? 5_000, options.now, LISTENER_WRITES);
        this.listenerCache = new ReadCache(options.listenerTtlMs ?? 60_000, options.now);
    }

    /** The listener's domains for a read: shared with every concurrent reader of that listener. */
    readRules(listenerId: string): Promise<RulesSnapshot> {
        return this.rulesCache.get(listenerId, () => this.lock.run(listenerId, async () => this.rulesCache.peek(listenerId) ?? this.fetchRules(listenerId)));
    }

    /**
     * The listener's domains for preview verification: shared like {@link readRules}, but without
     * waiting for the listener's lock. A change holds the lock until GAAP has applied it, and the
     * engine runs Check one resource at a time, so waiting would serialize `up` behind every change;
     * whether the listener and a domain exist does not depend on a change in progress. A change
     * starting within a second reuses this answer (RULES_REUSE_IN_CHANGE_MS), so `up` reads once.
     */
    async view(listenerId: string): Promise<ListenerView> {
        const rules = await this.rulesCache.get(listenerId, () => this.fetchRules(listenerId));
        return { found: rules.listenerFound, domains: [...rules.domains.keys()] };
    }

    /** The listener's attributes for a read: shared like {@link readRules}. */
    readListener(listenerId: string): Promise<ListenerSnapshot> {
        return this.listenerCache.get(listenerId, () =>
            this.lock.run(listenerId, async () => this.listenerCache.peek(listenerId) ?? this.fetchListener(listenerId)),
        );
    }

    /** Runs `fn` holding the listener's lock; the session's calls do not take the lock again. */
    exclusive<T>(listenerId: string, fn: (session: ListenerSession) => Promise<T>): Promise<T> {
        const session: ListenerSession = {
            listenerId,
            listener: (maxAgeMs) => this.listenerCache.refresh(listenerId, () => this.fetchListener(listenerId), maxAgeMs),
            rules: (maxAgeMs = 0) => this.rulesCache.refresh(listenerId, () => this.fetchRules(listenerId), maxAgeMs),
            modifyCertificate: async (request, callOptions) => {
                this.rulesCache.invalidate(listenerId);
                try {
                    const response = await modifyCertificate(this.options.client(), request, callOptions);
                    return response.RequestId;
                } finally {
                    this.rulesCache.invalidate(listenerId);
                }
            },
        };
        return this.lock.run(listenerId, () => fn(session));
    }

    private async fetchRules(listenerId: string): Promise<RulesSnapshot> {
        try {
            const response = await describeRules(this.options.client(), { ListenerId: listenerId });
            const domains = new Map<string, DomainRuleSet>();
            for (const rule of response.DomainRuleSet ?? []) {
                domains.set(rule.Domain, rule);
            }
            return { listenerFound: true, domains, requestId: response.RequestId };
        } catch (err) {
            if (isListenerMissingError(err)) {
                return { listenerFound: false, domains: new Map(), requestId: (err as TencentCloudError).requestId };
            }
            throw err;
        }
    }

    private async fetchListener(listenerId: string): Promise<ListenerSnapshot> {
        try {
            const response = await describeHTTPSListeners(this.options.client(), { ListenerId: listenerId });
            return { listener: (response.ListenerSet ?? []).find((l) => l.ListenerId === listenerId) };
        } catch (err) {
            if (isListenerMissingError(err)) {
                return {};
            }
            throw err;
        }
    }
}
