// @vitest-environment happy-dom
// Component tests of the renderer's views over a fake lab: the library's cards, filters and run button; presenter
// spoilers; the run overview, the matrix table and the party view drawn from a real seeded run.
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import FIRST_TEXT from '../e2e/fixtures/scenarios/first-message.yaml?raw';
import SIM_SWAP_TEXT from '../e2e/fixtures/scenarios/sim-swap.yaml?raw';
import {
  CALL_NAMES,
  type EventName,
  type LabApi,
  type LibraryEntry,
  type RunRecord,
} from '../../electron/contract.js';
import { loadScenario } from '../../simulator/scenario/loader.js';
import { runScenario } from '../../simulator/scenario/runner.js';
import { storedRecord } from '../fixtures/runs/record.js';
import { setLab } from '../../renderer/src/api/index.js';
import { createLabClient } from '../../renderer/src/api/lab.js';
import SpoilerBox from '../../renderer/src/components/SpoilerBox.vue';
import { buildRunModel } from '../../renderer/src/model/run-model.js';
import { usePresenter } from '../../renderer/src/stores/presenter.js';
import LibraryView from '../../renderer/src/views/LibraryView.vue';
import RunOverview from '../../renderer/src/views/RunOverview.vue';
import MatrixView from '../../renderer/src/views/MatrixView.vue';
import PartyView from '../../renderer/src/views/PartyView.vue';

const TEXTS: Record<string, string> = {
  'sim-swap': SIM_SWAP_TEXT,
  'first-message': FIRST_TEXT,
};
const ENTRIES: LibraryEntry[] = [
  {
    id: 'first-message',
    title: 'First message, both online',
    summary: 'Alice sends Bob a first message.',
    tags: ['basics'],
    variants: [],
    defaultSeed: null,
    source: 'builtin',
    updatedAt: null,
  },
  {
    id: 'sim-swap',
    title: 'SIM swap without two-step verification',
    summary: 'An attacker takes over Bob’s number.',
    tags: ['account-takeover'],
    variants: [{ id: 'with-2sv', title: 'Bob has two-step verification' }],
    defaultSeed: null,
    source: 'builtin',
    updatedAt: null,
  },
];

/** A lab over canned answers; records every call and lets the test emit events. */
function fakeLab() {
  const calls: { name: string; args: unknown }[] = [];
  const listeners = new Map<EventName, ((payload: unknown) => void)[]>();
  const answers: Record<string, (args: never) => unknown> = {
    listLibrary: () => ENTRIES,
    getScenario: (args: { id: string }) => ({
      entry: ENTRIES.find((e) => e.id === args.id),
      text: TEXTS[args.id],
    }),
    listRuns: () => [],
    getSettings: () => ({
      theme: 'light',
      presenterMode: false,
      reportFormat: 'html',
      historyLimit: 500,
      defaultSeed: 1,
    }),
    startRun: () => ({ runId: '00000000-0000-4000-8000-00000000000a' }),
  };
  const api: Record<string, unknown> = {};
  for (const name of CALL_NAMES) {
    api[name] = async (args: unknown) => {
      calls.push({ name, args });
      const answer = answers[name];
      return answer
        ? { ok: true, value: answer(args as never) }
        : { ok: false, error: { code: 'unavailable', message: 'not faked' } };
    };
  }
  api.on = (event: EventName, listener: (payload: unknown) => void) => {
    listeners.set(event, [...(listeners.get(event) ?? []), listener]);
    return () => {};
  };
  const client = createLabClient({
    mode: 'web',
    api: api as LabApi,
    eventsReady: async () => {},
    close: () => {},
  });
  const emit = (event: EventName, payload: unknown) =>
    (listeners.get(event) ?? []).forEach((l) => l(payload));
  return { client, calls, emit };
}

function seededRecord(): RunRecord {
  const text = TEXTS['sim-swap']!;
  const result = runScenario(loadScenario(text, 'sim-swap.yaml'), { variant: 'base', seed: 1 });
  return storedRecord(result, {
    id: '00000000-0000-4000-8000-000000000001',
    scenarioTitle: 'SIM swap',
    scenarioSource: 'builtin',
    scenarioText: text,
    durationMs: 1,
  });
}
const model = buildRunModel(seededRecord());

