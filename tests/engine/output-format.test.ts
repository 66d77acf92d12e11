/**
 * What the driver prints, checked against the Pulumi CLI's own formats (pkg/backend/display:
 * renderSummaryEvent for "Resources:", object_diff.go printObject for outputs), and how failures
 * read: Check failures are not called "updating failed", the stack is not counted as created when
 * every real resource failed, and provider errors are one line without stack frames unless -v.
 */
import { strict as assert } from "assert";
import { renderObject, summaryLines, withoutStack } from "../../tools/engine/output";
import { hideSdkPayloads, SecretRedactor } from "../../tools/engine/redact";
import { makeSecret, UNKNOWN } from "../../tools/engine/values";
import { ProgramFixture } from "../support/program-fixture";
import { expectOk } from "../support/run-output";

const none = { create: 0, update: 0, replace: 0, delete: 0, same: 0, failed: 0 };

describe("engine driver: output format", () => {
    it("summary block: one prefixed line per kind of change, the total when two or more kinds, unchanged, errored", () => {
        assert.deepEqual(summaryLines(false, { ...none, create: 6 }), ["Resources:", "    + 6 created"]);
        assert.deepEqual(summaryLines(true, { ...none, create: 1, same: 2 }), ["Resources:", "    + 1 to create", "    2 unchanged"]);
        assert.deepEqual(summaryLines(false, { ...none, create: 1, update: 2, delete: 3, replace: 4, same: 5, failed: 1 }), [
            "Resources:",
            "    + 1 created",
            "    ~ 2 updated",
            "    - 3 deleted",
            "    +-4 replaced",
            "    10 changes. 5 unchanged",
            "    1 errored",
        ]);
        assert.deepEqual(summaryLines(true, { ...none, update: 1, replace: 1, same: 1 }), [
            "Resources:",
            "    ~ 1 to update",
            "    +-1 to replace",
            "    2 changes. 1 unchanged",
        ]);
        assert.deepEqual(summaryLines(false, { ...none, failed: 2 }), ["Resources:", "    2 errored"]);
    });

    it("outputs: keys sorted and aligned, strings quoted, nested objects and arrays as an indented tree, secrets hidden", () => {
        const text = renderObject(
            {
                name: "web",
                count: 2,
                enabled: true,
                nothing: null,
                tags: { env: "prod", owner: { team: "certs", oncall: ["ann", "bo"] } },
                list: [1, { a: "x" }],
                empty: {},
                none: [],
                token: makeSecret("s3cr3t-value"),
                nestedSecret: { key: makeSecret("k3y-value") },
                pending: UNKNOWN,
            },
            1,
            false,
        );
        assert.equal(
            text,
            [
                "    count       : 2",
                "    empty       : {}",
                "    enabled     : true",
                "    list        : [",
                "        [0]: 1",
                "        [1]: {",
                '            a: "x"',
                "        }",
                "    ]",
                '    name        : "web"',
                "    nestedSecret: {",
                "        key: [secret]",
                "    }",
                "    none        : []",
                "    nothing     : null",
                "    pending     : output<string>",
                "    tags        : {",
                '        env  : "prod"',
                "        owner: {",
                "            oncall: [",
                '                [0]: "ann"',
                '                [1]: "bo"',
                "            ]",
                '            team  : "certs"',
                "        }",
                "    }",
                "    token       : [secret]",
                "",
            ].join("\n"),
        );
        assert.match(renderObject({ token: makeSecret("s3cr3t-value") }, 1, true), /token: "s3cr3t-value"/);
    });

    it("error text loses its stack frames (kept with -v)", () => {
        const err = new Error("CreateCSR failed: InvalidParameter.KeyPassword (RequestId r-1)");
        assert.equal(withoutStack(err.stack!), "Error: CreateCSR failed: InvalidParameter.KeyPassword (RequestId r-1)");
        assert.equal(withoutStack("one line"), "one line");
        assert.equal(withoutStack("first\nsecond"), "first\nsecond", "a multi-line message without frames is kept");
    });

    it("cuts RPC payloads out of the SDK's debug lines and redacts every secret value it has seen", () => {
        assert.equal(
            hideSdkPayloads(
                "RegisterResource RPC finished: resource:a[pulumi-nodejs:dynamic:Resource]; err: null, resp: urn:x,id,,,KeyPass-1,-----BEGIN PRIVATE KEY-----",
            ),
            "RegisterResource RPC finished: resource:a[pulumi-nodejs:dynamic:Resource]; err: null, resp: [payload hidden by the engine driver]",
        );
        assert.equal(
            hideSdkPayloads('RegisterResource RPC prepared: t=x, name=a, obj={"k":"v"}'),
            "RegisterResource RPC prepared: t=x, name=a, obj=[payload hidden by the engine driver]",
        );
        assert.equal(hideSdkPayloads("an ordinary message"), "an ordinary message");

        const r = new SecretRedactor();
        const pem = "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7\n-----END PRIVATE KEY-----";
        r.collect({ plain: "visible", outs: { key: makeSecret(pem), list: [makeSecret({ pw: "pa55word" })] } });
        r.add("no"); // too short to search for
        assert.equal(r.redact(`visible ${pem} pa55word no`), "visible [secret] [secret] no");
        assert.equal(r.redact("rewrapped: MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7"), "rewrapped: [secret]");
    });
});

describe("engine driver: how failures read", function () {
    this.timeout(180_000);
    const fx = new ProgramFixture(undefined, "failures");
    after(() => fx.cleanup());

    it("every real resource failed: the stack is not counted as created; the error is one line", async () => {
        const r = await fx.run("up", { config: { "lifecycle:failOn": "a:create", "lifecycle:withB": "false" } });
        assert.notEqual(r.exitCode, 0);
        assert.equal(r.summary.create, 0, "the stack resource alone is not '1 created'");
        assert.match(r.stdout, /^Resources:\n {4}1 errored$/m);
        assert.match(r.stdout, /^ \+  pulumi-nodejs:dynamic:Resource a \*\*creating failed\*\*$/m);
        const errors = r.stdout.split("\n").filter((l) => /error:/.test(l));
        assert.deepEqual(errors, ["    pulumi-nodejs:dynamic:Resource a: error: injected create failure for a"]);
        assert.ok(!/^\s+at /m.test(r.stdout), "no stack frames");
    });

    it("a failing Check in preview says 'checking failed', never 'updating failed'", async () => {
        expectOk(await fx.run("up"));
        const pv = await fx.run("preview", { config: { "lifecycle:aValue": "invalid" } });
        assert.notEqual(pv.exitCode, 0);
        assert.match(pv.stdout, /^ {4}pulumi-nodejs:dynamic:Resource a \*\*checking failed\*\*$/m);
        assert.ok(!/updating failed/.test(pv.stdout), pv.stdout);
        assert.match(pv.stdout, /error: pulumi-nodejs:dynamic:Resource resource 'a' has a problem: value: must not be 'invalid'/);
        assert.match(pv.stdout, /^ {4}1 errored$/m);
        expectOk(await fx.run("destroy"));
    });
});
