/**
 * Issue 16 §6: the progress bar shows only when stdout is a terminal, never in CI, never with a
 * report on stdout or --quiet — and what stdout gets without a terminal is byte for byte what it
 * got before the bar existed (tests/fixtures/cli/run-stdout*.txt were captured from the CLI before
 * the bar was added).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isCi, progressMode, type ProgressInputs } from '../../simulator/cli/progress.js';
import type { RunBatch } from '../../simulator/scenario/result.js';
import { REPO_ROOT, runCli } from '../fixtures/scenarios/cli-harness.js';
import { fakeRunner } from '../fixtures/scenarios/fake-runner.js';

const GOOD = 'tests/fixtures/scenarios/good/sim-swap.yaml';
const before = (name: string) => readFileSync(`${REPO_ROOT}tests/fixtures/cli/${name}`, 'utf8');
const engine = () => fakeRunner({ failVariants: ['with-2sv'] });
const BAR_CHARS = /[\u2588\u2591]/;

describe('progressMode', () => {
  const terminal: ProgressInputs = {
    stdoutTTY: true,
    stderrTTY: true,
    ci: false,
    dumbTerminal: false,
    reportToStdout: false,
    quiet: false,
    enabled: true,
    runs: 5,
  };
  it('draws a bar for a person at a terminal', () => {
    expect(progressMode(terminal)).toBe('bar');
    expect(progressMode({ ...terminal, stderrTTY: false })).toBe('bar');
  });
  it('never draws one in CI, with a report on stdout, piped, quiet, disabled or for one run', () => {
    expect(progressMode({ ...terminal, ci: true })).toBe('lines');
    expect(progressMode({ ...terminal, reportToStdout: true })).toBe('lines');
    expect(progressMode({ ...terminal, stdoutTTY: false })).toBe('lines');
    expect(progressMode({ ...terminal, stdoutTTY: false, stderrTTY: false })).toBe('none');
    expect(progressMode({ ...terminal, ci: true, stderrTTY: false })).toBe('none');
    expect(progressMode({ ...terminal, dumbTerminal: true })).toBe('lines');
    expect(progressMode({ ...terminal, quiet: true })).toBe('none');
    expect(progressMode({ ...terminal, enabled: false })).toBe('none');
    expect(progressMode({ ...terminal, runs: 1 })).toBe('none');
  });
  it('reads CI the usual way', () => {
    expect(isCi({ CI: 'true' })).toBe(true);
    expect(isCi({ CI: '1' })).toBe(true);
    expect(isCi({})).toBe(false);
    expect(isCi({ CI: '' })).toBe(false);
    expect(isCi({ CI: 'false' })).toBe(false);
    expect(isCi({ CI: '0' })).toBe(false);
  });
});

describe('sightline run progress', () => {
  it('without a terminal, stdout is byte-identical to before the bar', async () => {
    const plain = await runCli(['run', GOOD], { runScenario: engine() });
    expect(plain.code).toBe(1);
    expect(plain.stdout).toBe(before('run-stdout.txt'));
    expect(plain.stdout).not.toMatch(BAR_CHARS);
    expect(plain.stderr).toBe('');
  });

  it('in CI on a terminal: no bar, stdout as before, the status line on stderr', async () => {
    const ci = await runCli(['run', GOOD], { runScenario: engine(), tty: true, env: { CI: 'true' } });
    expect(ci.stdout).toBe(before('run-stdout-tty.txt'));
    expect(ci.stdout).not.toMatch(BAR_CHARS);
    expect(ci.stderr).toContain('running 2/2 sim-swap-fixture#with-2sv');
  });

  it('at a terminal: a bar on stdout, cleared before the summary, no status line', async () => {
    const tty = await runCli(['run', GOOD], { runScenario: engine(), tty: true });
    expect(tty.code).toBe(1);
    expect(tty.stdout).toMatch(BAR_CHARS);
    expect(tty.stdout).toContain('2/2 runs · sim-swap-fixture#with-2sv@7');
    // The summary follows the bar unchanged.
    expect(tty.stdout.endsWith(before('run-stdout-tty.txt'))).toBe(true);
    expect(tty.stderr).not.toContain('running');
  });

  it('no bar with --json - (stdout is JSON), --quiet or --no-progress', async () => {
    const json = await runCli(['run', GOOD, '--json', '-'], { runScenario: engine(), tty: true });
    expect((JSON.parse(json.stdout) as RunBatch).runs).toHaveLength(2);
    const dumb = await runCli(['run', GOOD], { runScenario: engine(), tty: true, env: { TERM: 'dumb' } });
    expect(dumb.stdout).not.toMatch(BAR_CHARS);
    for (const flag of ['-q', '--no-progress']) {
      const out = await runCli(['run', GOOD, flag], { runScenario: engine(), tty: true });
      expect(out.stdout, flag).not.toMatch(BAR_CHARS);
    }
  });
});
