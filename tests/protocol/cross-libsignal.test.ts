/**
 * Cross-implementation tests against `libsignal@6.0.0` (npm; the pure-JS implementation WhatsApp
 * Web clients use), for both of our crypto providers: sessions from each side's prekey bundle
 * (with and without a one-time prekey), 200 messages in ping-pong and in bursts, out-of-order and
 * dropped messages in both directions. Every message either side produces is parsed by both
 * implementations' decoders, which must agree field by field; our strict parser must accept every
 * message libsignal produces, and libsignal's encoder must reproduce our bytes exactly.
 */
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { toHex } from '../../simulator/crypto/bytes.js';
import { SeededRandom } from '../../simulator/crypto/seeded-random.js';
import { ProtocolDevice } from '../../simulator/protocol/device.js';
import { ProtocolError } from '../../simulator/protocol/errors.js';
import type { PreKeyBundle } from '../../simulator/protocol/keys.js';
import {
  type ParsedWhisperMessage,
  parsePreKeyWhisperMessage,
  parseWhisperMessage,
} from '../../simulator/protocol/wire.js';
import { providers } from '../helpers/devices.js';
import type { Wire } from './cross-peer.js';
import { type ForeignPeer, type PeerHarness, recordRoundTripTest, trafficTests } from './cross-suite.js';

// --- the parts of libsignal@6.0.0 used here (CJS, Node Buffers; its index.d.ts is incomplete) ---

interface LibKeyPair {
  readonly pubKey: Buffer; // 33 bytes, 0x05-prefixed
  readonly privKey: Buffer; // 32 bytes
}
interface LibAddress {
  toString(): string;
}
interface LibStorage {
  getOurIdentity(): Promise<LibKeyPair>;
  getOurRegistrationId(): Promise<number>;
  isTrustedIdentity(id: string, key: Buffer): Promise<boolean>;
  loadPreKey(id: number): Promise<LibKeyPair | undefined>;
  removePreKey(id: number): Promise<void>;
  loadSignedPreKey(id: number): Promise<LibKeyPair | undefined>;
  loadSession(id: string): Promise<LibSessionRecord | undefined>;
  storeSession(id: string, record: LibSessionRecord): Promise<void>;
}
interface LibSessionRecord {
  serialize(): unknown;
}
interface LibDevice {
  registrationId: number;
  identityKey: Buffer;
  signedPreKey: { keyId: number; publicKey: Buffer; signature: Buffer };
  preKey?: { keyId: number; publicKey: Buffer };
}
interface ProtoMessage {
  readonly [field: string]: unknown;
}
interface ProtoType {
  decode(bytes: Uint8Array): ProtoMessage;
  encode(message: ProtoMessage): { finish(): Uint8Array };
}
interface Libsignal {
  keyhelper: {
    generateIdentityKeyPair(): LibKeyPair;
    generateSignedPreKey(identity: LibKeyPair, keyId: number): { keyPair: LibKeyPair; signature: Buffer };
    generatePreKey(keyId: number): { keyPair: LibKeyPair };
  };
  ProtocolAddress: new (name: string, deviceId: number) => LibAddress;
  SessionBuilder: new (
    storage: LibStorage,
    address: LibAddress,
  ) => { initOutgoing(device: LibDevice): Promise<void> };
  SessionCipher: new (
    storage: LibStorage,
    address: LibAddress,
  ) => {
    encrypt(data: Buffer): Promise<{ type: number; body: Buffer }>;
    decryptWhisperMessage(data: Buffer): Promise<Buffer>;
    decryptPreKeyWhisperMessage(data: Buffer): Promise<Buffer>;
  };
  SessionRecord: { deserialize(data: unknown): LibSessionRecord };
}

const require = createRequire(import.meta.url);
const libsignal = require('libsignal') as Libsignal;
/** libsignal's own generated protobuf codecs (protobufjs 7), to decode and re-encode wire messages. */
const libProto = require('libsignal/src/protobufs.js') as {
  WhisperMessage: ProtoType;
  PreKeyWhisperMessage: ProtoType;
};

const LIB_SIGNED_PREKEY_ID = 7;
const LIB_PREKEY_ID = 31;
const LIB_REGISTRATION_ID = 4321;
const OUR_ADDRESS_AT_LIB = 'sightline';
const LIB_ADDRESS_AT_US = 'lib.1';

