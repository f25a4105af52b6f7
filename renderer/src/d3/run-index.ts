// Per-time indexes of a run, built once when a run opens so that scrubbing never re-reads the journal:
// observations in time order with their times in a typed array, each party's observations, every change of a
// matrix cell's level as a time-sorted list (levels only rise, so "the matrix at t" is a prefix of that list),
// the hops to animate, the notices users were shown and the steps. Everything a view needs at time t is a
// binary search plus a short walk. Pure: the same run gives the same index.
import { CellAccumulator, inTimeOrder, type CellSummary } from '../../../simulator/ledger/accumulate.js';
import { observationLevel } from '../../../simulator/ledger/level.js';
import { summarizeItem } from '../../../simulator/ledger/matrix.js';
import type {
  ItemRecord,
  ItemSummary,
  LedgerData,
  ObservationRecord,
  VisibilityLevel,
} from '../../../simulator/ledger/types.js';
import { LEVEL_RANK } from '../../../simulator/ledger/types.js';
import type { JournalEvent } from '../../../simulator/network/journal.js';
import type { StepMoment } from '../model/run-model.js';
import { endpointMap, type EndpointMap } from './endpoints.js';
import { buildHops, type Hop } from './hops.js';
import { lowerBound, upperBound } from './search.js';

/** What the index is built from; the app's RunModel has all of it. */
export interface RunSource {
  readonly journal: readonly JournalEvent[];
  readonly ledger: LedgerData;
  readonly parties: readonly string[];
  readonly partyKinds: ReadonlyMap<string, string>;
  readonly steps: readonly StepMoment[];
  readonly endTimeMs: number;
}

/** Level codes in typed arrays: 0 none, 1 ciphertext, 2 metadata, 3 content (LEVEL_RANK). */
export const LEVEL_BY_CODE: readonly VisibilityLevel[] = ['none', 'ciphertext', 'metadata', 'content'];

export interface LevelChange {
  readonly t: number;
  /** Cell number: party row × items + item column. */
  readonly cell: number;
  readonly level: VisibilityLevel;
}

export interface NoticeRecord {
  readonly seq: number;
  readonly t: number;
  readonly user: string;
  readonly kind: string;
  readonly about: string | null;
  readonly detail: string | null;
}

export interface RunIndex {
  readonly parties: readonly string[];
  readonly partyRow: ReadonlyMap<string, number>;
  readonly kinds: ReadonlyMap<string, string>;
  readonly items: readonly ItemSummary[];
  readonly itemCol: ReadonlyMap<string, number>;
  readonly itemRecords: ReadonlyMap<string, ItemRecord>;
  /** Observations in time order. */
  readonly observations: readonly ObservationRecord[];
  readonly observationTimes: Float64Array;
  /** Each party's observations in time order, with their times. */
  readonly byParty: ReadonlyMap<
    string,
    { readonly obs: readonly ObservationRecord[]; readonly times: Float64Array }
  >;
  /** Observations of each cell in time order. */
  readonly byCell: ReadonlyMap<number, readonly ObservationRecord[]>;
  readonly changes: readonly LevelChange[];
  readonly changeTimes: Float64Array;
  readonly hops: readonly Hop[];
  readonly hopStarts: Float64Array;
  /** Longest time any hop spends in flight, ms. */
  readonly longestHop: number;
  readonly notices: readonly NoticeRecord[];
  readonly steps: readonly StepMoment[];
  readonly stepTimes: Float64Array;
  readonly endpoints: EndpointMap;
  readonly endT: number;
  readonly eventCount: number;
}

/** Parties the engine adds on its own (the registration service, the server) are not in the scenario's list. */
const IMPLIED_KINDS: Readonly<Record<string, string>> = {
  registration: 'registration',
  server: 'chat-server',
  'chat-server': 'chat-server',
  carrier: 'carrier',
};

function kindOf(party: string, kinds: ReadonlyMap<string, string>): string {
  const kind = kinds.get(party);
  if (kind !== undefined && kind !== 'unknown') return kind;
  return IMPLIED_KINDS[party] ?? 'unknown';
}

function str(value: unknown): string | null {
  return typeof value === 'string' && value.length > 0 ? value : null;
}

