/**
 * Cross-implementation tests against `@privacyresearch/libsignal-protocol-typescript` (npm,
 * 0.0.16; CJS, WebCrypto + an asm.js curve25519, ArrayBuffers, an async `StorageType` store, and
 * ciphertext bodies as binary strings), for both of our crypto providers: sessions from each
 * side's prekey bundle, 200 messages in ping-pong and in bursts, out-of-order and dropped
 * messages in both directions, every message parsed by both implementations' decoders.
 *
 * Two of the peer's habits matter on the wire (see the tests named after them):
 * - its protobuf-ts encoder writes PreKeyWhisperMessage fields in declaration order
 *   (5, 1, 6, 2, 3, 4), not field-number order; protobuf parsers must accept any order;
 * - it always writes `preKeyId`, as 0 when the bundle had no one-time prekey. We never issue id 0,
 *   so, like libsignal@6 on npm, we read a 0 naming no prekey we hold as "none" (X3DH without DH4).
 */
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { concatBytes, toHex } from '../../simulator/crypto/bytes.js';
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
import {
  type ForeignPeer,
  type PeerHarness,
  makePair,
  recordRoundTripTest,
  trafficTests,
} from './cross-suite.js';

type PrivacyResearch = typeof import('@privacyresearch/libsignal-protocol-typescript');
type PrivacyResearchProtobuf = typeof import('@privacyresearch/libsignal-protocol-protobuf-ts');
type KeyPairType = import('@privacyresearch/libsignal-protocol-typescript').KeyPairType;
type StorageType = import('@privacyresearch/libsignal-protocol-typescript').StorageType;
type DeviceType = import('@privacyresearch/libsignal-protocol-typescript').DeviceType;

// The package is CommonJS without an `exports` map; load it (and its protobuf codecs) with require.
const require = createRequire(import.meta.url);
const pr = require('@privacyresearch/libsignal-protocol-typescript') as PrivacyResearch;
const prProto = require('@privacyresearch/libsignal-protocol-protobuf-ts') as PrivacyResearchProtobuf;

const PR_SIGNED_PREKEY_ID = 9;
const PR_PREKEY_ID = 77;
const PR_REGISTRATION_ID = 2468;
const OUR_ADDRESS_AT_PR = 'sightline';
const PR_ADDRESS_AT_US = 'pr.1';

/** Exact-size ArrayBuffer copy of our bytes (the peer takes ArrayBuffers, never views). */
const arrayBuffer = (bytes: Uint8Array): ArrayBuffer => bytes.slice().buffer;
const bytesOf = (buffer: ArrayBuffer): Uint8Array => new Uint8Array(buffer.slice(0));
/** The peer's ciphertext bodies are "binary strings": one char per byte, codes 0..255. */
function binaryStringToBytes(text: string): Uint8Array {
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code > 0xff) throw new RangeError(`not a binary string: char code ${code} at ${i}`);
    bytes[i] = code;
  }
  return bytes;
}

/** A privacyresearch device with an in-memory `StorageType` (its records are strings already). */
class PrivacyResearchPeer implements ForeignPeer {
  readonly label = 'privacyresearch';
  identity!: KeyPairType;
  signedPreKey!: { keyPair: KeyPairType; signature: ArrayBuffer };
  readonly preKeys = new Map<number, KeyPairType>();
  private readonly sessions = new Map<string, string>();
  private readonly address = new pr.SignalProtocolAddress(OUR_ADDRESS_AT_PR, 1);
  readonly storage: StorageType = {
    getIdentityKeyPair: async () => this.identity,
    getLocalRegistrationId: async () => PR_REGISTRATION_ID,
    isTrustedIdentity: async () => true,
    saveIdentity: async () => false,
    loadPreKey: async (id) => this.preKeys.get(Number(id)),
    storePreKey: async (id, keyPair) => {
      this.preKeys.set(Number(id), keyPair);
    },
    removePreKey: async (id) => {
      this.preKeys.delete(Number(id));
    },
    storeSession: async (id, record) => {
      this.sessions.set(id, record);
    },
    loadSession: async (id) => this.sessions.get(id),
    loadSignedPreKey: async (id) =>
      Number(id) === PR_SIGNED_PREKEY_ID ? this.signedPreKey.keyPair : undefined,
    storeSignedPreKey: async () => undefined,
    removeSignedPreKey: async () => undefined,
  };
  private readonly cipher = new pr.SessionCipher(this.storage, this.address);

