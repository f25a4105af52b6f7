/**
 * Canonical JSON for journals and hashes: object keys sorted by UTF-16 code units, no whitespace,
 * numbers in ECMAScript's shortest round-trip form — the rules of RFC 8785 (JCS) — plus one
 * extension: byte arrays are written as lower-case hex strings. `undefined` object members are
 * omitted. Anything else JSON cannot say exactly (NaN, Infinity, bigint, functions, Maps, Dates,
 * undefined inside arrays) is refused rather than silently changed, because two runs must hash
 * equal only when they really are equal.
 *
 * Hot path: a long run writes ~10^6 journal lines, so the text is written straight into a byte
 * buffer as UTF-8 (byte-sink.ts) — the journal hashes those bytes — with quoted keys and frozen
 * field lists encoded once. The string functions (`canonicalJson`…) decode the same bytes, so there
 * is one writer and the text and the hashed bytes cannot disagree.
 */
import { SimulationError } from './errors.js';
import { ByteSink } from './byte-sink.js';

/** A value the journal can write. */
export type CanonicalValue =
  | string
  | number
  | boolean
  | null
  | Uint8Array
  | readonly CanonicalValue[]
  | { readonly [key: string]: CanonicalValue | undefined };

/** Thrown inside the writer; rethrown as a SimulationError with the path filled in. */
class Refusal {
  readonly path: string[] = [];
  constructor(readonly what: string) {}
}

const encoder = new TextEncoder();
const QUOTE = 0x22;
const COMMA = 0x2c;
const COLON = 0x3a;
const TRUE = encoder.encode('true');
const FALSE = encoder.encode('false');
const NULL = encoder.encode('null');
/** Lower-case hex digits as character codes. */
const HEX_DIGITS = encoder.encode('0123456789abcdef');

/** Quoted keys seen so far, UTF-8 (journal keys come from a small fixed vocabulary). */
const QUOTED_KEYS = new Map<string, Uint8Array>();
const MAX_CACHED_KEYS = 4096;

/**
 * Writes `value` into `sink` as canonical JSON (see the file comment). On a refusal nothing is left
 * in the sink: its length is what it was.
 * @throws SimulationError `invalid-journal-entry` for a value JSON cannot represent exactly.
 */
export function writeCanonicalJson(sink: ByteSink, value: CanonicalValue): void {
  const start = sink.length;
  try {
    writeValue(sink, value);
  } catch (error) {
    throw failed(sink, start, error);
  }
}

/** The scratch sink of the string functions below (they never nest). */
const scratch = new ByteSink();

function asText(write: (sink: ByteSink) => void): string {
  scratch.length = 0;
  write(scratch);
  return scratch.text();
}

/**
 * The canonical JSON text of `value` (see the file comment).
 * @throws SimulationError `invalid-journal-entry` for a value JSON cannot represent exactly.
 */
export function canonicalJson(value: CanonicalValue): string {
  return asText((sink) => writeCanonicalJson(sink, value));
}

/**
 * What a write that failed leaves: the sink as it was at `start`, and a refusal turned into the
 * SimulationError that names its path (other errors pass through).
 */
function failed(sink: ByteSink, start: number, error: unknown): unknown {
  sink.length = start;
  if (!(error instanceof Refusal)) return error;
  return new SimulationError(
    'invalid-journal-entry',
    `cannot write ${error.what} at $${error.path.reverse().join('')} in canonical JSON`,
  );
}

function writeValue(sink: ByteSink, value: unknown): void {
  switch (typeof value) {
    case 'string':
      return writeString(sink, value);
    case 'boolean':
      return sink.append(value ? TRUE : FALSE);
    case 'number':
      return writeNumber(sink, value);
    case 'object':
      if (value === null) return sink.append(NULL);
      if (value instanceof Uint8Array) return writeHex(sink, value);
      if (Array.isArray(value))
        return Object.isFrozen(value) ? writeFrozenArray(sink, value) : writeArray(sink, value);
      {
        const proto = Object.getPrototypeOf(value) as unknown;
        if (proto !== Object.prototype && proto !== null) {
          throw new Refusal(`a ${(value as object).constructor?.name ?? 'non-plain'} object`);
        }
      }
      return writeObject(sink, value as Record<string, unknown>);
    default:
      throw new Refusal(`a ${typeof value}`);
  }
}

