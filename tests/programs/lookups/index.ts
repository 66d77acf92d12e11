/** The three lookups, twice each where the process's read cache should serve the second. */
import * as pulumi from "@pulumi/pulumi";
import { getCsrs, getListenerDomains, getZoneHosts } from "pulumi-tencent-certs";

const config = new pulumi.Config();
const bad = config.get("mode") === "bad";
const listenerId = "listener-emu00001";
const zoneId = "zone-emu0example";

export const badLookup = bad ? pulumi.output(getListenerDomains({ listenerId: "lsn-not-an-id" })) : undefined;

export const allCsrs = bad ? undefined : pulumi.output(getCsrs());
export const generatedCsrs = bad ? undefined : pulumi.output(getCsrs({ status: 1 }));
export const exampleCsrs = bad ? undefined : pulumi.output(getCsrs({ domain: "lookup.example.com" }));
export const listener = bad ? undefined : pulumi.output(getListenerDomains({ listenerId }));
export const listenerAgain = bad ? undefined : pulumi.output(getListenerDomains({ listenerId })).apply((r) => r.domains.length);
export const zone = bad ? undefined : pulumi.output(getZoneHosts({ zoneId }));
export const zoneWww = bad ? undefined : pulumi.output(getZoneHosts({ zoneId, hosts: ["WWW.example.com"] }));
export const zoneLegacy = bad ? undefined : pulumi.output(getZoneHosts({ zoneId, apiVersion: "2022-01-06" }));
