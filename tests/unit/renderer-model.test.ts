// Pure view logic of the renderer: library filters, editor diagnostics, routes, shortcuts, scenario meta, the
// run model built from a real seeded run, party tallies and the wording of comparison changes.
import { describe, expect, it } from 'vitest';
import FIRST_TEXT from '../e2e/fixtures/scenarios/first-message.yaml?raw';
import SIM_SWAP_TEXT from '../e2e/fixtures/scenarios/sim-swap.yaml?raw';
import type { LibraryEntry, RunRecord } from '../../electron/contract.js';
import { diffLedgers } from '../../simulator/ledger/diff.js';
import { loadScenario } from '../../simulator/scenario/loader.js';
import { runScenario } from '../../simulator/scenario/runner.js';
import { storedRecord } from '../fixtures/runs/record.js';
import type { RunResult } from '../../simulator/scenario/result.js';
import { groupByBoundary } from '../../renderer/src/model/boundaries.js';
import { explainChange, headlines, sortChanges } from '../../renderer/src/model/compare-model.js';
import { problemRange, problemsToDiagnostics, lineStarts } from '../../renderer/src/model/diagnostics.js';
import { fileSlug } from '../../renderer/src/model/export-file.js';
import { formatVirtualTime, formatVirtualShort } from '../../renderer/src/model/format.js';
import { defenceKindLabel, humanize, partyKindLabel } from '../../renderer/src/model/labels.js';
import {
  EMPTY_FILTER,
  filterActive,
  filterLibrary,
  libraryFacets,
  toggleValue,
} from '../../renderer/src/model/library-filter.js';
import { markdownToText, parseInline, parseMarkdown } from '../../renderer/src/model/markdown.js';
import { partyTallies } from '../../renderer/src/model/party-summary.js';
import {
  buildRunModel,
  RunShapeError,
  stepMoments,
  variantTitle,
} from '../../renderer/src/model/run-model.js';
import { defencesOn, scenarioMeta } from '../../renderer/src/model/scenario-meta.js';
import { displayKeys, isTypingTarget, matchesKeys, shortcutFor } from '../../renderer/src/model/shortcuts.js';
import { formatRoute, parseHash, type Route } from '../../renderer/src/router/routes.js';

const SIM_SWAP = SIM_SWAP_TEXT;
const FIRST = FIRST_TEXT;

function entry(id: string, title: string, tags: string[]): LibraryEntry {
  return {
    id,
    title,
    summary: `${title} summary`,
    tags,
    variants: [],
    defaultSeed: null,
    source: 'builtin',
    updatedAt: null,
  };
}

function record(result: RunResult, text: string): RunRecord {
  return storedRecord(result, {
    id: '00000000-0000-4000-8000-000000000001',
    scenarioTitle: 'SIM swap',
    scenarioSource: 'builtin',
    scenarioText: text,
    durationMs: 1,
  });
}

const loaded = loadScenario(SIM_SWAP, 'sim-swap.yaml');
const base = runScenario(loaded, { variant: 'base', seed: 1 });
const with2sv = runScenario(loaded, { variant: 'with-2sv', seed: 1 });

describe('library filters', () => {
  const entries = [
    entry('sim-swap', 'SIM swap', ['account-takeover']),
    entry('first-message', 'First message', ['basics']),
  ];
  const metas = new Map([
    ['sim-swap', scenarioMeta(SIM_SWAP)],
    ['first-message', scenarioMeta(FIRST)],
  ]);

  it('counts facets from tags, party kinds and defence kinds', () => {
    const facets = libraryFacets(entries, metas);
    expect(facets.tags.map((f) => f.value).sort()).toEqual(['account-takeover', 'basics']);
    expect(facets.parties.find((f) => f.value === 'user')?.count).toBe(2);
    expect(facets.parties.find((f) => f.value === 'attacker')?.count).toBe(1);
    expect(facets.defences).toEqual([{ value: 'two-step-verification', count: 1 }]);
  });

  it('narrows by every selected value and every search word', () => {
    expect(
      filterLibrary(entries, metas, { ...EMPTY_FILTER, parties: ['attacker'] }).map((e) => e.id),
    ).toEqual(['sim-swap']);
    expect(
      filterLibrary(entries, metas, { ...EMPTY_FILTER, parties: ['attacker', 'network-observer'] }),
    ).toHaveLength(1);
    expect(
      filterLibrary(entries, metas, { ...EMPTY_FILTER, tags: ['basics', 'account-takeover'] }),
    ).toHaveLength(0);
    expect(
      filterLibrary(entries, metas, { ...EMPTY_FILTER, defences: ['two-step-verification'] }),
    ).toHaveLength(1);
    expect(
      filterLibrary(entries, metas, { ...EMPTY_FILTER, query: 'mallory swap' }).map((e) => e.id),
    ).toEqual(['sim-swap']);
    expect(filterLibrary(entries, metas, { ...EMPTY_FILTER, query: 'mallory basics' })).toHaveLength(0);
    expect(filterLibrary(entries, metas, { ...EMPTY_FILTER, source: 'user' })).toHaveLength(0);
  });

  it('knows when a filter is active and toggles values', () => {
    expect(filterActive(EMPTY_FILTER)).toBe(false);
    expect(filterActive({ ...EMPTY_FILTER, query: '  ' })).toBe(false);
    expect(filterActive({ ...EMPTY_FILTER, tags: ['x'] })).toBe(true);
    expect(toggleValue(['a', 'b'], 'a')).toEqual(['b']);
    expect(toggleValue(['a'], 'b')).toEqual(['a', 'b']);
  });
});

