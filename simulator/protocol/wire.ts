/**
 * Wire encoding of 1:1 messages (PROTOCOL.md "Wire format"; libsignal WhisperTextProtocol.proto):
 * WhisperMessage = `0x33 ‖ proto ‖ mac[8]`, PreKeyWhisperMessage = `0x33 ‖ proto`.
 *
 * Parsing is strict: the version byte must be exactly 0x33, every required field present with the
 * right size, and the protobuf encoding canonical (re-encoding the decoded message gives the same
 * bytes, up to the order of fields), so no byte of a message can change without the change being
 * detected here or by the MAC. Field order is free in protobuf ("parsers must be able to parse
 * fields in any order"), and a real peer uses that freedom: @privacyresearch/libsignal-protocol-typescript
 * writes PreKeyWhisperMessage fields in declaration order 5, 1, 6, 2, 3, 4.
 *
 * PQXDH sessions (PQXDH §3.3; libsignal wire.proto) are version 4: every message starts 0x44, and the
 * PreKeyWhisperMessage carries the KEM prekey id (field 7) and the KEM ciphertext (field 8). A v3
 * message never carries them and a v4 one always does.
 */
import { bytesEqual, concatBytes, copyBytes } from '../crypto/bytes.js';
import type { CryptoProvider } from '../crypto/provider.js';
import {
  CIPHERTEXT_VERSION,
  DJB_KEY_TYPE,
  MAC_LENGTH,
  PQXDH_CIPHERTEXT_VERSION,
  PQXDH_VERSION_BYTE,
  PUBLIC_KEY_LENGTH,
  VERSION_BYTE,
} from './constants.js';
import { ProtocolError, ensure } from './errors.js';
import { deserializePublicKey, serializePublicKey } from './keys.js';
import { withEncoded } from './proto-writer.js';
import { WireTypes } from './wire-schema.js';
import protobuf from 'protobufjs/light.js';

const VERSION_PREFIX = new Uint8Array([VERSION_BYTE]);
const PQXDH_VERSION_PREFIX = new Uint8Array([PQXDH_VERSION_BYTE]);

/** The first byte of every message of a session of `version` (3: X3DH, 4: PQXDH). */
export function versionByteOf(version: number): number {
  return version === PQXDH_CIPHERTEXT_VERSION ? PQXDH_VERSION_BYTE : VERSION_BYTE;
}

/** The fields of a WhisperMessage (ratchet key kept raw, 32 bytes). */
export interface WhisperMessageFields {
  readonly ratchetKey: Uint8Array;
  readonly counter: number;
  readonly previousCounter: number;
  readonly ciphertext: Uint8Array;
}

/** A parsed WhisperMessage: its fields plus what the MAC covers and the MAC itself. */
export interface ParsedWhisperMessage extends WhisperMessageFields {
  /** 3 (X3DH session) or 4 (PQXDH session), from the version byte. */
  readonly version: number;
  /** `0x33 ‖ proto`: the bytes the MAC covers after the two identity keys. */
  readonly macInput: Uint8Array;
  readonly mac: Uint8Array;
  /** The whole serialized message. */
  readonly serialized: Uint8Array;
}

/** The fields of a PreKeyWhisperMessage (keys kept raw, 32 bytes). */
export interface PreKeyWhisperMessageFields {
  readonly registrationId: number;
  readonly preKeyId?: number;
  readonly signedPreKeyId: number;
  readonly baseKey: Uint8Array;
  readonly identityKey: Uint8Array;
  /** A whole serialized WhisperMessage. */
  readonly message: Uint8Array;
  /** PQXDH §3.3: the KEM prekey Alice encapsulated to, and the ciphertext (EncodeKEM form, 1569 bytes). */
  readonly kyberPreKeyId?: number;
  readonly kyberCiphertext?: Uint8Array;
}

/** A parsed PreKeyWhisperMessage with its inner WhisperMessage parsed too. */
export interface ParsedPreKeyWhisperMessage extends PreKeyWhisperMessageFields {
  /** 3 (X3DH) or 4 (PQXDH), from the version byte; the inner message has the same. */
  readonly version: number;
  readonly inner: ParsedWhisperMessage;
}

/**
 * The 8-byte MAC of a WhisperMessage: HMAC-SHA256(macKey, senderIdentity33 ‖ receiverIdentity33 ‖
 * 0x33 ‖ proto) truncated (libsignal SignalMessage::compute_mac), from raw 32-byte identity keys:
 * the input is written into one buffer (the receive path's hot spot: no per-key serialization).
 */
export function computeWhisperMacForRawKeys(
  crypto: CryptoProvider,
  macKey: Uint8Array,
  senderIdentity: Uint8Array,
  receiverIdentity: Uint8Array,
  macInput: Uint8Array,
): Uint8Array {
  const input = new Uint8Array(2 * PUBLIC_KEY_LENGTH + macInput.length);
  input[0] = DJB_KEY_TYPE;
  input.set(senderIdentity, 1);
  input[PUBLIC_KEY_LENGTH] = DJB_KEY_TYPE;
  input.set(receiverIdentity, PUBLIC_KEY_LENGTH + 1);
  input.set(macInput, 2 * PUBLIC_KEY_LENGTH);
  return crypto.hmacSha256(macKey, input).slice(0, MAC_LENGTH);
}

