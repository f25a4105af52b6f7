/**
 * The provider a Node host (CLI, lab service, benchmarks, tests) runs the simulation on: the
 * libsodium one where its prebuilt addon loads, else the node:crypto one. Both agree bit for bit
 * with the portable provider, so the choice changes speed, never a journal. Node-only.
 */
import { createNodeCryptoProvider } from './node-provider.js';
import type { CryptoProvider } from './provider.js';
import { createSodiumCryptoProvider, loadSodium } from './sodium-provider.js';

/** Names a host may ask for (`--crypto` in the CLI and benchmarks). */
export const HOST_PROVIDER_NAMES = ['fastest', 'sodium', 'node'] as const;
export type HostProviderName = (typeof HOST_PROVIDER_NAMES)[number];

/** Creates the named provider; `fastest` falls back to node:crypto when sodium-native is missing. */
export function createHostCryptoProvider(name: HostProviderName = 'fastest'): CryptoProvider {
  if (name === 'node') return createNodeCryptoProvider();
  const sodium = loadSodium();
  if (sodium) return createSodiumCryptoProvider(sodium);
  if (name === 'sodium') throw new Error('sodium-native could not be loaded on this host');
  return createNodeCryptoProvider();
}
