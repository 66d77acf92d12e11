/**
 * The `profile` and `region` inputs every resource takes, handled once for all three.
 *
 * Dynamic providers have no explicit provider instances, so a stack reaches a second account
 * through these inputs: `scopedProvider` keeps one provider instance per account/region (its own
 * read caches, locks and batchers, and the runtime's client for that scope), strips the two inputs
 * before the resource's own code sees its properties, and stores them in the outputs, where read
 * and delete find them again. State holds the profile name only, never credentials.
 *
 * - A change of `profile` replaces the resource: the object lives in another account.
 * - A change of `region` alone updates in place without any API call: SSL CSRs, GAAP listeners and
 *   TEO zones are global objects; the region only picks the access point (X-TC-Region) of later
 *   calls, so the object stays the same one.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { AccountScope, ResourceDeps } from "./deps";
import { CheckFailure, isUnknown, Props, unwrapSecret } from "./wire";

export const SCOPE_INPUTS = ["profile", "region"] as const;

/** The program-side `profile` and `region` inputs every resource's args extend. */
export interface AccountScopeArgs {
    /**
     * A profile of the Tencent credentials file (~/.tencentcloud/credentials) whose keys this
     * resource uses, for a resource in another account than the stack's. Only the name is stored.
     * Changing it replaces the resource. Unset: the stack's credentials.
     */
    profile?: pulumi.Input<string>;
    /** Region sent with this resource's calls (X-TC-Region), e.g. `ap-singapore`. Changing it alone makes no API call. */
    region?: pulumi.Input<string>;
}

/** A profile name as the credentials file's `[section]` header spells it. */
export const PROFILE_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
/** Same rule as the tencentcloud:region setting. */
export const REGION_NAME = /^[a-z]{2,}(-[a-z0-9]+)+$/;

/** One key per account/region, "" for the default account and region. */
export function scopeKey(scope: AccountScope | undefined): string {
    return scope?.profile || scope?.region ? `${scope.profile ?? ""}|${scope.region ?? ""}` : "";
}

/** The scope that stored properties name (plain strings only; anything else is the default). */
export function scopeOf(props: Props | undefined): AccountScope {
    const scope: AccountScope = {};
    for (const name of SCOPE_INPUTS) {
        const value = unwrapSecret(props?.[name]);
        if (typeof value === "string" && value !== "" && !isUnknown(value)) {
            scope[name] = value;
        }
    }
    return scope;
}

/** The properties without `profile` and `region`, for the resource's own code. */
export function withoutScope(props: Props | undefined): Props {
    const rest: Props = { ...(props ?? {}) };
    for (const name of SCOPE_INPUTS) {
        delete rest[name];
    }
    return rest;
}

/** `props` with the scope's fields set (absent ones omitted). */
export function withScope<T extends object>(props: T, scope: AccountScope): T {
    const result: Props = withoutScope(props as Props);
    for (const name of SCOPE_INPUTS) {
        if (scope[name] !== undefined) {
            result[name] = scope[name];
        }
    }
    return result as T;
}

/** Failures of `profile` / `region` (format, then whether the credentials file can serve the profile). */
export function checkScope(news: Props, profileProblem?: (profile: string) => string | undefined): CheckFailure[] {
    const failures: CheckFailure[] = [];
    const profile = unwrapSecret(news.profile);
    const region = unwrapSecret(news.region);
    if (profile !== undefined && profile !== null && !isUnknown(profile)) {
        if (typeof profile !== "string" || !PROFILE_NAME.test(profile)) {
            failures.push({
                property: "profile",
                reason: `profile is ${JSON.stringify(profile)}, which is not a profile name; use the name of a [section] of ~/.tencentcloud/credentials (letters, digits, '.', '_', '-'; at most 64), or leave it unset for the stack's account`,
            });
        } else {
            const problem = profileProblem?.(profile);
            if (problem) {
                failures.push({ property: "profile", reason: problem });
            }
        }
    }
    if (region !== undefined && region !== null && !isUnknown(region) && (typeof region !== "string" || !REGION_NAME.test(region))) {
        failures.push({
            property: "region",
            reason: `region is ${JSON.stringify(region)}, which is not a region name; use one such as ap-guangzhou or ap-singapore, or leave it unset`,
        });
    }
    return failures;
}

/** The scope inputs as given (unknown placeholders kept), for check's resolved inputs. */
function givenScope(news: Props): Props {
    const given: Props = {};
    for (const name of SCOPE_INPUTS) {
        if (news[name] !== undefined && news[name] !== null && news[name] !== "") {
            given[name] = news[name];
        }
    }
    return given;
}

