/**
 * Noise_IK_25519_ChaChaPoly_SHA256 handshake (The Noise Protocol Framework, rev. 34): the model of
 * the client↔server transport (SCENARIOS.md A6: WhatsApp runs Noise Pipes, whose resumption
 * handshake is IK). The client knows the server's static key in advance, as an app ships with it.
 *
 *   IK:  <- s
 *        ...
 *        -> e, es, s, ss      (message 1: 32 + 48 + payload+16 bytes)
 *        <- e, ee, se         (message 2: 32 + payload+16 bytes)
 *
 * X25519 and HKDF come from the CryptoProvider, ChaCha20-Poly1305 from @noble/ciphers. Everything
 * here is pure: ephemeral keys are drawn from the caller's random source (or given, for vectors).
 */
import { chacha20poly1305 } from '@noble/ciphers/chacha.js';
import { concatBytes, utf8 } from '../crypto/bytes.js';
import type { CryptoProvider, KeyPair, RandomSource } from '../crypto/provider.js';

/** Protocol name; exactly 32 bytes, so it is used as the initial `h` without hashing (§5.2). */
export const NOISE_PROTOCOL_NAME = 'Noise_IK_25519_ChaChaPoly_SHA256';
/** DHLEN for Curve25519 (§12.1). */
export const NOISE_DH_BYTES = 32;
/** Poly1305 tag length. */
export const NOISE_TAG_BYTES = 16;
/** Largest Noise message (§3). */
export const NOISE_MAX_MESSAGE_BYTES = 65535;

/** A handshake message failed to authenticate or had the wrong shape. */
export class NoiseError extends Error {
  override readonly name = 'NoiseError';
}

/** The two transport keys after `Split()` (§5.2), from this side's point of view. */
export interface NoiseKeys {
  readonly sendKey: Uint8Array;
  readonly receiveKey: Uint8Array;
  /** The final handshake hash `h`: identical on both sides, a channel binding. */
  readonly handshakeHash: Uint8Array;
}

/** ChaChaPoly nonce: 32 zero bits then the 64-bit counter little-endian (§12.3). */
export function noiseNonce(counter: number): Uint8Array {
  // Byte by byte: a DataView would make V8 give this small array its own ArrayBuffer (slow).
  const nonce = new Uint8Array(12);
  const low = counter >>> 0;
  const high = Math.floor(counter / 2 ** 32) >>> 0;
  nonce[4] = low;
  nonce[5] = low >>> 8;
  nonce[6] = low >>> 16;
  nonce[7] = low >>> 24;
  nonce[8] = high;
  nonce[9] = high >>> 8;
  nonce[10] = high >>> 16;
  nonce[11] = high >>> 24;
  return nonce;
}

interface SymmetricSnapshot {
  readonly ck: Uint8Array;
  readonly h: Uint8Array;
  readonly k: Uint8Array | undefined;
  readonly n: number;
}

/** SymmetricState (§5.2) with SHA-256 and ChaChaPoly. */
class SymmetricState {
  private ck: Uint8Array;
  private h: Uint8Array;
  private k: Uint8Array | undefined;
  private n = 0;

  constructor(private readonly crypto: CryptoProvider) {
    this.h = utf8(NOISE_PROTOCOL_NAME);
    this.ck = this.h;
  }

  get hash(): Uint8Array {
    return this.h;
  }

  /** The whole state, to try several continuations from one point (openRecordedInitiation). */
  snapshot(): SymmetricSnapshot {
    return { ck: this.ck, h: this.h, k: this.k, n: this.n };
  }

  static restore(crypto: CryptoProvider, snapshot: SymmetricSnapshot): SymmetricState {
    const state = new SymmetricState(crypto);
    state.ck = snapshot.ck;
    state.h = snapshot.h;
    state.k = snapshot.k;
    state.n = snapshot.n;
    return state;
  }

  mixHash(data: Uint8Array): void {
    this.h = this.crypto.sha256(concatBytes(this.h, data));
  }

  /** HKDF(ck, ikm) with two outputs is RFC 5869 with salt = ck and empty info (§4.3). */
  mixKey(ikm: Uint8Array): void {
    const out = this.crypto.hkdfSha256(ikm, this.ck, new Uint8Array(0), 64);
    this.ck = out.slice(0, 32);
    this.k = out.slice(32, 64);
    this.n = 0;
  }

  encryptAndHash(plaintext: Uint8Array): Uint8Array {
    const ciphertext =
      this.k === undefined
        ? plaintext
        : chacha20poly1305(this.k, noiseNonce(this.n++), this.h).encrypt(plaintext);
    this.mixHash(ciphertext);
    return ciphertext;
  }

  decryptAndHash(ciphertext: Uint8Array): Uint8Array {
    let plaintext = ciphertext;
    if (this.k !== undefined) {
      try {
        plaintext = chacha20poly1305(this.k, noiseNonce(this.n), this.h).decrypt(ciphertext);
      } catch {
        throw new NoiseError('handshake message failed to authenticate');
      }
      this.n++;
    }
    this.mixHash(ciphertext);
    return plaintext;
  }

