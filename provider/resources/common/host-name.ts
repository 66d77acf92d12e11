/** What a resource accepts as a host name, beyond DNS labels with an optional `*.` wildcard. */
export interface HostNameRules {
    /** Labels may contain `_` (EdgeOne accepts names like `_dmarc.example.com`). Default false. */
    allowUnderscore?: boolean;
    /** A dotted IPv4 address is accepted as is. Default false. */
    allowIpv4?: boolean;
    /** Longest accepted name. Default 253 (DNS). */
    maxLength?: number;
}

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/i;
const LABEL_WITH_UNDERSCORE = /^(?!-)[a-z0-9_-]{1,63}(?<!-)$/i;

/**
 * Why `host` is not a host name under `rules`, or undefined when it is: two or more labels of
 * letters, digits and '-' (not at either end), optionally after a leading `*.`, and a top-level
 * label that is not all digits. The answer completes a sentence about the host ("… has an
 * invalid label '-www' …"), so each resource can name its own field around it.
 */
export function hostNameProblem(host: string, rules: HostNameRules = {}): string | undefined {
    const maxLength = rules.maxLength ?? 253;
    if (host.length === 0) {
        return "must not be empty";
    }
    if (host.length > maxLength) {
        return `is ${host.length} characters long; at most ${maxLength} are allowed`;
    }
    if (rules.allowIpv4 && IPV4.test(host)) {
        return undefined;
    }
    if (/[:/\s]/.test(host)) {
        return "must be a bare host name, without scheme, port, path or spaces";
    }
    const labels = host.split(".");
    const wildcard = labels[0] === "*";
    const rest = wildcard ? labels.slice(1) : labels;
    if (rest.length < 2) {
        return "must have at least two labels (for example 'www.example.com' or '*.example.com')";
    }
    if (rest.some((label) => label.includes("*"))) {
        return "may use '*' only as the whole first label ('*.example.com')";
    }
    const label = rules.allowUnderscore ? LABEL_WITH_UNDERSCORE : LABEL;
    const bad = rest.find((l) => !label.test(l));
    if (bad !== undefined) {
        const allowed = rules.allowUnderscore ? "letters, digits, '_' and '-'" : "letters, digits and '-'";
        return bad.length === 0
            ? "has an empty label (two dots in a row, or a leading/trailing dot)"
            : `has an invalid label '${bad}': labels are 1-63 characters of ${allowed}, not starting or ending with '-'`;
    }
    if (/^\d+$/.test(rest[rest.length - 1])) {
        return `has an all-digit top-level label '${rest[rest.length - 1]}'`;
    }
    return undefined;
}
