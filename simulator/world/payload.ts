/**
 * The end-to-end payload: what a client puts inside the Signal ciphertext (WhatsApp's `Message`
 * protobuf, reduced to what the scenarios need). Only devices holding the session keys ever see it.
 */
import protobuf from 'protobufjs/light.js';
import { copyBytes } from '../crypto/bytes.js';
import { withEncoded } from '../protocol/proto-writer.js';

/** What a payload carries. */
export type PayloadKind =
  | 'text' // a chat message
  | 'sender-key' // a SenderKeyDistributionMessage for `groupId`
  | 'history' // the history bundle a primary sends a newly linked companion
  | 'call-offer' // call signalling with the SRTP master secret
  | 'reaction' // a reaction (silent probes react to messages that do not exist)
  | 'backup-key'; // not sent over chat; reserved

/** One entry of a history bundle. */
export interface HistoryEntry {
  messageId: string;
  from: string;
  to: string;
  text: string;
  timestamp: number;
}

export interface Payload {
  kind: PayloadKind;
  messageId?: string;
  text?: string;
  groupId?: string;
  senderKeyDistribution?: Uint8Array;
  history?: HistoryEntry[];
  callKey?: Uint8Array;
  disappearingMs?: number;
  /** The account the message is from, as the sender's client states it (inside the encryption). */
  from?: string;
  to?: string;
  timestamp?: number;
}

const f = (type: string, id: number, rule?: string) => ({ type, id, ...(rule ? { rule } : {}) });
const m = (fields: Record<string, ReturnType<typeof f>>) => ({ edition: 'proto2', fields });
const root = protobuf.Root.fromJSON({
  nested: {
    payload: {
      nested: {
        HistoryEntry: m({
          messageId: f('string', 1),
          from: f('string', 2),
          to: f('string', 3),
          text: f('string', 4),
          timestamp: f('uint64', 5),
        }),
        Payload: m({
          kind: f('string', 1),
          messageId: f('string', 2),
          text: f('string', 3),
          groupId: f('string', 4),
          senderKeyDistribution: f('bytes', 5),
          history: f('HistoryEntry', 6, 'repeated'),
          callKey: f('bytes', 7),
          disappearingMs: f('uint64', 8),
          from: f('string', 9),
          to: f('string', 10),
          timestamp: f('uint64', 11),
        }),
      },
    },
  },
});
const PayloadType = root.lookupType('payload.Payload');

export function encodePayload(payload: Payload): Uint8Array {
  return withEncoded(PayloadType, payload as unknown as Record<string, unknown>, copyBytes);
}

/** @throws Error when the bytes are not a payload (the caller treats it as a corrupt message). */
export function decodePayload(bytes: Uint8Array): Payload {
  const object = PayloadType.toObject(PayloadType.decode(bytes), {
    longs: Number,
    defaults: false,
  }) as Payload;
  if (object.senderKeyDistribution) object.senderKeyDistribution = copyBytes(object.senderKeyDistribution);
  if (object.callKey) object.callKey = copyBytes(object.callKey);
  return object;
}