  static async create(): Promise<PrivacyResearchPeer> {
    const peer = new PrivacyResearchPeer();
    peer.identity = await pr.KeyHelper.generateIdentityKeyPair();
    peer.signedPreKey = await pr.KeyHelper.generateSignedPreKey(peer.identity, PR_SIGNED_PREKEY_ID);
    peer.preKeys.set(PR_PREKEY_ID, (await pr.KeyHelper.generatePreKey(PR_PREKEY_ID)).keyPair);
    return peer;
  }

  bundle(withOneTime: boolean): PreKeyBundle {
    const base: PreKeyBundle = {
      registrationId: PR_REGISTRATION_ID,
      deviceId: 1,
      identityKey: bytesOf(this.identity.pubKey),
      signedPreKeyId: PR_SIGNED_PREKEY_ID,
      signedPreKey: bytesOf(this.signedPreKey.keyPair.pubKey),
      signedPreKeySignature: bytesOf(this.signedPreKey.signature),
    };
    return withOneTime
      ? { ...base, preKeyId: PR_PREKEY_ID, preKey: bytesOf(this.preKeys.get(PR_PREKEY_ID)!.pubKey) }
      : base;
  }

  async processBundle(bundle: PreKeyBundle): Promise<void> {
    const device: DeviceType = {
      registrationId: bundle.registrationId,
      identityKey: arrayBuffer(bundle.identityKey),
      signedPreKey: {
        keyId: bundle.signedPreKeyId,
        publicKey: arrayBuffer(bundle.signedPreKey),
        signature: arrayBuffer(bundle.signedPreKeySignature),
      },
    };
    if (bundle.preKeyId !== undefined && bundle.preKey) {
      device.preKey = { keyId: bundle.preKeyId, publicKey: arrayBuffer(bundle.preKey) };
    }
    await new pr.SessionBuilder(this.storage, this.address).processPreKey(device);
  }

  async send(text: string): Promise<Wire> {
    const message = await this.cipher.encrypt(arrayBuffer(new TextEncoder().encode(text)));
    expect([1, 3]).toContain(message.type);
    expect(typeof message.body).toBe('string');
    return { type: message.type === 3 ? 'prekey' : 'whisper', body: binaryStringToBytes(message.body!) };
  }

  async receive(wire: Wire): Promise<string> {
    const plaintext =
      wire.type === 'prekey'
        ? await this.cipher.decryptPreKeyWhisperMessage(arrayBuffer(wire.body), 'binary')
        : await this.cipher.decryptWhisperMessage(arrayBuffer(wire.body), 'binary');
    return new TextDecoder().decode(new Uint8Array(plaintext));
  }
}

/** Our parse and the peer's decode of one serialized WhisperMessage agree; its encoder reproduces the bytes. */
function agreeOnWhisper(body: Uint8Array, ours: ParsedWhisperMessage): void {
  const proto = body.subarray(1, body.length - 8);
  const theirs = prProto.WhisperMessage.decode(proto);
  expect(toHex(theirs.ephemeralKey)).toBe('05' + toHex(ours.ratchetKey));
  expect(theirs.counter).toBe(ours.counter);
  expect(theirs.previousCounter).toBe(ours.previousCounter);
  expect(toHex(theirs.ciphertext)).toBe(toHex(ours.ciphertext));
  expect(toHex(prProto.WhisperMessage.encode(theirs).finish())).toBe(toHex(proto));
}

/**
 * Both decoders agree on every message either side sends. The peer's decoder cannot tell an absent
 * preKeyId from 0 (protobuf-ts defaults), so absent compares as 0.
 */
function crossCheck(wire: Wire): void {
  if (wire.type === 'whisper') {
    agreeOnWhisper(wire.body, parseWhisperMessage(wire.body));
    return;
  }
  const ours = parsePreKeyWhisperMessage(wire.body);
  const theirs = prProto.PreKeyWhisperMessage.decode(wire.body.subarray(1));
  expect(theirs.registrationId).toBe(ours.registrationId);
  expect(theirs.preKeyId).toBe(ours.preKeyId ?? 0);
  expect(theirs.signedPreKeyId).toBe(ours.signedPreKeyId);
  expect(toHex(theirs.baseKey)).toBe('05' + toHex(ours.baseKey));
  expect(toHex(theirs.identityKey)).toBe('05' + toHex(ours.identityKey));
  expect(toHex(theirs.message)).toBe(toHex(ours.message));
  agreeOnWhisper(ours.message, ours.inner);
}

