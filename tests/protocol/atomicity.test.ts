/**
 * Failure atomicity (issue 2, item 8): every kind of bad message throws a ProtocolError with the
 * right code, leaves the receiver byte-identical (session records serialized, one-time prekey ids,
 * trusted identities, random bytes drawn), and a following legitimate message still decrypts.
 */
import { describe, expect, it } from 'vitest';
import { concatBytes, fromHex, fromUtf8 } from '../../simulator/crypto/bytes.js';
import { SeededRandom } from '../../simulator/crypto/seeded-random.js';
import { MAC_LENGTH, MAX_FORWARD_JUMP } from '../../simulator/protocol/constants.js';
import type { CiphertextMessage } from '../../simulator/protocol/session-cipher.js';
import type { TrustPolicy } from '../../simulator/protocol/device.js';
import { providers, text } from '../helpers/devices.js';
import { type CountedDevice, countedDevice, rejectionCode, snapshot } from '../helpers/protocol-snapshot.js';
import { LOW_ORDER_KEYS, encodeFields, rewrite, withByte } from '../helpers/wire-edit.js';

const whisper = (body: Uint8Array): CiphertextMessage => ({ type: 'whisper', body });
const prekey = (body: Uint8Array): CiphertextMessage => ({ type: 'prekey', body });
/** Refuses a changed identity key (a strict client); first contact is trusted. */
const strict: TrustPolicy = (_address, _key, previous) => previous === undefined;

