/**
 * The acceptance lifecycles: each resource with the lookup that reads its object back, through
 * create → empty preview → drift made through the API → refresh → update → destroy, run by the
 * engine driver. Every check reads the remote object through the API (never the emulator's state),
 * so the same code runs against the emulator and against Tencent Cloud. Binding lifecycles record
 * the object's original setting first (a file `npm run sweep` can act on) and restore it at the
 * end, whatever happened.
 */
import * as assert from "node:assert/strict";
import { splitRemark } from "../../../provider/resources/csr/inputs";
import { batchDeleteCSR, describeCSR, listCsrs, modifyCSR } from "../../../provider/tencentcloud/services/ssl";
import { findResource, type RunResult, type StepRecord } from "../../../tools/engine";
import { readGaapDomain, readTeoHost, setGaapCertificate, setTeoHost, waitGaapRunning, waitTeoSettled } from "../../../tools/acceptance/bindings";
import { csrDomainFor, type GaapTarget, type TeoTarget } from "../../../tools/acceptance/config";
import { removeRecord, writeRecord, type BindingRecord } from "../../../tools/acceptance/records";
import { restoreRecord } from "../../../tools/acceptance/restore";
import { acceptanceRunOfRemarks, runClientToken, runTag } from "../../../tools/acceptance/run-tag";
import { expectOk, explain } from "../../support/run-output";
import type { AcceptanceSession } from "./session";

const WRITES = new Set(["Create", "Update", "Delete"]);

/** A preview or refresh that plans no change and makes no provider write. */
function assertNoChanges(r: RunResult, what: string): void {
    expectOk(r);
    const changed = r.steps.filter((s) => !["same", "read", "refresh"].includes(s.op));
    assert.deepEqual(
        changed.map((s) => `${s.op} ${s.name} ${s.diff.join(",")}`),
        [],
        `${what}: no change planned\n${explain(r)}`,
    );
    assert.deepEqual(
        r.rpcLog.filter((e) => WRITES.has(e.method)).map((e) => e.method),
        [],
        `${what}: no Create/Update/Delete sent`,
    );
}

function stepOf(r: RunResult, name: string, op: StepRecord["op"]): StepRecord {
    const step = r.steps.find((s) => s.name === name && s.op === op);
    assert.ok(step, `expected '${op}' of ${name}:\n${explain(r)}`);
    return step;
}

const fieldsOf = (step: StepRecord) => step.diff.map((d) => d.replace(/^[~+-]/, "")).sort();

function assertFieldsChanged(step: StepRecord, fields: string[], what: string): void {
    const changed = fieldsOf(step);
    for (const f of fields) assert.ok(changed.includes(f), `${what}: '${f}' should be among the changed fields ${JSON.stringify(changed)}`);
}

function outputsInState(r: RunResult, name: string): Record<string, unknown> {
    const res = findResource(r.state, name);
    assert.ok(res, `${name} in the state:\n${explain(r)}`);
    return res.outputs;
}

// ---- CsrResource + getCsrs ------------------------------------------------------------------------

interface CsrListed {
    csrId: number;
    remark: string;
    status: number;
    department: string;
}

function assertListed(r: RunResult, expected: Omit<CsrListed, "csrId"> & { csrId: number }, what: string): void {
    const listed = r.outputs.lookup as CsrListed[] | undefined;
    assert.ok(Array.isArray(listed) && listed.length === 1, `${what}: getCsrs lists the CSR once: ${JSON.stringify(listed)}`);
    const { csrId, remark, status, department } = listed[0];
    assert.deepEqual({ csrId, remark, status, department }, expected, `${what}: getCsrs`);
}

/** Deletes every CSR of this run (the lifecycle's own cleanup; a no-op after a clean destroy). */
async function deleteRunCsrs(s: AcceptanceSession, domain: string): Promise<number[]> {
    const ids = (await listCsrs(s.api, { Domain: domain })).filter((c) => acceptanceRunOfRemarks(c.Remarks) === s.runId).map((c) => Number(c.Id));
    if (ids.length > 0) await batchDeleteCSR(s.api, { CSRIds: ids });
    return ids;
}

