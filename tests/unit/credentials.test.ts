import { strict as assert } from "node:assert";
import { credentialsFilePath, resolveCredentials } from "../../provider/tencentcloud/credentials";
import { CredentialsError, TencentCloudError } from "../../provider/tencentcloud/errors";
import { configOf } from "../support/config-source";
import { makeTempHome } from "../support/temp-home";

const CFG_KEY = "cfg-secret-KEY-0001";
const ENV_KEY = "env-secret-KEY-0002";
const FILE_KEY = "file-secret-KEY-0003";
const TOKEN = "session-TOKEN-0004";
const ALL_SECRETS = [CFG_KEY, ENV_KEY, FILE_KEY, TOKEN];

const PROFILE_FILE = `# tccli / SDK credentials
[default]
secret_id = AKIDfile
secret_key = ${FILE_KEY}
region = ap-singapore

[ci]
secret_id = "AKIDci"
secret_key = '${FILE_KEY}'
token = ${TOKEN}

[half]
secret_id = AKIDhalf
`;

function expectCredentialsError(fn: () => unknown, ...fragments: (string | RegExp)[]): CredentialsError {
    let caught: unknown;
    try {
        fn();
    } catch (err) {
        caught = err;
    }
    assert.ok(caught instanceof CredentialsError, `expected CredentialsError, got ${caught}`);
    assert.ok(caught instanceof TencentCloudError);
    assert.equal(caught.code, "Client.CredentialsError");
    for (const fragment of fragments) {
        if (typeof fragment === "string") {
            assert.ok(caught.message.includes(fragment), `message lacks '${fragment}': ${caught.message}`);
        } else {
            assert.match(caught.message, fragment);
        }
    }
    for (const secret of ALL_SECRETS) {
        assert.ok(!caught.message.includes(secret), "a secret leaked into the message");
        assert.ok(!String(caught.stack).includes(secret), "a secret leaked into the stack");
    }
    return caught;
}

