/**
 * Sender Keys (PROTOCOL.md "Sender Keys"): round trips, out-of-order delivery within bounds, the
 * bounds themselves, every rejection code (each leaving the stored record byte-identical), lossless
 * record serialization, and re-keying after a member is removed.
 */
import { describe, expect, it } from 'vitest';
import { concatBytes, fromUtf8, toHex, utf8 } from '../../simulator/crypto/bytes.js';
import { nobleCryptoProvider } from '../../simulator/crypto/noble-provider.js';
import { createNodeCryptoProvider } from '../../simulator/crypto/node-provider.js';
import type { CryptoProvider } from '../../simulator/crypto/provider.js';
import { SeededRandom } from '../../simulator/crypto/seeded-random.js';
import {
  MAX_FORWARD_JUMP,
  MAX_SENDER_KEY_STATES,
  MAX_SKIPPED_MESSAGE_KEYS,
  VERSION_BYTE,
} from '../../simulator/protocol/constants.js';
import { ProtocolError, type ProtocolErrorCode } from '../../simulator/protocol/errors.js';
import {
  deriveSenderMessageKey,
  messageKeySeed,
  nextChainKey,
} from '../../simulator/protocol/sender-keys/chain-key.js';
import {
  InMemorySenderKeyStore,
  RecordSenderKeyStore,
  createSenderKeyDistributionMessage,
  decodeSenderKeyDistributionMessage,
  decodeSenderKeyMessage,
  deserializeSenderKeyRecord,
  groupDecrypt,
  groupEncrypt,
  processSenderKeyDistributionMessage,
  rotateSenderKey,
  serializeSenderKeyRecord,
  type SenderKeyName,
} from '../../simulator/protocol/sender-keys/index.js';
import { encodeSenderKeyMessageBody } from '../../simulator/protocol/sender-keys/wire.js';
import { WireTypes } from '../../simulator/protocol/wire-schema.js';

const GROUP = 'family-group';
const noble = nobleCryptoProvider;
const node = createNodeCryptoProvider();

function nameOf(sender: string, groupId = GROUP): SenderKeyName {
  return { groupId, sender: { name: sender, deviceId: 1 } };
}

/** One group member's device: its own store and random stream. */
class Member {
  readonly store = new InMemorySenderKeyStore();
  readonly random: SeededRandom;

  constructor(
    readonly id: string,
    root: SeededRandom,
    readonly crypto: CryptoProvider = noble,
  ) {
    this.random = root.fork(id);
  }

  get own(): SenderKeyName {
    return nameOf(this.id);
  }

  skdm(): Uint8Array {
    return createSenderKeyDistributionMessage(this.crypto, this.random, this.store, this.own);
  }

  rotate(): Uint8Array {
    return rotateSenderKey(this.crypto, this.random, this.store, this.own);
  }

  receiveSkdm(from: Member, skdm: Uint8Array): void {
    processSenderKeyDistributionMessage(this.store, from.own, skdm);
  }

  send(text: string): Uint8Array {
    return groupEncrypt(this.crypto, this.random, this.store, this.own, utf8(text));
  }

  read(from: Member, message: Uint8Array): string {
    return fromUtf8(groupDecrypt(this.crypto, this.store, from.own, message));
  }

  recordOf(from: Member): Uint8Array {
    const bytes = this.store.serialized(from.own);
    if (bytes === undefined) throw new Error(`${this.id} has no record for ${from.id}`);
    return bytes;
  }

  /** Moves our own sending chain `steps` iterations on without sending (cheap HMACs only). */
  fastForward(steps: number): void {
    const record = this.store.loadSenderKey(this.own)!;
    const [state, ...rest] = record.states;
    let chainKey = state!.chainKey;
    for (let i = 0; i < steps; i++) chainKey = nextChainKey(this.crypto, chainKey);
    this.store.storeSenderKey(this.own, { states: [{ ...state!, chainKey }, ...rest] });
  }

  /** Our own raw private signing key (for crafting validly signed malformed messages). */
  signingPrivateKey(): Uint8Array {
    return this.store.loadSenderKey(this.own)!.states[0]!.signingPrivateKey!;
  }
}

