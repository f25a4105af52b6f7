// The content of "through their eyes" at time t as plain data, sorted into what a room should read first:
// messages the party can read (with the text), things it holds but cannot read (a stand-in for the bytes, the
// real size when a frame brought them), the metadata it learned item by item, and the notices its user saw.
// Pure: views/PartyView.vue renders it.
import type { Field, ItemKind } from '../../../simulator/ledger/types.js';
import { cipherPreview } from './cipher-display.js';
import { isMessageKind, labelRoute, quotedText, shortItemName } from './items.js';
import { noticesAt, partyEntriesAt, type NoticeRecord, type PartyEntry, type RunIndex } from './run-index.js';
import { upperBound } from './search.js';

export interface ReadableCard {
  readonly item: string;
  /** A short name for the card's heading (`code bob` for `code:+1 555 0101:1`). */
  readonly name: string;
  readonly kind: ItemKind;
  readonly message: boolean;
  /** The text it can read, or null when the item is not a text (a key, a backup). */
  readonly text: string | null;
  readonly route: string;
  readonly label: string;
  readonly hows: readonly string[];
  /** Metadata it learned along with the content. */
  readonly fields: readonly Field[];
  readonly firstT: number;
  readonly contentT: number;
}

export interface CipherCard {
  readonly item: string;
  readonly name: string;
  readonly kind: ItemKind;
  readonly hex: string;
  readonly size: string | null;
  readonly hows: readonly string[];
  readonly firstT: number;
}

export interface MetadataRow {
  readonly item: string;
  readonly name: string;
  readonly kind: ItemKind;
  readonly fields: readonly Field[];
  readonly hows: readonly string[];
  readonly firstT: number;
}

export interface PartyEyes {
  readonly party: string;
  readonly t: number;
  readonly readable: readonly ReadableCard[];
  readonly cipher: readonly CipherCard[];
  readonly metadata: readonly MetadataRow[];
  readonly notices: readonly NoticeRecord[];
  /** Message-like items in the run, for "reads 2 of 5 messages". */
  readonly messagesInRun: number;
}

const sizesByIndex = new WeakMap<RunIndex, Map<string, number>>();

/** Bytes of the first frame that brought `item` to `party` (or that it saw on the wire), if a frame did. */
export function bytesReceived(index: RunIndex, party: string, item: string): number | null {
  let sizes = sizesByIndex.get(index);
  if (!sizes) {
    // One pass over the hops, once per run: the party view asks for many items on every change.
    sizes = new Map();
    for (const hop of index.hops) {
      if (hop.size === null) continue;
      for (const who of [hop.dst, ...hop.tappedBy]) {
        for (const it of hop.items) {
          const key = `${who}\u0000${it}`;
          if (!sizes.has(key)) sizes.set(key, hop.size);
        }
      }
    }
    sizesByIndex.set(index, sizes);
  }
  return sizes.get(`${party}\u0000${item}`) ?? null;
}

function metadataFields(entry: PartyEntry): Field[] {
  return entry.fields.filter((f) => f !== 'content');
}

/** What `party` holds at t, sorted for display. */
export function partyEyes(index: RunIndex, party: string, t: number): PartyEyes {
  const entries = partyEntriesAt(index, party, t);
  const readable: ReadableCard[] = [];
  const cipher: CipherCard[] = [];
  const metadata: MetadataRow[] = [];
  for (const e of entries) {
    if (e.level === 'content') {
      readable.push({
        item: e.item.id,
        name: shortItemName(e.item, 14),
        kind: e.item.kind,
        message: isMessageKind(e.item.kind),
        text: quotedText(e.item.label),
        route: labelRoute(e.item.label),
        label: e.item.label,
        hows: e.hows,
        fields: metadataFields(e),
        firstT: e.firstT,
        contentT: e.contentT ?? e.firstT,
      });
    } else if (e.heldCiphertext) {
      const preview = cipherPreview(e.item.id, party, bytesReceived(index, party, e.item.id));
      cipher.push({
        item: e.item.id,
        name: shortItemName(e.item, 14),
        kind: e.item.kind,
        hex: preview.hex,
        size: preview.size,
        hows: e.hows,
        firstT: e.firstT,
      });
    }
    const fields = metadataFields(e);
    // Metadata of items it can read is shown on their cards; this list is what it knows without the content.
    if (fields.length > 0 && e.level !== 'content')
      metadata.push({
        item: e.item.id,
        name: shortItemName(e.item, 14),
        kind: e.item.kind,
        fields,
        hows: e.hows,
        firstT: e.firstT,
      });
  }
  // Messages first, newest knowledge last (the order it was learned in).
  readable.sort((a, b) => Number(b.message) - Number(a.message) || a.contentT - b.contentT);
  return {
    party,
    t,
    readable,
    cipher,
    metadata,
    notices: noticesAt(index, party, t),
    messagesInRun: index.items.filter((i) => isMessageKind(i.kind)).length,
  };
}

/**
 * The time of the latest thing `party` learned or was shown by t (-1 if nothing): the party view changes only
 * when this does, so scrubbing recomputes it only at those moments.
 */
export function partyKnownAt(index: RunIndex, party: string, t: number): number {
  const list = index.byParty.get(party);
  const n = list ? upperBound(list.times, t) : 0;
  let known = n > 0 ? list!.times[n - 1]! : -1;
  for (const notice of index.notices)
    if (notice.user === party && notice.t <= t) known = Math.max(known, notice.t);
  return known;
}
