/**
 * The two CryptoProviders must agree bit for bit, and throw CryptoError on exactly the same
 * inputs (simulator/crypto/provider.ts). Each primitive gets at least 1,000 seeded random inputs,
 * edge cases mixed in (low-order points, bad padding, lengths at block boundaries, HKDF info over
 * node:crypto's 1024-byte hkdfSync limit).
 */
import { describe, expect, it } from 'vitest';
import { ed25519 } from '@noble/curves/ed25519.js';
import { bytesToNumberLE, numberToBytesLE } from '@noble/curves/utils.js';
import { concatBytes, toHex, utf8 } from '../../simulator/crypto/bytes.js';
import { nobleCryptoProvider } from '../../simulator/crypto/noble-provider.js';
import { createNodeCryptoProvider } from '../../simulator/crypto/node-provider.js';
import { createSodiumCryptoProvider, loadSodium } from '../../simulator/crypto/sodium-provider.js';
import { prepareXeddsaVerification } from '../../simulator/crypto/xeddsa.js';
import { CryptoError, type CryptoProvider } from '../../simulator/crypto/provider.js';
import { SeededRandom } from '../../simulator/crypto/seeded-random.js';

const CASES = 1000;
const P = 2n ** 255n - 19n;

const noble = nobleCryptoProvider;
const nodeJwk = createNodeCryptoProvider();
const nodeDer = createNodeCryptoProvider({ keyImport: 'der' });
const sodium = createSodiumCryptoProvider();
/** The native providers each compared with the portable one. */
const NATIVE: readonly [string, CryptoProvider][] = [
  ['node:crypto', nodeJwk],
  ['sodium-native', sodium],
];

/** What a call did: its output (hex or boolean), a CryptoError, or some other error (a bug). */
type Outcome = string;

function outcome(call: () => Uint8Array | boolean): Outcome {
  try {
    const result = call();
    if (typeof result === 'boolean') return String(result);
    if (Object.getPrototypeOf(result) !== Uint8Array.prototype)
      return `not a plain Uint8Array: ${toHex(result)}`;
    return toHex(result);
  } catch (error) {
    if (error instanceof CryptoError) return 'CryptoError';
    return `unexpected ${String(error)}`;
  }
}

/**
 * Runs `call` on noble and node for every case; returns the mismatches (expected empty) and the
 * tally of outcome kinds so tests can check their inputs really hit the paths they aim at.
 */
function compare<T>(
  cases: readonly T[],
  call: (crypto: CryptoProvider, input: T) => Uint8Array | boolean,
  node: CryptoProvider,
): { mismatches: string[]; errors: number; unexpected: number; values: number } {
  const mismatches: string[] = [];
  let errors = 0;
  let unexpected = 0;
  let values = 0;
  cases.forEach((input, i) => {
    const a = outcome(() => call(noble, input));
    const b = outcome(() => call(node, input));
    if (a !== b) mismatches.push(`case ${i}: noble ${a.slice(0, 80)} ≠ node ${b.slice(0, 80)}`);
    if (a === 'CryptoError') errors++;
    else if (a.startsWith('unexpected') || a.startsWith('not a plain')) unexpected++;
    else values++;
    if (b.startsWith('unexpected') || b.startsWith('not a plain')) unexpected++;
  });
  return { mismatches, errors, unexpected, values };
}

function cases<T>(label: string, count: number, make: (random: SeededRandom, i: number) => T): T[] {
  const random = new SeededRandom('crypto-equivalence').fork(label);
  return Array.from({ length: count }, (_, i) => make(random, i));
}

/** Low-order u values (RFC 7748 §7 / the Curve25519 blocklist), with non-canonical twins. */
const LOW_ORDER_PUBLIC_KEYS = [
  0n,
  1n,
  P - 1n,
  325606250916557431795983626356110631294008115727848805560023387167927233504n,
  39382357235489614581723060781553021112529911719440698176882885853963445705823n,
  P, // ≡ 0
  P + 1n, // ≡ 1
  2n ** 255n + 1n, // top bit set: masked to 1
].map((u) => numberToBytesLE(u % 2n ** 256n, 32));

