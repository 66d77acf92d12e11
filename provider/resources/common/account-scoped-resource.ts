import * as pulumi from "@pulumi/pulumi";
import { warnAboutPlaintextSecretConfig } from "./plaintext-secrets";

/** The base of the three resources: the outputs each has for its `profile` and `region` inputs (common/scope.ts). */
export abstract class AccountScopedResource extends pulumi.dynamic.Resource {
    /** The credentials-file profile this resource uses (unset: the stack's account). */
    declare readonly profile: pulumi.Output<string | undefined>;
    /** The region sent with its calls, when set. */
    declare readonly region: pulumi.Output<string | undefined>;

    constructor(...args: ConstructorParameters<typeof pulumi.dynamic.Resource>) {
        super(...args);
        warnAboutPlaintextSecretConfig();
    }
}
