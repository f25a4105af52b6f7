/**
 * The fuzz engine's mutation operators. Each takes a genuine wire message (and the whole corpus of
 * genuine messages, for splices and cross-type deliveries) and returns a changed message and the
 * name of what was done. All randomness comes from a SeededRandom, so a case replays exactly.
 *
 * Byte-level operators (bit flips, substitutions, truncations, extensions, splices, version bytes)
 * find parser and framing faults; structure-aware ones (random protobuf, field edits that keep the
 * MAC or signature) get past the parser and reach the key agreement, the ratchet and the MAC.
 */
import { concatBytes, fromHex } from '../../simulator/crypto/bytes.js';
import type { SeededRandom } from '../../simulator/crypto/seeded-random.js';
import {
  LOW_ORDER_KEYS,
  type WireFields,
  type WireKind,
  decodeFields,
  encodeFields,
  trailerLength,
} from './wire-edit.js';

/** A genuine message in the corpus, by kind. */
export interface CorpusEntry {
  readonly kind: WireKind;
  readonly bytes: Uint8Array;
}

export interface Mutation {
  readonly name: string;
  readonly bytes: Uint8Array;
}

type Operator = (rng: SeededRandom, message: CorpusEntry, corpus: readonly CorpusEntry[]) => Mutation;

const BOUNDARY_NUMBERS = [
  0, 1, 2, 127, 128, 2000, 2001, 16380, 16381, 0xffffff, 0x1000000, 0x7fffffff, 0xffffffff,
];

/** Field names and types of the four wire messages (wire-schema.ts). */
const SCHEMA: Record<WireKind, Record<string, 'uint32' | 'key' | 'bytes'>> = {
  whisper: { ephemeralKey: 'key', counter: 'uint32', previousCounter: 'uint32', ciphertext: 'bytes' },
  prekey: {
    registrationId: 'uint32',
    preKeyId: 'uint32',
    signedPreKeyId: 'uint32',
    baseKey: 'key',
    identityKey: 'key',
    message: 'bytes',
  },
  senderkey: { id: 'uint32', iteration: 'uint32', ciphertext: 'bytes' },
  skdm: { id: 'uint32', iteration: 'uint32', chainKey: 'bytes', signingKey: 'key' },
};

function randomByteOtherThan(rng: SeededRandom, value: number | undefined): number {
  return (((value ?? 0) + rng.int(1, 256)) & 0xff) >>> 0;
}

function bitFlip(rng: SeededRandom, { bytes }: CorpusEntry, _corpus?: readonly CorpusEntry[]): Mutation {
  const out = bytes.slice();
  const flips = rng.int(1, 4);
  for (let i = 0; i < flips && out.length > 0; i++) {
    const at = rng.int(0, out.length);
    out[at] = out[at]! ^ (1 << rng.int(0, 8));
  }
  return { name: `bit-flip×${flips}`, bytes: out };
}

function substitution(rng: SeededRandom, { bytes }: CorpusEntry): Mutation {
  const out = bytes.slice();
  const count = rng.int(1, 4);
  for (let i = 0; i < count && out.length > 0; i++) {
    const at = rng.int(0, out.length);
    out[at] = randomByteOtherThan(rng, out[at]);
  }
  return { name: `byte-substitution×${count}`, bytes: out };
}

function truncation(rng: SeededRandom, { bytes }: CorpusEntry): Mutation {
  if (rng.int(0, 4) === 0)
    return { name: 'truncation-head', bytes: bytes.slice(rng.int(1, bytes.length + 1)) };
  return { name: 'truncation-tail', bytes: bytes.slice(0, rng.int(0, bytes.length)) };
}

function extension(rng: SeededRandom, { bytes }: CorpusEntry): Mutation {
  const extra = rng.bytes(rng.int(1, 41));
  switch (rng.int(0, 3)) {
    case 0:
      return { name: 'extension-append', bytes: concatBytes(bytes, extra) };
    case 1: {
      const at = rng.int(0, bytes.length + 1);
      return {
        name: 'extension-insert',
        bytes: concatBytes(bytes.subarray(0, at), extra, bytes.subarray(at)),
      };
    }
    default: {
      const from = rng.int(0, bytes.length);
      const to = rng.int(from, Math.min(bytes.length, from + 40) + 1);
      const at = rng.int(0, bytes.length + 1);
      const segment = bytes.subarray(from, to);
      return {
        name: 'extension-duplicate',
        bytes: concatBytes(bytes.subarray(0, at), segment, bytes.subarray(at)),
      };
    }
  }
}

