/**
 * Lossless serialization of session records (protobuf via protobufjs, modelled on libsignal's
 * storage.proto). Continuing a session after a round trip gives byte-identical ciphertexts.
 */
import protobuf from 'protobufjs/light.js';
import { copyBytes } from '../crypto/bytes.js';
import { ProtocolError } from './errors.js';
import { withEncoded } from './proto-writer.js';
import type { ReceiverChain, SessionRecord, SessionState } from './session-state.js';

const bytes = (id: number) => ({ type: 'bytes', id });
const uint32 = (id: number) => ({ type: 'uint32', id });
const message = (fields: Record<string, { type: string; id: number; rule?: string }>) => ({
  edition: 'proto2',
  fields,
});

const root = protobuf.Root.fromJSON({
  nested: {
    sightline: {
      nested: {
        ChainKey: message({ index: uint32(1), key: bytes(2) }),
        SkippedKey: message({ index: uint32(1), seed: bytes(2) }),
        Chain: message({
          ratchetKey: bytes(1),
          ratchetPrivateKey: bytes(2),
          chainKey: { type: 'ChainKey', id: 3 },
          skipped: { type: 'SkippedKey', id: 4, rule: 'repeated' },
        }),
        PendingPreKey: message({
          preKeyId: uint32(1),
          baseKey: bytes(2),
          signedPreKeyId: uint32(3),
          kyberPreKeyId: uint32(4),
          kyberCiphertext: bytes(5),
        }),
        Session: message({
          version: uint32(1),
          localIdentityKey: bytes(2),
          remoteIdentityKey: bytes(3),
          rootKey: bytes(4),
          previousCounter: uint32(5),
          senderChain: { type: 'Chain', id: 6 },
          receiverChains: { type: 'Chain', id: 7, rule: 'repeated' },
          pendingPreKey: { type: 'PendingPreKey', id: 8 },
          remoteRegistrationId: uint32(9),
          localRegistrationId: uint32(10),
          aliceBaseKey: bytes(13),
        }),
        Record: message({
          current: { type: 'Session', id: 1 },
          previous: { type: 'Session', id: 2, rule: 'repeated' },
        }),
      },
    },
  },
});
const RecordType = root.lookupType('sightline.Record');

interface ChainJson {
  ratchetKey: Uint8Array;
  ratchetPrivateKey?: Uint8Array;
  chainKey: { index: number; key: Uint8Array };
  skipped: { index: number; seed: Uint8Array }[];
}
interface SessionJson {
  version: number;
  localIdentityKey: Uint8Array;
  remoteIdentityKey: Uint8Array;
  rootKey: Uint8Array;
  previousCounter: number;
  senderChain: ChainJson;
  receiverChains: ChainJson[];
  pendingPreKey?: {
    preKeyId?: number;
    baseKey: Uint8Array;
    signedPreKeyId: number;
    kyberPreKeyId?: number;
    kyberCiphertext?: Uint8Array;
  };
  remoteRegistrationId: number;
  localRegistrationId: number;
  aliceBaseKey: Uint8Array;
}

function chainToJson(chain: ReceiverChain): ChainJson {
  return {
    ratchetKey: chain.ratchetKey,
    chainKey: { index: chain.chainKey.index, key: chain.chainKey.key },
    skipped: [...chain.skipped].map(([index, seed]) => ({ index, seed })),
  };
}