  split(): [Uint8Array, Uint8Array] {
    const out = this.crypto.hkdfSha256(new Uint8Array(0), this.ck, new Uint8Array(0), 64);
    return [out.slice(0, 32), out.slice(32, 64)];
  }
}

function dh(crypto: CryptoProvider, privateKey: Uint8Array, publicKey: Uint8Array): Uint8Array {
  try {
    return crypto.x25519(privateKey, publicKey);
  } catch {
    throw new NoiseError('handshake carried a low-order public key');
  }
}

/** Options of the initiator (client). */
export interface InitiatorOptions {
  readonly staticKey: KeyPair;
  /** The responder's static public key, known in advance (the `<- s` pre-message). */
  readonly remoteStatic: Uint8Array;
  readonly prologue?: Uint8Array;
  /** Test vectors only: a fixed ephemeral key instead of one drawn from `random`. */
  readonly ephemeral?: KeyPair;
}

/** The initiator after writing message 1, waiting for message 2. */
export interface InitiatorPending {
  readonly message: Uint8Array;
  /**
   * Reads message 2 and completes the handshake.
   * @throws NoiseError when message 2 is malformed or fails to authenticate.
   */
  finish(message2: Uint8Array): { readonly keys: NoiseKeys; readonly payload: Uint8Array };
}

/** Writes IK message 1 `-> e, es, s, ss` with `payload`. */
export function initiate(
  crypto: CryptoProvider,
  random: RandomSource,
  options: InitiatorOptions,
  payload: Uint8Array,
): InitiatorPending {
  const state = new SymmetricState(crypto);
  state.mixHash(options.prologue ?? new Uint8Array(0));
  state.mixHash(options.remoteStatic);
  const e = options.ephemeral ?? crypto.generateKeyPair(random);
  state.mixHash(e.publicKey);
  state.mixKey(dh(crypto, e.privateKey, options.remoteStatic));
  const encryptedStatic = state.encryptAndHash(options.staticKey.publicKey);
  state.mixKey(dh(crypto, options.staticKey.privateKey, options.remoteStatic));
  const encryptedPayload = state.encryptAndHash(payload);
  const message = concatBytes(e.publicKey, encryptedStatic, encryptedPayload);
  let done = false;
  return {
    message,
    finish(message2) {
      if (done) throw new NoiseError('handshake already finished');
      if (message2.length < NOISE_DH_BYTES + NOISE_TAG_BYTES)
        throw new NoiseError('handshake message 2 is too short');
      const re = message2.subarray(0, NOISE_DH_BYTES);
      state.mixHash(re);
      state.mixKey(dh(crypto, e.privateKey, re));
      state.mixKey(dh(crypto, options.staticKey.privateKey, re));
      const reply = state.decryptAndHash(message2.subarray(NOISE_DH_BYTES));
      const [k1, k2] = state.split();
      done = true;
      return { keys: { sendKey: k1, receiveKey: k2, handshakeHash: state.hash }, payload: reply };
    },
  };
}

/** Options of the responder (server). */
export interface ResponderOptions {
  readonly staticKey: KeyPair;
  readonly prologue?: Uint8Array;
  /** Test vectors only: a fixed ephemeral key. */
  readonly ephemeral?: KeyPair;
}

/** The responder after reading message 1. */
export interface ResponderPending {
  /** The initiator's static public key, authenticated by `ss`. */
  readonly remoteStatic: Uint8Array;
  readonly payload: Uint8Array;
  /** Writes message 2 `<- e, ee, se` and completes the handshake. */
  reply(payload: Uint8Array): { readonly message: Uint8Array; readonly keys: NoiseKeys };
}

/**
 * Reads IK message 1.
 * @throws NoiseError when it is malformed or fails to authenticate.
 */
