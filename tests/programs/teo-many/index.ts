/**
 * `count` HostsCertificateBindings, binding i on host h<i>.<domain> of `zoneId` (i from 01),
 * each with `mode`. Used by tests/resources/hosts-certificate-binding.lifecycle.test.ts.
 */
import * as pulumi from "@pulumi/pulumi";
import { HostsCertificateBinding } from "pulumi-tencent-certs";

const config = new pulumi.Config();
const count = config.getNumber("count") ?? 50;
const zoneIds = (config.get("zoneIds") ?? "zone-emu00000net").split(",");
const domain = config.get("domain") ?? "example.net";
const mode = (config.get("mode") ?? "eofreecert") as "eofreecert" | "disable";

const bindings: HostsCertificateBinding[] = [];
for (let i = 1; i <= count; i++) {
    const zoneId = zoneIds[(i - 1) % zoneIds.length];
    bindings.push(
        new HostsCertificateBinding(`b${String(i).padStart(2, "0")}`, {
            zoneId,
            hosts: [`h${String(i).padStart(2, "0")}.${domain}`],
            mode,
            waitTimeoutSeconds: config.getNumber("waitTimeoutSeconds") ?? 120,
        }),
    );
}

export const ids = pulumi.all(bindings.map((b) => b.id));
