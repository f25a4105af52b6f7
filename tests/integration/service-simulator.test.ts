// The lab service on the real engine: the loader validates, the runner runs in a worker (node:crypto provider),
// simulator/report renders exports and the ledger diff compares runs. Uses a copy of a small SIM-swap scenario.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LabEvent } from '../../electron/contract.js';
import { dispatchCall } from '../../electron/service/dispatch.js';
import { LabService } from '../../electron/service/lab-service.js';
import { createSimulatorEngine } from '../../electron/service/simulator-engine.js';
import { openLabStore } from '../../electron/storage/lab-store.js';

const SCENARIOS = new URL('./fixtures/scenarios/', import.meta.url);
const WORKER = new URL('../../electron/service/simulator-worker.ts', import.meta.url);
const TEXT = readFileSync(new URL('sim-swap-lab.yaml', SCENARIOS), 'utf8');

let service: LabService;
const events: LabEvent[] = [];
beforeAll(() => {
  service = new LabService({
    engine: createSimulatorEngine({ builtInDir: SCENARIOS.pathname, toolVersion: 'sightline-test' }),
    store: openLabStore(':memory:'),
    worker: { entry: WORKER },
    ownsStore: true,
    log: (m, e) => console.error(m, e),
  });
  service.subscribe((e) => events.push(e));
});
afterAll(() => service.close());

async function value(name: string, args: unknown): Promise<any> {
  const result = await dispatchCall(service, name, args);
  if (!result.ok) throw new Error(`${name}: ${result.error.code} ${result.error.message}`);
  return result.value;
}
async function run(variant: string): Promise<any> {
  const { runId } = await value('startRun', { scenario: { kind: 'library', id: 'sim-swap-lab' }, variant });
  expect(await service.whenFinished(runId)).toBe('completed');
  return value('getRun', { runId });
}

describe('lab service on the real simulator', () => {
  it('lists the built-in library from the scenarios directory', async () => {
    const library = await value('listLibrary', {});
    expect(library).toEqual([
      expect.objectContaining({
        id: 'sim-swap-lab',
        source: 'builtin',
        defaultSeed: 1,
        variants: [{ id: 'with-2sv', title: 'Bob has two-step verification' }],
      }),
    ]);
  });

  it('reports located problems from the loader', async () => {
    const broken = TEXT.replace('kind: chat-server', 'kind: chat-servr');
    const outcome = await value('validateScenario', { text: broken, fileName: 'mine.yaml' });
    expect(outcome.valid).toBe(false);
    expect(outcome.problems[0]).toMatchObject({ line: 9, path: expect.stringContaining('parties[3]') });
  });

  it('runs both variants in a worker, stores them, compares, and exports through simulator/report', async () => {
    const base = await run('base');
    expect(base).toMatchObject({ scenarioId: 'sim-swap-lab', variant: 'base', seed: 1, valid: true });
    expect(base.journalHash).toMatch(/^[0-9a-f]{64}$/);
    expect(base.journal.length).toBe(base.journalLength);
    expect(base.expectations.find((e: any) => e.id === 'takeover-result')).toMatchObject({
      ok: true,
      line: expect.any(Number),
    });
    expect(events.some((e) => e.event === 'runProgress' && e.payload.phase === 'steps')).toBe(true);

    const hardened = await run('with-2sv');
    expect(hardened.valid).toBe(true);
    const again = await run('base');
    expect(again.journalHash).toBe(base.journalHash); // deterministic: same file, variant and seed

    const comparison = await value('compareRuns', { a: base.id, b: hardened.id });
    expect(comparison.sameJournal).toBe(false);
    expect(comparison.ledgerDiff.changes.length).toBeGreaterThan(0);
    expect(comparison.ledgerDiff.changes).toContainEqual(
      expect.objectContaining({ party: 'mallory', change: 'lost' }),
    );

    const md = await value('exportReport', { runId: base.id, format: 'markdown' });
    expect(md.content).toContain('sim-swap-lab');
    const junit = await value('exportReport', { runId: base.id, format: 'junit' });
    expect(junit.content).toMatch(/<testsuites[^>]*>/);
    const html = await value('exportReport', { runId: base.id, format: 'html' });
    expect(html.content).toContain('<svg');
    const json = JSON.parse((await value('exportReport', { runId: base.id, format: 'json' })).content);
    expect(json).toMatchObject({ format: 'sightline-results', tool: 'sightline-test' });
    expect(json.runs[0].result.journalHash).toBe(base.journalHash);
  }, 120_000);
});
