/**
 * The docs agree with the field tables: docs/resources/*.md carry the tables rendered from them
 * (UPDATE_FIELD_DOCS=1 rewrites those), and README's per-resource tables name exactly the inputs
 * and outputs of each table, "yes" in the required column exactly for required inputs.
 */
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { FieldTable, inputNames, outputNames } from "../../provider/resources/common/fields";
import { CSR_FIELDS } from "../../provider/resources/csr/inputs";
import { HOSTS_FIELDS } from "../../provider/resources/hosts-certificate-binding/inputs";
import { BINDING_FIELDS } from "../../provider/resources/listener-certificate-binding/inputs";
import { between, inputsTable, namesIn, outputsTable, replaceBetween, tableAfter } from "../support/field-docs";

const ROOT = path.resolve(__dirname, "../..");

const RESOURCES: { name: string; doc: string; fields: FieldTable }[] = [
    { name: "CsrResource", doc: "docs/resources/csr.md", fields: CSR_FIELDS },
    { name: "ListenerCertificateBinding", doc: "docs/resources/listener-certificate-binding.md", fields: BINDING_FIELDS },
    { name: "HostsCertificateBinding", doc: "docs/resources/hosts-certificate-binding.md", fields: HOSTS_FIELDS },
];

const programInputs = (fields: FieldTable) => inputNames(fields).filter((name) => fields[name].presence !== "internal");

describe("docs agree with the field tables", () => {
    for (const { name, doc, fields } of RESOURCES) {
        it(`${doc} carries the inputs and outputs tables of ${name}'s field table`, () => {
            const file = path.join(ROOT, doc);
            let markdown = fs.readFileSync(file, "utf8");
            const expected = { inputs: inputsTable(fields), outputs: outputsTable(fields) };
            if (process.env.UPDATE_FIELD_DOCS === "1") {
                markdown = replaceBetween(replaceBetween(markdown, "inputs", expected.inputs), "outputs", expected.outputs);
                fs.writeFileSync(file, markdown);
            }
            for (const part of ["inputs", "outputs"] as const) {
                assert.equal(
                    between(markdown, part),
                    expected[part],
                    `${doc}: the ${part} table differs from the field table (UPDATE_FIELD_DOCS=1 rewrites it)`,
                );
            }
        });

        it(`README's ${name} tables name each input and output of the field table once`, () => {
            const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
            const inputRows = tableAfter(readme, `### ${name}`, 0);
            const listed = inputRows.flatMap((row) => namesIn(row[0]));
            assert.deepEqual([...listed].sort(), programInputs(fields).sort(), "README inputs");
            for (const row of inputRows) {
                for (const input of namesIn(row[0])) {
                    assert.equal(row[1] === "yes", fields[input].presence === "required", `README: required column of ${input}`);
                }
            }
            const outputs = tableAfter(readme, `### ${name}`, 1).flatMap((row) => namesIn(row[0]));
            assert.deepEqual([...outputs].sort(), outputNames(fields).sort(), "README outputs");
        });
    }

    it("renders each input once, with its required flag, default, change and API name", () => {
        const table = inputsTable(CSR_FIELDS);
        assert.match(table, /^\| `domain` \| string \| yes \| — \| in place before generation; replaces once generated \| `Domain` \| Subject CN/m);
        assert.match(table, /^\| `tags` \| .* \| no \| — \| replaces \| `Tags` \|/m);
        assert.match(table, /^\| `region` \| string \| no \| — \| in place, no API call \| — \|/m);
        assert.match(table, /^\| `keyPassword` \|.*\*\*Secret\.\*\* \|$/m);
        assert.equal(table.split("\n").filter((line) => line.startsWith("| `domain`")).length, 1);
        assert.match(outputsTable(CSR_FIELDS), /^\| `privateKey` \| string \| when known \| `PrivateKey` \| .*\*\*Secret\.\*\* \|$/m);
    });
});
