/**
 * Signer throughput on one core: provider/tencentcloud/signer (with its signing-key cache, as the
 * client uses it) against the naive way (derive the key with three HMACs for every request, as the
 * baseline client does). JavaScript runs on one thread, so the loop uses one core; on a machine
 * shared with other work the wall clock undercounts, so the rate is per CPU-second of this process
 * (process.cpuUsage), with the wall-clock rate printed next to it.
 */
import { createHash, createHmac } from "crypto";
import { signRequest, SigningKeyCache } from "../provider/tencentcloud/signer";
import { round2 } from "./measure";

export interface SignerResult {
    impl: "ours" | "naive";
    signatures: number;
    cpuMs: number;
    wallMs: number;
    /** Signatures per CPU-second (one core). */
    perCpuSecond: number;
    perWallSecond: number;
}

const SECRET_ID = "AKIDbench000000000000000000000000000";
const SECRET_KEY = "bench-secret-key-0000000000000000";
const HOST = "ssl.intl.tencentcloudapi.com";

/** Request bodies of the size the provider sends (a DescribeCSR, a CreateCSR, a BatchDeleteCSR). */
const PAYLOADS = Array.from({ length: 64 }, (_, i) =>
    i % 3 === 0
        ? JSON.stringify({ CSRId: 1000 + i })
        : i % 3 === 1
          ? JSON.stringify({
                Domain: `h${i}.example.com`,
                Organization: "Example Ltd",
                Department: "IT",
                Email: "admin@example.com",
                Province: "Guangdong",
                City: "Shenzhen",
                Country: "CN",
                EncryptAlgo: "ECC",
                Generate: true,
                Remark: `[pulumi:${i.toString(16).padStart(12, "0")}]`,
            })
          : JSON.stringify({ CSRIds: Array.from({ length: 100 }, (_, k) => 100000 + i * 100 + k) }),
);

function naiveSign(payload: string, timestamp: number): string {
    const sha = (s: string) => createHash("sha256").update(s).digest("hex");
    const date = new Date(timestamp * 1000).toISOString().slice(0, 10);
    const canonical = ["POST", "/", "", `content-type:application/json\nhost:${HOST}\n`, "content-type;host", sha(payload)].join("\n");
    const scope = `${date}/ssl/tc3_request`;
    const toSign = ["TC3-HMAC-SHA256", String(timestamp), scope, sha(canonical)].join("\n");
    const h = (k: Buffer | string, s: string) => createHmac("sha256", k).update(s).digest();
    return createHmac("sha256", h(h(h("TC3" + SECRET_KEY, date), "ssl"), "tc3_request"))
        .update(toSign)
        .digest("hex");
}

function run(impl: "ours" | "naive", minCpuMs: number): SignerResult {
    const cache = new SigningKeyCache();
    const base = Math.floor(Date.now() / 1000);
    const sign =
        impl === "ours"
            ? (i: number) =>
                  signRequest(
                      {
                          secretId: SECRET_ID,
                          secretKey: SECRET_KEY,
                          service: "ssl",
                          host: HOST,
                          action: "DescribeCSR",
                          timestamp: base + (i & 1023),
                          payload: PAYLOADS[i & 63],
                      },
                      cache,
                  ).signature
            : (i: number) => naiveSign(PAYLOADS[i & 63], base + (i & 1023));
    for (let i = 0; i < 2000; i++) sign(i); // warm-up (JIT)
    const cpu0 = process.cpuUsage();
    const wall0 = process.hrtime.bigint();
    let count = 0;
    let sink = 0;
    let cpuMs = 0;
    while (cpuMs < minCpuMs) {
        for (let k = 0; k < 1000; k++) sink ^= sign(count++).charCodeAt(0);
        const cpu = process.cpuUsage(cpu0);
        cpuMs = (cpu.user + cpu.system) / 1000;
    }
    const wallMs = Number(process.hrtime.bigint() - wall0) / 1e6;
    if (sink === -1) console.log(sink); // keep the work observable
    return {
        impl,
        signatures: count,
        cpuMs: Math.round(cpuMs),
        wallMs: Math.round(wallMs),
        perCpuSecond: Math.round((count / cpuMs) * 1000),
        perWallSecond: Math.round((count / wallMs) * 1000),
    };
}

export function signerThroughput(minCpuMs = 1500): SignerResult[] {
    return [run("ours", minCpuMs), run("naive", minCpuMs)];
}

export { round2 };