describe("credentials chain", () => {
    let home: ReturnType<typeof makeTempHome>;
    afterEach(() => home?.cleanup());

    it("prefers Pulumi config over the environment and the profile file", () => {
        home = makeTempHome(PROFILE_FILE);
        const creds = resolveCredentials({
            config: configOf({ "tencentcloud:secretId": "AKIDcfg", "tencentcloud:secretKey": CFG_KEY, "tencentcloud:securityToken": TOKEN }),
            env: { TENCENTCLOUD_SECRET_ID: "AKIDenv", TENCENTCLOUD_SECRET_KEY: ENV_KEY },
            homeDir: home.dir,
        });
        assert.deepEqual([creds.secretId, creds.secretKey, creds.token, creds.source], ["AKIDcfg", CFG_KEY, TOKEN, "config"]);
    });

    it("uses the environment (with its session token) when config has none", () => {
        home = makeTempHome(PROFILE_FILE);
        const creds = resolveCredentials({
            config: configOf({}),
            env: { TENCENTCLOUD_SECRET_ID: "AKIDenv", TENCENTCLOUD_SECRET_KEY: ENV_KEY, TENCENTCLOUD_SESSION_TOKEN: TOKEN },
            homeDir: home.dir,
        });
        assert.deepEqual([creds.secretId, creds.secretKey, creds.token, creds.source], ["AKIDenv", ENV_KEY, TOKEN, "environment"]);
    });

    it("accepts the Terraform alias TENCENTCLOUD_SECURITY_TOKEN", () => {
        home = makeTempHome();
        const creds = resolveCredentials({
            config: configOf({}),
            env: { TENCENTCLOUD_SECRET_ID: "AKIDenv", TENCENTCLOUD_SECRET_KEY: ENV_KEY, TENCENTCLOUD_SECURITY_TOKEN: TOKEN },
            homeDir: home.dir,
        });
        assert.equal(creds.token, TOKEN);
    });

    it("rejects two different session tokens in the two alias variables", () => {
        home = makeTempHome();
        expectCredentialsError(
            () =>
                resolveCredentials({
                    config: configOf({}),
                    env: {
                        TENCENTCLOUD_SECRET_ID: "a",
                        TENCENTCLOUD_SECRET_KEY: ENV_KEY,
                        TENCENTCLOUD_SESSION_TOKEN: TOKEN,
                        TENCENTCLOUD_SECURITY_TOKEN: "other-token",
                    },
                    homeDir: home.dir,
                }),
            "TENCENTCLOUD_SESSION_TOKEN",
            "TENCENTCLOUD_SECURITY_TOKEN",
        );
    });

    it("falls back to the default profile of ~/.tencentcloud/credentials, with its region", () => {
        home = makeTempHome(PROFILE_FILE);
        const creds = resolveCredentials({ config: configOf({}), env: {}, homeDir: home.dir });
        assert.deepEqual(
            [creds.secretId, creds.secretKey, creds.token, creds.source, creds.profileRegion],
            ["AKIDfile", FILE_KEY, undefined, "profile", "ap-singapore"],
        );
        assert.ok(creds.origin.includes(credentialsFilePath(home.dir)));
    });

    it("selects a profile with TENCENTCLOUD_PROFILE (quoted values, token key)", () => {
        home = makeTempHome(PROFILE_FILE);
        const creds = resolveCredentials({ config: configOf({}), env: { TENCENTCLOUD_PROFILE: "ci" }, homeDir: home.dir });
        assert.deepEqual([creds.secretId, creds.secretKey, creds.token], ["AKIDci", FILE_KEY, TOKEN]);
    });

    it("treats blank values as unset", () => {
        home = makeTempHome(PROFILE_FILE);
        const creds = resolveCredentials({
            config: configOf({ "tencentcloud:secretId": "  ", "tencentcloud:secretKey": "" }),
            env: { TENCENTCLOUD_SECRET_ID: "" },
            homeDir: home.dir,
        });
        assert.equal(creds.source, "profile");
    });

    describe("errors", () => {
        it("half-set pair in config names the missing key", () => {
            home = makeTempHome(PROFILE_FILE);
            expectCredentialsError(
                () =>
                    resolveCredentials({
                        config: configOf({ "tencentcloud:secretId": "AKIDcfg" }),
                        env: { TENCENTCLOUD_SECRET_ID: "x", TENCENTCLOUD_SECRET_KEY: ENV_KEY },
                        homeDir: home.dir,
                    }),
                "tencentcloud:secretId is set in the Pulumi config but tencentcloud:secretKey is not",
            );
            expectCredentialsError(
                () => resolveCredentials({ config: configOf({ "tencentcloud:secretKey": CFG_KEY }), env: {}, homeDir: home.dir }),
                "tencentcloud:secretKey is set in the Pulumi config but tencentcloud:secretId is not",
            );
        });

        it("half-set pair in the environment names the missing variable", () => {
            home = makeTempHome(PROFILE_FILE);
            expectCredentialsError(
                () => resolveCredentials({ config: configOf({}), env: { TENCENTCLOUD_SECRET_KEY: ENV_KEY }, homeDir: home.dir }),
                "TENCENTCLOUD_SECRET_ID is not",
            );
            expectCredentialsError(
                () => resolveCredentials({ config: configOf({}), env: { TENCENTCLOUD_SECRET_ID: "AKID" }, homeDir: home.dir }),
                "TENCENTCLOUD_SECRET_KEY is not",
            );
        });

        it("a token without its key pair is an error", () => {
            home = makeTempHome();
            expectCredentialsError(
                () => resolveCredentials({ config: configOf({ "tencentcloud:securityToken": TOKEN }), env: {}, homeDir: home.dir }),
                "tencentcloud:securityToken",
                "session token",
            );
            expectCredentialsError(
                () => resolveCredentials({ config: configOf({}), env: { TENCENTCLOUD_SESSION_TOKEN: TOKEN }, homeDir: home.dir }),
                "TENCENTCLOUD_SESSION_TOKEN",
            );
        });

        it("half-set profile names the file, the profile and the missing key", () => {
            home = makeTempHome(PROFILE_FILE);
            expectCredentialsError(
                () => resolveCredentials({ config: configOf({}), env: { TENCENTCLOUD_PROFILE: "half" }, homeDir: home.dir }),
                "profile 'half'",
                "no secret_key",
                credentialsFilePath(home.dir),
            );
        });

        it("an explicitly selected profile that does not exist is an error listing the profiles there", () => {
            home = makeTempHome(PROFILE_FILE);
            expectCredentialsError(
                () => resolveCredentials({ config: configOf({ "tencentcloud:profile": "prod" }), env: {}, homeDir: home.dir }),
                "tencentcloud:profile selects profile 'prod'",
                "default, ci, half",
            );
        });

        it("an explicitly selected profile without a credentials file is an error", () => {
            home = makeTempHome();
            expectCredentialsError(
                () => resolveCredentials({ config: configOf({}), env: { TENCENTCLOUD_PROFILE: "prod" }, homeDir: home.dir }),
                "TENCENTCLOUD_PROFILE selects profile 'prod'",
                "file not found",
            );
        });

        it("nothing anywhere: names every place looked, in order", () => {
            home = makeTempHome();
            const err = expectCredentialsError(
                () => resolveCredentials({ config: configOf({}), env: {}, homeDir: home.dir }),
                "No Tencent Cloud credentials found",
                "tencentcloud:secretId",
                "TENCENTCLOUD_SECRET_ID",
                credentialsFilePath(home.dir),
                "file not found",
            );
            const order = ["1. Pulumi config", "2. environment", "3. profile 'default'"].map((s) => err.message.indexOf(s));
            assert.ok(
                order.every((i, n) => i >= 0 && (n === 0 || i > order[n - 1])),
                err.message,
            );
        });

        it("a file without the default profile reports the profiles it has", () => {
            home = makeTempHome("[other]\nsecret_id=a\nsecret_key=b\n");
            expectCredentialsError(
                () => resolveCredentials({ config: configOf({}), env: {}, homeDir: home.dir }),
                "no [default] profile (profiles there: other)",
            );
        });
    });
});
