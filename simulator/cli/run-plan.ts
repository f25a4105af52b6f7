/**
 * What `sightline run` will run: every (scenario, variant, seed), in a fixed order — files in the
 * order collected (directories sorted), variants in the order written, seeds in the order given.
 * That order is the order of every report, whatever `--jobs` is, and the plan a shard records so
 * `sightline merge` can put shards back in it.
 */
import type { LoadedScenario } from '../scenario/loader.js';
import { variantIds } from '../scenario/variants.js';
import { UsageError } from './errors.js';

export interface PlannedRun {
  loaded: LoadedScenario;
  variant: string;
  seed: number;
}

/** The key of a run in a shard's plan: `file#variant@seed` (files are unique in a run). */
export function planKey(run: { file: string; variant: string; seed: number }): string {
  return `${run.file}#${run.variant}@${run.seed}`;
}

/** The key of an invalid file in a shard's plan. */
export function invalidPlanKey(file: string): string {
  return `${file}#!invalid`;
}

export interface PlanOptions {
  variant?: string[] | undefined;
  /** One seed for every run (`--seed`); else the scenario's own. */
  seed?: number | undefined;
  /** Every seed of a sweep (`--seeds`); overrides `seed`. */
  seeds?: number[] | undefined;
  /** Skip the "unknown variant" check (some file did not load, so the variant may be in it). */
  lenientVariants?: boolean;
}

/** Picks the runs: every variant, or the named ones (each must exist in at least one scenario). */
export function planRuns(scenarios: readonly LoadedScenario[], options: PlanOptions): PlannedRun[] {
  const wanted = options.variant;
  if (wanted !== undefined && options.lenientVariants !== true) {
    for (const id of wanted) {
      if (!scenarios.some((s) => variantIds(s.scenario).includes(id))) {
        const known = scenarios
          .map((s) => `${s.scenario.id}: ${variantIds(s.scenario).join(', ')}`)
          .join('; ');
        throw new UsageError(`unknown variant '${id}' (variants — ${known})`);
      }
    }
  }
  const runs: PlannedRun[] = [];
  for (const loaded of scenarios) {
    const ids = variantIds(loaded.scenario).filter((id) => wanted === undefined || wanted.includes(id));
    const seeds = options.seeds ?? [options.seed ?? loaded.scenario.seed];
    for (const variant of ids) for (const seed of seeds) runs.push({ loaded, variant, seed });
  }
  return runs;
}

/** `--shard i/n`. */
export interface Shard {
  index: number;
  count: number;
}

/**
 * Which plan keys belong to a shard: the keys sorted, dealt round-robin — deterministic, every
 * shard within one run of the others, neighbours (variants of one scenario) spread over shards.
 */
export function shardKeys(plan: readonly string[], shard: Shard): Set<string> {
  const sorted = [...plan].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return new Set(sorted.filter((_key, i) => i % shard.count === shard.index - 1));
}
