/**
 * Creating and processing SenderKeyDistributionMessages (PROTOCOL.md "Sender Keys"; libsignal
 * `group_cipher.rs` `create_sender_key_distribution_message` /
 * `process_sender_key_distribution_message`). The SKDM itself travels to each member device over
 * its pairwise session; this module only makes and reads its bytes.
 */
import type { CryptoProvider, RandomSource } from '../../crypto/provider.js';
import { serializePublicKey } from '../keys.js';
import { SENDER_CHAIN_KEY_LENGTH } from './chain-key.js';
import { EMPTY_SENDER_KEY_RECORD, addSenderKeyState, currentSenderKeyState } from './record.js';
import { checkSenderKeyState, type SenderKeyState } from './state.js';
import type { SenderKeyName, SenderKeyStore } from './store.js';
import { decodeSenderKeyDistributionMessage, encodeSenderKeyDistributionMessage } from './wire.js';

/**
 * A fresh sending state, drawing from `random` in this order: 4 bytes for the key id (kept to 31
 * bits, as libsignal does), 32 bytes of chain key, then the signing key pair.
 */
export function generateSenderKeyState(crypto: CryptoProvider, random: RandomSource): SenderKeyState {
  const idBytes = random.bytes(4);
  const keyId = ((idBytes[0]! << 24) | (idBytes[1]! << 16) | (idBytes[2]! << 8) | idBytes[3]!) >>> 1;
  const chainKey = random.bytes(SENDER_CHAIN_KEY_LENGTH);
  const signing = crypto.generateKeyPair(random);
  return checkSenderKeyState({
    keyId,
    chainKey: { iteration: 0, key: chainKey },
    signingPublicKey: serializePublicKey(signing.publicKey),
    signingPrivateKey: signing.privateKey,
    skippedMessageKeys: [],
  });
}

function distributionFor(state: SenderKeyState): Uint8Array {
  return encodeSenderKeyDistributionMessage({
    keyId: state.keyId,
    iteration: state.chainKey.iteration,
    chainKey: state.chainKey.key,
    signingKey: state.signingPublicKey,
  });
}

/**
 * The SKDM for our own sender key in a group (`name.sender` is this device). The first call creates
 * the state; later calls describe the same state at its current iteration, so members who join late
 * cannot read what was sent before they got it.
 */
export function createSenderKeyDistributionMessage(
  crypto: CryptoProvider,
  random: RandomSource,
  store: SenderKeyStore,
  name: SenderKeyName,
): Uint8Array {
  const existing = currentSenderKeyState(store.loadSenderKey(name) ?? EMPTY_SENDER_KEY_RECORD);
  if (existing !== undefined) return distributionFor(existing);
  const state = generateSenderKeyState(crypto, random);
  store.storeSenderKey(name, { states: [state] });
  return distributionFor(state);
}

/**
 * Replaces our own sender key with a fresh one and returns its SKDM. WhatsApp does this when a member
 * leaves or is removed: the new key goes only to the remaining members, so the one who left cannot
 * read what follows (Sender Keys give no post-compromise security otherwise). The old sending state,
 * private signing key included, is dropped.
 */
export function rotateSenderKey(
  crypto: CryptoProvider,
  random: RandomSource,
  store: SenderKeyStore,
  name: SenderKeyName,
): Uint8Array {
  const state = generateSenderKeyState(crypto, random);
  store.storeSenderKey(name, { states: [state] });
  return distributionFor(state);
}

/**
 * Stores the sender key described by an SKDM from `name.sender`, as the newest state of its record.
 * Re-processing the same SKDM keeps the existing state and its progress (no replay window).
 * @throws ProtocolError('invalid-version' | 'invalid-message' | 'invalid-key') on a malformed SKDM;
 *   the record is then left as it was.
 */
export function processSenderKeyDistributionMessage(
  store: SenderKeyStore,
  name: SenderKeyName,
  skdm: Uint8Array,
): void {
  const distribution = decodeSenderKeyDistributionMessage(skdm);
  const state = checkSenderKeyState({
    keyId: distribution.keyId,
    chainKey: { iteration: distribution.iteration, key: distribution.chainKey },
    signingPublicKey: distribution.signingKey,
    skippedMessageKeys: [],
  });
  store.storeSenderKey(name, addSenderKeyState(store.loadSenderKey(name) ?? EMPTY_SENDER_KEY_RECORD, state));
}
