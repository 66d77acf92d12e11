/**
 * Two accounts in one stack (issue 15 item 3), through the engine driver: Pulumi's real program
 * runner and the real dynamic-provider host run tests/programs/two-accounts against an emulator
 * that knows two accounts. The stack's credentials (environment) are the default account's; the
 * "away" resources name `profile: second`, a profile of a temporary HOME's credentials file that
 * holds the second account's keys. Where each object landed is asserted from the emulator's log
 * (ownerUin, X-TC-Region) and state. Needs `npx tsc` first (the host loads bin/).
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { DEFAULT_OWNER_UIN } from "../../emulator/accounts";
import { DEMO_CREDENTIALS, SECOND_ACCOUNT_CREDENTIALS, SECOND_ACCOUNT_SEED, startEmulator, type CallLogEntry, type Emulator } from "../../emulator";
import { findResource, runPulumi, type RunOptions, type RunResult } from "../../tools/engine";
import { emulatorEnv } from "../support/emulator-client";
import { explain } from "../support/run-output";

const program = path.resolve(__dirname, "../programs/two-accounts");
const B = SECOND_ACCOUNT_CREDENTIALS;
const A_UIN = DEFAULT_OWNER_UIN;
const AWAY = ["away-web", "away-api", "away-gaap", "away-teo"];
const HOME = ["home-web", "home-api", "home-gaap", "home-teo"];

function credentialsFile(profiles: Record<string, { id: string; key: string }>): string {
    return Object.entries(profiles)
        .map(([name, p]) => `[${name}]\nsecret_id = ${p.id}\nsecret_key = ${p.key}\n`)
        .join("\n");
}

function calls(emulator: Emulator, from: number): CallLogEntry[] {
    return emulator.log.slice(from);
}

function isWrite(e: CallLogEntry): boolean {
    return !e.action.startsWith("Describe");
}

describe("two accounts in one stack: profile and region inputs (engine driver, real dynamic-provider host)", function () {
    this.timeout(300_000);
    let emulator: Emulator;
    let stateDir: string;
    let home: string;

    const run = (op: RunOptions["op"], config: Record<string, string> = {}, extra: Partial<RunOptions> = {}): Promise<RunResult> =>
        runPulumi({ cwd: program, op, stateDir, env: emulatorEnv(emulator, { HOME: home }), config, ...extra });

    beforeEach(async () => {
        stateDir = fs.mkdtempSync(path.join(os.tmpdir(), "accounts-lifecycle-"));
        home = fs.mkdtempSync(path.join(os.tmpdir(), "accounts-home-"));
        fs.mkdirSync(path.join(home, ".tencentcloud"));
        const second = { id: B.secretId, key: B.secretKey };
        fs.writeFileSync(path.join(home, ".tencentcloud", "credentials"), credentialsFile({ second, "second-again": second }), { mode: 0o600 });
        emulator = await startEmulator({
            rateLimits: false,
            gaapApplyDelayMs: 100,
            teoDeployDelayMs: 200,
            credentials: [DEMO_CREDENTIALS, B],
            accountSeeds: { [B.ownerUin]: SECOND_ACCOUNT_SEED },
        });
    });
    afterEach(async () => {
        await emulator.close();
        fs.rmSync(stateDir, { recursive: true, force: true });
        fs.rmSync(home, { recursive: true, force: true });
    });

    it("a profile that is not in the credentials file fails preview, naming the input, with no API call", async () => {
        let mark = emulator.log.length;
        // Offline (no preview checks): not one call.
        const offline = await run("preview", { "two-accounts:awayProfile": "third", "tencentcloud:previewChecks": "false" });
        assert.equal(offline.exitCode, 255, explain(offline));
        assert.match(offline.stdout, /selects profile 'third'.*no \[third\] profile \(profiles there: second, second-again\)/s);
        assert.deepEqual(calls(emulator, mark), [], "no API call");
        // With preview checks the stack account's resources may be verified meanwhile: its reads, nothing else.
        mark = emulator.log.length;
        const r = await run("preview", { "two-accounts:awayProfile": "third" });
        assert.equal(r.exitCode, 255, explain(r));
        assert.match(r.stdout, /profile/);
        assert.match(r.stdout, /selects profile 'third'.*no \[third\] profile \(profiles there: second, second-again\)/s);
        assert.deepEqual(
            calls(emulator, mark).filter((e) => isWrite(e) || e.ownerUin !== A_UIN),
            [],
            "no call for the profile's resources, no write",
        );
    });

    it("up puts each object in its account (region header where set) → refresh per account → region change in place without calls → profile change replaces → destroy per account", async () => {
        const printed: string[] = [];
        const keep = (r: RunResult) => (printed.push(r.stdout, r.stderr, fs.readFileSync(r.statePath, "utf8")), r);

        // 1. up: the away resources sign with the profile's keys although the environment holds the default account's.
        let mark = emulator.log.length;
        const up = keep(await run("up", { "two-accounts:awayRegion": "ap-singapore", "two-accounts:homeRegion": "ap-guangzhou" }));
        assert.equal(up.exitCode, 0, explain(up));
        assert.equal(up.summary.create, 9, explain(up)); // 8 resources + the stack
        const csrs = emulator.state.ssl.csrs as Record<string, { OwnerUin?: string; Domain: string }>;
        const ownerOf = (name: string) => csrs[String(findResource(up.state, name)!.id)]?.OwnerUin;
        assert.equal(ownerOf("home-web"), A_UIN);
        assert.equal(ownerOf("home-api"), A_UIN);
        assert.equal(ownerOf("away-web"), B.ownerUin);
        assert.equal(ownerOf("away-api"), B.ownerUin);
        const upCalls = calls(emulator, mark);
        assert.ok(
            upCalls.every((e) => e.code === "OK"),
            JSON.stringify(upCalls.filter((e) => e.code !== "OK")),
        );
        const away = upCalls.filter((e) => e.ownerUin === B.ownerUin);
        assert.ok(away.some((e) => e.action === "ModifyCertificate" && e.params.ListenerId === "listener-emu20001"));
        assert.ok(away.some((e) => e.action === "ModifyHostsCertificate" && e.params.ZoneId === "zone-emu2example"));
        assert.ok(
            away.every((e) => e.region === "ap-singapore"),
            "every call of the second account carries its region",
        );
        const homeCalls = upCalls.filter((e) => e.ownerUin === A_UIN);
        assert.ok(homeCalls.some((e) => e.action === "ModifyCertificate" && e.params.ListenerId === "listener-emu00001"));
        assert.ok(homeCalls.some((e) => e.action === "ModifyHostsCertificate" && e.params.ZoneId === "zone-emu0example"));
        const homeApiCreate = homeCalls.find((e) => e.action === "CreateCSR" && e.params.Domain === "home-api.example.com");
        assert.equal(homeApiCreate?.region, "ap-guangzhou", "home-api's region is sent");
        assert.equal(
            homeCalls.find((e) => e.action === "CreateCSR" && e.params.Domain === "home-web.example.com")?.region,
            undefined,
            "no region where none is set",
        );
        assert.equal(upCalls.filter((e) => e.action === "CreateCSR").length, 4);
        for (const name of AWAY) {
            assert.equal(findResource(up.state, name)!.outputs.profile, "second", name);
            assert.equal(findResource(up.state, name)!.outputs.region, "ap-singapore", name);
        }
        for (const name of HOME) {
            assert.equal(findResource(up.state, name)!.outputs.profile, undefined, name);
        }
        const gaapB = emulator.state.gaap.listeners["listener-emu20001"] as { Domains: { Domain: string; CertificateId: string }[] };
        assert.equal(gaapB.Domains.find((d) => d.Domain === "www.example.com")?.CertificateId, "cert-emu2wild");

        // 2. refresh: each resource is read in its own account (a read in the other account would find nothing and drop it).
        mark = emulator.log.length;
        const refresh = keep(await run("refresh", { "two-accounts:awayRegion": "ap-singapore", "two-accounts:homeRegion": "ap-guangzhou" }));
        assert.equal(refresh.exitCode, 0, explain(refresh));
        assert.equal(refresh.summary.delete, 0, explain(refresh));
        assert.equal(refresh.summary.update, 0, explain(refresh));
        const refreshCalls = calls(emulator, mark);
        assert.ok(
            refreshCalls.every((e) => e.code === "OK" && !isWrite(e)),
            JSON.stringify(refreshCalls.filter((e) => e.code !== "OK" || isWrite(e))),
        );
        const listings = refreshCalls.filter((e) => e.action === "DescribeCSRSet");
        assert.ok(listings.some((e) => e.ownerUin === A_UIN) && listings.some((e) => e.ownerUin === B.ownerUin), "one CSR listing per account");
        assert.ok(refreshCalls.filter((e) => e.ownerUin === B.ownerUin).every((e) => e.region === "ap-singapore"));
        assert.ok(refreshCalls.some((e) => e.ownerUin === B.ownerUin && e.action === "DescribeRules" && e.params.ListenerId === "listener-emu20001"));

        // 3. region change alone: an update in place, no API call at all (the objects are global).
        mark = emulator.log.length;
        const moved = keep(await run("up", { "two-accounts:awayRegion": "ap-hongkong", "two-accounts:homeRegion": "ap-guangzhou" }));
        assert.equal(moved.exitCode, 0, explain(moved));
        assert.equal(moved.summary.update, 4, explain(moved));
        assert.equal(moved.summary.replace, 0, explain(moved));
        assert.deepEqual(
            calls(emulator, mark)
                .filter(isWrite)
                .map((e) => e.action),
            [],
            "a region change makes no write call",
        );
        assert.equal(findResource(moved.state, "away-api")!.id, findResource(up.state, "away-api")!.id, "same CSR");
        assert.equal(findResource(moved.state, "away-api")!.outputs.region, "ap-hongkong");
        mark = emulator.log.length;
        const refreshed = await run("refresh", { "two-accounts:awayRegion": "ap-hongkong", "two-accounts:homeRegion": "ap-guangzhou" });
        assert.equal(refreshed.exitCode, 0, explain(refreshed));
        assert.ok(
            calls(emulator, mark)
                .filter((e) => e.ownerUin === B.ownerUin)
                .every((e) => e.region === "ap-hongkong"),
            "later calls use the new region",
        );

        // 4. profile change: replaces (another profile may be another account).
        mark = emulator.log.length;
        const again = keep(
            await run("up", {
                "two-accounts:awayProfile": "second-again",
                "two-accounts:awayRegion": "ap-hongkong",
                "two-accounts:homeRegion": "ap-guangzhou",
            }),
        );
        assert.equal(again.exitCode, 0, explain(again));
        assert.equal(again.summary.replace, 4, explain(again));
        const replaced = again.steps
            .filter((s) => s.op === "replace")
            .map((s) => s.name)
            .sort();
        assert.deepEqual(replaced, [...AWAY].sort());
        assert.ok(again.steps.filter((s) => s.op === "replace").every((s) => s.replaces?.includes("profile")));
        assert.notEqual(findResource(again.state, "away-web")!.id, findResource(up.state, "away-web")!.id, "a new CSR");
        assert.ok(
            calls(emulator, mark)
                .filter(isWrite)
                .every((e) => e.ownerUin === B.ownerUin),
            "only the second account is touched",
        );
        assert.equal(gaapB.Domains.find((d) => d.Domain === "www.example.com")?.CertificateId, "cert-emu2wild", "the binding's delete ran before its create");

        // 5. destroy: each account's CSRs deleted in that account, one BatchDeleteCSR per account.
        mark = emulator.log.length;
        const down = keep(await run("destroy", { "two-accounts:awayProfile": "second-again" }));
        assert.equal(down.exitCode, 0, explain(down));
        assert.equal(Object.keys(emulator.state.ssl.csrs).length, 0, "every CSR of both accounts deleted");
        const deletes = calls(emulator, mark).filter((e) => e.action === "BatchDeleteCSR");
        assert.ok(deletes.every((e) => e.code === "OK"));
        const idsOf = (uin: string) =>
            deletes
                .filter((e) => e.ownerUin === uin)
                .flatMap((e) => e.params.CSRIds as number[])
                .sort();
        assert.equal(idsOf(A_UIN).length, 2);
        assert.equal(idsOf(B.ownerUin).length, 2);
        assert.equal(gaapB.Domains.find((d) => d.Domain === "www.example.com")?.CertificateId, "default", "the away GAAP binding reverted in its account");

        // No credential of either account in anything printed or stored.
        const everything = printed.join("\n");
        for (const secret of [B.secretKey, DEMO_CREDENTIALS.secretKey]) {
            assert.ok(!everything.includes(secret), "no secret key in output or state");
        }
    });
});