function codeOf(fn: () => unknown): ProtocolErrorCode | 'no error' {
  try {
    fn();
  } catch (error) {
    if (error instanceof ProtocolError) return error.code;
    throw error;
  }
  return 'no error';
}

/** Asserts `fn` is rejected with `code` and that `member`'s record for `from` did not change at all. */
function expectRejectedAtomically(
  member: Member,
  from: Member,
  code: ProtocolErrorCode,
  fn: () => unknown,
): void {
  const before = member.store.serialized(from.own);
  expect(codeOf(fn)).toBe(code);
  const after = member.store.serialized(from.own);
  expect(after === undefined ? undefined : toHex(after)).toBe(
    before === undefined ? undefined : toHex(before),
  );
}

/** A copy of `member` whose store holds the same bytes (a snapshot to send "old" iterations from). */
function snapshot(member: Member, root: SeededRandom): Member {
  const copy = new Member(member.id, root, member.crypto);
  copy.store.storeSenderKey(member.own, deserializeSenderKeyRecord(member.recordOf(member)));
  return copy;
}

/** Re-signs `body` (0x33 ‖ proto, or anything else) with `sender`'s signing key: a message only the version or proto is wrong in. */
function signedBy(sender: Member, body: Uint8Array): Uint8Array {
  const signature = sender.crypto.xeddsaSign(sender.signingPrivateKey(), body, sender.random.bytes(64));
  return concatBytes(body, signature);
}

function setup(seed: string, crypto: CryptoProvider = noble): { alice: Member; bob: Member; carol: Member } {
  const root = new SeededRandom(seed);
  const alice = new Member('alice', root, crypto);
  const bob = new Member('bob', root, crypto);
  const carol = new Member('carol', root, crypto);
  const skdm = alice.skdm();
  bob.receiveSkdm(alice, skdm);
  carol.receiveSkdm(alice, skdm);
  return { alice, bob, carol };
}

describe('round trips', () => {
  it.each([
    ['noble → noble', noble, noble],
    ['noble → node', noble, node],
    ['node → noble', node, noble],
  ])('every member reads every message (%s)', (_label, senderCrypto, readerCrypto) => {
    const root = new SeededRandom('round-trip');
    const alice = new Member('alice', root, senderCrypto);
    const bob = new Member('bob', root, readerCrypto);
    const carol = new Member('carol', root, readerCrypto);
    const skdm = alice.skdm();
    bob.receiveSkdm(alice, skdm);
    carol.receiveSkdm(alice, skdm);
    for (let i = 0; i < 12; i++) {
      const text = `message ${i} ${'x'.repeat(i * 7)}`;
      const message = alice.send(text);
      expect(bob.read(alice, message)).toBe(text);
      expect(carol.read(alice, message)).toBe(text);
    }
  });

  it('puts version, key id, iteration and a 64-byte signature on the wire', () => {
    const { alice } = setup('wire');
    const distribution = decodeSenderKeyDistributionMessage(alice.skdm());
    expect(distribution.keyId).toBeLessThanOrEqual(0x7fffffff);
    expect(distribution.iteration).toBe(0);
    expect(distribution.chainKey).toHaveLength(32);
    expect(distribution.signingKey).toHaveLength(33);
    expect(distribution.signingKey[0]).toBe(0x05);

    for (let i = 0; i < 3; i++) {
      const bytes = alice.send('hello');
      expect(bytes[0]).toBe(VERSION_BYTE);
      const message = decodeSenderKeyMessage(bytes);
      expect(message.keyId).toBe(distribution.keyId);
      expect(message.iteration).toBe(i);
      expect(message.ciphertext).toHaveLength(16); // "hello" padded to one AES block
      expect(message.signature).toHaveLength(64);
      expect(toHex(concatBytes(message.signedPart, message.signature))).toBe(toHex(bytes));
      const proto = WireTypes.SenderKeyMessage.decode(bytes.subarray(1, bytes.length - 64));
      expect(proto.toJSON()).toMatchObject({ id: distribution.keyId, iteration: i });
    }
  });

  it('describes the same key again at its current iteration, so a late joiner reads only what follows', () => {
    const { alice, bob } = setup('late-joiner');
    const root = new SeededRandom('late-joiner-dave');
    const dave = new Member('dave', root);
    const early = [alice.send('m0'), alice.send('m1'), alice.send('m2')];
    const later = alice.skdm();
    const first = decodeSenderKeyDistributionMessage(later);
    expect(first.iteration).toBe(3);
    dave.receiveSkdm(alice, later);
    expect(codeOf(() => dave.read(alice, early[1]!))).toBe('duplicate-message');
    const m3 = alice.send('m3');
    expect(dave.read(alice, m3)).toBe('m3');
    expect(bob.read(alice, early[0]!)).toBe('m0');
  });

  it('decrypts out of order within the bounds, and every replay is refused', () => {
    const { alice, bob } = setup('out-of-order');
    const sent = Array.from({ length: 40 }, (_, i) => ({ text: `m${i}`, bytes: alice.send(`m${i}`) }));
    const order = new SeededRandom('shuffle').shuffle(sent);
    for (const { text, bytes } of order) expect(bob.read(alice, bytes)).toBe(text);
    expect(deserializeSenderKeyRecord(bob.recordOf(alice)).states[0]!.skippedMessageKeys).toHaveLength(0);
    for (const { bytes } of order.slice(0, 5)) {
      expectRejectedAtomically(bob, alice, 'duplicate-message', () => bob.read(alice, bytes));
    }
  });
});

