import { afterEach, describe, expect, it } from 'vitest';
import type { CallName, LabEvent, Result } from '../../electron/contract.js';
import { resultSchema } from '../../electron/contract.js';
import { dispatchCall } from '../../electron/service/dispatch.js';
import { journalHashOf, fakeJournal } from '../integration/fixtures/fake-engine.js';
import { makeService, USER_SCENARIO, type Fixture } from '../integration/fixtures/service-fixture.js';

let fx: Fixture;
afterEach(() => fx.close());

async function call(name: CallName, args: unknown): Promise<Result<any>> {
  const result = await dispatchCall(fx.service, name, args);
  resultSchema(name).parse(result);
  return result;
}
async function value(name: CallName, args: unknown): Promise<any> {
  const result = await call(name, args);
  if (!result.ok) throw new Error(`${name} failed: ${result.error.code} ${result.error.message}`);
  return result.value;
}
function waitFor(predicate: (e: LabEvent) => boolean): Promise<LabEvent> {
  const found = fx.events.find(predicate);
  if (found) return Promise.resolve(found);
  return new Promise((resolve) => {
    const off = fx.service.subscribe((e) => {
      if (predicate(e)) {
        off();
        resolve(e);
      }
    });
  });
}
function finished(runId: string) {
  return waitFor((e) => e.event === 'runFinished' && e.payload.runId === runId);
}
const HANG = 'sightline: 1\nid: hang\ntitle: Hangs\nfake:\n  hang: true\n';

