/**
 * Deploys one certificate setting to EdgeOne (TEO) acceleration domains. The defaults match the
 * emulator's default seed (`npm run emulator`); point `tencentcloud:endpoint` at it, or drop the
 * endpoint and set your own zone, hosts and certificate ids to run against Tencent Cloud.
 *
 * Config (all optional):
 *   zoneId              EdgeOne site id                                  (zone-emu0example)
 *   hosts               comma-separated acceleration domains             (www.example.com,static.example.com)
 *   apiVersion          "2022-09-01" or "2022-01-06"                     (2022-09-01)
 *   mode                2022-09-01: disable | eofreecert | eofreecert_manual | sslcert
 *                       (sslcert when certIds is set, else eofreecert)
 *   certIds             comma-separated SSL certificate ids              (teo-cert-wild)
 *                       2022-09-01: serverCertIds of mode sslcert; 2022-01-06: certIds, "" = default certificate
 *   clientCertIds       2022-09-01: comma-separated CA ids for edge mutual TLS ("" = off; unset = leave as is)
 *   deleteBehavior      retain | disable | eofreecert (2022-09-01) | default (2022-01-06)   (retain)
 *   waitTimeoutSeconds  how long to wait for EdgeOne to deploy a change (1800)
 */
import * as pulumi from "@pulumi/pulumi";
import { HostsCertificateBinding, type HostsCertificateBindingArgs } from "pulumi-tencent-certs";

const config = new pulumi.Config();
const list = (value: string | undefined): string[] | undefined =>
    value === undefined
        ? undefined
        : value
              .split(",")
              .map((item) => item.trim())
              .filter((item) => item.length > 0);

const apiVersion = (config.get("apiVersion") ?? "2022-09-01") as "2022-09-01" | "2022-01-06";
const certIds = list(config.get("certIds") ?? "teo-cert-wild") ?? [];
const clientCertIds = list(config.get("clientCertIds"));

const certificate: Partial<HostsCertificateBindingArgs> =
    apiVersion === "2022-01-06"
        ? { certIds }
        : {
              mode: (config.get("mode") as HostsCertificateBindingArgs["mode"]) ?? (certIds.length ? "sslcert" : "eofreecert"),
              ...(certIds.length ? { serverCertIds: certIds } : {}),
              ...(clientCertIds !== undefined ? { clientCertIds } : {}),
          };

const site = new HostsCertificateBinding("site", {
    zoneId: config.get("zoneId") ?? "zone-emu0example",
    hosts: list(config.get("hosts")) ?? ["www.example.com", "static.example.com"],
    apiVersion,
    ...certificate,
    deleteBehavior: config.get("deleteBehavior") as HostsCertificateBindingArgs["deleteBehavior"],
    waitTimeoutSeconds: config.getNumber("waitTimeoutSeconds") ?? 1800,
});

export const bindingId = site.id;
export const hostStatuses = site.hostStatuses.apply((statuses) =>
    statuses.map(
        (s) =>
            `${s.host}: ${s.mode} [${s.certIds.join(", ")}] ${s.deployStatus}${s.domainStatus ? `, domain ${s.domainStatus}` : ""}${s.expireTime ? `, expires ${s.expireTime}` : ""}`,
    ),
);
