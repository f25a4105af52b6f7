/**
 * Encrypting and decrypting with a session (Double Ratchet §3.4 RatchetEncrypt, §3.5 RatchetDecrypt,
 * as libsignal v3 does them). Decryption is failure-atomic: it computes a candidate state from the
 * current one without mutating anything, and the caller commits it only when the MAC verified and
 * the ciphertext decrypted.
 */
import { bytesEqual } from '../crypto/bytes.js';
import { CryptoError, type CryptoProvider, type RandomSource } from '../crypto/provider.js';
import { MAX_FORWARD_JUMP, MAX_RECEIVER_CHAINS, MAX_SKIPPED_MESSAGE_KEYS } from './constants.js';
import { ProtocolError, ensure } from './errors.js';
import { serializePublicKey } from './keys.js';
import {
  type ChainKey,
  type MessageKeys,
  deriveMessageKeys,
  messageKeySeed,
  nextChainKey,
  rootStep,
} from './ratchet.js';
import type { ReceiverChain, SessionState } from './session-state.js';
import {
  type ParsedWhisperMessage,
  computeWhisperMacForRawKeys,
  encodePreKeyWhisperMessage,
  encodeWhisperMessage,
  versionByteOf,
} from './wire.js';
import { agree } from './agreement.js';

/**
 * A message ready for the wire: `prekey` is a PreKeyWhisperMessage (type 3), `whisper` a
 * WhisperMessage (type 2 in libsignal's Rust and Java, 1 in the JavaScript implementations).
 */
export interface CiphertextMessage {
  readonly type: 'prekey' | 'whisper';
  readonly body: Uint8Array;
}

/**
 * Encrypts `plaintext` with `state` and returns the wire message and the advanced state
 * (Double Ratchet §3.4). Until the responder has answered, the message is wrapped in a
 * PreKeyWhisperMessage so the responder can run X3DH.
 */
export function encryptWithState(
  crypto: CryptoProvider,
  state: SessionState,
  plaintext: Uint8Array,
): { message: CiphertextMessage; state: SessionState } {
  const chainKey = state.senderChain.chainKey;
  const keys = deriveMessageKeys(crypto, messageKeySeed(crypto, chainKey), chainKey.index);
  const ciphertext = crypto.aes256CbcEncrypt(keys.cipherKey, keys.iv, plaintext);
  const body = encodeWhisperMessage(
    crypto,
    {
      ratchetKey: state.senderChain.ratchetKeyPair.publicKey,
      counter: chainKey.index,
      previousCounter: state.previousCounter,
      ciphertext,
    },
    keys.macKey,
    serializePublicKey(state.localIdentityKey),
    serializePublicKey(state.remoteIdentityKey),
    versionByteOf(state.version),
  );
  const next: SessionState = {
    ...state,
    senderChain: {
      ratchetKeyPair: state.senderChain.ratchetKeyPair,
      chainKey: nextChainKey(crypto, chainKey),
    },
  };
  const pending = state.pendingPreKey;
  if (!pending) return { message: { type: 'whisper', body }, state: next };
  const wrapped = encodePreKeyWhisperMessage({
    registrationId: state.localRegistrationId,
    signedPreKeyId: pending.signedPreKeyId,
    baseKey: pending.baseKey,
    identityKey: state.localIdentityKey,
    message: body,
    ...(pending.preKeyId !== undefined ? { preKeyId: pending.preKeyId } : {}),
    ...(pending.kyberPreKeyId !== undefined && pending.kyberCiphertext
      ? { kyberPreKeyId: pending.kyberPreKeyId, kyberCiphertext: pending.kyberCiphertext }
      : {}),
  });
  return { message: { type: 'prekey', body: wrapped }, state: next };
}

