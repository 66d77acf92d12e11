/** Looks for secrets in plaintext: in texts (logs, errors, output) and in every file under a folder. */
import * as fs from "node:fs";
import * as path from "node:path";

export interface SecretHit {
    secret: string;
    where: string;
    context: string;
}

/** Every place where one of `secrets` occurs in plaintext in `text` (with a little context, secret masked). */
export function findSecrets(secrets: Record<string, string>, text: string, where: string): SecretHit[] {
    const hits: SecretHit[] = [];
    for (const [name, secret] of Object.entries(secrets)) {
        let at = text.indexOf(secret);
        while (at >= 0) {
            const context = text
                .slice(Math.max(0, at - 40), at + secret.length + 40)
                .split(secret)
                .join(`<${name}>`);
            hits.push({ secret: name, where, context });
            at = text.indexOf(secret, at + 1);
        }
    }
    return hits;
}

/** Every file under `dir`, recursively, as [path, content]. */
export function filesUnder(dir: string): [string, string][] {
    if (!fs.existsSync(dir)) {
        return [];
    }
    const out: [string, string][] = [];
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) {
            out.push(...filesUnder(full));
        } else {
            out.push([full, fs.readFileSync(full, "utf8")]);
        }
    }
    return out;
}
