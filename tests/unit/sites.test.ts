/**
 * `tencentcloud:site`: what each site offers (provider/tencentcloud/sites.ts). China: the CSR calls
 * go to the China ssl endpoint (its API documents list them); EdgeOne 2022-01-06 host certificates
 * are refused at preview (check) and, should a call still be made, before it is sent.
 */
import { strict as assert } from "node:assert";
import { startEmulator, type Emulator } from "../../emulator";
import * as runtime from "../../provider/runtime";
import { resolveEndpoints } from "../../provider/tencentcloud/endpoints";
import { ConfigError } from "../../provider/tencentcloud/errors";
import { createCSR, describeCSR } from "../../provider/tencentcloud/services/ssl";
import { modifyHostsCertificateV20220106 } from "../../provider/tencentcloud/services/teo";
import { refusedBySite, siteSupports } from "../../provider/tencentcloud/sites";
import { configOf } from "../support/config-source";
import { emulatorClient } from "../support/emulator-client";
import { isolateRuntimeEnv } from "../support/temp-home";

const CSR_ACTIONS = ["CreateCSR", "DescribeCSR", "DescribeCSRSet", "ModifyCSR", "BatchDeleteCSR"];
const V1_HOST_ACTIONS = ["ModifyHostsCertificate", "DescribeHostsCertificate"];

describe("sites: what tencentcloud:site offers", () => {
    it("china offers the CSR actions and teo 2022-09-01, not teo 2022-01-06 host certificates; intl and an unset site offer everything", () => {
        for (const action of CSR_ACTIONS) assert.deepEqual(siteSupports("china", "ssl", "2019-12-05", action), { supported: true }, action);
        for (const action of ["ModifyHostsCertificate", "DescribeAccelerationDomains"])
            assert.deepEqual(siteSupports("china", "teo", "2022-09-01", action), { supported: true });
        for (const action of V1_HOST_ACTIONS) {
            const china = siteSupports("china", "teo", "2022-01-06", action);
            assert.equal(china.supported, false, action);
            assert.match(
                !china.supported ? china.reason : "",
                /no longer has ModifyHostsCertificate\/DescribeHostsCertificate in version 2022-01-06.*use apiVersion "2022-09-01"/,
            );
            assert.deepEqual(siteSupports("intl", "teo", "2022-01-06", action), { supported: true });
            assert.deepEqual(siteSupports(undefined, "teo", "2022-01-06", action), { supported: true });
        }
    });

    it("site china sends CSR calls to ssl.tencentcloudapi.com, site intl to ssl.intl.tencentcloudapi.com", () => {
        assert.equal(resolveEndpoints({ site: { value: "china", from: "tencentcloud:site" } }).ssl.origin, "https://ssl.tencentcloudapi.com");
        assert.equal(resolveEndpoints({ site: { value: "intl", from: "tencentcloud:site" } }).ssl.origin, "https://ssl.intl.tencentcloudapi.com");
    });

    it("refusedBySite builds no client for an action every site offers", () => {
        const noClient = () => assert.fail("no client should be built");
        assert.deepEqual(refusedBySite(noClient, "apiVersion", "teo", "2022-09-01", "ModifyHostsCertificate"), []);
        assert.deepEqual(refusedBySite(noClient, "apiVersion", "ssl", "2019-12-05", "CreateCSR"), []);
    });

    describe("against the emulator", () => {
        let emu: Emulator;
        before(async () => {
            emu = await startEmulator({ port: 0, rateLimits: false });
        });
        after(() => emu.close());
        beforeEach(() => emu.admin.reset());

        it("site china: the client refuses a teo 2022-01-06 host-certificate call before sending it, naming tencentcloud:site", async () => {
            const api = emulatorClient(emu, { "tencentcloud:site": "china" });
            await assert.rejects(
                modifyHostsCertificateV20220106(api, { ZoneId: "zone-emu0example", Hosts: ["www.example.com"] }),
                (e: any) =>
                    e instanceof ConfigError &&
                    e.setting === "tencentcloud:site" &&
                    /teo\.ModifyHostsCertificate 2022-01-06 is not available with tencentcloud:site 'china'/.test(e.message),
            );
            assert.deepEqual(
                emu.log.map((e) => e.action),
                [],
            );
            await modifyHostsCertificateV20220106(emulatorClient(emu, { "tencentcloud:site": "intl" }), {
                ZoneId: "zone-emu0example",
                Hosts: ["www.example.com"],
            });
            assert.deepEqual(
                emu.log.map((e) => [e.version, e.action, e.code]),
                [["2022-01-06", "ModifyHostsCertificate", "OK"]],
            );
        });

        it("site china: CSR calls are sent (the China-site API documents list them)", async () => {
            const api = emulatorClient(emu, { "tencentcloud:site": "china" });
            const subject = {
                Domain: "china.example.com",
                Organization: "O",
                Department: "D",
                Email: "a@example.com",
                Province: "P",
                City: "C",
                Country: "CN",
            };
            const { Id } = await createCSR(api, { ...subject, EncryptAlgo: "RSA", KeyParameter: "2048", Generate: false });
            assert.equal((await describeCSR(api, { CSRId: Id })).Domain, "china.example.com");
            assert.deepEqual(
                emu.log.map((e) => [e.service, e.action, e.code]),
                [
                    ["ssl", "CreateCSR", "OK"],
                    ["ssl", "DescribeCSR", "OK"],
                ],
            );
        });
    });

    describe("HostsCertificateBinding check (preview), as the shim calls it", () => {
        isolateRuntimeEnv();
        const news = { zoneId: "zone-emu0example", hosts: ["www.example.com"], resourceName: "site" };
        const config = (extra: Record<string, string>) =>
            configOf({
                "tencentcloud:secretId": "AKIDsite",
                "tencentcloud:secretKey": "site-secret-key",
                "tencentcloud:endpoint": "http://127.0.0.1:9",
                // Offline: the site's refusal needs no call (preview checks would sign some).
                "tencentcloud:previewChecks": "false",
                ...extra,
            });
        const check = (extra: Record<string, string>, apiVersion: string) => {
            runtime.configure(config(extra));
            return runtime.providerFor("hostsCertificateBinding").check!(
                {},
                { ...news, apiVersion, ...(apiVersion === "2022-01-06" ? { certIds: [] } : { mode: "eofreecert" }) },
            );
        };

        it("site china refuses apiVersion 2022-01-06 with the reason and the fix; 2022-09-01, site intl and no site pass", async () => {
            const refused = await check({ "tencentcloud:site": "china" }, "2022-01-06");
            assert.deepEqual(
                refused.failures?.map((f) => f.property),
                ["apiVersion"],
            );
            assert.match(
                refused.failures![0].reason,
                /not available with tencentcloud:site 'china': the China-site EdgeOne API no longer has .* use apiVersion "2022-09-01"/,
            );
            for (const [extra, version] of [
                [{ "tencentcloud:site": "china" }, "2022-09-01"],
                [{ "tencentcloud:site": "intl" }, "2022-01-06"],
                [{}, "2022-01-06"],
            ] as const) {
                const ok = await check(extra, version);
                assert.equal(ok.failures, undefined, `${JSON.stringify(extra)} ${version}: ${JSON.stringify(ok.failures)}`);
            }
        });
    });
});
