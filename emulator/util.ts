import { randomUUID } from "node:crypto";

export const newRequestId = (): string => randomUUID();

/** "YYYY-MM-DD HH:mm:ss" in China Standard Time (UTC+8), as the SSL API shows CreateTime. */
export function formatChinaTime(ms: number): string {
    return new Date(ms + 8 * 3600_000).toISOString().slice(0, 19).replace("T", " ");
}

/** ISO 8601 without milliseconds ("2025-01-01T00:00:00Z"), the datetime_iso shape. */
export function isoSeconds(ms: number): string {
    return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(".000Z", "Z");
}

/** Whether a certificate name (possibly "*.example.com") covers a host name. */
export function nameCovers(pattern: string, host: string): boolean {
    const p = pattern.toLowerCase();
    const h = host.toLowerCase();
    if (p === h) return true;
    if (p.startsWith("*.")) {
        const suffix = p.slice(1); // ".example.com"
        return h.endsWith(suffix) && !h.slice(0, -suffix.length).includes(".") && h.length > suffix.length;
    }
    return false;
}

/** Whether a certificate covering `domains` may serve `host` (an empty list means unchecked). */
export function certCovers(domains: readonly string[], host: string): boolean {
    return domains.length === 0 || domains.some((d) => nameCovers(d, host));
}

export const deepCopy = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;
