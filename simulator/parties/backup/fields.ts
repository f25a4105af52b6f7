/**
 * A tiny length-prefixed codec for the backup parties' wire messages (cloud upload/download
 * requests, vault exchanges): a list of byte strings, each prefixed by its 32-bit big-endian length.
 * Decoding is strict so a truncated or padded message is refused rather than half-read.
 */
import { utf8 } from '../../crypto/bytes.js';

/** A field list could not be decoded. */
export class FieldsError extends Error {
  override readonly name = 'FieldsError';
}

/** Packs `fields` (strings are UTF-8 encoded) into one byte string. */
export function packFields(fields: readonly (Uint8Array | string)[]): Uint8Array {
  const parts = fields.map((field) => (typeof field === 'string' ? utf8(field) : field));
  const out = new Uint8Array(parts.reduce((sum, part) => sum + 4 + part.length, 0));
  const view = new DataView(out.buffer);
  let offset = 0;
  for (const part of parts) {
    view.setUint32(offset, part.length, false);
    out.set(part, offset + 4);
    offset += 4 + part.length;
  }
  return out;
}

/**
 * Unpacks what `packFields` produced.
 * @throws FieldsError when a length runs past the end or `expected` fields are not all there.
 */
export function unpackFields(bytes: Uint8Array, expected?: number): Uint8Array[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const fields: Uint8Array[] = [];
  let offset = 0;
  while (offset < bytes.length) {
    if (offset + 4 > bytes.length) throw new FieldsError('truncated field length');
    const length = view.getUint32(offset, false);
    if (offset + 4 + length > bytes.length) throw new FieldsError('truncated field');
    fields.push(bytes.slice(offset + 4, offset + 4 + length));
    offset += 4 + length;
  }
  if (expected !== undefined && fields.length !== expected) {
    throw new FieldsError(`expected ${expected} fields, got ${fields.length}`);
  }
  return fields;
}
