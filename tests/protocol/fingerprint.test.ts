/**
 * Security codes: libsignal's published numeric-fingerprint vectors (tests/vectors/fingerprint.json),
 * the iteration semantics, scannable comparison outcomes, and the WhatsApp-style QR payload.
 */
import { describe, expect, it } from 'vitest';
import { concatBytes, fromHex, toHex, utf8 } from '../../simulator/crypto/bytes.js';
import { nobleCryptoProvider } from '../../simulator/crypto/noble-provider.js';
import { createNodeCryptoProvider } from '../../simulator/crypto/node-provider.js';
import type { CryptoProvider } from '../../simulator/crypto/provider.js';
import { ProtocolError } from '../../simulator/protocol/errors.js';
import {
  FINGERPRINT_ITERATIONS,
  compareScannable,
  compareWhatsAppQr,
  createSecurityCode,
  decodeWhatsAppQr,
  displayableDigits,
  displayableSecurityCode,
  encodeScannableFingerprint,
  encodeWhatsAppQr,
  fingerprintHash,
  type FingerprintParty,
} from '../../simulator/protocol/fingerprint.js';
import { serializePublicKey } from '../../simulator/protocol/keys.js';
import vectors from '../vectors/fingerprint.json' with { type: 'json' };

const providers: [string, CryptoProvider][] = [
  ['noble', nobleCryptoProvider],
  ['node', createNodeCryptoProvider()],
];

const alice: FingerprintParty = {
  identifier: vectors.alice.identifier,
  identityKey: fromHex(vectors.alice.identityKey),
};
const bob: FingerprintParty = {
  identifier: vectors.bob.identifier,
  identityKey: fromHex(vectors.bob.identityKey),
};

/** A deterministic identity key from a label (the private key is a hash of it). */
function identityKeyFor(crypto: CryptoProvider, label: string): Uint8Array {
  const privateKey = crypto.sha256(utf8(label));
  return serializePublicKey(crypto.publicKeyFromPrivate(privateKey));
}

function protocolCode(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    if (error instanceof ProtocolError) return error.code;
    throw error;
  }
  return 'no error';
}

describe.each(providers)('security code vectors (%s)', (_name, crypto) => {
  it('matches libsignal fingerprint_test_v1: displayable code and both scannable payloads', () => {
    expect(vectors.iterations).toBe(FINGERPRINT_ITERATIONS);
    const a = createSecurityCode(crypto, alice, bob, { version: 1 });
    const b = createSecurityCode(crypto, bob, alice, { version: 1 });
    expect(a.displayable).toBe(vectors.displayable);
    expect(b.displayable).toBe(vectors.displayable);
    expect(toHex(a.scannable)).toBe(vectors.scannable['1'].alice);
    expect(toHex(b.scannable)).toBe(vectors.scannable['1'].bob);
  });

  it('matches libsignal fingerprint_test_v2: only the scannable version changes', () => {
    const a = createSecurityCode(crypto, alice, bob, { version: 2 });
    const b = createSecurityCode(crypto, bob, alice, { version: 2 });
    expect(a.displayable).toBe(vectors.displayable);
    expect(toHex(a.scannable)).toBe(vectors.scannable['2'].alice);
    expect(toHex(b.scannable)).toBe(vectors.scannable['2'].bob);
  });
});

