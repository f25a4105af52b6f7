/**
 * X3DH key agreement as libsignal v3 performs it (X3DH §3.3 and §3.4; PROTOCOL.md "X3DH"):
 * `secret = 0xFF×32 ‖ DH(IKa, SPKb) ‖ DH(EKa, IKb) ‖ DH(EKa, SPKb) [‖ DH(EKa, OPKb)]`, then
 * `HKDF(secret, 32 zero bytes, "WhisperText", 64)` → root key ‖ chain key.
 *
 * With a KEM shared secret this is PQXDH (PQXDH §3.3, §3.4, §2.2 KDF): `SK = KDF(F ‖ DH1 ‖ DH2 ‖ DH3
 * [‖ DH4] ‖ SS)`, F = 32 0xFF bytes, HKDF-SHA256 with a zero salt and the PQXDH info string
 * (libsignal's "WhisperText_X25519_SHA-256_CRYSTALS-KYBER-1024").
 */
import { concatBytes } from '../crypto/bytes.js';
import type { CryptoProvider, KeyPair } from '../crypto/provider.js';
import { INFO_PQXDH, INFO_WHISPER_TEXT, ZERO_SALT } from './constants.js';
import type { ChainKey } from './ratchet.js';
import { agree } from './agreement.js';

const DISCONTINUITY = new Uint8Array(32).fill(0xff);

/** The X3DH output: the first root key and chain key of a new session. */
export interface X3dhResult {
  readonly rootKey: Uint8Array;
  readonly chainKey: ChainKey;
}

function deriveInitialKeys(
  crypto: CryptoProvider,
  secrets: Uint8Array[],
  kemSharedSecret: Uint8Array | undefined,
): X3dhResult {
  // PQXDH §3.3: the KEM shared secret comes last, after every DH output.
  if (kemSharedSecret) secrets.push(kemSharedSecret);
  const info = kemSharedSecret ? INFO_PQXDH : INFO_WHISPER_TEXT;
  const okm = crypto.hkdfSha256(concatBytes(DISCONTINUITY, ...secrets), ZERO_SALT, info, 64);
  return { rootKey: okm.slice(0, 32), chainKey: { key: okm.slice(32, 64), index: 0 } };
}

/**
 * The initiator's side (Alice): her identity and base (ephemeral) key against Bob's published keys;
 * `kemSharedSecret` (PQXDH §3.3: SS from encapsulating to Bob's KEM prekey) makes it PQXDH.
 */
export function x3dhInitiator(
  crypto: CryptoProvider,
  ourIdentity: KeyPair,
  ourBaseKey: KeyPair,
  theirIdentity: Uint8Array,
  theirSignedPreKey: Uint8Array,
  theirOneTimePreKey: Uint8Array | undefined,
  kemSharedSecret?: Uint8Array,
): X3dhResult {
  const secrets = [
    agree(crypto, ourIdentity.privateKey, theirSignedPreKey),
    agree(crypto, ourBaseKey.privateKey, theirIdentity),
    agree(crypto, ourBaseKey.privateKey, theirSignedPreKey),
  ];
  if (theirOneTimePreKey) secrets.push(agree(crypto, ourBaseKey.privateKey, theirOneTimePreKey));
  return deriveInitialKeys(crypto, secrets, kemSharedSecret);
}

/**
 * The responder's side (Bob): the mirror of {@link x3dhInitiator}, in the same order;
 * `kemSharedSecret` is SS decapsulated from Alice's KEM ciphertext (PQXDH §3.4).
 */
export function x3dhResponder(
  crypto: CryptoProvider,
  ourIdentity: KeyPair,
  ourSignedPreKey: KeyPair,
  ourOneTimePreKey: KeyPair | undefined,
  theirIdentity: Uint8Array,
  theirBaseKey: Uint8Array,
  kemSharedSecret?: Uint8Array,
): X3dhResult {
  const secrets = [
    agree(crypto, ourSignedPreKey.privateKey, theirIdentity),
    agree(crypto, ourIdentity.privateKey, theirBaseKey),
    agree(crypto, ourSignedPreKey.privateKey, theirBaseKey),
  ];
  if (ourOneTimePreKey) secrets.push(agree(crypto, ourOneTimePreKey.privateKey, theirBaseKey));
  return deriveInitialKeys(crypto, secrets, kemSharedSecret);
}
