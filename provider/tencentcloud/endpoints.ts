/**
 * Where each service's requests go: a table of defaults and one lookup.
 *
 * Precedence: `endpoint` (one base URL for every service, e.g. the emulator) > `site` and
 * `domain` (host names built as `<service>[.intl].<domain>`) > the defaults, which are the hosts our
 * API documents name. Plain http is accepted only for loopback hosts; TLS verification is never
 * turned off.
 */
import { ConfigError } from "./errors";
import type { ServiceName, Site, SiteSetting } from "./types";

export const SERVICES: readonly ServiceName[] = ["ssl", "gaap", "teo"];
const DEFAULT_ROOT_DOMAIN = "tencentcloudapi.com";
const SITES: readonly Site[] = ["intl", "china"];

/** Per service, whether the default host is on the international site (`<service>.intl.<domain>`). */
const DEFAULT_SITE: Readonly<Record<ServiceName, Site>> = {
    ssl: "intl", // the CSR calls are documented on ssl.intl.tencentcloudapi.com
    gaap: "china",
    teo: "china",
};

export interface Endpoint {
    /** `https:` or (loopback only) `http:`. */
    readonly protocol: "https:" | "http:";
    /** The origin requests are sent to, e.g. `https://ssl.intl.tencentcloudapi.com`. */
    readonly origin: string;
    /** The Host header, signed and sent (`host` or `host:port`). */
    readonly host: string;
    /** The setting that chose this endpoint (`tencentcloud:endpoint`, TENCENTCLOUD_ENDPOINT, ...) or `the default host of <service>`, for messages. */
    readonly from: string;
    /** Set by `tencentcloud:endpoint` / TENCENTCLOUD_ENDPOINT rather than built from site and domain. */
    readonly explicit: boolean;
}

export type EndpointTable = Readonly<Record<ServiceName, Endpoint>>;

export interface EndpointOptions {
    site?: { value: string; from: string };
    domain?: { value: string; from: string };
    endpoint?: { value: string; from: string };
}

const HOSTNAME = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/;

/** 127.0.0.0/8, ::1 and localhost: the only hosts plain http may reach. */
export function isLoopbackHost(hostname: string): boolean {
    const host = hostname.toLowerCase().replace(/^\[|\]$/g, "");
    if (host === "localhost" || host.endsWith(".localhost") || host === "::1" || host === "0:0:0:0:0:0:0:1") {
        return true;
    }
    const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host);
    return !!v4 && Number(v4[1]) === 127 && v4.slice(1).every((octet) => Number(octet) <= 255);
}

/** Parses and checks a full base URL such as `http://127.0.0.1:9000`. */
export function parseEndpointUrl(value: string, from: string): Endpoint {
    let url: URL;
    try {
        url = new URL(value);
    } catch {
        throw new ConfigError(from, `${from} is not a valid URL; use a full base URL such as https://api.example.com or http://127.0.0.1:9000.`);
    }
    if (url.protocol !== "https:" && url.protocol !== "http:") {
        throw new ConfigError(from, `${from} uses ${url.protocol.replace(/:$/, "")}; only https (and http for loopback hosts) is supported.`);
    }
    if (url.protocol === "http:" && !isLoopbackHost(url.hostname)) {
        throw new ConfigError(
            from,
            `${from} uses plain http for ${url.hostname}, which is not a loopback host; requests carry signed credentials, so use https (plain http is allowed only for 127.0.0.0/8, ::1 and localhost, e.g. the local emulator).`,
        );
    }
    if (url.username || url.password) {
        throw new ConfigError(from, `${from} must not contain a user name or password.`);
    }
    if ((url.pathname !== "/" && url.pathname !== "") || url.search || url.hash) {
        throw new ConfigError(
            from,
            `${from} must be a base URL without path, query or fragment (requests are posted to '/'); use ${url.protocol}//${url.host}.`,
        );
    }
    return { protocol: url.protocol, origin: `${url.protocol}//${url.host}`, host: url.host, from, explicit: true };
}

/** The `site` setting, checked; undefined when not set. */
export function parseSite(site: { value: string; from: string } | undefined): SiteSetting | undefined {
    if (!site) {
        return undefined;
    }
    const value = site.value.toLowerCase();
    if (!(SITES as readonly string[]).includes(value)) {
        throw new ConfigError(
            site.from,
            `${site.from} is '${site.value}'; use 'intl' (international site, <service>.intl.<domain>) or 'china' (<service>.<domain>).`,
        );
    }
    return { value: value as Site, from: site.from };
}

function parseDomain(domain: { value: string; from: string } | undefined): string {
    if (!domain) {
        return DEFAULT_ROOT_DOMAIN;
    }
    const value = domain.value.toLowerCase().replace(/\.$/, "");
    if (!HOSTNAME.test(value)) {
        throw new ConfigError(
            domain.from,
            `${domain.from} must be a root domain name such as ${DEFAULT_ROOT_DOMAIN} (no scheme, port or path); for a full URL use tencentcloud:endpoint.`,
        );
    }
    return value;
}

function hostFor(service: ServiceName, site: Site, domain: string): string {
    return site === "intl" ? `${service}.intl.${domain}` : `${service}.${domain}`;
}

/** Resolves the endpoint of every service; throws {@link ConfigError} naming the setting at fault. */
export function resolveEndpoints(options: EndpointOptions = {}): EndpointTable {
    const site = parseSite(options.site)?.value;
    const domain = parseDomain(options.domain);
    if (options.endpoint) {
        const endpoint = parseEndpointUrl(options.endpoint.value, options.endpoint.from);
        return { ssl: endpoint, gaap: endpoint, teo: endpoint };
    }
    const table = {} as Record<ServiceName, Endpoint>;
    const chosenBy = [options.site?.from, options.domain?.from].filter((f): f is string => !!f);
    for (const service of SERVICES) {
        const host = hostFor(service, site ?? DEFAULT_SITE[service], domain);
        const from = chosenBy.length ? `${chosenBy.join(" and ")} (host of ${service})` : `the default host of ${service}`;
        table[service] = { protocol: "https:", origin: `https://${host}`, host, from, explicit: false };
    }
    return table;
}
