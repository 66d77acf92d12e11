/** The time formats of the certificate listings, as epoch milliseconds (docs/api-notes.md). */

const CHINA_TIME = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})$/;

/** ssl `CertEndTime` / `CertBeginTime`: "YYYY-MM-DD HH:mm:ss" in GMT+8; undefined when absent or unreadable. */
export function parseChinaTime(text: string | null | undefined): number | undefined {
    const match = typeof text === "string" ? CHINA_TIME.exec(text.trim()) : null;
    if (!match) {
        return undefined;
    }
    const ms = Date.parse(`${match[1]}T${match[2]}+08:00`);
    return Number.isFinite(ms) ? ms : undefined;
}

/** gaap `EndTime` / `BeginTime`: Unix seconds; undefined when absent or not a number. */
export function fromUnixSeconds(seconds: number | null | undefined): number | undefined {
    return typeof seconds === "number" && Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : undefined;
}

/** ISO 8601 without milliseconds, the way messages and expiry.ts show a time. */
export function isoTime(ms: number): string {
    return new Date(ms).toISOString().replace(".000Z", "Z");
}