describe.each(providers)('failure atomicity (%s provider)', (_name, crypto) => {
  /**
   * Alice and Bob on counted randomness. Alice has started a session from Bob's bundle (one-time
   * prekey 1) and `first` is her first PreKeyWhisperMessage; unless `answered` is false, Bob has
   * decrypted it and Alice has decrypted his reply, so her next messages are WhisperMessages.
   */
  function setup(seed: string, options: { answered?: boolean; trustPolicy?: TrustPolicy } = {}) {
    const alice = countedDevice(crypto, `${seed}/alice`);
    const bob = countedDevice(crypto, `${seed}/bob`, options.trustPolicy);
    bob.device.generatePreKeys(3);
    const bundle = bob.device.createBundle(1, 1);
    alice.device.processPreKeyBundle('bob.1', bundle);
    const first = alice.device.encrypt('bob.1', text('first'));
    if (options.answered !== false) {
      bob.device.decrypt('alice.1', first);
      alice.device.decrypt('bob.1', bob.device.encrypt('alice.1', text('reply')));
    }
    return { alice, bob, first, bundle };
  }

  /** Runs `attack` against `receiver` and checks the code and that nothing observable changed. */
  function rejects(receiver: CountedDevice, code: string, attack: () => unknown): void {
    const before = snapshot(receiver, ['alice.1', 'carol.1', 'mallory.1']);
    expect(rejectionCode(attack)).toBe(code);
    expect(snapshot(receiver, ['alice.1', 'carol.1', 'mallory.1'])).toBe(before);
  }

  /** The untouched original (when given) and then a fresh message from Alice both decrypt at Bob. */
  function stillDecrypts(alice: CountedDevice, bob: CountedDevice, original?: CiphertextMessage): void {
    if (original) expect(fromUtf8(bob.device.decrypt('alice.1', original).plaintext)).toBe('original');
    const next = alice.device.encrypt('bob.1', text('next'));
    expect(fromUtf8(bob.device.decrypt('alice.1', next).plaintext)).toBe('next');
  }

  describe('WhisperMessage', () => {
    it('bad MAC: a flipped MAC bit and a flipped ciphertext bit are rejected as bad-mac', () => {
      const { alice, bob } = setup('mac');
      const original = alice.device.encrypt('bob.1', text('original'));
      const body = original.body;
      rejects(bob, 'bad-mac', () =>
        bob.device.decrypt('alice.1', whisper(withByte(body, body.length - 1, 0x01))),
      );
      rejects(bob, 'bad-mac', () =>
        bob.device.decrypt('alice.1', whisper(withByte(body, body.length - 20, 0x80))),
      );
      stillDecrypts(alice, bob, original);
    });

    it('bad MAC on a new ratchet key: the DH step is not committed and no key pair is drawn', () => {
      const { alice, bob } = setup('mac-dh');
      const original = bob.device.encrypt('alice.1', text('original'));
      const forged = withByte(original.body, original.body.length - 1, 0x40);
      rejects(alice, 'bad-mac', () => alice.device.decrypt('bob.1', whisper(forged)));
      expect(fromUtf8(alice.device.decrypt('bob.1', original).plaintext)).toBe('original');
      stillDecrypts(alice, bob);
    });

    it.each(['00', '22', '23', '32', '34', '43', 'ff'])(
      'bad version byte 0x%s is rejected as invalid-version',
      (hex) => {
        const version = parseInt(hex, 16);
        const { alice, bob } = setup(`version-${hex}`);
        const original = alice.device.encrypt('bob.1', text('original'));
        const body = original.body.slice();
        body[0] = version;
        rejects(bob, 'invalid-version', () => bob.device.decrypt('alice.1', whisper(body)));
        stillDecrypts(alice, bob, original);
      },
    );

    it('truncated messages (every length from 0 to one byte short) are rejected as invalid-message', () => {
      const { alice, bob } = setup('truncated');
      const original = alice.device.encrypt('bob.1', text('original'));
      for (let length = 0; length < original.body.length; length++) {
        rejects(bob, 'invalid-message', () =>
          bob.device.decrypt('alice.1', whisper(original.body.slice(0, length))),
        );
      }
      stillDecrypts(alice, bob, original);
    });

    it('duplicates and replays (in order and out of order) are rejected as duplicate-message', () => {
      const { alice, bob } = setup('duplicate');
      const [m0, m1, m2] = [0, 1, 2].map((i) => alice.device.encrypt('bob.1', text(`m${i}`)));
      bob.device.decrypt('alice.1', m0!);
      rejects(bob, 'duplicate-message', () => bob.device.decrypt('alice.1', m0!));
      bob.device.decrypt('alice.1', m2!); // m1's key is now a skipped key
      bob.device.decrypt('alice.1', m1!); // …used up here
      rejects(bob, 'duplicate-message', () => bob.device.decrypt('alice.1', m1!));
      rejects(bob, 'duplicate-message', () => bob.device.decrypt('alice.1', m2!));
      stillDecrypts(alice, bob);
    });

    it(`a message more than ${MAX_FORWARD_JUMP} ahead is rejected as too-far-in-future; earlier ones still decrypt`, () => {
      const { alice, bob } = setup('future');
      const within = alice.device.encrypt('bob.1', text('original'));
      for (let i = 0; i < MAX_FORWARD_JUMP; i++) alice.device.encrypt('bob.1', text('dropped'));
      const far = alice.device.encrypt('bob.1', text('far'));
      rejects(bob, 'too-far-in-future', () => bob.device.decrypt('alice.1', far));
      expect(fromUtf8(bob.device.decrypt('alice.1', within).plaintext)).toBe('original');
      // Now the chain is at 1 and `far` (counter MAX_FORWARD_JUMP + 1) is exactly within the bound.
      expect(fromUtf8(bob.device.decrypt('alice.1', far).plaintext)).toBe('far');
    });

    it('a message from an address without a session is rejected as no-session and creates no record', () => {
      const { alice, bob } = setup('unknown');
      const original = alice.device.encrypt('bob.1', text('original'));
      rejects(bob, 'no-session', () => bob.device.decrypt('mallory.1', original));
      const stranger = countedDevice(crypto, 'unknown/stranger');
      rejects(stranger, 'no-session', () => stranger.device.decrypt('alice.1', original));
      expect(bob.device.sessionAddresses).toEqual(['alice.1']);
      stillDecrypts(alice, bob, original);
    });

    it('garbage protobuf, missing fields, non-canonical encodings and partial AES blocks are invalid-message', () => {
      const { alice, bob } = setup('garbage');
      const original = alice.device.encrypt('bob.1', text('original'));
      const mac = original.body.subarray(original.body.length - MAC_LENGTH);
      const noise = new SeededRandom('garbage-noise');
      const framed = (proto: Uint8Array) => whisper(concatBytes(new Uint8Array([0x33]), proto, mac));
      const proto = original.body.subarray(1, original.body.length - MAC_LENGTH);
      const cases: CiphertextMessage[] = [
        framed(fromHex('ffffffffffffffffffffffff')), // a varint that never ends
        framed(fromHex('0f0f0f0f')), // wire type 7 does not exist
        framed(fromHex('22ff01')), // a length past the end
        framed(concatBytes(proto, fromHex('1000'))), // counter twice (last one wins): not canonical
        framed(concatBytes(proto, fromHex('2a0100'))), // an unknown field 5
        framed(fromHex('1081002a00')), // counter as a two-byte varint 0x81 0x00 (non-minimal)
        whisper(rewrite('whisper', original.body, (f) => delete f.ciphertext)),
        whisper(rewrite('whisper', original.body, (f) => delete f.ephemeralKey)),
        whisper(rewrite('whisper', original.body, (f) => delete f.counter)),
        whisper(rewrite('whisper', original.body, (f) => delete f.previousCounter)),
        whisper(
          rewrite(
            'whisper',
            original.body,
            (f) => (f.ciphertext = (f.ciphertext as Uint8Array).slice(0, 15)),
          ),
        ),
        whisper(rewrite('whisper', original.body, (f) => (f.ciphertext = new Uint8Array(0)))),
        whisper(
          rewrite(
            'whisper',
            original.body,
            (f) => (f.ephemeralKey = (f.ephemeralKey as Uint8Array).slice(1)),
          ),
        ),
      ];
      for (let i = 0; i < 20; i++) cases.push(framed(concatBytes(fromHex('0a'), noise.bytes(40))));
      for (const message of cases)
        rejects(bob, 'invalid-message', () => bob.device.decrypt('alice.1', message));
      stillDecrypts(alice, bob, original);
    });

    it('a ratchet key with a type byte other than 0x05 is rejected as invalid-key', () => {
      const { alice, bob } = setup('key-type');
      const original = alice.device.encrypt('bob.1', text('original'));
      for (const type of [0x00, 0x04, 0x06, 0x85]) {
        const body = rewrite('whisper', original.body, (f) => ((f.ephemeralKey as Uint8Array)[0] = type));
        rejects(bob, 'invalid-key', () => bob.device.decrypt('alice.1', whisper(body)));
      }
      stillDecrypts(alice, bob, original);
    });

    it('a low-order ratchet key (all-zero DH, no secret needed to send it) is a typed rejection, invalid-key', () => {
      const { alice, bob } = setup('low-order');
      const original = alice.device.encrypt('bob.1', text('original'));
      for (const key of LOW_ORDER_KEYS) {
        const body = rewrite(
          'whisper',
          original.body,
          (f) => (f.ephemeralKey = concatBytes(fromHex('05'), fromHex(key))),
        );
        rejects(bob, 'invalid-key', () => bob.device.decrypt('alice.1', whisper(body)));
      }
      stillDecrypts(alice, bob, original);
    });
  });

  describe('prekey bundle', () => {
    it('a low-order one-time prekey (not covered by the signature: a server can swap it) is invalid-key, no session', () => {
      const alice = countedDevice(crypto, 'bundle-low-order/alice');
      const bob = countedDevice(crypto, 'bundle-low-order/bob');
      bob.device.generatePreKeys(1);
      const bundle = bob.device.createBundle(1, 1);
      // Setting up draws our base key before the agreement can fail; only the stores must not change.
      const stores = () => snapshot(alice, ['bob.1']).replace(/\nrandom \d+$/, '');
      const before = stores();
      for (const key of LOW_ORDER_KEYS) {
        const forged = { ...bundle, preKey: concatBytes(fromHex('05'), fromHex(key)) };
        expect(rejectionCode(() => alice.device.processPreKeyBundle('bob.1', forged))).toBe('invalid-key');
        expect(stores()).toBe(before);
      }
      expect(alice.device.hasSession('bob.1')).toBe(false);
      alice.device.processPreKeyBundle('bob.1', bundle);
      const first = alice.device.encrypt('bob.1', text('first'));
      expect(fromUtf8(bob.device.decrypt('alice.1', first).plaintext)).toBe('first');
    });
  });

  describe('PreKeyWhisperMessage', () => {
    it('bad MAC on the inner message: no session, the one-time prekey and the identity are untouched', () => {
      const { alice, bob, first } = setup('pk-mac', { answered: false });
      const forged = rewrite('prekey', first.body, (f) => {
        const inner = (f.message as Uint8Array).slice();
        inner[inner.length - 1]! ^= 0x01;
        f.message = inner;
      });
      rejects(bob, 'bad-mac', () => bob.device.decrypt('alice.1', prekey(forged)));
      expect(bob.device.hasSession('alice.1')).toBe(false);
      expect(bob.device.trustedIdentity('alice.1')).toBeUndefined();
      expect(fromUtf8(bob.device.decrypt('alice.1', first).plaintext)).toBe('first');
      stillDecrypts(alice, bob);
    });

    it('bad MAC on a repeated PreKeyWhisperMessage of a known session', () => {
      const { alice, bob } = setup('pk-mac-known', { answered: false });
      bob.device.decrypt('alice.1', alice.device.encrypt('bob.1', text('one')));
      const second = alice.device.encrypt('bob.1', text('original'));
      const forged = rewrite('prekey', second.body, (f) => {
        const inner = (f.message as Uint8Array).slice();
        inner[inner.length - 3]! ^= 0x10;
        f.message = inner;
      });
      rejects(bob, 'bad-mac', () => bob.device.decrypt('alice.1', prekey(forged)));
      stillDecrypts(alice, bob, second);
    });

    it.each(['00', '23', '32', '34', '43'])('bad version byte 0x%s is rejected as invalid-version', (hex) => {
      const version = parseInt(hex, 16);
      const { alice, bob, first } = setup(`pk-version-${hex}`, { answered: false });
      const body = first.body.slice();
      body[0] = version;
      rejects(bob, 'invalid-version', () => bob.device.decrypt('alice.1', prekey(body)));
      expect(fromUtf8(bob.device.decrypt('alice.1', first).plaintext)).toBe('first');
      stillDecrypts(alice, bob);
    });

    it('an inner WhisperMessage with a bad version byte is rejected as invalid-version', () => {
      const { alice, bob, first } = setup('pk-inner-version', { answered: false });
      const body = rewrite('prekey', first.body, (f) => ((f.message as Uint8Array)[0] = 0x23));
      rejects(bob, 'invalid-version', () => bob.device.decrypt('alice.1', prekey(body)));
      expect(fromUtf8(bob.device.decrypt('alice.1', first).plaintext)).toBe('first');
      stillDecrypts(alice, bob);
    });

    it('truncated messages (every length) are rejected as invalid-message', () => {
      const { alice, bob, first } = setup('pk-truncated', { answered: false });
      for (let length = 0; length < first.body.length; length++) {
        rejects(bob, 'invalid-message', () =>
          bob.device.decrypt('alice.1', prekey(first.body.slice(0, length))),
        );
      }
      expect(fromUtf8(bob.device.decrypt('alice.1', first).plaintext)).toBe('first');
      stillDecrypts(alice, bob);
    });

    it('a replayed PreKeyWhisperMessage is rejected as duplicate-message (the prekey is already gone)', () => {
      const { alice, bob, first } = setup('pk-replay');
      rejects(bob, 'duplicate-message', () => bob.device.decrypt('alice.1', first));
      stillDecrypts(alice, bob);
    });

    it('a replayed first message of a session without one-time prekey, its base key re-encoded (bit 255 set, which X25519 ignores), is refused: no second session', () => {
      const alice = countedDevice(crypto, 'pk-base-encoding/alice');
      const bob = countedDevice(crypto, 'pk-base-encoding/bob');
      alice.device.processPreKeyBundle('bob.1', bob.device.createBundle(1)); // the server ran out of one-time prekeys
      const first = alice.device.encrypt('bob.1', text('transfer 100'));
      bob.device.decrypt('alice.1', first);
      alice.device.decrypt('bob.1', bob.device.encrypt('alice.1', text('done')));
      rejects(bob, 'duplicate-message', () => bob.device.decrypt('alice.1', first)); // the plain replay
      const reencoded = rewrite('prekey', first.body, (f) => ((f.baseKey as Uint8Array)[32]! ^= 0x80));
      const before = snapshot(bob, ['alice.1']);
      expect(rejectionCode(() => bob.device.decrypt('alice.1', prekey(reencoded)))).not.toBe('accepted');
      expect(snapshot(bob, ['alice.1'])).toBe(before);
      // Both directions still work on the one real session.
      stillDecrypts(alice, bob);
      expect(
        fromUtf8(alice.device.decrypt('bob.1', bob.device.encrypt('alice.1', text('reply'))).plaintext),
      ).toBe('reply');
    });

    it('a changed identity under a strict trust policy is untrusted-identity; the old session goes on', () => {
      const { alice, bob } = setup('pk-identity', { trustPolicy: strict });
      const original = alice.device.encrypt('bob.1', text('original'));
      const reinstalled = countedDevice(crypto, 'pk-identity/alice-reinstalled');
      reinstalled.device.processPreKeyBundle('bob.1', bob.device.createBundle(1, 2));
      const impostor = reinstalled.device.encrypt('bob.1', text('new identity'));
      rejects(bob, 'untrusted-identity', () => bob.device.decrypt('alice.1', impostor));
      expect(bob.device.preKeyIds).toContain(2);
      stillDecrypts(alice, bob, original);
    });

    it('a one-time prekey that was already used is missing-prekey', () => {
      const { alice, bob, bundle } = setup('pk-used');
      const carol = countedDevice(crypto, 'pk-used/carol');
      // Carol got the same bundle (one-time prekey 1) before Alice's message consumed it.
      carol.device.processPreKeyBundle('bob.1', bundle);
      const late = carol.device.encrypt('bob.1', text('late'));
      rejects(bob, 'missing-prekey', () => bob.device.decrypt('carol.1', late));
      expect(bob.device.sessionAddresses).toEqual(['alice.1']);
      stillDecrypts(alice, bob);
    });

    it('an unknown signed prekey id is missing-prekey', () => {
      const { alice, bob } = setup('pk-signed');
      const carol = countedDevice(crypto, 'pk-signed/carol');
      // The signature covers the signed prekey, not its id: a bundle can name any id.
      carol.device.processPreKeyBundle('bob.1', { ...bob.device.createBundle(1, 2), signedPreKeyId: 4242 });
      const message = carol.device.encrypt('bob.1', text('hello'));
      rejects(bob, 'missing-prekey', () => bob.device.decrypt('carol.1', message));
      expect(bob.device.preKeyIds).toContain(2);
      stillDecrypts(alice, bob);
    });

    it('garbage protobuf and missing fields are invalid-message', () => {
      const { alice, bob, first } = setup('pk-garbage', { answered: false });
      const noise = new SeededRandom('pk-garbage-noise');
      const cases: Uint8Array[] = [
        fromHex('33ffffffffffffffffffffff'),
        fromHex('330f0f0f0f'),
        fromHex('3322ff01'),
        fromHex('33'),
        concatBytes(fromHex('33'), encodeFields('prekey', {})),
        rewrite('prekey', first.body, (f) => delete f.baseKey),
        rewrite('prekey', first.body, (f) => delete f.identityKey),
        rewrite('prekey', first.body, (f) => delete f.message),
        rewrite('prekey', first.body, (f) => delete f.registrationId),
        rewrite('prekey', first.body, (f) => delete f.signedPreKeyId),
        rewrite('prekey', first.body, (f) => (f.message = concatBytes(fromHex('33'), noise.bytes(49)))),
        concatBytes(first.body, fromHex('0801')), // preKeyId twice: not canonical
      ];
      for (let i = 0; i < 20; i++) cases.push(concatBytes(fromHex('3312'), noise.bytes(60)));
      for (const body of cases)
        rejects(bob, 'invalid-message', () => bob.device.decrypt('alice.1', prekey(body)));
      expect(fromUtf8(bob.device.decrypt('alice.1', first).plaintext)).toBe('first');
      stillDecrypts(alice, bob);
    });

    it('a base key or identity key with a type byte other than 0x05 is invalid-key', () => {
      const { alice, bob, first } = setup('pk-key-type', { answered: false });
      for (const field of ['baseKey', 'identityKey']) {
        for (const type of [0x00, 0x06]) {
          const body = rewrite('prekey', first.body, (f) => ((f[field] as Uint8Array)[0] = type));
          rejects(bob, 'invalid-key', () => bob.device.decrypt('alice.1', prekey(body)));
        }
      }
      expect(fromUtf8(bob.device.decrypt('alice.1', first).plaintext)).toBe('first');
      stillDecrypts(alice, bob);
    });

    it('a low-order base key or identity key is a typed rejection, invalid-key', () => {
      const { alice, bob, first } = setup('pk-low-order', { answered: false });
      for (const field of ['baseKey', 'identityKey']) {
        for (const key of LOW_ORDER_KEYS) {
          const body = rewrite(
            'prekey',
            first.body,
            (f) => (f[field] = concatBytes(fromHex('05'), fromHex(key))),
          );
          rejects(bob, 'invalid-key', () => bob.device.decrypt('alice.1', prekey(body)));
        }
      }
      expect(fromUtf8(bob.device.decrypt('alice.1', first).plaintext)).toBe('first');
      stillDecrypts(alice, bob);
    });
  });
});
