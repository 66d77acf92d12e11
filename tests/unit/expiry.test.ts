/**
 * Certificate expiry: the day computation (fake clock), the `tencentcloud:expiryWarningDays`
 * setting, and HostsCertificateBinding's reporting from recorded statuses (which certificates,
 * which level, once per binding and certificate, only the ones a change keeps).
 */
import { strict as assert } from "node:assert";
import { DAY_MS, expiryVerdict, ReportedOnce, timeAgoText, timeLeftText, wholeDays } from "../../provider/resources/common/expiry";
import { bindingName, keptBy, reportExpiry, type ExpiryContext } from "../../provider/resources/hosts-certificate-binding/expiry";
import type { HostCertificate, HostCertificateStatus } from "../../provider/resources/hosts-certificate-binding/inputs";
import { hostsCertificateBindingProviderImpl } from "../../provider/resources/hosts-certificate-binding/provider";
import { ConfigError } from "../../provider/tencentcloud/errors";
import { DEFAULT_EXPIRY_WARNING_DAYS, resolveExpiryWarningDays } from "../../provider/tencentcloud/settings";
import type { TencentCloudApi } from "../../provider/tencentcloud/types";
import { FakeClock } from "../support/fake-clock";

const iso = (ms: number): string => new Date(ms).toISOString();
const HOUR = 3_600_000;

describe("certificate expiry: days left (fake clock)", () => {
    const clock = new FakeClock(Date.parse("2026-06-01T12:00:00Z"));
    const at = (offsetMs: number) => iso(clock.now() + offsetMs);

    it("counts whole days, rounded, so '10 days from now' read seconds later is still 10", () => {
        assert.equal(wholeDays(10 * DAY_MS - 5_000), 10);
        assert.equal(wholeDays(10 * DAY_MS + 5_000), 10);
        assert.equal(wholeDays(DAY_MS * 2.4), 2);
        assert.equal(wholeDays(DAY_MS * 2.6), 3);
        assert.equal(wholeDays(-3 * DAY_MS), 3);
        assert.equal(timeLeftText(DAY_MS), "in 1 day");
        assert.equal(timeLeftText(2 * HOUR), "in less than a day");
        assert.equal(timeLeftText(12 * DAY_MS), "in 12 days");
        assert.equal(timeAgoText(-DAY_MS), "1 day ago");
        assert.equal(timeAgoText(-HOUR), "less than a day ago");
    });

    it("warns within the threshold (inclusive), says nothing beyond it", () => {
        const v = expiryVerdict(at(10 * DAY_MS - 3_000), clock.now(), 30);
        assert.deepEqual(v && { kind: v.kind, text: v.text }, { kind: "expiring", text: "expires in 10 days" });
        assert.equal(expiryVerdict(at(30 * DAY_MS), clock.now(), 30)?.kind, "expiring", "exactly at the threshold");
        assert.equal(expiryVerdict(at(30 * DAY_MS + 1_000), clock.now(), 30), undefined, "a second beyond it");
        assert.equal(expiryVerdict(at(60 * DAY_MS), clock.now(), 30), undefined);
        assert.equal(expiryVerdict(at(60 * DAY_MS), clock.now(), 90)?.text, "expires in 60 days");
        assert.equal(expiryVerdict(at(2 * HOUR), clock.now(), 1)?.text, "expires in less than a day");
    });

    it("reports an expired certificate whatever the threshold, with the days since", () => {
        const v = expiryVerdict(at(-3 * DAY_MS), clock.now(), 1);
        assert.deepEqual(v && { kind: v.kind, text: v.text }, { kind: "expired", text: "expired 3 days ago" });
        assert.equal(expiryVerdict(at(0), clock.now(), 30)?.kind, "expired", "at the expiry time itself");
        assert.equal(expiryVerdict(at(-HOUR), clock.now(), 30)?.text, "expired less than a day ago");
    });

    it("follows the clock: the same expiry moves from nothing to a warning to expired", async () => {
        const c = new FakeClock(Date.parse("2026-06-01T00:00:00Z"));
        const expire = iso(c.now() + 40 * DAY_MS);
        assert.equal(expiryVerdict(expire, c.now(), 30), undefined);
        await c.advance(15 * DAY_MS);
        assert.equal(expiryVerdict(expire, c.now(), 30)?.text, "expires in 25 days");
        await c.advance(26 * DAY_MS);
        assert.equal(expiryVerdict(expire, c.now(), 30)?.text, "expired 1 day ago");
    });

    it("says nothing with the threshold 0, without a time, or for an unreadable one; reads offsets", () => {
        assert.equal(expiryVerdict(at(-DAY_MS), clock.now(), 0), undefined);
        assert.equal(expiryVerdict("", clock.now(), 30), undefined);
        assert.equal(expiryVerdict("soon", clock.now(), 30), undefined);
        // 2026-06-11T20:00:00+08:00 is 2026-06-11T12:00:00Z: 10 days after the clock.
        assert.equal(expiryVerdict("2026-06-11T20:00:00+08:00", clock.now(), 30)?.text, "expires in 10 days");
    });

    it("ReportedOnce says yes once per key", () => {
        const once = new ReportedOnce();
        assert.equal(once.first("a"), true);
        assert.equal(once.first("a"), false);
        assert.equal(once.first("b"), true);
    });
});