/** Builds the index of a run (O(n log n) in its events). */
export function buildRunIndex(run: RunSource): RunIndex {
  const parties = [...run.parties];
  for (const o of run.ledger.observations) if (!parties.includes(o.party)) parties.push(o.party);
  const partyRow = new Map(parties.map((p, i) => [p, i]));
  const items = run.ledger.items.map(summarizeItem);
  const itemCol = new Map(items.map((it, i) => [it.id, i]));
  const itemRecords = new Map(run.ledger.items.map((it) => [it.id, it]));
  const observations = inTimeOrder(run.ledger.observations).filter((o) => itemCol.has(o.item));
  const observationTimes = Float64Array.from(observations, (o) => o.t);

  const partyLists = new Map<string, ObservationRecord[]>();
  const byCell = new Map<number, ObservationRecord[]>();
  const current = new Map<number, number>();
  const changes: LevelChange[] = [];
  for (const o of observations) {
    const list = partyLists.get(o.party);
    if (list) list.push(o);
    else partyLists.set(o.party, [o]);
    const cell = partyRow.get(o.party)! * items.length + itemCol.get(o.item)!;
    const cellList = byCell.get(cell);
    if (cellList) cellList.push(o);
    else byCell.set(cell, [o]);
    const level = observationLevel(o.fields, o.how);
    if (LEVEL_RANK[level] > (current.get(cell) ?? 0)) {
      current.set(cell, LEVEL_RANK[level]);
      changes.push({ t: o.t, cell, level });
    }
  }
  const byParty = new Map(
    [...partyLists].map(([p, obs]) => [p, { obs, times: Float64Array.from(obs, (o) => o.t) }] as const),
  );

  const endpoints = endpointMap(run.journal, parties);
  const hops = buildHops(run.journal, observations, itemRecords, endpoints, new Set(parties));
  let longestHop = 0;
  for (const hop of hops) if (hop.t1 !== null) longestHop = Math.max(longestHop, hop.t1 - hop.t0);

  const notices: NoticeRecord[] = [];
  for (const e of run.journal) {
    if (e.type !== 'notice' || typeof e.user !== 'string') continue;
    notices.push({
      seq: e.seq,
      t: e.t,
      user: e.user,
      kind: str(e.kind) ?? 'notice',
      about: str(e.about),
      detail: str(e.detail),
    });
  }
  const steps = withJournalNotes(run.steps, run.journal).sort((a, b) => a.t - b.t || a.seq - b.seq);
  const lastJournalT = run.journal.length > 0 ? run.journal[run.journal.length - 1]!.t : 0;

  return {
    parties,
    partyRow,
    kinds: new Map(parties.map((p) => [p, kindOf(p, run.partyKinds)])),
    items,
    itemCol,
    itemRecords,
    observations,
    observationTimes,
    byParty,
    byCell,
    changes,
    changeTimes: Float64Array.from(changes, (c) => c.t),
    hops,
    hopStarts: Float64Array.from(hops, (h) => h.t0),
    longestHop,
    notices,
    steps,
    stepTimes: Float64Array.from(steps, (s) => s.t),
    endpoints,
    endT: Math.max(run.endTimeMs, lastJournalT),
    eventCount: run.journal.length,
  };
}

/**
 * Steps with the narration the journal carries: a `step` event holds the step's `note`, and names a step that
 * has an `id` by that id rather than by its path, so a note looked up by path alone can be missing.
 */
export function withJournalNotes(
  steps: readonly StepMoment[],
  journal: readonly JournalEvent[],
): StepMoment[] {
  const bySeq = new Map<number, JournalEvent>();
  for (const e of journal) if (e.type === 'step') bySeq.set(e.seq, e);
  return steps.map((s) => {
    const e = bySeq.get(s.seq);
    if (!e) return s;
    const note = s.note ?? str(e.note);
    const id = s.id ?? (typeof e.step === 'string' && !e.step.startsWith('steps[') ? e.step : null);
    return note === s.note && id === s.id ? s : { ...s, note, id };
  });
}

/** Every cell's level code at time t (inclusive), row-major parties × items. */
export function levelCodesAt(index: RunIndex, t: number): Uint8Array {
  const out = new Uint8Array(index.parties.length * index.items.length);
  const n = upperBound(index.changeTimes, t);
  for (let i = 0; i < n; i++) {
    const c = index.changes[i]!;
    out[c.cell] = LEVEL_RANK[c.level];
  }
  return out;
}

