/**
 * The `profile` and `region` inputs every resource takes, declared once for all three.
 *
 * Dynamic providers have no explicit provider instances, so a stack reaches a second account
 * through these inputs: the resource wrapper (resource.ts) keeps one context per account/region
 * (its own read caches, locks and batchers, and the runtime's client for that scope), strips the
 * two inputs before the resource's own code sees its properties, and stores them in the outputs,
 * where read and delete find them again. State holds the profile name only, never credentials.
 *
 * - A change of `profile` replaces the resource: the object lives in another account.
 * - A change of `region` alone updates in place without any API call: SSL CSRs, GAAP listeners and
 *   TEO zones are global objects; the region only picks the access point (X-TC-Region) of later
 *   calls, so the object stays the same one.
 */
import type { AccountScope } from "./deps";
import { ArgsOf, CheckContext, optional } from "./fields";
import { isUnknown, Props, unwrapSecret } from "./wire";

/** A profile name as the credentials file's `[section]` header spells it. */
const PROFILE_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
/** Same rule as the tencentcloud:region setting. */
const REGION_NAME = /^[a-z]{2,}(-[a-z0-9]+)+$/;

function parseProfile(value: unknown, ctx: CheckContext): string | undefined {
    if (typeof value !== "string" || !PROFILE_NAME.test(value)) {
        ctx.fail(
            `profile is ${JSON.stringify(value)}, which is not a profile name; use the name of a [section] of ~/.tencentcloud/credentials (letters, digits, '.', '_', '-'; at most 64), or leave it unset for the stack's account`,
        );
        return undefined;
    }
    const problem = ctx.profileProblem?.(value);
    if (problem) {
        ctx.fail(problem);
    }
    return value;
}

function parseRegion(value: unknown, ctx: CheckContext): string | undefined {
    if (typeof value !== "string" || !REGION_NAME.test(value)) {
        ctx.fail(`region is ${JSON.stringify(value)}, which is not a region name; use one such as ap-guangzhou or ap-singapore, or leave it unset`);
        return undefined;
    }
    return value;
}

/** The two scope inputs, as every resource's field table ends. */
export const SCOPE_FIELDS = {
    profile: optional<string>({
        type: "string",
        doc: "A profile of ~/.tencentcloud/credentials whose keys this resource uses (another account than the stack's); only the name is stored. Unset: the stack's credentials.",
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

const SCOPE_INPUTS = Object.keys(SCOPE_FIELDS) as (keyof typeof SCOPE_FIELDS)[];

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
export function withScope(props: Props, scope: AccountScope): Props {
    return { ...withoutScope(props), ...scope };
}
