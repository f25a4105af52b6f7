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