describe('bounds', () => {
  it(`accepts a jump of exactly MAX_FORWARD_JUMP (${MAX_FORWARD_JUMP}) and refuses one more`, () => {
    const root = new SeededRandom('jump');
    const { alice, bob, carol } = setup('jump');
    const start = snapshot(alice, root);
    alice.fastForward(MAX_FORWARD_JUMP);
    const atLimit = alice.send('at the limit');
    expect(decodeSenderKeyMessage(atLimit).iteration).toBe(MAX_FORWARD_JUMP);
    expect(bob.read(alice, atLimit)).toBe('at the limit');
    expect(deserializeSenderKeyRecord(bob.recordOf(alice)).states[0]!.skippedMessageKeys).toHaveLength(
      MAX_FORWARD_JUMP,
    );
    const beyond = alice.send('one too far');
    expect(decodeSenderKeyMessage(beyond).iteration).toBe(MAX_FORWARD_JUMP + 1);
    expectRejectedAtomically(carol, alice, 'too-far-in-future', () => carol.read(alice, beyond));
    // Carol still reads from the start, and Bob the skipped early messages.
    const m0 = start.send('first');
    expect(carol.read(alice, m0)).toBe('first');
    expect(bob.read(alice, m0)).toBe('first');
  });

  it(`keeps at most MAX_SKIPPED_MESSAGE_KEYS (${MAX_SKIPPED_MESSAGE_KEYS}) skipped keys, evicting the oldest`, () => {
    const root = new SeededRandom('eviction');
    const { alice, bob } = setup('eviction');
    const at = (iteration: number, text: string): Uint8Array => {
      const copy = snapshot(alice, root);
      copy.fastForward(iteration);
      return copy.send(text);
    };
    // Two jumps skip 1500 + 1499 = 2999 iterations; the 999 oldest (0..998) are evicted.
    expect(bob.read(alice, at(1500, 'a'))).toBe('a');
    expect(bob.read(alice, at(3000, 'b'))).toBe('b');
    const state = deserializeSenderKeyRecord(bob.recordOf(alice)).states[0]!;
    expect(state.skippedMessageKeys).toHaveLength(MAX_SKIPPED_MESSAGE_KEYS);
    expect(state.skippedMessageKeys[0]!.iteration).toBe(999);
    expect(state.chainKey.iteration).toBe(3001);
    const evicted = at(998, 'evicted');
    expectRejectedAtomically(bob, alice, 'duplicate-message', () => bob.read(alice, evicted));
    expect(bob.read(alice, at(999, 'kept'))).toBe('kept');
    expect(bob.read(alice, at(2999, 'kept too'))).toBe('kept too');
  });

  it(`keeps at most MAX_SENDER_KEY_STATES (${MAX_SENDER_KEY_STATES}) states per sender, newest first`, () => {
    const { alice, bob } = setup('states');
    const messages = [alice.send('under key 0')];
    for (let i = 1; i <= MAX_SENDER_KEY_STATES; i++) {
      bob.receiveSkdm(alice, alice.rotate());
      messages.push(alice.send(`under key ${i}`));
    }
    const record = deserializeSenderKeyRecord(bob.recordOf(alice));
    expect(record.states).toHaveLength(MAX_SENDER_KEY_STATES);
    expect(record.states[0]!.keyId).toBe(decodeSenderKeyMessage(messages.at(-1)!).keyId);
    expectRejectedAtomically(bob, alice, 'no-sender-key', () => bob.read(alice, messages[0]!));
    for (let i = 1; i < messages.length; i++) expect(bob.read(alice, messages[i]!)).toBe(`under key ${i}`);
  });

  it('ignores a re-sent distribution message for a key it already has (no rewind, no replay)', () => {
    const { alice, bob } = setup('resend');
    const skdmAtZero = alice.skdm();
    const m0 = alice.send('m0');
    expect(bob.read(alice, m0)).toBe('m0');
    const before = toHex(bob.recordOf(alice));
    bob.receiveSkdm(alice, skdmAtZero); // a retry, or an attacker re-sending the iteration-0 SKDM
    expect(toHex(bob.recordOf(alice))).toBe(before);
    expectRejectedAtomically(bob, alice, 'duplicate-message', () => bob.read(alice, m0));
  });
});

