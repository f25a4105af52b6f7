/**
 * A SenderKeyRecord: the sender-key states known for one (group, sender) pair, newest first, at
 * most MAX_SENDER_KEY_STATES of them (libsignal `sender_keys.rs` `SenderKeyRecord`). Older states are
 * kept so messages sent just before a re-key still decrypt. Records are immutable values.
 */
import { bytesEqual } from '../../crypto/bytes.js';
import { MAX_SENDER_KEY_STATES } from '../constants.js';
import type { SenderKeyState } from './state.js';

/** Every state known for one (group, sender device). */
export interface SenderKeyRecord {
  /** Newest first. */
  readonly states: readonly SenderKeyState[];
}

/** The record of a (group, sender) pair nothing is known about yet. */
export const EMPTY_SENDER_KEY_RECORD: SenderKeyRecord = { states: [] };

/** The state new messages are sent with: the newest one. */
export function currentSenderKeyState(record: SenderKeyRecord): SenderKeyState | undefined {
  return record.states[0];
}

/** The state a SenderKeyMessage names by its key id. */
export function senderKeyStateById(record: SenderKeyRecord, keyId: number): SenderKeyState | undefined {
  return record.states.find((state) => state.keyId === keyId);
}

/**
 * Adds a state as the newest (libsignal `add_sender_key_state`). If a state with the same key id and
 * signing key is already present it is kept as it is, progress included, so a re-sent distribution
 * message cannot rewind the chain and re-open old iterations to replay. A state with the same key id
 * but another signing key is dropped. The oldest states fall off beyond MAX_SENDER_KEY_STATES.
 */
export function addSenderKeyState(record: SenderKeyRecord, state: SenderKeyState): SenderKeyRecord {
  const existing = record.states.find(
    (s) => s.keyId === state.keyId && bytesEqual(s.signingPublicKey, state.signingPublicKey),
  );
  const others = record.states.filter((s) => s.keyId !== state.keyId);
  return { states: [existing ?? state, ...others].slice(0, MAX_SENDER_KEY_STATES) };
}

/**
 * The record with the first state of the same key id (the one `senderKeyStateById` finds) replaced
 * in place; order unchanged. A record without such a state is returned as it is.
 */
export function replaceSenderKeyState(record: SenderKeyRecord, state: SenderKeyState): SenderKeyRecord {
  const index = record.states.findIndex((s) => s.keyId === state.keyId);
  if (index < 0) return record;
  return { states: record.states.map((s, i) => (i === index ? state : s)) };
}
