/**
 * docs/model.md and tests/fidelity/ stay in step: every claim id the page states (`**[B3]`) has a
 * test whose title starts with that id, and every id a test claims is documented.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const page = readFileSync('docs/model.md', 'utf8');
const documented = [...page.matchAll(/\*\*\[([A-Z]\d+)\]/g)].map((m) => m[1]!);
const dir = 'tests/fidelity';
const tested = readdirSync(dir)
  .filter((f) => f.endsWith('.test.ts'))
  .flatMap((f) =>
    [...readFileSync(join(dir, f), 'utf8').matchAll(/\bit\(\s*['`"]\[([A-Z]\d+)\]/g)].map((m) => m[1]!),
  );

describe('docs/model.md claims', () => {
  it('states each claim once', () => {
    expect(documented.length).toBeGreaterThan(20);
    expect(new Set(documented).size).toBe(documented.length);
  });

  it('has a fidelity test for every claim', () => {
    expect(documented.filter((id) => !tested.includes(id))).toEqual([]);
  });

  it('documents every claim a fidelity test checks', () => {
    expect([...new Set(tested)].filter((id) => !documented.includes(id))).toEqual([]);
  });
});