describe('rejections (each leaves the record byte-identical)', () => {
  it('no-sender-key: no record at all, an unknown key id, or no sending state', () => {
    const root = new SeededRandom('no-key');
    const { alice } = setup('no-key');
    const stranger = new Member('stranger', root);
    const message = alice.send('hi');
    expectRejectedAtomically(stranger, alice, 'no-sender-key', () => stranger.read(alice, message));
    stranger.receiveSkdm(alice, new Member('alice', new SeededRandom('other alice')).skdm());
    expectRejectedAtomically(stranger, alice, 'no-sender-key', () => stranger.read(alice, message));
    // Encrypting needs our own state with its private key.
    expect(codeOf(() => stranger.send('hi'))).toBe('no-sender-key');
    expectRejectedAtomically(stranger, alice, 'no-sender-key', () =>
      groupEncrypt(noble, stranger.random, stranger.store, alice.own, utf8('impersonate')),
    );
  });

  it('bad-signature: any flipped bit in ciphertext or signature, a changed iteration, checked before the iteration', () => {
    const { alice, bob } = setup('bad-signature');
    const message = alice.send('authentic');
    const parsed = decodeSenderKeyMessage(message);
    const ciphertextStart = parsed.signedPart.length - parsed.ciphertext.length;
    for (let position = ciphertextStart; position < message.length; position++) {
      const bit = position % 2 === 0 ? 0x01 : 0x80;
      const forged = message.slice();
      forged[position]! ^= bit;
      expectRejectedAtomically(bob, alice, 'bad-signature', () => bob.read(alice, forged));
    }
    const otherIteration = concatBytes(
      encodeSenderKeyMessageBody(parsed.keyId, 1, parsed.ciphertext),
      parsed.signature,
    );
    expectRejectedAtomically(bob, alice, 'bad-signature', () => bob.read(alice, otherIteration));
    // A changed key id names no state: that is found before the signature can be checked.
    const otherKeyId = concatBytes(
      encodeSenderKeyMessageBody(parsed.keyId ^ 1, 0, parsed.ciphertext),
      parsed.signature,
    );
    expectRejectedAtomically(bob, alice, 'no-sender-key', () => bob.read(alice, otherKeyId));
    expect(bob.read(alice, message)).toBe('authentic');
    // A replayed or far-future message with a bad signature reports the signature.
    const replay = message.slice();
    replay[replay.length - 1]! ^= 0x01;
    expectRejectedAtomically(bob, alice, 'bad-signature', () => bob.read(alice, replay));
    alice.fastForward(MAX_FORWARD_JUMP + 10);
    const far = alice.send('far');
    far[far.length - 10]! ^= 0x04;
    expectRejectedAtomically(bob, alice, 'bad-signature', () => bob.read(alice, far));
  });

  it('bad-signature: a message signed by another key under the same key id', () => {
    const { alice, bob } = setup('impostor');
    const mallory = new Member('mallory', new SeededRandom('mallory'));
    mallory.skdm();
    const keyId = decodeSenderKeyMessage(alice.send('x')).keyId;
    const body = encodeSenderKeyMessageBody(keyId, 0, new Uint8Array(16));
    expectRejectedAtomically(bob, alice, 'bad-signature', () => bob.read(alice, signedBy(mallory, body)));
  });

  it('duplicate-message: the same message twice', () => {
    const { alice, bob } = setup('duplicate');
    const message = alice.send('once');
    expect(bob.read(alice, message)).toBe('once');
    expectRejectedAtomically(bob, alice, 'duplicate-message', () => bob.read(alice, message));
  });

  it('too-far-in-future: a validly signed message beyond the jump bound', () => {
    const { alice, bob } = setup('future');
    alice.fastForward(MAX_FORWARD_JUMP + 1);
    const message = alice.send('future');
    expectRejectedAtomically(bob, alice, 'too-far-in-future', () => bob.read(alice, message));
  });

  it('invalid-version: version nibbles other than 3, even when validly signed', () => {
    const { alice, bob } = setup('version');
    const body = alice.send('v').slice(0, -64);
    for (const versionByte of [0x23, 0x22, 0x43, 0x34, 0x00, 0xff]) {
      const changed = body.slice();
      changed[0] = versionByte;
      expectRejectedAtomically(bob, alice, 'invalid-version', () =>
        bob.read(alice, signedBy(alice, changed)),
      );
    }
  });

  it('invalid-message: truncated, not protobuf, missing fields, or a ciphertext that does not decrypt', () => {
    const { alice, bob } = setup('invalid');
    const message = alice.send('valid');
    const keyId = decodeSenderKeyMessage(message).keyId;
    const version = new Uint8Array([VERSION_BYTE]);
    const cases: Uint8Array[] = [
      new Uint8Array(0),
      message.slice(0, 65), // version byte and signature only
      signedBy(alice, concatBytes(version, new Uint8Array([0x1a, 0x40, 0x01]))), // length past the end
      signedBy(
        alice,
        concatBytes(version, WireTypes.SenderKeyMessage.encode({ id: keyId, iteration: 1 }).finish()),
      ),
      signedBy(
        alice,
        concatBytes(
          version,
          WireTypes.SenderKeyMessage.encode({ id: keyId, ciphertext: new Uint8Array(16) }).finish(),
        ),
      ),
      signedBy(alice, encodeSenderKeyMessageBody(keyId, 1, new Uint8Array(15))), // not whole AES blocks
      signedBy(alice, encodeSenderKeyMessageBody(keyId, 1, new Uint8Array(0))),
    ];
    for (const bad of cases)
      expectRejectedAtomically(bob, alice, 'invalid-message', () => bob.read(alice, bad));
    expect(bob.read(alice, message)).toBe('valid');
  });

  it('a signed message that fails to decrypt after a forward jump commits nothing', () => {
    const root = new SeededRandom('atomic-jump');
    const { alice, bob } = setup('atomic-jump');
    const start = snapshot(alice, root);
    alice.fastForward(500);
    const keyId = decodeSenderKeyMessage(alice.send('probe')).keyId;
    // Iteration 400 (a jump of 400 for Bob) is signed correctly, but 15 bytes of ciphertext cannot decrypt.
    const garbage = signedBy(alice, encodeSenderKeyMessageBody(keyId, 400, new Uint8Array(15)));
    expectRejectedAtomically(bob, alice, 'invalid-message', () => bob.read(alice, garbage));
    expect(deserializeSenderKeyRecord(bob.recordOf(alice)).states[0]!.chainKey.iteration).toBe(0);
    expect(bob.read(alice, start.send('zero'))).toBe('zero');
  });

  it('a malformed distribution message changes nothing', () => {
    const { alice, bob } = setup('bad-skdm');
    const fresh = new Member('alice', new SeededRandom('alice 2')).skdm();
    const mutate = (edit: (bytes: Uint8Array) => Uint8Array): Uint8Array => edit(fresh.slice());
    const proto = WireTypes.SenderKeyDistributionMessage;
    const decoded = decodeSenderKeyDistributionMessage(fresh);
    const encode = (fields: Record<string, unknown>): Uint8Array =>
      concatBytes(new Uint8Array([VERSION_BYTE]), proto.encode(proto.create(fields)).finish());
    const full = {
      id: decoded.keyId,
      iteration: 0,
      chainKey: decoded.chainKey,
      signingKey: decoded.signingKey,
    };
    const cases: [ProtocolErrorCode, Uint8Array][] = [
      ['invalid-version', mutate((b) => ((b[0] = 0x23), b))],
      ['invalid-message', new Uint8Array(0)],
      ['invalid-message', fresh.slice(0, 20)],
      ['invalid-message', encode({ ...full, chainKey: decoded.chainKey.slice(1) })],
      ['invalid-message', encode({ id: full.id, iteration: 0, chainKey: full.chainKey })],
      ['invalid-message', encode({ iteration: 0, chainKey: full.chainKey, signingKey: full.signingKey })],
      [
        'invalid-key',
        encode({ ...full, signingKey: concatBytes(new Uint8Array([0x06]), decoded.signingKey.slice(1)) }),
      ],
      ['invalid-key', encode({ ...full, signingKey: decoded.signingKey.slice(1) })],
    ];
    for (const [code, skdm] of cases) {
      expectRejectedAtomically(bob, alice, code, () => bob.receiveSkdm(alice, skdm));
    }
    bob.receiveSkdm(alice, encode(full));
    expect(deserializeSenderKeyRecord(bob.recordOf(alice)).states).toHaveLength(2);
  });
});