describe('runs', () => {
  it('runs a library scenario in a worker, reports progress, stores the whole run', async () => {
    fx = makeService({ tsWorker: true }); // the TypeScript entry, through worker-boot.mjs
    const { runId } = await value('startRun', { scenario: { kind: 'library', id: 'alpha' } });
    const end = await finished(runId);
    expect(end.payload).toEqual({ runId, status: 'completed', valid: false, message: '' });
    const progress = fx.events.filter((e) => e.event === 'runProgress').map((e) => e.payload);
    expect(progress).toContainEqual({ runId, phase: 'running', done: 40, total: 40 });

    const run = await value('getRun', { runId });
    // Seed 7 comes from the scenario, as no seed was given.
    expect(run).toMatchObject({ scenarioId: 'alpha', scenarioSource: 'builtin', variant: 'base', seed: 7 });
    expect(run.journal).toEqual(fakeJournal(7, 40));
    expect(run.journalHash).toBe(journalHashOf(fakeJournal(7, 40)));
    expect(run.expectations.map((e: any) => e.ok)).toEqual([true, false]);
    expect(run.scenarioText).toContain('Alpha basics');
    expect(await value('listRuns', {})).toEqual([
      expect.objectContaining({ id: runId, expectationsFailed: 1 }),
    ]);
  });

  it('runs a variant and unsaved text with an explicit seed, and compares runs', async () => {
    fx = makeService();
    const a = (await value('startRun', { scenario: { kind: 'library', id: 'alpha' }, seed: 3 })).runId;
    await finished(a);
    const b = (
      await value('startRun', { scenario: { kind: 'library', id: 'alpha' }, variant: 'hardened', seed: 3 })
    ).runId;
    expect((await finished(b)).payload).toMatchObject({ status: 'completed', valid: true });
    const comparison = await value('compareRuns', { a, b });
    expect(comparison).toMatchObject({
      sameScenario: true,
      sameJournal: true,
      ledgerDiff: { changedCells: 1 },
    });
    expect(comparison.expectations).toEqual([
      { id: 'e1', text: 'server never sees content', a: true, b: true, changed: false },
      { id: 'e2', text: 'attacker sees <m1> & "m2"', a: false, b: true, changed: true },
    ]);

    const c = (
      await value('startRun', { scenario: { kind: 'text', text: USER_SCENARIO }, variant: 'strict', seed: 9 })
    ).runId;
    await finished(c);
    expect(await value('getRun', { runId: c })).toMatchObject({
      scenarioId: 'my-drill',
      scenarioSource: 'text',
      seed: 9,
    });
    expect((await value('listRuns', { scenarioId: 'alpha' })).map((r: any) => r.id)).toEqual([b, a]);
  });

  it('refuses an unknown variant or scenario before starting anything', async () => {
    fx = makeService();
    const r = await call('startRun', { scenario: { kind: 'library', id: 'alpha' }, variant: 'nope' });
    expect(r).toMatchObject({ ok: false, error: { code: 'not-found' } });
    expect(!r.ok && r.error.message).toContain('base, hardened');
    expect(await call('startRun', { scenario: { kind: 'library', id: 'zzz' } })).toMatchObject({
      error: { code: 'not-found' },
    });
    expect(await call('startRun', { scenario: { kind: 'text', text: 'id: 1' } })).toMatchObject({
      error: { code: 'invalid-scenario' },
    });
    expect(await value('listActiveRuns', {})).toEqual([]);
  });

  it('cancels a running run by terminating its worker, and queues runs beyond the limit', async () => {
    fx = makeService({ maxConcurrentRuns: 1 });
    const hung = (await value('startRun', { scenario: { kind: 'text', text: HANG } })).runId;
    const queued = (await value('startRun', { scenario: { kind: 'library', id: 'beta' } })).runId;
    await waitFor(
      (e) => e.event === 'runProgress' && e.payload.runId === hung && e.payload.phase === 'hanging',
    );
    const active = await value('listActiveRuns', {});
    expect(active.map((r: any) => [r.runId, r.state, r.phase])).toEqual([
      [hung, 'running', 'hanging'],
      [queued, 'queued', 'queued'],
    ]);
    expect(await value('cancelRun', { runId: hung })).toEqual({ cancelled: true });
    expect((await finished(hung)).payload).toEqual({
      runId: hung,
      status: 'cancelled',
      valid: null,
      message: 'Cancelled.',
    });
    expect((await finished(queued)).payload).toMatchObject({ status: 'completed' });
    expect(await value('cancelRun', { runId: hung })).toEqual({ cancelled: false });
    expect(await call('getRun', { runId: hung })).toMatchObject({ error: { code: 'not-found' } });
  });

  it('cancels a queued run without ever starting it', async () => {
    fx = makeService({ maxConcurrentRuns: 1 });
    const hung = (await value('startRun', { scenario: { kind: 'text', text: HANG } })).runId;
    const queued = (await value('startRun', { scenario: { kind: 'library', id: 'beta' } })).runId;
    expect(await value('cancelRun', { runId: queued })).toEqual({ cancelled: true });
    expect(((await finished(queued)).payload as any).status).toBe('cancelled');
    expect(fx.events.some((e) => e.event === 'runProgress' && e.payload.runId === queued)).toBe(false);
    await value('cancelRun', { runId: hung });
  });

  it('reports an engine failure and a run over its time limit as failed', async () => {
    fx = makeService({ runTimeoutMs: 1500 });
    const boom = (
      await value('startRun', { scenario: { kind: 'text', text: HANG.replace('hang: true', 'throw: boom') } })
    ).runId;
    expect((await finished(boom)).payload).toEqual({
      runId: boom,
      status: 'failed',
      valid: null,
      message: 'boom',
    });
    const slow = (await value('startRun', { scenario: { kind: 'text', text: HANG } })).runId;
    const end = await finished(slow);
    expect(end.payload).toMatchObject({ status: 'failed', message: expect.stringMatching(/longer than/) });
  });

  it('deletes runs and prunes history to the limit, oldest first', async () => {
    fx = makeService({ maxConcurrentRuns: 3 });
    const started = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        value('startRun', { scenario: { kind: 'library', id: 'beta' }, seed: i + 1 }),
      ),
    );
    await Promise.all(started.map(({ runId }) => finished(runId)));
    const newestFirst = (await value('listRuns', { limit: 100 })).map((r: any) => r.id);
    expect(newestFirst).toHaveLength(12);
    const oldest = newestFirst[11];
    expect(await value('deleteRun', { runId: oldest })).toEqual({ deleted: true });
    expect(await call('deleteRun', { runId: oldest })).toMatchObject({ error: { code: 'not-found' } });
    await value('updateSettings', { patch: { historyLimit: 10 } });
    const left = (await value('listRuns', { limit: 100 })).map((r: any) => r.id);
    expect(left).toEqual(newestFirst.slice(0, 10));
  }, 120_000);
});

describe('report export', () => {
  it('exports every format through the fallback renderers, escaping run text', async () => {
    fx = makeService();
    const { runId } = await value('startRun', { scenario: { kind: 'library', id: 'alpha' } });
    await finished(runId);
    const md = await value('exportReport', { runId, format: 'markdown' });
    expect(md.fileName).toMatch(/^alpha-base-seed7-[0-9a-f]{8}\.md$/);
    expect(md.content).toContain('| FAIL | attacker sees <m1> & "m2" | attacker saw nothing \\| no keys |');
    const html = await value('exportReport', { runId, format: 'html' });
    expect(html.mediaType).toBe('text/html; charset=utf-8');
    expect(html.content).toContain('attacker sees &lt;m1&gt; &amp; &quot;m2&quot;');
    expect(html.content).not.toContain('<m1>');
    const json = JSON.parse((await value('exportReport', { runId, format: 'json' })).content);
    expect(json).toMatchObject({ id: runId, valid: false, journalLength: 40 });
    expect(json.scenarioText).toBeUndefined();
    const junit = (await value('exportReport', { runId, format: 'junit' })).content;
    expect(junit).toContain('<testsuite name="alpha [base] seed=7" tests="2" failures="1"');
    expect(junit.match(/<failure /g)).toHaveLength(1);
    expect(await call('exportReport', { runId, format: 'pdf' })).toMatchObject({
      error: { code: 'invalid-args' },
    });
  });
});
