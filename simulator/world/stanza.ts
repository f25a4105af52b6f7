/**
 * Stanzas: what clients and the chat server say to each other inside the transport (in WhatsApp, the
 * binary XMPP-like nodes carried over Noise). One flat protobuf message with a `kind`, encoded with
 * protobufjs, so sizes on the wire are realistic. End-to-end ciphertext travels in `messages[].body`
 * and `body`; everything else here is metadata the server necessarily reads.
 */
import protobuf from 'protobufjs/light.js';
import { copyBytes } from '../crypto/bytes.js';
import { encodeProto, withEncoded } from '../protocol/proto-writer.js';

/** The kinds of stanza; the server and clients switch on these. */
export type StanzaKind =
  | 'upload-keys' // device → server: identity, signed prekey, one-time prekeys
  | 'fetch-keys' // client → server: device list and one bundle per device of `user`
  | 'keys' // server → client: answer to fetch-keys
  | 'send' // client → server: per-device ciphertexts (and a group ciphertext for server fan-out)
  | 'deliver' // server → client: one ciphertext for this device
  | 'ack' // server → client: the server accepted `messageId` (one tick)
  | 'receipt' // client ↔ server: delivered / read / retry
  | 'devices-changed' // server → client: `user`'s device list changed; re-send `pending` message ids
  | 'logged-out' // server → client: this device was logged out (re-registration, unlink)
  | 'group-update' // server → client: membership of `groupId` is now `members`
  | 'link-device' // primary → server: add companion `device` with its account signature and a new signed list
  | 'unlink-device' // primary → server: remove companion `device`
  | 'lookup' // client → server: contact discovery for `numbers`
  | 'lookup-result' // server → client
  | 'group-op'; // client → server: create / add / remove members

/** A device's public keys as uploaded to the server. */
export interface KeyUpload {
  registrationId: number;
  identityKey: Uint8Array;
  signedPreKeyId: number;
  signedPreKey: Uint8Array;
  signedPreKeySignature: Uint8Array;
  preKeys: { id: number; key: Uint8Array }[];
  /** PQXDH §3.2 (defence `pqxdh`): signed one-time KEM prekeys, and the signed last-resort one. */
  kyberPreKeys?: SignedKemPreKey[];
  lastResortKyberPreKey?: SignedKemPreKey;
}

/** A signed KEM prekey as published: id, EncodeKEM bytes, the identity key's XEdDSA signature. */
export interface SignedKemPreKey {
  id: number;
  key: Uint8Array;
  signature: Uint8Array;
}

/** One device's entry in a `keys` answer: its bundle and the account signature linking it to the primary. */
export interface DeviceBundle {
  device: number;
  registrationId: number;
  identityKey: Uint8Array;
  signedPreKeyId: number;
  signedPreKey: Uint8Array;
  signedPreKeySignature: Uint8Array;
  preKeyId?: number;
  preKey?: Uint8Array;
  /** PQXDH §3.3: a one-time KEM prekey if the server has one, else the last-resort one. */
  kyberPreKeyId?: number;
  kyberPreKey?: Uint8Array;
  kyberPreKeySignature?: Uint8Array;
  /** For companions: the primary's XEdDSA signature over the companion's identity (absent for the primary). */
  accountSignature?: Uint8Array;
}

/** A ciphertext addressed to one device. */
export interface DeviceMessage {
  user: string;
  device: number;
  /** `prekey` | `whisper` | `skmsg`. */
  type: string;
  body: Uint8Array;
}

/** The flat stanza; which fields are set depends on `kind`. */
export interface Stanza {
  kind: StanzaKind;
  reqId?: number;
  messageId?: string;
  /** A phone number: the peer account this stanza is about. */
  user?: string;
  device?: number;
  messages?: DeviceMessage[];
  body?: Uint8Array;
  type?: string;
  groupId?: string;
  bundles?: DeviceBundle[];
  /** The primary's signature over the device list (multi-device §"device list"). */
  deviceListSignature?: Uint8Array;
  deviceList?: number[];
  timestamp?: number;
  receipt?: string;
  members?: string[];
  numbers?: string[];
  pending?: string[];
  keys?: KeyUpload;
  accountSignature?: Uint8Array;
  error?: string;
}

const f = (type: string, id: number, rule?: string) => ({ type, id, ...(rule ? { rule } : {}) });
const m = (fields: Record<string, ReturnType<typeof f>>) => ({ edition: 'proto2', fields });