export function respond(
  crypto: CryptoProvider,
  random: RandomSource,
  options: ResponderOptions,
  message1: Uint8Array,
): ResponderPending {
  const minimum = NOISE_DH_BYTES + NOISE_DH_BYTES + NOISE_TAG_BYTES + NOISE_TAG_BYTES;
  if (message1.length < minimum) throw new NoiseError('handshake message 1 is too short');
  if (message1.length > NOISE_MAX_MESSAGE_BYTES) throw new NoiseError('handshake message 1 is too long');
  const state = new SymmetricState(crypto);
  state.mixHash(options.prologue ?? new Uint8Array(0));
  state.mixHash(options.staticKey.publicKey);
  const re = message1.subarray(0, NOISE_DH_BYTES);
  state.mixHash(re);
  state.mixKey(dh(crypto, options.staticKey.privateKey, re));
  const rs = state.decryptAndHash(message1.subarray(NOISE_DH_BYTES, 2 * NOISE_DH_BYTES + NOISE_TAG_BYTES));
  state.mixKey(dh(crypto, options.staticKey.privateKey, rs));
  const payload = state.decryptAndHash(message1.subarray(2 * NOISE_DH_BYTES + NOISE_TAG_BYTES));
  let done = false;
  return {
    remoteStatic: rs,
    payload,
    reply(replyPayload) {
      if (done) throw new NoiseError('handshake already finished');
      done = true;
      const e = options.ephemeral ?? crypto.generateKeyPair(random);
      state.mixHash(e.publicKey);
      state.mixKey(dh(crypto, e.privateKey, re));
      state.mixKey(dh(crypto, e.privateKey, rs));
      const encryptedPayload = state.encryptAndHash(replyPayload);
      const [k1, k2] = state.split();
      return {
        message: concatBytes(e.publicKey, encryptedPayload),
        keys: { sendKey: k2, receiveKey: k1, handshakeHash: state.hash },
      };
    },
  };
}

/** Private keys a passive attacker recovered: the answer for a public key, or undefined. */
export type PrivateKeyLookup = (publicKey: Uint8Array) => KeyPair | undefined;

/** A recorded IK message 1 opened from the outside, waiting for the recorded message 2. */
export interface OpenedInitiation {
  /** The initiator's static public key, decrypted from message 1. */
  readonly initiatorStatic: Uint8Array;
  /** The handshake payload (the client's login), decrypted from message 1. */
  readonly payload: Uint8Array;
  /**
   * Opens the recorded message 2 and returns the transport keys from the initiator's point of view.
   * @throws NoiseError when message 2 does not belong to this handshake (it fails to authenticate).
   */
  finish(message2: Uint8Array): { readonly keys: NoiseKeys; readonly payload: Uint8Array };
}

/**
 * Opens a recorded IK handshake from the outside, as an eavesdropper holding the initiator's private
 * keys would (the `quantum-break` action, which recovers them from public values with a discrete-log
 * oracle). It replays the initiator's side of §7.5 IK exactly: `e` is on the wire in clear, so its
 * private half gives `es` with the responder's static key (public: the app ships it) and decrypts
 * `s`; the private half of `s` gives `ss`, then `ee` and `se` with the responder's ephemeral from
 * message 2, and `Split()` gives the transport keys. Every AEAD tag is checked, so a forged or
 * mismatched message is refused rather than "opened".
 * @throws NoiseError when a message is malformed, fails to authenticate, or a key is not recovered.
 */
export function openRecordedInitiation(
  crypto: CryptoProvider,
  recover: PrivateKeyLookup,
  options: { readonly responderStatic: Uint8Array; readonly prologue?: Uint8Array },
  message1: Uint8Array,
): OpenedInitiation {
  const minimum = NOISE_DH_BYTES + NOISE_DH_BYTES + NOISE_TAG_BYTES + NOISE_TAG_BYTES;
  if (message1.length < minimum) throw new NoiseError('handshake message 1 is too short');
  const state = new SymmetricState(crypto);
  state.mixHash(options.prologue ?? new Uint8Array(0));
  state.mixHash(options.responderStatic);
  const ePublic = message1.slice(0, NOISE_DH_BYTES);
  const e = recover(ePublic);
  if (e === undefined) throw new NoiseError('the initiator ephemeral key was not recovered');
  state.mixHash(ePublic);
  state.mixKey(dh(crypto, e.privateKey, options.responderStatic));
  const initiatorStatic = state.decryptAndHash(
    message1.subarray(NOISE_DH_BYTES, 2 * NOISE_DH_BYTES + NOISE_TAG_BYTES),
  );
  const s = recover(initiatorStatic);
  if (s === undefined) throw new NoiseError('the initiator static key was not recovered');
  state.mixKey(dh(crypto, s.privateKey, options.responderStatic));
  const payload = state.decryptAndHash(message1.subarray(2 * NOISE_DH_BYTES + NOISE_TAG_BYTES));
  const afterMessage1 = state.snapshot();
  return {
    initiatorStatic,
    payload,
    finish(message2) {
      if (message2.length < NOISE_DH_BYTES + NOISE_TAG_BYTES)
        throw new NoiseError('handshake message 2 is too short');
      // Each candidate message 2 starts from the state after message 1 (a failed one changes nothing).
      const attempt = SymmetricState.restore(crypto, afterMessage1);
      const re = message2.subarray(0, NOISE_DH_BYTES);
      attempt.mixHash(re);
      attempt.mixKey(dh(crypto, e.privateKey, re));
      attempt.mixKey(dh(crypto, s.privateKey, re));
      const reply = attempt.decryptAndHash(message2.subarray(NOISE_DH_BYTES));
      const [k1, k2] = attempt.split();
      return { keys: { sendKey: k1, receiveKey: k2, handshakeHash: attempt.hash }, payload: reply };
    },
  };
}