function rejectionCode(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    return error instanceof ProtocolError ? error.code : `other: ${String(error)}`;
  }
  return 'accepted';
}

const harness: PeerHarness<PrivacyResearchPeer> = {
  create: () => PrivacyResearchPeer.create(),
  addressAtUs: PR_ADDRESS_AT_US,
  crossCheck,
};

/** The combinations that can interoperate (see the file comment for the one that cannot). */
const sessions = [
  ['we initiate, with a one-time prekey', true, true],
  ['we initiate, without a one-time prekey', true, false],
  ['privacyresearch initiates, with a one-time prekey', false, true],
] as const;

describe.each(providers)(
  '@privacyresearch/libsignal-protocol-typescript interop (%s provider)',
  (providerName, crypto) => {
    describe.each(sessions)('%s', (_name, weInitiate, withOneTime) => {
      trafficTests(harness, crypto, `${providerName}-${weInitiate}-${withOneTime}`, weInitiate, withOneTime);
    });

    it('accepts its PreKeyWhisperMessages although their fields are in declaration order, not field-number order', async () => {
      const pair = await makePair(harness, crypto, `${providerName}-order`, false, true);
      const wire = await pair.peer.send('fields in declaration order');
      // 0x28 = field 5 (registrationId) as a varint: the message does not start with field 1 (preKeyId).
      expect(wire.body[1]).toBe(0x28);
      expect(parsePreKeyWhisperMessage(wire.body).preKeyId).toBe(pair.bundle.preKeyId);
      // Field order is free; the rest of the strictness stands: a repeated or unknown field is refused.
      for (const extra of [
        [0x28, 0x01],
        [0x08, 0x01],
        [0x38, 0x01],
      ]) {
        const altered = concatBytes(wire.body, new Uint8Array(extra));
        expect(rejectionCode(() => parsePreKeyWhisperMessage(altered))).toBe('invalid-message');
      }
      expect(await pair.ours.receive(wire)).toBe('fields in declaration order');
      expect(pair.ours.lastNewSession).toBe(true);
    });

    it('answers its session without a one-time prekey: it writes preKeyId 0, which we read as none', async () => {
      const random = new SeededRandom(`${providerName}-zero`);
      const device = new ProtocolDevice({ crypto, random });
      device.generatePreKeys(3);
      const peer = await PrivacyResearchPeer.create();
      await peer.processBundle(device.createBundle(1));
      const wire = await peer.send('no one-time prekey');
      const parsed = parsePreKeyWhisperMessage(wire.body);
      expect(parsed.preKeyId).toBe(0); // present on the wire, although the bundle had none
      const preKeysBefore = device.preKeyIds;
      const opened = device.decrypt(PR_ADDRESS_AT_US, wire);
      expect(new TextDecoder().decode(opened.plaintext)).toBe('no one-time prekey');
      expect(opened.newSession).toBe(true);
      expect(device.preKeyIds).toEqual(preKeysBefore); // no one-time prekey was consumed
    });

    recordRoundTripTest(harness, crypto, `${providerName}-record`);

    it('both sides refuse a bundle whose signed-prekey signature is corrupted', async () => {
      const peer = await PrivacyResearchPeer.create();
      const device = new ProtocolDevice({ crypto, random: new SeededRandom(`${providerName}-sig`) });
      const theirs = peer.bundle(true);
      const badTheirs = theirs.signedPreKeySignature.slice();
      badTheirs[63]! ^= 0x40;
      expect(
        rejectionCode(() =>
          device.processPreKeyBundle(PR_ADDRESS_AT_US, { ...theirs, signedPreKeySignature: badTheirs }),
        ),
      ).toBe('bad-signature');
      expect(device.hasSession(PR_ADDRESS_AT_US)).toBe(false);

      const ours = device.createBundle(1);
      const badOurs = ours.signedPreKeySignature.slice();
      badOurs[5]! ^= 0x01;
      await expect(peer.processBundle({ ...ours, signedPreKeySignature: badOurs })).rejects.toThrow(
        /signature/i,
      );
      await expect(peer.processBundle(ours)).resolves.toBeUndefined();
    });
  },
);
