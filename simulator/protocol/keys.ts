/**
 * Identity keys, signed prekeys, one-time prekeys and prekey bundles (X3DH §2.1, §3.2; PROTOCOL.md
 * "Keys"). Public keys travel in their 33-byte serialized form, `0x05 ‖ u`.
 */
import type { CryptoProvider, KeyPair, RandomSource } from '../crypto/provider.js';
import { DJB_KEY_TYPE, MAX_PREKEY_ID, MAX_REGISTRATION_ID, PUBLIC_KEY_LENGTH } from './constants.js';
import { ProtocolError, ensure } from './errors.js';

/** Serializes a raw 32-byte Curve25519 public key as `0x05 ‖ key` (33 bytes). */
export function serializePublicKey(raw: Uint8Array): Uint8Array {
  ensure(raw.length === 32, 'invalid-key', `a raw public key is 32 bytes, got ${raw.length}`);
  const serialized = new Uint8Array(PUBLIC_KEY_LENGTH);
  serialized[0] = DJB_KEY_TYPE;
  serialized.set(raw, 1);
  return serialized;
}

/**
 * Parses a 33-byte serialized public key and returns the raw 32 bytes.
 * @throws ProtocolError('invalid-key') on a wrong length or type byte.
 */
export function deserializePublicKey(serialized: Uint8Array): Uint8Array {
  ensure(
    serialized.length === PUBLIC_KEY_LENGTH,
    'invalid-key',
    `a public key is ${PUBLIC_KEY_LENGTH} bytes, got ${serialized.length}`,
  );
  ensure(serialized[0] === DJB_KEY_TYPE, 'invalid-key', `unknown key type 0x${serialized[0]!.toString(16)}`);
  const raw = serialized.slice(1);
  // X25519 ignores bit 255 and reduces u mod p (RFC 7748 §5), so one key has several encodings; only
  // the canonical one is accepted, or a re-encoded base key could start a second session from a replay.
  ensure(isCanonicalU(raw), 'invalid-key', 'a non-canonical Curve25519 public key encoding');
  return raw;
}

/** Whether a 32-byte little-endian u-coordinate is canonical: bit 255 clear and u < p = 2^255 − 19. */
export function isCanonicalU(raw: Uint8Array): boolean {
  if ((raw[31]! & 0x80) !== 0) return false;
  if (raw[31] !== 0x7f) return true;
  for (let i = 30; i >= 1; i--) if (raw[i] !== 0xff) return true;
  return raw[0]! < 0xed;
}

/** A device's long-term identity key pair. */
export type IdentityKeyPair = KeyPair;

/** A one-time prekey: id (24-bit) and key pair. */
export interface PreKeyRecord {
  readonly id: number;
  readonly keyPair: KeyPair;
}

/** A signed prekey: id, key pair, and the identity key's XEdDSA signature over the serialized public key. */
export interface SignedPreKeyRecord {
  readonly id: number;
  readonly keyPair: KeyPair;
  readonly signature: Uint8Array;
}

/** What the server hands an initiator: everything public X3DH needs about one device. */
export interface PreKeyBundle {
  readonly registrationId: number;
  readonly deviceId: number;
  /** Serialized (33-byte) identity key. */
  readonly identityKey: Uint8Array;
  readonly signedPreKeyId: number;
  /** Serialized (33-byte) signed prekey. */
  readonly signedPreKey: Uint8Array;
  readonly signedPreKeySignature: Uint8Array;
  /** Absent when the server has run out of one-time prekeys (X3DH §3.3). */
  readonly preKeyId?: number;
  readonly preKey?: Uint8Array;
  /**
   * The KEM prekey for PQXDH (PQXDH §3.3: a one-time PQOPK if the server has one, else the
   * last-resort PQSPK), as EncodeKEM bytes with the identity key's signature over them. All three are
   * absent when the device published none: the initiator then falls back to X3DH.
   */
  readonly kyberPreKeyId?: number;
  readonly kyberPreKey?: Uint8Array;
  readonly kyberPreKeySignature?: Uint8Array;
}

/** A registration id in 1..16380 drawn from `random` (libsignal KeyHelper). */
export function generateRegistrationId(random: RandomSource): number {
  const bytes = random.bytes(2);
  return (((bytes[0]! << 8) | bytes[1]!) % MAX_REGISTRATION_ID) + 1;
}

/** A fresh identity key pair. */
export function generateIdentityKeyPair(crypto: CryptoProvider, random: RandomSource): IdentityKeyPair {
  return crypto.generateKeyPair(random);
}

/** `count` one-time prekeys with consecutive ids from `startId`, wrapping within the 24-bit range. */
export function generatePreKeys(
  crypto: CryptoProvider,
  random: RandomSource,
  startId: number,
  count: number,
): PreKeyRecord[] {
  const records: PreKeyRecord[] = [];
  for (let i = 0; i < count; i++) {
    const id = ((startId - 1 + i) % MAX_PREKEY_ID) + 1;
    records.push({ id, keyPair: crypto.generateKeyPair(random) });
  }
  return records;
}

/** A signed prekey: the identity key signs the 33-byte serialized public prekey (X3DH §3.2). */
export function generateSignedPreKey(
  crypto: CryptoProvider,
  random: RandomSource,
  identity: IdentityKeyPair,
  id: number,
): SignedPreKeyRecord {
  if (!Number.isInteger(id) || id < 0 || id > MAX_PREKEY_ID) {
    throw new ProtocolError('invalid-key', `signed prekey id ${id} is outside 0..${MAX_PREKEY_ID}`);
  }
  const keyPair = crypto.generateKeyPair(random);
  const signature = crypto.xeddsaSign(
    identity.privateKey,
    serializePublicKey(keyPair.publicKey),
    random.bytes(64),
  );
  return { id, keyPair, signature };
}
