/** ClientRegistry and runtime.getClient(scope): one client per account/region, one limiter per account. */
import { strict as assert } from "node:assert";
import { ClientRegistry } from "../../provider/client-registry";
import { scopeKey as registryKey } from "../../provider/resources/common/deps";
import * as runtime from "../../provider/runtime";
import { createClient, TencentCloudClient } from "../../provider/tencentcloud/client";
import { RateLimiter } from "../../provider/tencentcloud/rate-limiter";
import { resolveSettings } from "../../provider/tencentcloud/settings";
import type { ClientScope } from "../../provider/tencentcloud/types";
import { configOf } from "../support/config-source";
import { isolateRuntimeEnv, makeTempHome } from "../support/temp-home";

const STACK = { "tencentcloud:secretId": "AKIDstack", "tencentcloud:secretKey": "stack-secret-key", "tencentcloud:endpoint": "http://127.0.0.1:9" };
const PROFILES = [
    "[away]",
    "secret_id = AKIDaway",
    "secret_key = away-secret-key",
    "region = ap-singapore",
    "",
    "[same]",
    "secret_id = AKIDstack",
    "secret_key = stack-secret-key",
    "",
    "[nokey]",
    "secret_id = AKIDx",
    "",
].join("\n");

function registryFor(home: string, config: Record<string, string>): { registry: ClientRegistry; built: { settings: ReturnType<typeof resolveSettings> }[] } {
    const built: { settings: ReturnType<typeof resolveSettings> }[] = [];
    const registry = new ClientRegistry({
        settings: (scope) => resolveSettings(configOf(config), {}, { homeDir: home, scope }),
        client: (settings, limiter) => {
            built.push({ settings });
            return createClient(settings, { limiter });
        },
        limiter: (limits) => new RateLimiter(limits),
    });
    return { registry, built };
}

const limiterOf = (client: TencentCloudClient) => (client as any).limiter as RateLimiter;

