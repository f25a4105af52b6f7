/**
 * Where sender-key records live: one record per (group, sender device) (PROTOCOL.md "Sender Keys").
 * The cipher functions load a record, compute on it, and store the result only when the whole
 * operation succeeded, so any store that keeps what it is given is failure-atomic.
 */
import { deserializeSenderKeyRecord, serializeSenderKeyRecord } from './record-codec.js';
import type { SenderKeyRecord } from './record.js';

/** A sending device: account name and device id (structurally the same as a protocol address). */
export interface SenderAddress {
  readonly name: string;
  readonly deviceId: number;
}

/** Names one sender-key record: the group and the device that sends into it. */
export interface SenderKeyName {
  readonly groupId: string;
  readonly sender: SenderAddress;
}

/** A stable string for a SenderKeyName (`group::name::device`, the form WhatsApp Web clients use). */
export function senderKeyNameToString(name: SenderKeyName): string {
  return `${name.groupId}::${name.sender.name}::${name.sender.deviceId}`;
}

/** Storage for sender-key records (libsignal `SenderKeyStore`, synchronous here). */
export interface SenderKeyStore {
  loadSenderKey(name: SenderKeyName): SenderKeyRecord | undefined;
  storeSenderKey(name: SenderKeyName, record: SenderKeyRecord): void;
}

/**
 * An in-memory store that keeps each record in its serialized form, so every load is a fresh copy,
 * every store goes through the codec, and tests can compare stored bytes before and after.
 */
export class InMemorySenderKeyStore implements SenderKeyStore {
  private readonly records = new Map<string, Uint8Array>();

  loadSenderKey(name: SenderKeyName): SenderKeyRecord | undefined {
    const bytes = this.records.get(senderKeyNameToString(name));
    return bytes === undefined ? undefined : deserializeSenderKeyRecord(bytes);
  }

  storeSenderKey(name: SenderKeyName, record: SenderKeyRecord): void {
    this.records.set(senderKeyNameToString(name), serializeSenderKeyRecord(record));
  }

  /** The stored bytes of a record (a copy), or undefined when none is stored. */
  serialized(name: SenderKeyName): Uint8Array | undefined {
    const bytes = this.records.get(senderKeyNameToString(name));
    return bytes === undefined ? undefined : bytes.slice();
  }

  /** Forgets a record (a sender's own record when it leaves a group). */
  delete(name: SenderKeyName): void {
    this.records.delete(senderKeyNameToString(name));
  }
}

/**
 * An in-memory store that keeps the record values themselves. Records are immutable (the cipher
 * functions build new ones and store them only on success), so this is as failure-atomic as the
 * serializing store and skips a protobuf round trip per group message — what simulated devices use.
 */
export class RecordSenderKeyStore implements SenderKeyStore {
  private readonly records = new Map<string, SenderKeyRecord>();

  loadSenderKey(name: SenderKeyName): SenderKeyRecord | undefined {
    return this.records.get(senderKeyNameToString(name));
  }

  storeSenderKey(name: SenderKeyName, record: SenderKeyRecord): void {
    this.records.set(senderKeyNameToString(name), record);
  }
}
