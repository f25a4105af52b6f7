import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { resultSchema, type CallName, type Result } from '../../electron/contract.js';
import { dispatchCall } from '../../electron/service/dispatch.js';
import { makeService, USER_SCENARIO, type Fixture } from '../integration/fixtures/service-fixture.js';

let fx: Fixture;
beforeEach(() => {
  fx = makeService();
});
afterEach(() => fx.close());

/** Call through the dispatcher, as both hosts do, and check the envelope against the contract. */
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

describe('library', () => {
  it('lists valid built-ins and the user’s own, sorted by title, and logs a broken built-in', async () => {
    await value('saveScenario', { text: USER_SCENARIO });
    const list = await value('listLibrary', {});
    expect(list.map((e: any) => [e.id, e.source])).toEqual([
      ['alpha', 'builtin'],
      ['beta', 'builtin'],
      ['my-drill', 'user'],
    ]);
    expect(list[0]).toMatchObject({
      title: 'Alpha basics',
      tags: ['basics'],
      defaultSeed: 7,
      updatedAt: null,
    });
    expect(fx.logged.map((l) => l.message)).toContain('built-in scenario broken.yaml does not validate');
  });

  it('opens a scenario’s text, and says not-found for an unknown id', async () => {
    expect((await value('getScenario', { id: 'beta' })).text).toContain('Beta linked devices');
    expect(await call('getScenario', { id: 'nope' })).toMatchObject({
      ok: false,
      error: { code: 'not-found' },
    });
  });

  it('validates text with located problems', async () => {
    expect(await value('validateScenario', { text: USER_SCENARIO })).toMatchObject({
      valid: true,
      problems: [],
      scenario: { id: 'my-drill', variants: [{ id: 'strict', title: 'Strict' }] },
    });
    expect(await value('validateScenario', { text: 'sightline: 2\n', fileName: 'x.yaml' })).toEqual({
      valid: false,
      problems: [{ message: 'sightline must be 1', path: 'sightline', line: 1, column: 1 }],
      scenario: null,
    });
  });

  it('saves, replaces and deletes the user’s scenarios, announcing each change', async () => {
    const saved = await value('saveScenario', { text: USER_SCENARIO });
    expect(saved).toMatchObject({ id: 'my-drill', source: 'user' });
    const again = await value('saveScenario', { text: USER_SCENARIO.replace('My drill', 'My drill v2') });
    expect(again.title).toBe('My drill v2');
    expect(await value('deleteScenario', { id: 'my-drill' })).toEqual({ deleted: true });
    expect(await call('deleteScenario', { id: 'my-drill' })).toMatchObject({ error: { code: 'not-found' } });
    expect(fx.events.filter((e) => e.event === 'libraryChanged').map((e) => e.payload)).toEqual([
      { reason: 'saved', id: 'my-drill' },
      { reason: 'saved', id: 'my-drill' },
      { reason: 'deleted', id: 'my-drill' },
    ]);
  });

  it('refuses to save over or delete a built-in, and refuses invalid text', async () => {
    const clash = USER_SCENARIO.replace('id: my-drill', 'id: alpha');
    expect(await call('saveScenario', { text: clash })).toMatchObject({
      ok: false,
      error: { code: 'conflict' },
    });
    expect(await call('deleteScenario', { id: 'alpha' })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    const bad = await call('saveScenario', { text: 'sightline: 1\nid: x\n' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid-scenario' } });
    expect(!bad.ok && bad.error.message).toMatch(/line 3:1: title is required/);
  });
});

describe('settings', () => {
  it('starts at the defaults and applies patches', async () => {
    expect(await value('getSettings', {})).toEqual({
      theme: 'system',
      presenterMode: false,
      reportFormat: 'html',
      historyLimit: 500,
      defaultSeed: 1,
    });
    const next = await value('updateSettings', { patch: { theme: 'dark', presenterMode: true } });
    expect(next).toMatchObject({ theme: 'dark', presenterMode: true, reportFormat: 'html' });
    expect(await value('getSettings', {})).toEqual(next);
  });

  it('refuses unknown or out-of-range settings', async () => {
    expect(await call('updateSettings', { patch: { colour: 'red' } })).toMatchObject({
      error: { code: 'invalid-args' },
    });
    expect(await call('updateSettings', { patch: { historyLimit: 1 } })).toMatchObject({
      error: { code: 'invalid-args' },
    });
  });
});

describe('dispatch', () => {
  it('refuses unknown calls, missing, extra and mistyped arguments', async () => {
    expect(await dispatchCall(fx.service, 'dropTables', {})).toMatchObject({
      error: { code: 'unknown-call' },
    });
    expect(await dispatchCall(fx.service, 'toString', {})).toMatchObject({ error: { code: 'unknown-call' } });
    expect(await call('getScenario', undefined)).toMatchObject({ error: { code: 'invalid-args' } });
    expect(await call('getScenario', { id: 'alpha', extra: 1 })).toMatchObject({
      error: { code: 'invalid-args' },
    });
    expect(await call('getRun', { runId: 'not-a-uuid' })).toMatchObject({ error: { code: 'invalid-args' } });
    const big = await call('validateScenario', { text: 'x'.repeat(1_000_001) });
    expect(big).toMatchObject({ error: { code: 'invalid-args' } });
  });

  it('hides unexpected failures behind a generic message and logs them', async () => {
    const logs: string[] = [];
    const handlers = {
      ...fx.service,
      getSettings: async () => Promise.reject(new Error('secret path /home/x')),
    };
    const result = await dispatchCall(handlers as any, 'getSettings', {}, (m) => logs.push(m));
    expect(result).toEqual({
      ok: false,
      error: { code: 'internal', message: expect.stringMatching(/failed unexpectedly/) },
    });
    expect(JSON.stringify(result)).not.toContain('secret');
    expect(logs).toEqual(['call getSettings failed']);
  });

  it('refuses to return a value outside the contract', async () => {
    const handlers = { getSettings: async () => ({ theme: 'neon' }) };
    const result = await dispatchCall(handlers as any, 'getSettings', {});
    expect(result).toMatchObject({ ok: false, error: { code: 'internal' } });
  });
});