describe('record serialization', () => {
  it('round-trips records losslessly, skipped keys and private keys included', () => {
    const { alice, bob } = setup('codec');
    const messages = Array.from({ length: 8 }, (_, i) => alice.send(`m${i}`));
    bob.read(alice, messages[7]!); // leaves 7 skipped keys
    bob.read(alice, messages[2]!);
    bob.receiveSkdm(alice, alice.rotate()); // and a second state
    for (const bytes of [bob.recordOf(alice), alice.recordOf(alice)]) {
      const record = deserializeSenderKeyRecord(bytes);
      expect(toHex(serializeSenderKeyRecord(record))).toBe(toHex(bytes));
    }
    const bobs = deserializeSenderKeyRecord(bob.recordOf(alice));
    expect(bobs.states).toHaveLength(2);
    expect(bobs.states[1]!.skippedMessageKeys.map((k) => k.iteration)).toEqual([0, 1, 3, 4, 5, 6]);
    expect(bobs.states[1]!.signingPrivateKey).toBeUndefined();
    expect(deserializeSenderKeyRecord(alice.recordOf(alice)).states[0]!.signingPrivateKey).toHaveLength(32);
  });

  it('continues byte-identically after a round trip through storage', () => {
    const { alice, bob } = setup('continue');
    for (let i = 0; i < 3; i++) bob.read(alice, alice.send(`warm-up ${i}`));
    const aliceBytes = alice.recordOf(alice);
    const bobBytes = bob.recordOf(alice);

    // Two copies of each side: one keeps its store, one starts from the deserialized bytes.
    const streamA = new SeededRandom('signatures');
    const streamB = new SeededRandom('signatures');
    const aliceCopy = new InMemorySenderKeyStore();
    aliceCopy.storeSenderKey(alice.own, deserializeSenderKeyRecord(aliceBytes));
    const bobCopy = new InMemorySenderKeyStore();
    bobCopy.storeSenderKey(alice.own, deserializeSenderKeyRecord(bobBytes));
    for (let i = 0; i < 5; i++) {
      const a = groupEncrypt(noble, streamA, alice.store, alice.own, utf8(`after ${i}`));
      const b = groupEncrypt(noble, streamB, aliceCopy, alice.own, utf8(`after ${i}`));
      expect(toHex(b)).toBe(toHex(a));
      expect(fromUtf8(groupDecrypt(noble, bob.store, alice.own, a))).toBe(`after ${i}`);
      expect(fromUtf8(groupDecrypt(noble, bobCopy, alice.own, b))).toBe(`after ${i}`);
      expect(toHex(aliceCopy.serialized(alice.own)!)).toBe(toHex(alice.recordOf(alice)));
      expect(toHex(bobCopy.serialized(alice.own)!)).toBe(toHex(bob.recordOf(alice)));
    }
  });

  it('refuses a corrupt record', () => {
    const { alice } = setup('corrupt');
    const bytes = alice.recordOf(alice);
    expect(codeOf(() => deserializeSenderKeyRecord(bytes.slice(0, bytes.length - 3)))).toBe(
      'invalid-message',
    );
    expect(codeOf(() => deserializeSenderKeyRecord(new Uint8Array([0x0a, 0x02, 0x08, 0x01])))).toBe(
      'invalid-message',
    );
  });
});