describe.each(NATIVE)('noble and %s agree bit for bit', (_name, native) => {
  it('generateKeyPair: the same seeded stream gives the same key pairs', () => {
    const a = new SeededRandom('keygen');
    const b = new SeededRandom('keygen');
    const mismatches: number[] = [];
    for (let i = 0; i < CASES; i++) {
      const x = noble.generateKeyPair(a);
      const y = native.generateKeyPair(b);
      if (toHex(x.privateKey) + toHex(x.publicKey) !== toHex(y.privateKey) + toHex(y.publicKey))
        mismatches.push(i);
      if ((x.privateKey[0]! & 7) !== 0 || (x.privateKey[31]! & 0xc0) !== 0x40) mismatches.push(-i - 1);
      if (Object.getPrototypeOf(y.publicKey) !== Uint8Array.prototype) mismatches.push(-i - 1);
    }
    expect(mismatches).toEqual([]);
  });

  it('publicKeyFromPrivate on unclamped random scalars (both clamp)', () => {
    const inputs = cases('public', CASES, (r) => r.bytes(32));
    inputs.push(new Uint8Array(32), new Uint8Array(32).fill(0xff), new Uint8Array(31), new Uint8Array(33));
    const result = compare(inputs, (c, k) => c.publicKeyFromPrivate(k), native);
    expect(result.mismatches).toEqual([]);
    expect(result.unexpected).toBe(0);
    expect(result.errors).toBe(2);
  });

  it('x25519 on real, random (curve or twist, any top bit) and low-order public keys', () => {
    const peers = cases('x25519-peers', 100, (r) => noble.publicKeyFromPrivate(r.bytes(32)));
    const inputs = cases('x25519', CASES, (r, i) => {
      const privateKey = r.bytes(32);
      let publicKey: Uint8Array;
      if (i % 20 === 0) publicKey = LOW_ORDER_PUBLIC_KEYS[(i / 20) % LOW_ORDER_PUBLIC_KEYS.length]!;
      else if (i % 2 === 0) publicKey = peers[r.int(0, peers.length)]!;
      else publicKey = r.bytes(32);
      return { privateKey, publicKey };
    });
    inputs.push({ privateKey: new Uint8Array(31), publicKey: new Uint8Array(32).fill(9) });
    inputs.push({ privateKey: new Uint8Array(32), publicKey: new Uint8Array(33) });
    const result = compare(inputs, (c, { privateKey, publicKey }) => c.x25519(privateKey, publicKey), native);
    expect(result.mismatches).toEqual([]);
    expect(result.unexpected).toBe(0);
    expect(result.errors).toBe(CASES / 20 + 2);
  });

  it('xeddsaSign gives identical signatures, which verify', () => {
    const keys = cases('sign-keys', 100, (r) => r.bytes(32)); // unclamped: signing clamps
    const inputs = cases('sign', CASES, (r) => ({
      privateKey: keys[r.int(0, keys.length)]!,
      message: r.bytes(r.int(0, 120)),
      random: r.bytes(64),
    }));
    inputs.push({ privateKey: new Uint8Array(32), message: new Uint8Array(3), random: new Uint8Array(65) });
    const result = compare(
      inputs,
      (c, { privateKey, message, random }) => c.xeddsaSign(privateKey, message, random),
      native,
    );
    expect(result.mismatches).toEqual([]);
    expect(result.unexpected).toBe(0);
    expect(result.errors).toBe(1);
    for (const { privateKey, message, random } of inputs.slice(0, 100)) {
      const signature = native.xeddsaSign(privateKey, message, random);
      expect(noble.xeddsaVerify(noble.publicKeyFromPrivate(privateKey), message, signature)).toBe(true);
    }
  });

  it('xeddsaVerify on valid and corrupted signatures, keys and messages', () => {
    const signer = new SeededRandom('verify-signers');
    const signers = Array.from({ length: 50 }, () => noble.generateKeyPair(signer));
    const inputs = cases('verify', CASES, (r, i) => {
      const pair = signers[i % signers.length]!;
      const message = r.bytes(r.int(0, 64));
      const signature = noble.xeddsaSign(pair.privateKey, message, r.bytes(64));
      const publicKey = new Uint8Array(pair.publicKey);
      const flip = (bytes: Uint8Array): void => {
        const bit = r.int(0, bytes.length * 8);
        bytes[bit >> 3]! ^= 1 << (bit & 7);
      };
      switch (i % 8) {
        case 0:
        case 1:
          break; // valid
        case 2:
          flip(signature);
          break;
        case 3:
          flip(publicKey);
          break;
        case 4:
          if (message.length > 0) flip(message);
          else flip(signature);
          break;
        case 5:
          return { publicKey: r.bytes(32), message, signature }; // some on the twist, some high-bit
        case 6:
          return { publicKey, message, signature: r.bytes(64) };
        case 7:
          return { publicKey: LOW_ORDER_PUBLIC_KEYS[i % LOW_ORDER_PUBLIC_KEYS.length]!, message, signature };
      }
      return { publicKey, message, signature };
    });
    const result = compare(
      inputs,
      (c, { publicKey, message, signature }) => c.xeddsaVerify(publicKey, message, signature),
      native,
    );
    expect(result.mismatches).toEqual([]);
    expect(result.unexpected).toBe(0);
    const accepted = inputs.filter((x) => noble.xeddsaVerify(x.publicKey, x.message, x.signature)).length;
    expect(accepted).toBe(CASES / 4); // exactly the untouched quarter
  });

  it('hmacSha256 with keys shorter and longer than the 64-byte block, empty data included', () => {
    const inputs = cases('hmac', CASES, (r) => ({
      key: r.bytes(r.int(0, 150)),
      data: r.bytes(r.int(0, 300)),
    }));
    const result = compare(inputs, (c, { key, data }) => c.hmacSha256(key, data), native);
    expect(result.mismatches).toEqual([]);
    expect(result.values).toBe(CASES);
  });

  it('hkdfSha256 with varying lengths (0..8160), salts and info (beyond 1024 bytes)', () => {
    const inputs = cases('hkdf', CASES, (r, i) => ({
      ikm: r.bytes(r.int(0, 100)),
      salt: r.bytes(i % 3 === 0 ? 0 : r.int(1, 100)),
      info: r.bytes(i % 50 === 0 ? r.int(1025, 1500) : r.int(0, 60)),
      length: i % 100 === 0 ? 8160 : i % 7 === 0 ? r.int(0, 8160) : r.int(0, 200),
    }));
    for (const length of [-1, 8161, 1.5, Number.NaN]) {
      inputs.push({ ikm: new Uint8Array(4), salt: new Uint8Array(0), info: new Uint8Array(0), length });
    }
    const result = compare(
      inputs,
      (c, { ikm, salt, info, length }) => c.hkdfSha256(ikm, salt, info, length),
      native,
    );
    expect(result.mismatches).toEqual([]);
    expect(result.unexpected).toBe(0);
    expect(result.errors).toBe(4);
  });

  it('aes256CbcEncrypt for plaintexts of every length around block boundaries', () => {
    const inputs = cases('aes-encrypt', CASES, (r, i) => ({
      key: r.bytes(32),
      iv: r.bytes(16),
      plaintext: r.bytes(i < 100 ? i : r.int(0, 300)),
    }));
    inputs.push({ key: new Uint8Array(16), iv: new Uint8Array(16), plaintext: new Uint8Array(1) });
    inputs.push({ key: new Uint8Array(32), iv: new Uint8Array(12), plaintext: new Uint8Array(1) });
    const result = compare(
      inputs,
      (c, { key, iv, plaintext }) => c.aes256CbcEncrypt(key, iv, plaintext),
      native,
    );
    expect(result.mismatches).toEqual([]);
    expect(result.unexpected).toBe(0);
    expect(result.errors).toBe(2);
  });

  it('aes256CbcDecrypt on valid, corrupted, random and wrongly sized ciphertexts', () => {
    const inputs = cases('aes-decrypt', CASES, (r, i) => {
      const key = r.bytes(32);
      const iv = r.bytes(16);
      const ciphertext = noble.aes256CbcEncrypt(key, iv, r.bytes(r.int(0, 100)));
      switch (i % 5) {
        case 0:
          return { key, iv, ciphertext }; // valid
        case 1: {
          const bad = new Uint8Array(ciphertext); // corrupt the last block: padding usually breaks
          bad[bad.length - 1 - r.int(0, 16)]! ^= 1 << r.int(0, 8);
          return { key, iv, ciphertext: bad };
        }
        case 2:
          return { key, iv, ciphertext: r.bytes(16 * r.int(1, 6)) }; // random blocks: ~1/256 valid
        case 3:
          return { key, iv: r.bytes(16), ciphertext }; // wrong IV: only the first block changes
        default:
          return { key, iv, ciphertext: ciphertext.slice(0, r.int(0, ciphertext.length)) }; // truncated
      }
    });
    const result = compare(
      inputs,
      (c, { key, iv, ciphertext }) => c.aes256CbcDecrypt(key, iv, ciphertext),
      native,
    );
    expect(result.mismatches).toEqual([]);
    expect(result.unexpected).toBe(0);
    expect(result.errors).toBeGreaterThan(CASES / 4);
    expect(result.values).toBeGreaterThan(CASES / 4);
  });

  it('sha256 and sha512 on inputs of 0..300 bytes', () => {
    const inputs = cases('sha', CASES, (r, i) => r.bytes(i < 300 ? i : r.int(0, 1000)));
    const a = compare(inputs, (c, data) => c.sha256(data), native);
    const b = compare(inputs, (c, data) => c.sha512(data), native);
    expect(a.mismatches).toEqual([]);
    expect(b.mismatches).toEqual([]);
    expect(a.values + b.values).toBe(2 * CASES);
  });

  it('chacha20Poly1305 encrypt, and decrypt of valid, tampered and truncated inputs', () => {
    const inputs = cases('aead', CASES, (r, i) => ({
      key: r.bytes(32),
      nonce: r.bytes(12),
      aad: r.bytes(r.int(0, 40)),
      plaintext: r.bytes(i < 100 ? i : r.int(0, 2000)),
      tamper: r.int(0, 4),
      flip: r.int(0, 1 << 16),
    }));
    const sealed = compare(
      inputs,
      (c, x) => c.chacha20Poly1305Encrypt(x.key, x.nonce, x.aad, x.plaintext),
      native,
    );
    expect(sealed.mismatches).toEqual([]);
    expect(sealed.values).toBe(CASES);
    const opened = compare(
      inputs,
      (c, x) => {
        const box = nobleCryptoProvider.chacha20Poly1305Encrypt(x.key, x.nonce, x.aad, x.plaintext);
        if (x.tamper === 1) box[x.flip % box.length]! ^= 1; // any flipped bit must fail the tag
        if (x.tamper === 2)
          return c.chacha20Poly1305Decrypt(x.key, x.nonce, x.aad, box.subarray(0, x.flip % 16));
        return c.chacha20Poly1305Decrypt(x.key, x.nonce, x.aad, box);
      },
      native,
    );
    expect(opened.mismatches).toEqual([]);
    expect(opened.unexpected).toBe(0);
    expect(opened.errors).toBeGreaterThan(CASES / 5);
    expect(opened.values).toBeGreaterThan(CASES / 3);
  });
});

