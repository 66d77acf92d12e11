/**
 * fast-check generators of the inputs a resource's `check` gets (news) and the stack's inputs it
 * compares them with (olds), per resource: valid objects over a small world of ids (listeners,
 * zones, certificates that exist or not, see check.property.test.ts's scripted API), near-valid
 * ones with fields broken, and hostile objects around the field names. `values` is what a broken
 * field may hold: anything (direct calls) or only what crosses the host's gRPC boundary.
 */
import fc from "fast-check";
import type { EmulatorSeed } from "../../emulator";
import { hostileString, hostileValue, inputObjects, mutatedInputs, type InputSpec } from "./hostile-inputs";

/**
 * The objects the valid inputs refer to (others they name do not exist): for the scripted API of
 * the direct tests and the emulator seed of the host tests. Some certificates are expired,
 * expiring, of the wrong type or do not cover every host.
 */
export const CHECK_WORLD = {
    listeners: { "listener-aaaa0001": ["www.example.com", "api.example.com"], "listener-aaaa0002": ["shop.example.org"] } as Record<string, string[]>,
    zones: { "zone-example": ["www.example.com", "api.example.com", "*.example.com"] } as Record<string, string[]>,
    gaap: [
        { id: "cert-srv00001", type: 2 as const, subjectCN: "*.example.com", days: 400 },
        { id: "cert-ca000001", type: 1 as const, subjectCN: "Example CA", days: 400 },
        { id: "cert-old00001", type: 2 as const, subjectCN: "www.example.com", days: -3 },
        { id: "cert-soon0001", type: 2 as const, subjectCN: "www.example.com", days: 10 },
    ],
    ssl: [
        { id: "ssl-wild", type: "SVR" as const, domain: "*.example.com", days: 400 },
        { id: "ssl-www", type: "SVR" as const, domain: "www.example.com", days: 20 },
        { id: "ssl-ca", type: "CA" as const, domain: "Example CA", days: 400 },
        { id: "ssl-old", type: "SVR" as const, domain: "www.example.com", days: -1 },
    ],
};

const isoAfter = (now: number, days: number) => new Date(now + days * 86_400_000).toISOString().replace(/\.\d{3}Z$/, "Z");

/** {@link CHECK_WORLD} as an emulator seed (expiry counted from `now`). */
export function checkWorldSeed(now: number): EmulatorSeed {
    return {
        gaap: {
            certificates: CHECK_WORLD.gaap.map((c) => ({
                CertificateId: c.id,
                CertificateAlias: c.id,
                CertificateType: c.type,
                Domains: c.type === 2 ? [c.subjectCN] : [],
                SubjectCN: c.subjectCN,
                ExpireTime: isoAfter(now, c.days),
            })),
            listeners: Object.entries(CHECK_WORLD.listeners).map(([ListenerId, domains], i) => ({
                ListenerId,
                ProxyId: "link-emu00001",
                Port: 8443 + i,
                CertificateId: "cert-srv00001",
                Domains: domains.map((Domain) => ({ Domain })),
            })),
        },
        teo: {
            certificates: CHECK_WORLD.ssl.map((c) => ({
                CertId: c.id,
                Alias: c.id,
                Type: "upload",
                Kind: c.type === "CA" ? ("ca" as const) : ("server" as const),
                Domains: c.type === "CA" ? [] : [c.domain],
                ExpireTime: isoAfter(now, c.days),
                SignAlgo: "RSA 2048",
            })),
            zones: Object.entries(CHECK_WORLD.zones).map(([ZoneId, hosts]) => ({
                ZoneId,
                ZoneName: "example.com",
                hosts: hosts.map((DomainName) => ({ DomainName })),
            })),
        },
    };
}

export const CHECK_INPUT_KINDS = ["csr", "gaap", "teo"] as const;
export type CheckInputKind = (typeof CHECK_INPUT_KINDS)[number];

type Valid = fc.Arbitrary<Record<string, unknown>>;

/** `required` always, each of `optional` sometimes. */
const withOptional = (required: Record<string, fc.Arbitrary<unknown>>, optional: Record<string, fc.Arbitrary<unknown>>): Valid =>
    fc.tuple(fc.record(required), fc.record(optional, { requiredKeys: [] })).map(([a, b]) => ({ ...a, ...b }));

const some = <T>(items: T[]) => fc.subarray(items, { minLength: 1 });
/** A profile is left to the hostile values: a valid name needs a credentials file (the host reads the real one). */
const scope = { region: fc.constantFrom("ap-guangzhou", "ap-singapore") };

const csrValid: Valid = withOptional(
    {
        domain: fc.constantFrom("www.example.com", "*.example.com", "a.b.example.co.uk"),
        organization: fc.constantFrom("Example Ltd", "例子有限公司"),
        department: fc.constantFrom("IT", "Ops"),
        email: fc.constantFrom("admin@example.com", "x@a.example.org"),
        province: fc.constantFrom("Guangdong", "Bayern"),
        city: fc.constantFrom("Shenzhen", "München"),
        country: fc.constantFrom("CN", "us", "DE"),
    },
    {
        encryptAlgo: fc.constantFrom("RSA", "ECC"),
        keyParameter: fc.constantFrom("2048", "4096", "prime256v1", 2048),
        generate: fc.boolean(),
        keyPassword: fc.constantFrom("pass1234", "p@ss-word!"),
        remark: fc.constantFrom("", "for the shop", "备注"),
        tags: fc.dictionary(fc.constantFrom("env", "team", "qcloud:x"), fc.constantFrom("prod", "dev"), { maxKeys: 2 }),
        adoptCsrId: fc.constantFrom(12, "34"),
        clientToken: fc.constantFrom("abcdef12", ""),
        ...scope,
    },
);

