/**
 * Issue 15 item 6, "deleted behind Pulumi's back": an object is removed outside Pulumi, then a new
 * command (a fresh dynamic-provider host, so no read cache of the previous run) runs `refresh`.
 * Each resource's Read must answer an empty id so the resource leaves the state:
 * - CsrResource: the CSR deleted with BatchDeleteCSR by another client; DescribeCSRSet no longer
 *   lists it and DescribeCSR answers InvalidParameter.InvalidCSRId (the documented error).
 * - CsrResource against stand-ins that answer differently: DescribeCSR with an empty record for a
 *   deleted id instead of an error, or DescribeCSRSet still listing deleted CSRs with another Status.
 * - ListenerCertificateBinding: the domain removed from the GAAP listener.
 * - HostsCertificateBinding: the acceleration domain removed from the TEO zone.
 * Runs examples/* through the engine driver (Pulumi's program runner + the real host), needs bin/.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as http from "node:http";
import * as os from "node:os";
import * as path from "node:path";
import { startEmulator, type Emulator } from "../../emulator";
import { batchDeleteCSR, describeCSRSet } from "../../provider/tencentcloud/services/ssl";
import { findResource, resourcesOfType, runPulumi, type RunOptions, type RunResult } from "../../tools/engine";
import { emulatorClient, emulatorEnv } from "../support/emulator-client";
import { explain } from "../support/run-output";

const repo = path.resolve(__dirname, "../..");
const CSR_TYPE = "pulumi-nodejs:dynamic/tencentcloud:CsrResource";
const GAAP_TYPE = "pulumi-nodejs:dynamic/tencentcloud:ListenerCertificateBinding";
const TEO_TYPE = "pulumi-nodejs:dynamic/tencentcloud:HostsCertificateBinding";

type StandInVariant =
    /** DescribeCSR answers a deleted id with an empty record (Id 0, empty fields) instead of an error. */
    | "emptyRecord"
    /** DescribeCSRSet keeps listing CSRs it listed before, once deleted, with Status 2; DescribeCSR says InvalidCSRId. */
    | "listsDeleted";

/**
 * A pass-through in front of the emulator that changes some answers the way another stand-in may
 * (every DescribeCSR field and every CSRItem field is optional in the reference). The request is
 * forwarded byte for byte with its Host header, so the TC3 signature still verifies.
 */
