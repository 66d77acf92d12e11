/**
 * README.md is a guide a newcomer reads in ten minutes, with the long material in docs/: it leads
 * with the two commands, keeps its sections in reading order, every link in it and in docs/
 * resolves, and the install / walk-through facts agree with package.json and the packaging test.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { DEMO_CREDENTIALS } from "../../emulator";
import { parseArgs } from "../../tools/engine/cli";
import { RESULTS_DOCS, RESULTS_END, RESULTS_START, replaceBetweenMarkers } from "../../bench/results-docs";
import { REPO, SDK_VERSIONS } from "./pack";
import { readWalkthrough, readmeText } from "./walkthrough";

/** GitHub's heading anchor. */
function slug(heading: string): string {
    return heading
        .trim()
        .toLowerCase()
        .replace(/[^\p{L}\p{N}\s_-]/gu, "")
        .replace(/\s/g, "-");
}

function headings(markdown: string): string[] {
    const out: string[] = [];
    let fenced = false;
    for (const line of markdown.split("\n")) {
        if (line.startsWith("```")) {
            fenced = !fenced;
        } else if (!fenced && /^#{1,6} /.test(line)) {
            out.push(line.replace(/^#+ /, ""));
        }
    }
    return out;
}

function markdownFiles(): string[] {
    const docs = (dir: string): string[] =>
        fs
            .readdirSync(path.join(REPO, dir), { withFileTypes: true })
            .flatMap((e) => (e.isDirectory() ? docs(path.join(dir, e.name)) : e.name.endsWith(".md") ? [path.join(dir, e.name)] : []));
    return ["README.md", ...docs("docs")];
}

describe("README and docs", () => {
    const readme = readmeText();
    const sections = headings(readme);

    it("leads with the two commands: set up and run the demo, then the whole test suite", () => {
        const firstBlock = /```sh\n([\s\S]*?)```/.exec(readme)![1];
        const commands = firstBlock
            .split("\n")
            .filter(Boolean)
            .map((l) => l.replace(/\s+#.*$/, "").trim());
        assert.deepEqual(commands, ["npm install && npm run demo", "npm test"]);
        assert.equal(sections[1], "Quick start", "the first section after the title");
    });

    it("keeps its sections in reading order and moves the per-topic material to docs/", () => {
        const order = [
            "Quick start",
            "Install",
            "Your own program against the emulator",
            "Credentials",
            "Settings",
            "Resources",
            "CsrResource",
            "ListenerCertificateBinding",
            "HostsCertificateBinding",
            "Drift",
            "Import and adoption",
            "Limits",
        ];
        const at = order.map((h) => sections.indexOf(h));
        assert.ok(
            at.every((i) => i >= 0),
            `every section is there: ${order.filter((_, k) => at[k] < 0)}`,
        );
        assert.deepEqual(
            [...at].sort((a, b) => a - b),
            at,
            `in this order: ${order.join(" → ")}`,
        );
        for (const moved of ["Engine driver", "Failure handling", "Performance", "Rate limits", "Endpoints", "Timeouts and retries"]) {
            assert.ok(!sections.some((h) => h.startsWith(moved)), `README has no "${moved}" section`);
        }
        for (const doc of [
            "docs/engine-driver.md",
            "docs/reliability.md",
            "docs/performance.md",
            "docs/configuration.md",
            "docs/resources/csr.md",
            "docs/resources/listener-certificate-binding.md",
            "docs/resources/hosts-certificate-binding.md",
        ]) {
            assert.ok(readme.includes(`](${doc})`), `README links ${doc}`);
        }
        const words = readme.split(/\s+/).filter(Boolean).length;
        assert.ok(words <= 3000, `a ten-minute read (about 250 words a minute): ${words} words`);
    });

    it("has no link in README.md or docs/ to a missing file or heading", () => {
        const broken: string[] = [];
        for (const file of markdownFiles()) {
            const text = fs.readFileSync(path.join(REPO, file), "utf8").replace(/```[\s\S]*?```/g, "");
            // Inline links [text](target) and reference definitions `[id]: target`.
            const links = [...text.matchAll(/\]\(([^)\s]+)\)/g), ...text.matchAll(/^\[[^\]]+\]:\s+(\S+)/gm)].map((m) => m[1]);
            for (const link of links) {
                if (/^[a-z]+:/.test(link)) {
                    continue; // http(s), mailto
                }
                const [target, anchor] = link.split("#");
                const resolved = target ? path.normalize(path.join(path.dirname(file), target)) : file;
                if (!fs.existsSync(path.join(REPO, resolved))) {
                    broken.push(`${file}: ${link} (no ${resolved})`);
                } else if (anchor && resolved.endsWith(".md")) {
                    const anchors = headings(fs.readFileSync(path.join(REPO, resolved), "utf8")).map(slug);
                    if (!anchors.includes(anchor)) {
                        broken.push(`${file}: ${link} (no heading #${anchor} in ${resolved})`);
                    }
                }
            }
        }
        assert.deepEqual(broken, []);
    });

    it("names only sections that exist when README.md or docs/ point to one in prose ('see *Clock skew* in the README')", () => {
        const wrong: string[] = [];
        for (const file of markdownFiles()) {
            const text = fs.readFileSync(path.join(REPO, file), "utf8").replace(/```[\s\S]*?```/g, "");
            for (const m of text.matchAll(/\*([^*\n]+)\* in (the README|README\.md|[\w./-]+\.md)\b/g)) {
                const target = m[2] === "the README" ? "README.md" : path.normalize(path.join(path.dirname(file), m[2]));
                const titles = fs.existsSync(path.join(REPO, target)) ? headings(fs.readFileSync(path.join(REPO, target), "utf8")) : [];
                if (!titles.includes(m[1])) {
                    wrong.push(`${file}: "${m[0]}" (no section "${m[1]}" in ${target}; link it instead: [${m[1]}](…#${slug(m[1])}))`);
                }
            }
        }
        assert.deepEqual(wrong, []);
    });

    it("keeps the markers bench writes its results between, in the documents bench writes", () => {
        for (const rel of RESULTS_DOCS) {
            const text = fs.readFileSync(path.join(REPO, rel), "utf8");
            const i = text.indexOf(RESULTS_START);
            const j = text.indexOf(RESULTS_END);
            assert.ok(i >= 0 && j > i, `${rel} has ${RESULTS_START} … ${RESULTS_END}`);
            const copy = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "bench-doc-")), path.basename(rel));
            fs.writeFileSync(copy, text);
            replaceBetweenMarkers(copy, "| new table |");
            const written = fs.readFileSync(copy, "utf8");
            assert.ok(written.includes(`${RESULTS_START}\n| new table |\n${RESULTS_END}`));
            assert.equal(written.slice(0, i), text.slice(0, i), "text before the markers is kept");
            assert.equal(written.slice(written.indexOf(RESULTS_END)), text.slice(j), "text after the markers is kept");
            fs.rmSync(path.dirname(copy), { recursive: true, force: true });
        }
        assert.ok(RESULTS_DOCS.includes("docs/performance.md"));
        assert.ok(readme.includes("](docs/performance.md)"), "the README links the results");
    });

    it("says how to install from a tarball or a path, with the versions package.json and the packaging test use", () => {
        const pkg = JSON.parse(fs.readFileSync(path.join(REPO, "package.json"), "utf8"));
        const tarball = `${pkg.name}-${pkg.version}.tgz`;
        assert.ok(readme.includes(`npm install /path/to/${tarball}`), `README shows npm install /path/to/${tarball}`);
        assert.ok(readme.includes(`npm install /path/to/${pkg.name}\n`), "README shows the install by path");
        const lowest = /^>=(\S+) <4\.0\.0$/.exec(pkg.peerDependencies["@pulumi/pulumi"])![1];
        assert.ok(readme.includes(`from **${lowest}**`), `README names the lowest supported SDK ${lowest}`);
        assert.ok(readme.includes(`Node.js ≥ ${pkg.engines.node.replace(/^>=(\d+\.\d+)\.0$/, "$1")}`), `README names engines.node ${pkg.engines.node}`);
        for (const v of SDK_VERSIONS) {
            assert.ok(readme.includes(v), `README names tested SDK ${v}`);
        }
    });

    it("gives a walk-through whose commands the driver accepts, with the emulator's credentials and a tested SDK", () => {
        const w = readWalkthrough(readme);
        const pkg = JSON.parse(fs.readFileSync(path.join(REPO, "package.json"), "utf8"));
        assert.equal(w.install.tarball, `${pkg.name}-${pkg.version}.tgz`);
        assert.ok((SDK_VERSIONS as readonly string[]).includes(w.install.sdkVersion), `the walk-through installs a tested SDK: ${w.install.sdkVersion}`);
        assert.ok(w.commands.some((l) => /npm run emulator -- --port 9000/.test(l)));
        assert.match(w.program, /from "pulumi-tencent-certs"/);
        for (const args of w.driverRuns) {
            const parsed = parseArgs(args, "/program");
            assert.equal(parsed.cwd, "/program", `${args.join(" ")} runs in the program directory`);
        }
        const configSet = w.driverRuns.filter((a) => a[0] === "config").map((a) => a.filter((x) => !x.startsWith("-") && x !== "."));
        assert.deepEqual(configSet, [
            ["config", "set", "tencentcloud:endpoint", "http://127.0.0.1:9000"],
            ["config", "set", "tencentcloud:secretId", DEMO_CREDENTIALS.secretId],
            ["config", "set", "tencentcloud:secretKey", DEMO_CREDENTIALS.secretKey],
        ]);
        assert.ok(
            w.driverRuns.some((a) => a.includes("--secret") && a.includes("tencentcloud:secretKey")),
            "the secret key is set as a secret",
        );
    });
});