describe("certificate expiry: tencentcloud:expiryWarningDays", () => {
    const config = (values: Record<string, string>) => ({ get: (k: string) => values[k] });

    it("defaults to 30, reads config before the environment, and accepts 0 (off)", () => {
        assert.equal(DEFAULT_EXPIRY_WARNING_DAYS, 30);
        assert.equal(resolveExpiryWarningDays(config({}), {}), 30);
        assert.equal(resolveExpiryWarningDays(config({}), { TENCENTCLOUD_EXPIRY_WARNING_DAYS: "14" }), 14);
        assert.equal(resolveExpiryWarningDays(config({ "tencentcloud:expiryWarningDays": "0" }), { TENCENTCLOUD_EXPIRY_WARNING_DAYS: "14" }), 0);
        assert.equal(resolveExpiryWarningDays(config({ "tencentcloud:expiryWarningDays": " 3650 " }), {}), 3650);
    });

    for (const [from, value] of [
        ["tencentcloud:expiryWarningDays", "soon"],
        ["tencentcloud:expiryWarningDays", "-1"],
        ["tencentcloud:expiryWarningDays", "1.5"],
        ["TENCENTCLOUD_EXPIRY_WARNING_DAYS", "3651"],
    ]) {
        it(`refuses ${from}='${value}' naming the setting and the fix`, () => {
            const cfg = from.startsWith("tencentcloud:") ? config({ [from]: value }) : config({});
            const env = from.startsWith("tencentcloud:") ? {} : { [from]: value };
            assert.throws(
                () => resolveExpiryWarningDays(cfg, env),
                (e: unknown) =>
                    e instanceof ConfigError &&
                    e.setting === from &&
                    e.message.includes(`${from} is '${value}'`) &&
                    /whole number of days between 0 and 3650/.test(e.message) &&
                    /0 turns expiry warnings off/.test(e.message),
            );
        });
    }
});

