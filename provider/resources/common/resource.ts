/**
 * The one layer between the dynamic-provider host and a resource: from a resource's definition
 * (its field table and its create/read/update/delete) it builds the provider object runtime hands
 * the shim. It owns everything the three resources share:
 *
 * - check: the provider settings of the resource's account first (bad settings fail preview), then
 *   the field table (unknown names, required, validators, defaults), the resource's cross-field
 *   rules, and last its `verify` hook: the place for checks that need the API (it gets the
 *   account's context and the old and new inputs);
 * - diff from the table (plus the resource's extra rules), computed once; update gets the changed
 *   fields, and a change of local fields only (`region`, wait timeouts) makes no call at all;
 * - `profile`/`region` (below): one context per account/region, the two inputs stripped before
 *   the resource's code and stored in its outputs;
 * - nothing undefined ever reaches the host; failures of check/diff/read/delete pass
 *   `deps.onHostFailure` (runtime keeps the host from printing stack traces of expected ones).
 */
import type * as pulumi from "@pulumi/pulumi";
import type { TencentCloudApi } from "../../tencentcloud/types";
import { AccountScope, ResourceDeps, scopeKey } from "./deps";
import { ArgsOf, CheckContext, Checked, checkFields, diffFields, FieldChanges, FieldTable, onlyLocal, optional, pickInputs, pickOutputs } from "./fields";
import { describeValue, unlessAny } from "./validators";
import { CheckFailure, isUnknown, plain, Props, unwrapSecret, wireSafe } from "./wire";
import { REGION_NAME } from "../../tencentcloud/regions";

// ---- the `profile` and `region` inputs ------------------------------------------------------------
/*
 * Dynamic providers have no explicit provider instances, so a stack reaches a second account
 * through these inputs: the wrapper keeps one context per account/region (its own read caches,
 * locks and batchers, and the runtime's client for that scope), strips the two inputs before the
 * resource's own code sees its properties, and stores them in the outputs, where read and delete
 * find them again. State holds the profile name only, never credentials.
 *
 * - A change of `profile` replaces the resource: the object lives in another account.
 * - A change of `region` alone updates in place without any API call: SSL CSRs, GAAP listeners and
 *   TEO zones are global objects; the region only picks the access point (X-TC-Region) of later
 *   calls, so the object stays the same one.
 */

/** A profile name as the credentials file's `[section]` header spells it. */
const PROFILE_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

function parseProfile(value: unknown, ctx: CheckContext): string | undefined {
    const named = typeof value === "string" && PROFILE_NAME.test(value);
    const problem = named ? ctx.profileProblem?.(value as string) : undefined;
    return unlessAny(value as string, ctx, [
        [
            !named,
            `profile is ${describeValue(value)}, which is not a profile name; use the name of a [section] of ~/.tencentcloud/credentials (letters, digits, '.', '_', '-'; at most 64), or leave it unset for the stack's account`,
        ],
        [problem !== undefined, problem!],
    ]);
}

const parseRegion = (value: unknown, ctx: CheckContext) =>
    unlessAny(value as string, ctx, [
        [
            typeof value !== "string" || !REGION_NAME.test(value),
            `region is ${describeValue(value)}, which is not a region name; use one such as ap-guangzhou or ap-singapore, or leave it unset`,
        ],
    ]);

/** The two scope inputs, as every resource's field table ends. */
export const SCOPE_FIELDS = {
    profile: optional<string>({
        type: "string",
        doc: "A profile of `~/.tencentcloud/credentials` whose keys this resource uses (another account than the stack's); only the name is stored. Unset: the stack's credentials.",
        change: "replace",
        absentAs: "",
        parse: parseProfile,
    }),
    region: optional<string>({
        type: "string",
        doc: "Region sent with this resource's calls (X-TC-Region), e.g. `ap-singapore`; a change alone makes no API call.",
        change: "local",
        absentAs: "",
        parse: parseRegion,
    }),
};

/** The program-side `profile` and `region` inputs every resource's args have. */
export type AccountScopeArgs = ArgsOf<typeof SCOPE_FIELDS>;

