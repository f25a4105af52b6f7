/**
 * The Double Ratchet's key derivations (Double Ratchet §5.2 with libsignal's constants, PROTOCOL.md
 * "Double Ratchet"): the symmetric chain step, the message keys, and the DH root step.
 */
import type { CryptoProvider } from '../crypto/provider.js';
import {
  CHAIN_KEY_SEED,
  INFO_MESSAGE_KEYS,
  INFO_WHISPER_RATCHET,
  MESSAGE_KEY_SEED,
  ZERO_SALT,
} from './constants.js';

/** A chain key and the index of the next message key it yields. */
export interface ChainKey {
  readonly key: Uint8Array;
  readonly index: number;
}

/** The per-message keys: AES-256-CBC key, HMAC-SHA256 key and IV (80 bytes of HKDF output). */
export interface MessageKeys {
  readonly cipherKey: Uint8Array;
  readonly macKey: Uint8Array;
  readonly iv: Uint8Array;
  readonly counter: number;
}

/** The next chain key: HMAC-SHA256(ck, 0x02) (Double Ratchet §5.2, KDF_CK). */
export function nextChainKey(crypto: CryptoProvider, chainKey: ChainKey): ChainKey {
  return { key: crypto.hmacSha256(chainKey.key, CHAIN_KEY_SEED), index: chainKey.index + 1 };
}

/** The message-key seed of this chain step: HMAC-SHA256(ck, 0x01). */
export function messageKeySeed(crypto: CryptoProvider, chainKey: ChainKey): Uint8Array {
  return crypto.hmacSha256(chainKey.key, MESSAGE_KEY_SEED);
}

/** Expands a message-key seed: HKDF(seed, 32 zero bytes, "WhisperMessageKeys", 80) → key ‖ mac ‖ iv. */
export function deriveMessageKeys(crypto: CryptoProvider, seed: Uint8Array, counter: number): MessageKeys {
  const okm = crypto.hkdfSha256(seed, ZERO_SALT, INFO_MESSAGE_KEYS, 80);
  return { cipherKey: okm.slice(0, 32), macKey: okm.slice(32, 64), iv: okm.slice(64, 80), counter };
}

/**
 * The DH ratchet's root step (Double Ratchet §3.5, KDF_RK):
 * HKDF(ikm = DH output, salt = root key, info = "WhisperRatchet", 64) → new root key ‖ new chain key.
 */
export function rootStep(
  crypto: CryptoProvider,
  rootKey: Uint8Array,
  dhOutput: Uint8Array,
): { rootKey: Uint8Array; chainKey: ChainKey } {
  const okm = crypto.hkdfSha256(dhOutput, rootKey, INFO_WHISPER_RATCHET, 64);
  return { rootKey: okm.slice(0, 32), chainKey: { key: okm.slice(32, 64), index: 0 } };
}
