// Reading ledger items for display: which items are messages (the things a room cares about first), the message
// text inside an item label (`alice → +1 555 0101: "see you"`), and short names for columns. Pure.
import type { ItemKind, ItemSummary } from '../../../simulator/ledger/types.js';

const MESSAGE_KINDS: ReadonlySet<ItemKind> = new Set(['message', 'group-message', 'media']);

export function isMessageKind(kind: ItemKind): boolean {
  return MESSAGE_KINDS.has(kind);
}

/** The quoted text at the end of a label, or null (`alice → bob: "hi"` → `hi`). */
export function quotedText(label: string): string | null {
  const match = /"(.*)"\s*$/s.exec(label);
  return match ? match[1]! : null;
}

/** The part of a label before the quoted text (`alice → +1 555 0101`). */
export function labelRoute(label: string): string {
  const i = label.indexOf(': "');
  return i >= 0 ? label.slice(0, i) : label;
}

const KIND_WORDS: Partial<Record<ItemKind, string>> = {
  message: 'message',
  'group-message': 'group message',
  media: 'media',
  receipt: 'receipt',
  'history-bundle': 'history',
  backup: 'backup',
  key: 'key',
  call: 'call',
  registration: 'registration',
  'device-list': 'device list',
  'address-book': 'contacts',
  other: 'item',
};

export function kindWord(kind: ItemKind): string {
  return KIND_WORDS[kind] ?? kind;
}

/** Words at the start of engine labels, shortened for columns (`registration code for bob` → `code bob`). */
const LABEL_HEADS: readonly (readonly [RegExp, string])[] = [
  [/^registration code (?:for|of) (\S+)/, 'code'],
  [/^registration of (\S+)/, 'reg.'],
  [/^device list of (\S+)/, 'devices'],
  [/^SIM of (\S+)/, 'SIM'],
  [/^(\S+?)'s chat backup/, 'backup'],
  [/^(\S+?)'s backup key/, 'key'],
];

/**
 * A short column name for an item: short ids stay as they are (`m3`); long engine ids such as
 * `code:+1 555 0101:1` or `devices:+1 555 0100` are named from their label (`code bob`, `devices alice`).
 */
export function shortItemName(item: Pick<ItemSummary, 'id' | 'kind' | 'label'>, max = 12): string {
  if (item.id.length <= max) return item.id;
  for (const [re, word] of LABEL_HEADS) {
    const m = re.exec(item.label);
    if (m) return clip(`${word} ${m[1]}`, max);
  }
  const parts = item.id.split(':').filter((p) => p.length > 0 && !/^\+?[\d ]+$/.test(p));
  return clip(parts.join(' ') || item.id, max);
}

/** Truncates to `max` characters with an ellipsis. */
export function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, Math.max(1, max - 1))}…`;
}
