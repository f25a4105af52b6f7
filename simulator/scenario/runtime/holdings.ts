/**
 * Checks `holds`, `lacks` and `never` against the ledger: does a party hold (the content, a field,
 * the bytes of, or anything of) every selected item — by the end of the run, or as of a step — or
 * none of them. The ledger only grows (a party never "un-learns"), so "does not hold at step S" means
 * "had not learned it by then", and `never` means "had not learned it by the end". Results say which
 * item, what the party held instead, and from which step on, in words a trainer can read out.
 */
import { describeHow } from '../../ledger/describe.js';
import type { ItemRecord, ObservationRecord } from '../../ledger/types.js';
import { itemKindSpec, type ItemKindName } from '../item-kinds.js';
import type { CheckPayload, HoldingWhat, ItemRef } from '../schema-expectations.js';
import { didYouMean } from '../suggest.js';
import { defaultWhat } from '../variants.js';
import { formatTime, viewer } from './check-helpers.js';
import type { RunContext } from './context.js';
import { classifyItem, runLookup, type CatalogItem } from './item-catalog.js';

type HoldingCheck =
  | ({ type: 'holds' } & CheckPayload<'holds'>)
  | ({ type: 'lacks' } & CheckPayload<'lacks'>)
  | ({ type: 'never' } & CheckPayload<'never'>);

interface Verdict {
  ok: boolean;
  detail: string;
}

/** The run's ledger, classified and indexed once for every holding check of the run. */
export class HoldingIndex {
  readonly items: readonly CatalogItem[];
  private readonly byId: Map<string, CatalogItem>;
  /** Observations by party and item, in recording order. */
  private readonly seen = new Map<string, ObservationRecord[]>();
  /** Seq of each item's first observation by anyone (its author's, as it is made). */
  private readonly firstSeq = new Map<string, number>();
  private readonly total: number;

  constructor(readonly context: RunContext) {
    const lookup = runLookup(context);
    const records: readonly ItemRecord[] = context.world.ledger.items();
    this.items = records.map((record) => classifyItem(record, lookup));
    this.byId = new Map(this.items.map((item) => [item.record.id, item]));
    const observations = context.world.ledger.observations();
    this.total = observations.length;
    for (const observation of observations) {
      const key = `${observation.party}\u0000${observation.item}`;
      let list = this.seen.get(key);
      if (list === undefined) this.seen.set(key, (list = []));
      list.push(observation);
      if (!this.firstSeq.has(observation.item)) this.firstSeq.set(observation.item, observation.seq);
    }
  }

  /** Whether anyone had observed the item before this count: it existed by then. */
  existedBefore(item: string, bound: number): boolean {
    return (this.firstSeq.get(item) ?? Infinity) < bound;
  }

  item(id: string): CatalogItem | undefined {
    return this.byId.get(id);
  }

  observations(party: string, item: string): readonly ObservationRecord[] {
    return this.seen.get(`${party}\u0000${item}`) ?? [];
  }

  /** Observations recorded before this count are "as of" step `label` (what it set off included). */
  boundAfter(label: string): number {
    const marks = this.context.stepMarks;
    const index = marks.findIndex((mark) => mark.label === label);
    return index < 0 ? this.total : (marks[index + 1]?.observations ?? this.total);
  }

  /** `step 'restore'` (or `setup`) for the step during which observation `seq` was recorded. */
  stepOf(seq: number): string {
    const marks = this.context.stepMarks;
    let label: string | undefined;
    for (const mark of marks) {
      if (mark.observations > seq) break;
      label = mark.label;
    }
    return label === undefined ? 'setup' : `step '${label}'`;
  }
}

/** Whether an observation gives `what` of its item. */
function gives(observation: ObservationRecord, what: HoldingWhat): boolean {
  switch (what) {
    case 'anything':
      return true;
    case 'ciphertext':
      return observation.how.kind === 'ciphertext' || observation.fields.includes('content');
    default:
      return observation.fields.includes(what);
  }
}

/** A selected item; `unwritten` for a listed message that has no ledger item (its step never composed it). */
interface Selected extends CatalogItem {
  readonly unwritten?: true;
}

