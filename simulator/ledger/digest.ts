/**
 * Content digests: SHA-256 of plaintext bytes, hex. The author registers an item with the digest of
 * its plaintext; any later claim to have seen the content must present bytes with the same digest.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { toHex } from '../crypto/bytes.js';

/** A SHA-256 implementation; the run's crypto provider passes its (native, on Node hosts) one. */
export type Sha256 = (data: Uint8Array) => Uint8Array;

/** SHA-256 hex of `plaintext`. */
export function contentDigest(plaintext: Uint8Array, hash: Sha256 = sha256): string {
  return toHex(hash(plaintext));
}

/** True for a 64-character lower-case hex string. */
export function isDigest(value: string): boolean {
  if (typeof value !== 'string' || value.length !== 64) return false;
  for (let i = 0; i < 64; i++) {
    const c = value.charCodeAt(i);
    if (!((c >= 48 && c <= 57) || (c >= 97 && c <= 102))) return false; // 0-9, a-f
  }
  return true;
}