function scopeFieldChanged(olds: Props, news: Props, name: (typeof SCOPE_INPUTS)[number]): boolean {
    const next = unwrapSecret(news[name]);
    return isUnknown(next) || (scopeOf(olds)[name] ?? "") !== (scopeOf(news)[name] ?? "");
}

export interface ScopeOptions {
    /**
     * The resource changes an existing object (a binding) rather than creating one: a new profile
     * may reach the same object (a profile holding the same account's keys), where creating the
     * replacement first and then deleting (reverting) the old one would undo it. So a profile
     * change deletes first.
     */
    changesExistingObject?: boolean;
}

/** The resource's diff plus the scope: a new profile replaces, a new region alone updates in place. */
export function scopedDiff(inner: pulumi.dynamic.DiffResult, olds: Props, news: Props, options: ScopeOptions = {}): pulumi.dynamic.DiffResult {
    const profileChanged = scopeFieldChanged(olds, news, "profile");
    const regionChanged = scopeFieldChanged(olds, news, "region");
    const replaces = [...(inner.replaces ?? []), ...(profileChanged ? ["profile"] : [])];
    const deleteBeforeReplace = inner.deleteBeforeReplace === true || (profileChanged && options.changesExistingObject === true);
    return { ...inner, changes: inner.changes === true || profileChanged || regionChanged, replaces, deleteBeforeReplace };
}

/** A failure carrying the properties to keep in state (ResourceInitError) gets the scope into them. */
function scopedInitError(err: unknown, scope: AccountScope): unknown {
    const properties = (err as { properties?: unknown })?.properties;
    if (properties && typeof properties === "object") {
        Object.assign(properties, withScope(properties as Props, scope));
    }
    return err;
}

type Factory = (deps: ResourceDeps) => pulumi.dynamic.ResourceProvider;

/** One provider instance per account/region, built on first use with that scope's client. */
function instances(factory: Factory, deps: ResourceDeps): (scope: AccountScope) => pulumi.dynamic.ResourceProvider {
    const built = new Map<string, pulumi.dynamic.ResourceProvider>();
    return (scope) => {
        const key = scopeKey(scope);
        let provider = built.get(key);
        if (!provider) {
            const fixed = { ...scope };
            provider = factory({ ...deps, scope: fixed, client: () => deps.client(fixed) });
            built.set(key, provider);
        }
        return provider;
    };
}

/** Wraps a resource's provider factory with the `profile` and `region` inputs (see the file comment). */
export function scopedProvider(factory: Factory, deps: ResourceDeps, options: ScopeOptions = {}): pulumi.dynamic.ResourceProvider {
    const instanceFor = instances(factory, deps);
    return {
        async check(olds: Props, news: Props) {
            const scopeFailures = checkScope(news ?? {}, deps.profileProblem);
            const result = await instanceFor({}).check!(withoutScope(olds), withoutScope(news));
            const failures = [...scopeFailures, ...(result.failures ?? [])];
            const inputs = { ...result.inputs, ...givenScope(news ?? {}) };
            return failures.length > 0 ? { inputs, failures } : { inputs };
        },
        async diff(id: string, olds: Props, news: Props) {
            const inner = await instanceFor(scopeOf(olds)).diff!(id, withoutScope(olds), withoutScope(news));
            return scopedDiff(inner, olds ?? {}, news ?? {}, options);
        },
        async create(inputs: Props) {
            const scope = scopeOf(inputs);
            try {
                const result = await instanceFor(scope).create(withoutScope(inputs));
                return { ...result, outs: withScope(result.outs ?? {}, scope) };
            } catch (err) {
                throw scopedInitError(err, scope);
            }
        },
        async read(id: string, props: Props) {
            const scope = scopeOf(props);
            const result = await instanceFor(scope).read!(id, withoutScope(props));
            if (!result.id) {
                return result;
            }
            return {
                ...result,
                ...(result.props ? { props: withScope(result.props, scope) } : {}),
                ...(result.inputs ? { inputs: withScope(result.inputs, scope) } : {}),
            };
        },
        async update(id: string, olds: Props, news: Props) {
            const scope = scopeOf(news);
            const instance = instanceFor(scope);
            const inner = await instance.diff!(id, withoutScope(olds), withoutScope(news));
            if (inner.changes === false) {
                return { outs: withScope(withoutScope(olds), scope) }; // only the region changed: no API call
            }
            try {
                const result = await instance.update!(id, withoutScope(olds), withoutScope(news));
                return { ...result, outs: withScope(result.outs ?? {}, scope) };
            } catch (err) {
                throw scopedInitError(err, scope);
            }
        },
        async delete(id: string, props: Props) {
            await instanceFor(scopeOf(props)).delete!(id, withoutScope(props));
        },
    };
}
