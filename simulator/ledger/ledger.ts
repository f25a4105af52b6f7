/**
 * The observation ledger: the only record of who could see what. It is written by party code as it
 * handles real bytes, and it refuses any claim it cannot check:
 *   - content visibility is derived, never declared: an observation that includes `content` must
 *     carry the plaintext bytes (`evidence`) whose SHA-256 equals the digest the author registered,
 *     so no code can claim content without actually holding the plaintext;
 *   - content is possible only under a how that can yield plaintext (authored, decrypted, clear,
 *     backup, exfiltrated) — never from timing, routing or held ciphertext.
 * Only the evidence's digest is kept, never the plaintext.
 */
import { ObservationColumns } from './columns.js';
import { contentDigest, isDigest, type Sha256 } from './digest.js';
import { LedgerError } from './errors.js';
import {
  CONTENT_HOW_KINDS,
  FIELDS,
  HOW_KINDS,
  ITEM_KINDS,
  type Field,
  type How,
  type ItemInput,
  type ItemRecord,
  type LedgerData,
  type ObservationInput,
  type ObservationRecord,
} from './types.js';

const FIELD_ORDER = new Map<string, number>(FIELDS.map((f, i) => [f, i]));
const ITEM_KIND_SET = new Set<string>(ITEM_KINDS);
const HOW_KIND_SET = new Set<string>(HOW_KINDS);

/** Listeners the simulation uses to journal ledger writes. */
export interface LedgerListeners {
  readonly onItem?: (item: ItemRecord) => void;
  readonly onObservation?: (observation: ObservationRecord) => void;
}

/** Items and observations of one run; see the file comment. */
export class Ledger {
  private readonly itemList: ItemRecord[] = [];
  private readonly itemsById = new Map<string, ItemRecord>();
  /** Observations as typed columns (columns.ts); records are rebuilt when read. */
  private readonly observationRows = new ObservationColumns();
  /**
   * One frozen copy per distinct "how" (a run repeats a few thousand of them — `session a.1→b.1`,
   * `delivered receipt from b.1` — over a million observations): the records share them instead
   * of each holding its own object and string.
   */
  private readonly hows = new Map<string, How>();
  /** The same for hows with one string member besides the kind: kind → member → value → how. */
  private readonly simpleHows = new Map<string, Map<string, Map<string, How>>>();
  /** Hows shared so far, in both tables. */
  private internedHows = 0;

  /**
   * @param listeners called on every write (the simulation journals them).
   * @param sha256 the hash that checks evidence against content digests (defaults to noble's).
   */
  constructor(
    private readonly listeners: LedgerListeners = {},
    private readonly sha256?: Sha256,
  ) {}

  /**
   * Registers an item (the author does this, with the digest of the plaintext).
   * @throws LedgerError `duplicate-item` or `invalid-item`.
   */
  registerItem(input: ItemInput): ItemRecord {
    if (typeof input.id !== 'string' || input.id.length === 0)
      throw new LedgerError('invalid-item', 'item id must not be empty');
    if (this.itemsById.has(input.id))
      throw new LedgerError('duplicate-item', `item "${input.id}" is already registered`);
    if (!ITEM_KIND_SET.has(input.kind)) {
      throw new LedgerError(
        'invalid-item',
        `item "${input.id}": unknown kind "${input.kind}" (one of ${ITEM_KINDS.join(', ')})`,
      );
    }
    if (input.contentDigest !== undefined && !isDigest(input.contentDigest)) {
      throw new LedgerError(
        'invalid-item',
        `item "${input.id}": contentDigest must be 64 lower-case hex characters`,
      );
    }
    if (input.t !== undefined) checkTime(input.t, `item "${input.id}"`);
    const record: ItemRecord = stripUndefined({
      id: input.id,
      kind: input.kind,
      label: input.label,
      author: input.author,
      contentDigest: input.contentDigest,
      t: input.t,
    });
    this.itemList.push(record);
    this.itemsById.set(record.id, record);
    this.listeners.onItem?.(record);
    return record;
  }

  /** The item with `id`, if registered. */
  item(id: string): ItemRecord | undefined {
    return this.itemsById.get(id);
  }

