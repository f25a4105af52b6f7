/**
 * Sender Keys wire messages (PROTOCOL.md "Sender Keys"; libsignal `protocol.rs`
 * `SenderKeyMessage` / `SenderKeyDistributionMessage` in their v3 form, without a distribution id):
 * - SenderKeyDistributionMessage: `0x33 ‖ proto{id, iteration, chainKey(32), signingKey(33)}`
 * - SenderKeyMessage: `0x33 ‖ proto{id, iteration, ciphertext} ‖ signature(64)`, the XEdDSA
 *   signature covering `0x33 ‖ proto`.
 * Protobuf is encoded and decoded by protobufjs from WireTypes; nothing is hand-encoded.
 */
import { concatBytes, copyBytes } from '../../crypto/bytes.js';
import { CIPHERTEXT_VERSION, PUBLIC_KEY_LENGTH, SIGNATURE_LENGTH, VERSION_BYTE } from '../constants.js';
import { ProtocolError, ensure } from '../errors.js';
import { deserializePublicKey } from '../keys.js';
import { withEncoded } from '../proto-writer.js';
import { WireTypes } from '../wire-schema.js';
import { SENDER_CHAIN_KEY_LENGTH } from './chain-key.js';

/** What a SenderKeyDistributionMessage carries: everything a member needs to read one sender's chain. */
export interface SenderKeyDistribution {
  readonly keyId: number;
  readonly iteration: number;
  /** The chain key at `iteration` (32 bytes). */
  readonly chainKey: Uint8Array;
  /** The 33-byte serialized public signing key. */
  readonly signingKey: Uint8Array;
}

/** A parsed SenderKeyMessage. */
export interface SenderKeyMessage {
  readonly keyId: number;
  readonly iteration: number;
  readonly ciphertext: Uint8Array;
  /** `0x33 ‖ proto`: the bytes the signature covers. */
  readonly signedPart: Uint8Array;
  readonly signature: Uint8Array;
}

const VERSION_PREFIX = new Uint8Array([VERSION_BYTE]);

/**
 * Checks the version byte: the high nibble is the message version and must be 3; the low nibble is
 * the highest version the sender speaks and must not be above 3 (PROTOCOL.md "Wire format").
 * @throws ProtocolError('invalid-version').
 */
function checkVersion(byte: number | undefined, what: string): void {
  ensure(byte !== undefined, 'invalid-message', `an empty ${what}`);
  const messageVersion = byte >> 4;
  ensure(
    messageVersion === CIPHERTEXT_VERSION && (byte & 0x0f) <= CIPHERTEXT_VERSION,
    'invalid-version',
    `${what} version byte 0x${byte.toString(16).padStart(2, '0')}; only version ${CIPHERTEXT_VERSION} is spoken`,
  );
}

/** The own-property value of a decoded protobuf field, or undefined when absent on the wire. */
function field(message: object, name: string): unknown {
  return Object.prototype.hasOwnProperty.call(message, name)
    ? (message as Record<string, unknown>)[name]
    : undefined;
}

function requiredUint32(message: object, name: string, what: string): number {
  const value = field(message, name);
  ensure(typeof value === 'number', 'invalid-message', `${what} has no ${name}`);
  return value;
}

function requiredBytes(message: object, name: string, what: string): Uint8Array {
  const value = field(message, name);
  ensure(value instanceof Uint8Array, 'invalid-message', `${what} has no ${name}`);
  return copyBytes(value);
}

function decodeProto(type: typeof WireTypes.SenderKeyMessage, bytes: Uint8Array, what: string): object {
  try {
    return type.decode(bytes);
  } catch (error) {
    throw new ProtocolError(
      'invalid-message',
      `${what} is not valid protobuf: ${error instanceof Error ? error.message : ''}`,
    );
  }
}

/** Encodes a distribution message; fields are checked so a malformed one is never produced. */
export function encodeSenderKeyDistributionMessage(distribution: SenderKeyDistribution): Uint8Array {
  ensure(
    distribution.chainKey.length === SENDER_CHAIN_KEY_LENGTH,
    'invalid-message',
    'a chain key is 32 bytes',
  );
  deserializePublicKey(distribution.signingKey);
  const type = WireTypes.SenderKeyDistributionMessage;
  const message = {
    id: distribution.keyId,
    iteration: distribution.iteration,
    chainKey: distribution.chainKey,
    signingKey: distribution.signingKey,
  };
  return withEncoded(type, type.create(message), (proto) => concatBytes(VERSION_PREFIX, proto));
}

/**
 * Parses a distribution message.
 * @throws ProtocolError('invalid-version') on a version other than 3.
 * @throws ProtocolError('invalid-message') on bad protobuf, a missing field or a chain key not 32 bytes.
 * @throws ProtocolError('invalid-key') on a signing key that is not a 33-byte `0x05` key.
 */
export function decodeSenderKeyDistributionMessage(bytes: Uint8Array): SenderKeyDistribution {
  const what = 'SenderKeyDistributionMessage';
  checkVersion(bytes[0], what);
  const message = decodeProto(WireTypes.SenderKeyDistributionMessage, bytes.subarray(1), what);
  const distribution: SenderKeyDistribution = {
    keyId: requiredUint32(message, 'id', what),
    iteration: requiredUint32(message, 'iteration', what),
    chainKey: requiredBytes(message, 'chainKey', what),
    signingKey: requiredBytes(message, 'signingKey', what),
  };
  ensure(
    distribution.chainKey.length === SENDER_CHAIN_KEY_LENGTH,
    'invalid-message',
    `${what} chain key is ${distribution.chainKey.length} bytes, not ${SENDER_CHAIN_KEY_LENGTH}`,
  );
  ensure(
    distribution.signingKey.length === PUBLIC_KEY_LENGTH,
    'invalid-key',
    `${what} signing key is ${distribution.signingKey.length} bytes, not ${PUBLIC_KEY_LENGTH}`,
  );
  deserializePublicKey(distribution.signingKey);
  return distribution;
}

/** `0x33 ‖ proto{id, iteration, ciphertext}`: the part of a SenderKeyMessage that is signed. */
export function encodeSenderKeyMessageBody(
  keyId: number,
  iteration: number,
  ciphertext: Uint8Array,
): Uint8Array {
  const type = WireTypes.SenderKeyMessage;
  const message = type.create({ id: keyId, iteration, ciphertext });
  return withEncoded(type, message, (proto) => concatBytes(VERSION_PREFIX, proto));
}

/**
 * Splits and parses a SenderKeyMessage. The signature is not checked here: that needs the state.
 * @throws ProtocolError('invalid-version') on a version other than 3.
 * @throws ProtocolError('invalid-message') when too short, on bad protobuf or a missing field.
 */
export function decodeSenderKeyMessage(bytes: Uint8Array): SenderKeyMessage {
  const what = 'SenderKeyMessage';
  checkVersion(bytes[0], what);
  ensure(
    bytes.length > 1 + SIGNATURE_LENGTH,
    'invalid-message',
    `${what} of ${bytes.length} bytes is too short for a version byte, body and signature`,
  );
  const signedPart = bytes.slice(0, bytes.length - SIGNATURE_LENGTH);
  const message = decodeProto(WireTypes.SenderKeyMessage, signedPart.subarray(1), what);
  return {
    keyId: requiredUint32(message, 'id', what),
    iteration: requiredUint32(message, 'iteration', what),
    ciphertext: requiredBytes(message, 'ciphertext', what),
    signedPart,
    signature: bytes.slice(bytes.length - SIGNATURE_LENGTH),
  };
}
