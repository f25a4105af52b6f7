/**
 * Editing wire messages field by field, as an attacker on the wire would: decode the protobuf with
 * the same protobufjs types the protocol uses, change fields, re-encode, and keep the rest of the
 * framing (version byte, MAC or signature) exactly as it was. Used by the atomicity tests and by the
 * fuzz engine's structure-aware mutations.
 */
import { concatBytes } from '../../simulator/crypto/bytes.js';
import { MAC_LENGTH, SIGNATURE_LENGTH } from '../../simulator/protocol/constants.js';
import { WireTypes } from '../../simulator/protocol/wire-schema.js';

/** The decoded fields of a wire message, as protobufjs gives them (absent fields are not own properties). */
export type WireFields = Record<string, unknown>;

/** Which of the four wire messages, and how its protobuf is framed. */
export type WireKind = 'whisper' | 'prekey' | 'senderkey' | 'skdm';

const TYPES = {
  whisper: WireTypes.WhisperMessage,
  prekey: WireTypes.PreKeyWhisperMessage,
  senderkey: WireTypes.SenderKeyMessage,
  skdm: WireTypes.SenderKeyDistributionMessage,
} as const;

/** Bytes after the protobuf: the WhisperMessage MAC, the SenderKeyMessage signature, or nothing. */
export function trailerLength(kind: WireKind): number {
  return kind === 'whisper' ? MAC_LENGTH : kind === 'senderkey' ? SIGNATURE_LENGTH : 0;
}

/**
 * Decodes the protobuf part of a well-formed message of `kind`. Works on a copy: protobufjs returns
 * bytes fields as views into its input, and editing them must never touch `message`.
 */
export function decodeFields(kind: WireKind, message: Uint8Array): WireFields {
  const proto = message.slice(1, message.length - trailerLength(kind));
  return TYPES[kind].decode(proto) as unknown as WireFields;
}

/** Encodes `fields` as the protobuf of `kind` (protobufjs, canonical). */
export function encodeFields(kind: WireKind, fields: WireFields): Uint8Array {
  return TYPES[kind].encode(fields).finish();
}

/**
 * `message` with its protobuf replaced by `change(fields)` re-encoded; the version byte and the
 * trailer (MAC or signature) are kept as they were, so only the verification can notice.
 */
export function rewrite(
  kind: WireKind,
  message: Uint8Array,
  change: (fields: WireFields) => void,
): Uint8Array {
  const fields = decodeFields(kind, message);
  change(fields);
  const trailer = message.subarray(message.length - trailerLength(kind));
  return concatBytes(message.subarray(0, 1), encodeFields(kind, fields), trailer);
}

/** A copy of `bytes` with `index` changed by XOR with `delta` (non-zero delta: a real change). */
export function withByte(bytes: Uint8Array, index: number, delta: number): Uint8Array {
  const out = bytes.slice();
  out[index] = out[index]! ^ delta;
  return out;
}

/**
 * Curve25519 public keys of small order (the u-coordinates libsodium and others blacklist): a DH with
 * any of them gives the all-zero secret, which the providers refuse with a CryptoError. An attacker
 * can put them in any key field without knowing a single secret.
 */
export const LOW_ORDER_KEYS: readonly string[] = [
  '0000000000000000000000000000000000000000000000000000000000000000',
  '0100000000000000000000000000000000000000000000000000000000000000',
  'e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800',
  '5f9c95bca3508c24b1d0b1559c83ef5b04445cc4581c8e86d8224eddd09f1157',
  'ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f',
  'edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f',
  'eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f',
];

/** Where one top-level protobuf field sits in a buffer: its tag, and its value (content for bytes). */
export interface FieldSpan {
  readonly field: number;
  readonly wireType: number;
  readonly tagStart: number;
  /** First byte of the value: the varint itself, or the content after a length prefix. */
  readonly valueStart: number;
  /** One past the last byte of the value. */
  readonly end: number;
}

function readVarint(bytes: Uint8Array, at: number): { value: number; next: number } {
  let value = 0;
  let shift = 0;
  let next = at;
  for (;;) {
    const byte = bytes[next++];
    if (byte === undefined) throw new RangeError('truncated varint');
    value += (byte & 0x7f) * 2 ** shift;
    if ((byte & 0x80) === 0) return { value, next };
    shift += 7;
  }
}

/**
 * The top-level fields of a well-formed protobuf starting at `offset` (varint and length-delimited
 * fields only, which is all the Signal wire messages use), so tests can aim at exact bytes.
 */
export function fieldSpans(bytes: Uint8Array, offset: number, end = bytes.length): FieldSpan[] {
  const spans: FieldSpan[] = [];
  let at = offset;
  while (at < end) {
    const tag = readVarint(bytes, at);
    const field = Math.floor(tag.value / 8);
    const wireType = tag.value % 8;
    if (wireType === 0) {
      const value = readVarint(bytes, tag.next);
      spans.push({ field, wireType, tagStart: at, valueStart: tag.next, end: value.next });
      at = value.next;
    } else if (wireType === 2) {
      const length = readVarint(bytes, tag.next);
      spans.push({ field, wireType, tagStart: at, valueStart: length.next, end: length.next + length.value });
      at = length.next + length.value;
    } else {
      throw new RangeError(`unexpected wire type ${wireType}`);
    }
  }
  return spans;
}
