import { strict as assert } from "node:assert";
import { fetchAllPages } from "../../provider/tencentcloud/services/paging";

/** A listing of `total` numbered items served in pages, recording the offsets asked for. */
function listing(total: number, reportedTotal = total) {
    const offsets: number[] = [];
    const fetchPage = async (offset: number) => {
        offsets.push(offset);
        const items = Array.from({ length: Math.max(0, Math.min(10, total - offset)) }, (_, i) => offset + i);
        return { items, total: reportedTotal };
    };
    return { offsets, fetchPage };
}

describe("fetchAllPages", () => {
    it("sequential: one call for a listing that fits a page, then page after page until the total", async () => {
        const small = listing(7);
        assert.deepEqual(await fetchAllPages(10, small.fetchPage, "sequential"), [0, 1, 2, 3, 4, 5, 6]);
        assert.deepEqual(small.offsets, [0]);
        const large = listing(25);
        assert.equal((await fetchAllPages(10, large.fetchPage, "sequential")).length, 25);
        assert.deepEqual(large.offsets, [0, 10, 20]);
    });

    it("sequential: stops at a short page even when the reported total is larger", async () => {
        const lying = listing(12, 100);
        assert.equal((await fetchAllPages(10, lying.fetchPage, "sequential")).length, 12);
        assert.deepEqual(lying.offsets, [0, 10]);
    });

    it("parallel: the first page's total decides the other pages, which are asked for at once", async () => {
        const large = listing(35);
        const items = await fetchAllPages(10, large.fetchPage, "parallel");
        assert.deepEqual(
            items,
            Array.from({ length: 35 }, (_, i) => i),
        );
        assert.deepEqual(large.offsets, [0, 10, 20, 30]);
    });
});
