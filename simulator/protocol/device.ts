/**
 * One device's protocol engine: its identity, prekeys, trusted identities and sessions per remote
 * address (Sesame §2: sessions are per (user, device)). A synchronous, in-memory facade over the
 * session builder and cipher, used by every simulated client and by the cross-implementation tests.
 *
 * Every operation that can fail is failure-atomic: the stores change only after a message has
 * authenticated and decrypted.
 *
 * PQXDH (PQXDH §3.2–§3.4): a device may also hold signed KEM prekeys, one-time and last-resort; a
 * bundle then carries one, and a version-4 PreKeyWhisperMessage names the one it was encapsulated to.
 */
import { bytesEqual } from '../crypto/bytes.js';
import type { CryptoProvider, KeyPair, RandomSource } from '../crypto/provider.js';
import { ProtocolError, ensure } from './errors.js';
import {
  type PreKeyBundle,
  type PreKeyRecord,
  type SignedPreKeyRecord,
  generatePreKeys,
  generateRegistrationId,
  generateSignedPreKey,
  serializePublicKey,
} from './keys.js';
import {
  type KyberPreKeyRecord,
  deserializeKemCiphertext,
  generateKyberPreKey,
  serializeKemPublicKey,
} from './kem-keys.js';
import { initiateSession, respondToSession } from './session-builder.js';
import { type CiphertextMessage, decryptWithState, encryptWithState } from './session-cipher.js';
import { deserializeSessionRecord, serializeSessionRecord } from './session-codec.js';
import {
  type SessionRecord,
  type SessionState,
  emptySessionRecord,
  findStateByBaseKey,
  promoteState,
  replaceAndPromote,
  statesOf,
} from './session-state.js';
import { type ParsedWhisperMessage, parsePreKeyWhisperMessage, parseWhisperMessage } from './wire.js';
import { MAX_PREKEY_ID } from './constants.js';

/** A change of a remote device's identity key, as clients show it ("security code changed"). */
export interface IdentityChange {
  readonly address: string;
  readonly previous: Uint8Array;
  readonly current: Uint8Array;
}

/**
 * Decides whether to accept an identity key for an address. `previous` is the key trusted so far
 * (undefined on first contact). WhatsApp's behaviour — trust on first use and accept changes with a
 * notice — is the default.
 */
export type TrustPolicy = (
  address: string,
  identityKey: Uint8Array,
  previous: Uint8Array | undefined,
) => boolean;

export interface ProtocolDeviceOptions {
  readonly crypto: CryptoProvider;
  readonly random: RandomSource;
  /** Defaults to a fresh key pair from `random`. */
  readonly identityKeyPair?: KeyPair;
  /** Defaults to a fresh 14-bit id from `random`. */
  readonly registrationId?: number;
  readonly trustPolicy?: TrustPolicy;
  /** Called after a message from a changed identity has been accepted. */
  readonly onIdentityChange?: (change: IdentityChange) => void;
}

/** What decryption yields: the plaintext and whether it started a new session. */
export interface DecryptResult {
  readonly plaintext: Uint8Array;
  readonly newSession: boolean;
}

const acceptAll: TrustPolicy = () => true;

export class ProtocolDevice {
  readonly crypto: CryptoProvider;
  readonly random: RandomSource;
  readonly identityKeyPair: KeyPair;
  readonly registrationId: number;
  private readonly trustPolicy: TrustPolicy;
  private readonly onIdentityChange: ((change: IdentityChange) => void) | undefined;
  private readonly preKeys = new Map<number, PreKeyRecord>();
  private readonly signedPreKeys = new Map<number, SignedPreKeyRecord>();
  private readonly sessions = new Map<string, SessionRecord>();
  private readonly identities = new Map<string, Uint8Array>();
  private readonly kyberPreKeys = new Map<number, KyberPreKeyRecord>();
  private nextKyberPreKeyId = 1;
  private currentLastResortKyberId: number | undefined;
  private nextPreKeyId = 1;
  private nextSignedPreKeyId = 1;
  private currentSignedPreKeyId: number | undefined;

  constructor(options: ProtocolDeviceOptions) {
    this.crypto = options.crypto;
    this.random = options.random;
    this.identityKeyPair = options.identityKeyPair ?? options.crypto.generateKeyPair(options.random);
    this.registrationId = options.registrationId ?? generateRegistrationId(options.random);
    this.trustPolicy = options.trustPolicy ?? acceptAll;
    this.onIdentityChange = options.onIdentityChange;
  }

  /** Our identity key in its 33-byte serialized form. */
  get identityKey(): Uint8Array {
    return serializePublicKey(this.identityKeyPair.publicKey);
  }

