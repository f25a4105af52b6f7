// Network endpoints (`alice-phone`, `cloud:mallory`, `acme-client`, `server`) back to the parties that own them,
// so frames in the journal can be drawn between party nodes. The journal names endpoints, the ledger names
// parties; the engine's naming rules (scenario-format.md: the primary phone is `<user>-phone`; companions and
// new installs are `<user>-…`; cloud clients are `cloud:<user>`) and the `business.wired` event (a business's
// WhatsApp client runs at the first hop of its route: the Cloud API host, the hosting BSP, or the business
// itself) give the mapping. Pure.
import type { JournalEvent } from '../../../simulator/network/journal.js';

export interface EndpointMap {
  /** Endpoint id → party id (only endpoints that map to a known party). */
  readonly party: ReadonlyMap<string, string>;
  /** Endpoint id → IPv4 address from `net.endpoint` events. */
  readonly address: ReadonlyMap<string, string>;
  /** Address → endpoint id. */
  readonly byAddress: ReadonlyMap<string, string>;
}

/** The party an endpoint name belongs to by the engine's naming rules, or null. */
export function partyOfEndpoint(endpoint: string, parties: ReadonlySet<string>): string | null {
  if (parties.has(endpoint)) return endpoint;
  const colon = endpoint.lastIndexOf(':');
  if (colon >= 0 && parties.has(endpoint.slice(colon + 1))) return endpoint.slice(colon + 1);
  let best: string | null = null;
  for (const p of parties) {
    if (endpoint.startsWith(`${p}-`) && (best === null || p.length > best.length)) best = p;
  }
  return best;
}

/** Reads every endpoint the journal mentions and maps it to its party. */
export function endpointMap(journal: readonly JournalEvent[], parties: readonly string[]): EndpointMap {
  const known = new Set(parties);
  const party = new Map<string, string>();
  const address = new Map<string, string>();
  const byAddress = new Map<string, string>();
  const hosted = new Map<string, string>();
  const seen: string[] = [];
  const note = (endpoint: unknown) => {
    if (typeof endpoint === 'string' && !party.has(endpoint) && !seen.includes(endpoint)) seen.push(endpoint);
  };
  for (const e of journal) {
    if (e.type === 'net.endpoint' && typeof e.endpoint === 'string') {
      note(e.endpoint);
      if (typeof e.address === 'string') {
        address.set(e.endpoint, e.address);
        byAddress.set(e.address, e.endpoint);
      }
    } else if (e.type === 'net.send' || e.type === 'net.drop') {
      note(e.src);
      note(e.dst);
    } else if (e.type === 'business.wired' && typeof e.client === 'string' && Array.isArray(e.route)) {
      const first = e.route[0];
      if (typeof first === 'string' && known.has(first)) hosted.set(e.client, first);
    }
  }
  for (const endpoint of seen) {
    const owner = hosted.get(endpoint) ?? partyOfEndpoint(endpoint, known);
    if (owner !== null) party.set(endpoint, owner);
  }
  return { party, address, byAddress };
}