/** The items a check selects, or a verdict when its explicit id names nothing (or the wrong kind). */
function select(item: ItemRef, index: HoldingIndex): { items: Selected[] } | { refused: Verdict } {
  if (typeof item === 'string' || Array.isArray(item)) {
    const ids = typeof item === 'string' ? [item] : item;
    const found = ids.map((id) => index.item(id)).filter((i): i is CatalogItem => i !== undefined);
    const missing = ids.filter((id) => index.item(id) === undefined);
    // A listed message that was never written (its step failed) is held by no one.
    return { items: [...found, ...missing.map((id) => unwritten(id))] };
  }
  if (item.id !== undefined) {
    const found = index.item(item.id);
    if (found === undefined) {
      const ofKind = index.items.filter((i) => i.kind === item.kind).map((i) => i.record.id);
      const hint =
        didYouMean(item.id, ofKind) ||
        didYouMean(
          item.id,
          index.items.map((i) => i.record.id),
        );
      const known =
        hint === '' && ofKind.length > 0 ? ` (${kindWords(item.kind)} in the run: ${list(ofKind)})` : '';
      return { refused: { ok: false, detail: `no item '${item.id}' in this run's ledger${hint}${known}` } };
    }
    if (found.kind !== item.kind) {
      return {
        refused: {
          ok: false,
          detail: `'${item.id}' is ${found.kind === undefined ? 'an unclassified item' : `${article(found.kind)} item`}, not ${article(item.kind)}`,
        },
      };
    }
    return { items: [found] };
  }
  const of = item.of === undefined ? undefined : viewer(index.context, item.of);
  return {
    items: index.items.filter(
      (i) =>
        i.kind === item.kind &&
        (item.of === undefined ||
          i.subjects.includes(item.of) ||
          (of !== undefined && i.subjects.includes(of))),
    ),
  };
}

function isSelector(item: ItemRef): boolean {
  return typeof item !== 'string' && !Array.isArray(item);
}

/** A placeholder for a listed message with no ledger item: no one holds it. */
function unwritten(id: string): Selected {
  return { record: { id, kind: 'message', label: id }, kind: 'message', subjects: [], unwritten: true };
}

/** The first observation (before `bound`) by which `party` holds `what` of `item`. */
function firstHeld(
  index: HoldingIndex,
  party: string,
  item: string,
  what: HoldingWhat,
  bound: number,
): ObservationRecord | undefined {
  for (const observation of index.observations(party, item)) {
    if (observation.seq >= bound) return undefined;
    if (gives(observation, what)) return observation;
  }
  return undefined;
}

/** `content since step 'restore' (t+12.0 s): read from gdrive backup of bob (plain)`. */
function describeFirst(index: HoldingIndex, what: HoldingWhat, observation: ObservationRecord): string {
  const held = what === 'anything' ? observation.fields.join(', ') || 'ciphertext' : what;
  const step = index.stepOf(observation.seq);
  const when =
    observation.t < index.context.startMs
      ? `${step}, before the first step`
      : `${step} (t+${formatTime(index.context, observation.t)})`;
  return `${held} since ${when}: ${describeHow(observation.how)}`;
}

/** What the party held of an item instead (before `bound`): `nothing`, `only sender, timestamp (…)`. */
function describeInstead(index: HoldingIndex, party: string, item: Selected, bound: number): string {
  if (item.unwritten) return 'never written (its step did not compose it)';
  const seen = index.observations(party, item.record.id).filter((o) => o.seq < bound);
  if (seen.length === 0) return 'nothing';
  const fields = [...new Set(seen.flatMap((o) => o.fields))];
  const ciphertext = seen.some((o) => o.how.kind === 'ciphertext');
  const parts = [...fields, ...(ciphertext ? ['ciphertext'] : [])];
  const hows = [...new Set(seen.map((o) => describeHow(o.how)))].slice(0, 2).join('; ');
  return `only ${parts.join(', ')} (${hows})`;
}