describe('node:crypto agrees with noble through DER key import too', () => {
  it('x25519 also agrees through DER key import', () => {
    const inputs = cases('x25519-der', 200, (r, i) => ({
      privateKey: r.bytes(32),
      publicKey: i % 10 === 0 ? LOW_ORDER_PUBLIC_KEYS[(i / 10) % LOW_ORDER_PUBLIC_KEYS.length]! : r.bytes(32),
    }));
    const result = compare(
      inputs,
      (c, { privateKey, publicKey }) => c.x25519(privateKey, publicKey),
      nodeDer,
    );
    expect(result.mismatches).toEqual([]);
    expect(result.errors).toBe(20);
  });

  it('xeddsaVerify also agrees through DER key import', () => {
    const inputs = cases('verify-der', 200, (r, i) => {
      const pair = noble.generateKeyPair(r);
      const message = r.bytes(20);
      const signature = noble.xeddsaSign(pair.privateKey, message, r.bytes(64));
      if (i % 2 === 1) signature[r.int(0, 64)]! ^= 1 << r.int(0, 8);
      return { publicKey: i % 5 === 4 ? r.bytes(32) : pair.publicKey, message, signature };
    });
    const result = compare(
      inputs,
      (c, { publicKey, message, signature }) => c.xeddsaVerify(publicKey, message, signature),
      nodeDer,
    );
    expect(result.mismatches).toEqual([]);
    expect(result.unexpected).toBe(0);
  });
});

