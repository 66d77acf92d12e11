import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

/** A throw-away home directory, so tests never read the real ~/.tencentcloud. */
export function makeTempHome(credentialsFile?: string): { dir: string; cleanup(): void } {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tc-home-"));
    if (credentialsFile !== undefined) {
        fs.mkdirSync(path.join(dir, ".tencentcloud"));
        fs.writeFileSync(path.join(dir, ".tencentcloud", "credentials"), credentialsFile);
    }
    return { dir, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}
