// Hops: the movements the network view animates. Most are real frames from the journal (`net.send` … `net.deliver`
// between endpoints), joined to the observation the receiving party recorded when the frame arrived (same
// virtual instant, same party, and — when `net.send` names the items it carries — the same item), which says
// what the receiver could read of it.
// A network observer's tap observation ("Noise frame A → B") is joined to the frame sent between those
// addresses at that instant. Observations that no frame explains but that carry content from someone else
// (an SMS code, a restored backup, exfiltration) become out-of-band hops from the last party that held the
// content before (or the party its how names: "breach of meta-cloud"): an inference, and labelled as one. Pure.
import { describeHow } from '../../../simulator/ledger/describe.js';
import { observationLevel } from '../../../simulator/ledger/level.js';
import type { ItemRecord, ObservationRecord, VisibilityLevel } from '../../../simulator/ledger/types.js';
import { LEVEL_RANK } from '../../../simulator/ledger/types.js';
import type { JournalEvent } from '../../../simulator/network/journal.js';
import type { EndpointMap } from './endpoints.js';

export interface Hop {
  /** `f<frame>` for frames, `x<observation seq>` for out-of-band hops. */
  readonly id: string;
  readonly kind: 'frame' | 'out-of-band';
  readonly src: string;
  readonly dst: string;
  readonly srcEndpoint: string | null;
  readonly dstEndpoint: string | null;
  /** Sent, ms. */
  readonly t0: number;
  /** Delivered (or dropped/lost: the time it was given up), ms; null when still in flight at the end. */
  readonly t1: number | null;
  readonly fate: 'delivered' | 'lost' | 'dropped' | 'in-flight';
  /** `noise.data`, `https.webhook.message`, or for out-of-band hops the channel (`SMS`, `backup`…). */
  readonly label: string;
  /** Bytes on the wire, when a frame. */
  readonly size: number | null;
  /** The item the receiver recorded on arrival (the one it could read best), if any. */
  readonly item: string | null;
  /** Every item recorded on arrival (a backup carries many messages). */
  readonly items: readonly string[];
  /** What the receiver could read of it on arrival; null when it recorded nothing (handshakes, key fetches). */
  readonly level: VisibilityLevel | null;
  /** The receiver's how, in words. */
  readonly how: string | null;
  /** Network observers that recorded this frame on the wire. */
  readonly tappedBy: readonly string[];
}

type MutableHop = { -readonly [K in keyof Hop]: Hop[K] };

const ADDRESS_PAIR = /(\d{1,3}(?:\.\d{1,3}){3})\s*→\s*(\d{1,3}(?:\.\d{1,3}){3})/;

/** Kinds of how under which content moves without a frame we can see. */
const OUT_OF_BAND_HOWS = new Set(['clear', 'backup', 'exfiltrated', 'decrypted']);

function oobLabel(o: ObservationRecord): string {
  switch (o.how.kind) {
    case 'clear':
      return o.how.via ?? 'in the clear';
    case 'backup':
      return 'backup';
    case 'exfiltrated':
      return 'exfiltrated';
    default:
      return 'out of band';
  }
}

/**
 * Every hop of a run, sorted by send time (ties by journal order).
 * @param observations in time order (t, seq)
 */