/** A plain Uint8Array copy of a Buffer (our code never holds a Buffer or a view into libsignal's pool). */
const plain = (buffer: Uint8Array): Uint8Array => Uint8Array.from(buffer);
const buf = (bytes: Uint8Array): Buffer => Buffer.from(bytes);

/** A libsignal@6.0.0 device with an in-memory store that persists session records serialized, as clients do. */
class LibsignalPeer implements ForeignPeer {
  readonly label = 'libsignal';
  readonly identity = libsignal.keyhelper.generateIdentityKeyPair();
  readonly signedPreKey = libsignal.keyhelper.generateSignedPreKey(this.identity, LIB_SIGNED_PREKEY_ID);
  readonly preKey = libsignal.keyhelper.generatePreKey(LIB_PREKEY_ID);
  readonly preKeys = new Map<number, LibKeyPair>([[LIB_PREKEY_ID, this.preKey.keyPair]]);
  private readonly sessions = new Map<string, unknown>();
  private readonly address = new libsignal.ProtocolAddress(OUR_ADDRESS_AT_LIB, 1);
  readonly storage: LibStorage = {
    getOurIdentity: async () => this.identity,
    getOurRegistrationId: async () => LIB_REGISTRATION_ID,
    isTrustedIdentity: async () => true,
    loadPreKey: async (id) => this.preKeys.get(id),
    removePreKey: async (id) => {
      this.preKeys.delete(id);
    },
    loadSignedPreKey: async (id) => (id === LIB_SIGNED_PREKEY_ID ? this.signedPreKey.keyPair : undefined),
    loadSession: async (id) => {
      const stored = this.sessions.get(id);
      return stored === undefined ? undefined : libsignal.SessionRecord.deserialize(stored);
    },
    storeSession: async (id, record) => {
      this.sessions.set(id, record.serialize());
    },
  };
  private readonly cipher = new libsignal.SessionCipher(this.storage, this.address);

  /** The bundle the server would hand us for this device. */
  bundle(withOneTime: boolean): PreKeyBundle {
    const base: PreKeyBundle = {
      registrationId: LIB_REGISTRATION_ID,
      deviceId: 1,
      identityKey: plain(this.identity.pubKey),
      signedPreKeyId: LIB_SIGNED_PREKEY_ID,
      signedPreKey: plain(this.signedPreKey.keyPair.pubKey),
      signedPreKeySignature: plain(this.signedPreKey.signature),
    };
    return withOneTime
      ? { ...base, preKeyId: LIB_PREKEY_ID, preKey: plain(this.preKey.keyPair.pubKey) }
      : base;
  }

  /** X3DH as initiator from our bundle. */
  async processBundle(bundle: PreKeyBundle): Promise<void> {
    const device: LibDevice = {
      registrationId: bundle.registrationId,
      identityKey: buf(bundle.identityKey),
      signedPreKey: {
        keyId: bundle.signedPreKeyId,
        publicKey: buf(bundle.signedPreKey),
        signature: buf(bundle.signedPreKeySignature),
      },
    };
    if (bundle.preKeyId !== undefined && bundle.preKey) {
      device.preKey = { keyId: bundle.preKeyId, publicKey: buf(bundle.preKey) };
    }
    await new libsignal.SessionBuilder(this.storage, this.address).initOutgoing(device);
  }

  async send(text: string): Promise<Wire> {
    const { type, body } = await this.cipher.encrypt(Buffer.from(text, 'utf8'));
    expect([1, 3]).toContain(type);
    return { type: type === 3 ? 'prekey' : 'whisper', body: plain(body) };
  }

  async receive(wire: Wire): Promise<string> {
    const body = buf(wire.body);
    const plaintext =
      wire.type === 'prekey'
        ? await this.cipher.decryptPreKeyWhisperMessage(body)
        : await this.cipher.decryptWhisperMessage(body);
    return plaintext.toString('utf8');
  }
}

const present = (message: ProtoMessage, field: string) =>
  Object.prototype.hasOwnProperty.call(message, field);
const hex = (value: unknown) => toHex(value as Uint8Array);

