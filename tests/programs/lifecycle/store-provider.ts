/**
 * A small dynamic provider for the engine-driver tests. Its "remote" objects live in a JSON file
 * (path in the provider host's env ENGINE_TEST_STORE) together with a record of every call, so a
 * test can change objects out of band and assert which calls the real host made, and in what order
 * and concurrency. Everything here is serialized into state as `__provider`: it captures nothing
 * but code (no config values, no secrets).
 */
import * as pulumi from "@pulumi/pulumi";

export interface StoreCall {
    method: string;
    name?: string;
    id?: string;
    start: number;
    end?: number;
}

export interface StoreFile {
    objects: Record<string, Record<string, unknown>>;
    calls: StoreCall[];
    active: number;
    maxActive: number;
    nextId: number;
    configured?: { project?: string; tokenLength: number; hasPlainKey: boolean };
}

function mutateStore<T>(f: (s: StoreFile) => T): T {
    const fs = require("fs");
    const file = process.env.ENGINE_TEST_STORE;
    if (!file) throw new Error("ENGINE_TEST_STORE is not set for the provider host");
    const s: StoreFile = fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, "utf8")) : { objects: {}, calls: [], active: 0, maxActive: 0, nextId: 1 };
    const result = f(s);
    fs.writeFileSync(file, JSON.stringify(s, null, 2));
    return result;
}

/** Records the call; mutating calls also count towards concurrency and honour `delayMs`. */
async function recorded<T>(method: string, name: string | undefined, id: string | undefined, delayMs: number, body: () => T): Promise<T> {
    const mutating = method === "create" || method === "update" || method === "delete";
    const index = mutateStore((s) => {
        s.calls.push({ method, name, id, start: Date.now() });
        if (mutating) {
            s.active++;
            s.maxActive = Math.max(s.maxActive, s.active);
        }
        return s.calls.length - 1;
    });
    try {
        if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
        return body();
    } finally {
        mutateStore((s) => {
            if (mutating) s.active--;
            s.calls[index].end = Date.now();
        });
    }
}

function inputsOf(props: any): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const k of ["name", "value", "region", "token", "ref", "delayMs", "failOn", "warnOnDelete"]) {
        if (props[k] !== undefined) out[k] = props[k];
    }
    return out;
}

export const storeProvider: pulumi.dynamic.ResourceProvider = {
    async configure(req: pulumi.dynamic.ConfigureRequest) {
        mutateStore((s) => {
            s.configured = { tokenLength: (req.config.get("lifecycle:apiToken") ?? "").length, hasPlainKey: req.config.get("plainKey") !== undefined };
        });
    },
    async check(olds: any, news: any) {
        await recorded("check", news.name, undefined, 0, () => undefined);
        if (news.value === "invalid") {
            return { inputs: news, failures: [{ property: "value", reason: "must not be 'invalid'" }] };
        }
        return { inputs: news };
    },
    async diff(id: string, olds: any, news: any) {
        return recorded("diff", news.name, id, 0, () => {
            const replaces = (olds.region ?? "") !== (news.region ?? "") ? ["region"] : [];
            const changed = ["value", "token", "ref", "region", "failOn"].some((k) => JSON.stringify(olds[k]) !== JSON.stringify(news[k]));
            return { changes: changed, replaces, deleteBeforeReplace: news.providerDbr === true };
        });
    },
    async create(inputs: any) {
        return recorded("create", inputs.name, undefined, Number(inputs.delayMs ?? 0), () => {
            if (inputs.failOn === "create") throw new Error(`injected create failure for ${inputs.name}`);
            return mutateStore((s) => {
                const id = `obj-${s.nextId++}`;
                const outs = { ...inputsOf(inputs), serial: id.toUpperCase() };
                s.objects[id] = outs;
                return { id, outs };
            });
        });
    },
    async read(id: string, props: any) {
        return recorded("read", props.name, id, 0, () =>
            mutateStore((s) => {
                const obj = s.objects[id];
                if (!obj) return { id: "", props: {} };
                return { id, props: { ...obj }, inputs: inputsOf(obj) };
            }),
        );
    },
    async update(id: string, olds: any, news: any) {
        return recorded("update", news.name, id, Number(news.delayMs ?? 0), () => {
            if (news.failOn === "update") throw new Error(`injected update failure for ${news.name}`);
            const outs = mutateStore((s) => {
                const outs = { ...inputsOf(news), serial: olds.serial };
                s.objects[id] = outs;
                return outs;
            });
            if (news.failOn === "update-init") {
                // Applied, but the object did not come up healthy: the host packs id/properties/reasons
                // into ErrorResourceInitFailed (grpcResponseFromError).
                throw Object.assign(new Error(`${news.name} was updated but is not healthy`), {
                    id,
                    properties: outs,
                    reasons: [`${news.name}: health check failed after the update`],
                });
            }
            return { outs };
        });
    },
    async delete(id: string, props: any) {
        await recorded("delete", props.name, id, Number(props.delayMs ?? 0), () =>
            mutateStore((s) => {
                if (props.failOn === "delete") throw new Error(`injected delete failure for ${props.name}`);
                delete s.objects[id];
            }),
        );
        if (props.warnOnDelete) {
            // Logged through the package's own runtime logger (the engine's Log RPC inside the
            // provider host), right before the step returns: the driver must not drop it.
            require("pulumi-tencent-certs/bin/provider/runtime").getLogger().warn(props.warnOnDelete);
        }
    },
};

export interface ItemArgs {
    name: pulumi.Input<string>;
    value: pulumi.Input<string>;
    region?: pulumi.Input<string>;
    token?: pulumi.Input<string>;
    ref?: pulumi.Input<string>;
    delayMs?: pulumi.Input<number>;
    failOn?: pulumi.Input<string>;
    providerDbr?: pulumi.Input<boolean>;
    warnOnDelete?: pulumi.Input<string>;
}

export class Item extends pulumi.dynamic.Resource {
    declare readonly value: pulumi.Output<string>;
    declare readonly serial: pulumi.Output<string>;
    declare readonly token: pulumi.Output<string | undefined>;
    declare readonly ref: pulumi.Output<string | undefined>;

    constructor(name: string, args: ItemArgs, opts?: pulumi.CustomResourceOptions) {
        super(storeProvider, name, { serial: undefined, ...args }, opts);
    }

    /** An existing object, read by id (ResourceMonitor.ReadResource); never owned by this stack. */
    static get(name: string, id: pulumi.Input<pulumi.ID>, args?: Partial<ItemArgs>, opts?: pulumi.CustomResourceOptions): Item {
        // Output properties must be declared (as undefined) for the SDK to resolve them from the read.
        const outputs = { value: undefined, region: undefined, token: undefined, ref: undefined };
        return new Item(name, { name, ...outputs, ...args } as unknown as ItemArgs, { ...opts, id });
    }
}
