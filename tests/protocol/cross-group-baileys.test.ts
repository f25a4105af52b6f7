/**
 * Cross-implementation Sender Keys: our group cipher against WhatsApp Web's as shipped in
 * `@whiskeysockets/baileys@6.17.16` (`WASignalGroup/`, running on `libsignal@6.0.0`'s crypto and
 * curve25519-js signatures). Both directions, many messages, out of order, and byte-level checks
 * where the formats must agree: SKDM bytes, the signed part of each SenderKeyMessage, per-iteration
 * message keys, and even the stored record layout.
 *
 * Baileys' group files are CommonJS; they are loaded with createRequire from `WASignalGroup/` itself,
 * not through the package main (which would pull in the whole WhatsApp client).
 */
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { fromUtf8, toHex, utf8 } from '../../simulator/crypto/bytes.js';
import { nobleCryptoProvider } from '../../simulator/crypto/noble-provider.js';
import type { CryptoProvider } from '../../simulator/crypto/provider.js';
import { SeededRandom } from '../../simulator/crypto/seeded-random.js';
import { ProtocolError } from '../../simulator/protocol/errors.js';
import { deserializePublicKey } from '../../simulator/protocol/keys.js';
import {
  deriveSenderMessageKey,
  messageKeySeed,
  nextChainKey,
  type SenderChainKey,
} from '../../simulator/protocol/sender-keys/chain-key.js';
import {
  InMemorySenderKeyStore,
  createSenderKeyDistributionMessage,
  decodeSenderKeyDistributionMessage,
  decodeSenderKeyMessage,
  deserializeSenderKeyRecord,
  groupDecrypt,
  groupEncrypt,
  processSenderKeyDistributionMessage,
  rotateSenderKey,
  type SenderKeyName,
} from '../../simulator/protocol/sender-keys/index.js';

const require = createRequire(import.meta.url);
const WA_GROUP = '@whiskeysockets/baileys/WASignalGroup/';

// ---- Minimal types for the parts of Baileys' CommonJS group cipher this test touches. ----
interface BaileysSenderKeyName {
  toString(): string;
}
interface BaileysSenderKeyRecord {
  isEmpty(): boolean;
  serialize(): unknown[];
  setSenderKeyState(
    id: number,
    iteration: number,
    chainKey: Buffer,
    keyPair: { public: Buffer; private: Buffer },
  ): void;
}
interface BaileysStore {
  loadSenderKey(name: BaileysSenderKeyName): Promise<BaileysSenderKeyRecord>;
  storeSenderKey(name: BaileysSenderKeyName, record: BaileysSenderKeyRecord): Promise<void>;
}
interface BaileysGroupModule {
  GroupCipher: new (
    store: BaileysStore,
    name: BaileysSenderKeyName,
  ) => {
    encrypt(plaintext: Buffer): Promise<Buffer>;
    decrypt(message: Buffer): Promise<Buffer>;
  };
  GroupSessionBuilder: new (store: BaileysStore) => {
    process(name: BaileysSenderKeyName, skdm: unknown): Promise<void>;
    create(name: BaileysSenderKeyName): Promise<{ serialize(): Buffer }>;
  };
  SenderKeyDistributionMessage: new (
    id: number | null,
    iteration: number | null,
    chainKey: Buffer | null,
    signingKey: Buffer | null,
    serialized?: Buffer,
  ) => {
    serialize(): Buffer;
    getId(): number;
    getIteration(): number;
    getChainKey(): Buffer;
    getSignatureKey(): Buffer;
  };
  SenderKeyRecord: new (serialized?: unknown[]) => BaileysSenderKeyRecord;
  SenderKeyName: new (
    groupId: string,
    sender: { id: string; deviceId: number; toString(): string },
  ) => BaileysSenderKeyName;
}
interface ProtoType {
  encode(message: unknown): { finish(): Uint8Array };
  decode(bytes: Uint8Array): { senderKeyStates?: unknown[] };
}

const wa = require(`${WA_GROUP}index.js`) as BaileysGroupModule;
const waProto = (require(`${WA_GROUP}GroupProtocol.js`) as { groupproto: Record<string, ProtoType> })
  .groupproto;