function splice(rng: SeededRandom, { bytes }: CorpusEntry, corpus: readonly CorpusEntry[]): Mutation {
  const other = rng.pick(corpus);
  const cut = rng.int(0, bytes.length + 1);
  // Mostly aligned cuts (same offset in both: the common case of two messages of one type), else anywhere.
  const from = rng.int(0, 2) === 0 ? Math.min(cut, other.bytes.length) : rng.int(0, other.bytes.length + 1);
  return {
    name: `splice-with-${other.kind}`,
    bytes: concatBytes(bytes.subarray(0, cut), other.bytes.subarray(from)),
  };
}

function versionByte(rng: SeededRandom, { bytes }: CorpusEntry): Mutation {
  const out = bytes.slice();
  if (out.length > 0) out[0] = randomByteOtherThan(rng, out[0]);
  return { name: 'version-byte', bytes: out };
}

function crossType(rng: SeededRandom, message: CorpusEntry, corpus: readonly CorpusEntry[]): Mutation {
  const others = corpus.filter((entry) => entry.kind !== message.kind);
  const other = rng.pick(others.length > 0 ? others : corpus);
  return { name: `cross-type-${other.kind}`, bytes: other.bytes.slice() };
}

function varint(value: number): number[] {
  const out: number[] = [];
  let rest = value;
  while (rest >= 0x80) {
    out.push((rest % 0x80) | 0x80);
    rest = Math.floor(rest / 0x80);
  }
  out.push(rest);
  return out;
}

/** A key-shaped value an attacker might send: random, low-order, wrong type byte, or wrong length. */
function keyValue(rng: SeededRandom): Uint8Array {
  switch (rng.int(0, 5)) {
    case 0:
      return concatBytes(fromHex('05'), fromHex(rng.pick(LOW_ORDER_KEYS)));
    case 1:
      return concatBytes(new Uint8Array([randomByteOtherThan(rng, 5)]), rng.bytes(32));
    case 2:
      return rng.bytes(rng.pick([0, 31, 32, 34, 65]));
    default:
      return concatBytes(fromHex('05'), rng.bytes(32));
  }
}

function numberValue(rng: SeededRandom): number {
  return rng.int(0, 2) === 0 ? rng.pick(BOUNDARY_NUMBERS) : rng.uint32();
}

function randomField(rng: SeededRandom): number[] {
  const field = rng.int(0, 8) === 0 ? rng.int(0, 1 << 20) : rng.int(1, 8);
  const wireType = rng.int(0, 6) === 0 ? rng.int(0, 8) : rng.pick([0, 2]);
  const out = varint(field * 8 + wireType);
  if (wireType === 0) out.push(...varint(numberValue(rng)));
  else if (wireType === 2) {
    const content =
      rng.int(0, 3) === 0 ? keyValue(rng) : rng.bytes(rng.pick([0, 1, 16, 32, 33, 48, rng.int(0, 200)]));
    const declared = rng.int(0, 10) === 0 ? content.length + rng.int(1, 5) : content.length;
    out.push(...varint(declared), ...content);
  } else if (wireType === 1) out.push(...rng.bytes(8));
  else if (wireType === 5) out.push(...rng.bytes(4));
  return out;
}

/** `0x33 ‖ random protobuf ‖ trailer` of the right size for the target's kind, or of another. */
function randomProtobuf(rng: SeededRandom, message: CorpusEntry): Mutation {
  const fields: number[] = [];
  const count = rng.int(0, 9);
  for (let i = 0; i < count; i++) fields.push(...randomField(rng));
  const trailer = rng.bytes(rng.int(0, 4) === 0 ? rng.pick([0, 8, 64]) : trailerLength(message.kind));
  const version = rng.int(0, 8) === 0 ? rng.int(0, 256) : 0x33;
  return { name: 'random-protobuf', bytes: concatBytes(new Uint8Array([version, ...fields]), trailer) };
}

/**
 * Decodes the genuine message, changes one field (remove it, or give it a boundary, random,
 * low-order or wrongly typed value; for a PreKeyWhisperMessage possibly a mutated or foreign inner
 * message), re-encodes it canonically and keeps the genuine version byte and MAC/signature.
 */
