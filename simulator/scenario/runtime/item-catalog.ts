/**
 * Which expectation item kind (item-kinds.ts) each ledger item is, and whose it is. The ledger
 * names items the way the party code that registers them does — `devices:+1 555 0101`,
 * `backup:bob:1`, `call:alice>bob#1`, a message's own id — so this is the one place that reads
 * those ids. tests/scenarios/expectations-ledger.test.ts checks that every item of every library run
 * is classified, so an item a party starts registering under a new name cannot silently escape
 * every selector.
 */
import type { ItemRecord } from '../../ledger/types.js';
import type { ItemKindName } from '../item-kinds.js';
import type { RunContext } from './context.js';

/** A ledger item with its expectation kind and the parties (or group) it is of. */
export interface CatalogItem {
  readonly record: ItemRecord;
  /** Undefined for an item no kind describes (none in the library; see the file comment). */
  readonly kind: ItemKindName | undefined;
  /** Party ids (devices too, for keys) or, for group membership, the group id. */
  readonly subjects: readonly string[];
}

/** What classification needs from the run. */
export interface CatalogLookup {
  /** The party that owns a phone number. */
  ownerOf(number: string): string | undefined;
  /** The accounts a scenario message is between (sender first), when it is one. */
  participants(messageId: string): readonly string[] | undefined;
}

type Rule = readonly [
  RegExp,
  ItemKindName,
  (match: RegExpExecArray, item: ItemRecord, lookup: CatalogLookup) => string[],
];

const byNumber = (match: RegExpExecArray, _item: ItemRecord, lookup: CatalogLookup): string[] => {
  const owner = lookup.ownerOf(match[1]!);
  return owner === undefined ? [] : [owner];
};

/** Id patterns of the items parties register, most specific first. */
const RULES: readonly Rule[] = [
  [/^devices:(.+)$/, 'device-list', byNumber],
  [/^registration:(.+)$/, 'account', byNumber],
  [/^address-book:(.+)$/, 'address-book', byNumber],
  [/^presence:(.+)$/, 'presence', byNumber],
  [/^sim:(.+)$/, 'sim', byNumber],
  [/^code:(.+):\d+$/, 'registration-code', byNumber],
  [/^pin-reset:(.+):\d+$/, 'pin-reset-link', byNumber],
  [/^profile:(.+)$/, 'profile', byNumber],
  [/^group:(.+)$/, 'group-membership', (match) => [match[1]!]],
  [/^backup-key:([^:]+):/, 'backup-key', (match) => [match[1]!]],
  [/^backup:([^:]+):/, 'backup', (match) => [match[1]!]],
  [/^key:(.+)$/, 'identity-key', (match, item) => (item.author ? [item.author, match[1]!] : [match[1]!])],
  [/^call:([^>]+)>(.+)#\d+$/, 'call', (match) => [match[1]!, match[2]!]],
];

/** The kind and subjects of one ledger item. */
export function classifyItem(item: ItemRecord, lookup: CatalogLookup): CatalogItem {
  if (item.kind === 'message' || item.kind === 'group-message') {
    const participants = lookup.participants(item.id) ?? (item.author ? [item.author] : []);
    return { record: item, kind: 'message', subjects: participants };
  }
  for (const [pattern, kind, subjects] of RULES) {
    const match = pattern.exec(item.id);
    if (match) return { record: item, kind, subjects: subjects(match, item, lookup) };
  }
  return { record: item, kind: undefined, subjects: item.author ? [item.author] : [] };
}

/** The lookup for a finished run: owners of numbers, and who each scenario message is between. */
export function runLookup(context: RunContext): CatalogLookup {
  const participants = new Map<string, string[]>();
  const groupMembers = new Map(context.scenario.groups.map((g) => [g.id, [g.admin, ...g.members]]));
  for (const step of context.scenario.steps) {
    const action = step.action;
    if (action.type === 'send') {
      const account = action.as ?? action.from;
      // Who it was actually sent to (group members at the time) when the step ran; else as written.
      const intended = context.intents.get(action.id)?.recipients;
      const recipients =
        intended ?? (action.group !== undefined ? (groupMembers.get(action.group) ?? []) : [action.to!]);
      participants.set(action.id, unique([account, ...recipients]));
    } else if (action.type === 'business-message') {
      participants.set(action.id, [action.from, action.to]);
    }
  }
  return {
    ownerOf: (number) => context.owners.get(number),
    participants: (id) => participants.get(id),
  };
}

function unique(ids: readonly string[]): string[] {
  return [...new Set(ids)];
}
