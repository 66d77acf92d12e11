/** scopedProvider: the `profile` and `region` inputs every resource takes (resources/common/scope.ts). */
import { strict as assert } from "node:assert";
import type * as pulumi from "@pulumi/pulumi";
import type { AccountScope, ResourceDeps } from "../../provider/resources/common/deps";
import { checkScope, scopedDiff, scopedProvider, scopeOf, withoutScope } from "../../provider/resources/common/scope";
import { UNKNOWN_VALUE } from "../../provider/resources/common/wire";
import type { TencentCloudApi } from "../../provider/tencentcloud/types";

interface Recorded {
    scope?: AccountScope;
    method: string;
    args: unknown[];
    client?: TencentCloudApi;
}

/** A resource whose diff compares `value`, and which records each call with the scope and client of its instance. */
function fakeResource() {
    const calls: Recorded[] = [];
    const clients = new Map<string, TencentCloudApi>();
    const deps: ResourceDeps = {
        client: (scope) => {
            const key = JSON.stringify(scope ?? {});
            if (!clients.has(key)) {
                clients.set(key, { call: async () => ({ RequestId: key }) as any });
            }
            return clients.get(key)!;
        },
        log: { debug() {}, info() {}, warn() {}, error() {} },
        profileProblem: (profile) => (profile === "ghost" ? "no [ghost] profile in the credentials file; add one or fix the profile input" : undefined),
    };
    const factory = (d: ResourceDeps): pulumi.dynamic.ResourceProvider => {
        const record = (method: string, ...args: unknown[]) => calls.push({ scope: d.scope, method, args, client: d.client() });
        return {
            async check(_olds: any, news: any) {
                record("check", news);
                const unknownKeys = Object.keys(news).filter((k) => k !== "value");
                return unknownKeys.length
                    ? { inputs: news, failures: unknownKeys.map((k) => ({ property: k, reason: "unknown" })) }
                    : { inputs: { ...news, defaulted: true } };
            },
            async diff(_id: string, olds: any, news: any) {
                return { changes: olds.value !== news.value, replaces: [], deleteBeforeReplace: false };
            },
            async create(inputs: any) {
                record("create", inputs);
                return { id: "x1", outs: { ...inputs, remote: 1 } };
            },
            async read(id: string, props: any) {
                record("read", props);
                return { id, props: { ...props, remote: 2 }, inputs: { value: props.value } };
            },
            async update(_id: string, olds: any, news: any) {
                record("update", olds, news);
                return { outs: { ...news, remote: 3 } };
            },
            async delete(_id: string, props: any) {
                record("delete", props);
            },
        };
    };
    return { calls, deps, factory };
}