/**
 * `JSON.stringify(text)` as UTF-8. The usual journal string (ids, labels, hex) is ASCII with
 * nothing to escape and is copied code by code; anything else — a quote, backslash, control
 * character, non-ASCII text — is quoted by JSON.stringify where it needs an escape (which also
 * escapes lone surrogates), then encoded.
 */
function writeString(sink: ByteSink, text: string): void {
  const length = text.length;
  sink.reserve(length + 2);
  const bytes = sink.bytes;
  let at = sink.length;
  bytes[at++] = QUOTE;
  for (let i = 0; i < length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x20 || code === 0x22 || code === 0x5c || code >= 0x80) return writeStringSlowly(sink, text);
    bytes[at++] = code;
  }
  bytes[at++] = QUOTE;
  sink.length = at;
}

function writeStringSlowly(sink: ByteSink, text: string): void {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 || c === 0x22 || c === 0x5c || (c >= 0xd800 && c <= 0xdfff)) {
      return sink.utf8(JSON.stringify(text));
    }
  }
  sink.byte(QUOTE);
  sink.utf8(text);
  sink.byte(QUOTE);
}

/** Integers up to 2^53 are written digit by digit; other numbers as ECMAScript's `String(n)`. */
function writeNumber(sink: ByteSink, value: number): void {
  if (!Number.isFinite(value)) throw new Refusal(`non-finite number ${value}`);
  if (!Number.isSafeInteger(value)) return writeAscii(sink, String(value));
  sink.reserve(17);
  const bytes = sink.bytes;
  let at = sink.length;
  let rest = value;
  if (rest < 0) {
    bytes[at++] = 0x2d; // '-'; -0 is not below 0 and is written "0", as JSON.stringify does
    rest = -rest;
  }
  let digits = 1;
  for (let x = rest; x >= 10; x = Math.floor(x / 10)) digits++;
  at += digits;
  sink.length = at;
  do {
    bytes[--at] = 0x30 + (rest % 10);
    rest = Math.floor(rest / 10);
  } while (rest > 0);
}

function writeAscii(sink: ByteSink, text: string): void {
  sink.reserve(text.length);
  const bytes = sink.bytes;
  let at = sink.length;
  for (let i = 0; i < text.length; i++) bytes[at++] = text.charCodeAt(i);
  sink.length = at;
}

function writeHex(sink: ByteSink, data: Uint8Array): void {
  sink.reserve(2 * data.length + 2);
  const bytes = sink.bytes;
  let at = sink.length;
  bytes[at++] = QUOTE;
  for (let i = 0; i < data.length; i++) {
    const byte = data[i]!;
    bytes[at++] = HEX_DIGITS[byte >> 4]!;
    bytes[at++] = HEX_DIGITS[byte & 15]!;
  }
  bytes[at++] = QUOTE;
  sink.length = at;
}

function writeArray(sink: ByteSink, array: readonly unknown[]): void {
  sink.byte(0x5b); // '['
  for (let i = 0; i < array.length; i++) {
    try {
      if (array[i] === undefined) throw new Refusal('undefined inside an array');
      if (i > 0) sink.byte(COMMA);
      writeValue(sink, array[i]);
    } catch (error) {
      if (error instanceof Refusal) error.path.push(`[${i}]`);
      throw error;
    }
  }
  sink.byte(0x5d); // ']'
}

/**
 * Bytes of frozen arrays of primitives (the ledger's shared field lists, on every observation's
 * line): they cannot change, so each is written once. Frozen arrays holding objects are written each
 * time (freezing is shallow).
 */
const FROZEN_ARRAY_BYTES = new WeakMap<readonly unknown[], Uint8Array>();