beforeEach(() => {
  setActivePinia(createPinia());
});

describe('LibraryView', () => {
  it('lists the service’s scenarios, filters by party kind and search, and starts a chosen variant', async () => {
    const lab = fakeLab();
    setLab(lab.client);
    const wrapper = mount(LibraryView, { global: { plugins: [createPinia()] } });
    // The view's store loads itself only from App; load it here.
    const { useLibrary } = await import('../../renderer/src/stores/library.js');
    await useLibrary().load();
    await flushPromises();

    const titles = () => wrapper.findAll('article h2').map((h) => h.text());
    expect(titles()).toEqual(['First message, both online', 'SIM swap without two-step verification']);
    expect(wrapper.text()).toContain('User ×2');

    const attacker = wrapper.findAll('aside button').find((b) => b.text().startsWith('Attacker'))!;
    await attacker.trigger('click');
    expect(attacker.attributes('aria-pressed')).toBe('true');
    expect(titles()).toEqual(['SIM swap without two-step verification']);
    await attacker.trigger('click');

    await wrapper.find('#library-search').setValue('basics');
    expect(titles()).toEqual(['First message, both online']);
    await wrapper.find('#library-search').setValue('');

    const card = wrapper.findAll('article')[1]!;
    await card.find('select').setValue('with-2sv');
    await card.find('button.btn-primary').trigger('click');
    await flushPromises();
    const start = lab.calls.find((c) => c.name === 'startRun');
    expect(start?.args).toEqual({ scenario: { kind: 'library', id: 'sim-swap' }, variant: 'with-2sv' });
    lab.emit('runFinished', {
      runId: '00000000-0000-4000-8000-00000000000a',
      status: 'completed',
      valid: true,
      message: 'ok',
    });
    await flushPromises();
    expect(location.hash).toBe(
      '#/scenario/sim-swap?variant=with-2sv&run=00000000-0000-4000-8000-00000000000a',
    );
    wrapper.unmount();
  });
});

describe('SpoilerBox', () => {
  it('covers its content while presenting until revealed, one key at a time or all at once', async () => {
    const pinia = createPinia();
    setActivePinia(pinia);
    const presenter = usePresenter();
    const wrapper = mount(SpoilerBox, {
      props: { spoilerKey: 'answers', label: 'Who reads what' },
      slots: { default: '<p class="answer">mallory reads m3</p>' },
      global: { plugins: [pinia] },
    });
    expect(wrapper.find('.answer').exists()).toBe(true);
    presenter.active = true;
    await flushPromises();
    expect(wrapper.find('.answer').exists()).toBe(false);
    expect(wrapper.text()).toContain('Hidden while presenting');
    await wrapper.find('button').trigger('click');
    expect(wrapper.find('.answer').exists()).toBe(true);
    presenter.hideAll();
    await flushPromises();
    expect(wrapper.find('.answer').exists()).toBe(false);
    presenter.revealAll();
    await flushPromises();
    expect(wrapper.find('.answer').exists()).toBe(true);
  });
});