const WaSenderKeyMessage = require(`${WA_GROUP}sender_key_message.js`) as new (
  keyId: null,
  iteration: null,
  ciphertext: null,
  signatureKey: null,
  serialized: Buffer,
) => {
  getKeyId(): number;
  getIteration(): number;
  getCipherText(): Buffer;
  verifySignature(key: Buffer): void;
};
const WaSenderChainKey = require(`${WA_GROUP}sender_chain_key.js`) as new (
  iteration: number,
  chainKey: Buffer,
) => { getSenderMessageKey(): { getIv(): Buffer; getCipherKey(): Buffer }; getNext(): unknown };

/** Baileys' store, persisting each record as SenderKeyRecordStructure bytes (as WhatsApp Web does). */
class WaStore implements BaileysStore {
  readonly records = new Map<string, Uint8Array>();

  async loadSenderKey(name: BaileysSenderKeyName): Promise<BaileysSenderKeyRecord> {
    const bytes = this.records.get(name.toString());
    if (bytes === undefined) return new wa.SenderKeyRecord();
    // Decoding from a Buffer makes protobufjs hand back Buffers, which libsignal's crypto insists on.
    return new wa.SenderKeyRecord(
      waProto.SenderKeyRecordStructure!.decode(Buffer.from(bytes)).senderKeyStates ?? [],
    );
  }

  async storeSenderKey(name: BaileysSenderKeyName, record: BaileysSenderKeyRecord): Promise<void> {
    const proto = waProto.SenderKeyRecordStructure!;
    this.records.set(
      name.toString(),
      Uint8Array.from(proto.encode({ senderKeyStates: record.serialize() }).finish()),
    );
  }
}

const crypto: CryptoProvider = nobleCryptoProvider;
const GROUP = '120363000000000000@g.us';
const ours = (sender: string): SenderKeyName => ({ groupId: GROUP, sender: { name: sender, deviceId: 0 } });
const theirs = (sender: string): BaileysSenderKeyName =>
  new wa.SenderKeyName(GROUP, { id: sender, deviceId: 0, toString: () => `${sender}.0` });

function shuffled<T>(items: readonly T[], seed: string): T[] {
  return new SeededRandom(seed).shuffle(items);
}

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    if (error instanceof ProtocolError) return error.code;
    throw error;
  }
  return 'no error';
}