const root = protobuf.Root.fromJSON({
  nested: {
    stanza: {
      nested: {
        PreKey: m({ id: f('uint32', 1), key: f('bytes', 2) }),
        KemPreKey: m({ id: f('uint32', 1), key: f('bytes', 2), signature: f('bytes', 3) }),
        KeyUpload: m({
          registrationId: f('uint32', 1),
          identityKey: f('bytes', 2),
          signedPreKeyId: f('uint32', 3),
          signedPreKey: f('bytes', 4),
          signedPreKeySignature: f('bytes', 5),
          preKeys: f('PreKey', 6, 'repeated'),
          kyberPreKeys: f('KemPreKey', 7, 'repeated'),
          lastResortKyberPreKey: f('KemPreKey', 8),
        }),
        DeviceBundle: m({
          device: f('uint32', 1),
          registrationId: f('uint32', 2),
          identityKey: f('bytes', 3),
          signedPreKeyId: f('uint32', 4),
          signedPreKey: f('bytes', 5),
          signedPreKeySignature: f('bytes', 6),
          preKeyId: f('uint32', 7),
          preKey: f('bytes', 8),
          accountSignature: f('bytes', 9),
          kyberPreKeyId: f('uint32', 10),
          kyberPreKey: f('bytes', 11),
          kyberPreKeySignature: f('bytes', 12),
        }),
        DeviceMessage: m({
          user: f('string', 1),
          device: f('uint32', 2),
          type: f('string', 3),
          body: f('bytes', 4),
        }),
        Stanza: m({
          kind: f('string', 1),
          reqId: f('uint32', 2),
          messageId: f('string', 3),
          user: f('string', 4),
          device: f('uint32', 5),
          messages: f('DeviceMessage', 6, 'repeated'),
          body: f('bytes', 7),
          type: f('string', 8),
          groupId: f('string', 9),
          bundles: f('DeviceBundle', 10, 'repeated'),
          deviceListSignature: f('bytes', 11),
          deviceList: f('uint32', 12, 'repeated'),
          timestamp: f('uint64', 13),
          receipt: f('string', 14),
          members: f('string', 15, 'repeated'),
          numbers: f('string', 16, 'repeated'),
          pending: f('string', 17, 'repeated'),
          keys: f('KeyUpload', 18),
          accountSignature: f('bytes', 19),
          error: f('string', 20),
        }),
      },
    },
  },
});
const StanzaType = root.lookupType('stanza.Stanza');

/**
 * Encodes a stanza for the transport. The result is a plain view of protobufjs's output (which
 * may sit in Node's shared buffer pool): the transport seals it at once and keeps nothing.
 */
export function encodeStanza(stanza: Stanza): Uint8Array {
  return encodeProto(StanzaType, stanza as unknown as Record<string, unknown>);
}

/**
 * Encodes a stanza and hands its bytes to `use` without allocating them (protobufjs's reused
 * writer, proto-writer.ts): for a sender that seals them into a transport frame at once. The view
 * is valid only during the call; whoever must keep the bytes copies them (the client transport's
 * offline outbox does).
 */
export function withStanza<T>(stanza: Stanza, use: (bytes: Uint8Array) => T): T {
  return withEncoded(StanzaType, stanza as unknown as Record<string, unknown>, use);
}

/**
 * Decodes a stanza into plain objects: present fields only (an empty repeated field is absent, as on
 * the wire), integers as numbers, byte fields as
 * plain Uint8Arrays (copied, so no field aliases the caller's buffer or another field).
 */
export function decodeStanza(bytes: Uint8Array): Stanza {
  return plain(StanzaType.decode(bytes)) as Stanza;
}

/** A decoded protobufjs value as plain data (one pass; toObject and a second copy cost twice that). */
function plain(value: unknown): unknown {
  if (value instanceof Uint8Array) return copyBytes(value);
  if (Array.isArray(value)) return value.map(plain);
  if (value !== null && typeof value === 'object') {
    if (isLong(value)) return value.toNumber();
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value)) {
      const member = (value as Record<string, unknown>)[key];
      // Decoding gives every repeated field an array; on the wire an empty one is absent.
      if (Array.isArray(member) && member.length === 0) continue;
      out[key] = plain(member);
    }
    return out;
  }
  return value;
}

/** protobufjs decodes 64-bit fields (the timestamp) as Long objects. */
function isLong(value: object): value is { toNumber(): number } {
  return (
    protobuf.util.isInteger((value as { low?: unknown }).low) &&
    typeof (value as { toNumber?: unknown }).toNumber === 'function'
  );
}