export async function csrLifecycle(s: AcceptanceSession): Promise<void> {
    const domain = csrDomainFor(s.runId);
    const tag = runTag(s.runId);
    const keyPassword = `Kp-${s.runId}-acceptance`;
    const base = {
        target: "csr",
        csrDomain: domain,
        clientToken: runClientToken(s.runId),
        keyPassword: { secret: keyPassword },
        generate: "false",
        remark: `${tag} first`,
    };
    try {
        // create
        let r = expectOk(await s.run("csr", "up", base));
        stepOf(r, "csr", "create");
        const csrId = Number(r.outputs.csrId);
        let remote = await describeCSR(s.api, { CSRId: csrId });
        assert.deepEqual([remote.Domain, splitRemark(remote.Remarks).remark, remote.Status, remote.Department], [domain, `${tag} first`, 0, "QA"]);
        assertListed(r, { csrId, remark: `${tag} first`, status: 0, department: "QA" }, "after create");

        // empty preview
        r = await s.run("csr", "preview", base);
        assertNoChanges(r, "preview after create");
        assertListed(r, { csrId, remark: `${tag} first`, status: 0, department: "QA" }, "preview");

        // drift: a field of a not yet generated CSR, changed with ModifyCSR as in the console
        await modifyCSR(s.api, { CSRId: csrId, Generate: false, Department: "QA drifted" });
        r = await s.run("csr", "preview", base);
        assertNoChanges(r, "preview after drift, before refresh");
        assertListed(r, { csrId, remark: `${tag} first`, status: 0, department: "QA drifted" }, "the lookup reads the live CSR");

        // refresh
        r = expectOk(await s.run("csr", "refresh", base));
        assertFieldsChanged(stepOf(r, "csr", "refresh"), ["department"], "refresh");
        assert.equal(outputsInState(r, "csr").department, "QA drifted");

        // update: generate it, with a new remark; the drift is reverted in the same ModifyCSR
        r = expectOk(await s.run("csr", "up", { ...base, generate: "true", remark: `${tag} second` }));
        assertFieldsChanged(stepOf(r, "csr", "update"), ["department", "generate", "remark"], "update");
        remote = await describeCSR(s.api, { CSRId: csrId });
        assert.deepEqual([splitRemark(remote.Remarks).remark, remote.Status, remote.Department], [`${tag} second`, 1, "QA"]);
        assert.equal(r.outputs.csrPem, remote.CSR);
        assert.match(String(r.outputs.csrPem), /BEGIN CERTIFICATE REQUEST/);
        assert.ok(r.secretOutputs.includes("privateKey"), "the private key is a secret output");
        assert.ok(!(r.stdout + r.stderr).includes(keyPassword) && !(r.stdout + r.stderr).includes("PRIVATE KEY-----"), "no key or password printed");
        assertListed(r, { csrId, remark: `${tag} second`, status: 1, department: "QA" }, "after update");

        // destroy
        r = expectOk(await s.run("csr", "destroy", base));
        stepOf(r, "csr", "delete");
        const left = (await listCsrs(s.api, { Domain: domain })).map((c) => c.Id);
        assert.ok(!left.includes(csrId), `CSR ${csrId} is gone after destroy (left: ${left.join(",")})`);
    } finally {
        await deleteRunCsrs(s, domain);
    }
}

// ---- bindings ---------------------------------------------------------------------------------------

/** Records the original setting, runs the lifecycle, and always restores the original (then drops the record). */
async function withRestore(s: AcceptanceSession, record: BindingRecord, lifecycle: () => Promise<void>): Promise<void> {
    const file = writeRecord(s.stateDir, record);
    let failure: unknown;
    try {
        await lifecycle();
    } catch (err) {
        failure = err;
    }
    try {
        await restoreRecord(s.api, record, s.wait);
        removeRecord(file);
    } catch (err) {
        const note = `restoring the original setting failed (the record ${file} stays for npm run sweep): ${err}`;
        if (!failure) throw new Error(note);
        if (failure instanceof Error) failure.message += `\nand then ${note}`;
    }
    if (failure) throw failure;
}

export async function gaapLifecycle(s: AcceptanceSession, t: GaapTarget): Promise<void> {
    const original = await waitGaapRunning(s.api, t, s.wait);
    const record: BindingRecord = {
        kind: "gaap",
        runId: s.runId,
        label: "gaap",
        startedAt: new Date().toISOString(),
        target: { listenerId: t.listenerId, domain: t.domain },
        original: { certificateId: original.certificateId },
    };
    const [wait1, wait2] = s.bindingWaitSeconds;
    const base = { target: "gaap", gaapListenerId: t.listenerId, gaapDomain: t.domain, gaapCertificateId: t.certificateId, waitTimeoutSeconds: String(wait1) };
    const remoteCertificate = async () => (await readGaapDomain(s.api, t)).certificateId;
    await withRestore(s, record, async () => {
        // create
        let r = expectOk(await s.run("gaap", "up", base));
        stepOf(r, "binding", "create");
        assert.equal(await remoteCertificate(), t.certificateId, "after create");
        assert.deepEqual([r.outputs.certificateId, r.outputs.lookupCertificateId], [t.certificateId, t.certificateId]);

        // empty preview
        r = await s.run("gaap", "preview", base);
        assertNoChanges(r, "preview after create");
        assert.equal(r.outputs.lookupCertificateId, t.certificateId);

        // drift: the domain back on the listener's certificate, through ModifyCertificate
        await setGaapCertificate(s.api, t, { certificateId: "default" }, s.wait);
        r = await s.run("gaap", "preview", base);
        assertNoChanges(r, "preview after drift, before refresh");
        assert.equal(r.outputs.lookupCertificateId, "default", "the lookup reads the live listener");

        // refresh
        r = expectOk(await s.run("gaap", "refresh", base));
        assertFieldsChanged(stepOf(r, "binding", "refresh"), ["certificateId"], "refresh");
        assert.equal(outputsInState(r, "binding").certificateId, "default");

        // update: a longer wait, and the certificate put back
        r = expectOk(await s.run("gaap", "up", { ...base, waitTimeoutSeconds: String(wait2) }));
        assertFieldsChanged(stepOf(r, "binding", "update"), ["certificateId", "waitTimeoutSeconds"], "update");
        assert.equal(await remoteCertificate(), t.certificateId, "after update");
        assert.equal(r.outputs.lookupCertificateId, t.certificateId);

        // destroy: the binding puts the listener's certificate back
        r = expectOk(await s.run("gaap", "destroy", base));
        stepOf(r, "binding", "delete");
        assert.equal(await remoteCertificate(), "default", "after destroy");
    });
}