/** The scope that stored properties name (plain strings only; anything else is the default). */
export function scopeOf(props: Props | undefined): AccountScope {
    const given = Object.keys(SCOPE_FIELDS).map((name) => [name, unwrapSecret(props?.[name])]);
    return Object.fromEntries(given.filter(([, value]) => typeof value === "string" && value !== "" && !isUnknown(value)));
}

/** The properties without `profile` and `region`, for the resource's own code. */
export function withoutScope(props: Props | undefined): Props {
    const { profile: _profile, region: _region, ...rest } = props ?? {};
    return rest;
}

/** `props` with the scope's fields set (absent ones omitted). */
const withScope = (props: Props, scope: AccountScope): Props => ({ ...withoutScope(props), ...scope });

// ---- the wrapper ---------------------------------------------------------------------------------

/** What a resource's context factory gets: the deps, with the client bound to one account/region. */
export type ScopedDeps<D extends ResourceDeps> = D & { client(): TencentCloudApi; scope: AccountScope };

export interface ResourceDefinition<D extends ResourceDeps, C> {
    /** The resource's name in messages ("CsrResource"). */
    name: string;
    fields: FieldTable;
    /** The resource changes an existing object (a binding): a new profile may reach the same object, so it is reverted first. */
    changesExistingObject?: boolean;
    /** Per account/region, built on first use: the scope's client, caches, locks. */
    context(deps: ScopedDeps<D>): C;
    /** Rules between fields (conflicts, requirements), after each field was checked; `raw`: the inputs as given. */
    rules?(inputs: Props, fail: (property: string, reason: string) => void, raw: Props): void;
    /**
     * Checks that need the API (for example that a certificate exists and covers the domain): runs
     * when the table and the rules found nothing wrong, with the scope's context, the checked new
     * inputs and the old ones (empty on create, or when `profile` moved the resource to another
     * account). Returns failures like the table's; only what changed against `olds` is verified.
     */
    verify?(ctx: C, news: Props, olds: Props): Promise<CheckFailure[]>;
    /** In-place changes the table cannot see (TEO: a deployment left unfinished). */
    extraChanges?(olds: Props, news: Props): string[];
    /** A replacement must delete the old object first. */
    deleteBeforeReplace?(olds: Props, news: Props): boolean;
    /** Side effects of a diff, no API call (CSR: ids in state; TEO: expiry warnings). */
    noteDiff?(ctx: C, id: string, olds: Props, news: Props): void;
    create(ctx: C, inputs: Props): Promise<{ id: string; outs: Props }>;
    read(ctx: C, id: string, props: Props): Promise<pulumi.dynamic.ReadResult>;
    /** `changed`: the inputs that differ (not only local ones). Returns the new outputs. */
    update(ctx: C, id: string, olds: Props, news: Props, changed: string[]): Promise<Props>;
    delete(ctx: C, id: string, props: Props): Promise<void>;
}

/** A failure carrying the properties to keep in state (a partially created resource) gets the scope into them. */
function scopedInitError(err: unknown, scope: AccountScope): unknown {
    const properties = (err as { properties?: unknown })?.properties;
    if (properties && typeof properties === "object") {
        Object.assign(properties, withScope(properties as Props, scope));
    }
    return err;
}

