/**
 * What `npm run api-models` generates: for each service and API version, the npm package and model
 * file it reads and the actions whose request/response structs (and every struct they use) go into
 * api-models/. Versions are pinned so a regeneration is reproducible; change them here to update.
 */

export interface SdkPackage {
    name: string;
    version: string;
}

/** The international SDK ships JavaScript only (models.js with JSDoc types); the China-site SDK ships .d.ts. */
export const SDK_PACKAGES = {
    intl: { name: "tencentcloud-sdk-nodejs-intl-en", version: "3.0.1335" },
    china: { name: "tencentcloud-sdk-nodejs", version: "4.1.313" },
} as const satisfies Record<string, SdkPackage>;

export type SdkName = keyof typeof SDK_PACKAGES;

export interface ModelSource {
    service: "ssl" | "gaap" | "teo";
    version: string;
    sdk: SdkName;
    /** Path inside the package. */
    file: string;
    actions: readonly string[];
}

export const MODEL_SOURCES: readonly ModelSource[] = [
    {
        service: "ssl",
        version: "2019-12-05",
        sdk: "intl",
        file: "tencentcloud/ssl/v20191205/models.js",
        actions: ["CreateCSR", "DescribeCSR", "DescribeCSRSet", "ModifyCSR", "BatchDeleteCSR", "DescribeCertificates"],
    },
    {
        service: "teo",
        version: "2022-01-06",
        sdk: "intl",
        file: "tencentcloud/teo/v20220106/models.js",
        actions: ["ModifyHostsCertificate", "DescribeHostsCertificate"],
    },
    {
        service: "gaap",
        version: "2018-05-29",
        sdk: "china",
        file: "tencentcloud/services/gaap/v20180529/gaap_models.d.ts",
        actions: ["ModifyCertificate", "DescribeRules", "DescribeHTTPSListeners", "DescribeCertificates"],
    },
    {
        service: "teo",
        version: "2022-09-01",
        sdk: "china",
        file: "tencentcloud/services/teo/v20220901/teo_models.d.ts",
        actions: ["ModifyHostsCertificate", "DescribeAccelerationDomains"],
    },
];

/**
 * Required request fields of the international SDK's models. Its models.js types every field
 * `{T || null}` and says nothing of which are required, so they come from the "Required" column of
 * the international API documents (SSL: the "CSR APIs" pages such as
 * www.tencentcloud.com/document/api/1007/56819 CreateCSR and 1007/56818 DescribeCSR, and
 * DescribeCertificates; EdgeOne 2022-01-06: 1145/48234 ModifyHostsCertificate and the
 * DescribeHostsCertificate page), which the international command-line tool's
 * tccli/services/<service>/<version>/api.json marks the same way (`"required": true`).
 * Every struct a request reaches must be listed (an empty list: nothing required); the generator
 * fails on a struct missing here or a listed field the model does not have, so a new action or a
 * renamed field cannot slip through unmarked.
 */
export const INTL_REQUIRED_FIELDS: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>> = {
    "ssl 2019-12-05": {
        CreateCSRRequest: ["Domain", "Organization", "Department", "Email", "Province", "City", "Country", "EncryptAlgo", "KeyParameter", "Generate"],
        DescribeCSRRequest: ["CSRId"],
        DescribeCSRSetRequest: [],
        ModifyCSRRequest: ["CSRId", "Generate"],
        BatchDeleteCSRRequest: ["CSRIds"],
        DescribeCertificatesRequest: [],
        Tags: ["TagKey", "TagValue"],
    },
    "teo 2022-01-06": {
        ModifyHostsCertificateRequest: ["ZoneId", "Hosts"],
        ServerCertInfo: ["CertId"],
        DescribeHostsCertificateRequest: ["ZoneId"],
        CertFilter: ["Name", "Values"],
        CertSort: ["Key"],
    },
};
