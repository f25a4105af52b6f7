/**
 * `npm run bench:jobs`: the whole library through the CLI entry point (`node bin/sightline.js run
 * scenarios/`) with `--jobs 1` and `--jobs 2`, alternating, three rounds; prints each wall, the
 * medians and the speed-up, and checks the JSON of both is byte-identical. Wall times depend on
 * what else the machine runs: on a shared machine, read the figures side by side, not alone.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { spawnCli } from '../tests/fixtures/scenarios/cli-harness.js';

const ROUNDS = Number(process.env['ROUNDS'] ?? 3);
const dir = mkdtempSync(join(tmpdir(), 'sightline-bench-jobs-'));

function run(jobs: number): number {
  const started = performance.now();
  const args = ['run', 'scenarios/', '-q', '--jobs', String(jobs), '--json', join(dir, `j${jobs}.json`)];
  const out = spawnCli(args, { env: { CI: 'true' }, timeoutMs: 600_000 });
  const wall = performance.now() - started;
  if (out.code !== 0) throw new Error(`--jobs ${jobs} exited ${out.code}: ${out.stderr}`);
  return wall;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const walls: Record<1 | 2, number[]> = { 1: [], 2: [] };
run(2); // warm the worker bundle cache and the tsx cache
for (let round = 0; round < ROUNDS; round++) {
  for (const jobs of [1, 2] as const) walls[jobs].push(run(jobs));
}
const same = readFileSync(join(dir, 'j1.json')).equals(readFileSync(join(dir, 'j2.json')));
rmSync(dir, { recursive: true, force: true });
const fmt = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
console.log(
  `whole library, ${availableParallelism()} cores available, ${ROUNDS} rounds (process wall, CLI start included)`,
);
console.log(`--jobs 1: ${walls[1].map(fmt).join(', ')}  median ${fmt(median(walls[1]))}`);
console.log(`--jobs 2: ${walls[2].map(fmt).join(', ')}  median ${fmt(median(walls[2]))}`);
console.log(`speed-up: ${(median(walls[1]) / median(walls[2])).toFixed(2)}×  · JSON byte-identical: ${same}`);