describe("certificate expiry: HostsCertificateBinding reporting", () => {
    const NOW = Date.parse("2026-06-01T12:00:00Z");
    const inDays = (d: number) => iso(NOW + d * DAY_MS);

    function context(days = 30): ExpiryContext & { lines: { level: string; message: string }[] } {
        const lines: { level: string; message: string }[] = [];
        const at = (level: string) => (message: string) => void lines.push({ level, message });
        return {
            lines,
            log: { debug: at("debug"), info: at("info"), warn: at("warn"), error: at("error") },
            now: () => NOW,
            warningDays: () => days,
            reported: new ReportedOnce(),
        };
    }
    const cert = (certId: string, expireTime: string, role: HostCertificate["role"] = "server", type = "upload"): HostCertificate => ({
        certId,
        role,
        type,
        expireTime,
    });
    function status(host: string, certificates: HostCertificate[], mode = "sslcert"): HostCertificateStatus {
        const server = certificates.filter((c) => c.role === "server").map((c) => c.certId);
        return {
            host,
            mode,
            certIds: server,
            deployStatus: "deployed",
            expireTime: "",
            domainStatus: "online",
            clientCertIds: [],
            upstreamMutualTlsCertIds: [],
            upstreamVerifyMode: "",
            upstreamCustomCaCertIds: [],
            certificates,
        };
    }
    const site = bindingName({ resourceName: "site" }, "zone-a#a.example.com,b.example.com");

    it("one warning per certificate naming binding, certificate, role, hosts and days; an error line when expired", () => {
        const ctx = context();
        reportExpiry(ctx, site, "zone-a", [
            status("a.example.com", [cert("c-soon", inDays(10)), cert("ca-old", inDays(-2), "client")]),
            status("b.example.com", [cert("c-soon", inDays(10)), cert("c-far", inDays(60))]),
        ]);
        assert.deepEqual(
            ctx.lines.map((l) => l.level),
            ["warn", "error"],
        );
        assert.match(
            ctx.lines[0].message,
            /^HostsCertificateBinding 'site': certificate 'c-soon' \(server certificate of 'a\.example\.com', 'b\.example\.com' in zone 'zone-a'\) expires in 10 days \(2026-06-11T12:00:00\.000Z\); deploy a renewed certificate before then \(tencentcloud:expiryWarningDays is 30;/,
        );
        assert.match(
            ctx.lines[1].message,
            /^HostsCertificateBinding 'site': certificate 'ca-old' \(edge mutual-TLS CA certificate of 'a\.example\.com' in zone 'zone-a'\) expired 2 days ago/,
        );
    });

    it("says each once per binding, names a binding without resourceName by its id, and is silent at threshold 0", () => {
        const ctx = context();
        const statuses = [status("a.example.com", [cert("c-soon", inDays(5))])];
        reportExpiry(ctx, site, "zone-a", statuses);
        reportExpiry(ctx, site, "zone-a", statuses);
        assert.equal(ctx.lines.length, 1, "diff then update/read of one run");
        reportExpiry(ctx, bindingName({}, "zone-a#a.example.com"), "zone-a", statuses);
        assert.equal(ctx.lines.length, 2, "another binding with the same certificate says it too");
        assert.match(ctx.lines[1].message, /^HostsCertificateBinding zone-a#a\.example\.com: certificate 'c-soon'/);
        const off = context(0);
        reportExpiry(off, site, "zone-a", [status("a.example.com", [cert("c", inDays(-5))])]);
        assert.deepEqual(off.lines, []);
    });

    it("EdgeOne free certificates (type default): nothing while valid (EdgeOne renews them), an error line once expired", () => {
        const ctx = context();
        reportExpiry(ctx, site, "zone-a", [status("a.example.com", [cert("teo-free-a.example.com", inDays(3), "server", "default")], "eofreecert")]);
        assert.equal(ctx.lines.length, 0);
        reportExpiry(ctx, site, "zone-a", [status("a.example.com", [cert("teo-free-a.example.com", inDays(-1), "server", "default")], "eofreecert")]);
        assert.equal(ctx.lines.length, 1);
        assert.match(ctx.lines[0].message, /EdgeOne free certificate of 'a\.example\.com'.*expired 1 day ago.*has not renewed it/);
    });

    it("reads statuses recorded before `certificates` existed when they name one own certificate", () => {
        const ctx = context();
        const legacy = (host: string, mode: string, certIds: string[]) => ({
            host,
            mode,
            certIds,
            deployStatus: "deployed",
            expireTime: inDays(7),
            domainStatus: "online",
        });
        reportExpiry(ctx, site, "zone-a", [
            legacy("a.example.com", "sslcert", ["c-one"]),
            legacy("b.example.com", "sslcert", ["c-x", "c-y"]),
            legacy("c.example.com", "eofreecert", ["teo-free-c"]),
        ]);
        assert.equal(ctx.lines.length, 1, ctx.lines.map((l) => l.message).join("\n"));
        assert.match(ctx.lines[0].message, /certificate 'c-one' .*expires in 7 days/);
    });

    it("keptBy: a diff warns only about recorded certificates the new inputs keep", () => {
        const old = {
            zoneId: "zone-a",
            hosts: ["a.example.com", "b.example.com"],
            apiVersion: "2022-09-01" as const,
            mode: "sslcert" as const,
            serverCertIds: ["c-old"],
        };
        const a = status("a.example.com", [cert("c-old", inDays(5)), cert("ca", inDays(5), "client")]);
        const keep = (news: Record<string, unknown>, c: HostCertificate, host = "a.example.com", s = a) => keptBy(old, news as any)(host, c, s);
        assert.equal(keep(old, a.certificates[0]), true, "unchanged");
        assert.equal(keep({ ...old, serverCertIds: ["c-new"] }, a.certificates[0]), false, "being replaced");
        assert.equal(keep({ ...old, hosts: ["b.example.com"] }, a.certificates[0]), false, "host leaves the binding");
        assert.equal(keep({ ...old, zoneId: "zone-b" }, a.certificates[0]), false, "another zone");
        assert.equal(keep({ ...old, serverCertIds: "04da6b54-80e4-46f7-96ec-b56ff0331ba9" }, a.certificates[0]), false, "unknown in preview");
        assert.equal(keep(old, a.certificates[1]), true, "clientCertIds unset leaves the CA as is");
        assert.equal(keep({ ...old, clientCertIds: [] }, a.certificates[1]), false, "mutual TLS switched off");
        const free = status("a.example.com", [cert("teo-free-a", inDays(5), "server", "default")], "eofreecert");
        assert.equal(keep({ ...old, mode: "eofreecert", serverCertIds: undefined }, free.certificates[0], "a.example.com", free), true);
        assert.equal(keep({ ...old, mode: "sslcert" }, free.certificates[0], "a.example.com", free), false);
        const v1 = { zoneId: "zone-a", hosts: ["a.example.com"], apiVersion: "2022-01-06" };
        assert.equal(keep({ ...v1, certIds: ["c-old"] }, a.certificates[0]), true);
        assert.equal(keep({ ...v1, certIds: [] }, a.certificates[0]), false, "back to the default certificate");
    });

    it("the provider's diff warns from the recorded outputs without any API call, and fails on a bad setting", async () => {
        const ctx = context();
        const noApi: TencentCloudApi = { call: async () => assert.fail("diff must not call the API") };
        const olds = {
            zoneId: "zone-a",
            hosts: ["a.example.com"],
            apiVersion: "2022-09-01",
            mode: "sslcert",
            serverCertIds: ["c-soon"],
            deleteBehavior: "retain",
            waitTimeoutSeconds: 1800,
            hostStatuses: [status("a.example.com", [cert("c-soon", inDays(12))])],
        };
        const news = { ...olds, hostStatuses: undefined, resourceName: "site" };
        const provider = hostsCertificateBindingProviderImpl({ client: () => noApi, log: ctx.log, now: () => NOW, expiryWarningDays: () => 30 });
        const d = await provider.diff!("zone-a#a.example.com", olds, news);
        assert.equal(d.changes, false, "resourceName never causes a diff");
        assert.equal(ctx.lines.length, 1);
        assert.match(ctx.lines[0].message, /^HostsCertificateBinding 'site': certificate 'c-soon' .* expires in 12 days/);

        const bad = hostsCertificateBindingProviderImpl({
            client: () => noApi,
            log: ctx.log,
            now: () => NOW,
            expiryWarningDays: () => resolveExpiryWarningDays({ get: (k) => (k === "tencentcloud:expiryWarningDays" ? "x" : undefined) }, {}),
        });
        await assert.rejects(
            bad.diff!("zone-a#a.example.com", olds, news),
            (e: unknown) => e instanceof ConfigError && e.setting === "tencentcloud:expiryWarningDays",
        );
    });
});
