/**
 * Public types of the emulator: options, the running emulator, its state, seed data, faults,
 * call log and admin operations. Everything here is plain JSON-serializable data (the state is
 * persisted as-is with `statePath`).
 */

/** The services the emulator serves; taken from the credential scope `<date>/<service>/tc3_request`. */
export type EmulatedService = "ssl" | "gaap" | "teo";

/** One accepted key pair. When `token` is set, requests signed with this SecretId must send it as `X-TC-Token`. */
export interface EmulatorCredential {
    secretId: string;
    secretKey: string;
    token?: string;
    /**
     * The account (OwnerUin) this key pair belongs to (default `DEFAULT_OWNER_UIN`, "100000000001").
     * Objects belong to an account: calls signed with this key see, change and delete only that
     * account's CSRs, GAAP proxies/listeners/certificates and TEO zones/certificates, and rate
     * limits count per account. Several credentials may share one account.
     */
    ownerUin?: string;
}

/**
 * Account of an object: set on every certificate, GAAP and TEO object the emulator builds and on every CSR. An
 * object without it (a state file from before accounts, or one put into `state` by hand) belongs to
 * the default account (the first credential's).
 */
export interface Owned {
    OwnerUin?: string;
}

/** Requests per second allowed for each action, keyed `"<service>.<Action>"` (e.g. `"ssl.CreateCSR"`). */
export type RateLimitOverrides = Partial<Record<string, number>>;
/** How the per-action limits count calls (emulator/rate-limit.ts): Tencent does not document its limiter. */
export type RateLimitShape = "fixed-window" | "sliding-window" | "token-bucket";

export type FaultKind =
    | "http500" // HTTP 500 with a non-JSON body, action not performed
    | "http502" // HTTP 502 (gateway), action not performed
    | "http503" // HTTP 503, action not performed
    | "reset" // socket destroyed before any response, action not performed
    | "delay" // response delayed by delayMs, then handled normally
    | "internalError" // HTTP 200 Error.Code InternalError, action not performed
    | "throttle" // HTTP 200 Error.Code RequestLimitExceeded, action not performed
    | "busy" // HTTP 200 with the service's busy code (see README), action not performed
    | "actThenFail"; // the action IS performed, then the response is lost (socket reset, or HTTP 500 with lostAs)

export interface FaultRule {
    service?: EmulatedService;
    action?: string;
    /** 0..1: chance that a matching call gets this fault (drawn from the seeded PRNG). */
    probability: number;
    kind: FaultKind;
    /** For "delay": milliseconds to wait (default 1000). */
    delayMs?: number;
    /** Inject at most this many times (then the rule stays inert). */
    count?: number;
    /** Override the Error.Code for internalError / throttle / busy. */
    code?: string;
    /** For actThenFail: how the response is lost (default "reset"). */
    lostAs?: "reset" | "http500";
    /**
     * Only calls signed with this SecretId get the fault: e.g. a sub-account's key whose CAM policy
     * lacks an action, `{ secretId, service: "ssl", action: "DescribeCertificates", kind: "internalError",
     * code: "AuthFailure.UnauthorizedOperation", probability: 1 }`.
     */
    secretId?: string;
}

export interface FaultConfig {
    /** PRNG seed: the same seed and the same call sequence give the same faults. */
    seed: number;
    rules: FaultRule[];
}

export interface CallLogEntry {
    /** Emulator clock (ms since epoch) when the request arrived. */
    time: number;
    service: string;
    version: string;
    action: string;
    /** Request parameters with secrets (KeyPassword, private keys) replaced by "***". */
    params: Record<string, unknown>;
    /** "OK" or the Error.Code answered (HTTP-level faults: "HTTP500", "HTTP502", "HTTP503", "RESET"). */
    code: string;
    requestId: string;
    durationMs: number;
    /** The fault injected into this call, if any. */
    fault?: FaultKind;
    /** SecretId used to sign (never the key). */
    secretId?: string;
    /** Account (OwnerUin) of that SecretId, once its signature and token were verified. */
    ownerUin?: string;
    /** The X-TC-Region header as sent (absent when the call carried none). */
    region?: string;
}

