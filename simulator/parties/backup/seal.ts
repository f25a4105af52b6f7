/**
 * Authenticated encryption for backups, vault records and the provider channel: AES-256-CBC then
 * HMAC-SHA256 over (associated data ‖ IV ‖ ciphertext) — encrypt-then-MAC, the construction WhatsApp
 * uses for media and that the whitepaper's message keys (AES-256-CBC + HMAC-SHA256) follow ([WP]).
 * Both subkeys come from one 32-byte key through HKDF (RFC 5869) with a purpose label, so one key
 * never serves two purposes. Decryption checks the MAC (constant time) before touching the padding.
 */
import { bytesEqual, concatBytes, utf8 } from '../../crypto/bytes.js';
import { AES_BLOCK_LENGTH, SHA256_LENGTH } from '../../crypto/checks.js';
import type { CryptoProvider, RandomSource } from '../../crypto/provider.js';

/** A sealed box failed its integrity check (wrong key, or bytes changed). */
export class SealError extends Error {
  override readonly name = 'SealError';
}

const NO_SALT = new Uint8Array(SHA256_LENGTH);

function subkeys(
  crypto: CryptoProvider,
  key: Uint8Array,
  purpose: string,
): { enc: Uint8Array; mac: Uint8Array } {
  const okm = crypto.hkdfSha256(key, NO_SALT, utf8(`sightline/seal/v1/${purpose}`), 64);
  return { enc: okm.slice(0, 32), mac: okm.slice(32) };
}

/** Encrypts `plaintext` under `key` for `purpose`: IV (16) ‖ AES-256-CBC ciphertext ‖ HMAC (32). */
export function seal(
  crypto: CryptoProvider,
  random: RandomSource,
  key: Uint8Array,
  purpose: string,
  plaintext: Uint8Array,
  associated: Uint8Array = new Uint8Array(0),
): Uint8Array {
  const { enc, mac } = subkeys(crypto, key, purpose);
  const iv = random.bytes(AES_BLOCK_LENGTH);
  const body = concatBytes(iv, crypto.aes256CbcEncrypt(enc, iv, plaintext));
  return concatBytes(body, crypto.hmacSha256(mac, concatBytes(associated, body)));
}

/**
 * Opens what `seal` produced.
 * @throws SealError when the MAC does not verify (wrong key, tampered bytes) or the box is malformed.
 */
export function open(
  crypto: CryptoProvider,
  key: Uint8Array,
  purpose: string,
  box: Uint8Array,
  associated: Uint8Array = new Uint8Array(0),
): Uint8Array {
  if (
    box.length < AES_BLOCK_LENGTH * 2 + SHA256_LENGTH ||
    (box.length - SHA256_LENGTH) % AES_BLOCK_LENGTH !== 0
  ) {
    throw new SealError('sealed box has a bad length');
  }
  const { enc, mac } = subkeys(crypto, key, purpose);
  const body = box.subarray(0, box.length - SHA256_LENGTH);
  const tag = box.subarray(box.length - SHA256_LENGTH);
  if (!bytesEqual(crypto.hmacSha256(mac, concatBytes(associated, body)), tag)) {
    throw new SealError('authentication failed: wrong key or tampered bytes');
  }
  try {
    return crypto.aes256CbcDecrypt(enc, body.slice(0, AES_BLOCK_LENGTH), body.slice(AES_BLOCK_LENGTH));
  } catch {
    throw new SealError('bad padding under a valid MAC');
  }
}