  /** Generates and stores `count` one-time prekeys with fresh ids; returns them. */
  generatePreKeys(count: number): PreKeyRecord[] {
    const records = generatePreKeys(this.crypto, this.random, this.nextPreKeyId, count);
    for (const record of records) this.preKeys.set(record.id, record);
    this.nextPreKeyId = ((this.nextPreKeyId - 1 + count) % MAX_PREKEY_ID) + 1;
    return records;
  }

  /** Stores a one-time prekey made elsewhere (tests and key import). */
  addPreKey(record: PreKeyRecord): void {
    this.preKeys.set(record.id, record);
  }

  /** Stores a signed prekey made elsewhere and makes it current. */
  addSignedPreKey(record: SignedPreKeyRecord): void {
    this.signedPreKeys.set(record.id, record);
    this.currentSignedPreKeyId = record.id;
  }

  /** Generates a new signed prekey and makes it current; older ones are kept for in-flight sessions. */
  rotateSignedPreKey(): SignedPreKeyRecord {
    const record = generateSignedPreKey(
      this.crypto,
      this.random,
      this.identityKeyPair,
      this.nextSignedPreKeyId,
    );
    this.nextSignedPreKeyId = (this.nextSignedPreKeyId % MAX_PREKEY_ID) + 1;
    this.addSignedPreKey(record);
    return record;
  }

  /** The current signed prekey, creating one on first use. */
  get signedPreKey(): SignedPreKeyRecord {
    if (this.currentSignedPreKeyId === undefined) return this.rotateSignedPreKey();
    return this.signedPreKeys.get(this.currentSignedPreKeyId)!;
  }

  /** Ids of the one-time prekeys we still hold. */
  get preKeyIds(): number[] {
    return [...this.preKeys.keys()];
  }

  /** Public part of a one-time prekey, for publishing. */
  preKeyPublic(id: number): Uint8Array | undefined {
    const record = this.preKeys.get(id);
    return record ? serializePublicKey(record.keyPair.publicKey) : undefined;
  }

  /** A bundle as the server would hand it out, with the given one-time prekey (or none). */
  createBundle(deviceId: number, preKeyId?: number): PreKeyBundle {
    const signed = this.signedPreKey;
    const bundle: PreKeyBundle = {
      registrationId: this.registrationId,
      deviceId,
      identityKey: this.identityKey,
      signedPreKeyId: signed.id,
      signedPreKey: serializePublicKey(signed.keyPair.publicKey),
      signedPreKeySignature: signed.signature,
    };
    if (preKeyId === undefined) return bundle;
    const preKey = this.preKeyPublic(preKeyId);
    ensure(preKey, 'missing-prekey', `no one-time prekey ${preKeyId}`);
    return { ...bundle, preKeyId, preKey };
  }

  /** Generates and stores `count` signed one-time KEM prekeys (PQXDH §3.2, PQOPK); returns them. */
  generateKyberPreKeys(count: number): KyberPreKeyRecord[] {
    const records: KyberPreKeyRecord[] = [];
    for (let i = 0; i < count; i++) records.push(this.newKyberPreKey(false));
    return records;
  }

  /**
   * Generates a new signed last-resort KEM prekey (PQXDH §3.2, PQSPK) and makes it current; older
   * ones are kept for sessions still in flight.
   */
  rotateLastResortKyberPreKey(): KyberPreKeyRecord {
    const record = this.newKyberPreKey(true);
    this.currentLastResortKyberId = record.id;
    return record;
  }

  /** The current last-resort KEM prekey, if one was made. */
  get lastResortKyberPreKey(): KyberPreKeyRecord | undefined {
    return this.currentLastResortKyberId === undefined
      ? undefined
      : this.kyberPreKeys.get(this.currentLastResortKyberId);
  }

  /** Ids of the one-time KEM prekeys we still hold (the last-resort ones are not listed). */
  get kyberPreKeyIds(): number[] {
    return [...this.kyberPreKeys.values()].filter((record) => !record.lastResort).map((record) => record.id);
  }

  /** Public part (EncodeKEM) and signature of a KEM prekey, for publishing. */
  kyberPreKeyPublic(id: number): { key: Uint8Array; signature: Uint8Array; lastResort: boolean } | undefined {
    const record = this.kyberPreKeys.get(id);
    return record
      ? {
          key: serializeKemPublicKey(record.keyPair.publicKey),
          signature: record.signature,
          lastResort: record.lastResort,
        }
      : undefined;
  }

  /** Stores a KEM prekey made elsewhere (tests and key import). */
  addKyberPreKey(record: KyberPreKeyRecord): void {
    this.kyberPreKeys.set(record.id, record);
    if (record.lastResort) this.currentLastResortKyberId = record.id;
  }