describe('security code construction', () => {
  const crypto = nobleCryptoProvider;

  it('encodes CombinedFingerprints as libsignal fingerprint_encodings expects', () => {
    const { version, local, remote, expected } = vectors.encoding;
    expect(toHex(encodeScannableFingerprint(version, fromHex(local), fromHex(remote)))).toBe(expected);
  });

  it('counts the first hash among the iterations (2 iterations = the first hash and one more)', () => {
    const key = alice.identityKey;
    const first = crypto.sha512(
      concatBytes(new Uint8Array([0, 0]), key, utf8(vectors.alice.identifier), key),
    );
    const second = crypto.sha512(concatBytes(first, key));
    expect(toHex(fingerprintHash(crypto, alice, 2))).toBe(toHex(second));
    expect(toHex(fingerprintHash(crypto, alice, 2))).not.toBe(toHex(first));
  });

  it('turns 5-byte groups into 5 zero-padded digits mod 100000', () => {
    // 2^40 − 1 = 1099511627775 → 27775 per group; zeros keep their padding.
    expect(displayableDigits(new Uint8Array(30).fill(0xff))).toBe('27775'.repeat(6));
    expect(displayableDigits(new Uint8Array(30))).toBe('00000'.repeat(6));
    const oneGroup = new Uint8Array(30);
    oneGroup.set([0x00, 0x00, 0x01, 0x86, 0xa1], 25); // 100001 → 00001
    expect(displayableDigits(oneGroup)).toBe('00000'.repeat(5) + '00001');
    expect(() => displayableDigits(new Uint8Array(29))).toThrow(RangeError);
  });

  it('puts the smaller half first so both sides show the same 60 digits', () => {
    expect(displayableSecurityCode('2'.repeat(30), '1'.repeat(30))).toBe('1'.repeat(30) + '2'.repeat(30));
    expect(displayableSecurityCode('1'.repeat(30), '2'.repeat(30))).toBe('1'.repeat(30) + '2'.repeat(30));
  });

  it('refuses malformed identity keys and iteration counts outside libsignal bounds', () => {
    expect(
      protocolCode(() =>
        fingerprintHash(crypto, { identifier: 'x', identityKey: alice.identityKey.slice(1) }),
      ),
    ).toBe('invalid-key');
    const wrongType = alice.identityKey.slice();
    wrongType[0] = 0x06;
    expect(
      protocolCode(() => createSecurityCode(crypto, { identifier: 'x', identityKey: wrongType }, bob)),
    ).toBe('invalid-key');
    expect(() => fingerprintHash(crypto, alice, 1)).toThrow(RangeError);
    expect(() => fingerprintHash(crypto, alice, 1_000_001)).toThrow(RangeError);
  });

  it('accepts identifiers as bytes or strings alike', () => {
    const asBytes = fingerprintHash(crypto, {
      identifier: utf8(vectors.alice.identifier),
      identityKey: alice.identityKey,
    });
    expect(toHex(asBytes)).toBe(toHex(fingerprintHash(crypto, alice)));
  });
});

describe('scannable comparison', () => {
  const crypto = nobleCryptoProvider;
  const iterations = 1024; // libsignal's own comparison tests use 1024
  const carol: FingerprintParty = {
    identifier: '+14154444444',
    identityKey: identityKeyFor(crypto, 'carol'),
  };
  const dave: FingerprintParty = { identifier: '+14155555555', identityKey: identityKeyFor(crypto, 'dave') };
  const mallory: FingerprintParty = {
    identifier: dave.identifier,
    identityKey: identityKeyFor(crypto, 'mallory'),
  };

  it('matches both ways when both sides hold the right keys, and not against itself', () => {
    const c = createSecurityCode(crypto, carol, dave, { iterations });
    const d = createSecurityCode(crypto, dave, carol, { iterations });
    expect(c.displayable).toBe(d.displayable);
    expect(c.displayable).toMatch(/^\d{60}$/);
    expect(compareScannable(c.scannable, d.scannable)).toEqual({ result: 'match' });
    expect(compareScannable(d.scannable, c.scannable)).toEqual({ result: 'match' });
    expect(compareScannable(c.scannable, c.scannable)).toEqual({ result: 'mismatch' });
  });

  it('shows a man in the middle: different code, mismatch both ways', () => {
    const c = createSecurityCode(crypto, carol, mallory, { iterations }); // Carol was given Mallory's key
    const d = createSecurityCode(crypto, dave, carol, { iterations });
    expect(c.displayable).not.toBe(d.displayable);
    expect(compareScannable(c.scannable, d.scannable)).toEqual({ result: 'mismatch' });
    expect(compareScannable(d.scannable, c.scannable)).toEqual({ result: 'mismatch' });
  });

  it('mismatches when an identifier differs even with the right keys', () => {
    const c = createSecurityCode(crypto, { ...carol, identifier: '+141544444444' }, dave, { iterations });
    const d = createSecurityCode(crypto, dave, carol, { iterations });
    expect(c.displayable).not.toBe(d.displayable);
    expect(compareScannable(d.scannable, c.scannable)).toEqual({ result: 'mismatch' });
  });

  it('reports a version mismatch, including a payload without a version (read as 0)', () => {
    const v1 = createSecurityCode(crypto, alice, bob, { version: 1 }).scannable;
    const v2 = createSecurityCode(crypto, bob, alice, { version: 2 }).scannable;
    expect(compareScannable(v1, v2)).toEqual({ result: 'version-mismatch', ours: 1, theirs: 2 });
    const noVersion = v2.slice(2); // drop the `08 02` version field
    expect(compareScannable(v1, noVersion)).toEqual({ result: 'version-mismatch', ours: 1, theirs: 0 });
  });

  it('refuses scanned data that is not a CombinedFingerprints', () => {
    const ours = createSecurityCode(crypto, alice, bob, { iterations }).scannable;
    expect(protocolCode(() => compareScannable(ours, new Uint8Array([0x12, 0x40, 0x00])))).toBe(
      'invalid-message',
    );
    expect(protocolCode(() => compareScannable(ours, fromHex('0801')))).toBe('invalid-message'); // no halves
    expect(protocolCode(() => compareScannable(ours, fromHex('080112001a00')))).toBe('invalid-message'); // no content
  });
});

