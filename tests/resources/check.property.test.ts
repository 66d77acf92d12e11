/**
 * Property tests (fast-check) of the resources' check (issue 18 item 2): 10,000 generated input
 * objects per resource (wrong types, missing and extra fields, null, undefined, nested objects,
 * unicode, very long strings, unknown placeholders, wrapped secrets, near-valid objects with up to
 * three fields broken) through check as the wrapper runs it, preview verification on, against a
 * scripted API (listeners, zones, SSL and GAAP certificates; some reads refused). Each answer is
 * accepted or refused with failures each naming a property, holds no undefined and serializes as
 * the host does; anything thrown is a crash. A failure prints fast-check's seed and counterexample;
 * replay with FC_SEED=<seed> (and FC_PATH). The host side: check.host.property.test.ts.
 */
import * as assert from "node:assert/strict";
import fc from "fast-check";
import type { FieldTable } from "../../provider/resources/common/fields";
import { VerificationState } from "../../provider/resources/common/verify";
import { CSR_FIELDS } from "../../provider/resources/csr/inputs";
import { csrProviderImpl } from "../../provider/resources/csr/provider";
import { CsrProcessState } from "../../provider/resources/csr/remote";
import { HOSTS_FIELDS } from "../../provider/resources/hosts-certificate-binding/inputs";
import { hostsCertificateBindingProviderImpl } from "../../provider/resources/hosts-certificate-binding/provider";
import { BINDING_FIELDS } from "../../provider/resources/listener-certificate-binding/inputs";
import { listenerCertificateBindingProviderImpl } from "../../provider/resources/listener-certificate-binding/provider";
import { TencentCloudError } from "../../provider/tencentcloud/errors";
import { silentLogger } from "../../provider/tencentcloud/log";
import { assertBothOutcomes, assertCheckAnswer, type CheckTally } from "../support/check-answers";
import { FakeCertificateApi } from "../support/certificate-api";
import { CHECK_INPUT_KINDS, CHECK_WORLD, checkInputs, type CheckInputKind } from "../support/check-inputs";
import { assertProperty } from "../support/hostile-inputs";

const NOW = Date.parse("2030-01-01T00:00:00Z");
const DAY = 86_400_000;
const iso = (days: number) => new Date(NOW + days * DAY).toISOString();

/** The scripted account: {@link CHECK_WORLD} (what the generators' plausible values refer to), and maybe a read it refuses. */
function scriptedApi(refused: string | undefined): FakeCertificateApi {
    const api = new FakeCertificateApi();
    Object.entries(CHECK_WORLD.listeners).forEach(([id, domains]) => api.listeners.set(id, domains));
    Object.entries(CHECK_WORLD.zones).forEach(([id, hosts]) => api.zones.set(id, hosts));
    api.addGaap(...CHECK_WORLD.gaap.map((c) => ({ ...c, endTime: iso(c.days) })));
    api.addSsl(...CHECK_WORLD.ssl.map((c) => ({ ...c, endTime: iso(c.days) })));
    if (refused) {
        const [service, action] = refused.split(".");
        api.failures.set(refused, new TencentCloudError("AuthFailure.UnauthorizedOperation", "not allowed", { service: service as never, action }));
    }
    return api;
}

const TABLES: Record<CheckInputKind, FieldTable> = { csr: CSR_FIELDS, gaap: BINDING_FIELDS, teo: HOSTS_FIELDS } as Record<CheckInputKind, FieldTable>;

/** A provider of `kind` as runtime builds it (verification on), over a fresh process state: every run starts cold. */
function providerFor(kind: CheckInputKind, api: FakeCertificateApi) {
    const state = new VerificationState(() => NOW);
    const deps = {
        client: () => api,
        log: silentLogger,
        now: () => NOW,
        sleep: async () => undefined,
        expiryWarningDays: () => 30,
        previewChecks: { state: () => state, enabled: () => true },
    };
    if (kind === "csr") return csrProviderImpl({ ...deps, state: new CsrProcessState() });
    return kind === "gaap" ? listenerCertificateBindingProviderImpl(deps) : hostsCertificateBindingProviderImpl(deps);
}

const refusedRead = fc.constantFrom(
    undefined,
    undefined,
    undefined,
    "ssl.DescribeCertificates",
    "gaap.DescribeCertificates",
    "gaap.DescribeRules",
    "ssl.DescribeCSRSet",
);

describe("resources: property tests of check (fast-check, preview verification on a scripted API)", function () {
    // 10,000 runs per resource, a few with 100k-character strings: seconds, not minutes.
    this.timeout(300_000);

    for (const kind of CHECK_INPUT_KINDS) {
        const table = TABLES[kind];
        it(`${kind}: every generated input object is accepted or refused naming a property; 0 crashes, 0 undefined`, async () => {
            const tally: CheckTally = { accepted: 0, refused: 0 };
            let verifyingCalls = 0;
            await assertProperty(fc.tuple(checkInputs(kind), refusedRead), async ([[next, old], refused]) => {
                const api = scriptedApi(refused);
                const answer = await providerFor(kind, api).check!(old as never, next as never);
                assertCheckAnswer(kind, table, next, answer, tally);
                verifyingCalls += api.calls.length;
            });
            assertBothOutcomes(kind, tally, `; ${verifyingCalls} verifying calls on the scripted API`);
            assert.ok(verifyingCalls > 0, "valid inputs reached the verification");
        });
    }
});
