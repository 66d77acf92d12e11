/**
 * Pulumi.yaml and Pulumi.<stack>.yaml: project name, runtime options and stack configuration,
 * read the way the Pulumi CLI reads them.
 */
import * as fs from "fs";
import * as path from "path";
import * as yaml from "js-yaml";
import type { ConfigValue } from "./types";
import type { SecretsCipher } from "./state";

export interface Project {
    name: string;
    /** Directory holding Pulumi.yaml (and Pulumi.<stack>.yaml, and by default the state). */
    dir: string;
    /**
     * The program's working directory (`--pwd`, where its package.json and node_modules are
     * resolved, and the provider host's cwd): `dir`, or the folder Pulumi.yaml `main` names.
     */
    programDir: string;
    /** Program entry passed to cmd/run, relative to programDir: "." (package.json decides) or a file. */
    main: string;
    /** runtime.options.typescript (default true, as the Node language host). */
    typescript: boolean;
}

export function loadProject(cwd: string): Project {
    const dir = path.resolve(cwd);
    const file = ["Pulumi.yaml", "Pulumi.yml"].map((f) => path.join(dir, f)).find((f) => fs.existsSync(f));
    if (!file) throw new Error(`engine driver: no Pulumi.yaml in ${dir} (pass the program directory with -C DIR)`);
    const doc = (yaml.load(fs.readFileSync(file, "utf8")) ?? {}) as any;
    if (typeof doc.name !== "string" || doc.name === "") throw new Error(`engine driver: ${file} has no project 'name'`);
    const runtime = typeof doc.runtime === "string" ? { name: doc.runtime } : (doc.runtime ?? {});
    if (runtime.name !== "nodejs") {
        throw new Error(`engine driver: ${file} declares runtime '${runtime.name}'; only nodejs programs can be run`);
    }
    return { name: doc.name, dir, ...resolveMain(dir, doc.main, file), typescript: runtime.options?.typescript !== false };
}

/**
 * Pulumi.yaml `main`, as the CLI resolves it (getPwdMain): a relative path inside the project;
 * a folder becomes the program's working directory with entry ".", a file runs from its folder.
 */
function resolveMain(dir: string, main: unknown, file: string): { programDir: string; main: string } {
    if (main === undefined || main === null || main === "") return { programDir: dir, main: "." };
    if (typeof main !== "string") throw new Error(`engine driver: ${file}: 'main' must be a path`);
    if (path.isAbsolute(main)) throw new Error(`engine driver: ${file}: project 'main' must be a relative path (got '${main}')`);
    const target = path.resolve(dir, main);
    if (target !== dir && !target.startsWith(dir + path.sep)) {
        throw new Error(`engine driver: ${file}: project 'main' must be a subfolder (got '${main}')`);
    }
    let stat: fs.Stats;
    try {
        stat = fs.statSync(target);
    } catch {
        throw new Error(`engine driver: ${file}: project 'main' could not be read: ${target} does not exist`);
    }
    return stat.isDirectory() ? { programDir: target, main: "." } : { programDir: path.dirname(target), main: path.basename(target) };
}

export interface StackConfig {
    /** `namespace:key` → string value (objects and numbers JSON-encoded, as the CLI passes them). */
    values: Record<string, string>;
    /** Keys whose value is secret. */
    secretKeys: string[];
}

export function stackConfigPath(project: Project, stack: string): string {
    return path.join(project.dir, `Pulumi.${stack}.yaml`);
}

function qualify(project: Project, key: string): string {
    return key.includes(":") ? key : `${project.name}:${key}`;
}

/** The `config` map of Pulumi.<stack>.yaml as written (keys not qualified); empty when the file is absent. */
function readConfigEntries(project: Project, stack: string): Record<string, unknown> {
    const file = stackConfigPath(project, stack);
    if (!fs.existsSync(file)) return {};
    return (((yaml.load(fs.readFileSync(file, "utf8")) ?? {}) as any).config ?? {}) as Record<string, unknown>;
}

