/**
 * Issue 15's bar, through the command line as a user runs it: a scenario written from the issue's
 * description (SIM swap + a plain backup) — with two-step verification on the attacker never holds
 * history, with it off she does — and both variants pass `sightline run`.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const FIXTURE = 'tests/fidelity/fixtures/issue-15-sim-swap-plain-backup.yaml';
const out = mkdtempSync(join(tmpdir(), 'sightline-issue-bar-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

interface Cell {
  party: string;
  item: string;
  level: string;
}
interface Run {
  result: { variant: string; valid: boolean; matrix: { cells: Cell[] } };
}

describe('issue 15 bar: SIM swap + plain backup through `sightline run`', () => {
  const json = join(out, 'results.json');
  const cli = spawnSync(
    process.execPath,
    ['bin/sightline.js', 'run', FIXTURE, '--json', json, '--no-progress'],
    {
      encoding: 'utf8',
    },
  );
  const runs = (): Run[] => (JSON.parse(readFileSync(json, 'utf8')) as { runs: Run[] }).runs;
  const level = (run: Run, item: string) =>
    run.result.matrix.cells.find((c) => c.party === 'mallory' && c.item === item)?.level ?? 'none';

  it('both variants pass and the command exits 0', () => {
    expect(cli.status, cli.stdout + cli.stderr).toBe(0);
    expect(cli.stdout).toMatch(/2 runs · 10 expectations · 10 passed · 0 failed/);
    expect(runs().map((r) => [r.result.variant, r.result.valid])).toEqual([
      ['base', true],
      ['no-two-step', true],
    ]);
  });

  it('[B3] with two-step verification on the attacker never holds history; with it off she holds all of it', () => {
    const [on, off] = runs();
    for (const item of ['h1', 'h2', 'h3']) {
      expect(level(on!, item)).not.toBe('content');
      expect(level(off!, item)).toBe('content');
    }
    // In neither variant does the cloud provider read the backup.
    for (const run of [on!, off!])
      expect(run.result.matrix.cells.filter((c) => c.party === 'gdrive' && c.level === 'content')).toEqual(
        [],
      );
  });
});
