/**
 * SARIF 2.1.0 for code-scanning views: every failed expectation is a result located at the
 * expectation's line and column in the scenario file; a crashed run is a result at line 1.
 * Passing expectations are not listed (SARIF results are findings).
 */
import { EXPECTATION_KINDS } from '../scenario/schema-expectations.js';
import type { RunBatch } from '../scenario/result.js';
import { runKey } from '../scenario/result.js';
import { fileUri } from './escape.js';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

interface SarifRule {
  id: string;
  name: string;
  shortDescription: { text: string };
  defaultConfiguration: { level: 'error' };
}

const RULES: SarifRule[] = [
  ...EXPECTATION_KINDS.map((kind) => ({
    id: `expectation/${kind}`,
    name: kind.replace(/(^|-)([a-z])/g, (_m, _d: string, c: string) => c.toUpperCase()),
    shortDescription: { text: `A \`${kind}\` expectation of a Sightline scenario does not hold` },
    defaultConfiguration: { level: 'error' as const },
  })),
  {
    id: 'run-error',
    name: 'RunError',
    shortDescription: { text: 'A scenario variant could not be run' },
    defaultConfiguration: { level: 'error' },
  },
  {
    id: 'invalid-scenario',
    name: 'InvalidScenario',
    shortDescription: { text: 'A scenario file is invalid, so none of it ran' },
    defaultConfiguration: { level: 'error' },
  },
];
const RULE_INDEX = new Map(RULES.map((rule, i) => [rule.id, i]));

function location(file: string, line: number, column: number) {
  return {
    physicalLocation: {
      artifactLocation: { uri: fileUri(file) },
      region: { startLine: Math.max(1, line), startColumn: Math.max(1, column) },
    },
  };
}

/** Renders the batch as a SARIF 2.1.0 log (pretty JSON). */
export function renderSarif(batch: RunBatch): string {
  const results: unknown[] = [];
  for (const invalid of batch.invalid ?? []) {
    for (const problem of invalid.problems) {
      results.push({
        ruleId: 'invalid-scenario',
        ruleIndex: RULE_INDEX.get('invalid-scenario'),
        level: 'error',
        message: {
          text: problem.path === '' ? problem.message : `${problem.path}: ${problem.message}`,
        },
        locations: [location(invalid.file, problem.line, problem.column)],
        properties: { code: problem.code, path: problem.path },
      });
    }
  }
  for (const entry of batch.runs) {
    const { result } = entry;
    const key = runKey(result);
    if (entry.error !== undefined) {
      results.push({
        ruleId: 'run-error',
        ruleIndex: RULE_INDEX.get('run-error'),
        level: 'error',
        message: { text: `[${key}] the run failed: ${entry.error}` },
        locations: [location(entry.file, 1, 1)],
        properties: { scenario: result.scenarioId, variant: result.variant, seed: result.seed },
      });
    }
    for (const expectation of result.expectations) {
      if (expectation.ok) continue;
      const ruleId = `expectation/${expectation.kind}`;
      results.push({
        ruleId,
        ruleIndex: RULE_INDEX.get(ruleId),
        level: 'error',
        message: { text: `[${key}] expected: ${expectation.text} — ${expectation.detail}` },
        locations: [location(entry.file, expectation.location.line, expectation.location.column)],
        partialFingerprints: { sightlineExpectation: `${key}/${expectation.id}` },
        properties: {
          scenario: result.scenarioId,
          variant: result.variant,
          seed: result.seed,
          expectation: expectation.id,
          journalHash: result.journalHash,
        },
      });
    }
  }
  const log = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'sightline',
            version: batch.tool,
            rules: RULES,
          },
        },
        results,
        invocations: [
          {
            executionSuccessful:
              batch.runs.every((r) => r.error === undefined) && (batch.invalid ?? []).length === 0,
          },
        ],
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}