describe('editor diagnostics', () => {
  const text = 'sightline: 1\nid: Bad_Id\nparties: []\n  - send: { from: alice, to: carol }\n';

  it('covers the token at the problem’s line and column', () => {
    const starts = lineStarts(text);
    const range = problemRange(text, starts, { message: 'x', path: 'id', line: 2, column: 5 });
    expect(text.slice(range.from, range.to)).toBe('Bad_Id');
    const carol = problemRange(text, starts, { message: 'x', path: 'p', line: 4, column: 30 });
    expect(text.slice(carol.from, carol.to)).toBe('carol');
  });

  it('clamps past the end of a line and marks the first line when there is no location', () => {
    const starts = lineStarts('a: [1, 2');
    const end = problemRange('a: [1, 2', starts, { message: 'x', path: '', line: 1, column: 9 });
    expect(end).toEqual({ from: 7, to: 8 });
    const none = problemRange(text, lineStarts(text), { message: 'x', path: '', line: null, column: null });
    expect(text.slice(none.from, none.to)).toBe('sightline: 1');
    const beyond = problemRange(text, lineStarts(text), { message: 'x', path: '', line: 99, column: 1 });
    expect(beyond.from).toBeLessThanOrEqual(text.length);
  });

  it('prefixes the path and sorts by position', () => {
    const d = problemsToDiagnostics(text, [
      { message: 'unknown party', path: 'steps[0].send.to', line: 4, column: 30 },
      { message: 'kebab-case', path: 'id', line: 2, column: 5 },
    ]);
    expect(d.map((x) => x.message)).toEqual(['id: kebab-case', 'steps[0].send.to: unknown party']);
    expect(d.every((x) => x.severity === 'error' && x.to > x.from)).toBe(true);
  });
});

describe('routes', () => {
  const routes: Route[] = [
    { name: 'library' },
    { name: 'scenario', id: 'sim-swap' },
    {
      name: 'scenario',
      id: 'sim-swap',
      variant: 'with-2sv',
      run: '0a1b2c3d-0000-4000-8000-000000000000',
      view: 'matrix',
      party: 'mallory',
    },
    { name: 'run', runId: '0a1b2c3d-0000-4000-8000-000000000000', view: 'timeline' },
    { name: 'editor' },
    { name: 'editor', id: 'my-scenario' },
    { name: 'runs', scenario: 'sim-swap' },
    { name: 'compare', a: 'x1', b: 'y2' },
  ];

  it('round-trips through the hash', () => {
    for (const route of routes) expect(parseHash(formatRoute(route))).toEqual(route);
  });

  it('falls back to the library for unknown or unsafe hashes and drops unknown views', () => {
    expect(parseHash('')).toEqual({ name: 'library' });
    expect(parseHash('#/nowhere')).toEqual({ name: 'library' });
    expect(parseHash('#/scenario/%3Cscript%3E')).toEqual({ name: 'library' });
    expect(parseHash('#/scenario/a?view=bogus')).toEqual({ name: 'scenario', id: 'a' });
    expect(parseHash('#/run/')).toEqual({ name: 'runs' });
  });
});

