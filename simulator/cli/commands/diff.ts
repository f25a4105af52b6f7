/**
 * `sightline diff <a> <b>`: which cells of the visibility matrix change between two runs. Each side
 * is a scenario variant (`file.yaml#variant`, run now; `#base` when omitted) or a saved run
 * directory (`dir`, `dir#variant` or `dir#scenario#variant` when it holds several runs).
 */
import { stat } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import { diffMatrices } from '../../ledger/diff.js';
import type { VisibilityMatrix } from '../../ledger/matrix.js';
import { renderDiffText } from '../../report/text.js';
import { runKey, type RunEntry } from '../../scenario/result.js';
import { BASE_VARIANT, variantIds } from '../../scenario/variants.js';
import type { CommandContext } from '../context.js';
import { println } from '../context.js';
import { EXIT_OK, EXIT_USAGE, UsageError } from '../errors.js';
import { loadScenarioFile } from '../files.js';
import { formatProblems } from '../problems.js';
import { readRunDir } from '../run-dir.js';

export interface DiffOptions {
  seed?: number;
  json?: boolean;
}

interface Side {
  label: string;
  matrix: VisibilityMatrix;
}

/** `path#a#b` → path and selectors; a `#` inside the path itself is not supported. */
function split(spec: string): { path: string; selectors: string[] } {
  const [path = '', ...selectors] = spec.split('#');
  return { path, selectors: selectors.filter((s) => s !== '') };
}

async function resolveSide(spec: string, options: DiffOptions, ctx: CommandContext): Promise<Side | number> {
  const { path, selectors } = split(spec);
  if (path === '') throw new UsageError(`'${spec}' names no file or directory`);
  const absolute = isAbsolute(path) ? path : join(ctx.io.cwd, path);
  let isDir: boolean;
  try {
    isDir = (await stat(absolute)).isDirectory();
  } catch {
    throw new UsageError(`no such file or directory: ${path}`);
  }
  if (isDir) {
    const batch = await readRunDir(path, ctx.io.cwd);
    const keys = batch.runs.map((r) => runKey(r.result));
    const chosen = pick(batch.runs, selectors);
    if (chosen.length !== 1) {
      throw new UsageError(
        `${spec}: ${chosen.length === 0 ? 'no run matches' : 'several runs match'} — name one as ${path}#<scenario>#<variant> (runs: ${keys.join(', ')})`,
      );
    }
    const entry = chosen[0]!;
    return {
      label: `${path} ${runKey(entry.result)} (seed ${entry.result.seed})`,
      matrix: entry.result.matrix,
    };
  }
  if (selectors.length > 1)
    throw new UsageError(`${spec}: a scenario file takes one variant: ${path}#<variant>`);
  const outcome = await loadScenarioFile(path, ctx.io.cwd);
  if (!outcome.ok) {
    println(ctx.io.stderr, formatProblems(outcome.problems, ctx.err));
    return EXIT_USAGE;
  }
  const variant = selectors[0] ?? BASE_VARIANT;
  const variants = variantIds(outcome.loaded.scenario);
  if (!variants.includes(variant)) {
    throw new UsageError(`${path} has no variant '${variant}' (variants: ${variants.join(', ')})`);
  }
  const seed = options.seed ?? outcome.loaded.scenario.seed;
  const runScenario = await ctx.runner();
  const result = await runScenario(outcome.loaded, { variant, seed });
  return { label: `${path}#${variant} (seed ${seed})`, matrix: result.matrix };
}

/** Runs of a run directory matching `#variant`, `#scenario` (its base) or `#scenario#variant`. */
function pick(runs: RunEntry[], selectors: string[]): RunEntry[] {
  if (selectors.length === 0) return runs;
  if (selectors.length >= 2)
    return runs.filter((r) => r.result.scenarioId === selectors[0] && r.result.variant === selectors[1]);
  const byVariant = runs.filter((r) => r.result.variant === selectors[0]);
  if (byVariant.length > 0) return byVariant;
  return runs.filter((r) => r.result.scenarioId === selectors[0] && r.result.variant === BASE_VARIANT);
}

export async function diffCommand(
  a: string,
  b: string,
  options: DiffOptions,
  ctx: CommandContext,
): Promise<number> {
  const left = await resolveSide(a, options, ctx);
  if (typeof left === 'number') return left;
  const right = await resolveSide(b, options, ctx);
  if (typeof right === 'number') return right;
  const diff = diffMatrices(left.matrix, right.matrix);
  if (options.json)
    println(ctx.io.stdout, JSON.stringify({ a: left.label, b: right.label, ...diff }, null, 2));
  else ctx.io.stdout.write(colourDiff(renderDiffText(diff, { a: left.label, b: right.label }), ctx));
  return EXIT_OK;
}

function colourDiff(text: string, ctx: CommandContext): string {
  return text
    .split('\n')
    .map((line) =>
      line.startsWith('+ ') ? ctx.out.red(line) : line.startsWith('- ') ? ctx.out.green(line) : line,
    )
    .join('\n');
}
