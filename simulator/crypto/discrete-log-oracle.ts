/**
 * A simulated discrete-log oracle: the stand-in for a "cryptographically relevant quantum
 * computer" running Shor's algorithm against Curve25519 (the `quantum-break` scenario action).
 *
 * Shor's algorithm recovers an elliptic-curve private key from its public key. Running it is not
 * possible here, so the oracle answers from a table instead: every X25519 key pair the run's
 * seeded generator produced (through `CryptoProvider.generateKeyPair`) is noted, and `privateKeyOf`
 * looks the public key up. Two things keep this honest:
 *   - it answers only for a 32-byte Curve25519 public key, and checks its answer (the private key's
 *     public key must be the one asked about), so it is exactly a discrete-log solver;
 *   - ML-KEM keys never reach it: `mlKem1024KeyPair` is not watched, and a question about an
 *     ML-KEM-1024 encapsulation key (1568 bytes, or 1569 in libsignal's EncodeKEM form) or
 *     ciphertext is refused with {@link OracleRefusal}. Shor's algorithm solves discrete logs and
 *     factoring; no known quantum algorithm breaks module lattices (FIPS 203 §1; PQXDH §4.2 assumes
 *     the KEM is IND-CCA secure against a quantum adversary).
 * The oracle is handed only to the `quantum-break` action; no party's code can reach it otherwise.
 */
import { bytesEqual, toHex } from './bytes.js';
import type { CryptoProvider, KeyPair, RandomSource } from './provider.js';

/** Length of a raw X25519 public key (RFC 7748 §6.1). */
const X25519_PUBLIC_KEY_BYTES = 32;

/** The oracle was asked something no discrete-log solver can answer (an ML-KEM key, a wrong length). */
export class OracleRefusal extends Error {
  override readonly name = 'OracleRefusal';
}

/** Shor's algorithm for Curve25519, simulated by lookup (see the file comment). */
export class DiscreteLogOracle {
  private readonly privateKeys = new Map<string, Uint8Array>();
  private questions = 0;

  constructor(private readonly crypto: CryptoProvider) {}

  /** How many private keys were asked for so far (for the journal and tests). */
  get asked(): number {
    return this.questions;
  }

  /**
   * A provider that behaves exactly like `inner` (same bytes, same randomness drawn) and notes every
   * X25519 key pair it generates. ML-KEM key generation is passed through unnoted.
   */
  watch(inner: CryptoProvider): CryptoProvider {
    const watched = Object.create(inner) as { -readonly [K in keyof CryptoProvider]: CryptoProvider[K] };
    watched.generateKeyPair = (random: RandomSource): KeyPair => {
      const pair = inner.generateKeyPair(random);
      this.privateKeys.set(toHex(pair.publicKey), pair.privateKey.slice());
      return pair;
    };
    return watched;
  }

  /**
   * The private key behind a raw 32-byte X25519 public key, or undefined when the key is not one the
   * run generated (then a real quantum computer would still find it; nothing in the run needs it).
   * @throws OracleRefusal for anything that is not a Curve25519 public key, e.g. an ML-KEM key.
   */
  privateKeyOf(publicKey: Uint8Array): Uint8Array | undefined {
    if (publicKey.length !== X25519_PUBLIC_KEY_BYTES) {
      throw new OracleRefusal(
        `a ${publicKey.length}-byte key is not a Curve25519 public key: the discrete-log oracle cannot ` +
          'answer (ML-KEM-1024 keys and ciphertexts are out of reach of Shor’s algorithm)',
      );
    }
    this.questions++;
    const privateKey = this.privateKeys.get(toHex(publicKey));
    if (privateKey === undefined) return undefined;
    // A discrete-log answer is checkable: it must give back the public key asked about.
    if (!bytesEqual(this.crypto.publicKeyFromPrivate(privateKey), publicKey)) return undefined;
    return privateKey.slice();
  }

  /** The key pair for `publicKey` (see {@link privateKeyOf}). */
  keyPairOf(publicKey: Uint8Array): KeyPair | undefined {
    const privateKey = this.privateKeyOf(publicKey);
    return privateKey === undefined ? undefined : { publicKey: publicKey.slice(), privateKey };
  }
}
