import type * as pulumi from "@pulumi/pulumi";
// Type only (erased in the compiled shim): the shim loads the runtime when called, never at load time.
import type { ResourceKind } from "./runtime";

/**
 * Builds the provider object that Pulumi serializes into state as `__provider`.
 *
 * Pulumi keeps that serialized copy and runs it again for delete and refresh (pulumi#6238), so it
 * must stay a thin shim: it captures only two strings (the resource kind and the path this package
 * was loaded from) and requires the installed package when a method is called, so a fixed package
 * reaches resources created by older versions. It captures no credentials, clients or caches; those
 * live in the run-time module, one instance per provider host process.
 */
export function makeShimProvider(kind: ResourceKind): pulumi.dynamic.ResourceProvider {
    // The package's run-time entry, resolved by name from the provider host's working directory.
    // A local literal, not a module export: the closure serializer would capture the whole
    // `exports` object for an export, but only this string for a local.
    const RUNTIME_MODULE_NAME = "pulumi-tencent-certs/bin/provider/runtime";
    // Used only when the package is not resolvable by name from the program's directory
    // (for example a program that loads this package from a source checkout by path).
    const fallbackRuntimePath: string = require.resolve("./runtime");

    function runtime(): any {
        try {
            return require(RUNTIME_MODULE_NAME);
        } catch (err: any) {
            const missing = err && err.code === "MODULE_NOT_FOUND" && String(err.message).includes(RUNTIME_MODULE_NAME);
            if (!missing) {
                throw err;
            }
            try {
                return require(fallbackRuntimePath);
            } catch {
                throw new Error(
                    `pulumi-tencent-certs is not installed where this Pulumi program runs: could not load ` +
                        `'${RUNTIME_MODULE_NAME}' nor '${fallbackRuntimePath}'. Run 'npm install pulumi-tencent-certs' ` +
                        `in the program's directory (and 'npm run build' if you use a source checkout).`,
                );
            }
        }
    }
    return {
        async configure(req: pulumi.dynamic.ConfigureRequest): Promise<void> {
            runtime().configure(req.config);
        },
        async check(olds: any, news: any) {
            return runtime().providerFor(kind).check(olds, news);
        },
        async diff(id: string, olds: any, news: any) {
            return runtime().providerFor(kind).diff(id, olds, news);
        },
        async create(inputs: any) {
            return runtime().providerFor(kind).create(inputs);
        },
        async read(id: string, props: any) {
            return runtime().providerFor(kind).read(id, props);
        },
        async update(id: string, olds: any, news: any) {
            return runtime().providerFor(kind).update(id, olds, news);
        },
        async delete(id: string, props: any) {
            return runtime().providerFor(kind).delete(id, props);
        },
    };
}
