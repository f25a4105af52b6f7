/**
 * `sightline run <paths...>`: validates every scenario first (any invalid file → exit 2, nothing
 * runs), then runs `base` and every variant (or those named by `--variant`) with the scenario's
 * seed (or `--seed`). Prints a summary, writes the requested reports, exits 0 when every
 * expectation holds and 1 otherwise.
 */
import { resolve } from 'node:path';
import { renderJson, renderJunit, renderSarif } from '../../report/index.js';
import { terminalSafe } from '../../report/text.js';
import type { LoadedScenario } from '../../scenario/loader.js';
import { failedRunResult, runKey, type RunBatch, type RunEntry } from '../../scenario/result.js';
import { variantIds, variantTitle } from '../../scenario/variants.js';
import type { CommandContext } from '../context.js';
import { println } from '../context.js';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE, UsageError } from '../errors.js';
import { collectScenarioFiles, loadScenarioFile } from '../files.js';
import { checkSingleStdout, writeOutput } from '../outputs.js';
import { formatProblems } from '../problems.js';
import { writeRunDir } from '../run-dir.js';
import { sightlineVersion } from '../version.js';

export interface RunCommandOptions {
  seed?: number;
  variant?: string[];
  json?: string;
  junit?: string;
  sarif?: string;
  out?: string;
  quiet?: boolean;
  progress?: boolean;
}

interface Planned {
  loaded: LoadedScenario;
  variant: string;
  seed: number;
}

/** Picks the runs: every variant, or the named ones (each must exist in at least one scenario). */
function plan(scenarios: LoadedScenario[], options: RunCommandOptions): Planned[] {
  const wanted = options.variant;
  if (wanted !== undefined) {
    for (const id of wanted) {
      if (!scenarios.some((s) => variantIds(s.scenario).includes(id))) {
        const known = scenarios
          .map((s) => `${s.scenario.id}: ${variantIds(s.scenario).join(', ')}`)
          .join('; ');
        throw new UsageError(`unknown variant '${id}' (variants — ${known})`);
      }
    }
  }
  const runs: Planned[] = [];
  for (const loaded of scenarios) {
    const ids = variantIds(loaded.scenario).filter((id) => wanted === undefined || wanted.includes(id));
    for (const variant of ids) runs.push({ loaded, variant, seed: options.seed ?? loaded.scenario.seed });
  }
  return runs;
}

export async function runCommand(
  paths: string[],
  options: RunCommandOptions,
  ctx: CommandContext,
): Promise<number> {
  checkSingleStdout([options.json, options.junit, options.sarif]);
  const toStdout = [options.json, options.junit, options.sarif].includes('-');
  const human = toStdout ? ctx.io.stderr : ctx.io.stdout;
  const colour = toStdout ? ctx.err : ctx.out;

  const files = await collectScenarioFiles(paths, ctx.io.cwd);
  const scenarios: LoadedScenario[] = [];
  let invalid = 0;
  for (const file of files) {
    const outcome = await loadScenarioFile(file, ctx.io.cwd);
    if (outcome.ok) {
      scenarios.push(outcome.loaded);
    } else {
      invalid++;
      println(ctx.io.stderr, formatProblems(outcome.problems, ctx.err));
    }
  }
  if (invalid > 0) {
    println(
      ctx.io.stderr,
      ctx.err.red(`${invalid} invalid scenario file${invalid === 1 ? '' : 's'} — nothing was run`),
    );
    return EXIT_USAGE;
  }
  const runs = plan(scenarios, options);
  const runScenario = await ctx.runner();

  const progress =
    options.progress !== false && !options.quiet && ctx.io.stderr.isTTY === true && runs.length > 1;
  const entries: RunEntry[] = [];
  for (const [i, run] of runs.entries()) {
    const key = `${run.loaded.scenario.id}#${run.variant}`;
    if (progress)
      ctx.io.stderr.write(`\r\u001b[K${ctx.err.dim(`running ${i + 1}/${runs.length} ${terminalSafe(key)}`)}`);
    const entry: RunEntry = {
      file: run.loaded.file,
      title: run.loaded.scenario.title,
      variantTitle: variantTitle(run.loaded.scenario, run.variant),
      result: failedRunResult(run.loaded.scenario.id, { variant: run.variant, seed: run.seed }),
    };
    const onProgress = progress
      ? (done: number, total: number) =>
          ctx.io.stderr.write(
            `\r\u001b[K${ctx.err.dim(`running ${i + 1}/${runs.length} ${terminalSafe(key)} · step ${done}/${total}`)}`,
          )
      : undefined;
    try {
      entry.result = await runScenario(run.loaded, {
        variant: run.variant,
        seed: run.seed,
        ...(onProgress ? { onProgress } : {}),
      });
    } catch (error) {
      entry.error = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    }
    entries.push(entry);
  }
  if (progress) ctx.io.stderr.write('\r\u001b[K');

  const batch: RunBatch = {
    format: 'sightline-results',
    version: 1,
    tool: sightlineVersion(),
    runs: entries,
  };
  printSummary(batch, options.quiet === true, human, colour);

  if (options.json !== undefined) await writeOutput(options.json, renderJson(batch), ctx.io);
  if (options.junit !== undefined) await writeOutput(options.junit, renderJunit(batch), ctx.io);
  if (options.sarif !== undefined) await writeOutput(options.sarif, renderSarif(batch), ctx.io);
  if (options.out !== undefined) {
    const written = await writeRunDir(resolve(ctx.io.cwd, options.out), batch);
    if (!options.quiet) println(human, colour.dim(`wrote ${written.length} files to ${options.out}`));
  }
  const ok = entries.every((e) => e.error === undefined && e.result.valid);
  return ok ? EXIT_OK : EXIT_FAILED;
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