/** Serializes a WhisperMessage and appends its MAC. */
export function encodeWhisperMessage(
  crypto: CryptoProvider,
  fields: WhisperMessageFields,
  macKey: Uint8Array,
  senderIdentity33: Uint8Array,
  receiverIdentity33: Uint8Array,
  versionByte: number = VERSION_BYTE,
): Uint8Array {
  const message = {
    ephemeralKey: serializePublicKey(fields.ratchetKey),
    counter: fields.counter,
    previousCounter: fields.previousCounter,
    ciphertext: fields.ciphertext,
  };
  // One buffer for `sender ‖ receiver ‖ 0x33 ‖ proto ‖ mac`: the MAC input (PROTOCOL.md: both
  // identities, then the message) and the message itself share it, so the payload is copied once.
  const identities = senderIdentity33.length + receiverIdentity33.length;
  const buffer = withEncoded(WireTypes.WhisperMessage, message, (proto) => {
    const out = new Uint8Array(identities + 1 + proto.length + MAC_LENGTH);
    out.set(proto, identities + 1);
    return out;
  });
  buffer.set(senderIdentity33, 0);
  buffer.set(receiverIdentity33, senderIdentity33.length);
  buffer[identities] = versionByte;
  const macInput = buffer.subarray(0, buffer.length - MAC_LENGTH);
  buffer.set(crypto.hmacSha256(macKey, macInput).subarray(0, MAC_LENGTH), macInput.length);
  return buffer.subarray(identities);
}

/**
 * Serializes a PreKeyWhisperMessage around an already serialized WhisperMessage; with KEM fields it
 * is a version-4 (PQXDH) message.
 */
export function encodePreKeyWhisperMessage(fields: PreKeyWhisperMessageFields): Uint8Array {
  const message: Record<string, unknown> = {
    registrationId: fields.registrationId,
    signedPreKeyId: fields.signedPreKeyId,
    baseKey: serializePublicKey(fields.baseKey),
    identityKey: serializePublicKey(fields.identityKey),
    message: fields.message,
  };
  if (fields.preKeyId !== undefined) message.preKeyId = fields.preKeyId;
  const pq = fields.kyberPreKeyId !== undefined && fields.kyberCiphertext !== undefined;
  if (pq) {
    message.kyberPreKeyId = fields.kyberPreKeyId;
    message.kyberCiphertext = fields.kyberCiphertext;
  }
  const prefix = pq ? PQXDH_VERSION_PREFIX : VERSION_PREFIX;
  return withEncoded(WireTypes.PreKeyWhisperMessage, message, (proto) => concatBytes(prefix, proto));
}

/** The message version (3 or 4) of `bytes`; any other first byte is refused. */
function checkVersion(bytes: Uint8Array, what: string): number {
  ensure(bytes.length > 0, 'invalid-message', `${what} is empty`);
  if (bytes[0] === PQXDH_VERSION_BYTE) return PQXDH_CIPHERTEXT_VERSION;
  ensure(
    bytes[0] === VERSION_BYTE,
    'invalid-version',
    `${what} has version byte 0x${bytes[0]!.toString(16).padStart(2, '0')}, expected 0x33 or 0x44`,
  );
  return CIPHERTEXT_VERSION;
}

/**
 * The top-level field records of `proto` (tag and value bytes each), stably sorted by field number;
 * undefined when the bytes do not split into records.
 */
function fieldsInNumberOrder(proto: Uint8Array): Uint8Array | undefined {
  const reader = protobuf.Reader.create(proto);
  const records: { field: number; bytes: Uint8Array }[] = [];
  try {
    while (reader.pos < reader.len) {
      const start = reader.pos;
      const tag = reader.uint32();
      reader.skipType(tag & 7);
      records.push({ field: tag >>> 3, bytes: proto.subarray(start, reader.pos) });
    }
  } catch {
    return undefined;
  }
  records.sort((a, b) => a.field - b.field); // stable: repeated fields keep their order
  return concatBytes(...records.map((record) => record.bytes));
}

/**
 * Decodes `proto` strictly: well-formed, and canonical up to field order (re-encoding gives the
 * same bytes as the message's own field records put in field-number order). A duplicated field,
 * an unknown field or a non-minimal varint still fails.
 */
function decodeCanonical(type: protobuf.Type, proto: Uint8Array, what: string): Record<string, unknown> {
  let decoded: protobuf.Message;
  try {
    decoded = type.decode(proto);
  } catch (error) {
    throw new ProtocolError('invalid-message', `${what} is not valid protobuf: ${(error as Error).message}`);
  }
  const canonical = withEncoded(type, decoded as unknown as Record<string, unknown>, (reencoded) => {
    if (bytesEqual(reencoded, proto)) return true;
    const sorted = fieldsInNumberOrder(proto);
    return sorted !== undefined && bytesEqual(reencoded, sorted);
  });
  ensure(canonical, 'invalid-message', `${what} is not canonically encoded`);
  return decoded as unknown as Record<string, unknown>;
}