describe('run views from a seeded run', () => {
  it('RunOverview lists the expectations and who reads which messages', async () => {
    const wrapper = mount(RunOverview, { props: { run: model }, global: { plugins: [createPinia()] } });
    expect(wrapper.findAll('.expectation')).toHaveLength(6);
    expect(wrapper.findAll('.expectation .status-pass')).toHaveLength(6);
    const mallory = wrapper.findAll('table.who tbody tr').find((r) => r.text().startsWith('mallory'))!;
    expect(mallory.text()).toContain('2 of 4');
    expect(mallory.text()).toContain('m3, m4');
    await mallory.find('button').trigger('click');
    expect(wrapper.emitted('select-party')).toEqual([['mallory']]);
  });

  it('MatrixView’s table names each cell’s level and shows how on focus', async () => {
    const wrapper = mount(MatrixView, {
      props: { run: model, t: model.endTimeMs, party: null, spoilersHidden: false, theme: 'light' },
      global: { plugins: [createPinia()] },
    });
    const tableButton = wrapper.findAll('button').find((b) => b.text() === 'Table')!;
    await tableButton.trigger('click');
    await flushPromises();
    const cell = wrapper.find('button[aria-label="mallory, m3: content"]');
    expect(cell.exists()).toBe(true);
    expect(wrapper.find('button[aria-label="server, m3: metadata"]').exists()).toBe(true);
    expect(wrapper.find('button[aria-label="mallory, m1: none"]').exists()).toBe(true);
    await cell.trigger('focus');
    expect(wrapper.findAll('[aria-label="Cell details"]').at(-1)!.text()).toMatch(/decrypted with session/);
    await wrapper.setProps({ spoilersHidden: true });
    expect(wrapper.find('button[aria-label="mallory, m3: content"]').exists()).toBe(false);
    expect(wrapper.find('button[aria-label="mallory, m3: hidden"]').exists()).toBe(true);
  });

  it('the shared scaffold puts the as-of time in the head, or beside the legend in the matrix’s second row', () => {
    const props = { run: model, t: model.endTimeMs, spoilersHidden: false, theme: 'light' as const };
    const global = { plugins: [createPinia()] };
    const matrix = mount(MatrixView, { props: { ...props, party: null }, global }).findAll('.view-head');
    expect(matrix).toHaveLength(2);
    expect(matrix[0]!.text()).not.toContain('End of the run');
    expect(matrix[1]!.find('[aria-label="What the colours mean"]').exists()).toBe(true);
    expect(matrix[1]!.find('.as-of').text()).toBe('End of the run');
    const party = mount(PartyView, { props: { ...props, party: 'mallory' }, global }).findAll('.view-head');
    expect(party).toHaveLength(1);
    expect(party[0]!.find('.as-of').text()).toBe('End of the run');
  });

  it('PartyView shows what the attacker can read at the end, and nothing before the swap', async () => {
    const wrapper = mount(PartyView, {
      props: { run: model, t: model.endTimeMs, party: 'mallory', spoilersHidden: false, theme: 'light' },
      global: { plugins: [createPinia()] },
    });
    const texts = wrapper.findAll('.plaintext:not(.other)').map((p) => p.text());
    expect(texts).toEqual(['“pending while bob is offline”', '“after the swap”']);
    const swap = model.steps.find((s) => s.action === 'sim-swap')!;
    await wrapper.setProps({ t: swap.t - 1 });
    expect(wrapper.findAll('.plaintext:not(.other)')).toHaveLength(0);
    await wrapper.setProps({ party: 'alice', t: model.endTimeMs });
    expect(wrapper.text()).toMatch(/security code changed/i);
  });
});

describe('SVG export', () => {
  it('makes a standalone file: namespaces, size, background and the shared patterns it uses', async () => {
    const { standaloneSvg, findDrawing } = await import('../../renderer/src/model/export-file.js');
    document.body.innerHTML = `
      <svg width="0" height="0"><defs><pattern id="sl-level-metadata" width="8" height="8"><rect width="4" height="8" /></pattern></defs></svg>
      <div id="panel"><svg data-export="network" width="320" height="200"><rect width="10" height="10" fill="url(#sl-level-metadata)" /><text x="5" y="5">mallory</text></svg></div>`;
    const svg = findDrawing(document.getElementById('panel'));
    expect(svg?.getAttribute('data-export')).toBe('network');
    const out = standaloneSvg(svg!, { background: '#ffffff' });
    expect(out.startsWith('<?xml')).toBe(true);
    expect(out).toContain('xmlns="http://www.w3.org/2000/svg"');
    expect(out).toContain('id="sl-level-metadata"');
    expect(out).toContain('fill="#ffffff"');
    expect(out).toContain('>mallory</text>');
    expect(findDrawing(null)).toBeNull();
  });
});
