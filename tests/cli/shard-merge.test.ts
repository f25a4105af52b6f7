/**
 * Issue 16 §4: `run --shard 1/3`, `2/3`, `3/3` joined by `sightline merge` equal the unsharded run
 * (JSON, JUnit and SARIF bytes) on the whole library; the shards split it without overlap; merge
 * refuses a missing shard. The shards of a seed sweep join into that sweep: the same JSON, seed
 * reports and run directory as the unsharded sweep. In-process with the real engine.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { RunBatch } from '../../simulator/scenario/result.js';
import { runCli } from '../fixtures/scenarios/cli-harness.js';

const tmp = mkdtempSync(join(tmpdir(), 'sightline-cli-shard-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const read = (name: string) => readFileSync(join(tmp, name), 'utf8');

describe('--shard i/n + merge', () => {
  it('shards 1/3, 2/3 and 3/3 merged equal the unsharded run', async () => {
    const whole = await runCli([
      'run',
      'scenarios/',
      '-q',
      '--json',
      join(tmp, 'all.json'),
      '--junit',
      join(tmp, 'all.xml'),
      '--sarif',
      join(tmp, 'all.sarif'),
    ]);
    expect(whole.code, whole.stderr).toBe(0);
    const sizes: number[] = [];
    for (const i of [1, 2, 3]) {
      const shard = await runCli([
        'run',
        'scenarios/',
        '-q',
        '--shard',
        `${i}/3`,
        '--json',
        join(tmp, `s${i}.json`),
      ]);
      expect(shard.code, shard.stderr).toBe(0);
      sizes.push((JSON.parse(read(`s${i}.json`)) as RunBatch).runs.length);
    }
    const total = (JSON.parse(read('all.json')) as RunBatch).runs.length;
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(total);
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
    const merged = await runCli([
      'merge',
      ...[3, 1, 2].map((i) => join(tmp, `s${i}.json`)),
      '--json',
      join(tmp, 'm.json'),
      '--junit',
      join(tmp, 'm.xml'),
      '--sarif',
      join(tmp, 'm.sarif'),
    ]);
    expect(merged.code, merged.stderr).toBe(0);
    expect(read('m.json')).toBe(read('all.json'));
    expect(read('m.xml')).toBe(read('all.xml'));
    expect(read('m.sarif')).toBe(read('all.sarif'));

    const partial = await runCli(['merge', join(tmp, 's1.json'), join(tmp, 's3.json')]);
    expect(partial.code).toBe(2);
    expect(partial.stderr).toContain('missing shard 2/3');
    const twice = await runCli(['merge', join(tmp, 's1.json'), join(tmp, 's1.json'), join(tmp, 's2.json')]);
    expect(twice.code).toBe(2);
    const unsharded = await runCli(['merge', join(tmp, 'all.json')]);
    expect(unsharded.code).toBe(2);
  });

  it('the shards of a seed sweep merge into the same sweep: JSON, seed reports and run directory', async () => {
    const inputs = ['scenarios/02-offline-queue.yaml', 'scenarios/14-silent-receipts.yaml'];
    const sweep = ['--seeds', '1..3', '-q'];
    /** Every output a sweep writes, named after `name`. */
    const outputs = (name: string) => [
      ...['--json', join(tmp, `${name}.json`), '--out', join(tmp, `${name}-dir`)],
      ...[
        '--seed-report-json',
        join(tmp, `${name}-seeds.json`),
        '--seed-report-md',
        join(tmp, `${name}-seeds.md`),
      ],
    ];
    const whole = await runCli(['run', ...inputs, ...sweep, ...outputs('sweep')]);
    expect(whole.code, whole.stderr).toBe(0);
    expect((JSON.parse(read('sweep.json')) as RunBatch).seeds).toEqual([1, 2, 3]);
    for (const i of [1, 2])
      expect(
        (await runCli(['run', ...inputs, ...sweep, '--shard', `${i}/2`, '--out', join(tmp, `sweep-s${i}`)]))
          .code,
      ).toBe(0);
    const merged = await runCli([
      'merge',
      join(tmp, 'sweep-s2'),
      join(tmp, 'sweep-s1'),
      ...outputs('sweep-m'),
    ]);
    expect(merged.code, merged.stderr).toBe(0);
    expect(read('sweep-m.json')).toBe(read('sweep.json'));
    expect(read('sweep-m-seeds.json')).toBe(read('sweep-seeds.json'));
    expect(read('sweep-m-seeds.md')).toBe(read('sweep-seeds.md'));
    const files = (dir: string) => (readdirSync(join(tmp, dir), { recursive: true }) as string[]).sort();
    expect(files('sweep-m-dir')).toEqual(files('sweep-dir'));
    expect(files('sweep-dir')).toContain('seeds.md');
    for (const name of files('sweep-dir').filter((f) => /\.(json|jsonl|md|xml|sarif)$/.test(f)))
      expect(read(join('sweep-m-dir', name)), name).toBe(read(join('sweep-dir', name)));
    // The sweep's line after the summary, as the unsharded run prints it.
    const sweepLine = (text: string) => text.split('\n').find((line) => line.startsWith('seeds 1..3:'));
    expect(sweepLine(merged.stdout)).toBeDefined();
    expect(sweepLine(merged.stdout)).toBe(sweepLine(whole.stdout));
  });

  it('merge refuses seed reports for shards that are not a sweep, and shards of different sweeps', async () => {
    const input = 'scenarios/02-offline-queue.yaml';
    for (const [name, extra] of [
      ['plain', ['--shard', '1/1']],
      ['sweep5-1', ['--seeds', '5', '--shard', '1/2']],
      ['sweep5-2', ['--seeds', '5', '--shard', '2/2']],
      ['seed5-2', ['--seed', '5', '--shard', '2/2']],
    ] as const)
      expect((await runCli(['run', input, '-q', ...extra, '--json', join(tmp, `${name}.json`)])).code).toBe(
        0,
      );
    const report = await runCli(['merge', join(tmp, 'plain.json'), '--seed-report-md', join(tmp, 'x.md')]);
    expect(report.code).toBe(2);
    expect(report.stderr).toContain('need the shards of a sweep');
    const sweep = [join(tmp, 'sweep5-1.json'), join(tmp, 'sweep5-2.json')];
    expect((await runCli(['merge', ...sweep, '--seed-report-md', join(tmp, 'y.md')])).code).toBe(0);
    expect(read('y.md')).toContain('Seeds: 5 (1)');
    // Seed 5 alone and a sweep of seed 5 plan the same runs, but only one of them is a sweep.
    const mixed = await runCli(['merge', join(tmp, 'sweep5-1.json'), join(tmp, 'seed5-2.json')]);
    expect(mixed.code).toBe(2);
    expect(mixed.stderr).toContain('of another run');
    const twoStdout = await runCli(['merge', ...sweep, '--json', '-', '--seed-report-md', '-']);
    expect(twoStdout.code).toBe(2);
    expect(twoStdout.stderr).toContain('only one report can go to standard output');
  });

  it('refuses a bad --shard with exit 2', async () => {
    for (const bad of ['0/3', '4/3', '1', 'a/b', '1/0'])
      expect((await runCli(['run', 'scenarios/01-first-message.yaml', '--shard', bad])).code, bad).toBe(2);
  });
});
