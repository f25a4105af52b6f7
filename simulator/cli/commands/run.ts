/**
 * `sightline run <paths...>`: loads every scenario file, runs `base` and every variant (or those
 * named by `--variant`) with the scenario's seed (or `--seed`), prints a summary and writes every
 * requested report. A file that does not load does not stop the others: it is listed in every
 * report (a failed JUnit case, a located SARIF result, an `invalid` entry in JSON) and the command
 * exits 2. Otherwise it exits 0 when every expectation holds and 1 when one does not.
 */
import { resolve } from 'node:path';
import { renderJson, renderJunit, renderSarif } from '../../report/index.js';
import { terminalSafe } from '../../report/text.js';
import type { LoadedScenario } from '../../scenario/loader.js';
import { runKey, type InvalidScenarioFile, type RunBatch, type RunEntry } from '../../scenario/result.js';
import type { CommandContext } from '../context.js';
import { println } from '../context.js';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE, UsageError } from '../errors.js';
import { executeSerial, type ExecuteListener } from '../execute.js';
import type { RunScenario } from '../runner-port.js';
import type { Workers } from '../workers.js';
import { collectRunInputs, loadScenarioFile, type LoadOutcome } from '../files.js';
import { checkSingleStdout, reportTargets, writeOutput } from '../outputs.js';
import { formatProblems } from '../problems.js';
import { isCi, progressMode, runBar } from '../progress.js';
import { writeRunDir } from '../run-dir.js';
import { invalidPlanKey, planKey, planRuns, shardKeys, type PlannedRun, type Shard } from '../run-plan.js';
import { printSeedSummary, sweepReport, writeSeedReports } from '../seed-outputs.js';
import { sightlineVersion } from '../version.js';

export interface RunCommandOptions {
  seed?: number;
  /** `--seeds`: a sweep — every run once per seed, plus the seed-sensitivity report. */
  seeds?: number[];
  seedReportJson?: string;
  seedReportMd?: string;
  variant?: string[];
  json?: string;
  junit?: string;
  sarif?: string;
  out?: string;
  quiet?: boolean;
  progress?: boolean;
  jobs?: number;
  shard?: Shard;
}

/**
 * Loads every input (with `--jobs`, the workers load a share as soon as they are up); what does not
 * load becomes an invalid file (never an early exit).
 */
async function loadInputs(
  paths: string[],
  ctx: CommandContext,
  workers: Workers,
): Promise<{ scenarios: LoadedScenario[]; invalid: InvalidScenarioFile[] }> {
  const { files, missing } = await collectRunInputs(paths, ctx.io.cwd);
  const scenarios: LoadedScenario[] = [];
  const invalid: InvalidScenarioFile[] = [...missing];
  const outcomes = workers
    ? await (await import('../pool.js')).loadOnLanes(files, ctx.io.cwd, workers)
    : await loadSerially(files, ctx.io.cwd);
  for (const outcome of outcomes) {
    if (outcome.ok) scenarios.push(outcome.loaded);
    else invalid.push({ file: outcome.file, problems: outcome.problems });
  }
  return { scenarios, invalid };
}

async function loadSerially(files: string[], cwd: string): Promise<LoadOutcome[]> {
  const outcomes: LoadOutcome[] = [];
  for (const file of files) outcomes.push(await loadScenarioFile(file, cwd));
  return outcomes;
}

/** Serially, or on the workers and this thread when there are workers and more than one run. */
async function execute(
  runs: PlannedRun[],
  runScenario: RunScenario,
  workers: Workers,
  listener: ExecuteListener,
): Promise<RunEntry[]> {
  const pool = runs.length > 1 ? await workers : undefined;
  if (pool !== undefined) return (await import('../pool.js')).executePool(runs, pool, runScenario, listener);
  return executeSerial(runs, runScenario, listener);
}

/** Runs the command; `workers` (started by the caller with prepareWorkers, workers.ts; undefined
 * for `--jobs 1`) are destroyed when it ends. */
