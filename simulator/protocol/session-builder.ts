/**
 * Building sessions (X3DH §3.3 for the initiator, §3.4 for the responder, with libsignal's
 * initialisation of the Double Ratchet: Bob's first ratchet key is his signed prekey, Alice draws a
 * fresh ratchet key at once and performs a root step).
 */
import type { CryptoProvider, KeyPair, RandomSource } from '../crypto/provider.js';
import { CIPHERTEXT_VERSION } from './constants.js';
import { ensure } from './errors.js';
import { type PreKeyBundle, deserializePublicKey } from './keys.js';
import { rootStep } from './ratchet.js';
import type { SessionState } from './session-state.js';
import { x3dhInitiator, x3dhResponder } from './x3dh.js';
import { agree } from './agreement.js';

/** Our side of a device, as session building needs it. */
export interface LocalIdentity {
  readonly identityKeyPair: KeyPair;
  readonly registrationId: number;
}

/**
 * Verifies a prekey bundle and starts a session as the initiator (Alice).
 * The signed-prekey signature is always checked (the common JS implementations skip this).
 * @throws ProtocolError('bad-signature' | 'invalid-key')
 */
export function initiateSession(
  crypto: CryptoProvider,
  random: RandomSource,
  local: LocalIdentity,
  bundle: PreKeyBundle,
): SessionState {
  const theirIdentity = deserializePublicKey(bundle.identityKey);
  const theirSignedPreKey = deserializePublicKey(bundle.signedPreKey);
  ensure(
    crypto.xeddsaVerify(theirIdentity, bundle.signedPreKey, bundle.signedPreKeySignature),
    'bad-signature',
    'the signed prekey signature does not verify against the identity key',
  );
  ensure(
    (bundle.preKey === undefined) === (bundle.preKeyId === undefined),
    'invalid-key',
    'a one-time prekey needs both an id and a key',
  );
  const theirOneTimePreKey = bundle.preKey ? deserializePublicKey(bundle.preKey) : undefined;

  const baseKey = crypto.generateKeyPair(random);
  const initial = x3dhInitiator(
    crypto,
    local.identityKeyPair,
    baseKey,
    theirIdentity,
    theirSignedPreKey,
    theirOneTimePreKey,
  );
  const sendingRatchet = crypto.generateKeyPair(random);
  const sending = rootStep(
    crypto,
    initial.rootKey,
    agree(crypto, sendingRatchet.privateKey, theirSignedPreKey),
  );
  return {
    version: CIPHERTEXT_VERSION,
    localIdentityKey: local.identityKeyPair.publicKey,
    remoteIdentityKey: theirIdentity,
    rootKey: sending.rootKey,
    previousCounter: 0,
    senderChain: { ratchetKeyPair: sendingRatchet, chainKey: sending.chainKey },
    receiverChains: [{ ratchetKey: theirSignedPreKey, chainKey: initial.chainKey, skipped: new Map() }],
    pendingPreKey: {
      signedPreKeyId: bundle.signedPreKeyId,
      baseKey: baseKey.publicKey,
      ...(bundle.preKeyId !== undefined ? { preKeyId: bundle.preKeyId } : {}),
    },
    localRegistrationId: local.registrationId,
    remoteRegistrationId: bundle.registrationId,
    aliceBaseKey: baseKey.publicKey,
  };
}

/** What the responder needs from a PreKeyWhisperMessage and its own key store to answer X3DH. */
export interface ResponderInputs {
  readonly signedPreKey: KeyPair;
  readonly oneTimePreKey: KeyPair | undefined;
  readonly theirIdentityKey: Uint8Array;
  readonly theirBaseKey: Uint8Array;
  readonly theirRegistrationId: number;
}

/** Starts a session as the responder (Bob); the first receiving chain appears when Alice's message is decrypted. */
export function respondToSession(
  crypto: CryptoProvider,
  local: LocalIdentity,
  inputs: ResponderInputs,
): SessionState {
  const initial = x3dhResponder(
    crypto,
    local.identityKeyPair,
    inputs.signedPreKey,
    inputs.oneTimePreKey,
    inputs.theirIdentityKey,
    inputs.theirBaseKey,
  );
  return {
    version: CIPHERTEXT_VERSION,
    localIdentityKey: local.identityKeyPair.publicKey,
    remoteIdentityKey: inputs.theirIdentityKey,
    rootKey: initial.rootKey,
    previousCounter: 0,
    senderChain: { ratchetKeyPair: inputs.signedPreKey, chainKey: initial.chainKey },
    receiverChains: [],
    localRegistrationId: local.registrationId,
    remoteRegistrationId: inputs.theirRegistrationId,
    aliceBaseKey: inputs.theirBaseKey,
  };
}
