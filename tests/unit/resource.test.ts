/**
 * The resource wrapper (resources/common/resource.ts): the one layer between the host and a
 * resource — check from the field table (and the verify hook), diff once, the `profile` and
 * `region` inputs, nothing undefined handed to the host.
 */
import { strict as assert } from "node:assert";
import type { AccountScope, ResourceDeps } from "../../provider/resources/common/deps";
import { defaulted, optional, output, required } from "../../provider/resources/common/fields";
import { checkInputs, resourceProvider, SCOPE_FIELDS, scopeOf, withoutScope, type ResourceDefinition } from "../../provider/resources/common/resource";
import { UNKNOWN_VALUE } from "../../provider/resources/common/wire";
import { csrDefinition } from "../../provider/resources/csr/provider";
import { hostsCertificateBindingDefinition } from "../../provider/resources/hosts-certificate-binding/provider";
import { listenerCertificateBindingDefinition } from "../../provider/resources/listener-certificate-binding/provider";
import type { TencentCloudApi } from "../../provider/tencentcloud/types";

interface Recorded {
    scope: AccountScope;
    method: string;
    args: unknown[];
    client: TencentCloudApi;
}

const FIELDS = {
    value: required<string>({
        type: "string",
        doc: "a value",
        parse: (v, ctx) => (typeof v === "string" ? v : (ctx.fail("value must be a string"), undefined)),
    }),
    flag: defaulted<boolean>({ type: "boolean", doc: "a flag", default: true }),
    waitSeconds: optional<number>({ type: "number", doc: "a local setting", change: "local" }),
    ...SCOPE_FIELDS,
    remote: output<number>({ type: "number", doc: "what the remote side says" }),
};

type Ctx = { scope: AccountScope; client(): TencentCloudApi };

/** A resource over FIELDS that records each call with the scope and client of its context. */
function fakeResource(options: Partial<ResourceDefinition<ResourceDeps, Ctx>> = {}) {
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
    const record = (ctx: Ctx, method: string, ...args: unknown[]) => calls.push({ scope: ctx.scope, method, args, client: ctx.client() });
    const def: ResourceDefinition<ResourceDeps, Ctx> = {
        name: "FakeResource",
        fields: FIELDS,
        context: (scoped) => ({ scope: scoped.scope, client: scoped.client }),
        async create(ctx, inputs) {
            record(ctx, "create", inputs);
            return { id: "x1", outs: { ...inputs, remote: 1 } };
        },
        async read(ctx, id, props) {
            record(ctx, "read", props);
            return { id, props: { ...props, remote: 2 }, inputs: { value: props.value } };
        },
        async update(ctx, _id, olds, news, changed) {
            record(ctx, "update", olds, news, changed);
            return { ...news, remote: 3 };
        },
        async delete(ctx, _id, props) {
            record(ctx, "delete", props);
        },
        ...options,
    };
    return { calls, deps, def, provider: resourceProvider(def, deps) };
}

/** Where a value holds `undefined` (a key or a list item), as paths; [] when nowhere. */
function undefinedPaths(value: unknown, at = "inputs"): string[] {
    if (value === undefined) {
        return [at];
    }
    if (Array.isArray(value)) {
        return value.flatMap((item, i) => undefinedPaths(item, `${at}[${i}]`));
    }
    if (value !== null && typeof value === "object") {
        return Object.entries(value).flatMap(([key, item]) => undefinedPaths(item, `${at}.${key}`));
    }
    return [];
}