function writeFrozenArray(sink: ByteSink, array: readonly unknown[]): void {
  const known = FROZEN_ARRAY_BYTES.get(array);
  if (known !== undefined) return sink.append(known);
  const start = sink.length;
  writeArray(sink, array);
  if (array.every((member) => member === null || typeof member !== 'object'))
    FROZEN_ARRAY_BYTES.set(array, sink.bytes.slice(start, sink.length));
}

function writeObject(sink: ByteSink, object: Record<string, unknown>): void {
  const keys = Object.keys(object).sort();
  writeMembers(
    sink,
    keys,
    keys.map((key) => object[key]),
  );
}

/** `{"k":v,…}` for keys already sorted and their values (undefined values are left out). */
function writeMembers(sink: ByteSink, sortedKeys: readonly string[], values: readonly unknown[]): void {
  sink.byte(0x7b); // '{'
  let first = true;
  for (let i = 0; i < sortedKeys.length; i++) {
    const member = values[i];
    if (member === undefined) continue;
    const key = sortedKeys[i]!;
    if (!first) sink.byte(COMMA);
    first = false;
    sink.append(quotedKey(key));
    sink.byte(COLON);
    try {
      writeValue(sink, member);
    } catch (error) {
      if (error instanceof Refusal) error.path.push(`.${key}`);
      throw error;
    }
  }
  sink.byte(0x7d); // '}'
}

function quotedKey(key: string): Uint8Array {
  let quoted = QUOTED_KEYS.get(key);
  if (quoted === undefined) {
    quoted = encoder.encode(JSON.stringify(key));
    if (QUOTED_KEYS.size < MAX_CACHED_KEYS) QUOTED_KEYS.set(key, quoted);
  }
  return quoted;
}

/**
 * A prepared object shape for hot journal events: the member names are checked, sorted and quoted
 * once, so writing an event is one pass over its values. The bytes are exactly what
 * `writeCanonicalJson` writes for the same object (undefined members left out).
 */
export class CanonicalShape {
  /** Member names in canonical (sorted) order. */
  private readonly sorted: readonly string[];
  /** For each sorted member, its index in the names given to the constructor. */
  private readonly order: readonly number[];
  /** `"name":` of each sorted member, UTF-8. */
  private readonly prefixes: readonly Uint8Array[];

  /** @throws SimulationError `invalid-journal-entry` when a name repeats. */
  constructor(names: readonly string[]) {
    if (new Set(names).size !== names.length) {
      throw new SimulationError('invalid-journal-entry', `shape names repeat: ${names.join(', ')}`);
    }
    this.sorted = [...names].sort();
    this.order = this.sorted.map((name) => names.indexOf(name));
    this.prefixes = this.sorted.map((name) => encoder.encode(`${JSON.stringify(name)}:`));
  }

  /**
   * Writes the object whose members are `values`, given in the constructor's name order.
   * @throws SimulationError `invalid-journal-entry` for a value JSON cannot represent exactly (the
   *   sink is left as it was).
   */
  writeTo(sink: ByteSink, values: readonly (CanonicalValue | undefined)[]): void {
    const start = sink.length;
    let i = 0;
    try {
      sink.byte(0x7b); // '{'
      let first = true;
      for (; i < this.sorted.length; i++) {
        const member = values[this.order[i]!];
        if (member === undefined) continue;
        if (!first) sink.byte(COMMA);
        first = false;
        sink.append(this.prefixes[i]!);
        writeValue(sink, member);
      }
      sink.byte(0x7d); // '}'
    } catch (error) {
      if (error instanceof Refusal) error.path.push(`.${this.sorted[i]!}`);
      throw failed(sink, start, error);
    }
  }

  /**
   * The canonical JSON text of the object whose members are `values` (see `writeTo`).
   * @throws SimulationError `invalid-journal-entry` for a value JSON cannot represent exactly.
   */
  write(values: readonly (CanonicalValue | undefined)[]): string {
    return asText((sink) => this.writeTo(sink, values));
  }
}
