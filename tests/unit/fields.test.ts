/** The field table machinery (resources/common/fields.ts): check, diff, API parameters, id lists. */
import { strict as assert } from "node:assert";
import {
    apiParams,
    checkFields,
    defaulted,
    diffFields,
    optional,
    output,
    readOutputs,
    required,
    sameIds,
    sameValue,
} from "../../provider/resources/common/fields";
import { UNKNOWN_VALUE } from "../../provider/resources/common/wire";

const TABLE = {
    name: required<string>({ api: "Name", type: "string", doc: "the name, e.g. www" }),
    size: defaulted<number>({ api: "Spec.Size", type: "number", doc: "a size", default: 2 }),
    ids: optional<string[]>({ api: "Spec.Ids", type: "string[]", doc: "ids", encode: (ids) => ids.map((Id) => ({ Id })) }),
    note: optional<string>({ type: "string", doc: "a local note", change: "local", absentAs: "" }),
    frozen: optional<boolean>({ type: "boolean", doc: "replaces once frozen", change: (olds) => (olds.done ? "replace" : "update") }),
    count: output<number>({ api: "Count", type: "number", doc: "remote count", read: (source: { Count: number }) => source.Count }),
};

describe("field tables", () => {
    it("sameIds: order does not matter, each occurrence counts, an absent list only equals an absent one", () => {
        assert.equal(sameIds(["a", "b"], ["b", "a"]), true);
        assert.equal(sameIds(["a", "a"], ["a"]), false);
        assert.equal(sameIds(["a", "a", "b"], ["a", "b", "b"]), false, "same length and members, other counts");
        assert.equal(sameIds([], []), true);
        assert.equal(sameIds(undefined, []), false, "unset (leave as is) is not [] (none)");
        assert.equal(sameIds(undefined, undefined), true);
        assert.equal(sameValue({ a: ["x", "y"] }, { a: ["y", "x"] }), true, "lists inside values compare the same way");
    });

    it("check: required, defaults, unknown placeholders passed through, nothing undefined, unknown names listed", () => {
        assert.deepEqual(checkFields("Thing", TABLE, { name: "www" }), { inputs: { name: "www", size: 2 }, failures: [] });
        assert.deepEqual(checkFields("Thing", TABLE, { name: UNKNOWN_VALUE, ids: [UNKNOWN_VALUE] }).inputs, {
            name: UNKNOWN_VALUE,
            size: 2,
            ids: [UNKNOWN_VALUE],
        });
        const failed = checkFields("Thing", TABLE, { size: undefined, nmae: "x", count: 3, __provider: "p" });
        assert.deepEqual(failed.failures, [
            { property: "nmae", reason: "unknown input 'nmae'; Thing takes: name, size, ids, note, frozen" },
            { property: "name", reason: "name is required: the name, e.g. www" },
        ]);
        assert.deepEqual(failed.inputs, { size: 2 }, "output-only names and __provider are tolerated and left out");
    });

    it("diff: absent values compare as absentAs or the default, a change kind may depend on the old outputs, local changes are named", () => {
        const olds = { name: "www", size: 2, count: 1 };
        assert.deepEqual(diffFields(TABLE, olds, { name: "www" }), { changed: [], replaces: [] });
        assert.deepEqual(diffFields(TABLE, olds, { name: "www", note: "" }), { changed: [], replaces: [] });
        assert.deepEqual(diffFields(TABLE, olds, { name: "www", note: "n", size: 3 }), { changed: ["size", "note"], replaces: [] });
        assert.deepEqual(diffFields(TABLE, olds, { name: "www", frozen: true }), { changed: ["frozen"], replaces: [] });
        assert.deepEqual(diffFields(TABLE, { ...olds, done: true }, { name: "www", frozen: true }), { changed: ["frozen"], replaces: ["frozen"] });
        assert.deepEqual(diffFields(TABLE, olds, { name: "www", ids: ["a", UNKNOWN_VALUE] }).changed, ["ids"], "a placeholder counts as a change");
    });

    it("API parameters by the table's names (nested paths, encode), outputs by each field's read", () => {
        assert.deepEqual(apiParams(TABLE, { name: "www", size: 3, ids: ["a"], note: "n", count: 9 }), { Name: "www", Spec: { Size: 3, Ids: [{ Id: "a" }] } });
        assert.deepEqual(apiParams(TABLE, { name: "www", size: 3 }, ["size"]), { Spec: { Size: 3 } });
        assert.deepEqual(readOutputs(TABLE, { Count: 4 }), { count: 4 });
    });
});
