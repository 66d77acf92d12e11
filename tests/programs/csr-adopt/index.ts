/**
 * Config: adoptId (a CSR to manage from now on) with domain/department/remark matching or fixing it,
 * and readId (optional: a CSR to read without managing it, with CsrResource.get).
 */
import * as pulumi from "@pulumi/pulumi";
import { CsrResource } from "pulumi-tencent-certs";

const config = new pulumi.Config();

const adopted = new CsrResource("adopted", {
    domain: config.require("domain"),
    organization: "Example Ltd",
    department: config.get("department") ?? "IT",
    email: "admin@example.com",
    province: "Guangdong",
    city: "Shenzhen",
    country: "CN",
    remark: config.get("remark"),
    generate: config.getBoolean("generate") ?? false,
    adoptCsrId: config.require("adoptId"),
});

const readId = config.get("readId");
const readOnly = readId ? CsrResource.get("read-only", readId) : undefined;

export const adoptedId = adopted.csrId;
export const adoptedStatus = adopted.status;
export const readOnlyDomain = readOnly?.domain;
export const readOnlyCsr = readOnly?.csr;
export const readOnlyStatus = readOnly?.status;
