/**
 * Lookups (data sources): plain async functions for a Pulumi program, e.g.
 * `pulumi.output(getListenerDomains({ listenerId }))`. They run in the program's process and share
 * one client, rate limiter and read cache there (./context.ts). See docs/lookups.md.
 */
export { getCsrs } from "./csrs";
export type { GetCsrsArgs, GetCsrsResult, CsrSummary } from "./csrs";
export { getListenerDomains } from "./listener-domains";
export type { GetListenerDomainsArgs, GetListenerDomainsResult, ListenerDomain } from "./listener-domains";
export { getZoneHosts } from "./zone-hosts";
export type { GetZoneHostsArgs, GetZoneHostsResult, ZoneHost, ZoneHostCertificate } from "./zone-hosts";
export { LookupArgumentError, LookupNotFoundError } from "./errors";
