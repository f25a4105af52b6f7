/**
 * The run journal: an append-only list of events `{seq, t, type, ...fields}` kept as canonical JSON
 * lines (canonical-json.ts). `hash()` is the SHA-256 of the JSONL text (each line followed by `\n`),
 * computed incrementally as lines are appended, so the same scenario and seed give the same hash on
 * any machine and the hash costs nothing extra at the end of a run.
 *
 * Modes: `full` keeps every line (for `journal.jsonl`, the timeline and the UI); `summary` keeps only
 * the running hash and per-type counts, for benchmarks that write ~10^6 events.
 */
import { toHex } from '../crypto/bytes.js';
import { nobleCryptoProvider } from '../crypto/noble-provider.js';
import type { IncrementalSha256 } from '../crypto/provider.js';
import { ByteSink } from './byte-sink.js';
import { CanonicalShape, type CanonicalValue } from './canonical-json.js';
import { SimulationError } from './errors.js';

/** `full` keeps every line; `summary` keeps only the hash and counts. */
export type JournalMode = 'full' | 'summary';

/** Extra members of a journal event; `undefined` members are left out, byte arrays become hex. */
export type JournalFields = { readonly [key: string]: CanonicalValue | undefined };

/** A journal event as read back from its JSON line. */
export interface JournalEvent {
  readonly seq: number;
  readonly t: number;
  readonly type: string;
  readonly [key: string]: unknown;
}

const RESERVED: ReadonlySet<string> = new Set(['seq', 't', 'type']);

/** Refuses an empty event type, or fields named like the members every line has (`seq`, `t`, `type`). */
function checkEvent(type: string, usesReservedName: boolean): void {
  if (type.length === 0)
    throw new SimulationError('invalid-journal-entry', 'journal event type must not be empty');
  if (usesReservedName) {
    throw new SimulationError(
      'invalid-journal-entry',
      `journal fields seq, t and type are reserved (event ${type})`,
    );
  }
}

/**
 * Bytes of lines collected before they are hashed. Each line is written as UTF-8 straight into this
 * buffer (canonical-json.ts, byte-sink.ts) and the hash is fed whole buffers: joining lines into
 * chunk strings first cost about five times as much (the join and the string's re-encoding inside
 * `update`), and was the largest single item of a 100k-message run's profile (docs/dev/PERF.md).
 * A line longer than this grows the buffer for itself.
 */
const HASH_BUFFER_BYTES = 1 << 16;

/**
 * How many field-name lists `record` keeps a shape for, per event type. Call sites pass object
 * literals, so a type nearly always comes with the same names in the same order; a few types have
 * an optional member or two, hence more than one.
 */
const SHAPES_PER_TYPE = 4;

/** A shape `record` built for one list of field names (in the order the caller gave them). */
interface RecordShape {
  readonly names: readonly string[];
  readonly shape: CanonicalShape;
  /** Reused for every line (writeTo keeps nothing of it); emptied after each. */
  readonly row: (CanonicalValue | undefined)[];
}

