/**
 * OPAQUE, the password-authenticated key exchange WhatsApp's HSM Backup Key Vault speaks ([BKP],
 * audited in [NCC]), following RFC 9807 in structure with small, CI-friendly parameters:
 *
 *   - OPRF: RFC 9497 base mode over ristretto255-SHA512 (@noble/curves). The vault evaluates the
 *     client's *blinded* password, so it never sees the password, and nobody can test a guess
 *     without asking the vault — every guess is an online attempt the vault can count.
 *   - Key stretching (RFC 9807 §4.3.1): scrypt over the OPRF output (N = 2^10 here; deployments
 *     use far larger costs).
 *   - Envelope (§4.1): from the randomized password and a nonce the client derives an auth key, an
 *     export key and its long-term AKE private key; the vault stores only the nonce and an auth tag.
 *   - AKE (§6.4, 3DH): client and vault each mix an ephemeral and a static X25519 key; MACs over the
 *     transcript confirm both sides. Only a client that knew the password can produce the final MAC.
 *
 * On top, as in WhatsApp's design, the backup key is stored sealed under the OPAQUE *export key*
 * (which only a client with the password can derive) and released, sealed again under the session
 * key, only after the client's MAC verifies.
 */
import { ristretto255_oprf } from '@noble/curves/ed25519.js';
import { scrypt } from '@noble/hashes/scrypt.js';
import { bytesEqual, concatBytes, utf8 } from '../../crypto/bytes.js';
import { clampPrivateKey } from '../../crypto/checks.js';
import type { CryptoProvider, KeyPair, RandomSource } from '../../crypto/provider.js';
import { packFields, unpackFields } from './fields.js';
import { open, seal } from './seal.js';

/** scrypt cost for the key-stretching step (small for CI; RFC 9807 suggests N = 2^15). */
export const KSF_PARAMS = { N: 1 << 10, r: 8, p: 1, dkLen: 64 } as const;
const NONCE_LENGTH = 32;
const MAC_LENGTH = 32;
const CONTEXT = utf8('sightline/opaque-3dh/v1');
const KSF_SALT = utf8('sightline/opaque/ksf');

/** The password was wrong (the envelope did not open) or the vault's answer did not authenticate. */
export class OpaqueError extends Error {
  override readonly name = 'OpaqueError';
  constructor(
    readonly code: 'wrong-password' | 'server-auth' | 'malformed',
    message: string,
  ) {
    super(message);
  }
}

/** What the vault stores per account after registration (RFC 9807 §5.1 `RegistrationRecord`, plus the sealed key). */
export interface VaultRecord {
  readonly clientPublicKey: Uint8Array;
  /** envelope nonce ‖ auth tag. */
  readonly envelope: Uint8Array;
  /** The backup key sealed under the OPAQUE export key (the vault cannot open it). */
  readonly sealedKey: Uint8Array;
}

/** The client's secret state between two messages of a run of the protocol. */
export interface BlindState {
  readonly password: Uint8Array;
  readonly blind: Uint8Array;
}

export interface LoginState extends BlindState {
  readonly ke1: Uint8Array;
  readonly ephemeral: KeyPair;
}

/** The vault's state between KE2 and KE3. */
export interface ServerLoginState {
  readonly expectedClientMac: Uint8Array;
  readonly sessionKey: Uint8Array;
}

const oprf = ristretto255_oprf.oprf;

function rngFrom(random: RandomSource): (length?: number) => Uint8Array {
  return (length = 32) => random.bytes(length);
}

/** The vault's per-account OPRF key (RFC 9807 §5.1.2: derived from the vault's seed and the credential id). */
export function oprfKeyFor(crypto: CryptoProvider, vaultSeed: Uint8Array, credentialId: string): Uint8Array {
  const seed = crypto.hkdfSha256(
    vaultSeed,
    new Uint8Array(32),
    concatBytes(utf8('OprfKey'), utf8(credentialId)),
    32,
  );
  return oprf.deriveKeyPair(seed, utf8('OPAQUE-DeriveKeyPair')).secretKey;
}

/** Client: blinds the password (the first message of registration and of login). */
export function blindPassword(random: RandomSource, password: string): BlindState & { blinded: Uint8Array } {
  const input = utf8(password);
  const { blind, blinded } = oprf.blind(input, rngFrom(random));
  return { password: input, blind, blinded };
}

/** Vault: evaluates a blinded element with the account's OPRF key. @throws on a bad element. */
export function evaluateBlinded(oprfKey: Uint8Array, blinded: Uint8Array): Uint8Array {
  return oprf.blindEvaluate(oprfKey, blinded);
}

interface EnvelopeKeys {
  readonly authKey: Uint8Array;
  readonly exportKey: Uint8Array;
  readonly keyPair: KeyPair;
}

