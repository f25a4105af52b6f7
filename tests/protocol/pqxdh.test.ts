/**
 * PQXDH session setup (PQXDH §3.2–§3.4): round trip, signature check, one-time and last-resort KEM
 * prekeys, X3DH fallback, wire fields and determinism.
 */
import { describe, expect, it } from 'vitest';
import { bytesEqual, fromUtf8, toHex } from '../../simulator/crypto/bytes.js';
import { SeededRandom } from '../../simulator/crypto/seeded-random.js';
import {
  ML_KEM_1024_KEY_TYPE,
  PQXDH_VERSION_BYTE,
  VERSION_BYTE,
} from '../../simulator/protocol/constants.js';
import { ProtocolDevice } from '../../simulator/protocol/device.js';
import { ProtocolError } from '../../simulator/protocol/errors.js';
import type { PreKeyBundle } from '../../simulator/protocol/keys.js';
import { parsePreKeyWhisperMessage } from '../../simulator/protocol/wire.js';
import type { CryptoProvider } from '../../simulator/crypto/provider.js';
import { providers, text } from '../helpers/devices.js';

function code(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    if (error instanceof ProtocolError) return error.code;
    throw error;
  }
  return 'accepted';
}

/** Where `needle` starts in `haystack`, or -1. */
function offsetOf(haystack: Uint8Array, needle: Uint8Array): number {
  for (let i = 0; i + needle.length <= haystack.length; i++) {
    if (bytesEqual(haystack.subarray(i, i + needle.length), needle)) return i;
  }
  return -1;
}

function devices(crypto: CryptoProvider, seed: string) {
  const random = new SeededRandom(seed);
  const alice = new ProtocolDevice({ crypto, random: random.fork('alice') });
  const bob = new ProtocolDevice({ crypto, random: random.fork('bob') });
  const [preKey] = bob.generatePreKeys(3);
  const lastResort = bob.rotateLastResortKyberPreKey();
  const oneTime = bob.generateKyberPreKeys(2);
  return { alice, bob, preKeyId: preKey!.id, lastResort, oneTime, random };
}