function fieldEdit(rng: SeededRandom, message: CorpusEntry, corpus: readonly CorpusEntry[]): Mutation {
  const schema = SCHEMA[message.kind];
  const field = rng.pick(Object.keys(schema));
  let fields: WireFields;
  try {
    fields = decodeFields(message.kind, message.bytes);
  } catch {
    return bitFlip(rng, message);
  }
  let what: string;
  const roll = rng.int(0, 10);
  if (roll === 0) {
    delete fields[field];
    what = 'removed';
  } else if (schema[field] === 'uint32') {
    const current = typeof fields[field] === 'number' ? (fields[field] as number) : 0;
    const value = rng.int(0, 2) === 0 ? Math.max(0, current + rng.int(-3, 4)) : numberValue(rng);
    fields[field] = value >>> 0;
    what = 'number';
  } else if (schema[field] === 'key') {
    fields[field] = keyValue(rng);
    what = 'key';
  } else if (field === 'message' && rng.int(0, 2) === 0) {
    const whispers = corpus.filter((entry) => entry.kind === 'whisper');
    const inner = (fields.message as Uint8Array | undefined) ?? new Uint8Array(0);
    fields.message =
      rng.int(0, 3) === 0 && whispers.length > 0
        ? rng.pick(whispers).bytes
        : bitFlip(rng, { kind: 'whisper', bytes: inner }).bytes;
    what = 'inner-message';
  } else {
    const current = (fields[field] as Uint8Array | undefined) ?? new Uint8Array(0);
    const choice = rng.int(0, 3);
    fields[field] =
      choice === 0
        ? current.slice(0, rng.int(0, current.length + 1))
        : choice === 1
          ? concatBytes(current, rng.bytes(16))
          : rng.bytes(current.length);
    what = 'bytes';
  }
  const trailer = message.bytes.subarray(message.bytes.length - trailerLength(message.kind));
  return {
    name: `field-edit-${field}-${what}`,
    bytes: concatBytes(message.bytes.subarray(0, 1), encodeFields(message.kind, fields), trailer),
  };
}

/**
 * Flips bit 255 of a key field (its last byte's top bit): X25519 ignores that bit, so this is the
 * same key in another encoding. Framing and MAC/signature are kept.
 */
function keyTopBit(rng: SeededRandom, message: CorpusEntry, corpus: readonly CorpusEntry[]): Mutation {
  const keys = Object.entries(SCHEMA[message.kind])
    .filter(([, type]) => type === 'key')
    .map(([name]) => name);
  let fields: WireFields;
  try {
    fields = decodeFields(message.kind, message.bytes);
  } catch {
    return bitFlip(rng, message, corpus);
  }
  const present = keys.filter(
    (name) => fields[name] instanceof Uint8Array && (fields[name] as Uint8Array).length > 0,
  );
  if (present.length === 0) return bitFlip(rng, message, corpus);
  const field = rng.pick(present);
  const key = (fields[field] as Uint8Array).slice();
  key[key.length - 1] = key[key.length - 1]! ^ 0x80;
  fields[field] = key;
  const trailer = message.bytes.subarray(message.bytes.length - trailerLength(message.kind));
  return {
    name: `key-top-bit-${field}`,
    bytes: concatBytes(message.bytes.subarray(0, 1), encodeFields(message.kind, fields), trailer),
  };
}

/** The operators and their weights (how often each is drawn). */
const OPERATORS: readonly [Operator, number][] = [
  [bitFlip, 3],
  [substitution, 3],
  [truncation, 2],
  [extension, 2],
  [splice, 2],
  [randomProtobuf, 2],
  [fieldEdit, 4],
  [versionByte, 1],
  [crossType, 1],
  [keyTopBit, 1],
];
const TOTAL_WEIGHT = OPERATORS.reduce((sum, [, weight]) => sum + weight, 0);

/** One mutation of `message`, drawn from `rng`. */
export function mutate(rng: SeededRandom, message: CorpusEntry, corpus: readonly CorpusEntry[]): Mutation {
  let roll = rng.int(0, TOTAL_WEIGHT);
  for (const [operator, weight] of OPERATORS) {
    if (roll < weight) return operator(rng, message, corpus);
    roll -= weight;
  }
  throw new Error('unreachable');
}
