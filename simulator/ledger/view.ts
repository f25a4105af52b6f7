/**
 * A party's view at time t: every item it had learned something about by then, in the order it
 * first learned of it, with the fields and hows accumulated up to t. What the UI's party panel shows
 * while a trainer scrubs through a run.
 */
import { CellAccumulator, inTimeOrder, type CellSummary } from './accumulate.js';
import { summarizeItem } from './matrix.js';
import type { ItemSummary, LedgerData } from './types.js';

export interface PartyViewEntry extends CellSummary {
  readonly item: ItemSummary;
  /** Time of the last observation counted (≤ t), ms. */
  readonly lastT: number;
}

export interface PartyView {
  readonly party: string;
  /** The view includes observations with time ≤ t, ms. */
  readonly t: number;
  readonly entries: readonly PartyViewEntry[];
}

/** What `party` knew at virtual time `t` (inclusive); pure. */
export function partyView(ledger: LedgerData, party: string, t: number): PartyView {
  const items = new Map(ledger.items.map((item) => [item.id, item]));
  const order: string[] = [];
  const cells = new Map<string, { acc: CellAccumulator; lastT: number }>();
  for (const observation of inTimeOrder(ledger.observations)) {
    if (observation.t > t) break;
    if (observation.party !== party) continue;
    let entry = cells.get(observation.item);
    if (entry === undefined) {
      entry = { acc: new CellAccumulator(), lastT: observation.t };
      cells.set(observation.item, entry);
      order.push(observation.item);
    }
    entry.acc.add(observation);
    entry.lastT = observation.t;
  }
  const entries: PartyViewEntry[] = [];
  for (const id of order) {
    const item = items.get(id);
    const cell = cells.get(id)!;
    if (item === undefined) continue;
    entries.push({ item: summarizeItem(item), ...cell.acc.summary(), lastT: cell.lastT });
  }
  return { party, t, entries };
}
