import { describe, expect, it } from 'vitest';
import { fromUtf8, toHex } from '../../simulator/crypto/bytes.js';
import { MAX_FORWARD_JUMP } from '../../simulator/protocol/constants.js';
import { ProtocolError } from '../../simulator/protocol/errors.js';
import { ProtocolDevice } from '../../simulator/protocol/device.js';
import { SeededRandom } from '../../simulator/crypto/seeded-random.js';
import { makePair, providers, text } from '../helpers/devices.js';

function code(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    if (error instanceof ProtocolError) return error.code;
    throw error;
  }
  return 'accepted';
}

describe.each(providers)('1:1 sessions (%s provider)', (_name, crypto) => {
  it.each([true, false])('X3DH with one-time prekey = %s, then ping-pong', (withOneTime) => {
    const { alice, bob } = makePair(crypto, `pp-${withOneTime}`, withOneTime);
    const first = alice.encrypt('bob.1', text('hello bob'));
    expect(first.type).toBe('prekey');
    const opened = bob.decrypt('alice.1', first);
    expect(fromUtf8(opened.plaintext)).toBe('hello bob');
    expect(opened.newSession).toBe(true);
    for (let i = 0; i < 20; i++) {
      const reply = bob.encrypt('alice.1', text(`b${i}`));
      expect(reply.type).toBe('whisper');
      expect(fromUtf8(alice.decrypt('bob.1', reply).plaintext)).toBe(`b${i}`);
      const msg = alice.encrypt('bob.1', text(`a${i}`));
      expect(msg.type).toBe('whisper');
      expect(fromUtf8(bob.decrypt('alice.1', msg).plaintext)).toBe(`a${i}`);
    }
  });

  it('deletes the one-time prekey after use, and the initiator keeps sending prekey messages until answered', () => {
    const { alice, bob } = makePair(crypto, 'opk');
    const before = bob.preKeyIds.length;
    const m1 = alice.encrypt('bob.1', text('1'));
    const m2 = alice.encrypt('bob.1', text('2'));
    expect(m2.type).toBe('prekey');
    bob.decrypt('alice.1', m1);
    expect(bob.preKeyIds.length).toBe(before - 1);
    expect(fromUtf8(bob.decrypt('alice.1', m2).plaintext)).toBe('2');
  });

  it('decrypts out of order and rejects replays and jumps beyond the bound', () => {
    const { alice, bob } = makePair(crypto, 'ooo');
    bob.decrypt('alice.1', alice.encrypt('bob.1', text('start')));
    alice.decrypt('bob.1', bob.encrypt('alice.1', text('ack')));
    const messages = Array.from({ length: 10 }, (_, i) => alice.encrypt('bob.1', text(`m${i}`)));
    for (const i of [9, 3, 0, 7, 1, 2, 8, 4, 6, 5]) {
      expect(fromUtf8(bob.decrypt('alice.1', messages[i]!).plaintext)).toBe(`m${i}`);
    }
    expect(code(() => bob.decrypt('alice.1', messages[4]!))).toBe('duplicate-message');
    for (let i = 0; i < MAX_FORWARD_JUMP + 1; i++) alice.encrypt('bob.1', text('dropped'));
    const far = alice.encrypt('bob.1', text('far'));
    expect(code(() => bob.decrypt('alice.1', far))).toBe('too-far-in-future');
  });

  it('refuses a bundle whose signed prekey signature is wrong', () => {
    const random = new SeededRandom('sig');
    const alice = new ProtocolDevice({ crypto, random: random.fork('a') });
    const bob = new ProtocolDevice({ crypto, random: random.fork('b') });
    const bundle = bob.createBundle(1);
    const signature = bundle.signedPreKeySignature.slice();
    signature[5]! ^= 1;
    expect(
      code(() => alice.processPreKeyBundle('bob.1', { ...bundle, signedPreKeySignature: signature })),
    ).toBe('bad-signature');
    expect(alice.hasSession('bob.1')).toBe(false);
  });

  it('continues byte-identically after a session record round trip', () => {
    const a = makePair(crypto, 'rt');
    const b = makePair(crypto, 'rt');
    for (const { alice, bob } of [a, b]) {
      bob.decrypt('alice.1', alice.encrypt('bob.1', text('x')));
      alice.decrypt('bob.1', bob.encrypt('alice.1', text('y')));
      alice.encrypt('bob.1', text('skipped'));
      bob.decrypt('alice.1', alice.encrypt('bob.1', text('z')));
    }
    b.alice.importSession('bob.1', b.alice.exportSession('bob.1')!);
    b.bob.importSession('alice.1', b.bob.exportSession('alice.1')!);
    expect(toHex(b.bob.exportSession('alice.1')!)).toBe(toHex(a.bob.exportSession('alice.1')!));
    for (let i = 0; i < 5; i++) {
      expect(toHex(b.alice.encrypt('bob.1', text(`n${i}`)).body)).toBe(
        toHex(a.alice.encrypt('bob.1', text(`n${i}`)).body),
      );
      expect(toHex(b.bob.encrypt('alice.1', text(`r${i}`)).body)).toBe(
        toHex(a.bob.encrypt('alice.1', text(`r${i}`)).body),
      );
    }
  });

  it('reports an identity change and keeps archived sessions usable', () => {
    const random = new SeededRandom('idc');
    const changes: string[] = [];
    const alice = new ProtocolDevice({
      crypto,
      random: random.fork('a'),
      onIdentityChange: (change) => changes.push(change.address),
    });
    const bob1 = new ProtocolDevice({ crypto, random: random.fork('b1') });
    const bob2 = new ProtocolDevice({ crypto, random: random.fork('b2') });
    alice.processPreKeyBundle('bob.1', bob1.createBundle(1));
    const old = alice.encrypt('bob.1', text('to old'));
    bob1.decrypt('alice.1', old);
    const oldReply = bob1.encrypt('alice.1', text('late reply from old install'));
    alice.processPreKeyBundle('bob.1', bob2.createBundle(1));
    expect(changes).toEqual(['bob.1']);
    expect(fromUtf8(bob2.decrypt('alice.1', alice.encrypt('bob.1', text('new'))).plaintext)).toBe('new');
    expect(fromUtf8(alice.decrypt('bob.1', oldReply).plaintext)).toBe('late reply from old install');
  });

  it('can refuse changed identities (blocking policy)', () => {
    const random = new SeededRandom('block');
    const alice = new ProtocolDevice({
      crypto,
      random: random.fork('a'),
      trustPolicy: (_a, _k, prev) => !prev,
    });
    const bob1 = new ProtocolDevice({ crypto, random: random.fork('b1') });
    const bob2 = new ProtocolDevice({ crypto, random: random.fork('b2') });
    alice.processPreKeyBundle('bob.1', bob1.createBundle(1));
    expect(code(() => alice.processPreKeyBundle('bob.1', bob2.createBundle(1)))).toBe('untrusted-identity');
  });
});
