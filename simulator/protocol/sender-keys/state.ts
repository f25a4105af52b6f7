/**
 * One sender-key state: the chain, the signing key, and the seeds of skipped message keys
 * (PROTOCOL.md "Sender Keys"; libsignal `sender_keys.rs` `SenderKeyState`, `group_cipher.rs`
 * `get_sender_key`). Every function here is pure: it returns a new state and never changes its
 * input, so a caller can throw the result away when a later check fails (failure atomicity).
 */
import type { CryptoProvider } from '../../crypto/provider.js';
import { MAX_FORWARD_JUMP, MAX_SKIPPED_MESSAGE_KEYS, PUBLIC_KEY_LENGTH } from '../constants.js';
import { ProtocolError, ensure } from '../errors.js';
import {
  SENDER_CHAIN_KEY_LENGTH,
  deriveSenderMessageKey,
  messageKeySeed,
  nextChainKey,
  type SenderChainKey,
  type SenderMessageKey,
  type SenderMessageKeySeed,
} from './chain-key.js';

/** Sender-key ids are 31-bit (libsignal-protocol-java used a signed int). */
export const MAX_SENDER_KEY_ID = 0x7fffffff;

/** What one member knows of one sender key; the sender's own copy also holds the private signing key. */
export interface SenderKeyState {
  /** The id a SenderKeyMessage names its state by (libsignal: chain id). */
  readonly keyId: number;
  /** The chain key for the next message key, with its iteration. */
  readonly chainKey: SenderChainKey;
  /** The 33-byte serialized Curve25519 public key that signs every message of this state. */
  readonly signingPublicKey: Uint8Array;
  /** The raw 32-byte private signing key; present only in the sender's own state. */
  readonly signingPrivateKey?: Uint8Array;
  /** Seeds of message keys skipped over by out-of-order delivery, oldest first. */
  readonly skippedMessageKeys: readonly SenderMessageKeySeed[];
}

/** A state and the message key that was taken from it. */
export interface SenderKeyStep {
  readonly state: SenderKeyState;
  readonly messageKey: SenderMessageKey;
}

/**
 * Checks the shape of a state's fields (ids, lengths); used for fresh, distributed and stored states.
 * @throws ProtocolError('invalid-message') on a field of the wrong size.
 */
export function checkSenderKeyState(state: SenderKeyState): SenderKeyState {
  ensure(
    Number.isInteger(state.keyId) && state.keyId >= 0 && state.keyId <= 0xffffffff,
    'invalid-message',
    `sender key id ${state.keyId} is not a uint32`,
  );
  ensure(
    state.chainKey.key.length === SENDER_CHAIN_KEY_LENGTH,
    'invalid-message',
    `a sender chain key is ${SENDER_CHAIN_KEY_LENGTH} bytes, got ${state.chainKey.key.length}`,
  );
  ensure(
    state.signingPublicKey.length === PUBLIC_KEY_LENGTH,
    'invalid-message',
    `a signing key is ${PUBLIC_KEY_LENGTH} bytes, got ${state.signingPublicKey.length}`,
  );
  ensure(
    state.signingPrivateKey === undefined || state.signingPrivateKey.length === 32,
    'invalid-message',
    'a private signing key is 32 bytes',
  );
  ensure(
    state.skippedMessageKeys.every((entry) => entry.seed.length === SENDER_CHAIN_KEY_LENGTH),
    'invalid-message',
    `a skipped message-key seed is ${SENDER_CHAIN_KEY_LENGTH} bytes`,
  );
  ensure(
    state.skippedMessageKeys.length <= MAX_SKIPPED_MESSAGE_KEYS,
    'invalid-message',
    `more than ${MAX_SKIPPED_MESSAGE_KEYS} skipped message keys`,
  );
  return state;
}

/**
 * The sender's step: the message key for the chain's current iteration, and the state with the
 * chain moved one step on (libsignal `group_encrypt`).
 */
export function takeSendingKey(crypto: CryptoProvider, state: SenderKeyState): SenderKeyStep {
  const messageKey = deriveSenderMessageKey(crypto, messageKeySeed(crypto, state.chainKey));
  return { state: { ...state, chainKey: nextChainKey(crypto, state.chainKey) }, messageKey };
}

/**
 * The receiver's step for a message at `iteration` (libsignal `get_sender_key`):
 * - an iteration behind the chain must have a stored skipped key, which is used up; otherwise the
 *   message is a replay (or its key was evicted) and is refused;
 * - an iteration ahead moves the chain, storing the seeds passed over, at most
 *   MAX_SKIPPED_MESSAGE_KEYS of them (oldest evicted first).
 * @throws ProtocolError('duplicate-message') for an iteration already used or evicted.
 * @throws ProtocolError('too-far-in-future') for a jump of more than MAX_FORWARD_JUMP.
 */
export function takeReceivingKey(
  crypto: CryptoProvider,
  state: SenderKeyState,
  iteration: number,
): SenderKeyStep {
  const current = state.chainKey.iteration;
  if (iteration < current) {
    const index = state.skippedMessageKeys.findIndex((entry) => entry.iteration === iteration);
    if (index < 0) {
      throw new ProtocolError(
        'duplicate-message',
        `iteration ${iteration} was already decrypted or its key expired (chain at ${current})`,
      );
    }
    const skippedMessageKeys = state.skippedMessageKeys.filter((_, i) => i !== index);
    return {
      state: { ...state, skippedMessageKeys },
      messageKey: deriveSenderMessageKey(crypto, state.skippedMessageKeys[index]!),
    };
  }

  const jump = iteration - current;
  if (jump > MAX_FORWARD_JUMP) {
    throw new ProtocolError(
      'too-far-in-future',
      `iteration ${iteration} is ${jump} ahead of the chain (limit ${MAX_FORWARD_JUMP}); ask the sender for a new key`,
    );
  }

  const skipped = state.skippedMessageKeys.slice();
  let chain = state.chainKey;
  while (chain.iteration < iteration) {
    skipped.push(messageKeySeed(crypto, chain));
    chain = nextChainKey(crypto, chain);
  }
  const messageKey = deriveSenderMessageKey(crypto, messageKeySeed(crypto, chain));
  const skippedMessageKeys =
    skipped.length > MAX_SKIPPED_MESSAGE_KEYS ? skipped.slice(-MAX_SKIPPED_MESSAGE_KEYS) : skipped;
  return { state: { ...state, chainKey: nextChainKey(crypto, chain), skippedMessageKeys }, messageKey };
}