export interface ActionCounter {
    calls: number;
    ok: number;
    errors: number;
    /** Count per answered code ("OK", error codes, HTTP fault markers). */
    byCode: Record<string, number>;
}

// ---------------------------------------------------------------- SSL state

export interface CsrRecord {
    Id: number;
    OwnerUin: string;
    Domain: string;
    Organization: string;
    Department: string;
    Email: string;
    Province: string;
    City: string;
    Country: string;
    EncryptAlgo: string;
    KeyParameter: string;
    Remarks: string;
    /** 0 = not generated (editable), 1 = generated (CSR and private key present, no longer modifiable). */
    Status: number;
    KeyPassword: string | null;
    /** "YYYY-MM-DD HH:mm:ss" in UTC+8 like the console. */
    CreateTime: string;
    CSR: string | null;
    PrivateKey: string | null;
    Tags: { TagKey: string; TagValue: string }[];
}

/**
 * A certificate of the SSL Certificates service: the store TEO deploys from (`ServerCertInfo`,
 * `CertInfos`, `CustomCACerts` name these ids). Answered by ssl DescribeCertificates (times in
 * China time) and shown by the TEO describe calls (`datetime_iso`).
 */
export interface SslCertificate extends Owned {
    CertificateId: string;
    Alias: string;
    /** "upload" (uploaded by the user, TEO type `upload`) or the issuing CA such as "trustasia" (TEO type `managed`). */
    From: string;
    /** "SVR" server certificate, "CA" client (CA) certificate. */
    CertificateType: "SVR" | "CA";
    /** Main domain ("" for a CA certificate). */
    Domain: string;
    /** Every domain covered, the main one included (wildcards allowed, "*.example.com"); empty = not checked. */
    SubjectAltName: string[];
    /** ISO time the certificate became valid (default: a year before ExpireTime). */
    BeginTime?: string;
    /** ISO time; past it the certificate answers Status 3 and deploying it is refused. */
    ExpireTime: string;
    /** DescribeCertificates `Status` (1 approved, see docs/api-notes.md); an approved certificate past ExpireTime answers 3. */
    Status: number;
    /** As TEO shows it, e.g. "RSA 2048", "ECC 256". */
    SignAlgo: string;
}

export interface SslState {
    nextId: number;
    /** Keyed by String(Id). */
    csrs: Record<string, CsrRecord>;
    /** Keyed by CertificateId; TEO uses these. */
    certificates: Record<string, SslCertificate>;
}

// ---------------------------------------------------------------- GAAP state

/** GAAP certificate types: 0 basic auth, 1 client CA, 2 server SSL, 3 origin CA, 4 proxy SSL. */
export interface GaapCertificate extends Owned {
    CertificateId: string;
    CertificateAlias: string;
    CertificateType: 0 | 1 | 2 | 3 | 4;
    /** Domains the certificate covers (wildcards allowed, "*.example.com"); empty = not checked. */
    Domains: string[];
    /** ISO time; DescribeCertificates answers it as `EndTime` (Unix seconds). */
    ExpireTime: string;
    /** ISO time the certificate became valid (`BeginTime`; default: a year before ExpireTime). */
    BeginTime?: string;
    /** Subject common name (`SubjectCN`; default: the first of Domains, or the alias for a CA). */
    SubjectCN?: string;
    /** Issuer common name (`IssuerCN`; default "Emulator Test CA"). */
    IssuerCN?: string;
}

export interface GaapProxy extends Owned {
    ProxyId: string;
    ProxyName: string;
    /** "3.0" supports ModifyCertificate; others answer FailedOperation.ProxyVersionNotSupport. */
    Version: string;
    GroupId: string | null;
}

export interface GaapDomainRule {
    RuleId: string;
    Path: string;
    RealServerIP: string;
    RealServerPort: number;
}