describe('member removal', () => {
  it('after a re-key the removed member reads nothing new, while old messages still decrypt for everyone who had them', () => {
    const root = new SeededRandom('removal');
    const members = ['alice', 'bob', 'carol', 'dave'].map((id) => new Member(id, root));
    const [alice, bob, carol, dave] = members as [Member, Member, Member, Member];
    for (const sender of members) {
      const skdm = sender.skdm();
      for (const reader of members) if (reader !== sender) reader.receiveSkdm(sender, skdm);
    }
    const before = alice.send('before Dave left');
    for (const reader of [bob, carol, dave]) expect(reader.read(alice, before)).toBe('before Dave left');
    const beforeLate = bob.send('also before, delivered late');

    // Dave is removed: every remaining member makes a fresh sender key and sends it to the others only.
    const remaining = [alice, bob, carol];
    for (const sender of remaining) {
      const skdm = sender.rotate();
      for (const reader of remaining) if (reader !== sender) reader.receiveSkdm(sender, skdm);
    }
    for (const sender of remaining) {
      const after = sender.send(`${sender.id} after Dave left`);
      for (const reader of remaining) {
        if (reader !== sender) expect(reader.read(sender, after)).toBe(`${sender.id} after Dave left`);
      }
      expectRejectedAtomically(dave, sender, 'no-sender-key', () => dave.read(sender, after));
      // Dave's old chain key gives him nothing either: the new chain is unrelated to the old one.
      const message = decodeSenderKeyMessage(after);
      const old = deserializeSenderKeyRecord(dave.recordOf(sender)).states[0]!;
      expect(old.keyId).not.toBe(message.keyId);
      let chain = old.chainKey;
      while (chain.iteration < message.iteration) chain = nextChainKey(noble, chain);
      const key = deriveSenderMessageKey(noble, messageKeySeed(noble, chain));
      let guess: string | undefined;
      try {
        guess = fromUtf8(noble.aes256CbcDecrypt(key.cipherKey, key.iv, message.ciphertext));
      } catch {
        guess = undefined;
      }
      expect(guess).not.toBe(`${sender.id} after Dave left`);
    }

    // Old messages still decrypt under the kept old states, for those who had the old key.
    expect(carol.read(bob, beforeLate)).toBe('also before, delivered late');
    expect(dave.read(bob, beforeLate)).toBe('also before, delivered late');
    expect(alice.read(bob, beforeLate)).toBe('also before, delivered late');
  });
});

