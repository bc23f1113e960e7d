import { appendFileSync } from 'node:fs';
import type { Reporter, TestModule } from 'vitest/node';

/**
 * Counts passed and failed tests of one Vitest run. When FIELDBOOK_SUMMARY_FILE is set it appends
 * "passed failed" so .ci/run can print one total over every suite.
 */
export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<unknown>): void {
    let passed = 0;
    let failed = 0;
    for (const mod of testModules) {
      for (const test of mod.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') passed += 1;
        else if (state === 'failed') failed += 1;
      }
      // A file that failed to load has no tests to count; count it as one failure so it cannot hide.
      if (mod.state() === 'failed' && [...mod.children.allTests()].length === 0) failed += 1;
    }
    failed += unhandledErrors.length;
    const file = process.env['FIELDBOOK_SUMMARY_FILE'];
    if (file) appendFileSync(file, `${passed} ${failed}\n`);
  }
}