export interface GaapDomain {
    Domain: string;
    /** "default" = the listener's certificate. */
    CertificateId: string;
    ClientCertificateId: string;
    PolyClientCertificateIds: string[];
    Rules: GaapDomainRule[];
    /** Emulator clock (ms) until which the last change is applying (DomainStatus 1). */
    pendingUntil: number;
}

export interface GaapListener extends Owned {
    ListenerId: string;
    ListenerName: string;
    ProxyId: string;
    Port: number;
    /** The listener's own server certificate (used when a domain says "default"). */
    CertificateId: string;
    ClientCertificateId: string | null;
    PolyClientCertificateIds: string[];
    /** 0 one-way, 1 mutual. */
    AuthType: 0 | 1;
    ForwardProtocol: string;
    Http3Supported: 0 | 1;
    /** Unix seconds. */
    CreateTime: number;
    /** Emulator clock (ms) until which every call touching the listener fails with FailedOperation.ListenerHasTask. */
    busyUntil: number;
    /**
     * How DescribeRules reports a domain on the listener's certificate: `default` (absent: as the
     * API documents it) or the listener's own certificate id (admin `setDefaultCertificateReport`).
     */
    defaultCertificateReport?: "default" | "listenerId";
    Domains: GaapDomain[];
}

export interface GaapState {
    proxies: Record<string, GaapProxy>;
    listeners: Record<string, GaapListener>;
    certificates: Record<string, GaapCertificate>;
}

// ---------------------------------------------------------------- TEO state

/**
 * A certificate in TEO's terms: the shape `addTeoCertificate` and a seed's `teo.certificates` take.
 * Stored in the SSL store (`state.ssl.certificates`) as an SslCertificate: Kind server → SVR, ca → CA,
 * Type upload → From "upload", managed → From "trustasia", Domains → Domain (the first) + SubjectAltName.
 */
export interface TeoCertificate extends Owned {
    CertId: string;
    Alias: string;
    /** "upload" | "managed" (SSL console certificates). */
    Type: string;
    /** "server" certificates serve hosts; "ca" certificates are for mutual TLS / origin verification. */
    Kind: "server" | "ca";
    /** Domains covered (wildcards allowed); empty = not checked. */
    Domains: string[];
    /** ISO time; a certificate past it is refused with FailedOperation.CertificateHasExpired. */
    ExpireTime: string;
    SignAlgo: string;
}

export type TeoCertMode = "disable" | "eofreecert" | "eofreecert_manual" | "sslcert";

export interface TeoMutualTls {
    Switch: "on" | "off";
    CertIds: string[];
}

export interface TeoHost {
    DomainName: string;
    /** Status when no deployment is in flight: "online" | "offline" | "init" | "forbidden". */
    DomainStatus: string;
    Origin: string;
    Mode: TeoCertMode;
    /** Server certificate ids (Mode "sslcert"). */
    CertIds: string[];
    ClientCert: TeoMutualTls;
    UpstreamMutualTls: TeoMutualTls;
    UpstreamVerify: { VerificationMode: "disable" | "custom_ca"; CertIds: string[] };
    /** ISO time of the last certificate deployment. */
    DeployTime: string;
    CreatedOn: string;
    ModifiedOn: string;
    /** Emulator clock (ms) until which the last change is deploying (status processing / DomainStatus process). */
    pendingUntil: number;
    /**
     * ISO time the free certificate (`teo-free-<host>`, modes eofreecert*) expires, set by the admin
     * `setCertificateExpiry`; absent = DeployTime + 90 days. A new deployment re-issues it (clears this).
     */
    FreeCertExpireTime?: string;
}

export interface TeoZone extends Owned {
    ZoneId: string;
    ZoneName: string;
    /** Keyed by host name. */
    hosts: Record<string, TeoHost>;
}

export interface TeoState {
    zones: Record<string, TeoZone>;
}

export interface EmulatorState {
    ssl: SslState;
    gaap: GaapState;
    teo: TeoState;
}

// ---------------------------------------------------------------- seed

