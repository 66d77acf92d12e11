import { strict as assert } from "node:assert";
import { existsSync, mkdtempSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DEMO_CREDENTIALS, startEmulator, type Emulator, type FaultConfig } from "../../emulator";
import { parseArgs } from "../../emulator/cli";
import { adminPost, call, codeOf } from "../support/raw-api-call";

describe("emulator: rate limits, faults, admin HTTP API, persistence, CLI", () => {
    describe("rate limits", () => {
        let emu: Emulator;
        before(async () => {
            emu = await startEmulator({ port: 0 });
        });
        after(() => emu.close());

        it("100 concurrent DescribeCSRSet calls: at most 10 per second window succeed, the excess gets RequestLimitExceeded", async () => {
            const started = Date.now();
            const codes = await Promise.all(Array.from({ length: 100 }, () => call(emu.url, "ssl", "DescribeCSRSet", {}).then(codeOf)));
            const windows = Math.floor(Date.now() / 1000) - Math.floor(started / 1000) + 1;
            const ok = codes.filter((c) => c === "OK").length;
            const limited = codes.filter((c) => c === "RequestLimitExceeded").length;
            assert.equal(ok + limited, 100);
            assert.ok(ok >= 10 && ok <= 10 * windows, `ok=${ok} over ${windows} window(s)`);
            assert.ok(limited >= 100 - 10 * windows);
            assert.equal(emu.counters()["ssl.DescribeCSRSet"].byCode.RequestLimitExceeded, limited);
        });

        it("ssl DescribeCertificates has its documented 5/s, below the 10/s of the CSR actions", async () => {
            emu.admin.reset();
            const started = Date.now();
            const codes = await Promise.all(Array.from({ length: 30 }, () => call(emu.url, "ssl", "DescribeCertificates", {}).then(codeOf)));
            const windows = Math.floor(Date.now() / 1000) - Math.floor(started / 1000) + 1;
            const ok = codes.filter((c) => c === "OK").length;
            assert.ok(ok >= 5 && ok <= 5 * windows, `ok=${ok} over ${windows} window(s)`);
        });

        it("limits are per action (GAAP 20/s) and configurable at run time", async () => {
            emu.admin.reset();
            const codes = await Promise.all(
                Array.from({ length: 30 }, () => call(emu.url, "gaap", "DescribeRules", { ListenerId: "listener-emu00001" }).then(codeOf)),
            );
            const ok = codes.filter((c) => c === "OK").length;
            assert.ok(ok >= 20 && ok <= 40, `ok=${ok}`);
            emu.admin.setRateLimits({ rateLimits: false });
            const all = await Promise.all(Array.from({ length: 40 }, () => call(emu.url, "ssl", "DescribeCSRSet", {}).then(codeOf)));
            assert.ok(all.every((c) => c === "OK"));
        });
    });

    describe("faults", () => {
        const run = async (faults: FaultConfig): Promise<string[]> => {
            const emu = await startEmulator({ port: 0, rateLimits: false, faults });
            try {
                const out: string[] = [];
                for (let i = 0; i < 30; i++)
                    out.push(
                        await call(emu.url, "gaap", "DescribeRules", { ListenerId: "listener-emu00001" }).then(codeOf, (e: Error) => e.message.slice(0, 8)),
                    );
                return out;
            } finally {
                await emu.close();
            }
        };

        it("is deterministic for a seed and differs across seeds", async () => {
            const cfg = (seed: number): FaultConfig => ({
                seed,
                rules: [
                    { service: "gaap", probability: 0.3, kind: "internalError" },
                    { action: "DescribeRules", probability: 0.2, kind: "http503" },
                ],
            });
            const a = await run(cfg(42));
            const b = await run(cfg(42));
            const c = await run(cfg(7));
            assert.deepEqual(a, b);
            assert.notDeepEqual(a, c);
            assert.ok(a.includes("InternalError") && a.includes("HTTP 503") && a.includes("OK"), a.join(","));
        });

        it("each kind behaves as documented: HTTP statuses, reset, codes, delay", async () => {
            const emu = await startEmulator({ port: 0, rateLimits: false });
            try {
                const one = async (kind: FaultConfig["rules"][number]["kind"], extra: object = {}) => {
                    emu.admin.setFaults({ faults: { seed: 1, rules: [{ probability: 1, kind, count: 1, ...extra }] } });
                    return call(emu.url, "teo", "DescribeAccelerationDomains", { ZoneId: "zone-emu0example" }).then(
                        codeOf,
                        (e: Error & { code?: string }) => e.code ?? e.message.slice(0, 8),
                    );
                };
                assert.equal(await one("http500"), "HTTP 500");
                assert.equal(await one("http502"), "HTTP 502");
                assert.equal(await one("http503"), "HTTP 503");
                assert.equal(await one("reset"), "ECONNRESET");
                assert.equal(await one("internalError"), "InternalError");
                assert.equal(await one("throttle"), "RequestLimitExceeded");
                assert.equal(await one("busy"), "InvalidParameter.ActionInProgress");
                assert.equal(await one("busy", { code: "OperationDenied.ConfigLocked" }), "OperationDenied.ConfigLocked");
                const t = Date.now();
                assert.equal(await one("delay", { delayMs: 150 }), "OK");
                assert.ok(Date.now() - t >= 140);
                // count: 1 → the next call is clean.
                assert.equal(await call(emu.url, "teo", "DescribeAccelerationDomains", { ZoneId: "zone-emu0example" }).then(codeOf), "OK");
                assert.deepEqual(
                    emu.log.slice(-10, -1).map((e) => e.fault),
                    ["http500", "http502", "http503", "reset", "internalError", "throttle", "busy", "busy", "delay"],
                );
            } finally {
                await emu.close();
            }
        });

        it("actThenFail performs the write and loses the response", async () => {
            const emu = await startEmulator({
                port: 0,
                rateLimits: false,
                faults: { seed: 3, rules: [{ action: "ModifyCertificate", probability: 1, kind: "actThenFail", count: 1 }] },
            });
            try {
                await assert.rejects(
                    call(emu.url, "gaap", "ModifyCertificate", { ListenerId: "listener-emu00001", Domain: "www.example.com", CertificateId: "cert-emuwww01" }),
                );
                const www = emu.state.gaap.listeners["listener-emu00001"].Domains.find((d) => d.Domain === "www.example.com");
                assert.equal(www?.CertificateId, "cert-emuwww01");
                assert.equal(emu.log.at(-1)?.fault, "actThenFail");
                emu.admin.setFaults({ faults: { seed: 3, rules: [{ action: "CreateCSR", probability: 1, kind: "actThenFail", lostAs: "http500" }] } });
                await assert.rejects(
                    call(emu.url, "ssl", "CreateCSR", {
                        Domain: "a.example.com",
                        Organization: "O",
                        Department: "D",
                        Email: "a@b.cn",
                        Province: "P",
                        City: "C",
                        Country: "CN",
                        EncryptAlgo: "ECC",
                        KeyParameter: "prime256v1",
                        Generate: false,
                    }),
                    /HTTP 500/,
                );
                assert.equal(Object.keys(emu.state.ssl.csrs).length, 1);
            } finally {
                await emu.close();
            }
        });
    });

    describe("admin HTTP API and persistence", () => {
        it("GET state/log/counters and POST admin methods change state out of band", async () => {
            const emu = await startEmulator({ port: 0, rateLimits: false });
            try {
                await call(emu.url, "gaap", "DescribeRules", { ListenerId: "listener-emu00001" });
                const counters = (await (await fetch(`${emu.url}/_emulator/counters`)).json()) as any;
                assert.equal(counters["gaap.DescribeRules"].ok, 1);
                const log = (await (await fetch(`${emu.url}/_emulator/log`)).json()) as any[];
                assert.equal(log.length, 1);
                assert.equal((await adminPost(emu.url, "setListenerBusy", { listenerId: "listener-emu00001", ms: 60_000 })).status, 200);
                assert.equal(
                    codeOf(
                        await call(emu.url, "gaap", "ModifyCertificate", {
                            ListenerId: "listener-emu00001",
                            Domain: "www.example.com",
                            CertificateId: "default",
                        }),
                    ),
                    "FailedOperation.ListenerHasTask",
                );
                assert.equal((await adminPost(emu.url, "removeHost", { zoneId: "zone-emu0example", host: "www.example.com" })).status, 200);
                const bad = await adminPost(emu.url, "removeHost", { zoneId: "zone-emu0example", host: "www.example.com" });
                assert.equal(bad.status, 400);
                assert.match(bad.json.error, /no host/);
                assert.equal((await adminPost(emu.url, "noSuchMethod")).status, 404);
                assert.equal((await adminPost(emu.url, "setFaults", { faults: { seed: 1, rules: [{ probability: 1, kind: "internalError" }] } })).status, 200);
                assert.equal(codeOf(await call(emu.url, "ssl", "DescribeCSRSet", {})), "InternalError");
                assert.equal((await adminPost(emu.url, "reset")).status, 200);
                assert.equal(codeOf(await call(emu.url, "ssl", "DescribeCSRSet", {})), "OK");
                const state = (await (await fetch(`${emu.url}/_emulator/state`)).json()) as any;
                assert.ok(state.teo.zones["zone-emu0example"].hosts["www.example.com"], "reset restored the seed");
            } finally {
                await emu.close();
            }
        });

        it("statePath keeps CSRs and drift across restarts (file mode 0600)", async () => {
            const path = join(mkdtempSync(join(tmpdir(), "emu-state-")), "state.json");
            let emu = await startEmulator({ port: 0, statePath: path, rateLimits: false });
            const { Id } = await call(emu.url, "ssl", "CreateCSR", {
                Domain: "a.example.com",
                Organization: "O",
                Department: "D",
                Email: "a@b.cn",
                Province: "P",
                City: "C",
                Country: "CN",
                EncryptAlgo: "ECC",
                KeyParameter: "prime256v1",
                Generate: false,
            });
            emu.admin.removeListener({ listenerId: "listener-emu00003" });
            await emu.close();
            assert.ok(existsSync(path));
            assert.equal(statSync(path).mode & 0o777, 0o600);
            assert.ok(JSON.parse(readFileSync(path, "utf8")).ssl.csrs[String(Id)]);
            emu = await startEmulator({ port: 0, statePath: path, rateLimits: false });
            try {
                assert.equal((await call(emu.url, "ssl", "DescribeCSR", { CSRId: Id })).Domain, "a.example.com");
                assert.equal(codeOf(await call(emu.url, "gaap", "DescribeRules", { ListenerId: "listener-emu00003" })), "ResourceNotFound");
            } finally {
                await emu.close();
            }
        });
    });

    describe("CLI arguments", () => {
        it("parses credentials, tokens, state, rate limits and refuses mistakes with a clear message", () => {
            const o = parseArgs([
                "--port",
                "0",
                "--secret-id",
                "A",
                "--secret-key",
                "K",
                "--secret-id",
                "B",
                "--secret-key",
                "L",
                "--token",
                "B=T",
                "--state",
                "/tmp/s.json",
                "--no-rate-limit",
            ]);
            assert.equal(o.port, 0);
            assert.deepEqual(o.credentials, [
                { secretId: "A", secretKey: "K" },
                { secretId: "B", secretKey: "L", token: "T" },
            ]);
            assert.equal(o.statePath, "/tmp/s.json");
            assert.equal(o.rateLimits, false);
            assert.deepEqual(parseArgs([]).credentials, [{ ...DEMO_CREDENTIALS }]);
            assert.throws(() => parseArgs(["--secret-id", "A"]), /--secret-key/);
            assert.throws(() => parseArgs(["--token", "Z=1"]), /no credential with SecretId Z/);
            assert.throws(() => parseArgs(["--port", "x"]), /--port/);
            assert.throws(() => parseArgs(["--bogus"]), /unknown argument/);
        });
    });
});
