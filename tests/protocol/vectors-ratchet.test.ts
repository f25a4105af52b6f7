/**
 * Known-answer vectors from libsignal's own test suites for the 1:1 protocol, on both providers:
 * - chain key (tests/vectors/ratchet-chain-key.json): seed → message keys and next chain key;
 * - root key (ratchet-root-key.json): root key + DH → next root and chain keys;
 * - X3DH as responder and as initiator (x3dh-ratcheting-session.json): fixed keys → chain key;
 * - whole sessions (signal-js-sessions.json): fixed keys → the exact bytes of every message sent,
 *   the plaintext of every message received, as initiator and as responder, in several orders.
 * Each vector file names the repository, path and test its numbers come from.
 */
import { describe, expect, it } from 'vitest';
import { concatBytes, fromHex, toHex, utf8 } from '../../simulator/crypto/bytes.js';
import type { CryptoProvider, KeyPair, RandomSource } from '../../simulator/crypto/provider.js';
import { INFO_WHISPER_RATCHET } from '../../simulator/protocol/constants.js';
import { ProtocolDevice } from '../../simulator/protocol/device.js';
import { type PreKeyBundle, deserializePublicKey } from '../../simulator/protocol/keys.js';
import {
  deriveMessageKeys,
  messageKeySeed,
  nextChainKey,
  rootStep,
} from '../../simulator/protocol/ratchet.js';
import { respondToSession } from '../../simulator/protocol/session-builder.js';
import { x3dhInitiator, x3dhResponder } from '../../simulator/protocol/x3dh.js';
import { providers } from '../helpers/devices.js';
import chainKeyVectors from '../vectors/ratchet-chain-key.json' with { type: 'json' };
import rootKeyVectors from '../vectors/ratchet-root-key.json' with { type: 'json' };
import sessionVectors from '../vectors/signal-js-sessions.json' with { type: 'json' };
import x3dhVectors from '../vectors/x3dh-ratcheting-session.json' with { type: 'json' };

/** A key pair from a raw private key, its public half computed by the provider. */
const keyPair = (crypto: CryptoProvider, privateHex: string): KeyPair => {
  const privateKey = fromHex(privateHex);
  return { privateKey, publicKey: crypto.publicKeyFromPrivate(privateKey) };
};
/** Raw 32-byte key from a serialized (0x05-prefixed) public key. */
const raw = (serializedHex: string) => deserializePublicKey(fromHex(serializedHex));

/**
 * libsignal's HKDF with its expand blocks numbered from `firstBlock` (HKDFv2: 0, HKDFv3 = RFC 5869: 1),
 * built on the provider's HMAC; only to read the message-version-2 root-key vector.
 */
function libsignalHkdf(
  crypto: CryptoProvider,
  firstBlock: number,
  ikm: Uint8Array,
  salt: Uint8Array,
  info: Uint8Array,
  length: number,
): Uint8Array {
  const prk = crypto.hmacSha256(salt, ikm);
  const blocks: Uint8Array[] = [];
  let previous: Uint8Array = new Uint8Array(0);
  for (let i = firstBlock; blocks.length * 32 < length; i++) {
    previous = crypto.hmacSha256(prk, concatBytes(previous, info, new Uint8Array([i])));
    blocks.push(previous);
  }
  return concatBytes(...blocks).slice(0, length);
}

// --- whole-session vectors ---

interface DeviceKeys {
  deviceId: number;
  registrationId: number;
  preKey?: { keyId: number; publicKey: string };
  signedPreKey: { keyId: number; publicKey: string; signature: string };
}
interface SessionStep {
  step: string;
  smsText?: string;
  endSession?: boolean;
  ourBaseKey?: string;
  ourEphemeralKey?: string;
  ourIdentityKey?: string;
  registrationId?: number;
  getKeys?: { identityKey: string; devices: DeviceKeys[] };
  expectedCiphertext?: string;
  message?: string;
  type?: number;
  ourPreKey?: string;
  preKeyId?: number;
  ourSignedPreKey?: string;
  signedPreKeyId?: number;
  newEphemeralKey?: string;
  expectedSmsText?: string;
  expectTerminateSession?: boolean;
}
interface SessionSuite {
  name: string;
  steps?: SessionStep[];
  stepsOf?: string;
  order?: number[];
}

const suites = sessionVectors.suites as SessionSuite[];
/** END_SESSION in textsecure PushMessageContent.Flags. */
const END_SESSION_FLAG = 1;
const PLAINTEXT_PAD_UNIT = 160;

/** The padded PushMessageContent a step carries (see "plaintext" in the vector file). */
function paddedContent(text: string | undefined, endSession: boolean): Uint8Array {
  let content: Uint8Array;
  if (endSession) {
    content = new Uint8Array([0x20, END_SESSION_FLAG]); // field 4 (flags), varint
  } else {
    const body = utf8(text!);
    expect(body.length).toBeLessThan(0x80); // a one-byte length prefix
    content = concatBytes(new Uint8Array([0x0a, body.length]), body); // field 1 (body), bytes
  }
  const padded = new Uint8Array(
    PLAINTEXT_PAD_UNIT * Math.ceil((content.length + 2) / PLAINTEXT_PAD_UNIT) - 1,
  );
  padded.set(content);
  padded[content.length] = 0x80;
  return padded;
}

