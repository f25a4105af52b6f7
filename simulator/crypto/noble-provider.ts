/**
 * The portable CryptoProvider: pure TypeScript on @noble/curves, @noble/hashes and
 * @noble/ciphers. Runs anywhere (renderer, worker, Node); the node:crypto provider must agree
 * with it bit for bit (tests/unit/crypto-equivalence.test.ts).
 */
import { cbc } from '@noble/ciphers/aes.js';
import { chacha20poly1305 } from '@noble/ciphers/chacha.js';
import { x25519 } from '@noble/curves/ed25519.js';
import { hkdf } from '@noble/hashes/hkdf.js';
import { hmac } from '@noble/hashes/hmac.js';
import { sha256, sha512 } from '@noble/hashes/sha2.js';
import {
  CURVE25519_KEY_LENGTH,
  generateClampedKeyPair,
  requireAesKeyAndIv,
  requireBytes,
  requireCbcCiphertextLength,
  requireHkdfLength,
  requireLength,
  requireAeadKeyAndNonce,
  checkedHashes,
} from './checks.js';
import { utf8 } from './bytes.js';
import { mlKem1024Decapsulate, mlKem1024Encapsulate, mlKem1024KeyPair } from './ml-kem.js';
import { CryptoError, type CryptoProvider, type IncrementalSha256 } from './provider.js';
import { createXeddsa } from './xeddsa.js';
import { VerificationMemo } from './verification-memo.js';

const xeddsa = createXeddsa((data) => sha512(data));
const memo = new VerificationMemo((data) => sha256(data));

function publicKeyFromPrivate(privateKey: Uint8Array): Uint8Array {
  requireLength(privateKey, CURVE25519_KEY_LENGTH, 'private key');
  return x25519.getPublicKey(privateKey); // clamps internally (RFC 7748 §5)
}

/** Pure-TypeScript provider on the noble libraries. */
export const nobleCryptoProvider: CryptoProvider = {
  name: 'noble',

  generateKeyPair: (random) => generateClampedKeyPair(random, publicKeyFromPrivate),

  publicKeyFromPrivate,

  x25519(privateKey, publicKey) {
    requireLength(privateKey, CURVE25519_KEY_LENGTH, 'private key');
    requireLength(publicKey, CURVE25519_KEY_LENGTH, 'public key');
    // noble refuses low-order u before the ladder (the same inputs that give an all-zero
    // result, RFC 7748 §6.1); normalise its Error to ours.
    let shared: Uint8Array;
    try {
      shared = x25519.getSharedSecret(privateKey, publicKey);
    } catch {
      throw new CryptoError('X25519 produced an all-zero shared secret (low-order public key)');
    }
    if (shared.every((byte) => byte === 0)) {
      throw new CryptoError('X25519 produced an all-zero shared secret (low-order public key)');
    }
    return shared;
  },

  xeddsaSign: (privateKey, message, random) => xeddsa.sign(privateKey, message, random),
  xeddsaVerify: (publicKey, message, signature) =>
    memo.verify(publicKey, message, signature, () => xeddsa.verify(publicKey, message, signature)),

  mlKem1024KeyPair,
  mlKem1024Encapsulate,
  mlKem1024Decapsulate,

  hmacSha256(key, data) {
    requireBytes(key, 'HMAC key');
    requireBytes(data, 'HMAC data');
    return hmac(sha256, key, data);
  },

  hkdfSha256(ikm, salt, info, length) {
    requireBytes(ikm, 'HKDF ikm');
    requireBytes(salt, 'HKDF salt');
    requireBytes(info, 'HKDF info');
    requireHkdfLength(length);
    if (length === 0) return new Uint8Array(0);
    return hkdf(sha256, ikm, salt, info, length);
  },

  chacha20Poly1305Encrypt(key, nonce, aad, plaintext) {
    requireAeadKeyAndNonce(key, nonce);
    return chacha20poly1305(key, nonce, aad).encrypt(plaintext);
  },

  chacha20Poly1305Decrypt(key, nonce, aad, sealed) {
    requireAeadKeyAndNonce(key, nonce);
    if (sealed.length < 16) throw new CryptoError('ChaCha20-Poly1305 input is shorter than its tag');
    try {
      return chacha20poly1305(key, nonce, aad).decrypt(sealed);
    } catch {
      throw new CryptoError('ChaCha20-Poly1305 tag does not verify');
    }
  },

  aes256CbcEncrypt(key, iv, plaintext) {
    requireAesKeyAndIv(key, iv);
    requireBytes(plaintext, 'plaintext');
    return cbc(key, iv).encrypt(plaintext); // PKCS#7 padding by default
  },

  aes256CbcDecrypt(key, iv, ciphertext) {
    requireAesKeyAndIv(key, iv);
    requireCbcCiphertextLength(ciphertext);
    try {
      return cbc(key, iv).decrypt(ciphertext);
    } catch {
      throw new CryptoError('AES-CBC decryption failed: bad PKCS#7 padding');
    }
  },

  ...checkedHashes(sha256, sha512),

  createSha256(): IncrementalSha256 {
    const hash = sha256.create();
    return {
      update: (data) => void hash.update(typeof data === 'string' ? utf8(data) : data),
      digest: () => hash.clone().digest(),
    };
  },
};
