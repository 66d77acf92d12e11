/**
 * Test program: one ListenerCertificateBinding per domain `d<i>.example.com` of each listener.
 * Config: listeners (comma-separated ids), domainsPerListener, certificateId, waitTimeoutSeconds.
 */
import * as pulumi from "@pulumi/pulumi";
import { ListenerCertificateBinding } from "pulumi-tencent-certs";

const config = new pulumi.Config();
const listeners = config.require("listeners").split(",").map((id) => id.trim());
const perListener = config.requireNumber("domainsPerListener");
const certificateId = config.require("certificateId");
const waitTimeoutSeconds = config.getNumber("waitTimeoutSeconds") ?? 120;

const bindings = listeners.flatMap((listenerId, l) =>
    Array.from({ length: perListener }, (_, i) =>
        new ListenerCertificateBinding(`l${l}-d${i}`, { listenerId, domain: `d${i}.example.com`, certificateId, waitTimeoutSeconds }),
    ),
);

export const bound = pulumi.all(bindings.map((b) => b.certificateId)).apply((ids) => ids.length);