/** Hands out the vectors' private keys, in order, whenever the protocol draws a fresh key pair. */
class KeyQueue implements RandomSource {
  constructor(private readonly keys: Uint8Array[]) {}

  bytes(length: number): Uint8Array {
    const next = this.keys.shift();
    if (!next || next.length !== length) throw new Error(`unexpected draw of ${length} random bytes`);
    return next;
  }

  get left(): number {
    return this.keys.length;
  }
}

function bundleFrom(getKeys: NonNullable<SessionStep['getKeys']>): PreKeyBundle {
  const device = getKeys.devices[0]!;
  const bundle: PreKeyBundle = {
    registrationId: device.registrationId,
    deviceId: device.deviceId,
    identityKey: fromHex(getKeys.identityKey),
    signedPreKeyId: device.signedPreKey.keyId,
    signedPreKey: fromHex(device.signedPreKey.publicKey),
    signedPreKeySignature: fromHex(device.signedPreKey.signature),
  };
  return device.preKey
    ? { ...bundle, preKeyId: device.preKey.keyId, preKey: fromHex(device.preKey.publicKey) }
    : bundle;
}

/** Runs one suite's steps (in `order`) against a ProtocolDevice holding the vector's keys. */
function runSessionSuite(crypto: CryptoProvider, steps: SessionStep[], order: number[]): void {
  const remote = 'SNOWDEN.1';
  // Fresh key pairs are drawn in the standard step order, whatever order the steps run in.
  const queue = new KeyQueue(
    steps
      .flatMap((s) => [s.ourBaseKey, s.ourEphemeralKey, s.newEphemeralKey])
      .flatMap((k) => (k ? [fromHex(k)] : [])),
  );
  const identities = new Set(steps.flatMap((s) => (s.ourIdentityKey ? [s.ourIdentityKey] : [])));
  expect(identities.size).toBe(1);
  const device = new ProtocolDevice({
    crypto,
    random: queue,
    identityKeyPair: keyPair(crypto, [...identities][0]!),
    registrationId: steps.find((s) => s.registrationId !== undefined)?.registrationId ?? 1,
  });
  for (const step of steps) {
    if (step.ourSignedPreKey !== undefined) {
      // The signature is not used when answering X3DH, and the responder's vectors do not carry it.
      const keys = keyPair(crypto, step.ourSignedPreKey);
      device.addSignedPreKey({ id: step.signedPreKeyId!, keyPair: keys, signature: new Uint8Array(64) });
    }
    if (step.ourPreKey !== undefined)
      device.addPreKey({ id: step.preKeyId!, keyPair: keyPair(crypto, step.ourPreKey) });
  }

  for (const index of order) {
    const step = steps[index]!;
    if (step.step === 'sendMessage') {
      if (step.getKeys) device.processPreKeyBundle(remote, bundleFrom(step.getKeys));
      const sent = device.encrypt(remote, paddedContent(step.smsText, step.endSession === true));
      // A PreKeyWhisperMessage here starts with its preKeyId (tag 0x08); a WhisperMessage with its ratchet key (0x0a).
      expect(sent.type, `step ${index}`).toBe(
        step.expectedCiphertext!.startsWith('3308') ? 'prekey' : 'whisper',
      );
      expect(toHex(sent.body), `step ${index}: ciphertext`).toBe(step.expectedCiphertext);
    } else {
      const type = step.type === 3 ? 'prekey' : 'whisper';
      const { plaintext } = device.decrypt(remote, { type, body: fromHex(step.message!) });
      const expected = paddedContent(step.expectedSmsText, step.expectTerminateSession === true);
      expect(toHex(plaintext), `step ${index}: plaintext`).toBe(toHex(expected));
    }
  }
  expect(queue.left, 'every published key was used').toBe(0);
}