/** Seed data (shape of `--seed file.json` and `startEmulator({seed})`); omitted parts come from DEFAULT_SEED. */
export interface EmulatorSeed {
    /** SSL certificates (what TEO deploys). */
    ssl?: { certificates?: SslCertificate[] };
    gaap?: { proxies?: GaapProxy[]; certificates?: GaapCertificate[]; listeners?: SeedGaapListener[] };
    /** `certificates`: SSL certificates given in TEO's terms (added to `ssl.certificates`). */
    teo?: { certificates?: TeoCertificate[]; zones?: SeedTeoZone[] };
}

export interface SeedGaapListener {
    ListenerId: string;
    ListenerName?: string;
    ProxyId: string;
    Port: number;
    CertificateId: string;
    ClientCertificateId?: string | null;
    AuthType?: 0 | 1;
    Domains: { Domain: string; CertificateId?: string; ClientCertificateId?: string; PolyClientCertificateIds?: string[] }[];
}

export interface SeedTeoZone {
    ZoneId: string;
    ZoneName: string;
    hosts: { DomainName: string; DomainStatus?: string; Origin?: string; Mode?: TeoCertMode; CertIds?: string[] }[];
}

// ---------------------------------------------------------------- options and handle

export interface EmulatorOptions {
    /** TCP port on 127.0.0.1 (0 = any free port; default 0). */
    port?: number;
    /** Accepted credentials (default: [DEMO_CREDENTIALS]). The first one's account is the default account. */
    credentials?: EmulatorCredential[];
    /** Seed for the default account's certificates and GAAP/TEO data (default DEFAULT_SEED). */
    seed?: EmulatorSeed;
    /**
     * Certificates and GAAP/TEO data of other accounts, keyed by OwnerUin (e.g. `{ [SECOND_ACCOUNT_CREDENTIALS.ownerUin]:
     * SECOND_ACCOUNT_SEED }`). Parts left out are empty (not DEFAULT_SEED); an account with no entry
     * owns no certificates and no GAAP/TEO objects. Ids are global as in Tencent Cloud: a seed may not reuse another
     * account's proxy, listener, certificate or zone id.
     */
    accountSeeds?: Record<string, EmulatorSeed>;
    /** Per-action limits (`{"ssl.CreateCSR": 50}`), or false to disable rate limiting. Defaults: ssl 10/s, gaap 20/s, teo 20/s per action. */
    rateLimits?: RateLimitOverrides | false;
    /** How the limits count calls: fixed one-second windows (default), a sliding one-second window, or a token bucket of one second's calls. */
    rateLimitShape?: RateLimitShape;
    /** How long a TEO certificate change stays "processing" (default 1500 ms). */
    teoDeployDelayMs?: number;
    /** How long a GAAP domain change stays DomainStatus 1 (default 500 ms). */
    gaapApplyDelayMs?: number;
    /** Fault injection (default none). */
    faults?: FaultConfig;
    /** JSON file: state is loaded from it at start (if it exists) and written after every change. */
    statePath?: string;
    /** Emulator clock in ms since epoch (default Date.now): signature expiry, CreateTime, deployment timing, rate windows. */
    clock?: () => number;
    /** Largest accepted body in bytes (default 10 MiB like TC3); larger → RequestSizeLimitExceeded. */
    maxBodyBytes?: number;
}

export interface Emulator {
    /** e.g. "http://127.0.0.1:41234" */
    readonly url: string;
    readonly port: number;
    close(): Promise<void>;
    /** The live state (mutate through `admin` so persistence happens). */
    readonly state: EmulatorState;
    /** The call log, oldest first (capped at 10 000 entries). */
    readonly log: readonly CallLogEntry[];
    /** Per-action counters keyed "<service>.<Action>". */
    counters(): Record<string, ActionCounter>;
    /** API requests received and not yet answered (admin requests not counted). */
    inFlight(): number;
    /** Resolves once no API request is in flight (at once when none is): the server has done all it was asked. */
    idle(): Promise<void>;
    readonly admin: EmulatorAdmin;
}

