/**
 * The HSM Backup Key Vault (SCENARIOS.md A13, S19; [BKP], [NCC]): holds each account's backup key
 * behind the user's password, reached with OPAQUE (./backup/opaque.ts), so the vault never sees the
 * password and cannot open the key it stores — it holds the key sealed under the OPAQUE export key.
 *
 * The vault counts attempts: every login it answers (every OPRF evaluation, the only way to test a
 * guess) counts, and only a login that completes with a valid client MAC resets the count. When the
 * count reaches `maxAttempts` without a success the record is destroyed — permanently: not even the
 * owner with the right password can get the key back, and backups made with it are unreadable.
 */
import type { KeyPair } from '../crypto/provider.js';
import type { SeededRandom } from '../crypto/seeded-random.js';
import { Party, type World } from '../world/world.js';
import {
  OpaqueError,
  evaluateBlinded,
  oprfKeyFor,
  releaseKey,
  respondToLogin,
  verifyClientMac,
  type ServerLoginState,
  type VaultRecord,
} from './backup/opaque.js';

/** Answer to a login's first message. */
export type VaultLoginStart =
  { readonly ok: true; readonly ke2: Uint8Array } | { readonly ok: false; readonly reason: string };

/** Answer to a login's last message. */
export type VaultLoginFinish =
  | { readonly ok: true; readonly released: Uint8Array }
  | { readonly ok: false; readonly reason: string; readonly attemptsLeft: number; readonly erased: boolean };

interface StoredRecord {
  readonly record: VaultRecord;
  /** Ledger item of the key the record protects (ground truth, only to attribute observations). */
  readonly keyItem: string;
  attempts: number;
}

export class KeyVault extends Party {
  readonly kind = 'key-vault';
  /** The HSM's static AKE key pair; clients pin its public key. */
  readonly keyPair: KeyPair;
  private readonly oprfSeed: Uint8Array;
  private readonly random: SeededRandom;
  private readonly records = new Map<string, StoredRecord>();
  private readonly destroyed = new Set<string>();
  private readonly pending = new Map<string, ServerLoginState>();

  constructor(
    world: World,
    id: string,
    readonly maxAttempts: number,
  ) {
    super(world, id);
    if (!Number.isInteger(maxAttempts) || maxAttempts < 1)
      throw new RangeError('max_attempts must be a positive integer');
    this.random = world.random.fork(`key-vault:${id}`);
    this.keyPair = world.crypto.generateKeyPair(this.random.fork('static'));
    this.oprfSeed = this.random.fork('oprf-seed').bytes(32);
  }

  get publicKey(): Uint8Array {
    return this.keyPair.publicKey;
  }

  /** Registration, vault side (RFC 9807 §5.2.1): evaluates the blinded password with the account's OPRF key. */
  registrationResponse(account: string, blinded: Uint8Array): Uint8Array {
    return evaluateBlinded(this.oprfKey(account), blinded);
  }

  /**
   * Stores (or replaces) an account's record. A new record after a lock-out is a new key: setting
   * up encrypted backups again does not bring the destroyed key back.
   */
  store(account: string, record: VaultRecord, keyItem: string): void {
    this.records.set(account, { record, keyItem, attempts: 0 });
    this.pending.delete(account);
    this.destroyed.delete(account);
    this.world.log('vault.record-stored', { vault: this.id, account });
    this.world.observe(this.id, keyItem, [], {
      kind: 'ciphertext',
      detail: 'backup key sealed under the OPAQUE export key',
    });
  }

  has(account: string): boolean {
    return this.records.has(account);
  }

  /** Whether the account's record was destroyed after too many failed attempts. */
  wasDestroyed(account: string): boolean {
    return this.destroyed.has(account);
  }

  /** Attempts left before the record is destroyed, or undefined when there is no record. */
  attemptsLeft(account: string): number | undefined {
    const stored = this.records.get(account);
    return stored ? this.maxAttempts - stored.attempts : undefined;
  }

  /**
   * Login, first exchange (KE1 → KE2). The attempt is counted before the vault answers: the answer
   * is what lets a client test a password. A login left unfinished counts as failed.
   */
  loginStart(account: string, ke1: Uint8Array): VaultLoginStart {
    const stored = this.records.get(account);
    if (!stored) {
      const reason = this.destroyed.has(account)
        ? 'the vault destroyed this backup key after too many wrong passwords'
        : 'the vault holds no backup key for this account';
      this.world.log('vault.login-refused', { vault: this.id, account, reason });
      return { ok: false, reason };
    }
    if (this.pending.has(account)) this.fail(account, stored, 'login abandoned');
    if (!this.records.has(account))
      return { ok: false, reason: 'the vault destroyed this backup key after too many wrong passwords' };
    stored.attempts++;
    this.world.log('vault.attempt', {
      vault: this.id,
      account,
      attempt: stored.attempts,
      max: this.maxAttempts,
    });
    try {
      const { ke2, state } = respondToLogin(
        this.world.crypto,
        this.random.fork(`login:${account}:${this.world.now}:${stored.attempts}`),
        this.keyPair,
        this.oprfKey(account),
        stored.record,
        ke1,
      );
      this.pending.set(account, state);
      return { ok: true, ke2 };
    } catch (error) {
      if (!(error instanceof OpaqueError)) throw error;
      this.fail(account, stored, error.message);
      return { ok: false, reason: `malformed login: ${error.message}` };
    }
  }

  /**
   * Login, last exchange (KE3 → released key). `ke3` is undefined when the client aborted (its
   * envelope did not open: a wrong password). A valid MAC resets the count and releases the key.
   */
  loginFinish(account: string, ke3: Uint8Array | undefined): VaultLoginFinish {
    const stored = this.records.get(account);
    const state = this.pending.get(account);
    this.pending.delete(account);
    if (!stored || !state) {
      return {
        ok: false,
        reason: 'no login in progress',
        attemptsLeft: this.attemptsLeft(account) ?? 0,
        erased: this.destroyed.has(account),
      };
    }
    if (ke3 === undefined || !verifyClientMac(state, ke3)) {
      const erased = this.fail(
        account,
        stored,
        ke3 === undefined ? 'client aborted (wrong password)' : 'bad client MAC',
      );
      return {
        ok: false,
        reason: erased ? 'wrong password; the vault destroyed the backup key' : 'wrong password',
        attemptsLeft: erased ? 0 : this.maxAttempts - stored.attempts,
        erased,
      };
    }
    stored.attempts = 0;
    this.world.log('vault.key-released', { vault: this.id, account });
    return {
      ok: true,
      released: releaseKey(
        this.world.crypto,
        this.random.fork(`release:${account}:${this.world.now}`),
        state,
        stored.record,
      ),
    };
  }

  /** Records a failed attempt; destroys the record when the limit is reached. Returns whether it did. */
  private fail(account: string, stored: StoredRecord, why: string): boolean {
    this.pending.delete(account);
    this.world.log('vault.attempt-failed', {
      vault: this.id,
      account,
      why,
      attempts: stored.attempts,
      max: this.maxAttempts,
    });
    if (stored.attempts < this.maxAttempts) return false;
    this.records.delete(account);
    this.destroyed.add(account);
    this.world.log('vault.record-destroyed', { vault: this.id, account, attempts: stored.attempts });
    return true;
  }

  private oprfKey(account: string): Uint8Array {
    return oprfKeyFor(this.world.crypto, this.oprfSeed, account);
  }
}