describe('a signature whose R has small order', () => {
  // XEdDSA as specified accepts R = [s]B − [h]A whatever R's order; libsodium's Ed25519 verify
  // refuses small-order R. Such a signature needs a mixed-order key A = aB + T (T of order 8) and a
  // message for which R = −[h]T; the sodium provider must still agree with noble and node:crypto.
  const Point = ed25519.Point;
  const L = Point.Fn.ORDER;
  const Fp = Point.Fp;

  function forge(): { publicKey: Uint8Array; message: Uint8Array; signature: Uint8Array } {
    const random = new SeededRandom('small-order-r');
    let torsion = Point.ZERO;
    while (torsion.double().double().is0()) {
      try {
        const point = Point.fromBytes(random.bytes(32));
        torsion = point.multiplyUnsafe(L - 1n).add(point); // [L]P: P's torsion part
      } catch {
        // not a point; draw again
      }
    }
    const a = bytesToNumberLE(random.bytes(32)) % L;
    const A = Point.BASE.multiply(a).add(torsion);
    const encodedA = A.toBytes();
    const y = bytesToNumberLE(encodedA) & ((1n << 255n) - 1n);
    const u = Fp.div(Fp.add(1n, y), Fp.sub(1n, y));
    for (let counter = 0; ; counter++) {
      const message = utf8(`small-order R, try ${counter}`);
      for (let k = 0n; k < 8n; k++) {
        const R = torsion.multiplyUnsafe(k === 0n ? 8n : k);
        const encodedR = R.toBytes();
        const h = bytesToNumberLE(nobleCryptoProvider.sha512(concatBytes(encodedR, encodedA, message))) % L;
        if (!torsion.multiplyUnsafe((8n - (h % 8n)) % 8n || 8n).equals(R)) continue; // R = −[h]T
        const s = (h * a) % L;
        const signature = concatBytes(encodedR, numberToBytesLE(s, 32));
        signature[63] = (signature[63]! & 0x7f) | (encodedA[31]! & 0x80);
        return { publicKey: numberToBytesLE(u, 32), message, signature };
      }
    }
  }

  it('verifies under every provider, though libsodium alone would refuse it', () => {
    const { publicKey, message, signature } = forge();
    expect(nobleCryptoProvider.xeddsaVerify(publicKey, message, signature)).toBe(true);
    expect(nodeJwk.xeddsaVerify(publicKey, message, signature)).toBe(true);
    expect(sodium.xeddsaVerify(publicKey, message, signature)).toBe(true);
    const prepared = prepareXeddsaVerification(publicKey, signature)!;
    expect(
      loadSodium()!.crypto_sign_verify_detached(
        prepared.ed25519Signature,
        message,
        prepared.edwardsPublicKey,
      ),
    ).toBe(false);
    signature[5]! ^= 1;
    expect(sodium.xeddsaVerify(publicKey, message, signature)).toBe(false);
  });
});

