/**
 * The emulator's answers against the fixtures in tests/acceptance/fixtures, field by field: field
 * names, JSON types and nesting, never values (ids, times, RequestId). The fixtures are documented
 * examples until a real recording (`npm run test:acceptance -- --record DIR` with
 * TENCENTCLOUD_ACCEPTANCE=1) replaces them. Each action's differences must be exactly those listed,
 * with a reason, in fixtures/known-differences.json; the report of what the emulator lacks and adds
 * is printed after the tests.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { readFixtures, type FixtureFile } from "../../tools/acceptance/recorder";
import { compareShapes, describeDifference, shapeOfAll } from "../../tools/acceptance/shape";
import { recordEmulatorAnswers } from "./support/emulator-answers";
import { FIXTURES_DIR } from "./support/fixtures";

const KNOWN_FILE = path.join(FIXTURES_DIR, "known-differences.json");
const known = (JSON.parse(fs.readFileSync(KNOWN_FILE, "utf8")) as { differences: Record<string, Record<string, string>> }).differences;
const fixtures = readFixtures(FIXTURES_DIR);

describe("emulator answers vs the recorded fixtures (field names, types, nesting)", function () {
    this.timeout(60_000);
    let emulatorAnswers: (FixtureFile & { file: string })[];
    const report: string[] = [];

    before(async () => {
        emulatorAnswers = await recordEmulatorAnswers();
    });
    after(() => {
        if (report.length > 0) console.log(`      emulator vs fixtures:\n${report.map((l) => `        ${l}`).join("\n")}`);
    });

    for (const fixture of fixtures) {
        const origin = fixture.source.startsWith("documented example") ? "documented example" : "recording";
        it(`${fixture.service} ${fixture.version} ${fixture.action} (${origin}): differences are exactly the known ones`, () => {
            const answered = emulatorAnswers.find((a) => a.file === fixture.file);
            assert.ok(answered && answered.answers.length > 0, `the emulator gave no successful answer to ${fixture.action}`);
            const reference = shapeOfAll(fixture.answers);
            assert.ok(reference, `${fixture.file} holds no answer`);
            const differences = compareShapes(reference, shapeOfAll(answered.answers)!).map(describeDifference);
            report.push(...differences.map((d) => `${fixture.file}: ${d}`));
            const listed = Object.keys(known[fixture.file] ?? {});
            assert.deepEqual(
                [...differences].sort(),
                listed.sort(),
                `${fixture.file}: the emulator's answer differs from the fixture other than ${KNOWN_FILE} says. ` +
                    `Fix the emulator, or list each difference there with its reason. Differences now: ${JSON.stringify(differences)}`,
            );
        });
    }

    it("the fixtures cover every action the emulator answers, and every known difference names a fixture", () => {
        const files = fixtures.map((f) => f.file);
        assert.deepEqual(emulatorAnswers.map((a) => a.file).sort(), [...files].sort());
        assert.deepEqual(
            Object.keys(known).filter((f) => !files.includes(f)),
            [],
        );
    });
});
