/**
 * The visibility matrix: party × item → the best level that party reached for that item (content >
 * metadata > ciphertext > none), with the fields and the hows behind it. Plain JSON, for reports,
 * expectations and the UI. Cells with nothing observed are left out (their level is `none`).
 */
import { CellAccumulator, inTimeOrder, type CellSummary } from './accumulate.js';
import type { ItemSummary, LedgerData, VisibilityLevel } from './types.js';

/** One non-empty cell. */
export interface MatrixCell extends CellSummary {
  readonly party: string;
  readonly item: string;
}

export interface VisibilityMatrix {
  /** Rows: the parties asked for, then any other observer in order of first observation. */
  readonly parties: readonly string[];
  /** Columns: items in registration order. */
  readonly items: readonly ItemSummary[];
  /** Non-empty cells, by party row then item column. */
  readonly cells: readonly MatrixCell[];
}

export interface MatrixOptions {
  /** Rows to show even if they observed nothing (e.g. every party of the scenario), in this order. */
  readonly parties?: readonly string[];
}

/** Builds the matrix from a ledger (pure). */
export function visibilityMatrix(ledger: LedgerData, options: MatrixOptions = {}): VisibilityMatrix {
  const parties = [...(options.parties ?? [])];
  const partySet = new Set(parties);
  const cells = new Map<string, Map<string, CellAccumulator>>();
  for (const observation of inTimeOrder(ledger.observations)) {
    if (!partySet.has(observation.party)) {
      partySet.add(observation.party);
      parties.push(observation.party);
    }
    let row = cells.get(observation.party);
    if (row === undefined) cells.set(observation.party, (row = new Map()));
    let cell = row.get(observation.item);
    if (cell === undefined) row.set(observation.item, (cell = new CellAccumulator()));
    cell.add(observation);
  }
  const items = ledger.items.map(summarizeItem);
  const out: MatrixCell[] = [];
  for (const party of parties) {
    const row = cells.get(party);
    if (row === undefined) continue;
    for (const item of items) {
      const cell = row.get(item.id);
      if (cell !== undefined) out.push({ party, item: item.id, ...cell.summary() });
    }
  }
  return { parties, items, cells: out };
}

/** The cell for (party, item), or undefined when that party observed nothing of it. */
export function matrixCell(matrix: VisibilityMatrix, party: string, item: string): MatrixCell | undefined {
  return matrix.cells.find((c) => c.party === party && c.item === item);
}

/** The level for (party, item); `none` when nothing was observed. */
export function visibilityLevel(matrix: VisibilityMatrix, party: string, item: string): VisibilityLevel {
  return matrixCell(matrix, party, item)?.level ?? 'none';
}

/** The public summary of an item record. */
export function summarizeItem(item: {
  id: string;
  kind: ItemSummary['kind'];
  label: string;
  author?: string;
}): ItemSummary {
  return item.author === undefined
    ? { id: item.id, kind: item.kind, label: item.label }
    : { id: item.id, kind: item.kind, label: item.label, author: item.author };
}
