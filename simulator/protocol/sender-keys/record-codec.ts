/**
 * Lossless storage form of a SenderKeyRecord: protobuf (proto2) with libsignal's storage layout
 * (`SenderKeyRecordStructure` / `SenderKeyStateStructure`, as in libsignal's storage.proto and
 * WhatsApp Web's group protocol), encoded by protobufjs from the descriptor below. Decoding a
 * serialized record and encoding it again gives the same bytes.
 */
import protobuf from 'protobufjs/light.js';
import { copyBytes } from '../../crypto/bytes.js';
import { MAX_SENDER_KEY_STATES } from '../constants.js';
import { ProtocolError } from '../errors.js';
import { withEncoded } from '../proto-writer.js';
import type { SenderMessageKeySeed } from './chain-key.js';
import type { SenderKeyRecord } from './record.js';
import { checkSenderKeyState, type SenderKeyState } from './state.js';

const recordDescriptor = {
  edition: 'proto2',
  nested: {
    sightline: {
      nested: {
        SenderKeyStateStructure: {
          edition: 'proto2',
          fields: {
            senderKeyId: { type: 'uint32', id: 1 },
            senderChainKey: { type: 'SenderChainKey', id: 2 },
            senderSigningKey: { type: 'SenderSigningKey', id: 3 },
            senderMessageKeys: { rule: 'repeated', type: 'SenderMessageKey', id: 4 },
          },
          nested: {
            SenderChainKey: {
              edition: 'proto2',
              fields: { iteration: { type: 'uint32', id: 1 }, seed: { type: 'bytes', id: 2 } },
            },
            SenderMessageKey: {
              edition: 'proto2',
              fields: { iteration: { type: 'uint32', id: 1 }, seed: { type: 'bytes', id: 2 } },
            },
            SenderSigningKey: {
              edition: 'proto2',
              fields: { public: { type: 'bytes', id: 1 }, private: { type: 'bytes', id: 2 } },
            },
          },
        },
        SenderKeyRecordStructure: {
          edition: 'proto2',
          fields: { senderKeyStates: { rule: 'repeated', type: 'SenderKeyStateStructure', id: 1 } },
        },
      },
    },
  },
};

const root = protobuf.Root.fromJSON(recordDescriptor);
const RecordType = root.lookupType('sightline.SenderKeyRecordStructure');

/** Plain-object shapes protobufjs reads and writes for the descriptor above. */
interface ChainKeyProto {
  iteration?: number;
  seed?: Uint8Array;
}
interface SigningKeyProto {
  public?: Uint8Array;
  private?: Uint8Array;
}
interface StateProto {
  senderKeyId?: number;
  senderChainKey?: ChainKeyProto;
  senderSigningKey?: SigningKeyProto;
  senderMessageKeys?: ChainKeyProto[];
}
interface RecordProto {
  senderKeyStates?: StateProto[];
}

/** Serializes a record for storage. */
export function serializeSenderKeyRecord(record: SenderKeyRecord): Uint8Array {
  const proto: RecordProto = {
    senderKeyStates: record.states.map((state) => {
      const signing: SigningKeyProto = { public: state.signingPublicKey };
      if (state.signingPrivateKey !== undefined) signing.private = state.signingPrivateKey;
      return {
        senderKeyId: state.keyId,
        senderChainKey: { iteration: state.chainKey.iteration, seed: state.chainKey.key },
        senderSigningKey: signing,
        senderMessageKeys: state.skippedMessageKeys.map((k) => ({ iteration: k.iteration, seed: k.seed })),
      };
    }),
  };
  return withEncoded(RecordType, RecordType.fromObject(proto), copyBytes);
}

function corrupt(what: string): never {
  throw new ProtocolError('invalid-message', `the stored sender-key record is corrupt: ${what}`);
}

function required<T>(value: T | null | undefined, what: string): T {
  if (value === undefined || value === null) corrupt(`${what} is missing`);
  return value;
}

function seedFromProto(proto: ChainKeyProto, what: string): SenderMessageKeySeed {
  return {
    iteration: required(proto.iteration, `${what} iteration`),
    seed: copyBytes(required(proto.seed, `${what} seed`)),
  };
}

function stateFromProto(proto: StateProto): SenderKeyState {
  const chain = seedFromProto(required(proto.senderChainKey, 'chain key'), 'chain key');
  const signing = required(proto.senderSigningKey, 'signing key');
  const state: SenderKeyState = {
    keyId: required(proto.senderKeyId, 'key id'),
    chainKey: { iteration: chain.iteration, key: chain.seed },
    signingPublicKey: copyBytes(required(signing.public, 'public signing key')),
    // An empty private key (what proto3 writers such as libsignal's put in receiver states) means none.
    ...(signing.private !== undefined && signing.private !== null && signing.private.length > 0
      ? { signingPrivateKey: copyBytes(signing.private) }
      : {}),
    skippedMessageKeys: (proto.senderMessageKeys ?? []).map((k) => seedFromProto(k, 'skipped key')),
  };
  return checkSenderKeyState(state);
}

/**
 * Parses a stored record.
 * @throws ProtocolError('invalid-message') when the bytes are not a well-formed record.
 */
export function deserializeSenderKeyRecord(bytes: Uint8Array): SenderKeyRecord {
  let proto: RecordProto;
  try {
    // `defaults: false` keeps absent fields absent, so a missing field is seen as missing.
    proto = RecordType.toObject(RecordType.decode(bytes), { defaults: false, arrays: true }) as RecordProto;
  } catch (error) {
    corrupt(error instanceof Error ? error.message : 'undecodable');
  }
  const states = (proto.senderKeyStates ?? []).map(stateFromProto);
  if (states.length > MAX_SENDER_KEY_STATES) corrupt(`more than ${MAX_SENDER_KEY_STATES} states`);
  return { states };
}
