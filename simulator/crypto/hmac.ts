/**
 * HMAC-SHA256 (RFC 2104) and HKDF-SHA256 (RFC 5869) built on a one-shot SHA-256, for providers
 * whose native HMAC objects cost more to create than the hashing itself (node:crypto's createHmac
 * is ~5 µs for a 32-byte input; two one-shot hashes over reused buffers are ~2–3.5 µs). The
 * protocol's HMACs are short (chain keys, MACs over one message, HKDF blocks), so set-up is what
 * matters. Portable: no host imports.
 */
import { SHA256_LENGTH } from './checks.js';

/** A one-shot SHA-256 (FIPS 180-4) returning its 32-byte digest. */
export type OneShotSha256 = (data: Uint8Array) => Uint8Array;

const SHA256_BLOCK_LENGTH = 64;

/** HMAC and HKDF bound to one SHA-256; each instance owns its scratch buffers (not reentrant). */
export interface ShortHmac {
  hmac(key: Uint8Array, data: Uint8Array): Uint8Array;
  hkdf(ikm: Uint8Array, salt: Uint8Array, info: Uint8Array, length: number): Uint8Array;
}

/**
 * @param sha256 one-shot SHA-256; its result may be a view into a shared pool (it is copied).
 * @param finish turns the final digest into the plain Uint8Array callers get (identity when the
 *   hash already returns fresh plain arrays).
 */
export function createShortHmac(
  sha256: OneShotSha256,
  finish: (digest: Uint8Array) => Uint8Array = (digest) => digest,
): ShortHmac {
  let inner = new Uint8Array(SHA256_BLOCK_LENGTH + 1024);
  const outer = new Uint8Array(SHA256_BLOCK_LENGTH + SHA256_LENGTH);
  /** The key whose pads `inner` and `outer` hold (the ratchet and HKDF reuse a key back to back). */
  const padKey = new Uint8Array(SHA256_BLOCK_LENGTH);
  let padKeyLength = -1;

  function setPads(key: Uint8Array): void {
    const block = key.length > SHA256_BLOCK_LENGTH ? sha256(key) : key;
    const n = block.length;
    if (n === padKeyLength) {
      let same = true;
      for (let i = 0; i < n && same; i++) same = padKey[i] === block[i];
      if (same) return;
    }
    for (let i = 0; i < n; i++) {
      const k = block[i]!;
      inner[i] = k ^ 0x36;
      outer[i] = k ^ 0x5c;
    }
    inner.fill(0x36, n, SHA256_BLOCK_LENGTH);
    outer.fill(0x5c, n, SHA256_BLOCK_LENGTH);
    padKey.set(block, 0);
    padKeyLength = n;
  }

  /** H(K⊕opad ‖ H(K⊕ipad ‖ m)), keys longer than a block hashed first (RFC 2104 §2). */
  function hmac(key: Uint8Array, data: Uint8Array): Uint8Array {
    if (inner.length < SHA256_BLOCK_LENGTH + data.length) {
      const grown = new Uint8Array(SHA256_BLOCK_LENGTH + data.length * 2);
      grown.set(inner.subarray(0, SHA256_BLOCK_LENGTH), 0);
      inner = grown;
    }
    setPads(key);
    inner.set(data, SHA256_BLOCK_LENGTH);
    outer.set(sha256(inner.subarray(0, SHA256_BLOCK_LENGTH + data.length)), SHA256_BLOCK_LENGTH);
    return finish(sha256(outer));
  }

  /** Extract, then expand T(i) = HMAC(PRK, T(i−1) ‖ info ‖ i) (RFC 5869 §2.2–2.3). */
  function hkdf(ikm: Uint8Array, salt: Uint8Array, info: Uint8Array, length: number): Uint8Array {
    const prk = hmac(salt, ikm);
    const out = new Uint8Array(length);
    const input = new Uint8Array(SHA256_LENGTH + info.length + 1);
    let previousLength = 0;
    for (let offset = 0, counter = 1; offset < length; offset += SHA256_LENGTH, counter++) {
      input.set(info, previousLength);
      input[previousLength + info.length] = counter;
      const t = hmac(prk, input.subarray(0, previousLength + info.length + 1));
      out.set(t.subarray(0, Math.min(SHA256_LENGTH, length - offset)), offset);
      input.set(t, 0);
      previousLength = SHA256_LENGTH;
    }
    return out;
  }

  return { hmac, hkdf };
}
