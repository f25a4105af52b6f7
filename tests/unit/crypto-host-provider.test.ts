import { describe, expect, it } from 'vitest';
import { toHex } from '../../simulator/crypto/bytes.js';
import { HOST_PROVIDER_NAMES, createHostCryptoProvider } from '../../simulator/crypto/host-provider.js';
import { nobleCryptoProvider } from '../../simulator/crypto/noble-provider.js';
import { SeededRandom } from '../../simulator/crypto/seeded-random.js';
import { loadSodium } from '../../simulator/crypto/sodium-provider.js';

describe('createHostCryptoProvider', () => {
  it('gives the named provider, and the fastest one available by default', () => {
    expect(createHostCryptoProvider('node').name).toBe('node');
    expect(createHostCryptoProvider().name).toBe(loadSodium() ? 'sodium' : 'node');
    expect(HOST_PROVIDER_NAMES).toEqual(['fastest', 'sodium', 'node']);
  });

  it('gives providers whose keys and shared secrets equal the portable one’s', () => {
    for (const name of HOST_PROVIDER_NAMES) {
      const provider = createHostCryptoProvider(name);
      const a = provider.generateKeyPair(new SeededRandom(`host-${name}`));
      const b = nobleCryptoProvider.generateKeyPair(new SeededRandom(`host-${name}`));
      expect(toHex(a.publicKey)).toBe(toHex(b.publicKey));
      const peer = nobleCryptoProvider.generateKeyPair(new SeededRandom('peer'));
      expect(toHex(provider.x25519(a.privateKey, peer.publicKey))).toBe(
        toHex(nobleCryptoProvider.x25519(b.privateKey, peer.publicKey)),
      );
    }
  });
});
