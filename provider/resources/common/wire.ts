/**
 * Pulumi's wire format as a dynamic provider sees it (sdk/nodejs/runtime/rpc.ts): the placeholder
 * for values not known yet during a preview, secrets still wrapped, and the failure shape `check`
 * returns. Every resource reads its properties through these helpers.
 */
import type * as pulumi from "@pulumi/pulumi";

/** What `check` reports per bad input: the SDK's own type. */
export type CheckFailure = pulumi.dynamic.CheckFailure;

/** A property bag as the host hands it over. */
export type Props = Record<string, unknown>;

/** The string the engine sends for a value not known yet (preview); such a field is not validated. */
export const UNKNOWN_VALUE = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** The key under which the host passes the serialized provider with the inputs. */
export const PROVIDER_KEY = "__provider";

const SECRET_SIG_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIG_VALUE = "1b47061264138c4ac30d75fd1eb44270";

/** A preview placeholder for a value not known yet. */
export function isUnknown(value: unknown): boolean {
    return value === UNKNOWN_VALUE;
}

/** The plain value of a property the host may hand over still wrapped as a secret (lists and maps too). */
export function unwrapSecret(value: unknown): unknown {
    if (Array.isArray(value)) {
        return value.map(unwrapSecret);
    }
    if (value === null || typeof value !== "object") {
        return value;
    }
    if ((value as Props)[SECRET_SIG_KEY] === SECRET_SIG_VALUE) {
        return unwrapSecret((value as Props).value);
    }
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, unwrapSecret(item)]));
}

/** Plain (secret-unwrapped) copy of a property bag the host handed over; anything but an object (a list, a string...) holds no property. */
export function plain(props: Props | undefined): Props {
    const value = unwrapSecret(props ?? {});
    return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Props) : {};
}

/**
 * A copy without `undefined` anywhere (keys dropped, list items removed): the host cannot
 * serialize it ("Unexpected struct type"), so nothing handed to it may hold one.
 */
export function wireSafe<T>(value: T): T {
    if (Array.isArray(value)) {
        return value.filter((item) => item !== undefined).map(wireSafe) as T;
    }
    if (value === null || typeof value !== "object" || Object.getPrototypeOf(value) !== Object.prototype) {
        return value;
    }
    const result: Props = {};
    for (const [key, item] of Object.entries(value)) {
        if (item !== undefined) {
            result[key] = wireSafe(item);
        }
    }
    return result as T;
}