export async function runCommand(
  paths: string[],
  options: RunCommandOptions,
  ctx: CommandContext,
  workers: Workers,
): Promise<number> {
  try {
    return await checkedRun(paths, options, ctx, workers);
  } finally {
    await (await workers)?.destroy();
  }
}

async function checkedRun(
  paths: string[],
  options: RunCommandOptions,
  ctx: CommandContext,
  workers: Workers,
): Promise<number> {
  const stdoutTargets = reportTargets(options);
  checkSingleStdout(stdoutTargets);
  checkSeedOptions(options);
  return runWith(paths, options, ctx, stdoutTargets.includes('-'), workers);
}

async function runWith(
  paths: string[],
  options: RunCommandOptions,
  ctx: CommandContext,
  toStdout: boolean,
  workers: Workers,
): Promise<number> {
  const human = toStdout ? ctx.io.stderr : ctx.io.stdout;
  const colour = toStdout ? ctx.err : ctx.out;

  // The engine's modules load while the files are read (and while the workers start).
  const engine = ctx.runner();
  engine.catch(() => undefined); // awaited below when there is something to run
  const loadedInputs = await loadInputs(paths, ctx, workers);
  const planned = planRuns(loadedInputs.scenarios, {
    variant: options.variant,
    seed: options.seed,
    seeds: options.seeds,
    lenientVariants: loadedInputs.invalid.length > 0,
  });
  const plan = [
    ...planned.map((r) => planKey({ file: r.loaded.file, variant: r.variant, seed: r.seed })),
    ...loadedInputs.invalid.map((f) => invalidPlanKey(f.file)),
  ];
  const mine = options.shard ? shardKeys(plan, options.shard) : undefined;
  const runs = mine
    ? planned.filter((r) => mine.has(planKey({ file: r.loaded.file, variant: r.variant, seed: r.seed })))
    : planned;
  const invalid = mine
    ? loadedInputs.invalid.filter((f) => mine.has(invalidPlanKey(f.file)))
    : loadedInputs.invalid;
  for (const file of invalid) println(ctx.io.stderr, formatProblems(file.problems, ctx.err));
  const runScenario = runs.length > 0 ? await engine : undefined;

  const mode = progressMode({
    stdoutTTY: ctx.io.stdout.isTTY === true,
    stderrTTY: ctx.io.stderr.isTTY === true,
    ci: isCi(ctx.io.env),
    dumbTerminal: ctx.io.env['TERM'] === 'dumb',
    reportToStdout: toStdout,
    quiet: options.quiet === true,
    enabled: options.progress !== false,
    runs: runs.length,
  });
  const status = (i: number, key: string, extra = '') =>
    ctx.io.stderr.write(
      `\r\u001b[K${ctx.err.dim(`running ${i + 1}/${runs.length} ${terminalSafe(key)}${extra}`)}`,
    );
  const bar = mode === 'bar' ? await runBar(ctx.io.stdout, runs.length) : undefined;
  const listener: ExecuteListener = bar
    ? {
        runStarted: (_i, run) => bar.started(`${run.loaded.scenario.id}#${run.variant}@${run.seed}`),
        runEnded: () => bar.ended(),
      }
    : mode === 'lines'
      ? {
          runStarted: (i, run) => status(i, `${run.loaded.scenario.id}#${run.variant}`),
          step: (i, done, total) =>
            status(i, `${runs[i]!.loaded.scenario.id}#${runs[i]!.variant}`, ` · step ${done}/${total}`),
        }
      : {};
  let entries: RunEntry[] = [];
  try {
    entries = runScenario ? await execute(runs, runScenario, workers, listener) : [];
  } finally {
    bar?.stop();
  }
  if (mode === 'lines') ctx.io.stderr.write('\r\u001b[K');

  const batch: RunBatch = {
    format: 'sightline-results',
    version: 1,
    tool: sightlineVersion(),
    ...(options.seeds ? { seeds: options.seeds } : {}),
    runs: entries,
    ...(invalid.length > 0 ? { invalid } : {}),
    ...(options.shard ? { shard: { ...options.shard, plan } } : {}),
  };
  printSummary(batch, options.quiet === true, human, colour);
  if (invalid.length > 0) {
    const n = invalid.length;
    println(
      ctx.io.stderr,
      ctx.err.red(
        `${n} invalid scenario file${n === 1 ? '' : 's'} — not run${runs.length > 0 ? '; the others ran' : ''}`,
      ),
    );
  }

  const sweep = sweepReport(batch);
  if (sweep) printSeedSummary(sweep, human, colour);

  if (options.json !== undefined) await writeOutput(options.json, renderJson(batch), ctx.io);
  if (options.junit !== undefined) await writeOutput(options.junit, renderJunit(batch), ctx.io);
  if (options.sarif !== undefined) await writeOutput(options.sarif, renderSarif(batch), ctx.io);
  const written = options.out !== undefined ? await writeRunDir(resolve(ctx.io.cwd, options.out), batch) : [];
  if (sweep) written.push(...(await writeSeedReports(sweep, options, ctx.io)));
  if (options.out !== undefined && !options.quiet)
    println(human, colour.dim(`wrote ${written.length} files to ${options.out}`));
  if (invalid.length > 0) return EXIT_USAGE;
  const ok = entries.every((e) => e.error === undefined && e.result.valid);
  return ok ? EXIT_OK : EXIT_FAILED;
}

