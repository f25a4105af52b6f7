/**
 * Types of the observation ledger: items (what can be seen), observations (who saw which fields of
 * an item, when, and how), and the plain-JSON shape a run's ledger is saved in. Every derived view
 * (matrix, party view, timeline, diff) is a pure function of `LedgerData`, so it works the same on a
 * live run and on a run loaded from disk.
 */

/** What an item is. */
export const ITEM_KINDS = [
  'message',
  'group-message',
  'media',
  'receipt',
  'history-bundle',
  'backup',
  'key',
  'call',
  'registration',
  'device-list',
  'address-book',
  'other',
] as const;
export type ItemKind = (typeof ITEM_KINDS)[number];

/** What a party can learn about an item; `content` is the plaintext itself, the rest is metadata. */
export const FIELDS = [
  'content',
  'sender',
  'recipient',
  'timestamp',
  'size',
  'ip',
  'device-list',
  'group-membership',
  'push-token',
  'keys',
  'address-book',
  'online-status',
] as const;
export type Field = (typeof FIELDS)[number];

/**
 * How a party came to know what it knows. Only `authored`, `decrypted`, `clear`, `backup` and
 * `exfiltrated` can carry content (CONTENT_HOW_KINDS), and then only with matching evidence.
 */
export type How =
  /** The party wrote the item (the sender of a message, the maker of a backup). */
  | { readonly kind: 'authored' }
  /** The party decrypted it with a key it held, e.g. `session alice.1→bob.1 message key #3`. */
  | { readonly kind: 'decrypted'; readonly with: string }
  /** It arrived unencrypted (e.g. an SMS code, a plain webhook, a server's own routing record). */
  | { readonly kind: 'clear'; readonly via?: string }
  /** Read from a backup, e.g. `google-drive backup of alice (plain)`. */
  | { readonly kind: 'backup'; readonly source: string }
  /** Taken from a device by other code, e.g. `modded client fmwhatsapp` or `spyware on bob.phone`. */
  | { readonly kind: 'exfiltrated'; readonly by: string }
  /** Inferred from timing (receipt round trips, refill patterns). */
  | { readonly kind: 'timing'; readonly detail: string }
  /** Held bytes it could not read. */
  | { readonly kind: 'ciphertext'; readonly detail?: string }
  /** Metadata the party necessarily handles to do its job (routing, queueing, fan-out). */
  | { readonly kind: 'routing'; readonly detail?: string };

export type HowKind = How['kind'];

export const HOW_KINDS: readonly HowKind[] = [
  'authored',
  'decrypted',
  'clear',
  'backup',
  'exfiltrated',
  'timing',
  'ciphertext',
  'routing',
];

/** The hows under which a party can hold plaintext. */
export const CONTENT_HOW_KINDS: readonly HowKind[] = [
  'authored',
  'decrypted',
  'clear',
  'backup',
  'exfiltrated',
];

/** Visibility of an item to a party, best first. */
export type VisibilityLevel = 'content' | 'metadata' | 'ciphertext' | 'none';

/** Rank of each level: higher sees more. */
export const LEVEL_RANK: Readonly<Record<VisibilityLevel, number>> = {
  content: 3,
  metadata: 2,
  ciphertext: 1,
  none: 0,
};

/** What `registerItem` takes. */
export interface ItemInput {
  /** Unique id, e.g. the scenario's message id `m3`. */
  readonly id: string;
  readonly kind: ItemKind;
  /** Human label for reports, e.g. `alice → bob: "see you at 8"` (never needed to be secret). */
  readonly label: string;
  /** The party that made it (for a message, the sender). */
  readonly author?: string;
  /** SHA-256 hex of the plaintext; required for any later `content` observation. */
  readonly contentDigest?: string;
  /** Virtual time of registration, ms. */
  readonly t?: number;
}

/** A registered item as stored and serialized. */
export interface ItemRecord {
  readonly id: string;
  readonly kind: ItemKind;
  readonly label: string;
  readonly author?: string;
  readonly contentDigest?: string;
  readonly t?: number;
}

/** What `observe` takes. */
export interface ObservationInput {
  /** Virtual time, ms. */
  readonly t: number;
  /** Id of the observing party. */
  readonly party: string;
  /** Id of a registered item. */
  readonly item: string;
  readonly fields: readonly Field[];
  readonly how: How;
  /** The plaintext bytes the party holds; required iff `fields` includes `content`. Not stored. */
  readonly evidence?: Uint8Array;
}

/** A stored observation (plain JSON). */
export interface ObservationRecord {
  /** Order of recording, from 0. */
  readonly seq: number;
  readonly t: number;
  readonly party: string;
  readonly item: string;
  /** Fields in FIELDS order, without duplicates. */
  readonly fields: readonly Field[];
  readonly how: How;
  /** SHA-256 hex of the evidence, present exactly when `fields` includes `content`. */
  readonly evidenceDigest?: string;
}

/** A whole ledger as plain JSON: what runs save and what every view reads. */
export interface LedgerData {
  readonly items: readonly ItemRecord[];
  readonly observations: readonly ObservationRecord[];
}

/** An item's public summary inside views. */
export interface ItemSummary {
  readonly id: string;
  readonly kind: ItemKind;
  readonly label: string;
  readonly author?: string;
}
