/**
 * The emulator's console edit of a CSR (admin modifyCsr) refuses what the API refuses: a generated
 * CSR cannot be modified (ssl ModifyCSR: "Once the CSR content is generated, the CSR record cannot
 * be modified"), so a drift test can only edit a CSR that is not generated yet.
 */
import { strict as assert } from "node:assert";
import { startEmulator, type Emulator } from "../../emulator";
import { call, codeOf } from "../support/raw-api-call";

const subject = {
    Domain: "www.example.com",
    Organization: "Example Ltd",
    Department: "Ops",
    Email: "ops@example.com",
    Province: "Guangdong",
    City: "Shenzhen",
    Country: "CN",
    EncryptAlgo: "ECC",
    KeyParameter: "prime256v1",
};

describe("emulator admin: console edits of CSRs", () => {
    let emu: Emulator;
    before(async () => (emu = await startEmulator({ rateLimits: false })));
    after(async () => emu.close());

    it("edits a CSR that is not generated yet, as the console can", async () => {
        const { Id } = await call(emu.url, "ssl", "CreateCSR", { ...subject, Generate: false, Remark: "draft" });
        emu.admin.modifyCsr({ id: Id, fields: { Remarks: "edited in console" } });
        assert.equal((await call(emu.url, "ssl", "DescribeCSR", { CSRId: Id })).Remarks, "edited in console");
    });

    it("refuses to edit a generated CSR, as ModifyCSR does, and leaves it unchanged", async () => {
        const { Id } = await call(emu.url, "ssl", "CreateCSR", { ...subject, Generate: true, Remark: "generated" });
        assert.throws(
            () => emu.admin.modifyCsr({ id: Id, fields: { Remarks: "edited in console" } }),
            new RegExp(`^AdminError: CSR ${Id} has already been generated and can no longer be modified \\(ModifyCSR and the console refuse it\\)$`),
        );
        assert.equal((await call(emu.url, "ssl", "DescribeCSR", { CSRId: Id })).Remarks, "generated");
        // The API answers the same edit with FailedOperation.
        assert.equal(codeOf(await call(emu.url, "ssl", "ModifyCSR", { CSRId: Id, Generate: false, Remark: "edited" })), "FailedOperation");
    });
});
