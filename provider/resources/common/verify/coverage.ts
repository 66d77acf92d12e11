/**
 * Whether a certificate name covers a host name, as TLS clients match them (RFC 6125 §6.4.3 as
 * browsers apply it): case-insensitive, a trailing dot ignored, and `*` only as the whole
 * left-most label, standing for exactly one non-empty label. `*.example.com` covers
 * `a.example.com`, not `a.b.example.com` nor `example.com`.
 */

const normalize = (name: string): string => name.trim().toLowerCase().replace(/\.$/, "");

export function nameCovers(certificateName: string, host: string): boolean {
    const pattern = normalize(certificateName);
    const target = normalize(host);
    if (pattern === "" || target === "") {
        return false;
    }
    if (pattern === target) {
        return true;
    }
    if (!pattern.startsWith("*.")) {
        return false;
    }
    const suffix = pattern.slice(1); // ".example.com"
    if (suffix.includes("*") || !target.endsWith(suffix)) {
        return false;
    }
    const label = target.slice(0, target.length - suffix.length);
    return label.length > 0 && !label.includes(".");
}
