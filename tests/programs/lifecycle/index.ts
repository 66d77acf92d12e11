/**
 * Engine-driver test program. Shape comes from config (key → effect):
 *   aValue, bValue     inputs of a and b (b also takes a's serial as `ref`, so it depends on a)
 *   aRegion            a's region: changing it makes the provider ask for replacement
 *   aDbr               "true": a is replaced delete-before-replace (resource option)
 *   aProviderDbr       "true": the provider's Diff asks for delete-before-replace
 *   withB              "false": b is not registered (so up deletes it)
 *   apiToken (secret)  passed to a as `token`
 *   extras, extraDelayMs  that many independent extra items, each create sleeping extraDelayMs
 *   failOn             "<name>:<create|update|delete>": that item's provider call fails;
 *                      "<name>:update-init": the update applies but reports ErrorResourceInitFailed
 *   aWarnOnDelete      a's delete logs this warning through the package's runtime logger
 *   getId              read the existing object with this id as `existing` (Item.get → ReadResource)
 *   bIgnoreValue       "true": b has ignoreChanges: ["value"]
 *   bReplaceOnValue    "true": b has replaceOnChanges: ["value"]
 *   aProtect, bRetain  "true": a has protect, b has retainOnDelete
 *   logWarning         logged with pulumi.log.warn (shown by the driver like the CLI)
 *   throwError         the program throws this message after registering a
 */
import * as pulumi from "@pulumi/pulumi";
import { Item } from "./store-provider";

const config = new pulumi.Config();
const failOn = (name: string) => {
    const [who, what] = (config.get("failOn") ?? "").split(":");
    return who === name ? what : undefined;
};

const a = new Item(
    "a",
    {
        name: "a",
        value: config.get("aValue") ?? "alpha",
        region: config.get("aRegion") ?? "r1",
        token: config.getSecret("apiToken"),
        failOn: failOn("a"),
        providerDbr: config.getBoolean("aProviderDbr"),
        warnOnDelete: config.get("aWarnOnDelete"),
    },
    { deleteBeforeReplace: config.getBoolean("aDbr") === true, protect: config.getBoolean("aProtect") === true },
);

const warning = config.get("logWarning");
if (warning) pulumi.log.warn(warning);
const thrown = config.get("throwError");
if (thrown)
    a.id.apply(() => {
        throw new Error(thrown);
    });

let b: Item | undefined;
if (config.get("withB") !== "false") {
    b = new Item(
        "b",
        { name: "b", value: config.get("bValue") ?? "beta", ref: a.serial, failOn: failOn("b") },
        {
            ignoreChanges: config.getBoolean("bIgnoreValue") ? ["value"] : undefined,
            replaceOnChanges: config.getBoolean("bReplaceOnValue") ? ["value"] : undefined,
            retainOnDelete: config.getBoolean("bRetain") === true,
        },
    );
}

const extras: Item[] = [];
for (let i = 0; i < (config.getNumber("extras") ?? 0); i++) {
    extras.push(new Item(`x${i}`, { name: `x${i}`, value: "x", delayMs: config.getNumber("extraDelayMs") ?? 0, failOn: failOn(`x${i}`) }));
}

const getId = config.get("getId");
const existing = getId ? Item.get("existing", getId) : undefined;

export const aSerial = a.serial;
export const existingValue = existing?.value;
export const aToken = a.token;
export const bRef = b?.ref;
export const extraCount = extras.length;
