/**
 * Property values as they travel over the Pulumi wire protocol (google.protobuf.Struct → JS):
 * secrets are objects `{[SIG_KEY]: SECRET_SIG, value}`, unknowns (preview) the UNKNOWN string.
 */

export const SIG_KEY = "4dabf18193072939515e22adb298388d";
export const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
export const PROVIDER_KEY = "__provider";

export type Props = Record<string, unknown>;

export function isSecret(v: unknown): v is { value: unknown } {
    return typeof v === "object" && v !== null && (v as any)[SIG_KEY] === SECRET_SIG && !("ciphertext" in (v as any));
}

export function makeSecret(value: unknown): Props {
    return { [SIG_KEY]: SECRET_SIG, value };
}

export function containsSecret(v: unknown): boolean {
    if (isSecret(v)) return true;
    if (Array.isArray(v)) return v.some(containsSecret);
    if (typeof v === "object" && v !== null) return Object.values(v).some(containsSecret);
    return false;
}

export function containsUnknown(v: unknown): boolean {
    if (v === UNKNOWN) return true;
    if (Array.isArray(v)) return v.some(containsUnknown);
    if (typeof v === "object" && v !== null) return Object.values(v).some(containsUnknown);
    return false;
}

/** Removes every secret wrapper (what the engine sends a provider that answered acceptSecrets=false). */
export function unwrapSecrets<T>(v: T): T {
    if (isSecret(v)) return unwrapSecrets(v.value) as T;
    if (Array.isArray(v)) return v.map(unwrapSecrets) as T;
    if (typeof v === "object" && v !== null) {
        const out: Props = {};
        for (const [k, x] of Object.entries(v)) out[k] = unwrapSecrets(x);
        return out as T;
    }
    return v;
}

/**
 * Marks outputs secret again after a provider call that could not carry secrets: any output whose
 * input counterpart (same key path) held a secret, plus the top-level `additionalSecretOutputs`.
 * This is the engine's `annotateSecrets` (pkg/resource/deploy/source_eval.go).
 */
export function remarkSecrets(outputs: Props, secretSources: Props[], additionalSecretOutputs: string[] = []): Props {
    const result: Props = {};
    for (const [key, value] of Object.entries(outputs)) {
        const sources = secretSources.map((s) => s?.[key]).filter((s) => s !== undefined);
        if (additionalSecretOutputs.includes(key) || sources.some(isSecret)) {
            result[key] = isSecret(value) ? value : makeSecret(unwrapSecrets(value));
        } else {
            result[key] = remarkNested(value, sources);
        }
    }
    return result;
}

function remarkNested(value: unknown, sources: unknown[]): unknown {
    if (isSecret(value) || typeof value !== "object" || value === null) return value;
    const objectSources = sources.filter((s) => typeof s === "object" && s !== null && containsSecret(s)) as Props[];
    if (objectSources.length === 0) return value;
    if (Array.isArray(value)) {
        return value.map((x, i) => {
            const src = objectSources.map((s) => (Array.isArray(s) ? s[i] : undefined)).filter((s) => s !== undefined);
            return src.some(isSecret) ? makeSecret(unwrapSecrets(x)) : remarkNested(x, src);
        });
    }
    return remarkSecrets(value as Props, objectSources);
}

export function deepEqual(a: unknown, b: unknown): boolean {
    if (a === b) return true;
    if (typeof a !== typeof b || a === null || b === null || typeof a !== "object") return false;
    if (Array.isArray(a) !== Array.isArray(b)) return false;
    if (Array.isArray(a)) {
        const bb = b as unknown[];
        return a.length === bb.length && a.every((x, i) => deepEqual(x, bb[i]));
    }
    const ka = Object.keys(a as Props).filter((k) => (a as Props)[k] !== undefined);
    const kb = Object.keys(b as Props).filter((k) => (b as Props)[k] !== undefined);
    return ka.length === kb.length && ka.every((k) => deepEqual((a as Props)[k], (b as Props)[k]));
}

/**
 * Top-level keys that differ between two property maps, in Pulumi's display form:
 * `~key` changed, `+key` added, `-key` removed. Secret wrappers are compared by their values.
 */
export function changedKeys(olds: Props | undefined, news: Props | undefined): string[] {
    const a = unwrapSecrets(olds ?? {});
    const b = unwrapSecrets(news ?? {});
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    const out: string[] = [];
    for (const k of [...keys].sort()) {
        const inA = a[k] !== undefined;
        const inB = b[k] !== undefined;
        if (inA && !inB) out.push(`-${k}`);
        else if (!inA && inB) out.push(`+${k}`);
        else if (inA && inB && !deepEqual(a[k], b[k])) out.push(`~${k}`);
    }
    return out;
}

/** Renders a value for the printed output: secrets as [secret], unknowns as output<string>. */
export function displayValue(v: unknown): string {
    return JSON.stringify(maskForDisplay(v)) ?? "undefined";
}

function maskForDisplay(v: unknown): unknown {
    if (isSecret(v) || (typeof v === "object" && v !== null && (v as any)[SIG_KEY] === SECRET_SIG)) return "[secret]";
    if (v === UNKNOWN) return "output<string>";
    if (Array.isArray(v)) return v.map(maskForDisplay);
    if (typeof v === "object" && v !== null) {
        const out: Props = {};
        for (const [k, x] of Object.entries(v)) out[k] = maskForDisplay(x);
        return out;
    }
    return v;
}
