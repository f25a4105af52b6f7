/**
 * Session state and session records (libsignal's SessionState / SessionRecord, v3 only).
 *
 * States are treated as immutable values: the cipher computes a new state and the record swaps it in
 * only after a message has authenticated and decrypted, which is what makes a failed decryption leave
 * the record byte-identical.
 */
import { bytesEqual } from '../crypto/bytes.js';
import type { KeyPair } from '../crypto/provider.js';
import { MAX_ARCHIVED_SESSIONS } from './constants.js';
import type { ChainKey } from './ratchet.js';

/** A receiving chain: the remote ratchet key it belongs to, its chain key, and skipped message-key seeds. */
export interface ReceiverChain {
  readonly ratchetKey: Uint8Array;
  readonly chainKey: ChainKey;
  /** Skipped message-key seeds by counter, oldest first (bounded by MAX_SKIPPED_MESSAGE_KEYS). */
  readonly skipped: ReadonlyMap<number, Uint8Array>;
}

/** The sending chain: our current ratchet key pair and chain key. */
export interface SenderChain {
  readonly ratchetKeyPair: KeyPair;
  readonly chainKey: ChainKey;
}

/** What the initiator repeats in every message until the responder answers (PreKeyWhisperMessage). */
export interface PendingPreKey {
  readonly preKeyId?: number;
  readonly signedPreKeyId: number;
  /** Our raw base key. */
  readonly baseKey: Uint8Array;
  /** PQXDH §3.3: the KEM prekey we encapsulated to and the ciphertext (EncodeKEM form), version 4 only. */
  readonly kyberPreKeyId?: number;
  readonly kyberCiphertext?: Uint8Array;
}

/** One Double Ratchet session between two devices. Keys are raw 32-byte values. */
export interface SessionState {
  readonly version: number;
  readonly localIdentityKey: Uint8Array;
  readonly remoteIdentityKey: Uint8Array;
  readonly rootKey: Uint8Array;
  readonly previousCounter: number;
  readonly senderChain: SenderChain;
  /** Oldest first; at most MAX_RECEIVER_CHAINS. */
  readonly receiverChains: readonly ReceiverChain[];
  readonly pendingPreKey?: PendingPreKey;
  readonly localRegistrationId: number;
  readonly remoteRegistrationId: number;
  /** The initiator's base key: identifies the session across repeated PreKeyWhisperMessages. */
  readonly aliceBaseKey: Uint8Array;
}

/** All sessions with one remote device: the current one and archived ones, newest first. */
export interface SessionRecord {
  current?: SessionState;
  previous: SessionState[];
}

/** A record with no session yet. */
export function emptySessionRecord(): SessionRecord {
  return { previous: [] };
}

/** Makes `state` current, archiving the old current state (bounded by MAX_ARCHIVED_SESSIONS). */
export function promoteState(record: SessionRecord, state: SessionState): void {
  if (record.current) record.previous.unshift(record.current);
  if (record.previous.length > MAX_ARCHIVED_SESSIONS) record.previous.length = MAX_ARCHIVED_SESSIONS;
  record.current = state;
}

/**
 * Replaces the state at `index` of `[current, ...previous]` with `state` and makes it current, as
 * libsignal does when an archived session decrypts a message.
 */
export function replaceAndPromote(record: SessionRecord, index: number, state: SessionState): void {
  if (index === 0) {
    record.current = state;
    return;
  }
  record.previous.splice(index - 1, 1);
  promoteState(record, state);
}

/** The states of a record in the order decryption tries them: current first, then archived. */
export function statesOf(record: SessionRecord): SessionState[] {
  return record.current ? [record.current, ...record.previous] : [...record.previous];
}

/** Index in `statesOf(record)` of the session started with this base key, or -1. */
export function findStateByBaseKey(record: SessionRecord, baseKey: Uint8Array): number {
  return statesOf(record).findIndex((state) => bytesEqual(state.aliceBaseKey, baseKey));
}
