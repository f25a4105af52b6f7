/**
 * Canonical JSON for journals and hashes: object keys sorted by UTF-16 code units, no whitespace,
 * numbers in ECMAScript's shortest round-trip form — the rules of RFC 8785 (JCS) — plus one
 * extension: byte arrays are written as lower-case hex strings. `undefined` object members are
 * omitted. Anything else JSON cannot say exactly (NaN, Infinity, bigint, functions, Maps, Dates,
 * undefined inside arrays) is refused rather than silently changed, because two runs must hash
 * equal only when they really are equal.
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

/**
 * The canonical JSON text of `value` (see the file comment).
 * @throws SimulationError `invalid-journal-entry` for a value JSON cannot represent exactly.
 */
export function canonicalJson(value: CanonicalValue): string {
  return write(value, '$');
}

function write(value: unknown, path: string): string {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) refuse(path, `non-finite number ${value}`);
      return JSON.stringify(value);
    case 'object':
      if (value === null) return 'null';
      if (value instanceof Uint8Array) return `"${toHex(value)}"`;
      if (Array.isArray(value)) {
        let out = '[';
        for (let i = 0; i < value.length; i++) {
          if (value[i] === undefined) refuse(`${path}[${i}]`, 'undefined inside an array');
          out += (i === 0 ? '' : ',') + write(value[i], `${path}[${i}]`);
        }
        return out + ']';
      }
      if (Object.getPrototypeOf(value) !== Object.prototype && Object.getPrototypeOf(value) !== null) {
        refuse(path, `a ${(value as object).constructor?.name ?? 'non-plain'} object`);
      }
      return writeObject(value as Record<string, unknown>, path);
    default:
      return refuse(path, `a ${typeof value}`);
  }
}

function writeObject(object: Record<string, unknown>, path: string): string {
  const keys = Object.keys(object).sort();
  let out = '{';
  let first = true;
  for (const key of keys) {
    const member = object[key];
    if (member === undefined) continue;
    out += (first ? '' : ',') + JSON.stringify(key) + ':' + write(member, `${path}.${key}`);
    first = false;
  }
  return out + '}';
}

function refuse(path: string, what: string): never {
  throw new SimulationError('invalid-journal-entry', `cannot write ${what} at ${path} in canonical JSON`);
}