describe("resource wrapper: check", () => {
    it("checks profile and region like any field, fills defaults, and names every valid input on an unknown one", async () => {
        const { provider, def } = fakeResource();
        assert.deepEqual(await provider.check!({}, { value: "a", profile: "away", region: "ap-singapore" }), {
            inputs: { value: "a", flag: true, profile: "away", region: "ap-singapore" },
        });
        const bad = await provider.check!({}, { value: "a", profile: "ghost", region: "Singapore" });
        assert.deepEqual(
            bad.failures!.map((f) => f.property),
            ["profile", "region"],
        );
        assert.match(bad.failures![0].reason, /no \[ghost\] profile/);
        assert.match(bad.failures![1].reason, /not a region name; use one such as ap-guangzhou/);
        const malformed = checkInputs(def, { value: "a", profile: "bad name/x", region: 5 }).failures;
        assert.deepEqual(
            malformed.map((f) => f.property),
            ["profile", "region"],
        );
        assert.match(malformed[0].reason, /not a profile name/);
        assert.deepEqual(
            checkInputs(def, { value: "a", profile: UNKNOWN_VALUE, region: UNKNOWN_VALUE }).failures,
            [],
            "unknown in preview: checked once known",
        );
        const misspelled = checkInputs(def, { value: "a", regoin: "ap-singapore" }).failures;
        assert.deepEqual(misspelled, [{ property: "regoin", reason: "unknown input 'regoin'; FakeResource takes: value, flag, waitSeconds, profile, region" }]);
    });

    it("lists every input, profile and region included, for each resource's unknown-input failure", () => {
        for (const def of [csrDefinition, listenerCertificateBindingDefinition, hostsCertificateBindingDefinition] as ResourceDefinition<any, any>[]) {
            const failure = checkInputs(def, { nonsense: 1 }).failures.find((f) => f.property === "nonsense");
            assert.ok(failure, def.name);
            const listed = failure!.reason.replace(/^.*takes: /, "").split(", ");
            const expected = Object.keys(def.fields).filter((n) => !["output", "maybeOutput", "internal"].includes(def.fields[n].presence));
            assert.deepEqual(listed, expected, def.name);
            assert.ok(listed.includes("profile") && listed.includes("region"), failure!.reason);
        }
    });

    it("never hands the host an undefined, whatever the inputs (bad values included)", async () => {
        const cases: [ResourceDefinition<any, any>, Record<string, unknown>][] = [
            [csrDefinition, { domain: "www.example.com", encryptAlgo: "DSA" }],
            [csrDefinition, { encryptAlgo: UNKNOWN_VALUE, keyParameter: undefined, tags: { a: undefined }, remark: null }],
            [csrDefinition, { domain: 5, keyParameter: 2048, adoptCsrId: "x", tags: [1] }],
            [listenerCertificateBindingDefinition, { domain: "www.example.com", polyClientCertificateIds: [undefined, "cert-aaaa1111"] }],
            [listenerCertificateBindingDefinition, {}],
            [hostsCertificateBindingDefinition, { zoneId: "zone-x", hosts: ["a.example.com", undefined], serverCertIds: undefined, mode: "nope" }],
            [hostsCertificateBindingDefinition, { apiVersion: "2022-01-06", mode: "disable", certIds: [UNKNOWN_VALUE] }],
        ];
        for (const [def, news] of cases) {
            const { provider } = fakeResource({ ...def, context: () => ({}) as any } as any);
            const result = await provider.check!({}, news);
            assert.deepEqual(undefinedPaths(result.inputs), [], `${def.name} ${JSON.stringify(news)}`);
            assert.ok((result.failures ?? []).length > 0 || def === csrDefinition, `${def.name} ${JSON.stringify(news)} fails`);
        }
    });

    it("runs verify only once the table found nothing wrong, with the scope's context and the inputs without profile/region", async () => {
        const seen: unknown[][] = [];
        const { provider } = fakeResource({
            async verify(ctx, news, olds) {
                seen.push([ctx.scope, news, olds]);
                return news.value === "taken" ? [{ property: "value", reason: "value 'taken' is in use; choose another" }] : [];
            },
        });
        assert.equal((await provider.check!({}, { value: 7 })).failures!.length, 1);
        assert.deepEqual(seen, [], "no verify on bad inputs");
        const failed = await provider.check!({ value: "a", remote: 1, profile: "away" }, { value: "taken", profile: "away" });
        assert.deepEqual(failed.failures, [{ property: "value", reason: "value 'taken' is in use; choose another" }]);
        assert.deepEqual(seen, [[{ profile: "away" }, { value: "taken", flag: true }, { value: "a", remote: 1 }]]);
    });
});

