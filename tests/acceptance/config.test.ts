/** Which objects an acceptance run works on: the emulator's seed by default, the user's named ones in cloud mode, and which variables are missing. */
import * as assert from "node:assert/strict";
import { acceptanceMode, acceptanceTargets, csrDomainFor, EMULATOR_TARGETS } from "../../tools/acceptance/config";

describe("acceptance settings", () => {
    it("without TENCENTCLOUD_ACCEPTANCE=1: the emulator, every target known, so nothing can skip", () => {
        for (const env of [
            {},
            { TENCENTCLOUD_ACCEPTANCE: "0" },
            { TENCENTCLOUD_ACCEPTANCE: "yes", TENCENTCLOUD_ACCEPTANCE_GAAP_LISTENER_ID: "listener-real" },
        ]) {
            assert.equal(acceptanceMode(env), "emulator");
            assert.deepEqual(acceptanceTargets(env), {
                gaap: { ok: true, value: EMULATOR_TARGETS.gaap },
                teo: { ok: true, value: EMULATOR_TARGETS.teo },
                teoV1: { ok: true, value: EMULATOR_TARGETS.teoV1 },
            });
        }
    });

    it("with TENCENTCLOUD_ACCEPTANCE=1: the user's objects, and for each lifecycle the variables still missing", () => {
        const env = {
            TENCENTCLOUD_ACCEPTANCE: "1",
            TENCENTCLOUD_ACCEPTANCE_GAAP_LISTENER_ID: "listener-2y9ki1vq",
            TENCENTCLOUD_ACCEPTANCE_GAAP_DOMAIN: " www.example.org ",
            TENCENTCLOUD_ACCEPTANCE_TEO_HOST: "static.example.org",
            TENCENTCLOUD_ACCEPTANCE_TEO_CERTIFICATE_ID: "   ",
        };
        assert.equal(acceptanceMode(env), "cloud");
        const targets = acceptanceTargets(env);
        assert.deepEqual(targets.gaap, { ok: false, missing: ["TENCENTCLOUD_ACCEPTANCE_GAAP_CERTIFICATE_ID"] });
        assert.deepEqual(targets.teo, { ok: false, missing: ["TENCENTCLOUD_ACCEPTANCE_TEO_ZONE_ID", "TENCENTCLOUD_ACCEPTANCE_TEO_CERTIFICATE_ID"] });
        assert.deepEqual(targets.teoV1, targets.teo);
        const complete = acceptanceTargets({
            ...env,
            TENCENTCLOUD_ACCEPTANCE_GAAP_CERTIFICATE_ID: "cert-abc",
            TENCENTCLOUD_ACCEPTANCE_TEO_ZONE_ID: "zone-1",
            TENCENTCLOUD_ACCEPTANCE_TEO_CERTIFICATE_ID: "teo-1",
        });
        assert.deepEqual(complete.gaap, { ok: true, value: { listenerId: "listener-2y9ki1vq", domain: "www.example.org", certificateId: "cert-abc" } });
        assert.deepEqual(complete.teoV1, { ok: true, value: { zoneId: "zone-1", host: "static.example.org", certificateId: "teo-1" } });
    });

    it("CSRs go to acc-<runId>.example.com unless TENCENTCLOUD_ACCEPTANCE_CSR_DOMAIN names a domain", () => {
        assert.equal(csrDomainFor("abcdefgh1234", {}), "acc-abcdefgh1234.example.com");
        assert.equal(csrDomainFor("abcdefgh1234", { TENCENTCLOUD_ACCEPTANCE_CSR_DOMAIN: "acc.example.org" }), "acc.example.org");
    });
});
