/**
 * The checked-in files generated from the zod schema must match it: scenarios/schema.json (for
 * editors) and docs/scenario-format.md (the reference). If this fails, run `npm run gen:schema`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generatedFiles } from '../../scripts/gen-schema.js';
import { ACTION_TYPES } from '../../simulator/scenario/schema-actions.js';
import { DEFENCE_KINDS } from '../../simulator/scenario/schema-defences.js';
import { EXPECTATION_KINDS } from '../../simulator/scenario/schema-expectations.js';
import { PARTY_KINDS } from '../../simulator/scenario/schema-parties.js';
import { EXAMPLE_SCAFFOLD, EXPECTATION_EXAMPLES } from '../../simulator/scenario/format-doc.js';
import { ITEM_KIND_NAMES } from '../../simulator/scenario/item-kinds.js';
import { parseScenario } from '../../simulator/scenario/loader.js';
import { REPO_ROOT } from '../fixtures/scenarios/cli-harness.js';

describe('generated schema files', () => {
  for (const file of generatedFiles()) {
    it(`${file.path} is up to date (else run \`npm run gen:schema\`)`, () => {
      const onDisk = readFileSync(join(REPO_ROOT, file.path), 'utf8');
      expect(onDisk === file.content, `${file.path} is stale — run \`npm run gen:schema\``).toBe(true);
    });
  }

  it('schema.json describes every party kind, defence, action and expectation kind', () => {
    const schema = JSON.parse(generatedFiles()[0]!.content) as {
      $schema: string;
      definitions: Record<string, { properties?: Record<string, unknown>; oneOf?: unknown[] }>;
    };
    expect(schema.$schema).toBe('http://json-schema.org/draft-07/schema#');
    const titles = Object.values(schema.definitions).map((d) => (d as { title?: string }).title);
    for (const kind of [...PARTY_KINDS, ...DEFENCE_KINDS]) expect(titles).toContain(kind);
    const step = schema.definitions['Step']!;
    for (const action of ACTION_TYPES) expect(step.properties).toHaveProperty([action]);
    expect(step.oneOf).toHaveLength(ACTION_TYPES.length);
    for (const kind of EXPECTATION_KINDS)
      expect(schema.definitions['Expectation']!.properties).toHaveProperty([kind]);
  });

  it('the format reference documents every action and kind', () => {
    const doc = generatedFiles()[1]!.content;
    for (const name of [...ACTION_TYPES, ...EXPECTATION_KINDS, ...PARTY_KINDS, ...DEFENCE_KINDS]) {
      expect(doc).toContain(`### \`${name}\``);
    }
  });

  it('documents every item kind, the limits and user.backup', () => {
    const doc = generatedFiles()[1]!.content;
    for (const kind of ITEM_KIND_NAMES) expect(doc).toContain(`| \`${kind}\` |`);
    expect(doc).toContain('at most 1 MB');
    expect(doc).toContain('up to 100\n  alias expansions');
    expect(doc).toContain('#### `user.backup`');
  });

  it('shows an example under every expectation kind, and each example loads', () => {
    const doc = generatedFiles()[1]!.content;
    for (const kind of EXPECTATION_KINDS) {
      const example = EXPECTATION_EXAMPLES[kind].trim();
      expect(example, kind).toContain(`${kind}: {`);
      expect(doc).toContain(example);
      const indented = example.replace(/^/gm, '  ');
      const result = parseScenario(`${EXAMPLE_SCAFFOLD}${indented}\n`, `${kind}-example.yaml`);
      const problems = result.ok
        ? []
        : result.problems.map((p) => `${p.line}:${p.column} ${p.path}: ${p.message}`);
      expect(problems, `the ${kind} example`).toEqual([]);
    }
  });
});