interface TeoVersion {
    stack: "teo" | "teo-v1";
    apiVersion: "2022-09-01" | "2022-01-06";
    /** The binding's certificate field (diffs name it). */
    certField: "serverCertIds" | "certIds";
    /** What the host has after destroy (the binding's deleteBehavior: disable, or retain). */
    afterDestroy: "disable" | "sslcert";
}

export const TEO_V20220901: TeoVersion = { stack: "teo", apiVersion: "2022-09-01", certField: "serverCertIds", afterDestroy: "disable" };
export const TEO_V20220106: TeoVersion = { stack: "teo-v1", apiVersion: "2022-01-06", certField: "certIds", afterDestroy: "sslcert" };

export async function teoLifecycle(s: AcceptanceSession, t: TeoTarget, v: TeoVersion): Promise<void> {
    const original = await waitTeoSettled(s.api, t, s.wait);
    const record: BindingRecord = {
        kind: "teo",
        runId: s.runId,
        label: v.stack,
        startedAt: new Date().toISOString(),
        target: { zoneId: t.zoneId, host: t.host },
        original: { mode: original.mode, certIds: original.certIds },
    };
    const [wait1, wait2] = s.bindingWaitSeconds;
    const base = {
        target: "teo",
        teoZoneId: t.zoneId,
        teoHost: t.host,
        teoCertificateId: t.certificateId,
        apiVersion: v.apiVersion,
        waitTimeoutSeconds: String(wait1),
    };
    const remote = async () => {
        const h = await readTeoHost(s.api, t);
        return h.mode === "sslcert" ? `sslcert ${h.certIds.join(",")}` : h.mode;
    };
    const deployed = `sslcert ${t.certificateId}`;
    const lookupOf = (r: RunResult) => (r.outputs.lookupCertIds as string[] | undefined)?.join(",");
    await withRestore(s, record, async () => {
        // create
        let r = expectOk(await s.run(v.stack, "up", base));
        stepOf(r, "binding", "create");
        assert.equal(await remote(), deployed, "after create");
        assert.equal(lookupOf(r), t.certificateId, `getZoneHosts (${v.apiVersion}) after create`);

        // empty preview
        r = await s.run(v.stack, "preview", base);
        assertNoChanges(r, "preview after create");

        // drift: HTTPS certificate turned off for the host through ModifyHostsCertificate
        await setTeoHost(s.api, t, { mode: "disable", certIds: [] }, s.wait);
        r = await s.run(v.stack, "preview", base);
        assertNoChanges(r, "preview after drift, before refresh");
        assert.equal(lookupOf(r), "", `getZoneHosts (${v.apiVersion}) reads the live host`);

        // refresh
        r = expectOk(await s.run(v.stack, "refresh", base));
        assertFieldsChanged(stepOf(r, "binding", "refresh"), [v.certField], "refresh");

        // update: a longer wait, and the certificate deployed again
        r = expectOk(await s.run(v.stack, "up", { ...base, waitTimeoutSeconds: String(wait2) }));
        assertFieldsChanged(stepOf(r, "binding", "update"), [v.certField, "waitTimeoutSeconds"], "update");
        assert.equal(await remote(), deployed, "after update");
        assert.equal(lookupOf(r), t.certificateId, `getZoneHosts (${v.apiVersion}) after update`);

        // destroy, per deleteBehavior
        r = expectOk(await s.run(v.stack, "destroy", base));
        stepOf(r, "binding", "delete");
        await waitTeoSettled(s.api, t, s.wait);
        assert.equal(await remote(), v.afterDestroy === "disable" ? "disable" : deployed, "after destroy");
    });
}
