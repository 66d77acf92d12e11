import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { resetRuntimeForTests } from "../../provider/runtime";

/** A throw-away home directory, so tests never read the real ~/.tencentcloud. */
export function makeTempHome(credentialsFile?: string): { dir: string; cleanup(): void } {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tc-home-"));
    if (credentialsFile !== undefined) {
        fs.mkdirSync(path.join(dir, ".tencentcloud"));
        fs.writeFileSync(path.join(dir, ".tencentcloud", "credentials"), credentialsFile);
    }
    return { dir, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/**
 * For a describe block that drives provider/runtime: before each test no TENCENTCLOUD_* variable,
 * HOME a fresh temp home (holding `credentialsFile` as ~/.tencentcloud/credentials when given) and a
 * fresh runtime; after it, the runtime reset again, the environment as it was and the home removed.
 */
export function isolateRuntimeEnv(credentialsFile?: string): void {
    const savedEnv = { ...process.env };
    let home: ReturnType<typeof makeTempHome>;
    beforeEach(async () => {
        for (const key of Object.keys(process.env)) if (key.startsWith("TENCENTCLOUD_")) delete process.env[key];
        home = makeTempHome(credentialsFile);
        process.env.HOME = home.dir; // never the real ~/.tencentcloud
        await resetRuntimeForTests();
    });
    afterEach(async () => {
        await resetRuntimeForTests();
        // In place: a new process.env object would no longer reach os.homedir().
        for (const key of Object.keys(process.env)) if (!(key in savedEnv)) delete process.env[key];
        Object.assign(process.env, savedEnv);
        home.cleanup();
    });
}
