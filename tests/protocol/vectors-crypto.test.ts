/**
 * Known-answer tests for the crypto primitives, from libsignal's own test suites and RFC 5869
 * (each vector file in tests/vectors/ names its source). Run against both providers.
 */
import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../../simulator/crypto/bytes.js';
import { nobleCryptoProvider } from '../../simulator/crypto/noble-provider.js';
import { createNodeCryptoProvider } from '../../simulator/crypto/node-provider.js';
import { CryptoError, type CryptoProvider } from '../../simulator/crypto/provider.js';
import aesVectors from '../vectors/crypto-aes-cbc.json' with { type: 'json' };
import hkdfVectors from '../vectors/crypto-hkdf.json' with { type: 'json' };
import x25519Vectors from '../vectors/crypto-x25519.json' with { type: 'json' };
import xeddsaVectors from '../vectors/crypto-xeddsa.json' with { type: 'json' };

const providers: ReadonlyArray<readonly [string, CryptoProvider]> = [
  ['noble', nobleCryptoProvider],
  ['node (jwk import)', createNodeCryptoProvider()],
  ['node (der import)', createNodeCryptoProvider({ keyImport: 'der' })],
];

describe('vector files', () => {
  it('each names its source', () => {
    for (const file of [aesVectors, hkdfVectors, x25519Vectors, xeddsaVectors]) {
      const sources = Array.isArray(file.source) ? file.source : [file.source];
      expect(sources.length).toBeGreaterThan(0);
      for (const source of sources) {
        expect(source.repository).toMatch(/\S/);
        expect(source.path).toMatch(/\S/);
        expect(source.test).toMatch(/\S/);
      }
      expect(file.cases.length).toBeGreaterThan(0);
    }
  });
});

describe.each(providers)('%s provider', (_name, crypto) => {
  describe('X25519 (libsignal test_agreement)', () => {
    for (const v of x25519Vectors.cases) {
      it(v.name, () => {
        expect(toHex(crypto.publicKeyFromPrivate(fromHex(v.alicePrivate)))).toBe(v.alicePublic);
        expect(toHex(crypto.publicKeyFromPrivate(fromHex(v.bobPrivate)))).toBe(v.bobPublic);
        expect(toHex(crypto.x25519(fromHex(v.alicePrivate), fromHex(v.bobPublic)))).toBe(v.shared);
        expect(toHex(crypto.x25519(fromHex(v.bobPrivate), fromHex(v.alicePublic)))).toBe(v.shared);
      });
    }
  });

  describe('XEdDSA (libsignal test_signature)', () => {
    for (const v of xeddsaVectors.cases) {
      const publicKey = fromHex(v.publicKey);
      const message = fromHex(v.message);
      const signature = fromHex(v.signature);

      it(`${v.name}: the key pair matches and the signature verifies`, () => {
        expect(toHex(crypto.publicKeyFromPrivate(fromHex(v.privateKey)))).toBe(v.publicKey);
        expect(crypto.xeddsaVerify(publicKey, message, signature)).toBe(true);
      });

      it(`${v.name}: flipping bit 0 of any signature byte fails (as in libsignal)`, () => {
        for (let i = 0; i < signature.length; i++) {
          const bad = new Uint8Array(signature);
          bad[i]! ^= 0x01;
          expect(crypto.xeddsaVerify(publicKey, message, bad), `byte ${i}`).toBe(false);
        }
      });

      it(`${v.name}: our own signature with the vector key verifies with the vector public key`, () => {
        const ours = crypto.xeddsaSign(fromHex(v.privateKey), message, new Uint8Array(64).fill(7));
        expect(crypto.xeddsaVerify(publicKey, message, ours)).toBe(true);
        // The sign bit that libsignal's signature carries is the key's: ours must carry the same.
        expect(ours[63]! & 0x80).toBe(signature[63]! & 0x80);
      });
    }
  });

  describe('HKDF-SHA256 (RFC 5869 A.1–A.3, libsignal kdf.rs)', () => {
    for (const v of hkdfVectors.cases) {
      it(v.name, () => {
        const ikm = fromHex(v.ikm);
        const salt = fromHex(v.salt);
        const info = fromHex(v.info);
        expect(toHex(crypto.hkdfSha256(ikm, salt, info, v.length))).toBe(v.okm);
        // PRK = HMAC-SHA256(salt, IKM) (RFC 5869 §2.2); an empty salt acts as HashLen zeros.
        expect(toHex(crypto.hmacSha256(salt, ikm))).toBe(v.prk);
        if (salt.length === 0) {
          expect(toHex(crypto.hkdfSha256(ikm, new Uint8Array(32), info, v.length))).toBe(v.okm);
        }
        // Shorter outputs are prefixes of longer ones.
        expect(toHex(crypto.hkdfSha256(ikm, salt, info, 7))).toBe(v.okm.slice(0, 14));
      });
    }
  });

  describe('AES-256-CBC (libsignal crypto.rs aes_cbc_test)', () => {
    for (const v of aesVectors.cases) {
      const key = fromHex(v.key);
      const iv = fromHex(v.iv);
      const ciphertext = fromHex(v.ciphertext);

      it(`${v.name}: encrypts and decrypts`, () => {
        expect(toHex(crypto.aes256CbcEncrypt(key, iv, fromHex(v.plaintext)))).toBe(v.ciphertext);
        expect(toHex(crypto.aes256CbcDecrypt(key, iv, ciphertext))).toBe(v.plaintext);
      });

      it(`${v.name}: refuses what libsignal refuses`, () => {
        expect(() => crypto.aes256CbcDecrypt(key, iv, fromHex(v.plaintext))).toThrow(CryptoError);
        expect(() => crypto.aes256CbcDecrypt(key, ciphertext, ciphertext)).toThrow(CryptoError);
      });

      it(`${v.name}: a flipped IV bit flips the same plaintext bit`, () => {
        expect(toHex(crypto.aes256CbcDecrypt(key, fromHex(v.flippedIv), ciphertext))).toBe(
          v.plaintextUnderFlippedIv,
        );
      });
    }
  });
});