describe("ClientRegistry: clients per account/region, limiters per account", () => {
    let home: ReturnType<typeof makeTempHome>;
    beforeEach(() => {
        home = makeTempHome(PROFILES);
    });
    afterEach(() => home.cleanup());

    it("keys the default scope apart from every profile/region", () => {
        assert.equal(registryKey(undefined), "");
        assert.equal(registryKey({}), "");
        assert.equal(registryKey({ region: "ap-singapore" }), "|ap-singapore");
        assert.equal(registryKey({ profile: "away" }), "away|");
    });

    it("builds one client per scope and shares the limiter between clients signing for the same account", async () => {
        const { registry, built } = registryFor(home.dir, STACK);
        const stack = registry.get(undefined, 1);
        assert.equal(registry.get({}, 1), stack, "no profile and no region is the default scope");
        const stackSg = registry.get({ region: "ap-singapore" }, 1);
        const away = registry.get({ profile: "away" }, 1);
        const awayHk = registry.get({ profile: "away", region: "ap-hongkong" }, 1);
        const same = registry.get({ profile: "same" }, 1);
        assert.equal(new Set([stack, stackSg, away, awayHk, same]).size, 5, "one client per account/region");
        assert.equal(limiterOf(stackSg), limiterOf(stack), "two regions of one account: one limiter");
        assert.equal(limiterOf(same), limiterOf(stack), "a profile with the stack's keys: the same account, one limiter");
        assert.equal(limiterOf(awayHk), limiterOf(away));
        assert.notEqual(limiterOf(away), limiterOf(stack), "another account paces on its own");
        assert.deepEqual(registry.size(), { clients: 5, limiters: 2 });
        // Credentials and region per scope: a profile's keys only, the resource's region first.
        const bySecretAndRegion = built.map((b) => `${b.settings.credentials.secretId}@${b.settings.region ?? "-"}`);
        assert.deepEqual(bySecretAndRegion, ["AKIDstack@-", "AKIDstack@ap-singapore", "AKIDaway@ap-singapore", "AKIDaway@ap-hongkong", "AKIDstack@-"]);
        assert.deepEqual(registry.secrets().sort(), ["away-secret-key", "away-secret-key", "stack-secret-key", "stack-secret-key", "stack-secret-key"]);
        await registry.closeAll();
        assert.deepEqual(registry.size(), { clients: 0, limiters: 0 });
    });

    it("takes a profile's credentials even when config and environment set others, and the profile's region before tencentcloud:region", () => {
        const settings = resolveSettings(
            configOf({ ...STACK, "tencentcloud:region": "ap-beijing" }),
            { TENCENTCLOUD_SECRET_ID: "AKIDenv", TENCENTCLOUD_SECRET_KEY: "env-key" },
            { homeDir: home.dir, scope: { profile: "away" } },
        );
        assert.equal(settings.credentials.secretId, "AKIDaway");
        assert.equal(settings.region, "ap-singapore");
        const noRegion = resolveSettings(configOf({ ...STACK, "tencentcloud:region": "ap-beijing" }), {}, { homeDir: home.dir, scope: { profile: "same" } });
        assert.equal(noRegion.region, "ap-beijing", "a profile without region: the stack's region");
        const overridden = resolveSettings(
            configOf({ ...STACK, "tencentcloud:region": "ap-beijing" }),
            {},
            { homeDir: home.dir, scope: { region: "ap-tokyo" } },
        );
        assert.equal(overridden.region, "ap-tokyo");
        assert.equal(overridden.credentials.secretId, "AKIDstack");
    });

    it("keeps a client across configure generations while its settings resolve the same, and rebuilds only the scopes that changed", () => {
        const config: Record<string, string> = { ...STACK };
        const { registry } = registryFor(home.dir, config);
        const stack = registry.get(undefined, 1);
        const away = registry.get({ profile: "away" }, 1);
        assert.equal(registry.get(undefined, 2), stack);
        config["tencentcloud:region"] = "ap-beijing";
        const stack3 = registry.get(undefined, 3);
        assert.notEqual(stack3, stack, "the stack's region changed");
        assert.equal(limiterOf(stack3), limiterOf(stack), "same limits: same limiter");
        assert.equal(registry.get({ profile: "away" }, 3), away, "the profile's own region wins: nothing changed for it");
        config["tencentcloud:rateLimits"] = "ssl=5";
        assert.notEqual(limiterOf(registry.get(undefined, 4)), limiterOf(stack), "new limits: new limiter");
    });

    it("fails a profile that is missing or lacks keys with a CredentialsError naming the input and the fix", () => {
        const { registry } = registryFor(home.dir, STACK);
        assert.throws(
            () => registry.get({ profile: "ghost" }, 1),
            /the resource input 'profile' selects profile 'ghost', but .*credentials has no \[ghost\] profile \(profiles there: away, same, nokey\)/,
        );
        assert.throws(
            () => registry.get({ profile: "nokey" }, 1),
            /profile 'nokey' in .* has no secret_key\. Add secret_key to the \[nokey\] section, or change the resource input 'profile'/,
        );
        assert.deepEqual(registry.size(), { clients: 0, limiters: 0 });
    });
});

describe("runtime: getClient(scope) and profileProblem", () => {
    isolateRuntimeEnv(PROFILES);

    it("serves a profile without any stack credentials, and the default account separately", () => {
        const away: ClientScope = { profile: "away" };
        const client = runtime.getClient(away);
        assert.equal(runtime.getClient({ profile: "away" }), client);
        assert.throws(() => runtime.getClient(), /No Tencent Cloud credentials found/, "the default account still needs its own credentials");
        runtime.configure(configOf(STACK));
        assert.notEqual(runtime.getClient(), client);
    });

    it("explains an unusable profile for check, never with a secret", () => {
        assert.equal(runtime.profileProblem("away"), undefined);
        const problem = runtime.profileProblem("nokey") ?? "";
        assert.match(problem, /has no secret_key/);
        assert.match(problem, /takes its credentials from that profile only/);
        assert.ok(!problem.includes("AKIDx") && !problem.includes("away-secret-key"));
        assert.match(runtime.profileProblem("ghost") ?? "", /no \[ghost\] profile/);
    });
});