describe('our sender → Baileys members', () => {
  it('Baileys processes our SKDM and decrypts 60 of our messages delivered out of order', async () => {
    const random = new SeededRandom('ours-to-baileys');
    const aliceStore = new InMemorySenderKeyStore();
    const skdm = createSenderKeyDistributionMessage(crypto, random, aliceStore, ours('alice'));

    const bobStore = new WaStore();
    await new wa.GroupSessionBuilder(bobStore).process(
      theirs('alice'),
      new wa.SenderKeyDistributionMessage(null, null, null, null, Buffer.from(skdm)),
    );
    const sent = Array.from({ length: 60 }, (_, i) => {
      const text = `from Sightline #${i} ${'·'.repeat(i % 17)}`;
      return { text, bytes: groupEncrypt(crypto, random, aliceStore, ours('alice'), utf8(text)) };
    });
    const bob = new wa.GroupCipher(bobStore, theirs('alice'));
    for (const { text, bytes } of shuffled(sent, 'delivery order')) {
      expect(fromUtf8(await bob.decrypt(Buffer.from(bytes)))).toBe(text);
    }
    // Their cipher refuses a replay too (with its own message).
    await expect(bob.decrypt(Buffer.from(sent[5]!.bytes))).rejects.toThrow(/old counter/);
  });

  it('agrees byte for byte on the SKDM, each message’s signed part and the message keys', async () => {
    const random = new SeededRandom('bytes');
    const store = new InMemorySenderKeyStore();
    const skdm = createSenderKeyDistributionMessage(crypto, random, store, ours('alice'));
    const ourState = store.loadSenderKey(ours('alice'))!.states[0]!;

    // SKDM: Baileys parses our fields and, re-encoding them, produces exactly our bytes.
    const parsed = new wa.SenderKeyDistributionMessage(null, null, null, null, Buffer.from(skdm));
    expect(parsed.getId()).toBe(ourState.keyId);
    expect(parsed.getIteration()).toBe(0);
    expect(toHex(parsed.getChainKey())).toBe(toHex(ourState.chainKey.key));
    expect(toHex(parsed.getSignatureKey())).toBe(toHex(ourState.signingPublicKey));
    const reencoded = new wa.SenderKeyDistributionMessage(
      parsed.getId(),
      parsed.getIteration(),
      parsed.getChainKey(),
      parsed.getSignatureKey(),
    ).serialize();
    expect(toHex(reencoded)).toBe(toHex(skdm));

    // Message keys: their SenderChainKey/SenderMessageKey derive the same IV and cipher key per iteration.
    let ourChain: SenderChainKey = ourState.chainKey;
    let theirChain = new WaSenderChainKey(0, Buffer.from(ourState.chainKey.key));
    for (let i = 0; i < 25; i++) {
      const ourKey = deriveSenderMessageKey(crypto, messageKeySeed(crypto, ourChain));
      const theirKey = theirChain.getSenderMessageKey();
      expect(toHex(theirKey.getIv())).toBe(toHex(ourKey.iv));
      expect(toHex(theirKey.getCipherKey())).toBe(toHex(ourKey.cipherKey));
      ourChain = nextChainKey(crypto, ourChain);
      theirChain = theirChain.getNext() as typeof theirChain;
    }

    // A Baileys sender holding exactly our state encrypts to exactly our signed part; only the
    // signatures differ (ours is randomized XEdDSA, curve25519-js signs deterministically), and each
    // side verifies the other's.
    const waStore = new WaStore();
    const waRecord = new wa.SenderKeyRecord();
    waRecord.setSenderKeyState(ourState.keyId, 0, Buffer.from(ourState.chainKey.key), {
      public: Buffer.from(ourState.signingPublicKey),
      private: Buffer.from(ourState.signingPrivateKey!),
    });
    await waStore.storeSenderKey(theirs('alice'), waRecord);
    const plaintext = utf8('the same words, the same key');
    const mine = groupEncrypt(crypto, random, store, ours('alice'), plaintext);
    const theirsBytes = new Uint8Array(
      await new wa.GroupCipher(waStore, theirs('alice')).encrypt(Buffer.from(plaintext)),
    );
    const a = decodeSenderKeyMessage(mine);
    const b = decodeSenderKeyMessage(theirsBytes);
    expect(toHex(b.signedPart)).toBe(toHex(a.signedPart));
    expect(toHex(b.signature)).not.toBe(toHex(a.signature));
    const signingKey = deserializePublicKey(ourState.signingPublicKey);
    expect(crypto.xeddsaVerify(signingKey, b.signedPart, b.signature)).toBe(true);
    const waParsed = new WaSenderKeyMessage(null, null, null, null, Buffer.from(mine));
    expect(() => waParsed.verifySignature(Buffer.from(ourState.signingPublicKey))).not.toThrow();
    expect(waParsed.getKeyId()).toBe(a.keyId);
    expect(waParsed.getIteration()).toBe(0);
    expect(toHex(waParsed.getCipherText())).toBe(toHex(a.ciphertext));
  });

  it('stores the same receiver record bytes as Baileys after the same messages', async () => {
    const random = new SeededRandom('records');
    const aliceStore = new InMemorySenderKeyStore();
    const skdm = createSenderKeyDistributionMessage(crypto, random, aliceStore, ours('alice'));
    const messages = Array.from({ length: 12 }, (_, i) =>
      groupEncrypt(crypto, random, aliceStore, ours('alice'), utf8(`r${i}`)),
    );
    const order = [3, 0, 7, 1, 11, 2, 5]; // leaves skipped keys 4, 6, 8, 9, 10

    const ourStore = new InMemorySenderKeyStore();
    processSenderKeyDistributionMessage(ourStore, ours('alice'), skdm);
    const waStore = new WaStore();
    await new wa.GroupSessionBuilder(waStore).process(
      theirs('alice'),
      new wa.SenderKeyDistributionMessage(null, null, null, null, Buffer.from(skdm)),
    );
    const waBob = new wa.GroupCipher(waStore, theirs('alice'));
    for (const i of order) {
      expect(fromUtf8(groupDecrypt(crypto, ourStore, ours('alice'), messages[i]!))).toBe(`r${i}`);
      expect(fromUtf8(await waBob.decrypt(Buffer.from(messages[i]!)))).toBe(`r${i}`);
      expect(toHex(waStore.records.get(theirs('alice').toString())!)).toBe(
        toHex(ourStore.serialized(ours('alice'))!),
      );
    }
    // Our codec reads their record, and continuing from it decrypts the rest.
    const fromTheirs = new InMemorySenderKeyStore();
    fromTheirs.storeSenderKey(
      ours('alice'),
      deserializeSenderKeyRecord(waStore.records.get(theirs('alice').toString())!),
    );
    for (const i of [10, 4, 9, 6, 8]) {
      expect(fromUtf8(groupDecrypt(crypto, fromTheirs, ours('alice'), messages[i]!))).toBe(`r${i}`);
    }
  });

  it('after our re-key, Baileys reads the new key and still reads late messages under the old one', async () => {
    const random = new SeededRandom('rekey');
    const aliceStore = new InMemorySenderKeyStore();
    const waStore = new WaStore();
    const process = (skdm: Uint8Array): Promise<void> =>
      new wa.GroupSessionBuilder(waStore).process(
        theirs('alice'),
        new wa.SenderKeyDistributionMessage(null, null, null, null, Buffer.from(skdm)),
      );
    await process(createSenderKeyDistributionMessage(crypto, random, aliceStore, ours('alice')));
    const old = groupEncrypt(crypto, random, aliceStore, ours('alice'), utf8('old key, delivered late'));
    await process(rotateSenderKey(crypto, random, aliceStore, ours('alice')));
    const fresh = groupEncrypt(crypto, random, aliceStore, ours('alice'), utf8('new key'));
    expect(decodeSenderKeyMessage(fresh).keyId).not.toBe(decodeSenderKeyMessage(old).keyId);
    const bob = new wa.GroupCipher(waStore, theirs('alice'));
    expect(fromUtf8(await bob.decrypt(Buffer.from(fresh)))).toBe('new key');
    expect(fromUtf8(await bob.decrypt(Buffer.from(old)))).toBe('old key, delivered late');
  });
});

