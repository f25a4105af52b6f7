/**
 * ML-KEM-1024 (NIST FIPS 203) on @noble/post-quantum, shared by every CryptoProvider: Node 20 has
 * no ML-KEM in node:crypto and libsodium none at all, so all hosts run this one implementation and
 * agree bit for bit by construction. Deterministic: key generation takes its 64-byte seed
 * (FIPS 203 §7.1, `d ‖ z`) and encapsulation its 32-byte message `m` (§7.2) from the caller, which in
 * the simulator is always the run's seeded generator.
 */
import { ml_kem1024 } from '@noble/post-quantum/ml-kem.js';
import { requireLength } from './checks.js';
import { CryptoError, type KemKeyPair } from './provider.js';

/** FIPS 203 Table 3, ML-KEM-1024: encapsulation key, decapsulation key, ciphertext, shared secret. */
export const ML_KEM_1024_PUBLIC_KEY_LENGTH = 1568;
export const ML_KEM_1024_SECRET_KEY_LENGTH = 3168;
export const ML_KEM_1024_CIPHERTEXT_LENGTH = 1568;
export const ML_KEM_SHARED_SECRET_LENGTH = 32;
/** Seed of ML-KEM.KeyGen_internal (`d ‖ z`, 32 + 32 bytes) and the encapsulation randomness `m`. */
export const ML_KEM_SEED_LENGTH = 64;
export const ML_KEM_ENCAPSULATION_RANDOM_LENGTH = 32;

/** A key pair from a 64-byte seed (FIPS 203 §6.1 ML-KEM.KeyGen_internal). */
export function mlKem1024KeyPair(seed: Uint8Array): KemKeyPair {
  requireLength(seed, ML_KEM_SEED_LENGTH, 'ML-KEM seed');
  const { publicKey, secretKey } = ml_kem1024.keygen(seed);
  return { publicKey, secretKey };
}

/**
 * Encapsulates to `publicKey` with the 32-byte randomness `m` (FIPS 203 §6.2 ML-KEM.Encaps_internal).
 * @throws CryptoError when the public key fails the FIPS 203 §7.2 modulus check or has the wrong length.
 */
export function mlKem1024Encapsulate(
  publicKey: Uint8Array,
  random: Uint8Array,
): { ciphertext: Uint8Array; sharedSecret: Uint8Array } {
  requireLength(publicKey, ML_KEM_1024_PUBLIC_KEY_LENGTH, 'ML-KEM public key');
  requireLength(random, ML_KEM_ENCAPSULATION_RANDOM_LENGTH, 'ML-KEM encapsulation randomness');
  try {
    const { cipherText, sharedSecret } = ml_kem1024.encapsulate(publicKey, random);
    return { ciphertext: cipherText, sharedSecret };
  } catch (error) {
    throw new CryptoError(`ML-KEM encapsulation refused the public key: ${(error as Error).message}`);
  }
}

/**
 * Decapsulates (FIPS 203 §6.3). A well-formed but wrong ciphertext does not throw: ML-KEM's implicit
 * rejection yields an unrelated secret, so the mismatch surfaces later as a bad MAC.
 * @throws CryptoError on a wrong length.
 */
export function mlKem1024Decapsulate(ciphertext: Uint8Array, secretKey: Uint8Array): Uint8Array {
  requireLength(ciphertext, ML_KEM_1024_CIPHERTEXT_LENGTH, 'ML-KEM ciphertext');
  requireLength(secretKey, ML_KEM_1024_SECRET_KEY_LENGTH, 'ML-KEM secret key');
  try {
    return ml_kem1024.decapsulate(ciphertext, secretKey);
  } catch (error) {
    throw new CryptoError(`ML-KEM decapsulation failed: ${(error as Error).message}`);
  }
}
