/**
 * Canonical JSON for journals and hashes: object keys sorted by UTF-16 code units, no whitespace,
 * numbers in ECMAScript's shortest round-trip form — the rules of RFC 8785 (JCS) — plus one
 * extension: byte arrays are written as lower-case hex strings. `undefined` object members are
 * omitted. Anything else JSON cannot say exactly (NaN, Infinity, bigint, functions, Maps, Dates,
 * undefined inside arrays) is refused rather than silently changed, because two runs must hash
 * equal only when they really are equal.
 *
 * Hot path: a benchmark writes ~10^6 journal lines, so this avoids per-key allocations (quoted keys
 * are cached, error paths are built only when refusing).
 */
import { toHex } from '../crypto/bytes.js';
import { SimulationError } from './errors.js';

/** A value the journal can write. */
export type CanonicalValue =
  | string
  | number
  | boolean
  | null
  | Uint8Array
  | readonly CanonicalValue[]
  | { readonly [key: string]: CanonicalValue | undefined };

/** Quoted keys seen so far (journal keys come from a small fixed vocabulary). */
const QUOTED_KEYS = new Map<string, string>();
const MAX_CACHED_KEYS = 4096;

/** Thrown inside the writer; rethrown by `canonicalJson` with the path filled in. */
class Refusal {
  readonly path: string[] = [];
  constructor(readonly what: string) {}
}

/**
 * The canonical JSON text of `value` (see the file comment).
 * @throws SimulationError `invalid-journal-entry` for a value JSON cannot represent exactly.
 */
export function canonicalJson(value: CanonicalValue): string {
  try {
    return write(value);
  } catch (error) {
    if (!(error instanceof Refusal)) throw error;
    const path = '$' + error.path.reverse().join('');
    throw new SimulationError(
      'invalid-journal-entry',
      `cannot write ${error.what} at ${path} in canonical JSON`,
    );
  }
}

/**
 * The canonical JSON of the object `{...fields, ...extra}` without building it (the journal's hot
 * path: spreading a fresh object per line costs more than writing it).
 * @throws SimulationError `invalid-journal-entry` when a key is in both, or a value is refused.
 */
export function canonicalJsonMerged(
  fields: { readonly [key: string]: CanonicalValue | undefined },
  extra: { readonly [key: string]: CanonicalValue },
): string {
  const keys = Object.keys(fields);
  const extraKeys = Object.keys(extra);
  for (const key of extraKeys) {
    if (Object.prototype.hasOwnProperty.call(fields, key)) {
      throw new SimulationError('invalid-journal-entry', `"${key}" is given twice`);
    }
    keys.push(key);
  }
  keys.sort();
  const values = keys.map((key) => (extraKeys.includes(key) ? extra[key] : fields[key]));
  try {
    return writeMemberValues(keys, values);
  } catch (error) {
    if (!(error instanceof Refusal)) throw error;
    const path = '$' + error.path.reverse().join('');
    throw new SimulationError(
      'invalid-journal-entry',
      `cannot write ${error.what} at ${path} in canonical JSON`,
    );
  }
}

function write(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return quoteString(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) throw new Refusal(`non-finite number ${value}`);
      return JSON.stringify(value);
    case 'object':
      if (value === null) return 'null';
      if (value instanceof Uint8Array) return `"${toHex(value)}"`;
      if (Array.isArray(value)) return Object.isFrozen(value) ? writeFrozenArray(value) : writeArray(value);
      {
        const proto = Object.getPrototypeOf(value) as unknown;
        if (proto !== Object.prototype && proto !== null) {
          throw new Refusal(`a ${(value as object).constructor?.name ?? 'non-plain'} object`);
        }
      }
      return writeObject(value as Record<string, unknown>);
    default:
      throw new Refusal(`a ${typeof value}`);
  }
}

/**
 * `JSON.stringify(text)`, with a fast path for the usual journal string (ids, labels, hex): when no
 * character needs an escape — no quote, backslash, control character or UTF-16 surrogate (a lone
 * one is escaped by JSON.stringify, a pair is not; both go the slow way here) — the quoted text is
 * the text between quotes.
 */
