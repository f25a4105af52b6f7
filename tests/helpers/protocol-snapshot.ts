/**
 * What "the state did not change" means for the failure-atomicity, property and fuzz tests: every
 * session record serialized (lossless, session-codec.ts), the one-time prekey ids, the trusted
 * identities, and how many random bytes the device has drawn (a rejected message must not even
 * draw our next ratchet key). Also a seeded device pair whose randomness is counted.
 */
import { toHex } from '../../simulator/crypto/bytes.js';
import type { CryptoProvider, RandomSource } from '../../simulator/crypto/provider.js';
import { SeededRandom } from '../../simulator/crypto/seeded-random.js';
import { ProtocolDevice, type TrustPolicy } from '../../simulator/protocol/device.js';
import { ProtocolError } from '../../simulator/protocol/errors.js';

/** A RandomSource that counts the bytes drawn from it. */
export class CountingRandom implements RandomSource {
  drawn = 0;
  constructor(private readonly inner: RandomSource) {}
  bytes(length: number): Uint8Array {
    this.drawn += length;
    return this.inner.bytes(length);
  }
}

/** A device together with its counted randomness. */
export interface CountedDevice {
  readonly device: ProtocolDevice;
  readonly random: CountingRandom;
}

/** A device on `crypto` whose randomness comes from `seed` and is counted. */
export function countedDevice(
  crypto: CryptoProvider,
  seed: string,
  trustPolicy?: TrustPolicy,
): CountedDevice {
  const random = new CountingRandom(new SeededRandom(seed));
  const device = new ProtocolDevice({ crypto, random, ...(trustPolicy ? { trustPolicy } : {}) });
  return { device, random };
}

/**
 * A canonical text of everything a decryption could change on `device`: session records by address
 * (serialized), one-time prekey ids, trusted identities of the session addresses and of `addresses`,
 * and the random bytes drawn so far. Equal texts ⇔ no observable change.
 */
export function snapshot(counted: CountedDevice, addresses: readonly string[] = []): string {
  const { device, random } = counted;
  const lines: string[] = [];
  const sessions = [...device.sessionAddresses].sort();
  for (const address of sessions) lines.push(`session ${address} ${toHex(device.exportSession(address)!)}`);
  lines.push(`prekeys ${[...device.preKeyIds].sort((a, b) => a - b).join(',')}`);
  for (const address of [...new Set([...sessions, ...addresses])].sort()) {
    const identity = device.trustedIdentity(address);
    lines.push(`identity ${address} ${identity ? toHex(identity) : '-'}`);
  }
  lines.push(`random ${random.drawn}`);
  return lines.join('\n');
}

/** Runs `fn` and returns the ProtocolError code it threw, or 'accepted'. Any other throw propagates. */
export function rejectionCode(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    if (error instanceof ProtocolError) return error.code;
    throw error;
  }
  return 'accepted';
}
