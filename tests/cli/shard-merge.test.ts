/**
 * Issue 16 §4: `run --shard 1/3`, `2/3`, `3/3` joined by `sightline merge` equal the unsharded run
 * (JSON, JUnit and SARIF bytes) on the whole library; the shards split it without overlap; merge
 * refuses a missing shard. In-process with the real engine.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
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

  it('refuses a bad --shard with exit 2', async () => {
    for (const bad of ['0/3', '4/3', '1', 'a/b', '1/0'])
      expect((await runCli(['run', 'scenarios/01-first-message.yaml', '--shard', bad])).code, bad).toBe(2);
  });
});
