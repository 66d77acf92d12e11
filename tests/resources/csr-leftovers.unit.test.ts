/**
 * CsrResource read reports CSRs that carry a resource's client-token marker but that no resource
 * of the refresh read (provider/resources/csr/leftovers.ts): the CSR a second concurrent `up`
 * left behind. From the process's one DescribeCSRSet listing: no extra call per resource.
 */
import { strict as assert } from "assert";
import { leftoverWarning } from "../../provider/resources/csr/leftovers";
import { csrProviderOnFakeSsl, type FakeSsl, type FakeCsr } from "../support/csr-fake-ssl";
import { CSR_SUBJECT } from "../support/csr-subject";
import { recordingLogger } from "../support/recording-logger";

/** A generated CSR carrying `token`'s marker, and the outputs a resource holding it has in state. */
function generated(api: FakeSsl, token: string, domain = "www.example.com"): { rec: FakeCsr; olds: Record<string, unknown> } {
    const rec = api.seed({ Domain: domain, Status: 1, CSR: `CSR-${domain}`, PrivateKey: `KEY-${domain}`, Remarks: `web [pulumi:${token}]` });
    const olds = {
        ...CSR_SUBJECT,
        domain,
        encryptAlgo: "RSA",
        keyParameter: "2048",
        generate: true,
        remark: "web",
        csrId: rec.Id,
        status: 1,
        csr: rec.CSR,
        privateKey: rec.PrivateKey,
        createTime: rec.CreateTime,
        clientToken: token,
    };
    return { rec, olds };
}

const warnings = (log: ReturnType<typeof recordingLogger>) => log.lines.filter((l) => l.startsWith("warn: ")).map((l) => l.slice(6));

describe("CsrResource read: CSRs carrying a resource's marker that no resource owns", () => {
    it("reports the CSR a concurrent run left behind once, with its id and how to delete or adopt it; one listing, no DescribeCSR", async () => {
        const { api, log, provider } = csrProviderOnFakeSsl();
        const web = generated(api, "aaaaaa111111");
        const other = generated(api, "bbbbbb222222", "api.example.com");
        const leftover = api.seed({ Domain: "www.example.com", Status: 1, Remarks: "web [pulumi:aaaaaa111111]", CreateTime: "2026-01-02 11:00:00" });
        api.seed({ Domain: "www.example.com", Status: 1, Remarks: "web" }); // no marker: not ours
        api.seed({ Domain: "www.example.com", Status: 1, Remarks: "[pulumi:cccccc333333]" }); // another resource's marker

        const results = await Promise.all([web, other].map((r) => provider.read!(String(r.rec.Id), r.olds)));
        assert.deepEqual(
            results.map((r) => r.id),
            [String(web.rec.Id), String(other.rec.Id)],
        );
        assert.deepEqual(warnings(log), [
            leftoverWarning({ id: leftover.Id, domain: "www.example.com", createTime: "2026-01-02 11:00:00", token: "aaaaaa111111", ownerId: web.rec.Id }),
        ]);
        assert.match(
            warnings(log)[0],
            new RegExp(
                `^CSR ${leftover.Id} \\(www\\.example\\.com, created 2026-01-02 11:00:00\\) carries the client-token marker \\[pulumi:aaaaaa111111\\] of CSR ${web.rec.Id}`,
            ),
        );
        assert.match(
            warnings(log)[0],
            new RegExp(`tccli ssl BatchDeleteCSR --CSRIds '\\[${leftover.Id}\\]'; or manage it with a CsrResource that sets adoptCsrId: ${leftover.Id}\\.$`),
        );
        assert.equal(api.count("DescribeCSRSet"), 1, "the reads' own listing");
        assert.equal(api.count("DescribeCSR"), 0);

        // A second refresh in the same process does not repeat it.
        await provider.read!(String(web.rec.Id), web.olds);
        assert.equal(warnings(log).length, 1);
    });

    it("keeps quiet about a CSR in the state: a replaced original pending deletion read alongside carries the same marker", async () => {
        const { api, log, provider } = csrProviderOnFakeSsl();
        const original = generated(api, "dddddd444444");
        const replacement = generated(api, "dddddd444444");
        await Promise.all([replacement, original].map((r) => provider.read!(String(r.rec.Id), r.olds)));
        assert.deepEqual(warnings(log), []);
    });

    it('says nothing without a marker (clientToken ""), for a read by id (Resource.get), or when the resource itself is gone', async () => {
        const { api, log, provider } = csrProviderOnFakeSsl();
        const unmarked = generated(api, "eeeeee555555");
        api.seed({ Domain: "www.example.com", Status: 1, Remarks: "web [pulumi:eeeeee555555]" });
        await provider.read!(String(unmarked.rec.Id), { ...unmarked.olds, clientToken: "" });
        await provider.read!(String(unmarked.rec.Id), {});
        const gone = generated(api, "ffffff666666");
        api.seed({ Domain: "www.example.com", Status: 1, Remarks: "web [pulumi:ffffff666666]" });
        api.csrs.delete(gone.rec.Id);
        const result = await provider.read!(String(gone.rec.Id), gone.olds);
        assert.equal(result.id, "", "gone: the next up creates it again and adopts the CSR carrying its marker");
        assert.deepEqual(warnings(log), []);
    });
});