/** RFC 9807 §4.1 / §5.2.2: randomized password → envelope keys and the client's AKE key pair. */
function envelopeKeys(
  crypto: CryptoProvider,
  state: BlindState,
  evaluated: Uint8Array,
  nonce: Uint8Array,
): EnvelopeKeys {
  const output = oprf.finalize(state.password, state.blind, evaluated);
  const stretched = scrypt(output, KSF_SALT, KSF_PARAMS);
  const randomized = crypto.hkdfSha256(
    concatBytes(output, stretched),
    new Uint8Array(32),
    utf8('RandomizedPassword'),
    32,
  );
  const expand = (label: string) => crypto.hkdfSha256(randomized, nonce, utf8(label), 32);
  const privateKey = clampPrivateKey(expand('PrivateKey'));
  return {
    authKey: expand('AuthKey'),
    exportKey: expand('ExportKey'),
    keyPair: { privateKey, publicKey: crypto.publicKeyFromPrivate(privateKey) },
  };
}

function authTag(
  crypto: CryptoProvider,
  keys: EnvelopeKeys,
  nonce: Uint8Array,
  vaultPublic: Uint8Array,
): Uint8Array {
  return crypto.hmacSha256(keys.authKey, concatBytes(nonce, vaultPublic, keys.keyPair.publicKey));
}

/**
 * Client: finishes registration (RFC 9807 §5.2.2 `FinalizeRegistrationRequest`) and seals the
 * backup key under the export key. Returns the record to upload to the vault.
 */
export function finishRegistration(
  crypto: CryptoProvider,
  random: RandomSource,
  state: BlindState,
  evaluated: Uint8Array,
  vaultPublic: Uint8Array,
  backupKey: Uint8Array,
): VaultRecord {
  const nonce = random.bytes(NONCE_LENGTH);
  const keys = envelopeKeys(crypto, state, evaluated, nonce);
  return {
    clientPublicKey: keys.keyPair.publicKey,
    envelope: concatBytes(nonce, authTag(crypto, keys, nonce, vaultPublic)),
    sealedKey: seal(crypto, random, keys.exportKey, 'vault-backup-key', backupKey),
  };
}

/** Client: KE1 = blinded password ‖ ephemeral public key ‖ nonce (RFC 9807 §6.1). */
export function startLogin(crypto: CryptoProvider, random: RandomSource, password: string): LoginState {
  const blinded = blindPassword(random, password);
  const ephemeral = crypto.generateKeyPair(random);
  const ke1 = packFields([blinded.blinded, ephemeral.publicKey, random.bytes(NONCE_LENGTH)]);
  return { password: blinded.password, blind: blinded.blind, ke1, ephemeral };
}

interface AkeKeys {
  readonly serverMacKey: Uint8Array;
  readonly clientMacKey: Uint8Array;
  readonly sessionKey: Uint8Array;
}

function akeKeys(crypto: CryptoProvider, ikm: Uint8Array, preamble: Uint8Array): AkeKeys {
  const okm = crypto.hkdfSha256(ikm, crypto.sha256(preamble), utf8('3DH keys'), 96);
  return { serverMacKey: okm.slice(0, 32), clientMacKey: okm.slice(32, 64), sessionKey: okm.slice(64) };
}

function transcript(
  ke1: Uint8Array,
  evaluated: Uint8Array,
  envelope: Uint8Array,
  ephemeral: Uint8Array,
  nonce: Uint8Array,
  vaultPublic: Uint8Array,
  clientPublic: Uint8Array,
): Uint8Array {
  return concatBytes(
    CONTEXT,
    packFields([ke1, evaluated, envelope, ephemeral, nonce, vaultPublic, clientPublic]),
  );
}

/**
 * Vault: answers KE1 for a stored record (RFC 9807 §6.4.2, 3DH): evaluates the blinded password,
 * returns the envelope, and commits to the MAC the client must send back.
 * @throws OpaqueError `malformed` for a KE1 that does not parse.
 */
