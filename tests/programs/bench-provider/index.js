/**
 * Bench program: one CsrResource, one ListenerCertificateBinding and one HostsCertificateBinding.
 * bench/provider-size.ts runs it with the engine driver and reads each type's serialized
 * `__provider` from the state file (its size, and the exact string the bench then sends to the
 * dynamic-provider host). Ids come from config (the bench seeds the emulator with them).
 *
 * Plain JavaScript: tests/programs is outside tsc, and the engine driver runs .js without ts-node.
 */
"use strict";
const pulumi = require("@pulumi/pulumi");
const { CsrResource, ListenerCertificateBinding, HostsCertificateBinding } = require("pulumi-tencent-certs");

const config = new pulumi.Config();

const csr = new CsrResource("csr", {
    domain: "provider-size.example.com",
    organization: "Example Ltd",
    department: "IT",
    email: "admin@example.com",
    province: "Guangdong",
    city: "Shenzhen",
    country: "CN",
    encryptAlgo: "ECC",
    generate: false,
});

const gaap = new ListenerCertificateBinding("gaap", {
    listenerId: config.require("listenerId"),
    domain: config.require("domain"),
    certificateId: config.require("certificateId"),
    waitTimeoutSeconds: 60,
});

const teo = new HostsCertificateBinding("teo", {
    zoneId: config.require("zoneId"),
    hosts: [config.require("host")],
    mode: "eofreecert",
    waitTimeoutSeconds: 60,
});

exports.ids = pulumi.all([csr.id, gaap.id, teo.id]);
