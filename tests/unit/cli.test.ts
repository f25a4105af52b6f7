/**
 * The `sightline` CLI: exit codes (0 all hold, 1 some fail, 2 invalid input or usage), flags
 * validated, run directories, reports and diffs. Most tests run `main` in-process with a fake
 * engine; the launcher itself (bin/sightline.js through tsx) is spawned for usage errors, help and
 * validation, which need no engine.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { RunBatch } from '../../simulator/scenario/result.js';
import { runCli, spawnCli } from '../fixtures/scenarios/cli-harness.js';
import { fakeRunner } from '../fixtures/scenarios/fake-runner.js';
import { checkWellFormedXml } from '../fixtures/scenarios/xml-check.js';

const GOOD = 'tests/fixtures/scenarios/good/sim-swap.yaml';
const BAD_DIR = 'tests/fixtures/scenarios/bad';
const tmp = mkdtempSync(join(tmpdir(), 'sightline-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('sightline run (fake engine)', () => {
  it('exits 0 when every expectation holds and prints a summary', async () => {
    const calls: Array<{ scenarioId: string; variant: string; seed: number }> = [];
    const out = await runCli(['run', GOOD], { runScenario: fakeRunner({ calls }) });
    expect(out.code).toBe(0);
    expect(calls).toEqual([
      { scenarioId: 'sim-swap-fixture', variant: 'base', seed: 7 },
      { scenarioId: 'sim-swap-fixture', variant: 'with-2sv', seed: 7 },
    ]);
    expect(out.stdout).toContain('✔ sim-swap-fixture#base  3/3');
    expect(out.stdout).toContain('2 runs · 7 expectations · 7 passed · 0 failed');
    expect(out.stdout).not.toContain('\u001b[');
  });

  it('exits 1 when an expectation fails, naming it with its location', async () => {
    const out = await runCli(['run', GOOD], { runScenario: fakeRunner({ failVariants: ['with-2sv'] }) });
    expect(out.code).toBe(1);
    expect(out.stdout).toContain('✘ sim-swap-fixture#with-2sv  0/4');
    expect(out.stdout).toContain(`at ${GOOD}:48:9`);
    expect(out.stdout).toContain('4 failed');
  });

  it('exits 1 when a run crashes, and keeps going', async () => {
    const calls: Array<{ scenarioId: string; variant: string; seed: number }> = [];
    const out = await runCli(['run', GOOD], { runScenario: fakeRunner({ throwVariants: ['base'], calls }) });
    expect(out.code).toBe(1);
    expect(calls).toHaveLength(2);
    expect(out.stdout).toContain('the run failed: Error: engine exploded in base');
    expect(out.stdout).toContain('1 run crashed');
  });

  it('runs only the named variants with the given seed', async () => {
    const calls: Array<{ scenarioId: string; variant: string; seed: number }> = [];
    const out = await runCli(['run', GOOD, '--variant', 'with-2sv', '--seed', '42'], {
      runScenario: fakeRunner({ calls }),
    });
    expect(out.code).toBe(0);
    expect(calls).toEqual([{ scenarioId: 'sim-swap-fixture', variant: 'with-2sv', seed: 42 }]);
  });

  it('refuses unknown variants, bad seeds, missing paths and invalid scenarios with exit 2; good files still run', async () => {
    const calls: Array<{ scenarioId: string; variant: string; seed: number }> = [];
    const runScenario = fakeRunner({ calls });
    const unknown = await runCli(['run', GOOD, '--variant', 'with-2fa'], { runScenario });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("unknown variant 'with-2fa'");
    for (const seed of ['-1', '1.5', 'abc', '4294967296']) {
      expect((await runCli(['run', GOOD, '--seed', seed], { runScenario })).code).toBe(2);
    }
    expect((await runCli(['run', 'no/such/file.yaml'], { runScenario })).code).toBe(2);
    const invalid = await runCli(['run', GOOD, `${BAD_DIR}/unknown-party-ref.yaml`], { runScenario });
    expect(invalid.code).toBe(2);
    expect(invalid.stderr).toContain(`${BAD_DIR}/unknown-party-ref.yaml:9:38`);
    expect(invalid.stderr).toContain('1 invalid scenario file — not run; the others ran');
    // Only the good file ran: its two variants, nothing of the invalid one.
    expect(calls.map((c) => `${c.scenarioId}#${c.variant}`)).toEqual([
      'sim-swap-fixture#base',
      'sim-swap-fixture#with-2sv',
    ]);
  });

  it('writes a run directory, JUnit and SARIF files', async () => {
    const dir = join(tmp, 'run1');
    const out = await runCli(
      ['run', GOOD, '--out', dir, '--junit', join(tmp, 'j/junit.xml'), '--sarif', join(tmp, 's.sarif')],
      { runScenario: fakeRunner({ failVariants: ['with-2sv'] }) },
    );
    expect(out.code).toBe(1);
    for (const name of ['results.json', 'journal.jsonl', 'report.md'])
      expect(existsSync(join(dir, name))).toBe(true);
    const results = JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as RunBatch;
    expect(results.format).toBe('sightline-results');
    expect(results.runs.map((r) => `${r.result.variant}:${r.result.valid}`)).toEqual([
      'base:true',
      'with-2sv:false',
    ]);
    const journal = readFileSync(join(dir, 'journal.jsonl'), 'utf8').trimEnd().split('\n');
    expect(JSON.parse(journal[0]!)).toHaveProperty('run.variant', 'base');
    checkWellFormedXml(readFileSync(join(tmp, 'j/junit.xml'), 'utf8'));
    const sarif = JSON.parse(readFileSync(join(tmp, 's.sarif'), 'utf8')) as {
      runs: Array<{ results: unknown[] }>;
    };
    expect(sarif.runs[0]!.results).toHaveLength(4);
  });

  it('sends JSON to standard output with `--json -` and the summary to standard error', async () => {
    const out = await runCli(['run', GOOD, '--json', '-'], { runScenario: fakeRunner() });
    expect(out.code).toBe(0);
    expect((JSON.parse(out.stdout) as RunBatch).runs).toHaveLength(2);
    expect(out.stderr).toContain('2 runs');
    const twice = await runCli(['run', GOOD, '--json', '-', '--junit', '-'], { runScenario: fakeRunner() });
    expect(twice.code).toBe(2);
  });

  it('shows progress and colours only on a terminal', async () => {
    const plain = await runCli(['run', GOOD], { runScenario: fakeRunner() });
    expect(plain.stderr).not.toContain('running 1/2');
    // In CI (no progress bar, see tests/cli/progress.test.ts) the status line goes to stderr.
    const tty = await runCli(['run', GOOD], { runScenario: fakeRunner(), tty: true, env: { CI: 'true' } });
    expect(tty.stderr).toContain('running 1/2 sim-swap-fixture#base');
    expect(tty.stdout).toContain('\u001b[32m✔\u001b[39m');
    // --no-progress: the terminal's progress bar moves the cursor with escapes (colour-free).
    const noColour = await runCli(['run', GOOD, '--no-progress'], {
      runScenario: fakeRunner(),
      tty: true,
      env: { NO_COLOR: '1' },
    });
    expect(noColour.stdout).not.toContain('\u001b[');
    const forced = await runCli(['run', GOOD, '--no-progress'], {
      runScenario: fakeRunner(),
      env: { FORCE_COLOR: '1' },
    });
    expect(forced.stdout).toContain('\u001b[');
  });
});

describe('sightline report, diff, list (fake engine)', () => {
  const dirA = join(tmp, 'a');
  const dirB = join(tmp, 'b');

  it('renders a saved run directory as Markdown or self-contained HTML', async () => {
    expect(
      (await runCli(['run', GOOD, '--out', dirA, '--variant', 'base'], { runScenario: fakeRunner() })).code,
    ).toBe(0);
    const md = await runCli(['report', dirA, '--format', 'md']);
    expect(md.code).toBe(0);
    expect(md.stdout).toContain('# Sightline run report');
    const target = join(tmp, 'report.html');
    const html = await runCli(['report', dirA, '--format', 'html', '-o', target]);
    expect(html.code).toBe(0);
    const text = readFileSync(target, 'utf8');
    expect(text).toContain('<svg xmlns="http://www.w3.org/2000/svg"');
    expect((await runCli(['report', dirA, '--format', 'pdf'])).code).toBe(2);
    expect((await runCli(['report', join(tmp, 'missing')])).code).toBe(2);
    const notRun = await runCli(['report', BAD_DIR]);
    expect(notRun.code).toBe(2);
    expect(notRun.stderr).toContain('is not a run directory');
  });

  it('diffs two variants of a file, and two run directories', async () => {
    const runScenario = fakeRunner();
    const variants = await runCli(['diff', `${GOOD}#base`, `${GOOD}#with-2sv`], { runScenario });
    expect(variants.code).toBe(0);
    expect(variants.stdout).toContain(`--- ${GOOD}#base (seed 7)`);
    expect(variants.stdout).toContain('no cell of the visibility matrix changed');

    expect((await runCli(['run', GOOD, '--out', dirB], { runScenario })).code).toBe(0);
    const dirs = await runCli(['diff', `${dirA}`, `${dirB}#with-2sv`, '--json']);
    expect(dirs.code).toBe(0);
    expect(JSON.parse(dirs.stdout)).toMatchObject({ changes: [], itemsOnlyInA: [], itemsOnlyInB: [] });
    const ambiguous = await runCli(['diff', dirA, dirB]);
    expect(ambiguous.code).toBe(2);
    expect(ambiguous.stderr).toContain('several runs match');
    expect((await runCli(['diff', `${GOOD}#nope`, `${GOOD}#base`], { runScenario })).code).toBe(2);
  });

  it('lists a library; invalid files make it exit 2', async () => {
    const good = await runCli(['list', 'tests/fixtures/scenarios/good']);
    expect(good.code).toBe(0);
    expect(good.stdout).toContain('sim-swap-fixture  SIM swap, then re-registration');
    expect(good.stdout).toContain('variants: base, with-2sv');
    const bad = await runCli(['list', BAD_DIR, '--json']);
    expect(bad.code).toBe(2);
    const rows = JSON.parse(bad.stdout) as Array<{ valid: boolean }>;
    expect(rows.length).toBeGreaterThanOrEqual(15);
    expect(rows.every((r) => !r.valid)).toBe(true);
  });
});

describe('bin/sightline.js (spawned)', () => {
  it('prints help and version with exit 0', () => {
    const help = spawnCli(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: sightline');
    expect(help.stdout).toContain('Exit codes: 0');
    const version = spawnCli(['--version']);
    expect(version.code).toBe(0);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('exits 2 on usage errors (commander’s own included), in the launcher and in-process', async () => {
    for (const args of [['bogus'], ['run', GOOD, '--seed', 'abc']]) {
      const out = spawnCli(args);
      expect(out.code, args.join(' ')).toBe(2);
      expect(out.stderr, args.join(' ')).toMatch(/error:/);
    }
    const cases = [
      ['run', '--frobnicate', GOOD],
      ['validate'],
      ['diff', GOOD],
      ['report', 'x', '--format', 'pdf'],
      ['run', GOOD, '--variant', 'Not_Kebab'],
      ['run', GOOD, '--json', ''],
    ];
    for (const args of cases) {
      const out = await runCli(args, { runScenario: fakeRunner() });
      expect(out.code, args.join(' ')).toBe(2);
      expect(out.stderr, args.join(' ')).toMatch(/error:/);
    }
  });

  it('validates: exit 0 for a good file, exit 2 listing every bad file', () => {
    expect(spawnCli(['validate', GOOD]).code).toBe(0);
    const bad = spawnCli(['validate', BAD_DIR]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain(
      `${BAD_DIR}/unknown-party-ref.yaml:9:38 steps[0].send.to: unknown party 'bbo' — did you mean 'bob'?`,
    );
    expect(bad.stderr).toMatch(/\d+ files, 0 valid, \d+ invalid/);
  });

  it('refuses to run an invalid scenario with exit 2', () => {
    const out = spawnCli(['run', `${BAD_DIR}/duplicate-id.yaml`]);
    expect(out.code).toBe(2);
    expect(out.stderr).toContain('1 invalid scenario file — not run');
  });

  it('runs a scenario on the real engine end to end; journal.jsonl hashes to each run’s journalHash', () => {
    const dir = join(tmp, 'engine');
    const out = spawnCli(['run', GOOD, '--out', dir]);
    expect(out.stderr).toBe('');
    expect(out.code).toBe(0);
    expect(out.stdout).toContain('2 runs · 7 expectations · 7 passed · 0 failed');
    const batch = JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as RunBatch;
    const groups: string[][] = [];
    for (const line of readFileSync(join(dir, 'journal.jsonl'), 'utf8').trimEnd().split('\n')) {
      if (line.startsWith('{"run":')) groups.push([]);
      else groups[groups.length - 1]!.push(line);
    }
    expect(groups).toHaveLength(2);
    groups.forEach((lines, i) => {
      const hash = createHash('sha256')
        .update(lines.map((l) => `${l}\n`).join(''))
        .digest('hex');
      expect(hash).toBe(batch.runs[i]!.result.journalHash);
    });
  });
});
