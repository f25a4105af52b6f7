/**
 * What a seed sweep adds to the outputs of `run --seeds` and of `merge` (the shards of a sweep join
 * into the same sweep): the seed-sensitivity report (report/seeds.ts) as JSON and Markdown, in
 * files, on standard output or in a run directory, and its lines after the run summary. One place,
 * so a merged sweep prints and writes exactly what the unsharded sweep does.
 */
import { join } from 'node:path';
import {
  renderSeedReportJson,
  renderSeedReportMarkdown,
  seedReport,
  seedsText,
  type SeedReport,
} from '../report/seeds.js';
import { terminalSafe } from '../report/text.js';
import type { RunBatch } from '../scenario/result.js';
import { println, type CommandContext } from './context.js';
import type { CliIo } from './io.js';
import { writeOutput } from './outputs.js';

/** The seed report's names in a run directory (`--out DIR` of a sweep). */
export const SEED_REPORT_JSON = 'seeds.json';
export const SEED_REPORT_MD = 'seeds.md';

/** Where a sweep's report goes: `--seed-report-json`, `--seed-report-md`, and the run directory of `--out`. */
export interface SeedReportTargets {
  seedReportJson?: string;
  seedReportMd?: string;
  out?: string;
}

/** The seed report of `batch` when it is a sweep's (it records its seeds), else undefined. */
export function sweepReport(batch: RunBatch): SeedReport | undefined {
  return batch.seeds ? seedReport(batch, batch.seeds) : undefined;
}

/** Writes the report to every target given; returns the names it wrote into the `out` directory. */
export async function writeSeedReports(
  report: SeedReport,
  targets: SeedReportTargets,
  io: CliIo,
): Promise<string[]> {
  const json = renderSeedReportJson(report);
  const markdown = renderSeedReportMarkdown(report);
  if (targets.seedReportJson !== undefined) await writeOutput(targets.seedReportJson, json, io);
  if (targets.seedReportMd !== undefined) await writeOutput(targets.seedReportMd, markdown, io);
  if (targets.out === undefined) return [];
  await writeOutput(join(targets.out, SEED_REPORT_JSON), json, io);
  await writeOutput(join(targets.out, SEED_REPORT_MD), markdown, io);
  return [SEED_REPORT_JSON, SEED_REPORT_MD];
}

/** After the run lines: the expectations that flip or always fail, then the sweep's counts. */
export function printSeedSummary(
  report: SeedReport,
  stream: { write(text: string): unknown },
  c: CommandContext['out'],
): void {
  const s = report.summary;
  for (const e of report.expectations) {
    if (e.status === 'holds') continue;
    const label = e.status === 'flips' ? c.yellow('flips') : c.red('fails');
    println(
      stream,
      `${label} ${terminalSafe(`${e.scenarioId}#${e.variant}`)} ${terminalSafe(e.id)}: failed for ${e.failed}/${e.checked} seeds, smallest ${e.smallestFailingSeed ?? ''} ${c.dim(`(sightline run ${terminalSafe(e.file)} --variant ${terminalSafe(e.variant)} --seed ${e.smallestFailingSeed ?? ''})`)}`,
    );
  }
  const line =
    `seeds ${seedsText(report.seeds)}: ${s.expectations} expectations · ${s.holds} hold for every seed · ${s.flips} flip · ${s.fails} fail for every seed` +
    (s.crashedRuns > 0 ? ` · ${s.crashedRuns} runs crashed` : '');
  println(stream, s.flips + s.fails + s.crashedRuns > 0 ? c.red(line) : c.green(line));
}