export function buildHops(
  journal: readonly JournalEvent[],
  observations: readonly ObservationRecord[],
  items: ReadonlyMap<string, ItemRecord>,
  endpoints: EndpointMap,
  parties: ReadonlySet<string> = new Set(endpoints.party.values()),
): Hop[] {
  const hops: MutableHop[] = [];
  const byFrame = new Map<number, MutableHop>();
  // Observations by (party, instant), consumed as frames claim them.
  const atInstant = new Map<string, ObservationRecord[]>();
  for (const o of observations) {
    const key = `${o.party}|${o.t}`;
    const list = atInstant.get(key);
    if (list) list.push(o);
    else atInstant.set(key, [o]);
  }
  const explained = new Set<number>();
  const sendKeys = new Map<string, MutableHop>();

  for (const e of journal) {
    if (e.type === 'net.send' && typeof e.frame === 'number') {
      const src = endpoints.party.get(String(e.src));
      const dst = endpoints.party.get(String(e.dst));
      if (src === undefined || dst === undefined || src === dst) continue;
      const hop: MutableHop = {
        id: `f${e.frame}`,
        kind: 'frame',
        src,
        dst,
        srcEndpoint: String(e.src),
        dstEndpoint: String(e.dst),
        t0: e.t,
        t1: null,
        fate: 'in-flight',
        label: typeof e.label === 'string' ? e.label : 'frame',
        size: typeof e.size === 'number' ? e.size : null,
        item: null,
        items: Array.isArray(e.items) ? e.items.filter((x): x is string => typeof x === 'string') : [],
        level: null,
        how: null,
        tappedBy: [],
      };
      hops.push(hop);
      byFrame.set(e.frame, hop);
      const a = endpoints.address.get(String(e.src));
      const b = endpoints.address.get(String(e.dst));
      if (a && b) sendKeys.set(`${e.t}|${a}|${b}`, hop);
    } else if (
      (e.type === 'net.deliver' || e.type === 'net.lost' || e.type === 'net.drop') &&
      typeof e.frame === 'number'
    ) {
      const hop = byFrame.get(e.frame);
      if (!hop) continue;
      hop.t1 = e.t;
      hop.fate = e.type === 'net.deliver' ? 'delivered' : e.type === 'net.lost' ? 'lost' : 'dropped';
      if (e.type !== 'net.deliver') continue;
      // Everything the receiver recorded at the instant of arrival came with this frame (a backup upload
      // carries the backup and the messages inside it).
      // When the journal names what the frame carries (net.send `items`, ground truth), only those count.
      const carried0 = hop.items;
      const pending = atInstant
        .get(`${hop.dst}|${e.t}`)
        ?.filter((o) => !explained.has(o.seq) && (carried0.length === 0 || carried0.includes(o.item)));
      if (!pending || pending.length === 0) continue;
      let best: VisibilityLevel = 'none';
      let bestObs = pending[0]!;
      const carried: string[] = [...carried0];
      for (const o of pending) {
        explained.add(o.seq);
        if (!carried.includes(o.item)) carried.push(o.item);
        const level = observationLevel(o.fields, o.how);
        if (LEVEL_RANK[level] > LEVEL_RANK[best]) {
          best = level;
          bestObs = o;
        }
      }
      hop.item = bestObs.item;
      hop.items = carried;
      hop.level = best;
      hop.how = describeHow(bestObs.how);
    }
  }

  // Taps: a network observer's record of a frame between two addresses at the instant it was sent.
  for (const o of observations) {
    if (o.how.kind !== 'ciphertext' || explained.has(o.seq)) continue;
    const match = ADDRESS_PAIR.exec(o.how.detail ?? '');
    if (!match) continue;
    const hop = sendKeys.get(`${o.t}|${match[1]}|${match[2]}`);
    if (!hop) continue;
    explained.add(o.seq);
    if (!hop.tappedBy.includes(o.party)) hop.tappedBy = [...hop.tappedBy, o.party];
    if (hop.item === null) hop.item = o.item;
    if (!hop.items.includes(o.item)) hop.items = [...hop.items, o.item];
  }

  // Out-of-band: content that reached a party without a frame we can see.
  const holders = new Map<string, { party: string; t: number }>();
  const handled = new Map<string, Set<string>>();
  for (const o of observations) {
    const level = observationLevel(o.fields, o.how);
    if (level === 'content' && !explained.has(o.seq) && OUT_OF_BAND_HOWS.has(o.how.kind)) {
      const from =
        namedSource(o, parties, handled.get(o.item)) ??
        holders.get(o.item)?.party ??
        items.get(o.item)?.author;
      if (from !== undefined && from !== o.party) {
        hops.push({
          id: `x${o.seq}`,
          kind: 'out-of-band',
          src: from,
          dst: o.party,
          srcEndpoint: null,
          dstEndpoint: null,
          t0: o.t,
          t1: o.t,
          fate: 'delivered',
          label: oobLabel(o),
          size: null,
          item: o.item,
          items: [o.item],
          level,
          how: describeHow(o.how),
          tappedBy: [],
        });
      }
    }
    if (level === 'content') holders.set(o.item, { party: o.party, t: o.t });
    let seen = handled.get(o.item);
    if (!seen) handled.set(o.item, (seen = new Set()));
    seen.add(o.party);
  }

  return hops.sort((a, b) => a.t0 - b.t0 || order(a) - order(b));
}

/**
 * The party an observation's how names as where the content came from — `exfiltrated by breach of meta-cloud`,
 * `read from gdrive backup of bob`, `written in acme-crm by acme's agent` — preferring one that had handled the
 * item before; null when the how names no other party (`received in the clear via SMS`).
 */
export function namedSource(
  o: ObservationRecord,
  parties: ReadonlySet<string>,
  handledBefore: ReadonlySet<string> | undefined,
): string | null {
  const words = describeHow(o.how)
    .split(/[^A-Za-z0-9._-]+/)
    .filter((w) => parties.has(w) && w !== o.party);
  return words.find((w) => handledBefore?.has(w)) ?? words[0] ?? null;
}

function order(hop: Hop): number {
  return hop.kind === 'frame' ? Number(hop.id.slice(1)) : 1e12 + Number(hop.id.slice(1));
}