/** Level of one cell at t. */
export function levelAt(index: RunIndex, party: string, item: string, t: number): VisibilityLevel {
  const obs = cellObservations(index, party, item);
  let best = 0;
  for (const o of obs) {
    if (o.t > t) break;
    best = Math.max(best, LEVEL_RANK[observationLevel(o.fields, o.how)]);
  }
  return LEVEL_BY_CODE[best]!;
}

/** Observations of one (party, item) cell in time order. */
export function cellObservations(index: RunIndex, party: string, item: string): readonly ObservationRecord[] {
  const row = index.partyRow.get(party);
  const col = index.itemCol.get(item);
  if (row === undefined || col === undefined) return [];
  return index.byCell.get(row * index.items.length + col) ?? [];
}

/** What `party` knew of `item` by time t, or null if nothing yet (the matrix cell at t). */
export function cellAt(index: RunIndex, party: string, item: string, t: number): CellSummary | null {
  const acc = new CellAccumulator();
  let any = false;
  for (const o of cellObservations(index, party, item)) {
    if (o.t > t) break;
    acc.add(o);
    any = true;
  }
  return any ? acc.summary() : null;
}

/** How many of `party`'s observations happened by t: a cheap key for "did this party's view change?". */
export function partyProgress(index: RunIndex, party: string, t: number): number {
  const list = index.byParty.get(party);
  return list ? upperBound(list.times, t) : 0;
}

export interface PartyEntry extends CellSummary {
  readonly item: ItemSummary;
  readonly lastT: number;
}

/**
 * What `party` knew at t, item by item in the order it first learned of them — the same answer as the
 * ledger's partyView (simulator/ledger/view.ts), from the index instead of a fresh sort.
 */
export function partyEntriesAt(index: RunIndex, party: string, t: number): PartyEntry[] {
  const list = index.byParty.get(party);
  if (!list) return [];
  const n = upperBound(list.times, t);
  const order: string[] = [];
  const cells = new Map<string, { acc: CellAccumulator; lastT: number }>();
  for (let i = 0; i < n; i++) {
    const o = list.obs[i]!;
    let entry = cells.get(o.item);
    if (!entry) {
      entry = { acc: new CellAccumulator(), lastT: o.t };
      cells.set(o.item, entry);
      order.push(o.item);
    }
    entry.acc.add(o);
    entry.lastT = o.t;
  }
  return order.map((id) => {
    const cell = cells.get(id)!;
    return { item: index.items[index.itemCol.get(id)!]!, ...cell.acc.summary(), lastT: cell.lastT };
  });
}

/** Index of the last step at or before t, -1 before the first. */
export function stepIndexAt(index: RunIndex, t: number): number {
  return upperBound(index.stepTimes, t) - 1;
}

/** Notices shown to `user` by t, oldest first. */
export function noticesAt(index: RunIndex, user: string, t: number): NoticeRecord[] {
  return index.notices.filter((n) => n.user === user && n.t <= t);
}

/** Observations in [from, to], in time order. */
export function observationsBetween(index: RunIndex, from: number, to: number): readonly ObservationRecord[] {
  const a = lowerBound(index.observationTimes, from);
  const b = upperBound(index.observationTimes, to);
  return index.observations.slice(a, b);
}

/**
 * The matrix levels at a moving time, updated incrementally: moving forward applies only the level changes in
 * between; moving back recomputes (still one pass over a prefix). `seek` returns the cells that changed, so a
 * view repaints only those.
 */
export class LevelCursor {
  readonly codes: Uint8Array;
  private count = 0;

  constructor(private readonly index: RunIndex) {
    this.codes = new Uint8Array(index.parties.length * index.items.length);
  }

  seek(t: number): number[] {
    const { changes, changeTimes } = this.index;
    const n = upperBound(changeTimes, t);
    const changed: number[] = [];
    if (n >= this.count) {
      for (let i = this.count; i < n; i++) {
        const c = changes[i]!;
        this.codes[c.cell] = LEVEL_RANK[c.level];
        changed.push(c.cell);
      }
    } else {
      const before = this.codes.slice();
      this.codes.fill(0);
      for (let i = 0; i < n; i++) {
        const c = changes[i]!;
        this.codes[c.cell] = LEVEL_RANK[c.level];
      }
      for (let i = 0; i < this.codes.length; i++) if (before[i] !== this.codes[i]) changed.push(i);
    }
    this.count = n;
    return changed;
  }
}
