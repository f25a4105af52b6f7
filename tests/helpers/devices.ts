/** Test helpers: pairs of protocol devices on a chosen provider, with seeded randomness. */
import { utf8 } from '../../simulator/crypto/bytes.js';
import type { CryptoProvider } from '../../simulator/crypto/provider.js';
import { nobleCryptoProvider } from '../../simulator/crypto/noble-provider.js';
import { createNodeCryptoProvider } from '../../simulator/crypto/node-provider.js';
import { createSodiumCryptoProvider } from '../../simulator/crypto/sodium-provider.js';
import { SeededRandom } from '../../simulator/crypto/seeded-random.js';
import { ProtocolDevice } from '../../simulator/protocol/device.js';

export const providers: [string, CryptoProvider][] = [
  ['noble', nobleCryptoProvider],
  ['node', createNodeCryptoProvider()],
  ['sodium', createSodiumCryptoProvider()],
];

/** Alice and Bob with a session Alice→Bob started from Bob's bundle (with a one-time prekey unless `withOneTime` is false). */
export function makePair(crypto: CryptoProvider, seed: string, withOneTime = true) {
  const random = new SeededRandom(seed);
  const alice = new ProtocolDevice({ crypto, random: random.fork('alice') });
  const bob = new ProtocolDevice({ crypto, random: random.fork('bob') });
  const [preKey] = bob.generatePreKeys(5);
  alice.processPreKeyBundle('bob.1', bob.createBundle(1, withOneTime ? preKey!.id : undefined));
  return { alice, bob, random };
}

export const text = (s: string) => utf8(s);