/** The provider object of a resource definition, one context per account/region. */
export function resourceProvider<D extends ResourceDeps, C>(def: ResourceDefinition<D, C>, deps: D): pulumi.dynamic.ResourceProvider {
    const contexts = new Map<string, C>();
    const contextFor = (scope: AccountScope): C => {
        const key = scopeKey(scope);
        if (!contexts.has(key)) {
            const fixed = { ...scope };
            contexts.set(key, def.context({ ...deps, scope: fixed, client: () => deps.client(fixed) }));
        }
        return contexts.get(key)!;
    };
    const hostFacing =
        <A extends unknown[], R>(fn: (...args: A) => Promise<R>) =>
        async (...args: A): Promise<R> => {
            try {
                return await fn(...args);
            } catch (err) {
                deps.onHostFailure?.(err);
                throw err;
            }
        };
    const changes = (olds: Props, news: Props): FieldChanges => {
        const found = diffFields(def.fields, olds, news);
        const extra = def.extraChanges?.(plain(olds), plain(news)) ?? [];
        return { changed: [...found.changed, ...extra], replaces: found.replaces };
    };
    return {
        check: hostFacing((olds: Props, news: Props) => check(def, deps, contextFor, olds ?? {}, news ?? {})),
        diff: hostFacing(async (id: string, olds: Props, news: Props) => {
            const scope = scopeOf(olds);
            def.noteDiff?.(contextFor(scope), id, withoutScope(plain(olds)), withoutScope(plain(news)));
            const { changed, replaces } = changes(olds, news);
            const reverted = replaces.includes("profile") && def.changesExistingObject === true;
            const deleteBeforeReplace = replaces.length > 0 && (reverted || def.deleteBeforeReplace?.(plain(olds), plain(news)) === true);
            return { changes: changed.length > 0, replaces, deleteBeforeReplace };
        }),
        async create(inputs: Props) {
            const scope = scopeOf(inputs);
            try {
                const result = await def.create(contextFor(scope), withoutScope(inputs));
                return { id: result.id, outs: wireSafe(withScope(result.outs, scope)) };
            } catch (err) {
                throw scopedInitError(err, scope);
            }
        },
        read: hostFacing(async (id: string, props: Props) => {
            const scope = scopeOf(props);
            const result = await def.read(contextFor(scope), id, withoutScope(props));
            if (!result.id) {
                return result;
            }
            const inputs = result.inputs ? { inputs: wireSafe(withScope(result.inputs, scope)) } : {};
            return { id: result.id, props: wireSafe(withScope(result.props ?? {}, scope)), ...inputs };
        }),
        async update(id: string, olds: Props, news: Props) {
            const scope = scopeOf(news);
            const { changed } = changes(olds, news);
            if (onlyLocal(def.fields, changed, plain(olds))) {
                // Only settings of the resource itself changed (region, wait timeouts): no API call.
                return { outs: wireSafe({ ...pickOutputs(def.fields, olds), ...pickInputs(def.fields, news) }) };
            }
            try {
                const outs = await def.update(contextFor(scope), id, withoutScope(olds), withoutScope(news), changed);
                return { outs: wireSafe(withScope(outs, scope)) };
            } catch (err) {
                throw scopedInitError(err, scope);
            }
        },
        delete: hostFacing((id: string, props: Props) => def.delete(contextFor(scopeOf(props)), id, withoutScope(props))),
    };
}

/** The table's check and the resource's rules: no settings, no API call (what preview reports about the inputs themselves). */
export function checkInputs<D extends ResourceDeps, C>(
    def: ResourceDefinition<D, C>,
    news: Props,
    profileProblem?: (profile: string) => string | undefined,
): Checked {
    const checked = checkFields(def.name, def.fields, news, profileProblem);
    def.rules?.(checked.inputs, (property, reason) => checked.failures.push({ property, reason }), plain(news));
    return checked;
}

/** check: the table and the rules, the settings of the resource's account, and last the resource's `verify`. */
async function check<D extends ResourceDeps, C>(
    def: ResourceDefinition<D, C>,
    deps: D,
    contextFor: (scope: AccountScope) => C,
    olds: Props,
    news: Props,
): Promise<pulumi.dynamic.CheckResult> {
    const { inputs, failures } = checkInputs(def, news, deps.profileProblem);
    const scope = scopeOf(inputs);
    // A malformed or unusable profile/region is reported by its field; one not known yet is checked once it is.
    if (!failures.some((f) => f.property === "profile" || f.property === "region") && !isUnknown(inputs.profile)) {
        deps.checkSettings?.(scope);
    }
    if (failures.length === 0 && def.verify) {
        // Old inputs of another account say nothing about what this one has: verify as new.
        const sameAccount = (scopeOf(olds).profile ?? "") === (scope.profile ?? "");
        failures.push(...(await def.verify(contextFor(scope), withoutScope(inputs), sameAccount ? withoutScope(plain(olds)) : {})));
    }
    const checked = wireSafe(inputs);
    return failures.length > 0 ? { inputs: checked, failures } : { inputs: checked };
}