  /**
   * Records that `party` learned `fields` of `item` at `t`, and how.
   * @throws LedgerError when the item is unknown, the observation is malformed, or `content` is
   *   claimed without evidence, with evidence of other bytes, or under a how that cannot yield it.
   */
  observe(input: ObservationInput): ObservationRecord {
    const where = `observation by "${input.party}" of "${input.item}"`;
    const item = this.itemsById.get(input.item);
    if (item === undefined) throw new LedgerError('unknown-item', `${where}: no such item`);
    if (typeof input.party !== 'string' || input.party.length === 0) {
      throw new LedgerError('invalid-observation', `${where}: party must not be empty`);
    }
    checkTime(input.t, where);
    const fields = normalizeFields(input.fields, where);
    checkHow(input.how, where);
    if (fields.length === 0 && input.how.kind !== 'ciphertext') {
      throw new LedgerError(
        'invalid-observation',
        `${where}: name at least one field (only held ciphertext may name none)`,
      );
    }
    let evidenceDigest: string | undefined;
    if (fields.includes('content')) {
      evidenceDigest = this.checkEvidence(item, input, where);
    } else if (input.evidence !== undefined) {
      throw new LedgerError(
        'invalid-observation',
        `${where}: evidence given but "content" is not among the fields`,
      );
    }
    const how = this.internHow(input.how);
    const seq = this.observationRows.push({
      t: input.t,
      party: input.party,
      item: input.item,
      fields,
      how,
      evidenceDigest,
    });
    const record: ObservationRecord =
      evidenceDigest === undefined
        ? { seq, t: input.t, party: input.party, item: input.item, fields, how }
        : { seq, t: input.t, party: input.party, item: input.item, fields, how, evidenceDigest };
    this.listeners.onObservation?.(record);
    return record;
  }

  /** Items in registration order. */
  items(): readonly ItemRecord[] {
    return this.itemList;
  }

  /** Observations in recording order (records are built on the first read, then kept). */
  observations(): readonly ObservationRecord[] {
    return this.observationRows.materialize();
  }

  /** How many observations there are (without building their records). */
  get observationCount(): number {
    return this.observationRows.length;
  }

  /** The ledger as plain JSON (a snapshot; later writes do not change it). */
  toJSON(): LedgerData {
    return { items: this.itemList.slice(), observations: this.observations().slice() };
  }

  /** The shared frozen copy of `how` (a fresh one once the table is full). */
  private internHow(how: How): How {
    // Fast path: the kind and at most one string member (nearly every how), looked up through
    // nested maps by kind, member name and value, so no key string is built per observation.
    let name = '';
    let value = '';
    let simple = true;
    for (const member in how) {
      if (member === 'kind') continue;
      const v = (how as unknown as Record<string, unknown>)[member];
      if (v === undefined) continue;
      if (typeof v !== 'string' || name !== '') {
        simple = false;
        break;
      }
      name = member;
      value = v;
    }
    if (simple) {
      let byName = this.simpleHows.get(how.kind);
      if (byName === undefined) this.simpleHows.set(how.kind, (byName = new Map()));
      let byValue = byName.get(name);
      if (byValue === undefined) byName.set(name, (byValue = new Map()));
      const known = byValue.get(value);
      if (known !== undefined) return known;
      const copy = Object.freeze(stripUndefined(how));
      if (this.internedHows < MAX_INTERNED_HOWS) {
        byValue.set(value, copy);
        this.internedHows++;
      }
      return copy;
    }
    const key = howKey(how);
    const known = key === undefined ? undefined : this.hows.get(key);
    if (known !== undefined) return known;
    const copy = Object.freeze(stripUndefined(how)); // later changes to the caller's `how` do not reach the ledger
    if (key !== undefined && this.internedHows < MAX_INTERNED_HOWS) {
      this.hows.set(key, copy);
      this.internedHows++;
    }
    return copy;
  }

  private checkEvidence(item: ItemRecord, input: ObservationInput, where: string): string {
    if (!CONTENT_HOW_KINDS.includes(input.how.kind)) {
      throw new LedgerError(
        'content-not-possible',
        `${where}: content cannot be learned by "${input.how.kind}"`,
      );
    }
    if (item.contentDigest === undefined) {
      throw new LedgerError(
        'no-content-digest',
        `${where}: the item was registered without a content digest`,
      );
    }
    if (!(input.evidence instanceof Uint8Array)) {
      throw new LedgerError(
        'content-without-evidence',
        `${where}: content claimed without the plaintext bytes`,
      );
    }
    const digest = contentDigest(input.evidence, this.sha256);
    if (digest !== item.contentDigest) {
      throw new LedgerError('evidence-mismatch', `${where}: the bytes held are not the item's plaintext`);
    }
    return digest;
  }
}