describe('WhatsApp QR payload', () => {
  const crypto = nobleCryptoProvider;

  it('carries the version, both identifiers and both raw 32-byte keys in the libaxolotl layout', () => {
    const qr = encodeWhatsAppQr(alice, bob);
    const id = (s: string): string => toHex(utf8(s));
    // 08 00 | 12 len { 0a 20 key | 12 len id } | 1a len { ... }
    const party = (p: FingerprintParty, s: string): string =>
      `0a20${toHex(p.identityKey.slice(1))}12${s.length.toString(16).padStart(2, '0')}${id(s)}`;
    const a = party(alice, vectors.alice.identifier);
    const b = party(bob, vectors.bob.identifier);
    const len = (hex: string): string => (hex.length / 2).toString(16).padStart(2, '0');
    expect(toHex(qr)).toBe(`0800` + `12${len(a)}${a}` + `1a${len(b)}${b}`);
    const decoded = decodeWhatsAppQr(qr);
    expect(decoded.version).toBe(0);
    expect(toHex(decoded.local.identityKey)).toBe(toHex(alice.identityKey.slice(1)));
    expect(decoded.remote.identifier).toEqual(utf8(vectors.bob.identifier));
  });

  it('matches the peer’s mirrored payload and nothing else', () => {
    const mine = encodeWhatsAppQr(alice, bob);
    expect(compareWhatsAppQr(mine, encodeWhatsAppQr(bob, alice))).toEqual({ result: 'match' });
    expect(compareWhatsAppQr(mine, mine)).toEqual({ result: 'mismatch' });
    const otherKey = { ...alice, identityKey: identityKeyFor(crypto, 'mallory') };
    expect(compareWhatsAppQr(mine, encodeWhatsAppQr(bob, otherKey))).toEqual({ result: 'mismatch' });
    expect(compareWhatsAppQr(mine, encodeWhatsAppQr(bob, { ...alice, identifier: '+1' }))).toEqual({
      result: 'mismatch',
    });
    expect(compareWhatsAppQr(mine, encodeWhatsAppQr(bob, alice, 1))).toEqual({
      result: 'version-mismatch',
      ours: 0,
      theirs: 1,
    });
  });

  it('refuses payloads with a missing party or a key that is not 32 bytes', () => {
    const mine = encodeWhatsAppQr(alice, bob);
    expect(protocolCode(() => decodeWhatsAppQr(fromHex('0800')))).toBe('invalid-message');
    const shortKey = fromHex(
      `0800120a0a02aaaa1204${toHex(utf8('abcd'))}1a0a0a02aaaa1204${toHex(utf8('abcd'))}`,
    );
    expect(protocolCode(() => compareWhatsAppQr(mine, shortKey))).toBe('invalid-message');
  });
});