/** Out-of-band changes (drift), faults and resets. Every method is also POST /_emulator/<method> with the argument as JSON body. */
export interface EmulatorAdmin {
    /** Forget CSRs, log, counters and rate windows; reload the seed; restore the start-up faults. */
    reset(): void;
    /**
     * Replace one account's seeded data (SSL certificates, GAAP, TEO) with this seed (CSRs and other accounts kept);
     * `ownerUin` defaults to the default account, whose omitted parts come from DEFAULT_SEED.
     */
    seed(args: { seed: EmulatorSeed; ownerUin?: string }): void;
    /** Replace the fault configuration (null = none). */
    setFaults(args: { faults: FaultConfig | null }): void;
    /** Replace rate limits (false = disabled, overrides merged over defaults). */
    setRateLimits(args: { rateLimits: RateLimitOverrides | false }): void;
    /** Replace how the limits count calls (counters start afresh); `reset` restores the start-up shape. */
    setRateLimitShape(args: { shape: RateLimitShape }): void;
    clearLog(): void;

    /** SSL: change fields of a CSR (e.g. `{Remarks: "x"}`) as if edited in the console; refused for a generated CSR, as ModifyCSR refuses. */
    modifyCsr(args: { id: number; fields: Partial<Omit<CsrRecord, "Id">> }): CsrRecord;
    deleteCsr(args: { id: number }): boolean;

    /** GAAP: set a domain's certificates directly (no validation, applied at once). */
    setDomainCertificate(args: {
        listenerId: string;
        domain: string;
        certificateId: string;
        clientCertificateId?: string;
        polyClientCertificateIds?: string[];
    }): void;
    /** GAAP: make the listener answer FailedOperation.ListenerHasTask for ms milliseconds. */
    setListenerBusy(args: { listenerId: string; ms: number }): void;
    /**
     * GAAP: how DescribeRules reports a domain on the listener's certificate (server and client):
     * `default`, as documented (the start-up behaviour), or `listenerId`, the listener's own id.
     */
    setDefaultCertificateReport(args: { listenerId: string; as: "default" | "listenerId" }): void;
    removeDomain(args: { listenerId: string; domain: string }): void;
    addDomain(args: { listenerId: string; domain: string; certificateId?: string }): void;
    removeListener(args: { listenerId: string }): void;
    /** Adds (or replaces) a GAAP certificate in `ownerUin`'s account (default: the default account). */
    addGaapCertificate(args: { certificate: GaapCertificate; ownerUin?: string }): void;

    /** TEO: set a host's certificate config directly (applied at once, status deployed). */
    setHostCertificate(args: { zoneId: string; host: string; mode: TeoCertMode; certIds?: string[] }): void;
    /** TEO: make the host look mid-deployment for ms milliseconds. */
    setHostBusy(args: { zoneId: string; host: string; ms: number }): void;
    setHostStatus(args: { zoneId: string; host: string; status: string }): void;
    removeHost(args: { zoneId: string; host: string }): void;
    addHost(args: { zoneId: string; host: string }): void;
    /** Adds (or replaces) a certificate given in TEO's terms to the SSL store of `ownerUin`'s account (default: the default account). */
    addTeoCertificate(args: { certificate: TeoCertificate; ownerUin?: string }): void;
    /** Adds (or replaces) an SSL certificate (what TEO deploys) in `ownerUin`'s account (default: the default account). */
    addSslCertificate(args: { certificate: SslCertificate; ownerUin?: string }): void;

    /**
     * Sets when a certificate expires: an SSL certificate (ssl DescribeCertificates `CertEndTime`, and
     * `ExpireTime` wherever a TEO describe answer lists it), a free certificate `teo-free-<host>`, or a
     * GAAP certificate (gaap DescribeCertificates `EndTime`). Give `expireTime` (ISO 8601) or
     * `expiresInDays` (from the emulator clock; negative = already expired). Returns the stored
     * `datetime_iso` value.
     */
    setCertificateExpiry(args: { certId: string; expireTime?: string; expiresInDays?: number }): string;
}
