/**
 * The acceptance suite's program (tests/acceptance, docs/acceptance.md): one resource, chosen by
 * `target`, and the lookup that reads the same object back. The lookup runs once the resource is
 * created or updated (it depends on the resource's outputs), so both see the same remote state; in
 * a preview of an unchanged resource it reads the live object, so drift shows there first.
 *
 * Config: target = csr | gaap | teo. csr: csrDomain, clientToken, remark, generate, keyPassword
 * (secret). gaap: gaapListenerId, gaapDomain, gaapCertificateId. teo: teoZoneId, teoHost,
 * teoCertificateId, apiVersion. gaap and teo: waitTimeoutSeconds.
 */
import * as pulumi from "@pulumi/pulumi";
import { CsrResource, getCsrs, getListenerDomains, getZoneHosts, HostsCertificateBinding, ListenerCertificateBinding } from "pulumi-tencent-certs";

const config = new pulumi.Config();
const target = config.require("target");

function csrProgram(): Record<string, unknown> {
    const domain = config.require("csrDomain");
    const csr = new CsrResource("csr", {
        domain,
        organization: "Acceptance Ltd",
        department: "QA",
        email: "qa@example.com",
        province: "Guangdong",
        city: "Shenzhen",
        country: "CN",
        encryptAlgo: "ECC",
        generate: config.requireBoolean("generate"),
        remark: config.require("remark"),
        clientToken: config.require("clientToken"),
        keyPassword: config.requireSecret("keyPassword"),
    });
    const listed = pulumi
        .all([csr.csrId, csr.remark, csr.status, csr.department])
        .apply(async ([csrId]) => (await getCsrs({ domain })).csrs.filter((c) => c.csrId === csrId));
    return { csrId: csr.csrId, status: csr.status, department: csr.department, csrPem: csr.csr, privateKey: csr.privateKey, lookup: listed };
}

function gaapProgram(): Record<string, unknown> {
    const listenerId = config.require("gaapListenerId");
    const domain = config.require("gaapDomain");
    const binding = new ListenerCertificateBinding("binding", {
        listenerId,
        domain,
        certificateId: config.require("gaapCertificateId"),
        waitTimeoutSeconds: config.requireNumber("waitTimeoutSeconds"),
    });
    const looked = pulumi.all([binding.id, binding.certificateId]).apply(async () => {
        const found = (await getListenerDomains({ listenerId })).domains.find((d) => d.domain.toLowerCase() === domain.toLowerCase());
        return found?.certificateId ?? `(no domain ${domain})`;
    });
    return { certificateId: binding.certificateId, lookupCertificateId: looked };
}

function teoProgram(): Record<string, unknown> {
    const zoneId = config.require("teoZoneId");
    const host = config.require("teoHost");
    const certificateId = config.require("teoCertificateId");
    const apiVersion = config.require("apiVersion") as "2022-09-01" | "2022-01-06";
    const waitTimeoutSeconds = config.requireNumber("waitTimeoutSeconds");
    const setting =
        apiVersion === "2022-01-06"
            ? { apiVersion, certIds: [certificateId], deleteBehavior: "retain" as const }
            : { apiVersion, mode: "sslcert" as const, serverCertIds: [certificateId], deleteBehavior: "disable" as const };
    const binding = new HostsCertificateBinding("binding", { zoneId, hosts: [host], waitTimeoutSeconds, ...setting });
    const looked = pulumi.all([binding.id, binding.hostStatuses]).apply(async () => (await getZoneHosts({ zoneId, hosts: [host], apiVersion })).hosts[0]);
    return { mode: binding.mode, hostStatuses: binding.hostStatuses, lookupMode: looked.mode, lookupCertIds: looked.certIds };
}

const programs: Record<string, () => Record<string, unknown>> = { csr: csrProgram, gaap: gaapProgram, teo: teoProgram };
const program = programs[target];
if (!program) throw new Error(`acceptance:target '${target}' is not one of ${Object.keys(programs).join(", ")}`);
for (const [name, value] of Object.entries(program())) exports[name] = value;