describe('Baileys sender → our members', () => {
  it('we process their SKDM and decrypt 60 of their messages out of order', async () => {
    const waStore = new WaStore();
    // Baileys makes its own key id, chain key and signing key (node:crypto randomness).
    const skdm = new Uint8Array(
      (await new wa.GroupSessionBuilder(waStore).create(theirs('zoe'))).serialize(),
    );
    const distribution = decodeSenderKeyDistributionMessage(skdm);
    expect(skdm[0]).toBe(0x33);
    expect(distribution.iteration).toBe(0);
    expect(distribution.keyId).toBeLessThan(2 ** 31);

    const ourStore = new InMemorySenderKeyStore();
    processSenderKeyDistributionMessage(ourStore, ours('zoe'), skdm);
    const cipher = new wa.GroupCipher(waStore, theirs('zoe'));
    const sent: { text: string; bytes: Uint8Array }[] = [];
    for (let i = 0; i < 60; i++) {
      const text = `from Baileys #${i}`;
      sent.push({ text, bytes: new Uint8Array(await cipher.encrypt(Buffer.from(utf8(text)))) });
    }
    // Baileys 6.17.16 quirk: after the first message its sender uses every second iteration
    // (`iteration === 0 ? 0 : iteration + 1` in group_cipher.js), so the receiver stores the gaps as
    // skipped keys. The wire format is still valid and we read it.
    expect(sent.slice(0, 5).map((m) => decodeSenderKeyMessage(m.bytes).iteration)).toEqual([0, 2, 4, 6, 8]);
    for (const { text, bytes } of shuffled(sent, 'their delivery order')) {
      expect(fromUtf8(groupDecrypt(crypto, ourStore, ours('zoe'), bytes))).toBe(text);
    }
    const record = deserializeSenderKeyRecord(ourStore.serialized(ours('zoe'))!);
    expect(record.states[0]!.keyId).toBe(distribution.keyId);
    expect(record.states[0]!.skippedMessageKeys.map((k) => k.iteration).slice(0, 3)).toEqual([1, 3, 5]);

    // Replays and tampering are refused, leaving our record as it was.
    const before = toHex(ourStore.serialized(ours('zoe'))!);
    expect(codeOf(() => groupDecrypt(crypto, ourStore, ours('zoe'), sent[7]!.bytes))).toBe(
      'duplicate-message',
    );
    const tampered = sent[9]!.bytes.slice();
    tampered[tampered.length - 70]! ^= 0x01;
    expect(codeOf(() => groupDecrypt(crypto, ourStore, ours('zoe'), tampered))).toBe('bad-signature');
    expect(toHex(ourStore.serialized(ours('zoe'))!)).toBe(before);
  });

  it('a mixed group: both implementations send and read each other, with re-keys on both sides', async () => {
    const random = new SeededRandom('mixed');
    // Alice runs Sightline; Zoe runs Baileys. Each keeps a record of the other.
    const aliceStore = new InMemorySenderKeyStore();
    const zoeStore = new WaStore();
    const zoeBuilder = new wa.GroupSessionBuilder(zoeStore);

    const zoeSkdm = new Uint8Array((await zoeBuilder.create(theirs('zoe'))).serialize());
    processSenderKeyDistributionMessage(aliceStore, ours('zoe'), zoeSkdm);
    const aliceSkdm = createSenderKeyDistributionMessage(crypto, random, aliceStore, ours('alice'));
    await zoeBuilder.process(
      theirs('alice'),
      new wa.SenderKeyDistributionMessage(null, null, null, null, Buffer.from(aliceSkdm)),
    );

    const zoeCipher = new wa.GroupCipher(zoeStore, theirs('zoe'));
    const zoeReadsAlice = new wa.GroupCipher(zoeStore, theirs('alice'));
    for (let round = 0; round < 10; round++) {
      const fromAlice = groupEncrypt(crypto, random, aliceStore, ours('alice'), utf8(`alice ${round}`));
      const fromZoe = new Uint8Array(await zoeCipher.encrypt(Buffer.from(utf8(`zoe ${round}`))));
      expect(fromUtf8(await zoeReadsAlice.decrypt(Buffer.from(fromAlice)))).toBe(`alice ${round}`);
      expect(fromUtf8(groupDecrypt(crypto, aliceStore, ours('zoe'), fromZoe))).toBe(`zoe ${round}`);
    }

    // Zoe re-keys the way Baileys can: a fresh record, then create() makes a new key.
    await zoeStore.storeSenderKey(theirs('zoe'), new wa.SenderKeyRecord());
    const zoeNewSkdm = new Uint8Array((await zoeBuilder.create(theirs('zoe'))).serialize());
    expect(decodeSenderKeyDistributionMessage(zoeNewSkdm).keyId).not.toBe(
      decodeSenderKeyDistributionMessage(zoeSkdm).keyId,
    );
    const beforeNewKey = new Uint8Array(await zoeCipher.encrypt(Buffer.from(utf8('under the new key'))));
    expect(codeOf(() => groupDecrypt(crypto, aliceStore, ours('zoe'), beforeNewKey))).toBe('no-sender-key');
    processSenderKeyDistributionMessage(aliceStore, ours('zoe'), zoeNewSkdm);
    expect(fromUtf8(groupDecrypt(crypto, aliceStore, ours('zoe'), beforeNewKey))).toBe('under the new key');
    expect(deserializeSenderKeyRecord(aliceStore.serialized(ours('zoe'))!).states).toHaveLength(2);
  });
});
