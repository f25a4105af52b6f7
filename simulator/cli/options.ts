/** Parsers for flag values; a bad value is a usage error (exit 2) with a message saying what is allowed. */
import { InvalidArgumentError } from 'commander';
import { KEBAB_CASE } from '../scenario/schema.js';

/** Largest seed: unsigned 32-bit, like the scenario format's `seed`. */
export const SEED_MAX = 0xffff_ffff;

export function parseSeed(value: string): number {
  if (!/^\d{1,10}$/.test(value) || Number(value) > SEED_MAX) {
    throw new InvalidArgumentError(`the seed is a whole number from 0 to ${SEED_MAX}`);
  }
  return Number(value);
}

/** `--variant a --variant b,c` → ['a', 'b', 'c']. */
export function collectVariants(value: string, previous: string[] = []): string[] {
  const ids = value
    .split(',')
    .map((v) => v.trim())
    .filter((v) => v !== '');
  if (ids.length === 0) throw new InvalidArgumentError('name a variant, e.g. --variant base');
  for (const id of ids) {
    if (!KEBAB_CASE.test(id))
      throw new InvalidArgumentError(`'${id}' is not a variant id (variant ids are kebab-case, or \`base\`)`);
  }
  return [...previous, ...ids];
}

/** An output file path: `-` means stdout. */
export function parseOutputPath(value: string): string {
  if (value.trim() === '') throw new InvalidArgumentError('give a file name (or - for standard output)');
  return value;
}

/** Most worker threads `--jobs` starts (more would only queue on any machine this runs on). */
export const JOBS_MAX = 64;

export function parseJobs(value: string): number {
  if (!/^\d{1,3}$/.test(value) || Number(value) < 1 || Number(value) > JOBS_MAX) {
    throw new InvalidArgumentError(`the number of jobs is a whole number from 1 to ${JOBS_MAX}`);
  }
  return Number(value);
}

/** `--shard i/n`: 1 ≤ i ≤ n ≤ 1000. */
export function parseShard(value: string): { index: number; count: number } {
  const match = /^(\d{1,4})\/(\d{1,4})$/.exec(value);
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (!match || count < 1 || count > 1000 || index < 1 || index > count)
    throw new InvalidArgumentError('a shard is i/n with 1 ≤ i ≤ n, e.g. --shard 2/3');
  return { index, count };
}

/** Most runs per scenario variant a `--seeds` sweep may ask for (a typo like `1..1000000` is refused, not run). */
export const SEEDS_MAX = 10_000;

/**
 * `--seeds a..b` (inclusive range) or `--seeds 1,5,9` (a list, or a mix: `1..10,42`): the seeds of
 * a sweep, each as `--seed` takes it (0 to 2³²−1), in the order written, duplicates dropped.
 */
export function parseSeeds(value: string): number[] {
  const usage = 'seeds are a range a..b or a list a,b,c of whole numbers from 0 to ' + String(SEED_MAX);
  const seeds = new Set<number>();
  const add = (n: number) => {
    seeds.add(n);
    if (seeds.size > SEEDS_MAX) throw new InvalidArgumentError(`at most ${SEEDS_MAX} seeds in a sweep`);
  };
  const seed = (text: string, part: string) => {
    if (!/^\d{1,10}$/.test(text) || Number(text) > SEED_MAX)
      throw new InvalidArgumentError(`'${part}' is not a seed — ${usage}, e.g. --seeds 1..100`);
    return Number(text);
  };
  for (const raw of value.split(',')) {
    const part = raw.trim();
    if (part === '') throw new InvalidArgumentError(`empty seed in '${value}' — ${usage}`);
    const range = /^(\d+)\s*\.\.\s*(\d+)$/.exec(part);
    if (range) {
      const from = seed(range[1]!, part);
      const to = seed(range[2]!, part);
      if (from > to) throw new InvalidArgumentError(`the range '${part}' is empty (write it low..high)`);
      if (to - from >= SEEDS_MAX) throw new InvalidArgumentError(`at most ${SEEDS_MAX} seeds in a sweep`);
      for (let n = from; n <= to; n++) add(n);
    } else add(seed(part, part));
  }
  return [...seeds];
}
