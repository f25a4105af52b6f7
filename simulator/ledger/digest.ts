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
  return /^[0-9a-f]{64}$/.test(value);
}