/** Our parse and libsignal's decode of one serialized WhisperMessage agree; libsignal re-encodes it to the same bytes. */
function agreeOnWhisper(body: Uint8Array, ours: ParsedWhisperMessage): void {
  const proto = body.subarray(1, body.length - 8);
  const theirs = libProto.WhisperMessage.decode(proto);
  expect(hex(theirs.ephemeralKey)).toBe('05' + toHex(ours.ratchetKey));
  expect(theirs.counter).toBe(ours.counter);
  expect(theirs.previousCounter).toBe(ours.previousCounter);
  expect(hex(theirs.ciphertext)).toBe(toHex(ours.ciphertext));
  expect(toHex(ours.mac)).toBe(toHex(body.subarray(body.length - 8)));
  expect(toHex(libProto.WhisperMessage.encode(theirs).finish())).toBe(toHex(proto));
}

/** Both decoders agree on every message either side sends (see the file comment). */
function crossCheck(wire: Wire): void {
  if (wire.type === 'whisper') {
    agreeOnWhisper(wire.body, parseWhisperMessage(wire.body));
    return;
  }
  const ours = parsePreKeyWhisperMessage(wire.body);
  const proto = wire.body.subarray(1);
  const theirs = libProto.PreKeyWhisperMessage.decode(proto);
  expect(theirs.registrationId).toBe(ours.registrationId);
  expect(present(theirs, 'preKeyId') ? theirs.preKeyId : undefined).toBe(ours.preKeyId);
  expect(theirs.signedPreKeyId).toBe(ours.signedPreKeyId);
  expect(hex(theirs.baseKey)).toBe('05' + toHex(ours.baseKey));
  expect(hex(theirs.identityKey)).toBe('05' + toHex(ours.identityKey));
  expect(hex(theirs.message)).toBe(toHex(ours.message));
  expect(toHex(libProto.PreKeyWhisperMessage.encode(theirs).finish())).toBe(toHex(proto));
  agreeOnWhisper(ours.message, ours.inner);
}

const harness: PeerHarness<LibsignalPeer> = {
  create: () => new LibsignalPeer(),
  addressAtUs: LIB_ADDRESS_AT_US,
  crossCheck,
};

describe.each(providers)('libsignal@6.0.0 interop (%s provider)', (providerName, crypto) => {
  describe.each([
    ['we initiate', true],
    ['libsignal initiates', false],
  ] as const)('%s', (_direction, weInitiate) => {
    describe.each([
      ['with a one-time prekey', true],
      ['without a one-time prekey', false],
    ] as const)('%s', (_otk, withOneTime) => {
      trafficTests(harness, crypto, `${providerName}-${weInitiate}-${withOneTime}`, weInitiate, withOneTime);
    });
  });

  recordRoundTripTest(harness, crypto, `${providerName}-record`);

  it('we refuse a libsignal bundle whose signed-prekey signature is corrupted; libsignal@6 accepts ours (known gap)', async () => {
    const lib = new LibsignalPeer();
    const good = lib.bundle(true);
    const random = new SeededRandom(`${providerName}-sig`);
    const device = new ProtocolDevice({ crypto, random });
    for (const bit of [0, 100, 511]) {
      const signature = good.signedPreKeySignature.slice();
      signature[bit >> 3]! ^= 1 << (bit & 7);
      let code = 'accepted';
      try {
        device.processPreKeyBundle(LIB_ADDRESS_AT_US, { ...good, signedPreKeySignature: signature });
      } catch (error) {
        code = error instanceof ProtocolError ? error.code : 'other';
      }
      expect(code).toBe('bad-signature');
    }
    expect(device.hasSession(LIB_ADDRESS_AT_US)).toBe(false);
    device.processPreKeyBundle(LIB_ADDRESS_AT_US, good);
    expect(device.hasSession(LIB_ADDRESS_AT_US)).toBe(true);

    // libsignal@6 calls verifySignature(..., isInit = true), which skips the check (PROTOCOL.md).
    const ourBundle = device.createBundle(1);
    const corrupted = ourBundle.signedPreKeySignature.slice();
    corrupted[0]! ^= 1;
    await expect(
      lib.processBundle({ ...ourBundle, signedPreKeySignature: corrupted }),
    ).resolves.toBeUndefined();
  });
});
