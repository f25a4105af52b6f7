/**
 * `sightline merge <shard results...>`: joins the JSON results of `run --shard i/n` into what the
 * unsharded run would have written — runs and invalid files back in the plan's order, the shard
 * marker dropped — and writes the requested JSON, JUnit, SARIF and run directory. Refuses (exit 2)
 * shards of different plans, a missing or repeated shard, or a run that is missing. The shards of a
 * seed sweep (`run --seeds … --shard i/n`) join into that sweep: the same seed report, printed and
 * written (`--seed-report-json`, `--seed-report-md`, and in `--out`) as the unsharded sweep's. Exit
 * codes as `run`: 2 when some file was invalid, 1 when an expectation fails (for any seed), else 0.
 */
import { readFile, stat } from 'node:fs/promises';
import { isAbsolute, join, resolve } from 'node:path';
import { renderJson, renderJunit, renderSarif } from '../../report/index.js';
import type { InvalidScenarioFile, RunBatch, RunEntry } from '../../scenario/result.js';
import type { CommandContext } from '../context.js';
import { println } from '../context.js';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE, UsageError } from '../errors.js';
import { checkSingleStdout, reportTargets, writeOutput } from '../outputs.js';
import { parseBatch, readRunDir, writeRunDir } from '../run-dir.js';
import { invalidPlanKey, planKey } from '../run-plan.js';
import { printSeedSummary, sweepReport, writeSeedReports } from '../seed-outputs.js';

export interface MergeOptions {
  json?: string;
  junit?: string;
  sarif?: string;
  out?: string;
  seedReportJson?: string;
  seedReportMd?: string;
}

async function readShard(path: string, cwd: string): Promise<RunBatch> {
  const absolute = isAbsolute(path) ? path : join(cwd, path);
  let isDir: boolean;
  try {
    isDir = (await stat(absolute)).isDirectory();
  } catch {
    throw new UsageError(`no such file or directory: ${path}`);
  }
  return isDir ? readRunDir(path, cwd) : parseBatch(await readFile(absolute, 'utf8'), path);
}

/** Joins shards; @throws UsageError when they do not make one whole run. */
export function mergeShards(shards: ReadonlyArray<{ label: string; batch: RunBatch }>): RunBatch {
  const first = shards[0];
  if (!first) throw new UsageError('name the results of every shard');
  const info = first.batch.shard;
  if (!info) throw new UsageError(`${first.label} is not the result of a shard (run with --shard i/n)`);
  const seen = new Set<number>();
  for (const { label, batch } of shards) {
    const s = batch.shard;
    if (!s) throw new UsageError(`${label} is not the result of a shard (run with --shard i/n)`);
    if (
      s.count !== info.count ||
      s.plan.join('\n') !== info.plan.join('\n') ||
      String(batch.seeds) !== String(first.batch.seeds) // a sweep's seeds, or `undefined` for both
    )
      throw new UsageError(`${label} is shard ${s.index}/${s.count} of another run than ${first.label}`);
    if (seen.has(s.index)) throw new UsageError(`shard ${s.index}/${s.count} is given twice`);
    seen.add(s.index);
  }
  const missing = Array.from({ length: info.count }, (_v, i) => i + 1).filter((i) => !seen.has(i));
  if (missing.length > 0)
    throw new UsageError(
      `missing shard${missing.length === 1 ? '' : 's'} ${missing.map((i) => `${i}/${info.count}`).join(', ')}`,
    );
  const runs = new Map<string, RunEntry>();
  const invalid = new Map<string, InvalidScenarioFile>();
  for (const { batch } of shards) {
    for (const entry of batch.runs)
      runs.set(planKey({ file: entry.file, variant: entry.result.variant, seed: entry.result.seed }), entry);
    for (const file of batch.invalid ?? []) invalid.set(invalidPlanKey(file.file), file);
  }
  const merged: RunBatch = {
    format: first.batch.format,
    version: first.batch.version,
    tool: first.batch.tool,
    ...(first.batch.seeds ? { seeds: first.batch.seeds } : {}),
    runs: [],
  };
  const invalidOut: InvalidScenarioFile[] = [];
  for (const key of info.plan) {
    const entry = runs.get(key);
    const bad = invalid.get(key);
    if (entry) merged.runs.push(entry);
    else if (bad) invalidOut.push(bad);
    else throw new UsageError(`no shard holds ${key}`);
  }
  if (invalidOut.length > 0) merged.invalid = invalidOut;
  return merged;
}

export async function mergeCommand(
  files: string[],
  options: MergeOptions,
  ctx: CommandContext,
): Promise<number> {
  const stdoutTargets = reportTargets(options);
  checkSingleStdout(stdoutTargets);
  const shards = [];
  for (const file of files) shards.push({ label: file, batch: await readShard(file, ctx.io.cwd) });
  const batch = mergeShards(shards);
  const sweep = sweepReport(batch);
  if (!sweep && (options.seedReportJson ?? options.seedReportMd) !== undefined)
    throw new UsageError(
      '--seed-report-json and --seed-report-md need the shards of a sweep (run --seeds … --shard i/n)',
    );
  if (options.json !== undefined) await writeOutput(options.json, renderJson(batch), ctx.io);
  if (options.junit !== undefined) await writeOutput(options.junit, renderJunit(batch), ctx.io);
  if (options.sarif !== undefined) await writeOutput(options.sarif, renderSarif(batch), ctx.io);
  if (options.out !== undefined) await writeRunDir(resolve(ctx.io.cwd, options.out), batch);
  if (sweep) await writeSeedReports(sweep, options, ctx.io);
  const toStdout = stdoutTargets.includes('-');
  const failed = batch.runs.filter((r) => r.error !== undefined || !r.result.valid).length;
  const human = toStdout ? ctx.io.stderr : ctx.io.stdout;
  println(
    human,
    `merged ${shards.length} shards: ${batch.runs.length} runs · ${failed} failing · ${(batch.invalid ?? []).length} invalid files`,
  );
  if (sweep) printSeedSummary(sweep, human, toStdout ? ctx.err : ctx.out);
  if ((batch.invalid ?? []).length > 0) return EXIT_USAGE;
  return failed > 0 ? EXIT_FAILED : EXIT_OK;
}