function quoteString(text: string): string {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 || c === 0x22 || c === 0x5c || (c >= 0xd800 && c <= 0xdfff)) return JSON.stringify(text);
  }
  return '"' + text + '"';
}

function writeArray(array: readonly unknown[]): string {
  let out = '[';
  for (let i = 0; i < array.length; i++) {
    try {
      if (array[i] === undefined) throw new Refusal('undefined inside an array');
      out += (i === 0 ? '' : ',') + write(array[i]);
    } catch (error) {
      if (error instanceof Refusal) error.path.push(`[${i}]`);
      throw error;
    }
  }
  return out + ']';
}

/**
 * Text of frozen arrays of primitives (the ledger's shared field lists, on every observation's line):
 * they cannot change, so each is written once. Frozen arrays holding objects are written each time
 * (freezing is shallow).
 */
const FROZEN_ARRAY_TEXT = new WeakMap<readonly unknown[], string>();

function writeFrozenArray(array: readonly unknown[]): string {
  let text = FROZEN_ARRAY_TEXT.get(array);
  if (text === undefined) {
    text = writeArray(array);
    if (array.every((member) => member === null || typeof member !== 'object'))
      FROZEN_ARRAY_TEXT.set(array, text);
  }
  return text;
}

function writeObject(object: Record<string, unknown>): string {
  const keys = Object.keys(object).sort();
  return writeMemberValues(
    keys,
    keys.map((key) => object[key]),
  );
}

/** `{"k":v,…}` for keys already sorted and their values (undefined values are left out). */
function writeMemberValues(sortedKeys: readonly string[], values: readonly unknown[]): string {
  let out = '{';
  let first = true;
  for (let i = 0; i < sortedKeys.length; i++) {
    const key = sortedKeys[i]!;
    const member = values[i];
    if (member === undefined) continue;
    let text: string;
    try {
      text = write(member);
    } catch (error) {
      if (error instanceof Refusal) error.path.push(`.${key}`);
      throw error;
    }
    out += (first ? '' : ',') + quoteKey(key) + ':' + text;
    first = false;
  }
  return out + '}';
}

function quoteKey(key: string): string {
  let quoted = QUOTED_KEYS.get(key);
  if (quoted === undefined) {
    quoted = JSON.stringify(key);
    if (QUOTED_KEYS.size < MAX_CACHED_KEYS) QUOTED_KEYS.set(key, quoted);
  }
  return quoted;
}

/**
 * A prepared object shape for hot journal events: the member names are checked, sorted and quoted
 * once, so writing an event is one pass over its values. The text is exactly what `canonicalJson`
 * writes for the same object (undefined members left out).
 */
export class CanonicalShape {
  /** Member names in canonical (sorted) order. */
  private readonly sorted: readonly string[];
  /** For each sorted member, its index in the names given to the constructor. */
  private readonly order: readonly number[];
  private readonly quoted: readonly string[];

  /** @throws SimulationError `invalid-journal-entry` when a name repeats. */
  constructor(names: readonly string[]) {
    if (new Set(names).size !== names.length) {
      throw new SimulationError('invalid-journal-entry', `shape names repeat: ${names.join(', ')}`);
    }
    this.sorted = [...names].sort();
    this.order = this.sorted.map((name) => names.indexOf(name));
    this.quoted = this.sorted.map((name) => JSON.stringify(name));
  }

  /**
   * The canonical JSON of the object whose members are `values`, given in the constructor's name order.
   * @throws SimulationError `invalid-journal-entry` for a value JSON cannot represent exactly.
   */
  write(values: readonly (CanonicalValue | undefined)[]): string {
    let out = '{';
    for (let i = 0; i < this.sorted.length; i++) {
      const member = values[this.order[i]!];
      if (member === undefined) continue;
      let text: string;
      try {
        text = write(member);
      } catch (error) {
        if (!(error instanceof Refusal)) throw error;
        error.path.push(`.${this.sorted[i]!}`);
        throw new SimulationError(
          'invalid-journal-entry',
          `cannot write ${error.what} at $${error.path.reverse().join('')} in canonical JSON`,
        );
      }
      out += (out.length === 1 ? '' : ',') + this.quoted[i]! + ':' + text;
    }
    return out + '}';
  }
}
