/**
 * Issue 16 §5: `sightline run --seeds` — the seed parser, and a real sweep of a fixture whose
 * outcome depends on the seed (links lose frames, drawn from the run's seeded generator, and the
 * transport does not retransmit): the report says which expectation flips, for how many seeds and
 * the smallest, which holds for all, and is the same bytes run after run and with --jobs 2.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InvalidArgumentError } from 'commander';
import { afterAll, describe, expect, it } from 'vitest';
import { parseSeeds, SEEDS_MAX } from '../../simulator/cli/options.js';
import type { SeedReport } from '../../simulator/report/seeds.js';
import { runCli } from '../fixtures/scenarios/cli-harness.js';

const LOSSY = 'tests/fixtures/scenarios/seeds/lossy-link.yaml';
const tmp = mkdtempSync(join(tmpdir(), 'sightline-cli-seeds-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const read = (name: string) => readFileSync(join(tmp, name), 'utf8');

describe('parseSeeds', () => {
  it('reads ranges, lists and mixes, in order, without duplicates', () => {
    expect(parseSeeds('1..5')).toEqual([1, 2, 3, 4, 5]);
    expect(parseSeeds('1,5,9')).toEqual([1, 5, 9]);
    expect(parseSeeds('9, 1..3, 2')).toEqual([9, 1, 2, 3]);
    expect(parseSeeds('4294967290..4294967295')).toHaveLength(6);
    expect(parseSeeds('7..7')).toEqual([7]);
  });

  it('refuses what is not a seed list, saying what is allowed', () => {
    for (const bad of ['', 'a..b', '5..1', '1,,2', '-1', '1.5', '4294967296', '1..4294967296', '1...3'])
      expect(() => parseSeeds(bad), bad).toThrow(InvalidArgumentError);
    expect(() => parseSeeds('5..1')).toThrow(/low\.\.high/);
    expect(() => parseSeeds('x')).toThrow(/'x' is not a seed/);
    expect(() => parseSeeds(`0..${SEEDS_MAX}`)).toThrow(/at most/);
    expect(parseSeeds(`1..${SEEDS_MAX}`)).toHaveLength(SEEDS_MAX);
  });
});

describe('run --seeds', () => {
  it('finds the expectation that depends on the seed, with its smallest failing seed', async () => {
    const args = ['run', LOSSY, '--seeds', '1..12', '-q'];
    const first = await runCli([
      ...args,
      '--seed-report-json',
      join(tmp, 'a.json'),
      '--seed-report-md',
      join(tmp, 'a.md'),
    ]);
    expect(first.code, first.stderr).toBe(1);
    const report = JSON.parse(read('a.json')) as SeedReport;
    expect(report.seeds).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(report.summary).toMatchObject({ variants: 1, runs: 12, expectations: 2, holds: 1, flips: 1 });
    const [reads, blind] = report.expectations;
    expect(blind).toMatchObject({ id: 'server-blind', status: 'holds', failed: 0, checked: 12 });
    expect(reads).toMatchObject({ id: 'bob-reads', status: 'flips', checked: 12 });
    // The report agrees with single runs: each failing seed fails alone, the others pass, and the
    // smallest is the first of them.
    const failing = reads!.failingSeeds;
    expect(failing.length).toBe(reads!.failed);
    expect(failing.length).toBeGreaterThan(0);
    expect(failing.length).toBeLessThan(12);
    expect(reads!.smallestFailingSeed).toBe(failing[0]);
    for (const seed of [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]) {
      const one = await runCli(['run', LOSSY, '--seed', String(seed), '-q']);
      expect(one.code, `seed ${seed}`).toBe(failing.includes(seed) ? 1 : 0);
    }
    expect(first.stdout).toContain(
      `flips lossy-link#base bob-reads: failed for ${failing.length}/12 seeds, smallest ${failing[0]}`,
    );
    expect(first.stdout).toContain('seeds 1..12: 2 expectations · 1 hold for every seed · 1 flip');
    expect(read('a.md')).toContain(
      `| lossy-link#base | bob-reads: bob sees the content of m1 | ${failing.length}/12 | ${failing[0]} |`,
    );

    // Deterministic: again, and in worker threads, the same bytes (no timings in the report).
    const again = await runCli([
      ...args,
      '--jobs',
      '2',
      '--seed-report-json',
      join(tmp, 'b.json'),
      '--out',
      join(tmp, 'out'),
    ]);
    expect(again.code).toBe(1);
    expect(read('b.json')).toBe(read('a.json'));
    expect(read('out/seeds.json')).toBe(read('a.json'));
    expect(read('out/seeds.md')).toBe(read('a.md'));
  });

  it('exits 0 when every expectation holds for every seed, and says so', async () => {
    const ok = await runCli(['run', LOSSY, '--seeds', '3,1,2', '-q', '--seed-report-md', '-']);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toContain('**2 expectations: 2 hold for every seed · 0 flip · 0 fail for every seed**');
    expect(ok.stderr).toContain('seeds 3, 1, 2: 2 expectations · 2 hold for every seed');
  });

  it('refuses bad sweeps with exit 2 and a clear message', async () => {
    const bad = await runCli(['run', LOSSY, '--seeds', '10..1']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("the range '10..1' is empty");
    const both = await runCli(['run', LOSSY, '--seeds', '1..3', '--seed', '4']);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('not both');
    const lonely = await runCli(['run', LOSSY, '--seed-report-md', join(tmp, 'x.md')]);
    expect(lonely.code).toBe(2);
    expect(lonely.stderr).toContain('need a sweep');
  });
});
