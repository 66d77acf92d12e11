/**
 * `npm run api-models [-- --from DIR]`: regenerates api-models/ from the official SDK packages.
 *
 * A development step run by hand (no dependency of the package or of `npm install`): `npm pack`s the
 * pinned versions of tools/api-models/sources.ts into a temporary folder (or reads packages already
 * unpacked under DIR/<package name>/), reads the model files, keeps the structs our actions use and
 * writes one module per service and API version, the index, then formats them with Prettier.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { emitIndex, emitModule, moduleName, selectStructs } from "./emit";
import type { ModelFile } from "./model";
import { readChinaModels } from "./read-dts";
import { readIntlModels } from "./read-intl-js";
import { MODEL_SOURCES, SDK_PACKAGES, type SdkName } from "./sources";

/** Runs compiled from bin/tools/api-models/. */
const REPO = path.resolve(__dirname, "..", "..", "..");
const OUT_DIR = path.join(REPO, "api-models");

/** Unpacks `name@version` from the registry into `dir` and returns the package folder. */
function packFromRegistry(sdk: SdkName, dir: string): string {
    const { name, version } = SDK_PACKAGES[sdk];
    const target = path.join(dir, name);
    fs.mkdirSync(target, { recursive: true });
    const tarball = execFileSync("npm", ["pack", `${name}@${version}`, "--silent", "--pack-destination", target], { encoding: "utf8" })
        .trim()
        .split("\n")
        .pop()!;
    execFileSync("tar", ["xzf", path.join(target, tarball), "-C", target]);
    return path.join(target, "package");
}

function packageDir(sdk: SdkName, from: string | undefined, temp: string): string {
    if (!from) return packFromRegistry(sdk, temp);
    const dir = path.join(from, SDK_PACKAGES[sdk].name);
    const version = (JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8")) as { version: string }).version;
    if (version !== SDK_PACKAGES[sdk].version) throw new Error(`${dir} holds version ${version}; sources.ts pins ${SDK_PACKAGES[sdk].version}`);
    return dir;
}

function readModels(sdk: SdkName, file: string): ModelFile {
    const text = fs.readFileSync(file, "utf8");
    return sdk === "intl" ? readIntlModels(text) : readChinaModels(text);
}

function main(argv: string[]): void {
    const fromIndex = argv.indexOf("--from");
    const from = fromIndex >= 0 ? path.resolve(argv[fromIndex + 1]) : undefined;
    const temp = fs.mkdtempSync(path.join(os.tmpdir(), "api-models-"));
    try {
        const dirs = new Map<SdkName, string>();
        const written: string[] = [];
        for (const source of MODEL_SOURCES) {
            if (!dirs.has(source.sdk)) dirs.set(source.sdk, packageDir(source.sdk, from, temp));
            const models = readModels(source.sdk, path.join(dirs.get(source.sdk)!, source.file));
            const out = path.join(OUT_DIR, `${moduleName(source)}.ts`);
            fs.writeFileSync(out, emitModule(source, selectStructs(source, models)));
            written.push(out);
        }
        const index = path.join(OUT_DIR, "index.ts");
        fs.writeFileSync(index, emitIndex(MODEL_SOURCES));
        written.push(index);
        execFileSync(path.join(REPO, "node_modules", ".bin", "prettier"), ["--write", "--log-level", "warn", ...written], { stdio: "inherit" });
        console.log(`wrote ${written.map((f) => path.relative(REPO, f)).join(", ")}`);
    } finally {
        fs.rmSync(temp, { recursive: true, force: true });
    }
}

main(process.argv.slice(2));
