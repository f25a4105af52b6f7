import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunRecord } from '../../electron/contract.js';
import { openLabStore, type LabStore } from '../../electron/storage/lab-store.js';

function run(id: string, overrides: Partial<RunRecord> = {}): RunRecord {
  const journal = overrides.journal ?? [
    { seq: 0, kind: 'send' },
    { seq: 1, kind: 'deliver', nested: { a: [1, 2] } },
  ];
  return {
    id,
    scenarioId: 'alpha',
    scenarioTitle: 'Alpha',
    scenarioSource: 'builtin',
    scenarioText: 'sightline: 1',
    variant: 'base',
    seed: 7,
    valid: false,
    journalHash: 'ab'.repeat(32),
    createdAt: 1000,
    durationMs: 12,
    expectationsPassed: 1,
    expectationsFailed: 1,
    journalLength: journal.length,
    expectations: [
      { id: 'e1', kind: 'k', text: 't1', ok: true, detail: '', line: 1, column: 2 },
      { id: 'e2', kind: 'k', text: 't2', ok: false, detail: 'why', line: null, column: null },
    ],
    summary: { parties: 2 },
    matrix: [[1, 0]],
    journal,
    ledger: { observations: [] },
    ...overrides,
  };
}

const ID = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

let store: LabStore;
beforeEach(() => {
  store = openLabStore(':memory:');
});
afterEach(() => store.close());

describe('RunStore', () => {
  it('round-trips a whole run, journal in order', () => {
    const saved = store.runs.save(run(ID(1)));
    expect(saved).toMatchObject({
      id: ID(1),
      valid: false,
      expectationsPassed: 1,
      expectationsFailed: 1,
      journalLength: 2,
    });
    expect(store.runs.get(ID(1))).toEqual(run(ID(1)));
  });

  it('lists newest first, by scenario, with paging', () => {
    store.runs.save(run(ID(1), { createdAt: 1 }));
    store.runs.save(run(ID(2), { createdAt: 3, scenarioId: 'beta' }));
    store.runs.save(run(ID(3), { createdAt: 2 }));
    expect(store.runs.list({ limit: 10, offset: 0 }).map((r) => r.id)).toEqual([ID(2), ID(3), ID(1)]);
    expect(store.runs.list({ scenarioId: 'alpha', limit: 10, offset: 0 }).map((r) => r.id)).toEqual([
      ID(3),
      ID(1),
    ]);
    expect(store.runs.list({ limit: 1, offset: 1 }).map((r) => r.id)).toEqual([ID(3)]);
  });

  it('deletes a run together with its journal', () => {
    store.runs.save(run(ID(1)));
    expect(store.runs.delete(ID(1))).toBe(true);
    expect(store.runs.delete(ID(1))).toBe(false);
    expect(store.runs.get(ID(1))).toBeNull();
    expect(store.db.prepare('SELECT COUNT(*) AS n FROM run_events').get()).toEqual({ n: 0 });
  });

  it('writes nothing when any part of a run fails (one transaction)', () => {
    store.runs.save(run(ID(1)));
    // Same id again: the runs row conflicts after nothing else was written…
    expect(() => store.runs.save(run(ID(1)))).toThrow();
    // …and a journal event that cannot be stored fails the run row written before it.
    const bad = run(ID(2), { journal: [{ ok: 1 }, 10n as unknown], journalLength: 2 });
    expect(() => store.runs.save(bad)).toThrow();
    expect(store.runs.get(ID(2))).toBeNull();
    expect(store.db.prepare('SELECT COUNT(*) AS n FROM run_events WHERE run_id = ?').get(ID(2))).toEqual({
      n: 0,
    });
    expect(store.runs.count()).toBe(1);
  });

  it('refuses a record whose journalLength disagrees with its journal', () => {
    expect(() => store.runs.save(run(ID(1), { journalLength: 5 }))).toThrow(/journalLength/);
    expect(store.runs.count()).toBe(0);
  });

  it('prunes the oldest runs beyond a limit', () => {
    for (let i = 1; i <= 5; i++) store.runs.save(run(ID(i), { createdAt: i }));
    expect(store.runs.prune(2)).toBe(3);
    expect(store.runs.list({ limit: 10, offset: 0 }).map((r) => r.id)).toEqual([ID(5), ID(4)]);
    expect(store.db.prepare('SELECT COUNT(DISTINCT run_id) AS n FROM run_events').get()).toEqual({ n: 2 });
  });

  it('reports a damaged run instead of returning half of it', () => {
    store.runs.save(run(ID(1)));
    store.db.prepare('DELETE FROM run_events WHERE run_id = ? AND seq = 1').run(ID(1));
    expect(() => store.runs.get(ID(1))).toThrow(/damaged/);
  });
});

describe('ScenarioStore and SettingsStore', () => {
  it('upserts a scenario, keeping its creation time', () => {
    const first = store.scenarios.save({ id: 'mine', title: 'Mine', text: 'v1' }, 100);
    const second = store.scenarios.save({ id: 'mine', title: 'Mine 2', text: 'v2' }, 200);
    expect(first).toMatchObject({ createdAt: 100, updatedAt: 100 });
    expect(second).toEqual({ id: 'mine', title: 'Mine 2', text: 'v2', createdAt: 100, updatedAt: 200 });
    expect(store.scenarios.list()).toHaveLength(1);
    expect(store.scenarios.delete('mine')).toBe(true);
    expect(store.scenarios.get('mine')).toBeNull();
  });

  it('stores settings as JSON and skips damaged rows', () => {
    store.settings.setMany({ theme: 'dark', historyLimit: 20, skipped: undefined });
    store.db.prepare('INSERT INTO settings (key, value) VALUES (?, ?)').run('broken', '{not json');
    expect(store.settings.getAll()).toEqual({ theme: 'dark', historyLimit: 20 });
  });
});