describe('shortcuts', () => {
  const key = (
    k: string,
    mods: Partial<{ ctrlKey: boolean; metaKey: boolean; altKey: boolean; shiftKey: boolean }> = {},
  ) => ({
    key: k,
    ctrlKey: false,
    metaKey: false,
    altKey: false,
    shiftKey: false,
    ...mods,
  });

  it('matches printable keys regardless of the Shift that produced them', () => {
    expect(matchesKeys(key('?', { shiftKey: true }), '?')).toBe(true);
    expect(matchesKeys(key('P', { shiftKey: true }), 'p')).toBe(true);
    expect(matchesKeys(key('p', { ctrlKey: true }), 'p')).toBe(false);
  });

  it('prefers the longer combination and honours Mod', () => {
    expect(shortcutFor(key('ArrowLeft'))?.id).toBe('step-back');
    expect(shortcutFor(key('ArrowLeft', { shiftKey: true }))?.id).toBe('scrub-back');
    expect(shortcutFor(key('Enter', { ctrlKey: true }))?.id).toBe('run');
    expect(shortcutFor(key('Enter', { metaKey: true }))?.id).toBe('run');
    expect(shortcutFor(key(' '))?.id).toBe('play');
    expect(shortcutFor(key('x'))).toBeUndefined();
  });

  it('knows typing targets and shows keys per platform', () => {
    expect(isTypingTarget({ tagName: 'input' })).toBe(true);
    expect(isTypingTarget({ tagName: 'DIV', closest: (s: string) => (s === '.cm-editor' ? {} : null) })).toBe(
      true,
    );
    expect(isTypingTarget({ tagName: 'BUTTON', closest: () => null })).toBe(false);
    expect(displayKeys('Mod+Enter', true)).toBe('⌘ + Enter');
    expect(displayKeys('Shift+ArrowLeft', false)).toBe('Shift + ←');
  });
});

describe('scenario meta', () => {
  it('reads parties, defences, step notes and variants', () => {
    const meta = scenarioMeta(SIM_SWAP);
    expect(meta.id).toBe('sim-swap');
    expect(meta.parties.find((p) => p.id === 'mallory')).toEqual({ id: 'mallory', kind: 'attacker' });
    expect(meta.defences).toEqual([
      { id: 'bob-2sv', kind: 'two-step-verification', party: 'bob', enabled: false },
    ]);
    expect(meta.steps[5]).toMatchObject({ path: 'steps[5]', id: 'takeover', action: 'register' });
    expect(meta.steps[4]?.note).toMatch(/carrier/);
    expect([...defencesOn(meta, 'base')]).toEqual([]);
    expect([...defencesOn(meta, 'with-2sv')]).toEqual(['bob-2sv']);
  });

  it('never throws on broken text', () => {
    expect(scenarioMeta('a: [1, 2').parties).toEqual([]);
    expect(scenarioMeta('- just a list').id).toBeNull();
    expect(scenarioMeta('parties: [{ id: 3 }, { id: x, kind: user }]').parties).toEqual([
      { id: 'x', kind: 'user' },
    ]);
  });
});

describe('run model from a seeded run', () => {
  const model = buildRunModel(record(base, SIM_SWAP));

  it('joins journal steps with their notes and outcomes, in time order', () => {
    expect(model.steps.map((s) => s.action)).toEqual([
      'send',
      'send',
      'go-offline',
      'send',
      'sim-swap',
      'register',
      'send',
    ]);
    const takeover = model.steps.find((s) => s.id === 'takeover');
    expect(takeover?.outcome).toMatch(/^succeeded/);
    expect(takeover?.note).toMatch(/registration code/);
    const times = model.steps.map((s) => s.t);
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    expect(model.endTimeMs).toBeGreaterThanOrEqual(times[times.length - 1]!);
  });

  it('knows every party and its kind', () => {
    expect(model.parties.slice(0, 7)).toEqual([
      'alice',
      'bob',
      'mallory',
      'server',
      'carrier',
      'registration',
      'isp',
    ]);
    expect(model.partyKinds.get('mallory')).toBe('attacker');
    expect(variantTitle(model.meta, 'with-2sv')).toBe('Bob has two-step verification');
    expect(variantTitle(model.meta, 'base')).toBe('As written');
  });

  it('tallies who reads which messages', () => {
    const tallies = new Map(partyTallies(model.matrix, model.parties).map((t) => [t.party, t]));
    expect(tallies.get('mallory')?.readIds).toEqual(['m3', 'm4']);
    expect(tallies.get('server')?.messagesRead).toBe(0);
    expect(tallies.get('server')?.counts.metadata).toBeGreaterThan(0);
    expect(tallies.get('alice')?.messagesRead).toBe(4);
  });

  it('groups parties by trust boundary', () => {
    const groups = groupByBoundary(model.parties, model.partyKinds);
    expect(groups.map((g) => g.boundary.id)).toEqual(['users', 'provider', 'carrier', 'network', 'attacker']);
    expect(groups.find((g) => g.boundary.id === 'provider')?.parties.map((p) => p.id)).toEqual([
      'server',
      'registration',
    ]);
  });

  it('refuses records whose engine parts are malformed', () => {
    expect(() => buildRunModel({ ...record(base, SIM_SWAP), matrix: { parties: [] } })).toThrow(
      RunShapeError,
    );
    expect(() => buildRunModel({ ...record(base, SIM_SWAP), journal: [{ seq: 'x' }] })).toThrow(
      RunShapeError,
    );
  });

  it('ignores journal events that are not steps', () => {
    expect(stepMoments([{ seq: 0, t: 0, type: 'net.send' }], model.meta)).toEqual([]);
  });
});

