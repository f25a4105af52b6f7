#!/usr/bin/env node
// Runs every test suite and ends with the plain line `N passed, N failed` summed over suites,
// which is what CI reads (vitest's own summary is not). Exits non-zero if anything failed or a
// suite produced no results.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const outDir = join('test-results');
mkdirSync(outDir, { recursive: true });

/** Each suite: a command that writes a JSON report, and a reader that returns {passed, failed}. */
const suites = [
  {
    name: 'unit+protocol+scenarios (vitest)',
    report: join(outDir, 'vitest.json'),
    command: (report) => [
      'npx',
      ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`],
    ],
    read: (json) => ({
      passed: json.numPassedTests,
      failed: json.numFailedTests + (json.numRuntimeErrorTests ?? 0),
    }),
  },
  {
    name: 'e2e (playwright)',
    optional: () => existsSync('playwright.config.ts'),
    report: join(outDir, 'playwright.json'),
    command: (report) => ['npx', ['playwright', 'test'], { PLAYWRIGHT_JSON_OUTPUT_NAME: report }],
    read: (json) => ({ passed: json.stats.expected + json.stats.flaky, failed: json.stats.unexpected }),
  },
];

let passed = 0;
let failed = 0;
let broken = false;
for (const suite of suites) {
  if (suite.optional && !suite.optional()) continue;
  rmSync(suite.report, { force: true });
  const [cmd, args, env = {}] = suite.command(suite.report);
  console.log(`\n=== ${suite.name} ===`);
  const result = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  if (!existsSync(suite.report)) {
    console.error(`Suite "${suite.name}" wrote no report (exit ${result.status}).`);
    broken = true;
    failed += 1;
    continue;
  }
  const counts = suite.read(JSON.parse(readFileSync(suite.report, 'utf8')));
  console.log(`${suite.name}: ${counts.passed} passed, ${counts.failed} failed`);
  passed += counts.passed;
  failed += counts.failed;
  if (result.status !== 0 && counts.failed === 0) {
    console.error(`Suite "${suite.name}" exited with ${result.status} although no test failed.`);
    broken = true;
    failed += 1;
  }
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 || broken ? 1 : 0);