/** A `secure:` (encrypted) entry of Pulumi.<stack>.yaml. */
function isSecureEntry(raw: unknown): raw is { secure: string } {
    return typeof raw === "object" && raw !== null && typeof (raw as any).secure === "string";
}

/**
 * Stack config from Pulumi.<stack>.yaml merged with `overrides` (overrides win). `secure:` values
 * are decrypted with the stack's cipher (see state.ts); `getCipher` is called only when one is present.
 */
export function loadStackConfig(
    project: Project,
    stack: string,
    overrides: Record<string, ConfigValue> | undefined,
    getCipher: () => SecretsCipher,
): StackConfig {
    const values: Record<string, string> = {};
    const secret = new Set<string>();
    const file = stackConfigPath(project, stack);
    for (const [rawKey, raw] of Object.entries(readConfigEntries(project, stack))) {
        const key = qualify(project, rawKey);
        if (isSecureEntry(raw)) {
            try {
                values[key] = getCipher().decrypt(raw.secure);
            } catch (err: any) {
                throw new Error(`engine driver: config '${key}' in ${file}: ${err.message}`);
            }
            secret.add(key);
        } else {
            values[key] = typeof raw === "string" ? raw : JSON.stringify(raw);
        }
    }
    for (const [rawKey, v] of Object.entries(overrides ?? {})) {
        const key = qualify(project, rawKey);
        if (typeof v === "object" && v !== null) {
            values[key] = v.secret;
            secret.add(key);
        } else {
            values[key] = String(v);
            secret.delete(key);
        }
    }
    return { values, secretKeys: [...secret].sort() };
}

/** Whether Pulumi.<stack>.yaml holds any `secure:` (encrypted) value. */
export function stackConfigHasSecrets(project: Project, stack: string): boolean {
    return Object.values(readConfigEntries(project, stack)).some(isSecureEntry);
}

/** `config set [--secret] key value`: writes Pulumi.<stack>.yaml (secure values encrypted). */
export function setStackConfig(project: Project, stack: string, key: string, value: string, secretCipher?: SecretsCipher): string {
    const file = stackConfigPath(project, stack);
    const doc = (fs.existsSync(file) ? yaml.load(fs.readFileSync(file, "utf8")) : undefined) ?? {};
    const config = ((doc as any).config ??= {});
    config[qualify(project, key)] = secretCipher ? { secure: secretCipher.encrypt(value) } : value;
    fs.writeFileSync(file, yaml.dump(doc, { lineWidth: 200 }));
    return file;
}

/** One raw entry of Pulumi.<stack>.yaml: the string value, or the ciphertext of a `secure:` one. */
export type StoredConfigValue = { value: string } | { secure: string };

/** `config get key`: the stored entry for `key` (plain or short form), undefined when absent. */
export function getStackConfig(project: Project, stack: string, key: string): StoredConfigValue | undefined {
    const wanted = qualify(project, key);
    const found = Object.entries(readConfigEntries(project, stack)).find(([k]) => qualify(project, k) === wanted);
    if (!found) return undefined;
    const raw = found[1];
    if (isSecureEntry(raw)) return { secure: raw.secure };
    return { value: typeof raw === "string" ? raw : JSON.stringify(raw) };
}

/** `config rm key`: removes `key` from Pulumi.<stack>.yaml; false when it was not there. */
export function removeStackConfig(project: Project, stack: string, key: string): boolean {
    const file = stackConfigPath(project, stack);
    if (!fs.existsSync(file)) return false;
    const doc = (yaml.load(fs.readFileSync(file, "utf8")) ?? {}) as any;
    const config = (doc.config ?? {}) as Record<string, unknown>;
    const wanted = qualify(project, key);
    const keys = Object.keys(config).filter((k) => qualify(project, k) === wanted);
    if (keys.length === 0) return false;
    for (const k of keys) delete config[k];
    fs.writeFileSync(file, yaml.dump(doc, { lineWidth: 200 }));
    return true;
}
