/**
 * The sender chain of a Sender Key (PROTOCOL.md "Sender Keys"; libsignal `sender_keys.rs`
 * `SenderChainKey` / `SenderMessageKey`). A symmetric hash ratchet with no DH step: every member who
 * holds the chain key at iteration n can derive every later message key, which is why a group must
 * re-key when a member leaves.
 */
import type { CryptoProvider } from '../../crypto/provider.js';
import { CHAIN_KEY_SEED, INFO_SENDER_KEY, MESSAGE_KEY_SEED, ZERO_SALT } from '../constants.js';
import { ProtocolError } from '../errors.js';

/** Chain keys and message-key seeds are HMAC-SHA256 outputs: 32 bytes. */
export const SENDER_CHAIN_KEY_LENGTH = 32;
/** Iterations travel as proto uint32; the chain ends before the counter would wrap. */
export const MAX_SENDER_ITERATION = 0xffffffff;

/** A chain key together with the iteration of the next message key it yields. */
export interface SenderChainKey {
  readonly iteration: number;
  readonly key: Uint8Array;
}

/** The seed of one message key, as kept for skipped iterations (libsignal stores the seed, not the keys). */
export interface SenderMessageKeySeed {
  readonly iteration: number;
  readonly seed: Uint8Array;
}

/** The AES-256-CBC key and IV for one group message. */
export interface SenderMessageKey {
  readonly iteration: number;
  readonly iv: Uint8Array;
  readonly cipherKey: Uint8Array;
}

/** The message-key seed for the chain's current iteration: `HMAC-SHA256(ck, 0x01)`. */
export function messageKeySeed(crypto: CryptoProvider, chain: SenderChainKey): SenderMessageKeySeed {
  return { iteration: chain.iteration, seed: crypto.hmacSha256(chain.key, MESSAGE_KEY_SEED) };
}

/**
 * The chain key one step on: `HMAC-SHA256(ck, 0x02)`, iteration + 1.
 * @throws ProtocolError('invalid-message') when the iteration counter would pass 2^32 − 1.
 */
export function nextChainKey(crypto: CryptoProvider, chain: SenderChainKey): SenderChainKey {
  if (chain.iteration >= MAX_SENDER_ITERATION) {
    throw new ProtocolError(
      'invalid-message',
      'the sender chain is exhausted; the sender must distribute a new key',
    );
  }
  return { iteration: chain.iteration + 1, key: crypto.hmacSha256(chain.key, CHAIN_KEY_SEED) };
}

/**
 * Expands a seed into the message key: `HKDF-SHA256(seed, 32 zero bytes, "WhisperGroup", 48)` →
 * IV (bytes 0..16) ‖ cipher key (bytes 16..48). (An absent HKDF salt is the same as 32 zero bytes,
 * RFC 5869 §2.2, so this matches libsignal's `Hkdf::new(None, seed)`.)
 */
export function deriveSenderMessageKey(crypto: CryptoProvider, seed: SenderMessageKeySeed): SenderMessageKey {
  const okm = crypto.hkdfSha256(seed.seed, ZERO_SALT, INFO_SENDER_KEY, 48);
  return { iteration: seed.iteration, iv: okm.slice(0, 16), cipherKey: okm.slice(16, 48) };
}
