/** `count` ungenerated CSRs (h<i>.<baseDomain>), for bulk create/refresh/delete tests. */
import * as pulumi from "@pulumi/pulumi";
import { CsrResource } from "pulumi-tencent-certs";

const config = new pulumi.Config();
const count = config.getNumber("count") ?? 10;
const baseDomain = config.get("baseDomain") ?? "many.example.com";
const generate = config.getBoolean("generate") ?? false;

const ids: pulumi.Output<number>[] = [];
for (let i = 0; i < count; i++) {
    const csr = new CsrResource(`csr-${i}`, {
        domain: `h${i}.${baseDomain}`,
        organization: "Example Ltd",
        department: "IT",
        email: "admin@example.com",
        province: "Guangdong",
        city: "Shenzhen",
        country: "CN",
        encryptAlgo: "ECC",
        generate,
    });
    ids.push(csr.csrId);
}
export const csrCount = ids.length;