function stateToJson(state: SessionState): SessionJson {
  const json: SessionJson = {
    version: state.version,
    localIdentityKey: state.localIdentityKey,
    remoteIdentityKey: state.remoteIdentityKey,
    rootKey: state.rootKey,
    previousCounter: state.previousCounter,
    senderChain: {
      ratchetKey: state.senderChain.ratchetKeyPair.publicKey,
      ratchetPrivateKey: state.senderChain.ratchetKeyPair.privateKey,
      chainKey: { index: state.senderChain.chainKey.index, key: state.senderChain.chainKey.key },
      skipped: [],
    },
    receiverChains: state.receiverChains.map(chainToJson),
    remoteRegistrationId: state.remoteRegistrationId,
    localRegistrationId: state.localRegistrationId,
    aliceBaseKey: state.aliceBaseKey,
  };
  if (state.pendingPreKey) {
    json.pendingPreKey = {
      baseKey: state.pendingPreKey.baseKey,
      signedPreKeyId: state.pendingPreKey.signedPreKeyId,
      ...(state.pendingPreKey.preKeyId !== undefined ? { preKeyId: state.pendingPreKey.preKeyId } : {}),
      ...(state.pendingPreKey.kyberPreKeyId !== undefined && state.pendingPreKey.kyberCiphertext
        ? {
            kyberPreKeyId: state.pendingPreKey.kyberPreKeyId,
            kyberCiphertext: state.pendingPreKey.kyberCiphertext,
          }
        : {}),
    };
  }
  return json;
}

function chainFromJson(json: ChainJson): ReceiverChain {
  return {
    ratchetKey: copyBytes(json.ratchetKey),
    chainKey: { index: json.chainKey.index, key: copyBytes(json.chainKey.key) },
    skipped: new Map((json.skipped ?? []).map((entry) => [entry.index, copyBytes(entry.seed)])),
  };
}

function stateFromJson(json: SessionJson): SessionState {
  const sender = json.senderChain;
  if (!sender?.ratchetPrivateKey || !sender.chainKey || !json.rootKey) {
    throw new ProtocolError('invalid-message', 'session record is incomplete');
  }
  const pending = json.pendingPreKey;
  return {
    version: json.version,
    localIdentityKey: copyBytes(json.localIdentityKey),
    remoteIdentityKey: copyBytes(json.remoteIdentityKey),
    rootKey: copyBytes(json.rootKey),
    previousCounter: json.previousCounter,
    senderChain: {
      ratchetKeyPair: {
        publicKey: copyBytes(sender.ratchetKey),
        privateKey: copyBytes(sender.ratchetPrivateKey),
      },
      chainKey: { index: sender.chainKey.index, key: copyBytes(sender.chainKey.key) },
    },
    receiverChains: (json.receiverChains ?? []).map(chainFromJson),
    ...(pending
      ? {
          pendingPreKey: {
            baseKey: copyBytes(pending.baseKey),
            signedPreKeyId: pending.signedPreKeyId,
            ...(Object.prototype.hasOwnProperty.call(pending, 'preKeyId')
              ? { preKeyId: pending.preKeyId }
              : {}),
            ...(pending.kyberPreKeyId !== undefined && pending.kyberCiphertext
              ? { kyberPreKeyId: pending.kyberPreKeyId, kyberCiphertext: copyBytes(pending.kyberCiphertext) }
              : {}),
          },
        }
      : {}),
    remoteRegistrationId: json.remoteRegistrationId,
    localRegistrationId: json.localRegistrationId,
    aliceBaseKey: copyBytes(json.aliceBaseKey),
  };
}

/** Serializes a session record. */
export function serializeSessionRecord(record: SessionRecord): Uint8Array {
  const json: { current?: SessionJson; previous: SessionJson[] } = {
    previous: record.previous.map(stateToJson),
  };
  if (record.current) json.current = stateToJson(record.current);
  return withEncoded(RecordType, json, copyBytes);
}

/**
 * Restores a session record serialized by {@link serializeSessionRecord}.
 * @throws ProtocolError('invalid-message') on malformed bytes.
 */
export function deserializeSessionRecord(serialized: Uint8Array): SessionRecord {
  let decoded: { current?: SessionJson; previous?: SessionJson[] };
  try {
    decoded = RecordType.toObject(RecordType.decode(serialized), { defaults: false }) as typeof decoded;
  } catch (error) {
    throw new ProtocolError('invalid-message', `session record is not valid: ${(error as Error).message}`);
  }
  const record: SessionRecord = { previous: (decoded.previous ?? []).map(stateFromJson) };
  if (decoded.current) record.current = stateFromJson(decoded.current);
  return record;
}
