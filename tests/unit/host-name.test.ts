import { strict as assert } from "assert";
import { hostNameProblem } from "../../provider/resources/common/host-name";

describe("hostNameProblem", () => {
    it("accepts host names and a leading wildcard, in any case", () => {
        for (const host of ["www.example.com", "*.example.com", "WWW.Example.COM", "a-b.c-d.example", "xn--fiqs8s.example.com"]) {
            assert.equal(hostNameProblem(host), undefined, host);
        }
    });

    it("names what is wrong", () => {
        const cases: [string, RegExp][] = [
            ["", /must not be empty/],
            ["localhost", /at least two labels/],
            ["*.com", /at least two labels/],
            ["www.*.example.com", /'\*' only as the whole first label/],
            ["-www.example.com", /invalid label '-www'/],
            ["www-.example.com", /invalid label 'www-'/],
            ["www..example.com", /empty label/],
            ["https://www.example.com", /bare host name/],
            ["www.example.com:443", /bare host name/],
            ["exa mple.com", /bare host name/],
            ["_dmarc.example.com", /invalid label '_dmarc'/],
            ["www.example.123", /all-digit top-level label '123'/],
            ["1.2.3.4", /all-digit top-level label/],
            [`${"a".repeat(63)}.${"b".repeat(63)}.${"c".repeat(63)}.${"d".repeat(63)}`, /255 characters long; at most 253/],
            [`${"a".repeat(64)}.example.com`, /invalid label/],
        ];
        for (const [host, reason] of cases) {
            assert.match(hostNameProblem(host) ?? "(accepted)", reason, host);
        }
    });

    it("applies each resource's extra rules: underscores, IPv4 addresses, a shorter maximum", () => {
        assert.equal(hostNameProblem("_dmarc.example.com", { allowUnderscore: true }), undefined);
        assert.match(hostNameProblem("-x.example.com", { allowUnderscore: true })!, /letters, digits, '_' and '-'/);
        assert.equal(hostNameProblem("10.0.0.1", { allowIpv4: true }), undefined);
        assert.match(hostNameProblem("10.0.0.256", { allowIpv4: true })!, /all-digit top-level label/);
        assert.match(hostNameProblem("www.example.com", { maxLength: 10 })!, /15 characters long; at most 10/);
    });
});