function sameNames(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Append-only, hashable event log of one run; see the file comment. */
export class Journal {
  private readonly storedLines: string[] = [];
  private readonly counts = new Map<string, number>();
  /** Shapes of the field-name lists `record` has seen, per type (see SHAPES_PER_TYPE). */
  private readonly recordShapes = new Map<string, RecordShape[]>();
  /** Encoded lines not yet hashed (see HASH_BUFFER_BYTES). */
  private readonly pending = new ByteSink(HASH_BUFFER_BYTES);
  private count = 0;

  /**
   * @param clock returns the current virtual time in ms (the event loop's `now`).
   * @param mode `full` or `summary` (see the file comment).
   * @param hasher the running SHA-256 (the run's crypto provider's, so Node hosts hash natively).
   */
  constructor(
    private readonly clock: () => number,
    readonly mode: JournalMode = 'full',
    private readonly hasher: IncrementalSha256 = nobleCryptoProvider.createSha256(),
  ) {}

  /** Number of events appended. */
  get length(): number {
    return this.count;
  }

  /**
   * Appends an event at the current virtual time; returns its `seq` (0-based).
   * @throws SimulationError `invalid-journal-entry` when `type` is empty, a field uses a reserved
   *   name (`seq`, `t`, `type`) or a value cannot be written canonically.
   */
  record(type: string, fields: JournalFields = {}): number {
    const names = Object.keys(fields);
    const { shape, row } = this.recordShape(type, names);
    const count = names.length;
    const seq = this.count;
    const start = this.pending.length;
    for (let i = 0; i < count; i++) row[i] = fields[names[i]!];
    row[count] = seq;
    row[count + 1] = this.clock();
    row[count + 2] = type;
    try {
      shape.writeTo(this.pending, row);
    } finally {
      row.fill(undefined); // keep no caller's value alive
    }
    this.appended(type, start);
    return seq;
  }

  /**
   * The shape for `type` with these field names: sorting the names and merging in `seq`, `t` and
   * `type` once per list, not once per line (record is the path of every event type that is not
   * prepared, several lines per message).
   */
  private recordShape(type: string, names: readonly string[]): RecordShape {
    const shapes = this.recordShapes.get(type) ?? [];
    for (const known of shapes) if (sameNames(known.names, names)) return known;
    checkEvent(
      type,
      names.some((name) => RESERVED.has(name)),
    );
    const made: RecordShape = {
      names,
      shape: new CanonicalShape([...names, 'seq', 't', 'type']),
      row: new Array<CanonicalValue | undefined>(names.length + 3),
    };
    if (shapes.length === SHAPES_PER_TYPE) shapes.pop();
    shapes.unshift(made);
    this.recordShapes.set(type, shapes);
    return made;
  }

  /** Counts, keeps (in `full` mode) and ends the line just written at `pending[start…]`. */
  private appended(type: string, start: number): void {
    const pending = this.pending;
    this.count++;
    this.counts.set(type, (this.counts.get(type) ?? 0) + 1);
    if (this.mode === 'full') this.storedLines.push(pending.text(start));
    pending.byte(0x0a); // '\n'
    if (pending.length >= HASH_BUFFER_BYTES) this.flush();
  }

  /**
   * Prepares an event type written very often (frames, observations) with fixed member names:
   * `record(...values)` then writes exactly the line `record(type, fields)` would, faster.
   * @throws SimulationError `invalid-journal-entry` for an empty type, a reserved or repeated name.
   */
  prepare(
    type: string,
    names: readonly string[],
  ): (values: readonly (CanonicalValue | undefined)[]) => number {
    checkEvent(
      type,
      names.some((name) => RESERVED.has(name)),
    );
    const shape = new CanonicalShape([...names, 'seq', 't', 'type']);
    // One row reused by every line of this type (writeTo keeps nothing of it).
    const count = names.length;
    const row = new Array<CanonicalValue | undefined>(count + 3);
    return (values) => {
      const seq = this.count;
      const start = this.pending.length;
      for (let i = 0; i < count; i++) row[i] = values[i];
      row[count] = seq;
      row[count + 1] = this.clock();
      row[count + 2] = type;
      shape.writeTo(this.pending, row);
      this.appended(type, start);
      return seq;
    };
  }

  /** SHA-256 (hex) of the canonical JSONL of every event so far; the journal stays appendable. */
  hash(): string {
    this.flush();
    return toHex(this.hasher.digest());
  }

  /** How many events of each type were recorded, keys sorted. */
  countsByType(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const type of [...this.counts.keys()].sort()) out[type] = this.counts.get(type)!;
    return out;
  }

  /**
   * The stored JSON lines.
   * @throws SimulationError `invalid-option` in `summary` mode, which keeps no lines.
   */
  lines(): readonly string[] {
    this.requireFull();
    return this.storedLines;
  }

  /** The JSONL text whose SHA-256 is `hash()`; `full` mode only. */
  toJsonl(): string {
    this.requireFull();
    return this.storedLines.length === 0 ? '' : this.storedLines.join('\n') + '\n';
  }

  /** The events parsed back into objects; `full` mode only. */
  events(): JournalEvent[] {
    return this.lines().map((line) => JSON.parse(line) as JournalEvent);
  }

  private flush(): void {
    const pending = this.pending;
    if (pending.length === 0) return;
    // Both providers' hashes consume the bytes during `update`, so the buffer is free again after.
    this.hasher.update(pending.bytes.subarray(0, pending.length));
    pending.length = 0;
  }

  private requireFull(): void {
    if (this.mode !== 'full') {
      throw new SimulationError('invalid-option', 'this journal runs in summary mode and keeps no lines');
    }
  }
}
