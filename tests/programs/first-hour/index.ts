/**
 * A newcomer's first program: one CsrResource, or one lookup. Config (all optional):
 *   mode            "csr" (default) or "lookup" (getListenerDomains of `listenerId`)
 *   listenerId      the listener the lookup reads                       (listener-emu00001)
 *   remark          the CSR's remark                                    (my first CSR)
 *   generate        "false" keeps the CSR editable                      (true)
 *   region          the CSR's `region` input                            (unset)
 *   ignoreRemark    "true": ignoreChanges: ["remark"]
 */
import * as pulumi from "@pulumi/pulumi";
import { CsrResource, getListenerDomains } from "pulumi-tencent-certs";

const config = new pulumi.Config();

if (config.get("mode") === "lookup") {
    const listener = pulumi.output(getListenerDomains({ listenerId: config.get("listenerId") ?? "listener-emu00001" }));
    exports.domains = listener.apply((l) => l.domains.map((d) => d.domain));
} else {
    const region = config.get("region");
    const csr = new CsrResource(
        "web",
        {
            domain: "www.example.com",
            organization: "Example Ltd",
            department: "IT",
            email: "admin@example.com",
            province: "Guangdong",
            city: "Shenzhen",
            country: "CN",
            encryptAlgo: "ECC",
            generate: config.getBoolean("generate") ?? true,
            remark: config.get("remark") ?? "my first CSR",
            ...(region ? { region } : {}),
        },
        { ignoreChanges: config.getBoolean("ignoreRemark") ? ["remark"] : [] },
    );
    exports.csrId = csr.csrId;
    exports.status = csr.status;
}
