/**
 * The program's own @pulumi/pulumi (resolved from the program directory as Node would) and the
 * gRPC/protobuf modules it uses, so request/response message classes are the ones it expects.
 */
import * as path from "path";

export interface Sdk {
    /** Directory of the resolved @pulumi/pulumi package. */
    dir: string;
    version: string;
    runScript: string;
    dynamicProviderScript: string;
    grpc: any;
    struct: any;
    empty: any;
    provider: any;
    providerGrpc: any;
    resource: any;
    resourceGrpc: any;
    engine: any;
    engineGrpc: any;
    status: any;
    channelOptions: Record<string, unknown>;
}

const cache = new Map<string, Sdk>();

export function loadSdk(programDir: string): Sdk {
    let pkgJson: string;
    try {
        pkgJson = require.resolve("@pulumi/pulumi/package.json", { paths: [programDir] });
    } catch {
        throw new Error(`engine driver: @pulumi/pulumi is not installed for the program in ${programDir} (run npm install there)`);
    }
    const dir = path.dirname(pkgJson);
    const cached = cache.get(dir);
    if (cached) return cached;
    const fromSdk = (id: string) => require(require.resolve(id, { paths: [dir] }));
    const sdk: Sdk = {
        dir,
        version: require(pkgJson).version,
        runScript: path.join(dir, "cmd", "run", "index.js"),
        dynamicProviderScript: path.join(dir, "cmd", "dynamic-provider", "index.js"),
        grpc: fromSdk("@grpc/grpc-js"),
        struct: fromSdk("google-protobuf/google/protobuf/struct_pb"),
        empty: fromSdk("google-protobuf/google/protobuf/empty_pb"),
        provider: require(path.join(dir, "proto", "provider_pb")),
        providerGrpc: require(path.join(dir, "proto", "provider_grpc_pb")),
        resource: require(path.join(dir, "proto", "resource_pb")),
        resourceGrpc: require(path.join(dir, "proto", "resource_grpc_pb")),
        engine: require(path.join(dir, "proto", "engine_pb")),
        engineGrpc: require(path.join(dir, "proto", "engine_grpc_pb")),
        status: require(path.join(dir, "proto", "status_pb")),
        channelOptions: { "grpc.max_receive_message_length": 1024 * 1024 * 400, "grpc.max_send_message_length": 1024 * 1024 * 400 },
    };
    cache.set(dir, sdk);
    return sdk;
}
