/**
 * The resources' field tables against the official SDK models (api-models/): every `api` name a
 * table declares is a field of the request it is sent in (inputs) or of the answer it is read from
 * (outputs), dotted paths followed through nested structs. The tables build the ModifyCSR,
 * ModifyCertificate and ModifyHostsCertificate parameters from these names (fields.ts apiParams),
 * so a misspelt name would otherwise compile and only fail in the cloud (UnknownParameter).
 */
import { strict as assert } from "node:assert";
import { API_MODELS } from "../../api-models";
import type { ModelFieldType, ModelSchema } from "../../api-models/schema";
import type { FieldTable } from "../../provider/resources/common/fields";
import { CSR_FIELDS } from "../../provider/resources/csr/inputs";
import { HOSTS_FIELDS } from "../../provider/resources/hosts-certificate-binding/inputs";
import { BINDING_FIELDS } from "../../provider/resources/listener-certificate-binding/inputs";

/** An action of the models: `service version Action`. */
type ActionRef = readonly [service: string, version: string, action: string];

interface TableUse {
    resource: string;
    table: FieldTable;
    /** The actions whose requests carry the inputs. */
    sends: ActionRef[];
    /** The actions whose answers the outputs are read from. */
    reads: ActionRef[];
}

const USES: TableUse[] = [
    {
        resource: "CsrResource",
        table: CSR_FIELDS as FieldTable,
        sends: [
            ["ssl", "2019-12-05", "CreateCSR"],
            ["ssl", "2019-12-05", "ModifyCSR"],
        ],
        reads: [["ssl", "2019-12-05", "DescribeCSR"]],
    },
    {
        resource: "ListenerCertificateBinding",
        table: BINDING_FIELDS as FieldTable,
        sends: [["gaap", "2018-05-29", "ModifyCertificate"]],
        reads: [
            ["gaap", "2018-05-29", "DescribeRules"],
            ["gaap", "2018-05-29", "DescribeHTTPSListeners"],
            ["gaap", "2018-05-29", "DescribeCertificates"],
        ],
    },
    {
        resource: "HostsCertificateBinding",
        table: HOSTS_FIELDS as FieldTable,
        sends: [
            ["teo", "2022-09-01", "ModifyHostsCertificate"],
            ["teo", "2022-01-06", "ModifyHostsCertificate"],
        ],
        reads: [
            ["teo", "2022-09-01", "DescribeAccelerationDomains"],
            ["teo", "2022-01-06", "DescribeHostsCertificate"],
        ],
    },
];

function schemaOf(service: string, version: string): ModelSchema {
    const schema = (API_MODELS as Record<string, Record<string, ModelSchema> | undefined>)[service]?.[version];
    assert.ok(schema, `no model for ${service} ${version}`);
    return schema;
}

function structName(type: ModelFieldType): string | undefined {
    return typeof type === "object" ? ("struct" in type ? type.struct : structName(type.array)) : undefined;
}

/** Whether `path` ("A.B.C") names a field of struct `root` of `schema`, through nested structs. */
function pathExists(schema: ModelSchema, root: string, path: string[]): boolean {
    const struct = schema.structs[root];
    const field = struct?.[path[0]];
    if (!field) return false;
    if (path.length === 1) return true;
    const next = structName(field.type);
    return next !== undefined && pathExists(schema, next, path.slice(1));
}

/** Every struct reachable from `root` (answers nest the fields a resource reads: DomainRuleSet, HTTPSListener...). */
function reachable(schema: ModelSchema, root: string, seen = new Set<string>()): Set<string> {
    if (seen.has(root) || !schema.structs[root]) return seen;
    seen.add(root);
    for (const field of Object.values(schema.structs[root])) {
        const next = structName(field.type);
        if (next) reachable(schema, next, seen);
    }
    return seen;
}

/** `"CertificateId (DescribeHTTPSListeners)"`, `"EndTime (gaap DescribeCertificates)"` → the path and the service/action the annotation names. */
function parseApiName(api: string): { path: string[]; service?: string; action?: string } {
    const match = /^([\w.]+)(?: \((?:(\w+) )?(\w+)\))?$/.exec(api);
    assert.ok(match, `api name ${JSON.stringify(api)} is neither a field path nor 'Field (Action)' / 'Field (service Action)'`);
    return { path: match[1].split("."), service: match[2], action: match[3] };
}

/** Problems with one table: api names no candidate struct has. */
export function tableProblems(use: TableUse): string[] {
    const problems: string[] = [];
    for (const [name, field] of Object.entries(use.table)) {
        if (!field.api) continue;
        const { path, service: named, action } = parseApiName(field.api);
        const isOutput = field.presence === "output" || field.presence === "maybeOutput";
        const refs = (isOutput ? use.reads : use.sends).filter((ref) => (!action || ref[2] === action) && (!named || ref[0] === named));
        const found = refs.some(([service, version, act]) => {
            const schema = schemaOf(service, version);
            const { request, response } = schema.actions[act];
            const roots = isOutput ? [...reachable(schema, response)] : [request];
            return roots.some((root) => pathExists(schema, root, path));
        });
        if (!found) {
            const where = refs.map((r) => `${r[0]} ${r[1]} ${r[2]} ${isOutput ? "answer" : "request"}`).join(" or ");
            problems.push(`${use.resource}.${name}: api name '${field.api}' is not a field of the ${where} (official model)`);
        }
    }
    return problems;
}

describe("conformance: the resources' field tables name fields the official models have", () => {
    for (const use of USES) {
        it(`${use.resource}: every input's api name is in the request it is sent in, every output's in the answer it is read from`, () => {
            assert.ok(
                Object.values(use.table).some((f) => f.api),
                "the table declares api names",
            );
            assert.deepEqual(tableProblems(use), []);
        });
    }

    it("self-test: a misspelt name, a wrong nested name and an output named from the wrong answer are found", () => {
        const csr = USES[0];
        const table: FieldTable = {
            ...csr.table,
            remark: { ...csr.table.remark, api: "Remarks" }, // DescribeCSR's name, not the request's
            city: { ...csr.table.city, api: "Cty" },
            createTime: { ...csr.table.createTime, api: "CreatedOn" },
        };
        assert.deepEqual(tableProblems({ ...csr, table }), [
            "CsrResource.city: api name 'Cty' is not a field of the ssl 2019-12-05 CreateCSR request or ssl 2019-12-05 ModifyCSR request (official model)",
            "CsrResource.remark: api name 'Remarks' is not a field of the ssl 2019-12-05 CreateCSR request or ssl 2019-12-05 ModifyCSR request (official model)",
            "CsrResource.createTime: api name 'CreatedOn' is not a field of the ssl 2019-12-05 DescribeCSR answer (official model)",
        ]);
        const hosts = USES[2];
        const nested: FieldTable = {
            ...hosts.table,
            upstreamVerifyMode: { ...hosts.table.upstreamVerifyMode, api: "UpstreamCertInfo.UpstreamCertificateVerify.Mode" },
        };
        assert.equal(tableProblems({ ...hosts, table: nested }).length, 1);
    });
});
