/**
 * Issue 16 §3: `sightline run --jobs 2` on the whole library writes byte-identical JSON, JUnit,
 * SARIF and --out directories (results, journals, reports, per-variant folders, index) to `--jobs 1`.
 * Spawned through bin/sightline.js, so the bundle is built and loaded as a user's run does; with
 * `--jobs 2` the worker also reads and validates a share of the files.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { spawnCli } from '../fixtures/scenarios/cli-harness.js';

const tmp = mkdtempSync(join(tmpdir(), 'sightline-cli-jobs-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function files(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => relative(dir, join(d.parentPath, d.name)))
    .sort();
}

/** `paths` with `--jobs <jobs>`, every report written; CI so that no progress bar is drawn. */
function run(jobs: number, paths = ['scenarios/'], name = 'jobs') {
  const out = join(tmp, `${name}-${jobs}`);
  const args = ['run', ...paths, '-q', '--jobs', String(jobs), '--json', `${out}.json`];
  args.push('--junit', `${out}.xml`, '--sarif', `${out}.sarif`, '--out', out);
  return { ...spawnCli(args, { env: { CI: 'true' }, timeoutMs: 600_000 }), out };
}

describe('--jobs 2 is byte-identical to --jobs 1 on the whole library', () => {
  it('JSON, JUnit, SARIF and every file of --out match', () => {
    const one = run(1);
    const two = run(2);
    expect(one.code, one.stderr).toBe(0);
    expect(two.code, two.stderr).toBe(0);
    expect(two.stderr).not.toContain('worker threads unavailable');
    expect(two.stdout).toBe(one.stdout);
    for (const ext of ['json', 'xml', 'sarif'])
      expect(readFileSync(`${two.out}.${ext}`).equals(readFileSync(`${one.out}.${ext}`)), ext).toBe(true);
    const names = files(one.out);
    expect(names.length).toBeGreaterThan(4 * 3);
    expect(files(two.out)).toEqual(names);
    for (const name of names)
      expect(readFileSync(join(two.out, name)).equals(readFileSync(join(one.out, name))), name).toBe(true);
  });

  it('files that do not load (read and validated on the workers too) are reported the same', () => {
    const paths = ['tests/fixtures/scenarios/bad', 'tests/fixtures/scenarios/good'];
    const one = run(1, paths, 'invalid');
    const two = run(2, paths, 'invalid');
    expect(one.code).toBe(2);
    expect(two.code).toBe(2);
    expect(two.stderr).toBe(one.stderr);
    expect(one.stderr).toContain('invalid scenario file');
    for (const ext of ['json', 'xml', 'sarif'])
      expect(readFileSync(`${two.out}.${ext}`).equals(readFileSync(`${one.out}.${ext}`)), ext).toBe(true);
  });

  it('refuses a bad --jobs value with exit 2', () => {
    for (const bad of ['0', '-1', 'two', '65']) {
      const child = spawnCli(['run', 'scenarios/01-first-message.yaml', '--jobs', bad]);
      expect(child.code, bad).toBe(2);
    }
  });
});