describe.each([['noble', nobleCryptoProvider] as const, ...NATIVE])('%s createSha256', (_name, provider) => {
  it('hashes bytes and UTF-8 strings in any split like the one-shot sha256, and keeps going after digest', () => {
    const random = new SeededRandom('sha256-stream');
    for (let i = 0; i < 200; i++) {
      const parts = Array.from({ length: random.int(0, 6) }, (_, k) =>
        k % 2 === 0
          ? random.bytes(random.int(0, 150))
          : `line ${i}.${k} — naïve ✓ ${'x'.repeat(random.int(0, 90))}`,
      );
      const stream = provider.createSha256();
      const seen: Uint8Array[] = [];
      for (const part of parts) {
        stream.update(part);
        seen.push(typeof part === 'string' ? utf8(part) : part);
        expect(toHex(stream.digest())).toBe(toHex(nobleCryptoProvider.sha256(concatBytes(...seen))));
      }
      expect(toHex(stream.digest())).toBe(toHex(nobleCryptoProvider.sha256(concatBytes(...seen))));
    }
  });
});

describe.each(NATIVE)('%s HMAC with a key used back to back', (_name, native) => {
  it('gives noble’s result when a key repeats, changes in its last byte, or changes length', () => {
    const random = new SeededRandom('hmac-repeat');
    const key = random.bytes(32);
    const sibling = key.slice();
    sibling[31]! ^= 1;
    const calls: [Uint8Array, Uint8Array][] = [
      [key, random.bytes(33)],
      [key, random.bytes(1)],
      [sibling, random.bytes(33)],
      [key.subarray(0, 31), random.bytes(20)],
      [random.bytes(100), random.bytes(2000)],
      [key, random.bytes(0)],
    ];
    for (const [k, data] of calls) {
      expect(toHex(native.hmacSha256(k, data))).toBe(toHex(nobleCryptoProvider.hmacSha256(k, data)));
    }
  });
});