describe('RecordSenderKeyStore (records kept as values, what simulated devices use)', () => {
  it('decrypts like the serializing store and keeps a rejected message from changing the record', () => {
    const root = new SeededRandom('record-store');
    const alice = new Member('alice', root, node);
    const bob = new RecordSenderKeyStore();
    processSenderKeyDistributionMessage(bob, alice.own, alice.skdm());
    const sent = Array.from({ length: 30 }, (_, i) => ({ text: `m${i}`, bytes: alice.send(`m${i}`) }));
    const order = new SeededRandom('record-store-order').shuffle(sent);
    for (const { text, bytes } of order.slice(0, 20)) {
      expect(fromUtf8(groupDecrypt(node, bob, alice.own, bytes))).toBe(text);
    }
    const before = toHex(serializeSenderKeyRecord(bob.loadSenderKey(alice.own)!));
    const forged = order[25]!.bytes.slice();
    forged[forged.length - 5]! ^= 1; // inside the signature
    expect(codeOf(() => groupDecrypt(node, bob, alice.own, forged))).toBe('bad-signature');
    expect(codeOf(() => groupDecrypt(node, bob, alice.own, order[0]!.bytes))).toBe('duplicate-message');
    expect(toHex(serializeSenderKeyRecord(bob.loadSenderKey(alice.own)!))).toBe(before);
    for (const { text, bytes } of order.slice(20)) {
      expect(fromUtf8(groupDecrypt(node, bob, alice.own, bytes))).toBe(text);
    }
  });
});
