/**
 * When faults outlast the retries, the error a user sees must be readable: it names the resource's
 * call, keeps the API's code and RequestId (once), says the call was retried, and carries no
 * secret. One persistent fault per resource, with attempts capped so the test is quick.
 */
import * as assert from "node:assert/strict";
import { startEmulator, type Emulator, type FaultKind } from "../../emulator";
import { csrProviderImpl } from "../../provider/resources/csr/provider";
import { CsrProcessState } from "../../provider/resources/csr/remote";
import { hostsCertificateBindingProviderImpl } from "../../provider/resources/hosts-certificate-binding/provider";
import { listenerCertificateBindingProviderImpl } from "../../provider/resources/listener-certificate-binding/provider";
import { testClient } from "../support/emulator-client";
import { quickSleep } from "../support/quick-sleep";
import { recordingLogger } from "../support/recording-logger";

const CASES: { resource: string; service: "ssl" | "gaap" | "teo"; kind: FaultKind; expect: RegExp }[] = [
    { resource: "CsrResource", service: "ssl", kind: "internalError", expect: /ssl\.DescribeCSRSet: InternalError/ },
    { resource: "CsrResource", service: "ssl", kind: "http502", expect: /ssl\.DescribeCSRSet: HTTP 502 without an API answer/ },
    { resource: "ListenerCertificateBinding", service: "gaap", kind: "internalError", expect: /gaap\.Describe\w+: InternalError/ },
    { resource: "ListenerCertificateBinding", service: "gaap", kind: "throttle", expect: /gaap\.Describe\w+: RequestLimitExceeded/ },
    { resource: "HostsCertificateBinding", service: "teo", kind: "internalError", expect: /DescribeAccelerationDomains[\s\S]*InternalError/ },
    { resource: "HostsCertificateBinding", service: "teo", kind: "http503", expect: /DescribeAccelerationDomains[\s\S]*HTTP 503/ },
];

describe("reliability: errors that outlast the retries are readable", function () {
    this.timeout(60_000);
    let emulator: Emulator;

    before(async () => {
        emulator = await startEmulator({ rateLimits: false });
    });
    after(() => emulator?.close());

    for (const c of CASES) {
        it(`${c.resource}, every call ${c.kind}: names the call, code once, RequestId once, attempts`, async () => {
            emulator.admin.reset();
            emulator.admin.setFaults({ faults: { seed: 1, rules: [{ service: c.service, probability: 1, kind: c.kind }] } });
            const log = recordingLogger();
            const api = testClient(emulator, { logger: log, config: { "tencentcloud:maxAttempts": "3" } });
            const client = () => api;
            let create: () => Promise<unknown>;
            if (c.resource === "CsrResource") {
                const p = csrProviderImpl({ client, log, sleep: quickSleep, state: new CsrProcessState() });
                const inputs = (
                    await p.check!(
                        {},
                        {
                            domain: "www.example.com",
                            organization: "O",
                            department: "D",
                            email: "a@example.com",
                            province: "P",
                            city: "C",
                            country: "CN",
                            generate: false,
                        },
                    )
                ).inputs;
                create = () => p.create!(inputs);
            } else if (c.resource === "ListenerCertificateBinding") {
                const p = listenerCertificateBindingProviderImpl({ client, log });
                const inputs = (await p.check!({}, { listenerId: "listener-emu00001", domain: "www.example.com", certificateId: "cert-emuwww01" })).inputs;
                create = () => p.create!(inputs);
            } else {
                const p = hostsCertificateBindingProviderImpl({ client, log, pollIntervalMs: 20 });
                const inputs = (await p.check!({}, { zoneId: "zone-emu0example", hosts: ["static.example.com"], mode: "eofreecert" })).inputs;
                create = () => p.create!(inputs);
            }
            const err: any = await create().then(
                () => assert.fail("a persistent fault must surface"),
                (e) => e,
            );
            await api.close();
            emulator.admin.setFaults({ faults: null });
            const message = String(err.message);
            assert.match(message, c.expect);
            const requestIds = message.match(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g) ?? [];
            if (!/^http/.test(c.kind)) {
                assert.equal(requestIds.length, 1, `the RequestId appears exactly once: ${message}`);
                assert.equal(new Set(requestIds).size, 1);
            }
            assert.match(message, /gave up after 3 attempts/, message);
            assert.ok(emulator.log.filter((e) => e.fault).length >= 3, "the call was retried");
            console.log(`      ${c.resource}: ${message.slice(0, 260)}`);
        });
    }
});
