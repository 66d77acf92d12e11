/**
 * Validators the field tables share (each returns the normalized value, or undefined after
 * `ctx.fail` with a reason that names the field, says what is allowed and how to fix it), and the
 * `waitTimeoutSeconds` field of the two bindings.
 */
import { CheckContext, defaulted } from "./fields";
import { isUnknown } from "./wire";

/**
 * Any value as text for a message, never throwing: JSON where it has one (BigInts as `10n`), else
 * what the value is (`Symbol(s)`, `[object Object]` for a cycle or an object without prototype).
 * Inputs reach check straight from a program (tests, `pulumi.dynamic` callers), not only as JSON.
 */
export function valueText(value: unknown): string {
    let text: string | undefined;
    try {
        text = typeof value === "bigint" ? `${value}n` : JSON.stringify(value, (_key, v: unknown) => (typeof v === "bigint" ? `${v}n` : v));
    } catch {
        text = undefined; // a cycle, or a toJSON that throws
    }
    if (text !== undefined) {
        return text;
    }
    if (typeof value === "symbol") {
        return value.toString();
    }
    return typeof value === "function" ? "a function" : value !== null && typeof value === "object" ? Object.prototype.toString.call(value) : String(value);
}

/** A value quoted for a message, cut at 40 characters. */
export function describeValue(value: unknown): string {
    const text = typeof value === "string" ? value : valueText(value);
    return JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text);
}

/** 'a', 'b' — or (none). */
export const quotedList = (items: readonly string[]): string => (items.length === 0 ? "(none)" : items.map((i) => `'${i}'`).join(", "));

export function kindOf(value: unknown): string {
    return value === null ? "null" : Array.isArray(value) ? "a list" : typeof value;
}

/** `value`, unless one of the rules holds: then undefined after failing with the first such rule's reason. */
export function unlessAny<T>(value: T, ctx: CheckContext, rules: readonly (readonly [boolean, string])[]): T | undefined {
    const broken = rules.find(([holds]) => holds);
    return broken ? (ctx.fail(broken[1]), undefined) : value;
}

/** A text input: a non-empty string without surrounding whitespace, then `more` (which may normalize it). */
export function text(more: (value: string, ctx: CheckContext) => string | undefined = (value) => value) {
    return (value: unknown, ctx: CheckContext): string | undefined => {
        const { name, doc } = ctx;
        if (typeof value !== "string") {
            ctx.fail(`${name} must be a string (${doc}), got ${kindOf(value)}`);
        } else if (value.trim() === "") {
            ctx.fail(`${name} must not be empty: ${doc}`);
        } else if (value !== value.trim()) {
            ctx.fail(`${name} ${describeValue(value)} has leading or trailing whitespace; remove it`);
        } else {
            return more(value, ctx);
        }
        return undefined;
    };
}

/** One of `allowed` (which may depend on inputs above it; `hint` then says on which, e.g. the API version). */
export function oneOf<T extends string>(allowed: readonly T[] | ((ctx: CheckContext) => readonly T[]), hint: (ctx: CheckContext) => string = () => "") {
    return (value: unknown, ctx: CheckContext): T | undefined => {
        const choices = typeof allowed === "function" ? allowed(ctx) : allowed;
        if (typeof value === "string" && choices.includes(value as T)) {
            return value as T;
        }
        ctx.fail(`${ctx.name} must be one of ${choices.map((c) => `"${c}"`).join(", ")}${hint(ctx)}; got ${describeValue(value)}`);
        return undefined;
    };
}

export interface IdRule {
    /** One item in messages: "SSL certificate id". */
    item: string;
    /** The format in words: "letters, digits, '.', '_', '-'". */
    format: string;
    example: string;
    test(id: string): boolean;
}

/** A list of ids: each a string `rule` accepts (placeholders of preview kept), none twice. */
export function idList(rule: IdRule) {
    return (value: unknown, ctx: CheckContext): string[] | undefined => {
        if (!Array.isArray(value)) {
            ctx.fail(`${ctx.name} must be a list of ${rule.item}s (for example ${rule.example}); got ${describeValue(value)}`);
            return undefined;
        }
        const ids: string[] = [];
        value.forEach((item, index) => {
            const id = typeof item === "string" ? item.trim() : item;
            if (isUnknown(id)) {
                ids.push(id as string);
            } else if (typeof id !== "string" || !rule.test(id)) {
                ctx.fail(`${ctx.name}[${index}] ${describeValue(item)} is not a ${rule.item} (${rule.format})`);
            } else if (ids.includes(id)) {
                ctx.fail(`${ctx.name} lists '${id}' twice`);
            } else {
                ids.push(id);
            }
        });
        return ids;
    };
}

const MAX_WAIT_TIMEOUT_SECONDS = 86_400;

/** How long create/update/delete of a binding wait for the remote side (a local setting: a change alone makes no call). */
export function waitTimeoutField(defaultSeconds: number, what: string) {
    return defaulted<number>({
        type: "number",
        doc: `How long create, update and delete wait for ${what}, in seconds (1–${MAX_WAIT_TIMEOUT_SECONDS}).`,
        default: defaultSeconds,
        change: "local",
        parse: (value, ctx) => {
            if (typeof value === "number" && Number.isInteger(value) && value >= 1 && value <= MAX_WAIT_TIMEOUT_SECONDS) {
                return value;
            }
            ctx.fail(
                `waitTimeoutSeconds must be a whole number of seconds from 1 to ${MAX_WAIT_TIMEOUT_SECONDS} (default ${defaultSeconds}); got ${describeValue(value)}`,
            );
            return undefined;
        },
    });
}