describe.each(providers)('ratchet and X3DH known-answer vectors (%s provider)', (_name, crypto) => {
  it.each(chainKeyVectors.vectors)('chain key $chainKey: message keys and next chain key', (vector) => {
    const chainKey = { key: fromHex(vector.chainKey), index: vector.index };
    const keys = deriveMessageKeys(crypto, messageKeySeed(crypto, chainKey), chainKey.index);
    expect(toHex(keys.cipherKey)).toBe(vector.cipherKey);
    expect(toHex(keys.macKey)).toBe(vector.macKey);
    expect(keys.iv).toHaveLength(16);
    expect(keys.counter).toBe(vector.index);
    const next = nextChainKey(crypto, chainKey);
    expect(toHex(next.key)).toBe(vector.nextChainKey);
    expect(next.index).toBe(vector.nextIndex);
    expect(deriveMessageKeys(crypto, messageKeySeed(crypto, next), next.index).counter).toBe(
      vector.nextIndex,
    );
  });

  it.each(rootKeyVectors.vectors)(
    'root key $rootKey: the v2 vector, and our v3 root step on the same inputs',
    (vector) => {
      const rootKey = fromHex(vector.rootKey);
      const dh = crypto.x25519(fromHex(vector.ourPrivate), raw(vector.theirPublic));
      expect(vector.hkdfVersion).toBe(2);
      const v2 = libsignalHkdf(crypto, 0, dh, rootKey, INFO_WHISPER_RATCHET, 64);
      expect(toHex(v2.subarray(0, 32))).toBe(vector.nextRootKey);
      expect(toHex(v2.subarray(32))).toBe(vector.nextChainKey);

      const ours = rootStep(crypto, rootKey, dh);
      const v3 = libsignalHkdf(crypto, 1, dh, rootKey, INFO_WHISPER_RATCHET, 64);
      expect(toHex(ours.rootKey)).toBe(toHex(v3.subarray(0, 32)));
      expect(toHex(ours.chainKey.key)).toBe(toHex(v3.subarray(32)));
      expect(ours.chainKey.index).toBe(0);
      expect(toHex(ours.rootKey)).not.toBe(vector.nextRootKey); // v3 is not v2
    },
  );

  const [bobVector, aliceVector] = x3dhVectors.vectors as [
    (typeof x3dhVectors.vectors)[0] & {
      senderChainKey: string;
      bobIdentityPrivate: string;
      bobSignedPreKeyPrivate: string;
    },
    (typeof x3dhVectors.vectors)[1] & {
      receiverChainKey: string;
      aliceIdentityPrivate: string;
      aliceBasePrivate: string;
    },
  ];

  it('X3DH as the responder (testRatchetingSessionAsBob): the sender chain key', () => {
    const v = bobVector;
    const identity = keyPair(crypto, v.bobIdentityPrivate);
    const signedPreKey = keyPair(crypto, v.bobSignedPreKeyPrivate);
    expect(toHex(identity.publicKey)).toBe(toHex(raw(v.bobIdentityPublic)));
    expect(toHex(signedPreKey.publicKey)).toBe(toHex(raw(v.bobSignedPreKeyPublic)));
    const theirIdentity = raw(v.aliceIdentityPublic);
    const theirBase = raw(v.aliceBasePublic);

    const x3dh = x3dhResponder(crypto, identity, signedPreKey, undefined, theirIdentity, theirBase);
    expect(toHex(x3dh.chainKey.key)).toBe(v.senderChainKey);

    const state = respondToSession(
      crypto,
      { identityKeyPair: identity, registrationId: 1 },
      {
        signedPreKey,
        oneTimePreKey: undefined,
        theirIdentityKey: theirIdentity,
        theirBaseKey: theirBase,
        theirRegistrationId: 2,
      },
    );
    expect(toHex(state.senderChain.chainKey.key)).toBe(v.senderChainKey);
    expect(state.senderChain.chainKey.index).toBe(0);
    expect(toHex(state.senderChain.ratchetKeyPair.publicKey)).toBe(toHex(signedPreKey.publicKey));
    expect(toHex(state.localIdentityKey)).toBe(toHex(raw(v.bobIdentityPublic)));
    expect(toHex(state.remoteIdentityKey)).toBe(toHex(theirIdentity));
    expect(toHex(state.aliceBaseKey)).toBe(toHex(theirBase));
  });

  it('X3DH as the initiator (testRatchetingSessionAsAlice): the receiver chain key', () => {
    const v = aliceVector;
    const identity = keyPair(crypto, v.aliceIdentityPrivate);
    expect(toHex(identity.publicKey)).toBe(toHex(raw(v.aliceIdentityPublic)));
    const base = { privateKey: fromHex(v.aliceBasePrivate), publicKey: raw(v.aliceBasePublic) };
    const x3dh = x3dhInitiator(
      crypto,
      identity,
      base,
      raw(v.bobIdentityPublic),
      raw(v.bobSignedPreKeyPublic),
      undefined,
    );
    expect(toHex(x3dh.chainKey.key)).toBe(v.receiverChainKey);
  });

  it("why the two published X3DH vectors differ: Alice's base private key is not the base public key's", () => {
    const basePublicOfPrivate = crypto.publicKeyFromPrivate(fromHex(aliceVector.aliceBasePrivate));
    expect(toHex(basePublicOfPrivate)).not.toBe(toHex(raw(aliceVector.aliceBasePublic)));
    // Bob, handed the base key that really belongs to Alice's private key, agrees with Alice's vector.
    const bob = x3dhResponder(
      crypto,
      keyPair(crypto, bobVector.bobIdentityPrivate),
      keyPair(crypto, bobVector.bobSignedPreKeyPrivate),
      undefined,
      raw(bobVector.aliceIdentityPublic),
      basePublicOfPrivate,
    );
    expect(toHex(bob.chainKey.key)).toBe(aliceVector.receiverChainKey);
  });

  const byName = new Map(suites.filter((s) => s.steps).map((s) => [s.name, s.steps!]));
  it.each(suites.map((suite) => [suite.name, suite] as const))('whole session: %s', (_title, suite) => {
    const steps = suite.steps ?? byName.get(suite.stepsOf!)!;
    expect(steps).toBeDefined();
    runSessionSuite(crypto, steps, suite.order ?? steps.map((_, i) => i));
  });
});