describe('comparison wording', () => {
  const diff = diffLedgers(base.ledger, with2sv.ledger, base.matrix.parties);

  it('puts level changes first and says who lost what', () => {
    const sorted = sortChanges(diff.changes);
    const firstSame = sorted.findIndex((c) => c.change === 'changed');
    if (firstSame >= 0) expect(sorted.slice(firstSame).every((c) => c.change === 'changed')).toBe(true);
    const lines = headlines(diff.changes).map((h) => h.text);
    expect(lines).toContain('mallory can no longer read m3, m4');
  });

  it('explains one cell', () => {
    const m3 = diff.changes.find((c) => c.party === 'mallory' && c.item === 'm3')!;
    expect(explainChange(m3)).toMatch(/^mallory drops from reads content to nothing/);
    expect(explainChange(m3)).toMatch(/no longer: decrypted with/);
  });
});

describe('scenario Markdown', () => {
  it('parses bold, italics, code and links into a tree, leaving markup-like text literal', () => {
    expect(parseInline('**Notice** what _Mallory_ gets: `m3` — see [Lee](https://example.org/x).')).toEqual([
      { type: 'strong', children: [{ type: 'text', text: 'Notice' }] },
      { type: 'text', text: ' what ' },
      { type: 'em', children: [{ type: 'text', text: 'Mallory' }] },
      { type: 'text', text: ' gets: ' },
      { type: 'code', text: 'm3' },
      { type: 'text', text: ' — see ' },
      { type: 'link', children: [{ type: 'text', text: 'Lee' }], href: 'https://example.org/x' },
      { type: 'text', text: '.' },
    ]);
    expect(parseInline('<script>alert(1)</script> [x](javascript:alert(1))')).toEqual([
      { type: 'text', text: '<script>alert(1)</script> [x](javascript:alert(1))' },
    ]);
    expect(parseInline('snake_case_name and 2 * 3 * 4')).toEqual([
      { type: 'text', text: 'snake_case_name and 2 * 3 * 4' },
    ]);
  });

  it('splits paragraphs and lists, joining continuation lines', () => {
    const blocks = parseMarkdown('First line\nsame paragraph.\n\n- one\n  continued\n- **two**\nAfter.');
    expect(blocks.map((b) => b.type)).toEqual(['paragraph', 'list', 'paragraph']);
    expect(blocks[1]).toMatchObject({
      type: 'list',
      items: [[{ type: 'text', text: 'one continued' }], [{ type: 'strong' }]],
    });
    expect(markdownToText('**A** and `b`\n\n- c')).toBe('A and b\n• c');
  });

  it('reads the scenario’s references', () => {
    const meta = scenarioMeta(
      'references:\n  - { title: Paper, url: "https://example.org", note: Why }\n  - { title: Book }\n  - { url: x }',
    );
    expect(meta.references).toEqual([
      { title: 'Paper', url: 'https://example.org', note: 'Why' },
      { title: 'Book', url: null, note: null },
    ]);
  });
});

describe('labels and formats', () => {
  it('words kinds for people', () => {
    expect(partyKindLabel('chat-server')).toBe('Chat server');
    expect(partyKindLabel('brand-new-kind')).toBe('Brand new kind');
    expect(defenceKindLabel('two-step-verification')).toBe('Two-step verification');
    expect(humanize('')).toBe('');
  });

  it('formats virtual time and file names', () => {
    expect(formatVirtualTime(0)).toBe('0:00.000');
    expect(formatVirtualTime(77_000)).toBe('1:17.000');
    expect(formatVirtualTime(3_723_004)).toBe('1:02:03.004');
    expect(formatVirtualShort(15_138.7)).toBe('15.1 s');
    expect(formatVirtualShort(125_000)).toBe('2 min 5 s');
    expect(formatVirtualShort(43_210_000)).toBe('12 h');
    expect(formatVirtualShort(45_000_000)).toBe('12 h 30 min');
    expect(formatVirtualShort(8 * 86_400_000 + 3_600_000)).toBe('8 d 1 h');
    expect(fileSlug('SIM swap / base')).toBe('sim-swap-base');
    expect(fileSlug('***')).toBe('sightline');
  });
});
