/**
 * Accounts: every credential belongs to one (its OwnerUin) and every object is owned by one. Calls
 * see only their account's objects; another account's object looks exactly like a missing one.
 */
import type { Owned } from "./types";

/** The account of a credential given without `ownerUin` (and of DEMO_CREDENTIALS). */
export const DEFAULT_OWNER_UIN = "100000000001";

/** Owner of an object; objects without OwnerUin (older state files) belong to the default account. */
export function ownerOf(obj: Owned, defaultOwnerUin: string): string {
    return obj.OwnerUin ?? defaultOwnerUin;
}

/** Whether `obj` exists and belongs to `ownerUin`. */
export function ownedBy<T extends Owned>(obj: T | undefined, ownerUin: string, defaultOwnerUin: string): obj is T {
    return obj !== undefined && ownerOf(obj, defaultOwnerUin) === ownerUin;
}