const gaapClientCertificates = fc.oneof(
    fc.constant({}),
    fc.record({ clientCertificateId: fc.constantFrom("default", "cert-ca000001", "cert-srv00001") }),
    fc.record({ polyClientCertificateIds: some(["cert-ca000001", "cert-srv00001", "cert-nope0002"]) }),
);
const gaapValid: Valid = fc
    .tuple(
        withOptional(
            {
                listenerId: fc.constantFrom("listener-aaaa0001", "listener-aaaa0001", "listener-aaaa0002", "listener-nope0003"),
                domain: fc.constantFrom("www.example.com", "api.example.com", "shop.example.org", "nope.example.com"),
            },
            {
                certificateId: fc.constantFrom("default", "cert-srv00001", "cert-srv00001", "cert-ca000001", "cert-old00001", "cert-soon0001", "cert-nope0001"),
                waitTimeoutSeconds: fc.constantFrom(60, 600),
                ...scope,
            },
        ),
        gaapClientCertificates,
    )
    .map(([base, clients]) => ({ ...base, ...clients }));

const sslIds = ["ssl-wild", "ssl-www", "ssl-ca", "ssl-old", "ssl-nope"];
const teoCommon = {
    zoneId: fc.constantFrom("zone-example", "zone-nothere"),
    hosts: some(["www.example.com", "api.example.com", "*.example.com", "nope.example.com"]),
};
const teoValid: Valid = fc.oneof(
    withOptional(
        { ...teoCommon, mode: fc.constantFrom("sslcert", "eofreecert", "disable"), serverCertIds: some(sslIds) },
        {
            apiVersion: fc.constant("2022-09-01"),
            clientCertIds: fc.subarray(sslIds),
            upstreamMutualTlsCertIds: fc.subarray(sslIds),
            upstreamVerifyMode: fc.constantFrom("disable", "custom_ca"),
            upstreamCustomCaCertIds: some(sslIds),
            deleteBehavior: fc.constantFrom("retain", "disable"),
            resourceName: fc.constantFrom("edge"),
            ...scope,
        },
    ),
    withOptional(
        { ...teoCommon, apiVersion: fc.constant("2022-01-06") },
        { certIds: fc.subarray(sslIds), deleteBehavior: fc.constantFrom("retain", "default") },
    ),
);

const VALID: Record<CheckInputKind, Valid> = { csr: csrValid, gaap: gaapValid, teo: teoValid };

const strings = fc.array(hostileString, { maxLength: 4 });

/** Plausible values of the known fields for hostile objects built around them (inputObjects adds the hostile values). */
const SPECS: Record<CheckInputKind, InputSpec> = {
    csr: { domain: hostileString, organization: hostileString, country: fc.constantFrom("CN", "cn", "XX"), encryptAlgo: fc.constantFrom("RSA", "ECC", "DSA") },
    gaap: { listenerId: hostileString, domain: hostileString, certificateId: hostileString, polyClientCertificateIds: strings },
    teo: { zoneId: hostileString, hosts: strings, mode: fc.constantFrom("sslcert", "x"), serverCertIds: strings, apiVersion: hostileString },
};

/** The field names the valid objects use (the ones a mutation breaks). */
const FIELDS: Record<CheckInputKind, string[]> = {
    csr: [
        "domain",
        "organization",
        "department",
        "email",
        "province",
        "city",
        "country",
        "encryptAlgo",
        "keyParameter",
        "generate",
        "keyPassword",
        "remark",
        "tags",
    ],
    gaap: ["listenerId", "domain", "certificateId", "clientCertificateId", "polyClientCertificateIds", "waitTimeoutSeconds", "profile", "region"],
    teo: [
        "zoneId",
        "hosts",
        "apiVersion",
        "mode",
        "serverCertIds",
        "clientCertIds",
        "upstreamVerifyMode",
        "upstreamCustomCaCertIds",
        "certIds",
        "deleteBehavior",
    ],
};

/**
 * Pairs [news, olds]: the new inputs (valid, near-valid, hostile) and the old ones: none (a
 * create), the same (an unchanged resource), another valid set (an update), or something hostile
 * (a damaged state).
 */
export function checkInputs(kind: CheckInputKind, values: fc.Arbitrary<unknown> = hostileValue): fc.Arbitrary<[unknown, unknown]> {
    const valid = VALID[kind];
    const news = fc.oneof(
        { weight: 3, arbitrary: valid },
        { weight: 4, arbitrary: mutatedInputs(valid, FIELDS[kind], values) },
        { weight: 2, arbitrary: inputObjects(SPECS[kind], values) },
    );
    const olds = fc.oneof(
        { weight: 4, arbitrary: fc.constant({}) },
        { weight: 2, arbitrary: valid },
        { weight: 1, arbitrary: mutatedInputs(valid, FIELDS[kind], values) },
    );
    return fc.tuple(news, olds, fc.nat(4)).map(([next, old, pick]): [unknown, unknown] => [next, pick === 0 ? next : old]);
}
