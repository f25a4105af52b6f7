/**
 * Group encryption with Sender Keys (PROTOCOL.md "Sender Keys"; libsignal `group_cipher.rs`
 * `group_encrypt` / `group_decrypt`). One ciphertext per group message, signed with the sender's
 * signing key; the server fans it out to every member device.
 *
 * Both functions are failure-atomic: they compute on the loaded record and store the result only
 * after everything succeeded, so a rejected message leaves the stored record byte-identical.
 */
import { concatBytes } from '../../crypto/bytes.js';
import { CryptoError, type CryptoProvider, type RandomSource } from '../../crypto/provider.js';
import { ProtocolError } from '../errors.js';
import { deserializePublicKey } from '../keys.js';
import { currentSenderKeyState, replaceSenderKeyState, senderKeyStateById } from './record.js';
import { takeReceivingKey, takeSendingKey } from './state.js';
import { senderKeyNameToString, type SenderKeyName, type SenderKeyStore } from './store.js';
import { decodeSenderKeyMessage, encodeSenderKeyMessageBody } from './wire.js';

/** XEdDSA takes 64 bytes of randomness per signature (XEdDSA §2.3). */
const SIGNATURE_RANDOM_LENGTH = 64;

/**
 * Encrypts `plaintext` (already padded by the caller, as WhatsApp pads) under our current sender
 * key for the group and returns SenderKeyMessage bytes. Draws 64 bytes from `random` for the
 * signature.
 * @throws ProtocolError('no-sender-key') when we have no sending state (call
 *   createSenderKeyDistributionMessage first).
 */
export function groupEncrypt(
  crypto: CryptoProvider,
  random: RandomSource,
  store: SenderKeyStore,
  name: SenderKeyName,
  plaintext: Uint8Array,
): Uint8Array {
  const record = store.loadSenderKey(name);
  const state = record === undefined ? undefined : currentSenderKeyState(record);
  if (record === undefined || state === undefined || state.signingPrivateKey === undefined) {
    throw new ProtocolError(
      'no-sender-key',
      `no sending key for ${senderKeyNameToString(name)}; create a distribution message first`,
    );
  }
  const step = takeSendingKey(crypto, state);
  const ciphertext = crypto.aes256CbcEncrypt(step.messageKey.cipherKey, step.messageKey.iv, plaintext);
  const body = encodeSenderKeyMessageBody(state.keyId, step.messageKey.iteration, ciphertext);
  const signature = crypto.xeddsaSign(state.signingPrivateKey, body, random.bytes(SIGNATURE_RANDOM_LENGTH));
  store.storeSenderKey(name, replaceSenderKeyState(record, step.state));
  return concatBytes(body, signature);
}

/**
 * Decrypts a SenderKeyMessage from `name.sender`. Checks, in order: version and framing, that a state
 * with the message's key id exists, the signature, the iteration bounds, then the ciphertext.
 * @throws ProtocolError('invalid-version') on a version other than 3.
 * @throws ProtocolError('invalid-message') on a malformed message or a ciphertext that does not decrypt.
 * @throws ProtocolError('no-sender-key') when no state has the message's key id.
 * @throws ProtocolError('bad-signature') when the signature does not verify with that state's key.
 * @throws ProtocolError('duplicate-message') for an iteration already decrypted (or whose key expired).
 * @throws ProtocolError('too-far-in-future') for a jump beyond MAX_FORWARD_JUMP.
 */
export function groupDecrypt(
  crypto: CryptoProvider,
  store: SenderKeyStore,
  name: SenderKeyName,
  messageBytes: Uint8Array,
): Uint8Array {
  const message = decodeSenderKeyMessage(messageBytes);
  const record = store.loadSenderKey(name);
  const state = record === undefined ? undefined : senderKeyStateById(record, message.keyId);
  if (record === undefined || state === undefined) {
    throw new ProtocolError(
      'no-sender-key',
      `no sender key ${message.keyId} for ${senderKeyNameToString(name)}; the sender must send its distribution message`,
    );
  }
  if (
    !crypto.xeddsaVerify(deserializePublicKey(state.signingPublicKey), message.signedPart, message.signature)
  ) {
    throw new ProtocolError(
      'bad-signature',
      `the signature on a message from ${senderKeyNameToString(name)} does not verify`,
    );
  }
  const step = takeReceivingKey(crypto, state, message.iteration);
  let plaintext: Uint8Array;
  try {
    plaintext = crypto.aes256CbcDecrypt(step.messageKey.cipherKey, step.messageKey.iv, message.ciphertext);
  } catch (error) {
    if (error instanceof CryptoError) {
      throw new ProtocolError('invalid-message', `a group message did not decrypt: ${error.message}`);
    }
    throw error;
  }
  store.storeSenderKey(name, replaceSenderKeyState(record, step.state));
  return plaintext;
}