/** The message keys for `counter` on `chain`, and the chain as it must be stored if the message authenticates. */
function messageKeysFor(
  crypto: CryptoProvider,
  chain: ReceiverChain,
  counter: number,
): { keys: MessageKeys; chain: ReceiverChain } {
  const chainIndex = chain.chainKey.index;
  if (counter < chainIndex) {
    const seed = chain.skipped.get(counter);
    ensure(seed, 'duplicate-message', `message ${counter} was already received (chain is at ${chainIndex})`);
    const skipped = new Map(chain.skipped);
    skipped.delete(counter);
    return { keys: deriveMessageKeys(crypto, seed, counter), chain: { ...chain, skipped } };
  }
  ensure(
    counter - chainIndex <= MAX_FORWARD_JUMP,
    'too-far-in-future',
    `message ${counter} is more than ${MAX_FORWARD_JUMP} ahead of the chain (at ${chainIndex})`,
  );
  let chainKey: ChainKey = chain.chainKey;
  let skipped = chain.skipped;
  if (counter > chainIndex) {
    const grown = new Map(chain.skipped);
    while (chainKey.index < counter) {
      grown.set(chainKey.index, messageKeySeed(crypto, chainKey));
      chainKey = nextChainKey(crypto, chainKey);
    }
    // Evict the oldest seeds beyond the bound (libsignal drops the oldest too).
    for (const index of grown.keys()) {
      if (grown.size <= MAX_SKIPPED_MESSAGE_KEYS) break;
      grown.delete(index);
    }
    skipped = grown;
  }
  const keys = deriveMessageKeys(crypto, messageKeySeed(crypto, chainKey), counter);
  return { keys, chain: { ratchetKey: chain.ratchetKey, chainKey: nextChainKey(crypto, chainKey), skipped } };
}

/**
 * Decrypts a parsed WhisperMessage with `state` and returns the plaintext and the state to store.
 * Nothing is mutated; randomness (our next ratchet key) is drawn only after the message authenticated.
 * @throws ProtocolError('bad-mac' | 'duplicate-message' | 'too-far-in-future' | 'invalid-message')
 */
export function decryptWithState(
  crypto: CryptoProvider,
  random: RandomSource,
  state: SessionState,
  message: ParsedWhisperMessage,
): { plaintext: Uint8Array; state: SessionState } {
  // A v3 session accepts only 0x33 messages and a PQXDH (v4) session only 0x44 ones: no downgrade.
  ensure(
    message.version === state.version,
    'invalid-version',
    `a version-${message.version} message for a version-${state.version} session`,
  );
  const chainIndex = state.receiverChains.findIndex((chain) =>
    bytesEqual(chain.ratchetKey, message.ratchetKey),
  );
  let chain: ReceiverChain;
  let rootAfterReceive: Uint8Array | undefined;
  if (chainIndex >= 0) {
    chain = state.receiverChains[chainIndex]!;
  } else {
    // A new ratchet key from the peer: the receiving half of the DH ratchet step (§3.5 DHRatchet).
    const received = rootStep(
      crypto,
      state.rootKey,
      agree(crypto, state.senderChain.ratchetKeyPair.privateKey, message.ratchetKey),
    );
    chain = { ratchetKey: message.ratchetKey, chainKey: received.chainKey, skipped: new Map() };
    rootAfterReceive = received.rootKey;
  }

  const { keys, chain: advancedChain } = messageKeysFor(crypto, chain, message.counter);
  const mac = computeWhisperMacForRawKeys(
    crypto,
    keys.macKey,
    state.remoteIdentityKey,
    state.localIdentityKey,
    message.macInput,
  );
  ensure(bytesEqual(mac, message.mac), 'bad-mac', 'message authentication failed');
  let plaintext: Uint8Array;
  try {
    plaintext = crypto.aes256CbcDecrypt(keys.cipherKey, keys.iv, message.ciphertext);
  } catch (error) {
    if (error instanceof CryptoError)
      throw new ProtocolError('invalid-message', `cannot decrypt: ${error.message}`);
    throw error;
  }

  const { pendingPreKey: _acknowledged, ...rest } = state;
  if (chainIndex >= 0) {
    const receiverChains = state.receiverChains.slice();
    receiverChains[chainIndex] = advancedChain;
    return { plaintext, state: { ...rest, receiverChains } };
  }
  // The sending half of the DH ratchet step: a fresh ratchet key pair and a new sending chain.
  const ourNewRatchet = crypto.generateKeyPair(random);
  const sending = rootStep(
    crypto,
    rootAfterReceive!,
    agree(crypto, ourNewRatchet.privateKey, message.ratchetKey),
  );
  const receiverChains = [...state.receiverChains, advancedChain].slice(-MAX_RECEIVER_CHAINS);
  return {
    plaintext,
    state: {
      ...rest,
      rootKey: sending.rootKey,
      previousCounter: Math.max(state.senderChain.chainKey.index, 1) - 1,
      senderChain: { ratchetKeyPair: ourNewRatchet, chainKey: sending.chainKey },
      receiverChains,
    },
  };
}