function checkSeedOptions(options: RunCommandOptions): void {
  if (options.seeds !== undefined && options.seed !== undefined)
    throw new UsageError('give --seed (one seed) or --seeds (a sweep), not both');
  if (options.seeds === undefined && (options.seedReportJson ?? options.seedReportMd) !== undefined)
    throw new UsageError(
      '--seed-report-json and --seed-report-md need a sweep: add --seeds, e.g. --seeds 1..100',
    );
}

function printSummary(
  batch: RunBatch,
  quiet: boolean,
  stream: { write(text: string): unknown },
  c: CommandContext['out'],
): void {
  let passed = 0;
  let failed = 0;
  for (const entry of batch.runs) {
    const { result } = entry;
    const counts = result.summary.expectations;
    passed += result.expectations.filter((e) => e.ok).length;
    failed += result.expectations.filter((e) => !e.ok).length;
    const holds = entry.error === undefined && result.valid;
    if (quiet && holds) continue;
    const mark = entry.error !== undefined ? c.red('!') : holds ? c.green('✔') : c.red('✘');
    println(
      stream,
      `${mark} ${terminalSafe(runKey(result))}  ${counts.passed}/${counts.total} ${c.dim(`seed ${result.seed} · ${terminalSafe(entry.file)}`)}`,
    );
    if (entry.error !== undefined)
      println(stream, `    ${c.red(`the run failed: ${terminalSafe(entry.error)}`)}`);
    for (const e of result.expectations) {
      if (e.ok) continue;
      println(
        stream,
        `    ${c.red('✘')} ${terminalSafe(e.id)}: ${terminalSafe(e.text)} — ${terminalSafe(e.detail)}`,
      );
      println(
        stream,
        `      ${c.dim(`at ${terminalSafe(entry.file)}:${e.location.line}:${e.location.column}`)}`,
      );
      if (e.because !== undefined) println(stream, `      ${c.dim(`because: ${terminalSafe(e.because)}`)}`);
    }
  }
  const errors = batch.runs.filter((r) => r.error !== undefined).length;
  const line =
    `${batch.runs.length} run${batch.runs.length === 1 ? '' : 's'} · ${passed + failed} expectations · ${passed} passed · ${failed} failed` +
    (errors > 0 ? ` · ${errors} run${errors === 1 ? '' : 's'} crashed` : '');
  println(stream, failed + errors > 0 ? c.red(line) : c.green(line));
}
