/**
 * Public surface of the crypto layer for the portable core. The node:crypto provider
 * (./node-provider.js) is deliberately not re-exported: it imports node:crypto, and only Node
 * hosts may load it.
 */
export { concatBytes, bytesEqual, toHex, fromHex, utf8, fromUtf8, copyBytes } from './bytes.js';
export { CryptoError, type CryptoProvider, type KeyPair, type RandomSource } from './provider.js';
export { nobleCryptoProvider } from './noble-provider.js';
export { SeededRandom, type Seed } from './seeded-random.js';
export {
  createXeddsa,
  type EdwardsBaseMultiply,
  prepareXeddsaVerification,
  type PreparedVerification,
  type Sha512,
  type Xeddsa,
} from './xeddsa.js';
