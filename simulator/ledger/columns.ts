/**
 * Columnar storage of the ledger's observations. A long run records over a million observations;
 * as one object each (seven members, an evidence digest string of their own) they were the bulk of
 * the live heap, and every major garbage collection walked them all. Here an observation is one
 * row of typed columns — time, party, item, field list and how, each party, item, field list and
 * how interned once — about 24 bytes and no object. Records are rebuilt, equal member for member
 * (same order, same values), only when someone reads them (`record`, `materialize`).
 *
 * The evidence digest needs no column: an observation with `content` is accepted only when the
 * evidence's SHA-256 equals its item's content digest (ledger.ts), so the digest is the item's.
 */
import type { Field, How, ObservationRecord } from './types.js';

/** Interns values to dense indexes (0, 1, 2…) and back. */
class Interner<T> {
  private readonly index = new Map<T, number>();
  readonly values: T[] = [];

  of(value: T): number {
    let i = this.index.get(value);
    if (i === undefined) {
      i = this.values.length;
      this.values.push(value);
      this.index.set(value, i);
    }
    return i;
  }
}

/** Rows allocated at first; the columns double when full. */
const INITIAL_ROWS = 1024;

/** One observation as the caller hands it over, already checked and normalized by the ledger. */
export interface ObservationRow {
  readonly t: number;
  readonly party: string;
  readonly item: string;
  /** A shared, frozen field list (the ledger's `shared`). */
  readonly fields: readonly Field[];
  /** A shared, frozen how (the ledger's `internHow`, or a fresh frozen copy). */
  readonly how: How;
  /** The item's content digest, for rows whose fields include `content`. */
  readonly evidenceDigest: string | undefined;
}

/** The observations of one ledger in recording order; see the file comment. */
export class ObservationColumns {
  private times = new Float64Array(INITIAL_ROWS);
  private parties = new Int32Array(INITIAL_ROWS);
  private items = new Int32Array(INITIAL_ROWS);
  private fieldLists = new Int32Array(INITIAL_ROWS);
  private hows = new Int32Array(INITIAL_ROWS);
  /** Item index → its content digest, for rows with `content` (set once per item). */
  private readonly digests: (string | undefined)[] = [];
  private readonly partyNames = new Interner<string>();
  private readonly itemIds = new Interner<string>();
  private readonly fieldValues = new Interner<readonly Field[]>();
  /** Interned by identity: the ledger hands over shared frozen hows, so equal hows are one object. */
  private readonly howValues = new Interner<How>();
  private count = 0;
  /** Records built so far by `materialize` (kept: a finished run's views read them repeatedly). */
  private readonly built: ObservationRecord[] = [];

  get length(): number {
    return this.count;
  }

  /** Appends a row; returns its seq. */
  push(row: ObservationRow): number {
    const seq = this.count;
    if (seq === this.times.length) this.grow();
    this.times[seq] = row.t;
    this.parties[seq] = this.partyNames.of(row.party);
    const item = this.itemIds.of(row.item);
    this.items[seq] = item;
    this.fieldLists[seq] = this.fieldValues.of(row.fields);
    this.hows[seq] = this.howValues.of(row.how);
    if (row.evidenceDigest !== undefined) this.digests[item] = row.evidenceDigest;
    this.count = seq + 1;
    return seq;
  }

  /** The record of row `seq`, as the object-per-observation ledger stored it. */
  record(seq: number): ObservationRecord {
    const fields = this.fieldValues.values[this.fieldLists[seq]!]!;
    const item = this.items[seq]!;
    const base = {
      seq,
      t: this.times[seq]!,
      party: this.partyNames.values[this.parties[seq]!]!,
      item: this.itemIds.values[item]!,
      fields,
      how: this.howValues.values[this.hows[seq]!]!,
    };
    return fields.includes('content') ? { ...base, evidenceDigest: this.digests[item]! } : base;
  }

  /** Every record in recording order (built once per row, then shared). */
  materialize(): readonly ObservationRecord[] {
    for (let seq = this.built.length; seq < this.count; seq++) this.built.push(this.record(seq));
    return this.built;
  }

  private grow(): void {
    const size = this.times.length * 2;
    this.times = grown(Float64Array, this.times, size);
    this.parties = grown(Int32Array, this.parties, size);
    this.items = grown(Int32Array, this.items, size);
    this.fieldLists = grown(Int32Array, this.fieldLists, size);
    this.hows = grown(Int32Array, this.hows, size);
  }
}

function grown<A extends Float64Array | Int32Array>(make: new (size: number) => A, from: A, size: number): A {
  const to = new make(size);
  to.set(from);
  return to;
}
