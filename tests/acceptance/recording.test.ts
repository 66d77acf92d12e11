/**
 * The pieces behind `--record` and the fixture comparison: the shape comparison finds a renamed
 * field, a changed type, an array turned scalar and a new nesting level while ignoring values; the
 * recorder masks secrets with the provider's redaction and keeps one answer per shape; the relay
 * refuses requests not signed with the run's credentials.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { DEMO_CREDENTIALS, startEmulator, type Emulator } from "../../emulator";
import { createClient } from "../../provider/tencentcloud/client";
import { describeRules } from "../../provider/tencentcloud/services/gaap";
import { resolveSettings } from "../../provider/tencentcloud/settings";
import { AnswerRecorder, readFixtures } from "../../tools/acceptance/recorder";
import type { RecordingProxy } from "../../tools/acceptance/recording-proxy";
import { acceptanceRunOfRemarks, newRunId, runClientToken, runTag } from "../../tools/acceptance/run-tag";
import { compareShapes, describeDifference, shapeOf, shapeOfAll } from "../../tools/acceptance/shape";
import { configOf } from "../support/config-source";
import { startEmulatorRelay } from "./support/emulator-relay";

const differences = (reference: unknown, actual: unknown) => compareShapes(shapeOf(reference), shapeOf(actual)).map(describeDifference);

describe("acceptance recording: shapes, redaction, relay, run tags", () => {
    describe("shape comparison", () => {
        const reference = { Total: 2, Set: [{ Id: 1, Domain: "a.example.com", Remarks: "", Tags: [] }], RequestId: "r-1" };

        it("ignores values, ids and RequestId, and treats null as any type", () => {
            const other = { Total: 900, Set: [{ Id: 77, Domain: null, Remarks: "x", Tags: [] }], RequestId: "something-else" };
            assert.deepEqual(differences(reference, other), []);
        });
        it("finds a renamed field as one lacking and one added", () => {
            const renamed = { Total: 2, Set: [{ Id: 1, DomainName: "a.example.com", Remarks: "", Tags: [] }], RequestId: "r" };
            assert.deepEqual(differences(reference, renamed), ["lacks Set[].Domain", "adds Set[].DomainName"]);
        });
        it("finds a number sent as a string, and an array answered as a scalar", () => {
            const wrong = { Total: "2", Set: 3, RequestId: "r" };
            assert.deepEqual(differences(reference, wrong), ["type Set: array → number", "type Total: number → string"]);
        });
        it("finds a field one level deeper than documented", () => {
            const nested = { Total: 2, Set: [{ Id: 1, Domain: { Name: "a.example.com" }, Remarks: "", Tags: [] }], RequestId: "r" };
            assert.deepEqual(differences(reference, nested), ["type Set[].Domain: string → object"]);
        });
        it("merges the elements of an array and the answers of an action", () => {
            const merged = shapeOfAll([{ List: [{ A: 1 }, { B: "x" }] }, { List: [], C: true }])!;
            assert.deepEqual(compareShapes(merged, shapeOf({ List: [{ A: 2, B: "y" }], C: false })), []);
            assert.deepEqual(compareShapes(merged, shapeOf({ List: [{ A: 2 }] })).map(describeDifference), ["lacks C", "lacks List[].B"]);
        });
    });

    describe("recorder", () => {
        it("masks private keys, key passwords and the credentials, keeps one answer per shape and one error per code, and writes one file per action", () => {
            const recorder = new AnswerRecorder(() => ["the-secret-key-value"]);
            const key = "-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIB\n-----END ENCRYPTED PRIVATE KEY-----\n";
            const answer = {
                Id: 5,
                KeyPassword: "Kp-123456",
                PrivateKey: key,
                CSR: "-----BEGIN CERTIFICATE REQUEST-----\nMII\n",
                Remarks: "by the-secret-key-value",
                RequestId: "r",
            };
            recorder.add("ssl", "2019-12-05", "DescribeCSR", answer);
            recorder.add("ssl", "2019-12-05", "DescribeCSR", { ...answer, Id: 6, RequestId: "r2" });
            recorder.add("ssl", "2019-12-05", "DescribeCSR", { ...answer, PrivateKey: null, KeyPassword: null });
            recorder.add("ssl", "2019-12-05", "DescribeCSR", { Error: { Code: "InvalidParameter.InvalidCSRId", Message: "no CSR 9" }, RequestId: "r3" });
            recorder.add("ssl", "2019-12-05", "DescribeCSR", { Error: { Code: "InvalidParameter.InvalidCSRId", Message: "no CSR 10" }, RequestId: "r4" });
            const [fixture] = recorder.fixtures("test");
            assert.equal(fixture.file, "ssl.2019-12-05.DescribeCSR.json");
            assert.equal(fixture.answers.length, 2, "two shapes: key and password as strings, then as null");
            assert.deepEqual(fixture.answers[0], { Id: 5, KeyPassword: "***", PrivateKey: "***", CSR: answer.CSR, Remarks: "by ***", RequestId: "r" });
            assert.deepEqual(fixture.answers[1].PrivateKey, null);
            assert.deepEqual(fixture.errors, [{ Code: "InvalidParameter.InvalidCSRId", Message: "no CSR 9" }]);

            const dir = fs.mkdtempSync(path.join(os.tmpdir(), "recorder-"));
            try {
                recorder.writeTo(dir, "unit test");
                const [read] = readFixtures(dir);
                assert.deepEqual({ ...read, file: undefined }, { ...fixture, file: undefined, source: "unit test" });
            } finally {
                fs.rmSync(dir, { recursive: true, force: true });
            }
        });
    });

    describe("relay", function () {
        this.timeout(30_000);
        let emulator: Emulator;
        let relay: RecordingProxy;
        const recorder = new AnswerRecorder();
        const clientFor = (secretId: string, secretKey: string) => {
            const config: Record<string, string> = {
                "tencentcloud:endpoint": relay.url,
                "tencentcloud:secretId": secretId,
                "tencentcloud:secretKey": secretKey,
            };
            return createClient(resolveSettings(configOf(config), {}), {});
        };

        before(async () => {
            emulator = await startEmulator({});
            relay = await startEmulatorRelay(emulator, recorder);
        });
        after(async () => {
            await relay.close();
            await emulator.close();
        });

        it("forwards a request signed with the run's credentials, signed again for the service, and records the answer", async () => {
            const answer = await describeRules(clientFor(DEMO_CREDENTIALS.secretId, DEMO_CREDENTIALS.secretKey), { ListenerId: "listener-emu00001" });
            assert.ok(answer.DomainRuleSet.length > 0);
            assert.equal(emulator.log.at(-1)?.action, "DescribeRules");
            assert.equal(recorder.fixtures("")[0]?.file, "gaap.2018-05-29.DescribeRules.json");
        });
        it("refuses a request signed with another key, before anything reaches the service", async () => {
            const before = emulator.log.length;
            await assert.rejects(
                describeRules(clientFor(DEMO_CREDENTIALS.secretId, "not-the-run-secret-key-000000"), { ListenerId: "listener-emu00001" }),
                (err: any) => {
                    assert.equal(err.code, "AuthFailure.SignatureFailure");
                    assert.match(err.message, /signature does not match the acceptance run's credentials/);
                    return true;
                },
            );
            assert.equal(emulator.log.length, before, "nothing forwarded");
        });
    });

    describe("run tags", () => {
        it("tag remarks and client tokens so the sweep finds a run's CSRs, and nothing else", () => {
            const runId = newRunId(Date.UTC(2026, 0, 2), () => 0.5);
            assert.match(runId, /^[0-9a-z]{12}$/);
            assert.equal(acceptanceRunOfRemarks(`${runTag(runId)} first [pulumi:${runClientToken(runId)}]`), runId);
            assert.equal(acceptanceRunOfRemarks(`edited in the console [pulumi:${runClientToken(runId)}]`), runId, "the token alone is enough");
            assert.equal(acceptanceRunOfRemarks(`${runTag(runId)}`), runId);
            for (const other of ["acc-short", "account list [pulumi:abc123def456]", "", null, `x ${runTag(runId)}`]) {
                assert.equal(acceptanceRunOfRemarks(other), undefined, String(other));
            }
        });
    });
});
