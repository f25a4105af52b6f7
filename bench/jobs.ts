/**
 * `npm run bench:jobs` (env `ROUNDS=3`; `SEEDS=1..5` for a seed sweep): the whole library through
 * the CLI entry point (`node bin/sightline.js run scenarios/`) with `--jobs 1` and `--jobs 2`,
 * alternating, `ROUNDS` rounds; prints each wall, the medians and the speed-up, and checks the JSON
 * of both is byte-identical. Where Linux's /proc gives each child's CPU time (child-cpu.ts) it also
 * prints how many cores each setting kept busy and the best speed-up the cores allow: `--jobs 1`
 * alone already keeps more than one core busy (V8 compiles and collects garbage on background
 * threads), and no split of its CPU time over `cores` cores can end sooner than that time divided
 * by `cores`. Wall times depend on what else the machine runs: on a shared machine, read the
 * figures side by side, not alone.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { spawnCli } from '../tests/fixtures/scenarios/cli-harness.js';
import { childCpuSeconds } from './child-cpu.js';

const ROUNDS = Number(process.env['ROUNDS'] ?? 3);
/** `SEEDS=1..5`: the whole library once per seed (a sweep, as CI runs it), instead of once. */
const SEEDS = process.env['SEEDS'];
const dir = mkdtempSync(join(tmpdir(), 'sightline-bench-jobs-'));

/** Process wall and (where /proc has it) CPU seconds of one CLI run. */
interface Sample {
  wall: number;
  cpu: number | undefined;
}

function run(jobs: number): Sample {
  const started = performance.now();
  const cpuBefore = childCpuSeconds();
  const args = ['run', 'scenarios/', '-q', '--jobs', String(jobs), '--json', join(dir, `j${jobs}.json`)];
  if (SEEDS !== undefined) args.push('--seeds', SEEDS);
  const out = spawnCli(args, { env: { CI: 'true' }, timeoutMs: 600_000 });
  const wall = performance.now() - started;
  if (out.code !== 0) throw new Error(`--jobs ${jobs} exited ${out.code}: ${out.stderr}`);
  const cpuAfter = childCpuSeconds();
  const cpu = cpuBefore !== undefined && cpuAfter !== undefined ? cpuAfter - cpuBefore : undefined;
  return { wall: wall / 1000, cpu };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const samples: Record<1 | 2, Sample[]> = { 1: [], 2: [] };
run(2); // warm the worker bundle cache and the tsx cache
for (let round = 0; round < ROUNDS; round++) {
  for (const jobs of [1, 2] as const) samples[jobs].push(run(jobs));
}
const walls = { 1: samples[1].map((s) => s.wall), 2: samples[2].map((s) => s.wall) };
const cpus = (jobs: 1 | 2) =>
  samples[jobs].every((s) => s.cpu !== undefined) ? samples[jobs].map((s) => s.cpu!) : undefined;
const same = readFileSync(join(dir, 'j1.json')).equals(readFileSync(join(dir, 'j2.json')));
rmSync(dir, { recursive: true, force: true });
const fmt = (seconds: number) => `${seconds.toFixed(2)} s`;
const cores = availableParallelism();
console.log(
  `whole library${SEEDS !== undefined ? ` × seeds ${SEEDS}` : ''}, ${cores} cores available, ${ROUNDS} rounds (process wall, CLI start included)`,
);
console.log(`--jobs 1: ${walls[1].map(fmt).join(', ')}  median ${fmt(median(walls[1]))}`);
console.log(`--jobs 2: ${walls[2].map(fmt).join(', ')}  median ${fmt(median(walls[2]))}`);
console.log(`speed-up: ${(median(walls[1]) / median(walls[2])).toFixed(2)}×  · JSON byte-identical: ${same}`);
const cpu1 = cpus(1);
const cpu2 = cpus(2);
if (cpu1 && cpu2) {
  const busy = (jobs: 1 | 2, cpu: number[]) =>
    `--jobs ${jobs}: CPU ${fmt(median(cpu))} (user + system, all threads), ${(median(cpu) / median(walls[jobs])).toFixed(2)} cores busy`;
  console.log(busy(1, cpu1));
  console.log(busy(2, cpu2));
  const bound = (median(walls[1]) * cores) / median(cpu1);
  console.log(
    `best speed-up ${cores} cores allow for --jobs 1's CPU time: ${bound.toFixed(2)}× ` +
      `(its ${fmt(median(cpu1))} of CPU over ${cores} cores, with nothing added by the workers; ` +
      `--jobs 2 spent ${fmt(median(cpu2) - median(cpu1))} more)`,
  );
}
