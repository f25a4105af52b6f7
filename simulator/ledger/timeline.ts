/**
 * The timeline: every observation in virtual-time order (ties by recording order), with the item's
 * label and the how in words. Optional filters by party, item and time window.
 */
import { inTimeOrder } from './accumulate.js';
import { describeHow } from './describe.js';
import { observationLevel } from './level.js';
import type { Field, HowKind, ItemKind, LedgerData, VisibilityLevel } from './types.js';

export interface TimelineEntry {
  readonly seq: number;
  readonly t: number;
  readonly party: string;
  readonly item: string;
  readonly itemKind: ItemKind;
  readonly itemLabel: string;
  readonly level: VisibilityLevel;
  readonly fields: readonly Field[];
  readonly howKind: HowKind;
  readonly how: string;
}

export interface TimelineFilter {
  readonly party?: string;
  readonly item?: string;
  /** Inclusive lower bound, ms. */
  readonly from?: number;
  /** Inclusive upper bound, ms. */
  readonly to?: number;
}

/** Observations in time order with their context; pure. */
export function timeline(ledger: LedgerData, filter: TimelineFilter = {}): TimelineEntry[] {
  const items = new Map(ledger.items.map((item) => [item.id, item]));
  const out: TimelineEntry[] = [];
  for (const o of inTimeOrder(ledger.observations)) {
    if (filter.party !== undefined && o.party !== filter.party) continue;
    if (filter.item !== undefined && o.item !== filter.item) continue;
    if (filter.from !== undefined && o.t < filter.from) continue;
    if (filter.to !== undefined && o.t > filter.to) continue;
    const item = items.get(o.item);
    out.push({
      seq: o.seq,
      t: o.t,
      party: o.party,
      item: o.item,
      itemKind: item?.kind ?? 'other',
      itemLabel: item?.label ?? o.item,
      level: observationLevel(o.fields, o.how),
      fields: o.fields,
      howKind: o.how.kind,
      how: describeHow(o.how),
    });
  }
  return out;
}
