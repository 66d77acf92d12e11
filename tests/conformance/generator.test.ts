/**
 * The model generator (tools/api-models), on small excerpts in the two SDK formats: the
 * international SDK's models.js (JSDoc types, no required marking) and the China-site SDK's .d.ts.
 * It needs no network; `npm run api-models` is what reads the real packages.
 */
import { strict as assert } from "node:assert";
import { emitModule, selectStructs } from "../../tools/api-models/emit";
import { docSaysNullable } from "../../tools/api-models/model";
import { readChinaModels } from "../../tools/api-models/read-dts";
import { parseJsDocType, readIntlModels } from "../../tools/api-models/read-intl-js";
import type { ModelSource } from "../../tools/api-models/sources";

const INTL_JS = `
const AbstractModel = require("../../common/abstract_model");

/**
 * DescribeCSR request structure.
 * @class
 */
class DescribeCSRRequest extends  AbstractModel {
    constructor(){
        super();

        /**
         * The CSR ID.
         * @type {number || null}
         */
        this.CSRId = null;

    }
}

class DescribeCSRResponse extends  AbstractModel {
    constructor(){
        super();

        /**
         * The CSR content.
Note: This field may return \`null\`, indicating that no valid value can be obtained.
         * @type {string || null}
         */
        this.CSR = null;

        /**
         * Tags.
         * @type {Array.<Tags> || null}
         */
        this.Tags = null;

    }
}

class Tags extends  AbstractModel {
    constructor(){
        super();
        /**
         * Tag key
         * @type {string || null}
         */
        this.TagKey = null;
    }
}
`;

const CHINA_DTS = `
/**
 * ModifyCertificate请求参数结构体
 */
export interface ModifyCertificateRequest {
    /**
     * 监听器实例ID
     */
    ListenerId: string;
    /**
     * 新的多客户端证书ID列表。
     */
    PolyClientCertificateIds?: Array<string>;
}
export interface ModifyCertificateResponse {
    /**
     * 监听器的通道ID，如果监听器属于通道组，则为null
     */
    ProxyId?: string;
    Ports?: Array<number | bigint>;
    RequestId?: string;
}
`;

describe("api-models generator (tools/api-models)", () => {
    it("reads JSDoc types of the international SDK", () => {
        assert.deepEqual(parseJsDocType("string || null"), { kind: "string" });
        assert.deepEqual(parseJsDocType("Array.<number> || null"), { kind: "array", of: { kind: "number" } });
        assert.deepEqual(parseJsDocType("Array.<ServerCertInfo> || null"), { kind: "array", of: { kind: "struct", name: "ServerCertInfo" } });
        assert.throws(() => parseJsDocType("Object || null"), /unsupported JSDoc type/);
    });

    it("recognizes the SDKs' null notes", () => {
        assert.equal(docSaysNullable("The CSR content.\nNote: This field may return `null`, indicating that no valid value can be obtained."), true);
        assert.equal(docSaysNullable("客户端CA证书别名\n注意：此字段可能返回 null，表示取不到有效值。"), true);
        assert.equal(docSaysNullable("监听器的通道ID，如果监听器属于通道组，则为null"), true);
        assert.equal(docSaysNullable("Whether to filter: 1 for filtering, 0 and null for no filtering."), false);
    });

    it("international models: fields, types and null notes; required fields from INTL_REQUIRED_FIELDS", () => {
        const file = readIntlModels(INTL_JS);
        assert.deepEqual(
            file.get("DescribeCSRResponse")!.fields.map((f) => [f.name, f.type, f.nullable]),
            [
                ["CSR", { kind: "string" }, true],
                ["Tags", { kind: "array", of: { kind: "struct", name: "Tags" } }, false],
            ],
        );
        const source: ModelSource = { service: "ssl", version: "2019-12-05", sdk: "intl", file: "models.js", actions: ["DescribeCSR"] };
        const structs = selectStructs(source, file);
        assert.deepEqual(
            structs.map((s) => s.name),
            ["DescribeCSRRequest", "DescribeCSRResponse", "Tags"],
        );
        assert.equal(structs[0].fields[0].required, true, "CSRId is required per sources.ts");
        const text = emitModule(source, structs);
        assert.match(text, /tencentcloud-sdk-nodejs-intl-en@\d/);
        assert.match(text, /CSRId: number;/);
        assert.match(text, /CSR\?: string \| null;/);
        assert.match(text, /DescribeCSR: \{ request: DescribeCSRRequest; response: DescribeCSRResponse \}/);
    });

    it("international models: a request struct without an INTL_REQUIRED_FIELDS entry stops the generator", () => {
        const file = readIntlModels(INTL_JS.replace(/DescribeCSR/g, "DescribeThing"));
        const source: ModelSource = { service: "ssl", version: "2019-12-05", sdk: "intl", file: "models.js", actions: ["DescribeThing"] };
        assert.throws(() => selectStructs(source, file), /has no entry for DescribeThingRequest/);
    });

    it("China-site models: `?` marks optional, `number | bigint` is a number, null notes in comments", () => {
        const file = readChinaModels(CHINA_DTS);
        const source: ModelSource = { service: "gaap", version: "2018-05-29", sdk: "china", file: "gaap_models.d.ts", actions: ["ModifyCertificate"] };
        const [request, response] = selectStructs(source, file);
        assert.deepEqual(
            request.fields.map((f) => [f.name, f.required]),
            [
                ["ListenerId", true],
                ["PolyClientCertificateIds", false],
            ],
        );
        assert.deepEqual(
            response.fields.map((f) => [f.name, f.type, f.nullable]),
            [
                ["ProxyId", { kind: "string" }, true],
                ["Ports", { kind: "array", of: { kind: "number" } }, false],
                ["RequestId", { kind: "string" }, false],
            ],
        );
    });
});
