/**
 * WhatsApp's plaintext padding (PROTOCOL.md "Wire format"): before encryption the client appends N
 * bytes of value N, 1 ≤ N ≤ 15, with N drawn at random, so sizes on the wire hide exact lengths.
 */
import type { RandomSource } from '../crypto/provider.js';
import { ProtocolError } from './errors.js';

/** Appends 1–15 bytes of padding, each equal to the padding length. */
export function padPlaintext(plaintext: Uint8Array, random: RandomSource): Uint8Array {
  const length = (random.bytes(1)[0]! % 15) + 1;
  const padded = new Uint8Array(plaintext.length + length);
  padded.set(plaintext, 0);
  return padded.fill(length, plaintext.length);
}

/**
 * Removes padding added by {@link padPlaintext}.
 * @throws ProtocolError('invalid-message') when the padding is malformed.
 */
export function unpadPlaintext(padded: Uint8Array): Uint8Array {
  const length = padded[padded.length - 1];
  if (length === undefined || length < 1 || length > 15 || length > padded.length) {
    throw new ProtocolError('invalid-message', 'malformed message padding');
  }
  for (let i = padded.length - length; i < padded.length; i++) {
    if (padded[i] !== length) throw new ProtocolError('invalid-message', 'malformed message padding');
  }
  return padded.subarray(0, padded.length - length); // the caller's fresh decryption output: no copy
}