  private newKyberPreKey(lastResort: boolean): KyberPreKeyRecord {
    const record = generateKyberPreKey(
      this.crypto,
      this.random,
      this.identityKeyPair.privateKey,
      this.nextKyberPreKeyId,
      lastResort,
    );
    this.nextKyberPreKeyId = (this.nextKyberPreKeyId % MAX_PREKEY_ID) + 1;
    this.kyberPreKeys.set(record.id, record);
    return record;
  }

  /**
   * A bundle with a KEM prekey (PQXDH §3.3): the given one (one-time or last-resort), or else the
   * current last-resort one; without any KEM prekey it is the X3DH bundle of {@link createBundle}.
   */
  createPqBundle(deviceId: number, preKeyId?: number, kyberPreKeyId?: number): PreKeyBundle {
    const bundle = this.createBundle(deviceId, preKeyId);
    const id = kyberPreKeyId ?? this.currentLastResortKyberId;
    if (id === undefined) return bundle;
    const kem = this.kyberPreKeyPublic(id);
    ensure(kem, 'missing-prekey', `no KEM prekey ${id}`);
    return { ...bundle, kyberPreKeyId: id, kyberPreKey: kem.key, kyberPreKeySignature: kem.signature };
  }

  /** The identity key we trust for `address`, if any (serialized). */
  trustedIdentity(address: string): Uint8Array | undefined {
    const raw = this.identities.get(address);
    return raw ? serializePublicKey(raw) : undefined;
  }

  hasSession(address: string): boolean {
    return this.sessions.get(address)?.current !== undefined;
  }

  /** Forgets every session with `address` (e.g. the remote device was removed). */
  deleteSession(address: string): void {
    this.sessions.delete(address);
  }

  /** Addresses we hold sessions with. */
  get sessionAddresses(): string[] {
    return [...this.sessions.keys()];
  }

  /** The current session state with `address` (read-only; for views and tests). */
  sessionState(address: string): SessionState | undefined {
    return this.sessions.get(address)?.current;
  }

  /** Serializes the session record for `address` (lossless). */
  exportSession(address: string): Uint8Array | undefined {
    const record = this.sessions.get(address);
    return record ? serializeSessionRecord(record) : undefined;
  }

  /** Restores a session record serialized by {@link exportSession}. */
  importSession(address: string, serialized: Uint8Array): void {
    this.sessions.set(address, deserializeSessionRecord(serialized));
  }

  /**
   * Starts a session with `address` from its prekey bundle (X3DH as initiator).
   * @throws ProtocolError('bad-signature' | 'invalid-key' | 'untrusted-identity')
   */
  processPreKeyBundle(address: string, bundle: PreKeyBundle): void {
    const state = initiateSession(
      this.crypto,
      this.random,
      { identityKeyPair: this.identityKeyPair, registrationId: this.registrationId },
      bundle,
    );
    this.checkTrust(address, state.remoteIdentityKey);
    const record = this.sessions.get(address) ?? emptySessionRecord();
    promoteState(record, state);
    this.sessions.set(address, record);
    this.commitIdentity(address, state.remoteIdentityKey);
  }

  /**
   * Encrypts for `address` with the current session.
   * @throws ProtocolError('no-session')
   */
  encrypt(address: string, plaintext: Uint8Array): CiphertextMessage {
    const record = this.sessions.get(address);
    ensure(record?.current, 'no-session', `no session with ${address}`);
    const { message, state } = encryptWithState(this.crypto, record.current, plaintext);
    record.current = state;
    return message;
  }

  /** Decrypts a message of either type from `address`. */
  decrypt(address: string, message: CiphertextMessage): DecryptResult {
    return message.type === 'prekey'
      ? this.decryptPreKeyWhisperMessage(address, message.body)
      : { plaintext: this.decryptWhisperMessage(address, message.body), newSession: false };
  }

  /**
   * Decrypts a WhisperMessage, trying the current session and then archived ones (libsignal order).
   * @throws ProtocolError('no-session' | 'bad-mac' | 'duplicate-message' | 'too-far-in-future' | 'invalid-…')
   */
  decryptWhisperMessage(address: string, body: Uint8Array): Uint8Array {
    const parsed = parseWhisperMessage(body);
    const record = this.sessions.get(address);
    ensure(record && statesOf(record).length > 0, 'no-session', `no session with ${address}`);
    const { plaintext, state, index } = this.decryptWithRecord(record, parsed);
    replaceAndPromote(record, index, state);
    return plaintext;
  }