function has(message: Record<string, unknown>, field: string): boolean {
  return Object.prototype.hasOwnProperty.call(message, field);
}

/** A required bytes field: a copy, unless `copy` is false because the caller owns the buffer. */
function requireBytes(
  message: Record<string, unknown>,
  field: string,
  what: string,
  length?: number,
  copy = true,
): Uint8Array {
  ensure(has(message, field), 'invalid-message', `${what} lacks ${field}`);
  const value = message[field] as Uint8Array;
  ensure(
    length === undefined || value.length === length,
    'invalid-message',
    `${what}.${field} is ${value.length} bytes, expected ${length}`,
  );
  return copy ? copyBytes(value) : value;
}

function requireUint(message: Record<string, unknown>, field: string, what: string): number {
  ensure(has(message, field), 'invalid-message', `${what} lacks ${field}`);
  return message[field] as number;
}

/**
 * Parses a serialized WhisperMessage without checking its MAC (the MAC key comes from the session).
 * @throws ProtocolError('invalid-version' | 'invalid-message' | 'invalid-key')
 */
export function parseWhisperMessage(bytes: Uint8Array): ParsedWhisperMessage {
  const version = checkVersion(bytes, 'WhisperMessage');
  ensure(bytes.length > 1 + MAC_LENGTH, 'invalid-message', 'WhisperMessage is too short');
  // One private, plain copy of the message (copyBytes: `bytes` may be a Node Buffer, whose slice()
  // is a view); the fields returned are views of it (protobufjs decodes bytes fields as views of
  // its input), so nothing aliases the caller's buffer and the payload is copied once, not thrice.
  const serialized = copyBytes(bytes);
  const macInput = serialized.subarray(0, serialized.length - MAC_LENGTH);
  const message = decodeCanonical(WireTypes.WhisperMessage, macInput.subarray(1), 'WhisperMessage');
  const ratchetKey = deserializePublicKey(
    requireBytes(message, 'ephemeralKey', 'WhisperMessage', PUBLIC_KEY_LENGTH, false),
  );
  const ciphertext = requireBytes(message, 'ciphertext', 'WhisperMessage', undefined, false);
  ensure(
    ciphertext.length > 0 && ciphertext.length % 16 === 0,
    'invalid-message',
    'WhisperMessage ciphertext is not whole AES blocks',
  );
  return {
    version,
    ratchetKey,
    counter: requireUint(message, 'counter', 'WhisperMessage'),
    previousCounter: requireUint(message, 'previousCounter', 'WhisperMessage'),
    ciphertext,
    macInput,
    mac: serialized.subarray(serialized.length - MAC_LENGTH),
    serialized,
  };
}

/**
 * Parses a serialized PreKeyWhisperMessage and the WhisperMessage inside it.
 * @throws ProtocolError('invalid-version' | 'invalid-message' | 'invalid-key')
 */
export function parsePreKeyWhisperMessage(bytes: Uint8Array): ParsedPreKeyWhisperMessage {
  const version = checkVersion(bytes, 'PreKeyWhisperMessage');
  const message = decodeCanonical(WireTypes.PreKeyWhisperMessage, bytes.subarray(1), 'PreKeyWhisperMessage');
  const inner = requireBytes(message, 'message', 'PreKeyWhisperMessage');
  const pq = version === PQXDH_CIPHERTEXT_VERSION;
  // PQXDH §3.3: the initial message of a v4 session names the KEM prekey and carries the ciphertext.
  for (const field of ['kyberPreKeyId', 'kyberCiphertext']) {
    ensure(
      has(message, field) === pq,
      'invalid-message',
      pq
        ? `a version-4 PreKeyWhisperMessage lacks ${field}`
        : `a version-3 PreKeyWhisperMessage has ${field}`,
    );
  }
  const fields: PreKeyWhisperMessageFields = {
    registrationId: requireUint(message, 'registrationId', 'PreKeyWhisperMessage'),
    signedPreKeyId: requireUint(message, 'signedPreKeyId', 'PreKeyWhisperMessage'),
    baseKey: deserializePublicKey(
      requireBytes(message, 'baseKey', 'PreKeyWhisperMessage', PUBLIC_KEY_LENGTH),
    ),
    identityKey: deserializePublicKey(
      requireBytes(message, 'identityKey', 'PreKeyWhisperMessage', PUBLIC_KEY_LENGTH),
    ),
    message: inner,
    ...(has(message, 'preKeyId') ? { preKeyId: message.preKeyId as number } : {}),
    ...(pq
      ? {
          kyberPreKeyId: message.kyberPreKeyId as number,
          kyberCiphertext: requireBytes(message, 'kyberCiphertext', 'PreKeyWhisperMessage'),
        }
      : {}),
  };
  const parsedInner = parseWhisperMessage(inner);
  ensure(
    parsedInner.version === version,
    'invalid-version',
    `a version-${version} PreKeyWhisperMessage wraps a version-${parsedInner.version} WhisperMessage`,
  );
  return { ...fields, version, inner: parsedInner };
}
