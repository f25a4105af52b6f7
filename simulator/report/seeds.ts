/**
 * The seed-sensitivity report of a sweep (`sightline run --seeds 1..100`): for every expectation of
 * every scenario variant, whether it holds for every seed, fails for every seed, or flips — with how
 * many seeds it failed for and the smallest of them, so a flaky-looking claim can be reproduced with
 * `--seed <n>`. Built from the batch alone, in plan order (files, variants, expectations as written),
 * with no timings, so the same sweep always gives the same bytes.
 */
import type { RunBatch, RunEntry } from '../scenario/result.js';
import type { SourceLocation } from '../scenario/yaml-source.js';
import { escapeMarkdown as md } from './escape.js';

/** `holds`: for every seed that ran · `fails`: for every seed · `flips`: for some seeds, not others. */
export type SeedStatus = 'holds' | 'fails' | 'flips';

/** One expectation of one scenario variant across the sweep. */
export interface SeedExpectation {
  file: string;
  scenarioId: string;
  variant: string;
  /** The expectation's id (or path). */
  id: string;
  text: string;
  location: SourceLocation;
  status: SeedStatus;
  /** Seeds the expectation was checked for (runs that did not crash). */
  checked: number;
  failed: number;
  /** The smallest seed it failed for (absent when it held for all). */
  smallestFailingSeed?: number;
  /** Why it failed for that seed (the expectation's detail). */
  smallestFailingDetail?: string;
  /** Every seed it failed for, ascending. */
  failingSeeds: number[];
}

/** A run of the sweep that crashed: none of its expectations was checked. */
export interface SeedCrash {
  file: string;
  scenarioId: string;
  variant: string;
  seed: number;
  error: string;
}

export interface SeedReport {
  format: 'sightline-seed-report';
  version: 1;
  tool: string;
  /** The seeds of the sweep, in the order given. */
  seeds: number[];
  summary: {
    /** Scenario variants swept. */
    variants: number;
    runs: number;
    expectations: number;
    holds: number;
    flips: number;
    fails: number;
    crashedRuns: number;
  };
  expectations: SeedExpectation[];
  crashed: SeedCrash[];
}

/** Builds the report of a sweep's batch (`seeds` as given to `--seeds`). */
export function seedReport(batch: RunBatch, seeds: readonly number[]): SeedReport {
  const byKey = new Map<string, SeedExpectation>();
  const variants = new Set<string>();
  const crashed: SeedCrash[] = [];
  for (const entry of batch.runs) {
    const { result } = entry;
    const variantKey = `${entry.file}#${result.variant}`;
    variants.add(variantKey);
    if (entry.error !== undefined) {
      crashed.push(crash(entry));
      continue;
    }
    for (const e of result.expectations) {
      const key = `${variantKey}#${e.id}`;
      let row = byKey.get(key);
      if (!row) {
        row = {
          file: entry.file,
          scenarioId: result.scenarioId,
          variant: result.variant,
          id: e.id,
          text: e.text,
          location: e.location,
          status: 'holds',
          checked: 0,
          failed: 0,
          failingSeeds: [],
        };
        byKey.set(key, row);
      }
      row.checked++;
      if (e.ok) continue;
      row.failed++;
      row.failingSeeds.push(result.seed);
      if (row.smallestFailingSeed === undefined || result.seed < row.smallestFailingSeed) {
        row.smallestFailingSeed = result.seed;
        row.smallestFailingDetail = e.detail;
      }
    }
  }
  const expectations = [...byKey.values()];
  for (const row of expectations) {
    row.failingSeeds.sort((a, b) => a - b);
    row.status = row.failed === 0 ? 'holds' : row.failed === row.checked ? 'fails' : 'flips';
  }
  const count = (status: SeedStatus) => expectations.filter((e) => e.status === status).length;
  return {
    format: 'sightline-seed-report',
    version: 1,
    tool: batch.tool,
    seeds: [...seeds],
    summary: {
      variants: variants.size,
      runs: batch.runs.length,
      expectations: expectations.length,
      holds: count('holds'),
      flips: count('flips'),
      fails: count('fails'),
      crashedRuns: crashed.length,
    },
    expectations,
    crashed,
  };
}

function crash(entry: RunEntry): SeedCrash {
  return {
    file: entry.file,
    scenarioId: entry.result.scenarioId,
    variant: entry.result.variant,
    seed: entry.result.seed,
    error: entry.error ?? '',
  };
}

export function renderSeedReportJson(report: SeedReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

/** Seeds as short text: `1..100` for a contiguous ascending run, else the list (`1, 5, 9`). */
export function seedsText(seeds: readonly number[]): string {
  const contiguous = seeds.length > 2 && seeds.every((s, i) => i === 0 || s === seeds[i - 1]! + 1);
  return contiguous ? `${seeds[0]}..${seeds[seeds.length - 1]}` : seeds.join(', ');
}

const MARK: Record<SeedStatus, string> = { holds: '✅ holds', flips: '⚠️ flips', fails: '❌ fails' };

/** The report as Markdown: the counts, then a table per status (flips first — they are the news). */
export function renderSeedReportMarkdown(report: SeedReport): string {
  const s = report.summary;
  const lines = [
    '# Seed sensitivity',
    '',
    `Seeds: ${seedsText(report.seeds)} (${report.seeds.length}) · ${s.variants} scenario variant${s.variants === 1 ? '' : 's'} · ${s.runs} runs`,
    '',
    `**${s.expectations} expectations: ${s.holds} hold for every seed · ${s.flips} flip · ${s.fails} fail for every seed**` +
      (s.crashedRuns > 0 ? ` · ${s.crashedRuns} runs crashed` : ''),
  ];
  for (const status of ['flips', 'fails'] as const) {
    const rows = report.expectations.filter((e) => e.status === status);
    if (rows.length === 0) continue;
    lines.push(
      '',
      `## ${MARK[status]}`,
      '',
      '| scenario#variant | expectation | failed | smallest failing seed | why (that seed) | at |',
      '|---|---|--:|--:|---|---|',
    );
    for (const e of rows) {
      lines.push(
        `| ${md(`${e.scenarioId}#${e.variant}`)} | ${md(e.id)}: ${md(e.text)} | ${e.failed}/${e.checked} | ${e.smallestFailingSeed ?? ''} | ${md(e.smallestFailingDetail ?? '')} | ${md(e.file)}:${e.location.line}:${e.location.column} |`,
      );
    }
  }
  const held = report.expectations.filter((e) => e.status === 'holds');
  if (held.length > 0) {
    lines.push(
      '',
      `## ${MARK.holds} for every seed`,
      '',
      '| scenario#variant | expectation | seeds |',
      '|---|---|--:|',
    );
    for (const e of held)
      lines.push(`| ${md(`${e.scenarioId}#${e.variant}`)} | ${md(e.id)}: ${md(e.text)} | ${e.checked} |`);
  }
  if (report.crashed.length > 0) {
    lines.push('', '## 💥 Crashed runs', '', '| scenario#variant | seed | error |', '|---|--:|---|');
    for (const c of report.crashed)
      lines.push(`| ${md(`${c.scenarioId}#${c.variant}`)} | ${c.seed} | ${md(c.error)} |`);
  }
  return `${lines.join('\n')}\n`;
}