export function respondToLogin(
  crypto: CryptoProvider,
  random: RandomSource,
  vault: KeyPair,
  oprfKey: Uint8Array,
  record: VaultRecord,
  ke1: Uint8Array,
): { ke2: Uint8Array; state: ServerLoginState } {
  let blinded: Uint8Array;
  let clientEphemeral: Uint8Array;
  let evaluated: Uint8Array;
  try {
    [blinded, clientEphemeral] = unpackFields(ke1, 3) as [Uint8Array, Uint8Array, Uint8Array];
    evaluated = evaluateBlinded(oprfKey, blinded);
  } catch {
    throw new OpaqueError('malformed', 'KE1 does not parse');
  }
  const ephemeral = crypto.generateKeyPair(random);
  const nonce = random.bytes(NONCE_LENGTH);
  const preamble = transcript(
    ke1,
    evaluated,
    record.envelope,
    ephemeral.publicKey,
    nonce,
    vault.publicKey,
    record.clientPublicKey,
  );
  const ikm = concatBytes(
    crypto.x25519(ephemeral.privateKey, clientEphemeral),
    crypto.x25519(vault.privateKey, clientEphemeral),
    crypto.x25519(ephemeral.privateKey, record.clientPublicKey),
  );
  const keys = akeKeys(crypto, ikm, preamble);
  const serverMac = crypto.hmacSha256(keys.serverMacKey, preamble);
  return {
    ke2: packFields([evaluated, record.envelope, ephemeral.publicKey, nonce, serverMac]),
    state: {
      expectedClientMac: crypto.hmacSha256(keys.clientMacKey, concatBytes(preamble, serverMac)),
      sessionKey: keys.sessionKey,
    },
  };
}

/** What the client holds after a login whose envelope opened: the MAC to send and the keys to read the release. */
export interface ClientLoginResult {
  readonly ke3: Uint8Array;
  readonly sessionKey: Uint8Array;
  readonly exportKey: Uint8Array;
}

/**
 * Client: processes KE2 (RFC 9807 §6.4.1). A wrong password shows here: the recomputed auth tag
 * does not match the envelope, so the client cannot authenticate and aborts.
 * @throws OpaqueError `wrong-password`, `server-auth` (a vault without the record's keys), `malformed`.
 */
export function finishLogin(
  crypto: CryptoProvider,
  state: LoginState,
  vaultPublic: Uint8Array,
  ke2: Uint8Array,
): ClientLoginResult {
  let evaluated: Uint8Array,
    envelope: Uint8Array,
    serverEphemeral: Uint8Array,
    nonce: Uint8Array,
    serverMac: Uint8Array;
  try {
    [evaluated, envelope, serverEphemeral, nonce, serverMac] = unpackFields(ke2, 5) as [
      Uint8Array,
      Uint8Array,
      Uint8Array,
      Uint8Array,
      Uint8Array,
    ];
  } catch {
    throw new OpaqueError('malformed', 'KE2 does not parse');
  }
  if (envelope.length !== NONCE_LENGTH + MAC_LENGTH) throw new OpaqueError('malformed', 'bad envelope');
  const envelopeNonce = envelope.subarray(0, NONCE_LENGTH);
  let keys: EnvelopeKeys;
  try {
    keys = envelopeKeys(crypto, state, evaluated, envelopeNonce);
  } catch {
    throw new OpaqueError('malformed', 'bad OPRF evaluation');
  }
  if (!bytesEqual(authTag(crypto, keys, envelopeNonce, vaultPublic), envelope.subarray(NONCE_LENGTH))) {
    throw new OpaqueError('wrong-password', 'the envelope does not open with this password');
  }
  const preamble = transcript(
    state.ke1,
    evaluated,
    envelope,
    serverEphemeral,
    nonce,
    vaultPublic,
    keys.keyPair.publicKey,
  );
  const ikm = concatBytes(
    crypto.x25519(state.ephemeral.privateKey, serverEphemeral),
    crypto.x25519(state.ephemeral.privateKey, vaultPublic),
    crypto.x25519(keys.keyPair.privateKey, serverEphemeral),
  );
  const ake = akeKeys(crypto, ikm, preamble);
  if (!bytesEqual(crypto.hmacSha256(ake.serverMacKey, preamble), serverMac)) {
    throw new OpaqueError('server-auth', 'the vault did not prove it holds the record');
  }
  return {
    ke3: crypto.hmacSha256(ake.clientMacKey, concatBytes(preamble, serverMac)),
    sessionKey: ake.sessionKey,
    exportKey: keys.exportKey,
  };
}

/** Vault: checks KE3 (RFC 9807 §6.4.2 `ServerFinish`). */
export function verifyClientMac(state: ServerLoginState, ke3: Uint8Array): boolean {
  return bytesEqual(state.expectedClientMac, ke3);
}

/** Vault: releases the sealed backup key under the session key, after a verified KE3. */
export function releaseKey(
  crypto: CryptoProvider,
  random: RandomSource,
  state: ServerLoginState,
  record: VaultRecord,
): Uint8Array {
  return seal(crypto, random, state.sessionKey, 'vault-release', record.sealedKey);
}

/**
 * Client: opens the released key: first the session layer, then the export-key layer.
 * @throws SealError when either layer fails to authenticate.
 */
export function openReleasedKey(
  crypto: CryptoProvider,
  login: ClientLoginResult,
  released: Uint8Array,
): Uint8Array {
  const sealedKey = open(crypto, login.sessionKey, 'vault-release', released);
  return open(crypto, login.exportKey, 'vault-backup-key', sealedKey);
}