async function standIn(target: string, variant: StandInVariant): Promise<{ url: string; rewritten: () => number; close(): Promise<void> }> {
    let rewritten = 0;
    const listed = new Map<number, Record<string, unknown>>();
    const upstream = new URL(target);
    const rewrite = (action: unknown, response: any): any => {
        if (variant === "emptyRecord" && action === "DescribeCSR" && response.Error?.Code === "InvalidParameter.InvalidCSRId") {
            rewritten++;
            return {
                Id: 0,
                OwnerUin: "",
                Domain: "",
                Organization: "",
                Department: "",
                Email: "",
                Province: "",
                City: "",
                Country: "",
                EncryptAlgo: "",
                KeyParameter: "",
                Remarks: "",
                Status: 0,
                KeyPassword: null,
                CreateTime: "",
                CSR: null,
                PrivateKey: null,
                RequestId: response.RequestId,
            };
        }
        if (variant === "listsDeleted" && action === "DescribeCSRSet" && Array.isArray(response.Set)) {
            const present = new Set<number>(response.Set.map((item: { Id: number }) => item.Id));
            response.Set.forEach((item: { Id: number }) => listed.set(item.Id, item));
            const gone = [...listed.values()].filter((item) => !present.has(item.Id as number)).map((item) => ({ ...item, Status: 2 }));
            rewritten += gone.length;
            return { ...response, Total: response.Total + gone.length, Set: [...response.Set, ...gone] };
        }
        return response;
    };
    const server = http.createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on("data", (c: Buffer) => chunks.push(c));
        req.on("end", () => {
            const forward = http.request(
                { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers },
                (answer) => {
                    const body: Buffer[] = [];
                    answer.on("data", (c: Buffer) => body.push(c));
                    answer.on("end", () => {
                        const json = JSON.parse(Buffer.concat(body).toString("utf8"));
                        const text = JSON.stringify({ Response: rewrite(req.headers["x-tc-action"], json.Response) });
                        res.writeHead(answer.statusCode ?? 200, { ...answer.headers, "content-length": String(Buffer.byteLength(text)) });
                        res.end(text);
                    });
                },
            );
            forward.on("error", () => res.destroy());
            forward.end(Buffer.concat(chunks));
        });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as { port: number };
    return { url: `http://127.0.0.1:${port}`, rewritten: () => rewritten, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

describe("deleted behind Pulumi's back: a fresh host's refresh drops the resource (engine driver, real dynamic-provider host)", function () {
    this.timeout(300_000);
    let emulator: Emulator | undefined;
    let stateDir: string;
    const closers: (() => Promise<void>)[] = [];

    const run = (example: string, op: RunOptions["op"], extra: Partial<RunOptions> = {}): Promise<RunResult> =>
        runPulumi({ cwd: path.join(repo, "examples", example), op, stateDir, env: emulatorEnv(emulator!), ...extra });

    beforeEach(() => {
        stateDir = fs.mkdtempSync(path.join(os.tmpdir(), "deleted-out-of-band-"));
    });
    afterEach(async () => {
        for (const close of closers.splice(0)) await close();
        await emulator?.close();
        emulator = undefined;
        fs.rmSync(stateDir, { recursive: true, force: true });
    });

    /** The refresh's Read of `name` ran in a new host and answered "not found". */
    function assertReadGone(up: RunResult, refresh: RunResult, name: string): void {
        assert.ok(up.providerHostPid && refresh.providerHostPid && up.providerHostPid !== refresh.providerHostPid, "refresh ran in a fresh provider host");
        const urn = findResource(up.state, name)!.urn;
        const read = refresh.rpcLog.find((e) => e.method === "Read" && e.done && e.urn === urn);
        assert.ok(read, `a Read of ${name}\n${explain(refresh)}`);
        assert.equal(read.ok, true, explain(refresh));
        assert.equal(read.found, false, `Read of ${name} answered an empty id\n${explain(refresh)}`);
        assert.equal(findResource(refresh.state, name), undefined, `${name} left the state\n${explain(refresh)}`);
        assert.equal(refresh.steps.find((s) => s.urn === urn)?.op, "read-delete");
    }

    it("CsrResource: deleted with BatchDeleteCSR by another client, missing from DescribeCSRSet, DescribeCSR says InvalidParameter.InvalidCSRId", async () => {
        emulator = await startEmulator({ rateLimits: false });
        // web is generated (its content is in state, so a listed web would need no DescribeCSR); api stays.
        const config = { "tencent-csr-example:generateWeb": "true" };
        const up = await run("csr", "up", { config });
        assert.equal(up.exitCode, 0, explain(up));
        const webId = Number(findResource(up.state, "web")!.id);
        const apiId = Number(findResource(up.state, "api")!.id);

        const other = emulatorClient(emulator);
        const deleted = await batchDeleteCSR(other, { CSRIds: [webId] });
        assert.deepEqual(deleted.Success, [webId]);

        const mark = emulator.log.length;
        const refresh = await run("csr", "refresh", { config });
        assert.equal(refresh.exitCode, 0, explain(refresh));
        assertReadGone(up, refresh, "web");
        assert.match(refresh.stdout, /CSR \d+ no longer exists; it leaves the stack's state/);
        assert.equal(refresh.summary.delete, 1, explain(refresh));
        const calls = emulator.log.slice(mark).filter((e) => e.service === "ssl");
        assert.ok(
            calls.some((e) => e.action === "DescribeCSRSet" && e.code === "OK"),
            "the fresh host listed the CSRs",
        );
        assert.ok(calls.some((e) => e.action === "DescribeCSR" && e.params.CSRId === webId && e.code === "InvalidParameter.InvalidCSRId"));
        // The CSR that still exists stays, read from the listing.
        assert.equal(findResource(refresh.state, "api")?.id, String(apiId));
        assert.equal(resourcesOfType(refresh.state, CSR_TYPE).length, 1);

        // The next up creates it again instead of updating a ghost.
        const again = await run("csr", "up", { config });
        assert.equal(again.exitCode, 0, explain(again));
        assert.equal(again.steps.find((s) => s.name === "web")?.op, "create", explain(again));
        assert.notEqual(findResource(again.state, "web")!.id, String(webId));
    });

    for (const [variant, what] of [
        ["emptyRecord", "answers DescribeCSR for a deleted id with an empty record"],
        ["listsDeleted", "still lists deleted CSRs in DescribeCSRSet with another Status (DescribeCSR: InvalidCSRId)"],
    ] as const) {
        it(`CsrResource: a stand-in that ${what}`, async () => {
            emulator = await startEmulator({ rateLimits: false });
            const proxy = await standIn(emulator.url, variant);
            closers.push(() => proxy.close());
            const env = emulatorEnv(emulator, { TENCENTCLOUD_ENDPOINT: proxy.url });
            const up = await run("csr", "up", { env });
            assert.equal(up.exitCode, 0, explain(up));
            const ids = resourcesOfType(up.state, CSR_TYPE).map((r) => Number(r.id));
            assert.equal(ids.length, 2);
            // Another client lists (so the stand-in has seen them) and deletes both.
            const other = emulatorClient(emulator, { "tencentcloud:endpoint": proxy.url });
            assert.equal((await describeCSRSet(other, { Limit: 100 })).Total, 2);
            await batchDeleteCSR(other, { CSRIds: ids });

            const refresh = await run("csr", "refresh", { env });
            assert.equal(refresh.exitCode, 0, explain(refresh));
            assert.ok(proxy.rewritten() >= 2, `the stand-in changed the answers (${variant})`);
            assertReadGone(up, refresh, "web");
            assertReadGone(up, refresh, "api");
            assert.equal(resourcesOfType(refresh.state, CSR_TYPE).length, 0);
        });
    }

    it("ListenerCertificateBinding: the domain was removed from the GAAP listener", async () => {
        emulator = await startEmulator({ rateLimits: false, gaapApplyDelayMs: 0 });
        const up = await run("gaap", "up", { config: { "tencent-gaap-example:waitTimeoutSeconds": "60" } });
        assert.equal(up.exitCode, 0, explain(up));
        assert.equal(resourcesOfType(up.state, GAAP_TYPE).length, 2);

        emulator.admin.removeDomain({ listenerId: "listener-emu00001", domain: "www.example.com" });
        const refresh = await run("gaap", "refresh", { config: { "tencent-gaap-example:waitTimeoutSeconds": "60" } });
        assert.equal(refresh.exitCode, 0, explain(refresh));
        assertReadGone(up, refresh, "www");
        assert.match(refresh.stdout, /www\.example\.com: the domain on listener listener-emu00001 no longer exists; dropping the binding from the stack/);
        assert.equal(findResource(refresh.state, "api")?.id, findResource(up.state, "api")!.id, "the other domain's binding stays");
        assert.equal(resourcesOfType(refresh.state, GAAP_TYPE).length, 1);
    });

    for (const apiVersion of ["2022-09-01", "2022-01-06"]) {
        it(`HostsCertificateBinding (${apiVersion}): the acceleration domain was removed from the TEO zone`, async () => {
            emulator = await startEmulator({ rateLimits: false, teoDeployDelayMs: 0 });
            const config = {
                "tencent-teo-example:apiVersion": apiVersion,
                "tencent-teo-example:hosts": "static.example.com",
                "tencent-teo-example:waitTimeoutSeconds": "60",
            };
            const up = await run("teo", "up", { config });
            assert.equal(up.exitCode, 0, explain(up));
            assert.equal(resourcesOfType(up.state, TEO_TYPE).length, 1);

            emulator.admin.removeHost({ zoneId: "zone-emu0example", host: "static.example.com" });
            const refresh = await run("teo", "refresh", { config });
            assert.equal(refresh.exitCode, 0, explain(refresh));
            assertReadGone(up, refresh, "site");
            assert.match(refresh.stdout, /none of the hosts .*static\.example\.com.* exist in zone 'zone-emu0example' any more/);
            assert.equal(resourcesOfType(refresh.state, TEO_TYPE).length, 0);
        });
    }
});
