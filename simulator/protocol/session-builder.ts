/**
 * Building sessions (X3DH §3.3 for the initiator, §3.4 for the responder, with libsignal's
 * initialisation of the Double Ratchet: Bob's first ratchet key is his signed prekey, Alice draws a
 * fresh ratchet key at once and performs a root step).
 *
 * A bundle with a KEM prekey makes the session PQXDH (PQXDH §3.3 initiator, §3.4 responder): the
 * initiator verifies the KEM prekey's signature, encapsulates to it and mixes the shared secret into
 * the KDF; the session is version 4. A bundle without one falls back to X3DH (version 3), byte for
 * byte as before.
 */
import type { CryptoProvider, KeyPair, RandomSource } from '../crypto/provider.js';
import { CIPHERTEXT_VERSION, PQXDH_CIPHERTEXT_VERSION } from './constants.js';
import { ensure } from './errors.js';
import { type PreKeyBundle, deserializePublicKey } from './keys.js';
import {
  ML_KEM_ENCAPSULATION_RANDOM_LENGTH,
  deserializeKemPublicKey,
  serializeKemCiphertext,
} from './kem-keys.js';
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
  const theirKemPreKey = verifiedKemPreKey(crypto, theirIdentity, bundle);

  const baseKey = crypto.generateKeyPair(random);
  // PQXDH §3.3: (CT, SS) = PQKEM-ENC(PQPK_B); drawn after the base key, so X3DH runs draw as before.
  const encapsulated = theirKemPreKey
    ? crypto.mlKem1024Encapsulate(theirKemPreKey, random.bytes(ML_KEM_ENCAPSULATION_RANDOM_LENGTH))
    : undefined;
  const initial = x3dhInitiator(
    crypto,
    local.identityKeyPair,
    baseKey,
    theirIdentity,
    theirSignedPreKey,
    theirOneTimePreKey,
    encapsulated?.sharedSecret,
  );
  const sendingRatchet = crypto.generateKeyPair(random);
  const sending = rootStep(
    crypto,
    initial.rootKey,
    agree(crypto, sendingRatchet.privateKey, theirSignedPreKey),
  );
  return {
    version: encapsulated ? PQXDH_CIPHERTEXT_VERSION : CIPHERTEXT_VERSION,
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
      ...(encapsulated && bundle.kyberPreKeyId !== undefined
        ? {
            kyberPreKeyId: bundle.kyberPreKeyId,
            kyberCiphertext: serializeKemCiphertext(encapsulated.ciphertext),
          }
        : {}),
    },
    localRegistrationId: local.registrationId,
    remoteRegistrationId: bundle.registrationId,
    aliceBaseKey: baseKey.publicKey,
  };
}

/**
 * The bundle's KEM prekey, raw, once its signature verified (PQXDH §3.3: "Alice verifies the
 * prekey signatures and aborts the protocol if verification fails"); undefined when it has none.
 * @throws ProtocolError('bad-signature' | 'invalid-key')
 */
function verifiedKemPreKey(
  crypto: CryptoProvider,
  theirIdentity: Uint8Array,
  bundle: PreKeyBundle,
): Uint8Array | undefined {
  const parts = [bundle.kyberPreKeyId, bundle.kyberPreKey, bundle.kyberPreKeySignature];
  const present = parts.filter((part) => part !== undefined).length;
  ensure(present === 0 || present === 3, 'invalid-key', 'a KEM prekey needs an id, a key and a signature');
  if (present === 0) return undefined;
  const raw = deserializeKemPublicKey(bundle.kyberPreKey!);
  ensure(
    crypto.xeddsaVerify(theirIdentity, bundle.kyberPreKey!, bundle.kyberPreKeySignature!),
    'bad-signature',
    'the KEM prekey signature does not verify against the identity key',
  );
  return raw;
}

/** What the responder needs from a PreKeyWhisperMessage and its own key store to answer X3DH. */
export interface ResponderInputs {
  readonly signedPreKey: KeyPair;
  readonly oneTimePreKey: KeyPair | undefined;
  readonly theirIdentityKey: Uint8Array;
  readonly theirBaseKey: Uint8Array;
  readonly theirRegistrationId: number;
  /** PQXDH §3.4: SS decapsulated from the message's KEM ciphertext; absent for X3DH. */
  readonly kemSharedSecret?: Uint8Array;
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
    inputs.kemSharedSecret,
  );
  return {
    version: inputs.kemSharedSecret ? PQXDH_CIPHERTEXT_VERSION : CIPHERTEXT_VERSION,
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
