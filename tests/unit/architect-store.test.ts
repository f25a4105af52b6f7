// @vitest-environment happy-dom
// The Architect store over a fake lab: it opens the first preset, validates and evaluates after the typing pause,
// keeps an invalid text as typed with its problems (and does not evaluate it), treats a superseded evaluation as
// no error, saves to the library, and compares the designs put in the comparison.
import { flushPromises } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CALL_NAMES, type EventName, type LabApi } from '../../electron/contract.js';
import { setLab } from '../../renderer/src/api/index.js';
import { createLabClient } from '../../renderer/src/api/lab.js';
import { useArchitect } from '../../renderer/src/stores/architect.js';
import { AXES, EVALUATION } from './fixtures/architect-card.js';

const PRESET = 'sightline-design: 1\nid: consumer\ntitle: Consumer\n';
const entry = { id: 'consumer', title: 'Consumer', summary: '', source: 'preset', updatedAt: null };

function fakeLab(overrides: Record<string, (args: any) => unknown> = {}) {
  const calls: { name: string; args: any }[] = [];
  const answers: Record<string, (args: any) => unknown> = {
    getDesignCatalog: () => ({ axes: AXES, presets: [{ ...entry, text: PRESET }] }),
    listDesigns: () => [entry],
    getDesign: () => ({ entry, text: PRESET }),
    validateDesign: (a: { text: string }) =>
      a.text.includes('backup: sometimes')
        ? {
            valid: false,
            problems: [
              { message: 'expected one of plain, e2ee-password', path: 'backup', line: 4, column: 9 },
            ],
            design: null,
          }
        : { valid: true, problems: [], design: { id: 'consumer', title: 'Consumer', summary: '' } },
    evaluateDesign: () => EVALUATION,
    saveDesign: () => ({ ...entry, id: 'mine', source: 'user', updatedAt: 1 }),
    compareDesigns: () => ({ evaluations: [EVALUATION, EVALUATION], differences: [] }),
    ...overrides,
  };
  const api: Record<string, unknown> = {};
  for (const name of CALL_NAMES) {
    api[name] = async (args: unknown) => {
      calls.push({ name, args });
      try {
        const answer = answers[name];
        return answer
          ? { ok: true, value: answer(args) }
          : { ok: false, error: { code: 'unavailable', message: 'not faked' } };
      } catch (error) {
        return { ok: false, error: error as { code: string; message: string } };
      }
    };
  }
  api.on = (_event: EventName, _listener: (payload: unknown) => void) => () => {};
  setLab(createLabClient({ mode: 'web', api: api as LabApi, eventsReady: async () => {}, close: () => {} }));
  return calls;
}

const session = () =>
  (globalThis as { sessionStorage?: { clear(): void; getItem(k: string): string | null } }).sessionStorage!;

async function settle(): Promise<void> {
  await vi.advanceTimersByTimeAsync(1000);
  await flushPromises();
}

beforeEach(() => {
  vi.useFakeTimers();
  session().clear();
  setActivePinia(createPinia());
});
afterEach(() => vi.useRealTimers());

describe('Architect store', () => {
  it('opens the first preset, then validates and evaluates it after the pause', async () => {
    const calls = fakeLab();
    const store = useArchitect();
    await store.load();
    expect(store.text).toBe(PRESET);
    expect(store.origin).toBe('consumer');
    await settle();
    expect(calls.filter((c) => c.name === 'evaluateDesign').map((c) => c.args.text)).toEqual([PRESET]);
    expect(store.evaluation).toBe(EVALUATION);
    expect(store.valid).toBe(true);
    expect(store.stale).toBe(false);
  });

  it('keeps an invalid text exactly as typed, shows its problems and does not evaluate it', async () => {
    const calls = fakeLab();
    const store = useArchitect();
    await store.load();
    await settle();
    const typed = `${PRESET}backup: sometimes\n`;
    store.setText(typed);
    await settle();
    expect(store.text).toBe(typed);
    expect(store.valid).toBe(false);
    expect(store.problems[0]).toMatchObject({ path: 'backup', line: 4 });
    expect(calls.filter((c) => c.name === 'evaluateDesign')).toHaveLength(1);
    expect(store.stale).toBe(true);
    // The draft survives a reload of the page.
    expect(JSON.parse(session().getItem('sightline.architect.draft')!).text).toBe(typed);
  });

  it('a superseded evaluation is not an error', async () => {
    fakeLab({
      evaluateDesign: () => {
        throw { code: 'conflict', message: 'A newer evaluation of this design was requested.' };
      },
    });
    const store = useArchitect();
    await store.load();
    await settle();
    expect(store.evalError).toBeNull();
    expect(store.evaluating).toBe(false);
  });

  it('saves to the library and compares the designs added to the comparison', async () => {
    const calls = fakeLab();
    const store = useArchitect();
    await store.load();
    await settle();
    expect((await store.save()).id).toBe('mine');
    expect(store.origin).toBe('mine');
    await store.addToCompare('consumer');
    await store.addToCompare('current');
    await store.compare();
    const compare = calls.find((c) => c.name === 'compareDesigns')!;
    expect(compare.args.texts).toEqual([PRESET, PRESET]);
    expect(store.comparison?.evaluations).toHaveLength(2);
  });
});
