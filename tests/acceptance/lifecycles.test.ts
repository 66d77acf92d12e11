/**
 * Acceptance: each resource with its lookup through create → empty preview → drift made through the
 * API → refresh → update → destroy, by the engine driver (Pulumi's program runner and dynamic-provider
 * host) running tests/programs/acceptance. Against the bundled emulator by default (no credentials;
 * part of `npm test`); with TENCENTCLOUD_ACCEPTANCE=1 against Tencent Cloud (docs/acceptance.md),
 * where a lifecycle whose objects are not named is skipped, naming the variables to set.
 *
 * Every answer is recorded through the recording relay in emulator mode (and with `--record DIR` in
 * cloud mode); the last test checks the recording: one fixture per action, secrets redacted.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import { ACCEPTANCE_ENV, acceptanceMode, acceptanceTargets, type Availability } from "../../tools/acceptance/config";
import { fixtureFileName, readFixtures } from "../../tools/acceptance/recorder";
import { FIXTURES_DIR, recordingSource } from "./support/fixtures";
import { csrLifecycle, gaapLifecycle, teoLifecycle, TEO_V20220106, TEO_V20220901 } from "./support/lifecycles";
import { openSession, type AcceptanceSession } from "./support/session";

const targets = acceptanceTargets();
/** Always against the emulator; against the cloud only with --record DIR. */
const recording: Availability<undefined> =
    acceptanceMode() === "emulator" || process.env[ACCEPTANCE_ENV.record] ? { ok: true, value: undefined } : { ok: false, missing: ["--record DIR"] };
const STEPS = "create → empty preview → drift through the API → refresh → update → destroy";

describe(`acceptance (${process.env.TENCENTCLOUD_ACCEPTANCE === "1" ? "Tencent Cloud" : "emulator"}): every resource and lookup`, function () {
    let session: AcceptanceSession;
    let failed = false;

    before(async function () {
        this.timeout(60_000);
        session = await openSession();
    });
    afterEach(function () {
        if (this.currentTest?.state === "failed") failed = true;
    });
    after(async function () {
        this.timeout(60_000);
        await session?.close(failed);
    });

    /** A test needing ids: run it, or (cloud mode only: in emulator mode every id is known) skip it naming what to set. */
    function needing<T>(title: string, ids: Availability<T>, body: (s: AcceptanceSession, value: T) => Promise<void>): void {
        if (!ids.ok) {
            it(`${title} [skipped: set ${ids.missing.join(", ")}]`, function () {
                this.skip();
            });
            return;
        }
        it(title, async function () {
            this.timeout(session.lifecycleTimeoutMs);
            await body(session, ids.value);
        });
    }
    const lifecycle = <T>(title: string, ids: Availability<T>, body: (s: AcceptanceSession, value: T) => Promise<void>) =>
        needing(`${title}: ${STEPS}`, ids, body);

    lifecycle("CsrResource + getCsrs", { ok: true, value: undefined }, (s) => csrLifecycle(s));
    lifecycle("ListenerCertificateBinding + getListenerDomains", targets.gaap, (s, t) => gaapLifecycle(s, t));
    lifecycle("HostsCertificateBinding (2022-09-01) + getZoneHosts", targets.teo, (s, t) => teoLifecycle(s, t, TEO_V20220901));
    lifecycle("HostsCertificateBinding (2022-01-06) + getZoneHosts (2022-01-06)", targets.teoV1, (s, t) => teoLifecycle(s, t, TEO_V20220106));

    needing("recorded every answer as one fixture per API action, with no secret in any of them", recording, async (session) => {
        const written = session.recorder!.writeTo(session.recordDir!, recordingSource());
        const text = written.map((f) => fs.readFileSync(f, "utf8")).join("\n");
        for (const secret of ["PRIVATE KEY-----", `Kp-${session.runId}-acceptance`, ...session.secrets]) {
            assert.ok(!text.includes(secret), `the recording must not hold ${secret.slice(0, 12)}…`);
        }
        assert.doesNotMatch(text, /"(KeyPassword|PrivateKey)": "(?!\*\*\*")/, "a key password or private key is recorded only masked");
        if (session.mode === "emulator") {
            assert.match(text, /"KeyPassword": "\*\*\*"/, "the CSR's key password was answered, and recorded masked");
            // Every action the provider, the lookups and the suite use, and no other: the committed fixtures' set.
            const expected = readFixtures(FIXTURES_DIR).map((f) => fixtureFileName(f.service, f.version, f.action));
            assert.deepEqual(
                session
                    .recorder!.fixtures("")
                    .map((f) => f.file)
                    .sort(),
                expected.sort(),
            );
        }
    });
});