function checkTime(t: number, where: string): void {
  if (!Number.isFinite(t) || t < 0)
    throw new LedgerError('invalid-observation', `${where}: time must be a finite number ≥ 0, got ${t}`);
}

/**
 * Field lists shared between observations (frozen): a long run records millions of observations
 * that name a handful of distinct lists, and one array per observation was a large part of its
 * memory. An ordered list without repeats is a subset of FIELDS, so its bit mask (bit i = FIELDS[i])
 * indexes the table: no key string per observation.
 */
const SHARED_FIELD_LISTS: (readonly Field[] | undefined)[] = new Array<undefined>(1 << FIELDS.length);

/** The shared list of `mask` (`fields` are the same fields, in order). */
function shared(mask: number, fields: readonly Field[]): readonly Field[] {
  let list = SHARED_FIELD_LISTS[mask];
  if (list === undefined) SHARED_FIELD_LISTS[mask] = list = Object.freeze(fields.slice());
  return list;
}

function normalizeFields(fields: readonly Field[], where: string): readonly Field[] {
  if (!Array.isArray(fields))
    throw new LedgerError('invalid-observation', `${where}: fields must be an array`);
  // Fast path: parties name fields already in ledger order without repeats.
  let mask = 0;
  let previous = -1;
  for (let i = 0; i < fields.length; i++) {
    const rank = FIELD_ORDER.get(fields[i]!);
    if (rank === undefined || rank <= previous) {
      mask = -1;
      break;
    }
    mask |= 1 << rank;
    previous = rank;
  }
  if (mask >= 0) return shared(mask, fields);
  const unique = new Set<Field>();
  for (const field of fields) {
    if (!FIELD_ORDER.has(field)) {
      throw new LedgerError(
        'invalid-observation',
        `${where}: unknown field "${String(field)}" (one of ${FIELDS.join(', ')})`,
      );
    }
    unique.add(field);
  }
  const sorted = [...unique].sort((a, b) => FIELD_ORDER.get(a)! - FIELD_ORDER.get(b)!);
  return shared(
    sorted.reduce((bits, field) => bits | (1 << FIELD_ORDER.get(field)!), 0),
    sorted,
  );
}

/** The member each kind of How must name. */
const HOW_REQUIRED_MEMBER: Partial<Record<How['kind'], string>> = {
  decrypted: 'with',
  backup: 'source',
  exfiltrated: 'by',
  timing: 'detail',
};

function checkHow(how: How, where: string): void {
  if (how === null || typeof how !== 'object' || !HOW_KIND_SET.has(how.kind)) {
    throw new LedgerError('invalid-observation', `${where}: how.kind must be one of ${HOW_KINDS.join(', ')}`);
  }
  const key = HOW_REQUIRED_MEMBER[how.kind];
  if (key !== undefined) {
    const value = (how as unknown as Record<string, unknown>)[key];
    if (typeof value !== 'string' || value.length === 0) {
      throw new LedgerError('invalid-observation', `${where}: how "${how.kind}" needs a non-empty "${key}"`);
    }
  }
}

/** Distinct hows shared at most (a bound on memory for runs that make up a new one per item). */
const MAX_INTERNED_HOWS = 1 << 16;

/**
 * A key naming every defined member of `how` (kind first), so equal hows and only they share one;
 * undefined for a how with a member that is not a string (never shared).
 */
function howKey(how: How): string | undefined {
  let key: string = how.kind;
  for (const name in how) {
    if (name === 'kind') continue;
    const value = (how as unknown as Record<string, unknown>)[name];
    if (value === undefined) continue;
    if (typeof value !== 'string') return undefined;
    key += `\u0000${name}\u0000${value}`;
  }
  return key;
}

function stripUndefined<T extends object>(value: T): T {
  const out: Record<string, unknown> = {};
  for (const key in value) {
    const member = value[key];
    if (member !== undefined) out[key] = member;
  }
  return out as T;
}