describe.each([['noble', nobleCryptoProvider] as const, ...NATIVE])('%s results', (_name, provider) => {
  it('are arrays of their own: later calls (which reuse the provider’s scratch) leave them unchanged', () => {
    const random = new SeededRandom('results-own');
    const key = random.bytes(32);
    const nonce = random.bytes(12);
    const a = provider.generateKeyPair(random);
    const b = provider.generateKeyPair(random);
    const signature = provider.xeddsaSign(a.privateKey, utf8('m'), random.bytes(64));
    // Two calls of each primitive with different small inputs; every result is kept, then checked.
    const calls: (() => Uint8Array)[] = [
      () => provider.sha256(random.bytes(10)),
      () => provider.sha512(random.bytes(10)),
      () => provider.hmacSha256(key, random.bytes(10)),
      () => provider.hkdfSha256(random.bytes(32), key, random.bytes(5), 32),
      () => provider.publicKeyFromPrivate(random.bytes(32)),
      () => provider.x25519(a.privateKey, provider.generateKeyPair(random).publicKey),
      () => provider.xeddsaSign(b.privateKey, random.bytes(10), random.bytes(64)),
      () => provider.chacha20Poly1305Encrypt(key, nonce, random.bytes(4), random.bytes(20)),
      () => provider.chacha20Poly1305Decrypt(key, nonce, utf8('ad'), sealedOf(provider, key, nonce)),
    ];
    const kept = [...calls, ...calls].map((call) => {
      const result = call();
      return { result, hex: toHex(result) };
    });
    expect(provider.xeddsaVerify(a.publicKey, utf8('m'), signature)).toBe(true);
    for (const { result, hex } of kept) expect(toHex(result)).toBe(hex);
    // The same call twice gave two different arrays, not one array written twice.
    expect(new Set(kept.map(({ hex }) => hex)).size).toBe(kept.length);
  });
});

/** A ChaCha20-Poly1305 box of a fresh 20-byte plaintext under `key`, `nonce` and the AAD "ad". */
function sealedOf(provider: CryptoProvider, key: Uint8Array, nonce: Uint8Array): Uint8Array {
  return provider.chacha20Poly1305Encrypt(
    key,
    nonce,
    utf8('ad'),
    new SeededRandom('box').fork(String(boxes++)).bytes(20),
  );
}
let boxes = 0;
