// Mocha's spec reporter plus one closing line that CI reads: `tests: N passed, N failed`.
"use strict";
const Mocha = require("mocha");
const { EVENT_RUN_END, EVENT_TEST_PASS, EVENT_TEST_FAIL, EVENT_TEST_PENDING } = Mocha.Runner.constants;

class SummaryReporter extends Mocha.reporters.Spec {
    constructor(runner, options) {
        super(runner, options);
        let passed = 0;
        let failed = 0;
        let pending = 0;
        runner.on(EVENT_TEST_PASS, () => passed++);
        runner.on(EVENT_TEST_FAIL, () => failed++);
        runner.on(EVENT_TEST_PENDING, () => pending++);
        runner.once(EVENT_RUN_END, () => {
            // after the spec reporter's epilogue
            process.nextTick(() => {
                const skipped = pending > 0 ? `, ${pending} skipped` : "";
                console.log(`tests: ${passed} passed, ${failed} failed${skipped}`);
            });
        });
    }
}
module.exports = SummaryReporter;
