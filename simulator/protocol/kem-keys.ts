/**
 * PQXDH KEM prekeys (PQXDH §3.2 "Publishing keys"): ML-KEM-1024 key pairs signed by the identity
 * key, either one-time (PQOPK, used once and deleted) or last-resort (PQSPK, reused until rotated).
 * Public keys and ciphertexts travel as `0x0A ‖ raw` (PQXDH §2.2 EncodeKEM with libsignal's type byte).
 */
import type { CryptoProvider, KemKeyPair, RandomSource } from '../crypto/provider.js';
import {
  ML_KEM_1024_CIPHERTEXT_LENGTH,
  ML_KEM_1024_PUBLIC_KEY_LENGTH,
  ML_KEM_ENCAPSULATION_RANDOM_LENGTH,
  ML_KEM_SEED_LENGTH,
} from '../crypto/ml-kem.js';
import { MAX_PREKEY_ID, ML_KEM_1024_KEY_TYPE } from './constants.js';
import { ProtocolError, ensure } from './errors.js';

export { ML_KEM_ENCAPSULATION_RANDOM_LENGTH };

/** A signed KEM prekey: id, ML-KEM-1024 key pair, the identity key's XEdDSA signature over EncodeKEM(pk). */
export interface KyberPreKeyRecord {
  readonly id: number;
  readonly keyPair: KemKeyPair;
  readonly signature: Uint8Array;
  /** A last-resort key (PQSPK) is kept after use; a one-time key (PQOPK) is deleted (PQXDH §3.4). */
  readonly lastResort: boolean;
}

function encodeWithType(raw: Uint8Array, length: number, what: string): Uint8Array {
  ensure(raw.length === length, 'invalid-key', `a raw ${what} is ${length} bytes, got ${raw.length}`);
  const out = new Uint8Array(length + 1);
  out[0] = ML_KEM_1024_KEY_TYPE;
  out.set(raw, 1);
  return out;
}

function decodeWithType(encoded: Uint8Array, length: number, what: string): Uint8Array {
  ensure(
    encoded.length === length + 1,
    'invalid-key',
    `an encoded ${what} is ${length + 1} bytes, got ${encoded.length}`,
  );
  ensure(
    encoded[0] === ML_KEM_1024_KEY_TYPE,
    'invalid-key',
    `unknown KEM type 0x${encoded[0]!.toString(16).padStart(2, '0')}`,
  );
  return encoded.slice(1);
}

/** EncodeKEM (PQXDH §2.2): `0x0A ‖ 1568-byte ML-KEM-1024 encapsulation key`. */
export function serializeKemPublicKey(raw: Uint8Array): Uint8Array {
  return encodeWithType(raw, ML_KEM_1024_PUBLIC_KEY_LENGTH, 'ML-KEM-1024 public key');
}

/** DecodeKEM (PQXDH §2.2). @throws ProtocolError('invalid-key') on a wrong length or type byte. */
export function deserializeKemPublicKey(encoded: Uint8Array): Uint8Array {
  return decodeWithType(encoded, ML_KEM_1024_PUBLIC_KEY_LENGTH, 'ML-KEM-1024 public key');
}

/** A KEM ciphertext on the wire: `0x0A ‖ 1568 bytes` (libsignal serializes ciphertexts with the type byte). */
export function serializeKemCiphertext(raw: Uint8Array): Uint8Array {
  return encodeWithType(raw, ML_KEM_1024_CIPHERTEXT_LENGTH, 'ML-KEM-1024 ciphertext');
}

/** @throws ProtocolError('invalid-key') on a wrong length or type byte. */
export function deserializeKemCiphertext(encoded: Uint8Array): Uint8Array {
  return decodeWithType(encoded, ML_KEM_1024_CIPHERTEXT_LENGTH, 'ML-KEM-1024 ciphertext');
}

/**
 * A signed KEM prekey (PQXDH §3.2): a fresh ML-KEM-1024 key pair from a 64-byte seed drawn from
 * `random`, signed `Sig(IK, EncodeKEM(pk), Z)` with 64 more random bytes for XEdDSA.
 */
export function generateKyberPreKey(
  crypto: CryptoProvider,
  random: RandomSource,
  identityPrivateKey: Uint8Array,
  id: number,
  lastResort: boolean,
): KyberPreKeyRecord {
  if (!Number.isInteger(id) || id < 1 || id > MAX_PREKEY_ID) {
    throw new ProtocolError('invalid-key', `KEM prekey id ${id} is outside 1..${MAX_PREKEY_ID}`);
  }
  const keyPair = crypto.mlKem1024KeyPair(random.bytes(ML_KEM_SEED_LENGTH));
  const signature = crypto.xeddsaSign(
    identityPrivateKey,
    serializeKemPublicKey(keyPair.publicKey),
    random.bytes(64),
  );
  return { id, keyPair, signature, lastResort };
}
