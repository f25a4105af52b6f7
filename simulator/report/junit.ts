/**
 * JUnit XML for CI: a `<testsuite>` per scenario variant (`scenario#variant`), a `<testcase>` per
 * expectation, a `<failure>` for each that does not hold, an `<error>` for a run that crashed. No
 * wall-clock times: the run is on a virtual clock and the file must be reproducible.
 */
import { formatProblem } from '../scenario/errors.js';
import type { InvalidScenarioFile, RunBatch, RunEntry } from '../scenario/result.js';
import { runKey } from '../scenario/result.js';
import { escapeXml } from './escape.js';

const attr = (name: string, value: string | number) => ` ${name}="${escapeXml(String(value))}"`;

function suite(entry: RunEntry): string {
  const { result } = entry;
  const failures = result.expectations.filter((e) => !e.ok).length;
  const errors = entry.error === undefined ? 0 : 1;
  const tests = result.expectations.length + errors;
  const lines: string[] = [];
  lines.push(
    `  <testsuite${attr('name', runKey(result))}${attr('tests', tests)}${attr('failures', failures)}${attr('errors', errors)}${attr('skipped', 0)}${attr('file', entry.file)}>`,
  );
  lines.push('    <properties>');
  lines.push(`      <property${attr('name', 'title')}${attr('value', entry.title)}/>`);
  lines.push(
    `      <property${attr('name', 'variant')}${attr('value', `${result.variant} (${entry.variantTitle})`)}/>`,
  );
  lines.push(`      <property${attr('name', 'seed')}${attr('value', result.seed)}/>`);
  lines.push(`      <property${attr('name', 'journalHash')}${attr('value', result.journalHash)}/>`);
  lines.push('    </properties>');
  const classname = `${result.scenarioId}.${result.variant}`;
  if (entry.error !== undefined) {
    lines.push(
      `    <testcase${attr('name', 'run')}${attr('classname', classname)}${attr('file', entry.file)}>`,
    );
    lines.push(
      `      <error${attr('message', entry.error.split('\n')[0] ?? '')}${attr('type', 'run-error')}>${escapeXml(entry.error)}</error>`,
    );
    lines.push('    </testcase>');
  }
  for (const expectation of result.expectations) {
    const open = `    <testcase${attr('name', `${expectation.id}: ${expectation.text}`)}${attr('classname', classname)}${attr('file', entry.file)}${attr('line', expectation.location.line)}`;
    if (expectation.ok) {
      lines.push(`${open}/>`);
      continue;
    }
    lines.push(`${open}>`);
    const body = [
      expectation.detail,
      expectation.because === undefined ? '' : `because: ${expectation.because}`,
      `at ${entry.file}:${expectation.location.line}:${expectation.location.column}`,
    ]
      .filter((line) => line !== '')
      .join('\n');
    lines.push(
      `      <failure${attr('message', `${expectation.text} — ${expectation.detail}`)}${attr('type', expectation.kind)}>${escapeXml(body)}</failure>`,
    );
    lines.push('    </testcase>');
  }
  lines.push('  </testsuite>');
  return lines.join('\n');
}

/**
 * An invalid scenario file as a suite of its own (named by the file): a failed test case per
 * problem, located at its line, so a CI view that reads only JUnit shows why nothing of it ran.
 */
function invalidSuite(invalid: InvalidScenarioFile): string {
  const lines = [
    `  <testsuite${attr('name', `invalid: ${invalid.file}`)}${attr('tests', invalid.problems.length)}${attr('failures', invalid.problems.length)}${attr('errors', 0)}${attr('skipped', 0)}${attr('file', invalid.file)}>`,
  ];
  for (const problem of invalid.problems) {
    const name = `${problem.path === '' ? '(file)' : problem.path}: ${problem.message}`;
    lines.push(
      `    <testcase${attr('name', name)}${attr('classname', 'invalid-scenario')}${attr('file', invalid.file)}${attr('line', problem.line)}>`,
    );
    lines.push(
      `      <failure${attr('message', formatProblem(problem))}${attr('type', `invalid-scenario/${problem.code}`)}>${escapeXml(formatProblem(problem))}</failure>`,
    );
    lines.push('    </testcase>');
  }
  lines.push('  </testsuite>');
  return lines.join('\n');
}

/** Renders the batch as one JUnit XML document. */
export function renderJunit(batch: RunBatch): string {
  const invalid = batch.invalid ?? [];
  const problems = invalid.reduce((n, f) => n + f.problems.length, 0);
  const tests =
    batch.runs.reduce((n, r) => n + r.result.expectations.length + (r.error === undefined ? 0 : 1), 0) +
    problems;
  const failures =
    batch.runs.reduce((n, r) => n + r.result.expectations.filter((e) => !e.ok).length, 0) + problems;
  const errors = batch.runs.filter((r) => r.error !== undefined).length;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites${attr('name', 'sightline')}${attr('tests', tests)}${attr('failures', failures)}${attr('errors', errors)}>`,
    ...invalid.map(invalidSuite),
    ...batch.runs.map(suite),
    '</testsuites>',
    '',
  ].join('\n');
}
