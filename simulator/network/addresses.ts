/**
 * Deterministic IPv4 addresses for endpoints. Addresses are handed out in order from one pool per
 * role, so the same scenario always gives the same addresses and a report can show them:
 *   - `client` (phones, linked devices, attackers' devices): 100.64.0.0/10, the carrier-grade NAT
 *     range (RFC 6598) that mobile carriers hand to handsets;
 *   - `server` (the messaging operator's servers): 203.0.113.0/24 (TEST-NET-3, RFC 5737);
 *   - `external` (third parties: backup provider, BSP, CRM, vault, carrier systems):
 *     198.51.100.0/24 (TEST-NET-2, RFC 5737).
 * Host numbers ending in .0 or .255 are skipped so every address looks like a host.
 */
import { SimulationError } from './errors.js';

/** Which range an endpoint's address comes from (see the file comment). */
export type AddressPool = 'client' | 'server' | 'external';

interface PoolRange {
  readonly base: number;
  readonly size: number;
}

const POOLS: Record<AddressPool, PoolRange> = {
  client: { base: ipv4ToNumber('100.64.0.0'), size: 1 << 22 },
  server: { base: ipv4ToNumber('203.0.113.0'), size: 256 },
  external: { base: ipv4ToNumber('198.51.100.0'), size: 256 },
};

/** Parses dotted-quad IPv4 into an unsigned 32-bit number. */
export function ipv4ToNumber(address: string): number {
  const parts = address.split('.');
  if (parts.length !== 4 || parts.some((p) => !/^(0|[1-9]\d{0,2})$/.test(p) || Number(p) > 255)) {
    throw new SimulationError('invalid-option', `not an IPv4 address: "${address}"`);
  }
  return parts.reduce((acc, p) => acc * 256 + Number(p), 0);
}

/** Formats an unsigned 32-bit number as dotted-quad IPv4. */
export function numberToIpv4(value: number): string {
  return [value >>> 24, (value >>> 16) & 255, (value >>> 8) & 255, value & 255].join('.');
}

/** Hands out addresses in order per pool and refuses duplicates. */
export class AddressAllocator {
  private readonly next: Record<AddressPool, number> = { client: 0, server: 0, external: 0 };
  private readonly taken = new Set<string>();

  /**
   * The next free address of `pool`.
   * @throws SimulationError `address-exhausted` when the pool is used up.
   */
  allocate(pool: AddressPool): string {
    const range = POOLS[pool];
    while (this.next[pool] < range.size) {
      const offset = this.next[pool]++;
      const lastOctet = offset & 255;
      if (lastOctet === 0 || lastOctet === 255) continue;
      const address = numberToIpv4(range.base + offset);
      if (this.taken.has(address)) continue;
      this.taken.add(address);
      return address;
    }
    throw new SimulationError('address-exhausted', `no free address left in the ${pool} pool`);
  }

  /**
   * Reserves a specific address (a scenario may pin one).
   * @throws SimulationError `duplicate-id` when it is already in use, `invalid-option` when malformed.
   */
  reserve(address: string): string {
    const canonical = numberToIpv4(ipv4ToNumber(address));
    if (this.taken.has(canonical))
      throw new SimulationError('duplicate-id', `address ${canonical} is already in use`);
    this.taken.add(canonical);
    return canonical;
  }
}