describe("resource wrapper: profile and region", () => {
    it("runs each account/region on its own context and client, and stores the scope in outputs and read inputs", async () => {
        const { calls, provider } = fakeResource();
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
        const olds = { value: "a", flag: true, profile: "away", region: "ap-singapore", remote: 1 };
        const { calls, provider } = fakeResource();
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
        const binding = fakeResource({ changesExistingObject: true }).provider;
        assert.equal((await binding.diff!("x1", olds, { value: "a", profile: "other" })).deleteBeforeReplace, true);
        assert.deepEqual(await provider.diff!("x1", olds, { value: "a", profile: "away", region: "ap-hongkong" }), {
            changes: true,
            replaces: [],
            deleteBeforeReplace: false,
        });

        const moved = await provider.update!("x1", olds, { value: "a", profile: "away", region: "ap-hongkong" });
        assert.deepEqual(moved.outs, { value: "a", remote: 1, profile: "away", region: "ap-hongkong" }, "outputs from the old state, inputs from the new");
        const timeout = await provider.update!("x1", olds, { value: "a", waitSeconds: 30, profile: "away", region: "ap-singapore" });
        assert.deepEqual(timeout.outs, { value: "a", waitSeconds: 30, remote: 1, profile: "away", region: "ap-singapore" });
        assert.equal(calls.length, 0, "a change of local settings alone calls nothing");
        const edited = await provider.update!("x1", olds, { value: "b", profile: "away", region: "ap-hongkong" });
        assert.deepEqual(edited.outs, { value: "b", remote: 3, profile: "away", region: "ap-hongkong" });
        assert.deepEqual(calls[0].scope, { profile: "away", region: "ap-hongkong" }, "the update's calls go to the new region");
        assert.deepEqual(calls[0].args[2], ["value", "region"], "update gets the changed inputs");
    });

    it("update diffs once: the resource's diff side effects run at diff only", async () => {
        const noted: string[] = [];
        const { calls, provider } = fakeResource({ noteDiff: (_ctx, id) => noted.push(id) });
        const olds = { value: "a", flag: true, remote: 1 };
        await provider.diff!("x1", olds, { value: "b" });
        await provider.update!("x1", olds, { value: "b" });
        assert.deepEqual(noted, ["x1"]);
        assert.deepEqual(
            calls.map((c) => [c.method, c.args[2]]),
            [["update", ["value"]]],
        );
    });

    it("keeps the scope in the properties of a failure that leaves the resource in state", async () => {
        const { provider } = fakeResource({
            async create() {
                throw Object.assign(new Error("still deploying"), { id: "z1", properties: { value: "a", hostStatuses: [] } });
            },
        });
        await assert.rejects(provider.create({ value: "a", profile: "away" }), (err: any) => err.properties.profile === "away" && err.properties.value === "a");
    });

    it("reads the scope from stored properties only when it is a plain string", () => {
        assert.deepEqual(scopeOf({ profile: "p", region: "ap-x1" }), { profile: "p", region: "ap-x1" });
        assert.deepEqual(scopeOf({ profile: "", region: null }), {});
        assert.deepEqual(scopeOf(undefined), {});
        assert.deepEqual(withoutScope({ profile: "p", region: "r", value: 1 }), { value: 1 });
    });

    it("hands failures of check, diff, read and delete to onHostFailure, not those of create and update", async () => {
        const seen: unknown[] = [];
        const boom = async () => {
            throw new Error("boom");
        };
        const { deps, def } = fakeResource({ create: boom, read: boom, update: boom, delete: boom });
        const provider = resourceProvider(def, { ...deps, onHostFailure: (err) => seen.push(err), checkSettings: () => assert.fail("settings refused") });
        await assert.rejects(provider.check!({}, { value: "a" }), /settings refused/);
        await assert.rejects(provider.create({ value: "a" }), /boom/);
        await assert.rejects(provider.read!("x", { value: "a" }), /boom/);
        await assert.rejects(provider.update!("x", { value: "a" }, { value: "b" }), /boom/);
        await assert.rejects(provider.delete!("x", { value: "a" }), /boom/);
        assert.deepEqual(
            seen.map((e) => (e as Error).message),
            ["settings refused", "boom", "boom"],
        );
    });
});
