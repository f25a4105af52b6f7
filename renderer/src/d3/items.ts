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

/**
 * A short column name for an item: message ids stay as they are (`m3`); long engine ids such as
 * `code:+1 555 0101:1` or `backup:bob:1` become `code 1`, `backup bob`.
 */
export function shortItemName(item: Pick<ItemSummary, 'id' | 'kind'>, max = 12): string {
  if (item.id.length <= max) return item.id;
  const parts = item.id.split(':').filter((p) => p.length > 0);
  const head = parts[0] ?? item.id;
  const tail = parts.length > 1 ? parts[parts.length - 1]! : '';
  const candidate = tail && !/^\+?[\d ]+$/.test(tail) ? `${head} ${tail}` : `${head} ${parts[1] ?? ''}`.trim();
  return candidate.length <= max ? candidate : `${candidate.slice(0, max - 1)}…`;
}

/** Truncates to `max` characters with an ellipsis. */
export function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, Math.max(1, max - 1))}…`;
}
