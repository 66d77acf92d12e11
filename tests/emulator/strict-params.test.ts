/**
 * The emulator refuses what the real API refuses, driven by the official models (api-models/):
 * a parameter the model does not have (UnknownParameter), a required one missing
 * (MissingParameter), a wrong JSON type (InvalidParameter), nested too; and it never answers a
 * field the model does not have. Every action the emulator serves is covered, found from its
 * registry, so an action added later is checked the same way.
 */
import { strict as assert } from "node:assert";
import { API_MODELS } from "../../api-models";
import type { ModelField, ModelFieldType, ModelSchema } from "../../api-models/schema";
import { startEmulator, type Emulator } from "../../emulator";
import { validateAnswer } from "../../emulator/params";
import { emulatedActions } from "../../emulator/services";
import { call, codeOf } from "../support/raw-api-call";

const modelOf = (service: string, version: string): ModelSchema => (API_MODELS as unknown as Record<string, Record<string, ModelSchema>>)[service][version];

/** A value of the right JSON type, with every required field of a struct. */
function validValue(model: ModelSchema, type: ModelFieldType): unknown {
    if (type === "string") return "x";
    if (type === "number") return 1;
    if (type === "boolean") return true;
    if ("array" in type) return [];
    return requiredFields(model, type.struct);
}

function requiredFields(model: ModelSchema, struct: string): Record<string, unknown> {
    const fields = Object.entries(model.structs[struct]).filter(([, f]) => f.required);
    return Object.fromEntries(fields.map(([name, f]) => [name, validValue(model, f.type)]));
}

/** A value of another JSON type than the field's. */
const wrongValue = (field: ModelField): unknown => (field.type === "string" ? 12 : "12");

describe("emulator: strict parameters and answers, from the official models", () => {
    let emu: Emulator;
    before(async () => {
        emu = await startEmulator({ port: 0, rateLimits: false });
    });
    after(() => emu.close());

    for (const { service, version, action } of emulatedActions()) {
        const model = modelOf(service, version);
        const request = model.actions[action].request;
        const send = (params: object) => call(emu.url, service, action, params, { version });

        it(`${service} ${version} ${action}: UnknownParameter for a field the model lacks`, async () => {
            const unknown = await send({ ...requiredFields(model, request), NotInTheModel: 1 });
            assert.equal(codeOf(unknown), "UnknownParameter");
            assert.match(unknown.Error.Message, /`NotInTheModel`/);
        });

        it(`${service} ${version} ${action}: MissingParameter for each required field, InvalidParameter for each wrong type`, async () => {
            const valid = requiredFields(model, request);
            for (const name of Object.keys(valid)) {
                const { [name]: _left, ...without } = valid;
                const missing = await send(without);
                assert.equal(codeOf(missing), "MissingParameter", name);
                assert.match(missing.Error.Message, new RegExp(`\`${name}\``));
            }
            for (const [name, field] of Object.entries(model.structs[request])) {
                const wrong = await send({ ...valid, [name]: wrongValue(field) });
                assert.equal(codeOf(wrong), "InvalidParameter", name);
                assert.match(wrong.Error.Message, new RegExp(`\`${name}\``));
            }
        });
    }

    it("refuses the fields only the China-site documents or no model list (SubjectAltName, ServerCertInfo.Status, CertInfos.CommonName, 2022-01-06 SignAlgo)", async () => {
        const subject = { Domain: "a.example.com", Organization: "O", Department: "D", Email: "a@example.com", Province: "P", City: "C", Country: "CN" };
        const csr = await call(emu.url, "ssl", "CreateCSR", {
            ...subject,
            EncryptAlgo: "RSA",
            KeyParameter: "2048",
            Generate: false,
            SubjectAltName: ["b.example.com"],
        });
        assert.deepEqual([codeOf(csr), csr.Error.Message], ["UnknownParameter", "The parameter `SubjectAltName` is not recognized."]);
        const host = { ZoneId: "zone-emu0example", Hosts: ["www.example.com"] };
        const status = await call(emu.url, "teo", "ModifyHostsCertificate", { ...host, ServerCertInfo: [{ CertId: "teo-cert-www", Status: "deployed" }] });
        assert.deepEqual([codeOf(status), status.Error.Message], ["UnknownParameter", "The parameter `ServerCertInfo.0.Status` is not recognized."]);
        const commonName = await call(emu.url, "teo", "ModifyHostsCertificate", {
            ...host,
            ClientCertInfo: { Switch: "on", CertInfos: [{ CertId: "teo-cert-ca", CommonName: "ca" }] },
        });
        assert.deepEqual(
            [codeOf(commonName), commonName.Error.Message],
            ["UnknownParameter", "The parameter `ClientCertInfo.CertInfos.0.CommonName` is not recognized."],
        );
        const signAlgo = await call(
            emu.url,
            "teo",
            "ModifyHostsCertificate",
            { ...host, CertInfo: [{ CertId: "teo-cert-www", SignAlgo: "RSA 2048" }] },
            { version: "2022-01-06" },
        );
        assert.deepEqual([codeOf(signAlgo), signAlgo.Error.Message], ["UnknownParameter", "The parameter `CertInfo.0.SignAlgo` is not recognized."]);
    });

    it("checks array elements and takes null as absent", async () => {
        const element = await call(emu.url, "ssl", "BatchDeleteCSR", { CSRIds: [1, "2"] });
        assert.deepEqual(
            [codeOf(element), element.Error.Message],
            ["InvalidParameter", "The value type of parameter `CSRIds.1` is not valid: expected integer."],
        );
        const nested = await call(emu.url, "teo", "ModifyHostsCertificate", {
            ZoneId: "zone-emu0example",
            Hosts: ["www.example.com"],
            ServerCertInfo: [{ CertId: 7 }],
        });
        assert.deepEqual(
            [codeOf(nested), nested.Error.Message],
            ["InvalidParameter", "The value type of parameter `ServerCertInfo.0.CertId` is not valid: expected string."],
        );
        assert.equal(codeOf(await call(emu.url, "ssl", "DescribeCSRSet", { Limit: null, Domain: null })), "OK");
        assert.equal(codeOf(await call(emu.url, "ssl", "DescribeCSR", { CSRId: null })), "MissingParameter");
    });

    it("an answer with a field or type the model lacks is an emulator bug (InternalError naming it)", () => {
        const ssl = modelOf("ssl", "2019-12-05");
        assert.doesNotThrow(() => validateAnswer({ Total: 0, Set: [] }, ssl, "DescribeCSRSet"));
        assert.throws(
            () => validateAnswer({ Total: 1, Set: [{ Id: 1, SignAlgo: "RSA" }] }, ssl, "DescribeCSRSet"),
            (e: any) => e.code === "InternalError" && /`Set\.0\.SignAlgo`, which the model does not have/.test(e.message),
        );
        assert.throws(
            () => validateAnswer({ Id: "1" }, ssl, "CreateCSR"),
            (e: any) => e.code === "InternalError" && /`Id` of the wrong type/.test(e.message),
        );
        // null only where the model says the field may be null (DescribeCSR: CSR yes, Domain no).
        assert.doesNotThrow(() => validateAnswer({ Id: 1, CSR: null }, ssl, "DescribeCSR"));
        assert.throws(() => validateAnswer({ Id: 1, Domain: null }, ssl, "DescribeCSR"), /`Domain` of the wrong type/);
    });
});