// ML-KEM is the same noble code under every provider; two providers keep the suite quick.
describe.each(providers.slice(0, 2))('PQXDH (%s provider)', (_name, crypto) => {
  it('round trip over a one-time KEM prekey: version-4 messages carrying the KEM fields', () => {
    const { alice, bob, preKeyId, oneTime } = devices(crypto, 'pq-round-trip');
    const kemId = oneTime[0]!.id;
    alice.processPreKeyBundle('bob.1', bob.createPqBundle(1, preKeyId, kemId));
    expect(alice.sessionState('bob.1')!.version).toBe(4);
    const first = alice.encrypt('bob.1', text('hello pq'));
    expect(first.type).toBe('prekey');
    expect(first.body[0]).toBe(PQXDH_VERSION_BYTE);
    const parsed = parsePreKeyWhisperMessage(first.body);
    expect(parsed.version).toBe(4);
    expect(parsed.kyberPreKeyId).toBe(kemId);
    expect(parsed.kyberCiphertext!.length).toBe(1569);
    expect(parsed.kyberCiphertext![0]).toBe(ML_KEM_1024_KEY_TYPE);
    expect(parsed.inner.serialized[0]).toBe(PQXDH_VERSION_BYTE);

    const opened = bob.decrypt('alice.1', first);
    expect(fromUtf8(opened.plaintext)).toBe('hello pq');
    expect(bob.sessionState('alice.1')!.version).toBe(4);
    for (let i = 0; i < 5; i++) {
      const reply = bob.encrypt('alice.1', text(`b${i}`));
      expect(reply.body[0]).toBe(PQXDH_VERSION_BYTE);
      expect(fromUtf8(alice.decrypt('bob.1', reply).plaintext)).toBe(`b${i}`);
      expect(fromUtf8(bob.decrypt('alice.1', alice.encrypt('bob.1', text(`a${i}`))).plaintext)).toBe(`a${i}`);
    }
  });

  it('a one-time KEM prekey is consumed once: a second session naming it is refused', () => {
    const { alice, bob, oneTime, random } = devices(crypto, 'pq-once');
    const kemId = oneTime[0]!.id;
    const bundle = bob.createPqBundle(1, undefined, kemId);
    alice.processPreKeyBundle('bob.1', bundle);
    bob.decrypt('alice.1', alice.encrypt('bob.1', text('first')));
    expect(bob.kyberPreKeyIds).not.toContain(kemId);
    expect(bob.kyberPreKeyIds).toContain(oneTime[1]!.id);
    // Carol got the same bundle (e.g. a replayed fetch): Bob no longer has that KEM prekey.
    const carol = new ProtocolDevice({ crypto, random: random.fork('carol') });
    carol.processPreKeyBundle('bob.1', bundle);
    const before = bob.exportSession('carol.1');
    expect(code(() => bob.decrypt('carol.1', carol.encrypt('bob.1', text('late'))))).toBe('missing-prekey');
    expect(bob.exportSession('carol.1')).toEqual(before);
  });

  it('the last-resort KEM prekey is used when no one-time one is given, and is reused', () => {
    const { alice, bob, lastResort, random } = devices(crypto, 'pq-last-resort');
    const carol = new ProtocolDevice({ crypto, random: random.fork('carol') });
    for (const [name, peer] of [
      ['alice', alice],
      ['carol', carol],
    ] as const) {
      const bundle = bob.createPqBundle(1);
      expect(bundle.kyberPreKeyId).toBe(lastResort.id);
      peer.processPreKeyBundle('bob.1', bundle);
      const opened = bob.decrypt(`${name}.1`, peer.encrypt('bob.1', text(`from ${name}`)));
      expect(fromUtf8(opened.plaintext)).toBe(`from ${name}`);
    }
    expect(bob.lastResortKyberPreKey?.id).toBe(lastResort.id);
    expect(bob.kyberPreKeyIds.length).toBe(2);
  });

  it('a forged KEM prekey signature is refused before any state changes', () => {
    const { alice, bob, oneTime } = devices(crypto, 'pq-forged');
    const good = bob.createPqBundle(1, undefined, oneTime[0]!.id);
    const signature = good.kyberPreKeySignature!.slice();
    signature[5] = signature[5]! ^ 0x01;
    const forgedSig: PreKeyBundle = { ...good, kyberPreKeySignature: signature };
    // A key substituted by the server, signed over the original key: also refused.
    const otherKey = good.kyberPreKey!.slice();
    otherKey[100] = otherKey[100]! ^ 0x40;
    const swappedKey: PreKeyBundle = { ...good, kyberPreKey: otherKey };
    const stripped: PreKeyBundle = { ...good, kyberPreKeySignature: undefined };
    for (const [bundle, expected] of [
      [forgedSig, 'bad-signature'],
      [swappedKey, 'bad-signature'],
      [stripped, 'invalid-key'],
    ] as const) {
      expect(code(() => alice.processPreKeyBundle('bob.1', bundle))).toBe(expected);
      expect(alice.hasSession('bob.1')).toBe(false);
      expect(alice.trustedIdentity('bob.1')).toBeUndefined();
    }
    alice.processPreKeyBundle('bob.1', good);
    expect(fromUtf8(bob.decrypt('alice.1', alice.encrypt('bob.1', text('ok'))).plaintext)).toBe('ok');
  });

  it('a tampered KEM ciphertext fails the MAC and leaves the responder unchanged', () => {
    const { alice, bob, oneTime } = devices(crypto, 'pq-tamper');
    alice.processPreKeyBundle('bob.1', bob.createPqBundle(1, undefined, oneTime[0]!.id));
    const message = alice.encrypt('bob.1', text('secret'));
    const parsed = parsePreKeyWhisperMessage(message.body);
    const body = message.body.slice();
    const at = offsetOf(body, parsed.kyberCiphertext!) + 600; // inside field 8
    expect(at).toBeGreaterThan(600);
    body[at]! ^= 0x01;
    const kemIds = bob.kyberPreKeyIds;
    expect(code(() => bob.decrypt('alice.1', { type: 'prekey', body }))).toBe('bad-mac');
    expect(bob.kyberPreKeyIds).toEqual(kemIds);
    expect(bob.hasSession('alice.1')).toBe(false);
    expect(fromUtf8(bob.decrypt('alice.1', message).plaintext)).toBe('secret');
  });

  it('falls back to X3DH (version 3, no KEM fields) when the peer published no KEM prekey', () => {
    const random = new SeededRandom('pq-fallback');
    const alice = new ProtocolDevice({ crypto, random: random.fork('alice') });
    const bob = new ProtocolDevice({ crypto, random: random.fork('bob') });
    const [preKey] = bob.generatePreKeys(1);
    const bundle = bob.createPqBundle(1, preKey!.id);
    expect(bundle.kyberPreKey).toBeUndefined();
    alice.processPreKeyBundle('bob.1', bundle);
    const first = alice.encrypt('bob.1', text('classic'));
    expect(first.body[0]).toBe(VERSION_BYTE);
    expect(parsePreKeyWhisperMessage(first.body).kyberCiphertext).toBeUndefined();
    expect(fromUtf8(bob.decrypt('alice.1', first).plaintext)).toBe('classic');
    expect(bob.sessionState('alice.1')!.version).toBe(3);
  });

  it('an X3DH bundle gives byte-identical messages whether or not the device also holds KEM prekeys', () => {
    // The non-PQ path must not move: same seeds, same bytes, KEM keys or not on Bob's side.
    const run = (withKem: boolean) => {
      const random = new SeededRandom('pq-identical');
      const alice = new ProtocolDevice({ crypto, random: random.fork('alice') });
      const bob = new ProtocolDevice({ crypto, random: random.fork('bob') });
      const [preKey] = bob.generatePreKeys(2);
      const bundle = bob.createBundle(1, preKey!.id);
      if (withKem) bob.generateKyberPreKeys(1);
      alice.processPreKeyBundle('bob.1', bundle);
      return toHex(alice.encrypt('bob.1', text('same')).body);
    };
    expect(run(true)).toBe(run(false));
  });

  it('a version-4 message is refused by a version-3 session and the reverse (no downgrade)', () => {
    const { alice, bob, preKeyId } = devices(crypto, 'pq-downgrade');
    alice.processPreKeyBundle('bob.1', bob.createBundle(1, preKeyId));
    bob.decrypt('alice.1', alice.encrypt('bob.1', text('v3')));
    const whisper = bob.encrypt('alice.1', text('reply'));
    const body = whisper.body.slice();
    body[0] = PQXDH_VERSION_BYTE;
    expect(code(() => alice.decrypt('bob.1', { type: 'whisper', body }))).toBe('invalid-version');
    expect(fromUtf8(alice.decrypt('bob.1', whisper).plaintext)).toBe('reply');
  });

  it('is deterministic: same seed, same KEM prekeys, same ciphertexts', () => {
    const run = () => {
      const { alice, bob, oneTime } = devices(crypto, 'pq-determinism');
      alice.processPreKeyBundle('bob.1', bob.createPqBundle(1, undefined, oneTime[0]!.id));
      return {
        key: toHex(oneTime[0]!.keyPair.publicKey),
        message: toHex(alice.encrypt('bob.1', text('x')).body),
      };
    };
    const a = run();
    const b = run();
    expect(a).toEqual(b);
    expect(toHex(devices(crypto, 'pq-determinism-2').oneTime[0]!.keyPair.publicKey)).not.toBe(a.key);
  });

  it('session records round-trip the pending KEM fields', () => {
    const { alice, bob, oneTime } = devices(crypto, 'pq-record');
    alice.processPreKeyBundle('bob.1', bob.createPqBundle(1, undefined, oneTime[0]!.id));
    const exported = alice.exportSession('bob.1')!;
    const copy = new ProtocolDevice({
      crypto,
      random: new SeededRandom('copy'),
      identityKeyPair: alice.identityKeyPair,
      registrationId: alice.registrationId,
    });
    copy.importSession('bob.1', exported);
    const message = copy.encrypt('bob.1', text('restored'));
    expect(parsePreKeyWhisperMessage(message.body).kyberPreKeyId).toBe(oneTime[0]!.id);
    expect(fromUtf8(bob.decrypt('alice.1', message).plaintext)).toBe('restored');
  });
});
