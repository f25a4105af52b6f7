/**
 * Issue 15 §4: every requested report is written even when input is invalid (exit 2), each naming
 * the error with its location; a directory with some bad files still runs the good ones. And
 * `--out DIR` writes a folder per variant with a top-level index. Real engine, the CLI as a user
 * runs it (spawned for the bar, in-process with injected io otherwise).
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { RunBatch } from '../../simulator/scenario/result.js';
import type { RunIndex } from '../../simulator/cli/run-dir.js';
import { runCli, spawnCli } from '../fixtures/scenarios/cli-harness.js';
import { checkWellFormedXml } from '../fixtures/scenarios/xml-check.js';

const GOOD = 'tests/fixtures/scenarios/good/sim-swap.yaml';
const BAD = 'tests/fixtures/scenarios/bad';
const tmp = mkdtempSync(join(tmpdir(), 'sightline-cli-invalid-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

interface SarifLog {
  runs: Array<{
    results: Array<{
      ruleId: string;
      message: { text: string };
      locations: Array<{
        physicalLocation: {
          artifactLocation: { uri: string };
          region: { startLine: number; startColumn: number };
        };
      }>;
    }>;
    invocations: Array<{ executionSuccessful: boolean }>;
  }>;
}

describe('invalid input still gets every report', () => {
  it('bar: `sightline run bad.yaml --junit out.xml` exits 2 and out.xml holds the located error', () => {
    const xml = join(tmp, 'bar', 'out.xml');
    const out = spawnCli(['run', `${BAD}/missing-field.yaml`, '--junit', xml]);
    expect(out.code).toBe(2);
    expect(existsSync(xml)).toBe(true);
    const text = readFileSync(xml, 'utf8');
    checkWellFormedXml(text);
    expect(text).toContain('failures="1"');
    expect(text).toContain(`${BAD}/missing-field.yaml:9:5 steps[0].send.text: missing required field`);
    expect(text).toMatch(/<testcase [^>]*line="9"[^>]*>\s*<failure [^>]*type="invalid-scenario\/missing"/);
  });

  it('a directory with bad files runs the good ones and names each bad one in JSON, JUnit, SARIF and --out', async () => {
    const lib = join(tmp, 'lib');
    mkdirSync(lib, { recursive: true });
    copyFileSync(GOOD, join(lib, 'a-good.yaml'));
    copyFileSync(`${BAD}/yaml-tab.yaml`, join(lib, 'b-tab.yaml'));
    copyFileSync(`${BAD}/unknown-party-ref.yaml`, join(lib, 'c-ref.yaml'));
    const json = join(tmp, 'mixed.json');
    const junit = join(tmp, 'mixed.xml');
    const sarif = join(tmp, 'mixed.sarif');
    const outDir = join(tmp, 'mixed-out');
    const out = await runCli(
      ['run', lib, 'no-such.yaml', '--json', json, '--junit', junit, '--sarif', sarif, '--out', outDir],
      { cwd: tmp },
    );
    expect(out.code, out.stderr).toBe(2);
    expect(out.stdout).toContain('2 runs · 7 expectations · 7 passed · 0 failed');
    expect(out.stderr).toContain('3 invalid scenario files — not run; the others ran');

    const batch = JSON.parse(readFileSync(json, 'utf8')) as RunBatch;
    expect(batch.runs.map((r) => `${r.file}#${r.result.variant}:${r.result.valid}`)).toEqual([
      'lib/a-good.yaml#base:true',
      'lib/a-good.yaml#with-2sv:true',
    ]);
    const invalid = batch.invalid ?? [];
    expect(invalid.map((f) => f.file).sort()).toEqual(['lib/b-tab.yaml', 'lib/c-ref.yaml', 'no-such.yaml']);
    const ref = invalid.find((f) => f.file === 'lib/c-ref.yaml')!;
    expect(ref.problems[0]).toMatchObject({ line: 9, column: 38, code: 'reference' });

    const xml = readFileSync(junit, 'utf8');
    checkWellFormedXml(xml);
    expect(xml).toContain('<testsuite name="invalid: lib/c-ref.yaml"');
    expect(xml).toContain('lib/b-tab.yaml:6:1 tabs cannot indent YAML');
    expect(xml).toContain('no such file or directory: no-such.yaml');
    expect(xml).toContain('<testsuite name="sim-swap-fixture#base"');

    const log = JSON.parse(readFileSync(sarif, 'utf8')) as SarifLog;
    const located = log.runs[0]!.results.filter((r) => r.ruleId === 'invalid-scenario').map((r) => {
      const p = r.locations[0]!.physicalLocation;
      return `${p.artifactLocation.uri}:${p.region.startLine}:${p.region.startColumn}`;
    });
    expect(located).toContain('lib/c-ref.yaml:9:38');
    expect(located).toContain('lib/b-tab.yaml:6:1');
    expect(log.runs[0]!.invocations[0]!.executionSuccessful).toBe(false);

    const index = JSON.parse(readFileSync(join(outDir, 'index.json'), 'utf8')) as RunIndex;
    expect(index.invalid.map((f) => f.file).sort()).toEqual([
      'lib/b-tab.yaml',
      'lib/c-ref.yaml',
      'no-such.yaml',
    ]);
    expect(readFileSync(join(outDir, 'report.md'), 'utf8')).toContain('## Invalid scenario files');
  });

  it('a valid run writes no `invalid` entry, and its reports are as before', async () => {
    const json = join(tmp, 'valid.json');
    const out = await runCli(['run', GOOD, '--json', json]);
    expect(out.code).toBe(0);
    expect(JSON.parse(readFileSync(json, 'utf8'))).not.toHaveProperty('invalid');
  });
});

describe('--out DIR: a folder per variant and an index', () => {
  it('writes <scenario>/<variant>/ run directories that report and diff on their own', async () => {
    const dir = join(tmp, 'per-variant');
    const out = await runCli(['run', GOOD, '--out', dir]);
    expect(out.code, out.stderr).toBe(0);
    const index = JSON.parse(readFileSync(join(dir, 'index.json'), 'utf8')) as RunIndex;
    const whole = JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as RunBatch;
    expect(index.runs.map((r) => r.dir)).toEqual(['sim-swap-fixture/base', 'sim-swap-fixture/with-2sv']);
    index.runs.forEach((run, i) => {
      expect(run.journalHash).toBe(whole.runs[i]!.result.journalHash);
      const one = JSON.parse(readFileSync(join(dir, run.dir, 'results.json'), 'utf8')) as RunBatch;
      expect(one.runs).toHaveLength(1);
      expect(one.runs[0]).toEqual(whole.runs[i]);
      for (const name of ['journal.jsonl', 'report.md'])
        expect(existsSync(join(dir, run.dir, name))).toBe(true);
    });
    const report = await runCli(['report', join(dir, 'sim-swap-fixture/with-2sv')]);
    expect(report.code).toBe(0);
    expect(report.stdout).toContain('1 of 1 runs hold every expectation');
    const diff = await runCli([
      'diff',
      join(dir, 'sim-swap-fixture/base'),
      join(dir, 'sim-swap-fixture/with-2sv'),
    ]);
    expect(diff.code).toBe(0);
    expect(diff.stdout).toContain('sim-swap-fixture#with-2sv');
  });
});
