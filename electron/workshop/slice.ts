// The server-side filter of issue 14: what one participant may receive. Only its own party's observations up
// to the cursor, only the items those observations name, item labels cut to what the party knows (a message's
// quoted text only when the party holds its content; its route only when the party learned sender or
// recipient), no content digests it could test guesses against, the notices its own user was shown, and the
// steps done so far by action name (a step's narration may quote a message, so it stays on the presenter's
// screen). Pure: the leak test (tests/unit/workshop-leak.test.ts) runs it over whole library runs.
import type { ItemRecord, ObservationRecord } from '../../simulator/ledger/types.js';
import type { PartySlice, SliceItem } from './protocol.js';
import { timeAt, type WorkshopRun } from './run-data.js';

/** The part of a label before a quoted text (`alice → +1 555 0101` of `alice → +1 555 0101: "hi"`). */
function routeOf(label: string): string {
  const i = label.indexOf(': "');
  return i >= 0 ? label.slice(0, i) : label;
}

function hasQuote(label: string): boolean {
  return /"[\s\S]*"\s*$/.test(label);
}

const KIND_WORDS: Readonly<Record<string, string>> = {
  message: 'message',
  'group-message': 'group message',
  media: 'media',
  'history-bundle': 'history',
};

/** An item as `party` may see it, given the fields it holds of it by now. */
export function redactItem(item: ItemRecord, fields: ReadonlySet<string>): SliceItem {
  const out: SliceItem = { id: item.id, kind: item.kind, label: item.label };
  if (item.author !== undefined) out.author = item.author;
  if (item.t !== undefined) out.t = item.t;
  if (fields.has('content')) return out;
  if (hasQuote(item.label)) {
    const word = KIND_WORDS[item.kind] ?? item.kind;
    out.label =
      fields.has('sender') || fields.has('recipient')
        ? `${routeOf(item.label)} (${word})`
        : `${word} ${item.id}`;
  }
  // Who wrote an item is metadata: keep it only when the party learned the sender.
  if (!fields.has('sender') && !fields.has('content')) delete out.author;
  return out;
}

/** Everything `party` may receive at cursor `position`. */
export function partySlice(run: WorkshopRun, party: string, position: number): PartySlice {
  const t = timeAt(run, position);
  const observations: ObservationRecord[] = run.ledger.observations
    .filter((o) => o.party === party && o.t <= t)
    .sort((a, b) => a.t - b.t || a.seq - b.seq);
  const fields = new Map<string, Set<string>>();
  for (const o of observations) {
    let set = fields.get(o.item);
    if (!set) fields.set(o.item, (set = new Set()));
    for (const f of o.fields) set.add(f);
  }
  const items = run.ledger.items
    .filter((it) => fields.has(it.id))
    .map((it) => redactItem(it, fields.get(it.id)!));
  const notices: PartySlice['notices'] = [];
  for (const e of run.journal) {
    if (e.type !== 'notice' || e.user !== party || e.t > t) continue;
    const n: PartySlice['notices'][number] = { seq: e.seq, t: e.t, type: 'notice', user: party };
    if (typeof e.kind === 'string') n.kind = e.kind;
    if (typeof e.about === 'string') n.about = e.about;
    if (typeof e.detail === 'string') n.detail = e.detail;
    notices.push(n);
  }
  const kind = run.parties.find((p) => p.id === party)?.kind ?? 'unknown';
  return {
    party,
    kind,
    parties: run.parties.map((p) => ({ id: p.id, kind: p.kind })),
    t,
    endT: run.endT,
    items,
    observations: observations.map((o) => ({
      seq: o.seq,
      t: o.t,
      party: o.party,
      item: o.item,
      fields: [...o.fields],
      how: { ...o.how },
      ...(o.evidenceDigest !== undefined ? { evidenceDigest: o.evidenceDigest } : {}),
    })),
    notices,
    steps: run.steps
      .filter((s) => s.index < position)
      .map((s) => ({ index: s.index, t: s.t, seq: s.seq, action: s.action, path: s.path })),
  };
}