  /**
   * Decrypts a PreKeyWhisperMessage: reuses the session its base key started, or answers X3DH with
   * our signed and one-time prekeys. The one-time prekey is deleted only after success.
   * @throws ProtocolError('missing-prekey' | 'untrusted-identity' | 'bad-mac' | …)
   */
  decryptPreKeyWhisperMessage(address: string, body: Uint8Array): DecryptResult {
    const parsed = parsePreKeyWhisperMessage(body);
    const record = this.sessions.get(address) ?? emptySessionRecord();
    const existing = findStateByBaseKey(record, parsed.baseKey);
    if (existing >= 0) {
      const state = statesOf(record)[existing]!;
      const result = decryptWithState(this.crypto, this.random, state, parsed.inner);
      replaceAndPromote(record, existing, result.state);
      this.sessions.set(address, record);
      return { plaintext: result.plaintext, newSession: false };
    }

    this.checkTrust(address, parsed.identityKey);
    const signed = this.signedPreKeys.get(parsed.signedPreKeyId);
    ensure(signed, 'missing-prekey', `no signed prekey ${parsed.signedPreKeyId}`);
    let oneTime: PreKeyRecord | undefined;
    // Id 0 is never issued here (ids start at 1). Some peers write preKeyId 0 to mean "none"
    // (@privacyresearch/libsignal-protocol-typescript, libsignal@6 reads it so too); X3DH then runs
    // without DH4, and a wrong guess cannot pass the MAC because the id changes the derived keys.
    const namesOneTime = parsed.preKeyId !== undefined && !(parsed.preKeyId === 0 && !this.preKeys.has(0));
    if (namesOneTime && parsed.preKeyId !== undefined) {
      oneTime = this.preKeys.get(parsed.preKeyId);
      ensure(oneTime, 'missing-prekey', `no one-time prekey ${parsed.preKeyId} (already used?)`);
    }
    // PQXDH §3.4: Bob decapsulates SS with the KEM prekey the message names.
    let kyber: KyberPreKeyRecord | undefined;
    let kemSharedSecret: Uint8Array | undefined;
    if (parsed.kyberPreKeyId !== undefined && parsed.kyberCiphertext !== undefined) {
      kyber = this.kyberPreKeys.get(parsed.kyberPreKeyId);
      ensure(kyber, 'missing-prekey', `no KEM prekey ${parsed.kyberPreKeyId} (already used?)`);
      const ciphertext = deserializeKemCiphertext(parsed.kyberCiphertext);
      kemSharedSecret = this.crypto.mlKem1024Decapsulate(ciphertext, kyber.keyPair.secretKey);
    }
    const fresh = respondToSession(
      this.crypto,
      { identityKeyPair: this.identityKeyPair, registrationId: this.registrationId },
      {
        signedPreKey: signed.keyPair,
        oneTimePreKey: oneTime?.keyPair,
        theirIdentityKey: parsed.identityKey,
        theirBaseKey: parsed.baseKey,
        theirRegistrationId: parsed.registrationId,
        ...(kemSharedSecret ? { kemSharedSecret } : {}),
      },
    );
    const result = decryptWithState(this.crypto, this.random, fresh, parsed.inner);
    promoteState(record, result.state);
    this.sessions.set(address, record);
    if (oneTime) this.preKeys.delete(oneTime.id);
    // PQXDH §3.4: a one-time KEM prekey is deleted after use; a last-resort one is kept.
    if (kyber && !kyber.lastResort) this.kyberPreKeys.delete(kyber.id);
    this.commitIdentity(address, parsed.identityKey);
    return { plaintext: result.plaintext, newSession: true };
  }

  private decryptWithRecord(
    record: SessionRecord,
    parsed: ParsedWhisperMessage,
  ): { plaintext: Uint8Array; state: SessionState; index: number } {
    const states = statesOf(record);
    let firstError: ProtocolError | undefined;
    for (let index = 0; index < states.length; index++) {
      try {
        return { ...decryptWithState(this.crypto, this.random, states[index]!, parsed), index };
      } catch (error) {
        if (!(error instanceof ProtocolError)) throw error;
        firstError ??= error;
      }
    }
    throw firstError!;
  }

  private checkTrust(address: string, identityKey: Uint8Array): void {
    const previous = this.identities.get(address);
    if (previous && bytesEqual(previous, identityKey)) return;
    ensure(
      this.trustPolicy(address, identityKey, previous),
      'untrusted-identity',
      `the identity key of ${address} changed and is not trusted`,
    );
  }

  private commitIdentity(address: string, identityKey: Uint8Array): void {
    const previous = this.identities.get(address);
    if (previous && bytesEqual(previous, identityKey)) return;
    this.identities.set(address, identityKey);
    if (previous) this.onIdentityChange?.({ address, previous, current: identityKey });
  }
}