describe("scopedProvider: profile and region inputs", () => {
    it("checks profile and region before any call and hands the resource its properties without them", async () => {
        const { calls, deps, factory } = fakeResource();
        const provider = scopedProvider(factory, deps);
        const ok = await provider.check!({}, { value: "a", profile: "away", region: "ap-singapore" });
        assert.deepEqual(ok, { inputs: { value: "a", defaulted: true, profile: "away", region: "ap-singapore" } });
        assert.deepEqual(calls[0].args, [{ value: "a" }]);
        const bad = await provider.check!({}, { value: "a", profile: "ghost", region: "Singapore" });
        assert.deepEqual(
            bad.failures!.map((f) => f.property),
            ["profile", "region"],
        );
        assert.match(bad.failures![0].reason, /no \[ghost\] profile/);
        assert.match(bad.failures![1].reason, /not a region name; use one such as ap-guangzhou/);
        const malformed = checkScope({ profile: "bad name/x", region: 5 });
        assert.deepEqual(
            malformed.map((f) => f.property),
            ["profile", "region"],
        );
        assert.match(malformed[0].reason, /not a profile name/);
        assert.deepEqual(checkScope({ profile: UNKNOWN_VALUE, region: UNKNOWN_VALUE }), [], "unknown in preview: checked once known");
        assert.deepEqual(checkScope({}), []);
    });

    it("runs each account/region on its own instance and client, and stores the scope in outputs and read inputs", async () => {
        const { calls, deps, factory } = fakeResource();
        const provider = scopedProvider(factory, deps);
        const home = await provider.create({ value: "a" });
        const away = await provider.create({ value: "b", profile: "away", region: "ap-singapore" });
        assert.deepEqual(home.outs, { value: "a", remote: 1 });
        assert.deepEqual(away.outs, { value: "b", remote: 1, profile: "away", region: "ap-singapore" });
        assert.deepEqual(
            calls.map((c) => c.scope),
            [{}, { profile: "away", region: "ap-singapore" }],
        );
        assert.notEqual(calls[0].client, calls[1].client);
        assert.deepEqual(calls[1].args, [{ value: "b" }], "the resource never sees profile/region");
        const read = await provider.read!("x1", away.outs);
        assert.deepEqual(read.props, { value: "b", remote: 2, profile: "away", region: "ap-singapore" });
        assert.deepEqual(read.inputs, { value: "b", profile: "away", region: "ap-singapore" });
        await provider.delete!("x1", away.outs);
        assert.equal(calls[2].client, calls[1].client, "read uses the account of the stored outputs");
        assert.equal(calls[3].client, calls[1].client, "delete too");
    });

    it("replaces on a profile change (bindings delete first), updates a region change in place without calling the resource", async () => {
        const olds = { value: "a", profile: "away", region: "ap-singapore", remote: 1 };
        const { calls, deps, factory } = fakeResource();
        const provider = scopedProvider(factory, deps);
        assert.deepEqual(await provider.diff!("x1", olds, { value: "a", profile: "away", region: "ap-singapore" }), {
            changes: false,
            replaces: [],
            deleteBeforeReplace: false,
        });
        assert.deepEqual(await provider.diff!("x1", olds, { value: "a", profile: "other", region: "ap-singapore" }), {
            changes: true,
            replaces: ["profile"],
            deleteBeforeReplace: false,
        });
        assert.deepEqual(
            await provider.diff!("x1", olds, { value: "a" }),
            { changes: true, replaces: ["profile"], deleteBeforeReplace: false },
            "dropping the profile moves to the stack's account",
        );
        assert.deepEqual(await provider.diff!("x1", olds, { value: "a", profile: UNKNOWN_VALUE }), {
            changes: true,
            replaces: ["profile"],
            deleteBeforeReplace: false,
        });
        const binding = scopedProvider(factory, deps, { changesExistingObject: true });
        assert.equal((await binding.diff!("x1", olds, { value: "a", profile: "other" })).deleteBeforeReplace, true);
        assert.deepEqual(await provider.diff!("x1", olds, { value: "a", profile: "away", region: "ap-hongkong" }), {
            changes: true,
            replaces: [],
            deleteBeforeReplace: false,
        });
        assert.deepEqual(scopedDiff({ changes: true, replaces: ["domain"] }, olds, { ...olds, region: "ap-hongkong" }).replaces, ["domain"]);

        const moved = await provider.update!("x1", olds, { value: "a", profile: "away", region: "ap-hongkong" });
        assert.deepEqual(moved.outs, { value: "a", remote: 1, profile: "away", region: "ap-hongkong" });
        assert.equal(calls.length, 0, "a region change alone calls nothing");
        const edited = await provider.update!("x1", olds, { value: "b", profile: "away", region: "ap-hongkong" });
        assert.deepEqual(edited.outs, { value: "b", remote: 3, profile: "away", region: "ap-hongkong" });
        assert.deepEqual(calls[0].scope, { profile: "away", region: "ap-hongkong" }, "the update's calls go to the new region");
    });

    it("keeps the scope in the properties of a failure that leaves the resource in state", async () => {
        const { deps } = fakeResource();
        const failing = scopedProvider(
            () => ({
                async check(_o: any, n: any) {
                    return { inputs: n };
                },
                async create() {
                    throw Object.assign(new Error("still deploying"), { id: "z1", properties: { value: "a", hostStatuses: [] } });
                },
            }),
            deps,
        );
        await assert.rejects(failing.create({ value: "a", profile: "away" }), (err: any) => err.properties.profile === "away" && err.properties.value === "a");
    });

    it("reads the scope from stored properties only when it is a plain string", () => {
        assert.deepEqual(scopeOf({ profile: "p", region: "ap-x1" }), { profile: "p", region: "ap-x1" });
        assert.deepEqual(scopeOf({ profile: "", region: null }), {});
        assert.deepEqual(scopeOf(undefined), {});
        assert.deepEqual(withoutScope({ profile: "p", region: "r", value: 1 }), { value: 1 });
    });
});