/** Checks one holds / lacks / never expectation. */
export function checkHolding(check: HoldingCheck, index: HoldingIndex): Verdict {
  const party = viewer(index.context, check.party);
  const what = check.what ?? defaultWhat(check.item);
  const selected = select(check.item, index);
  if ('refused' in selected) return selected.refused;
  const at = check.type === 'never' ? undefined : check.at;
  const bound = at === undefined ? Infinity : index.boundAfter(at);
  // As of a step, only what existed by then is selected (a message sent later cannot be held yet).
  const items =
    at === undefined || !isSelector(check.item)
      ? selected.items
      : selected.items.filter((item) => index.existedBefore(item.record.id, bound));
  const when = at === undefined ? '' : ` at step '${at}'`;
  const held = items.map((item) => ({ item, first: firstHeld(index, party, item.record.id, what, bound) }));

  if (check.type === 'holds') {
    if (items.length === 0) return { ok: false, detail: nothingSelected(check.item, index, at) };
    const missing = held.filter((h) => h.first === undefined);
    if (missing.length > 0) {
      return {
        ok: false,
        detail: `${party} lacks${when}: ${missing
          .slice(0, 4)
          .map((h) => `${h.item.record.id}: ${describeInstead(index, party, h.item, bound)}`)
          .join('; ')}${more(missing.length, 4)}`,
      };
    }
    return {
      ok: true,
      detail: held
        .slice(0, 3)
        .map((h) => `${h.item.record.id}: ${describeFirst(index, what, h.first!)}`)
        .join('; ')
        .concat(more(held.length, 3)),
    };
  }

  const offending = held.filter((h) => h.first !== undefined);
  if (offending.length > 0) {
    return {
      ok: false,
      detail: offending
        .slice(0, 4)
        .map((h) => `${h.item.record.id}: ${describeFirst(index, what, h.first!)}`)
        .join('; ')
        .concat(more(offending.length, 4)),
    };
  }
  const none =
    items.length === 0
      ? `${nothingSelected(check.item, index, at)}, so none is held`
      : `${party} holds none of ${list(items.map((i) => i.record.id))}${when}`;
  if (at === undefined) return { ok: true, detail: none };
  // As of the step it holds none; say whether (and from when) that changes later in the run.
  const later = selected.items
    .map((item) => ({ item, first: firstHeld(index, party, item.record.id, what, Infinity) }))
    .filter((h) => h.first !== undefined);
  return later.length === 0
    ? { ok: true, detail: `${none}, nor later` }
    : {
        ok: true,
        detail: `${none}; later: ${later
          .slice(0, 2)
          .map((h) => `${h.item.record.id}: ${describeFirst(index, what, h.first!)}`)
          .join('; ')}${more(later.length, 2)}`,
      };
}

/**
 * `there is no chat backup of bob in this run` (or `… by step 'swap'`), with what of that kind there
 * is; only selectors can select nothing.
 */
function nothingSelected(item: ItemRef, index: HoldingIndex, at: string | undefined): string {
  if (typeof item === 'string' || Array.isArray(item)) return 'no such message in this run';
  const spec = itemKindSpec(item.kind);
  const whose =
    item.of === undefined ? '' : spec.subject === 'group' ? ` of group ${item.of}` : ` of ${item.of}`;
  const ofKind = index.items.filter((i) => i.kind === item.kind);
  const others =
    ofKind.length > 0 ? ` (${kindWords(item.kind)} in the run: ${list(ofKind.map((i) => i.record.id))})` : '';
  const when = at === undefined ? 'in this run' : `by step '${at}'`;
  return `there is no ${spec.noun}${whose} ${when}${others}`;
}

function kindWords(kind: ItemKindName): string {
  return itemKindSpec(kind).plural;
}

function article(kind: string): string {
  return /^[aeiou]/.test(kind) ? `an ${kind}` : `a ${kind}`;
}

function list(ids: readonly string[]): string {
  return ids.length <= 6 ? ids.join(', ') : `${ids.slice(0, 6).join(', ')} and ${ids.length - 6} more`;
}

function more(count: number, shown: number): string {
  return count > shown ? `; and ${count - shown} more` : '';
}
