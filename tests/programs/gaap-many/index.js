/**
 * Test program: one ListenerCertificateBinding per domain `d<i>.example.com` of each listener.
 * Config: listeners (comma-separated ids), domainsPerListener, certificateId, waitTimeoutSeconds.
 *
 * Plain JavaScript on purpose: the repository's tsc compiles tests/**\/*.ts, and a TypeScript
 * program importing "pulumi-tencent-certs" would pull bin/provider/*.d.ts in as inputs (TS5055).
 */
"use strict";
const pulumi = require("@pulumi/pulumi");
const { ListenerCertificateBinding } = require("pulumi-tencent-certs");

const config = new pulumi.Config();
const listeners = config
    .require("listeners")
    .split(",")
    .map((id) => id.trim());
const perListener = config.requireNumber("domainsPerListener");
const certificateId = config.require("certificateId");
const waitTimeoutSeconds = config.getNumber("waitTimeoutSeconds") ?? 120;

const bindings = listeners.flatMap((listenerId, l) =>
    Array.from(
        { length: perListener },
        (_, i) => new ListenerCertificateBinding(`l${l}-d${i}`, { listenerId, domain: `d${i}.example.com`, certificateId, waitTimeoutSeconds }),
    ),
);

exports.bound = pulumi.all(bindings.map((b) => b.certificateId)).apply((ids) => ids.length);
