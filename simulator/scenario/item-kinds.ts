/**
 * The kinds of ledger item an expectation can name (`holds`, `lacks`, `never`), as a trainer thinks
 * of them: a message, a call, a backup, someone's device list… Each is what the parties' own code
 * registers in the ledger (runtime/item-catalog.ts maps ledger items to these kinds); this module is
 * the vocabulary, shared by the schema, the cross-checks, the words of each claim and the format
 * reference.
 */

/** What `of` names for a kind: a participant, the owning party (user or attacker), or a group. */
export type ItemSubject = 'participant' | 'owner' | 'group';

export interface ItemKindSpec {
  /** Whether items of this kind carry a plaintext a party can hold (`what: content`). */
  readonly content: boolean;
  readonly subject: ItemSubject;
  /** For the words of a claim: `bob's chat backup`, `messages of bob`, `any device list`. */
  readonly noun: string;
  readonly plural: string;
  /** For the format reference: what it is, and what `of` names. */
  readonly description: string;
  /** For the format reference: how a run lists such items. */
  readonly ids: string;
}

/** Every kind, in the order the format reference lists them. */
export const ITEM_KIND_SPECS = {
  message: {
    content: true,
    subject: 'participant',
    noun: 'message',
    plural: 'messages',
    description:
      'a message of a `send` or `business-message` step, 1:1 or group; `of` its sender or a recipient',
    ids: 'the step’s `id`, e.g. `m1`',
  },
  call: {
    content: true,
    subject: 'participant',
    noun: 'call',
    plural: 'calls',
    description: 'a voice call (its content is the call’s key); `of` the caller or the callee',
    ids: '`call:alice>bob#1`',
  },
  backup: {
    content: true,
    subject: 'owner',
    noun: 'chat backup',
    plural: 'chat backups',
    description:
      'the contents of a chat backup as uploaded to the cloud provider; `of` the user who backed up',
    ids: '`backup:bob:1`',
  },
  'backup-key': {
    content: true,
    subject: 'owner',
    noun: 'backup key',
    plural: 'backup keys',
    description:
      'a key that encrypts chat backups (behind a password, or the 64-digit key); `of` the backups’ owner',
    ids: '`backup-key:bob:1`',
  },
  'identity-key': {
    content: true,
    subject: 'owner',
    noun: 'identity private key',
    plural: 'identity private keys',
    description:
      'a device’s identity private key, once code on the device takes it; `of` the user or the device',
    ids: '`key:bob-phone`',
  },
  'registration-code': {
    content: true,
    subject: 'owner',
    noun: 'registration code',
    plural: 'registration codes',
    description: 'an SMS or voice registration code; `of` the owner of the number',
    ids: '`code:+1 555 0101:1`',
  },
  'pin-reset-link': {
    content: true,
    subject: 'owner',
    noun: 'two-step PIN reset link',
    plural: 'two-step PIN reset links',
    description:
      'a link that resets an account’s two-step verification PIN, mailed to its owner; `of` the owner',
    ids: '`pin-reset:+1 555 0101:1`',
  },
  profile: {
    content: true,
    subject: 'owner',
    noun: 'profile photo and About',
    plural: 'profile photos and Abouts',
    description:
      'a user’s profile photo and “About” text (user `profile`), as the server stores and shows them; `of` the user',
    ids: '`profile:+1 555 0101`',
  },
  account: {
    content: false,
    subject: 'owner',
    noun: 'account',
    plural: 'accounts',
    description:
      'an account record: that the number is registered, when, from which IP, with which keys and devices; `of` its owner',
    ids: '`registration:+1 555 0101`',
  },
  'device-list': {
    content: false,
    subject: 'owner',
    noun: 'device list',
    plural: 'device lists',
    description: 'an account’s list of devices and their public keys; `of` its owner',
    ids: '`devices:+1 555 0101`',
  },
  'address-book': {
    content: false,
    subject: 'owner',
    noun: 'address book',
    plural: 'address books',
    description: 'the contacts an account uploaded, or that the server records for it; `of` its owner',
    ids: '`address-book:+1 555 0101`',
  },
  'group-membership': {
    content: false,
    subject: 'group',
    noun: 'membership',
    plural: 'memberships',
    description: 'who is in a group; `of` the group',
    ids: '`group:family`',
  },
  presence: {
    content: false,
    subject: 'owner',
    noun: 'online status',
    plural: 'online statuses',
    description: 'when an account is online, as timing gives it away; `of` its owner',
    ids: '`presence:+1 555 0101`',
  },
  sim: {
    content: false,
    subject: 'owner',
    noun: 'SIM',
    plural: 'SIMs',
    description: 'a phone line: who holds the SIM of a number; `of` the number’s owner',
    ids: '`sim:+1 555 0101`',
  },
} as const satisfies Record<string, ItemKindSpec>;

export type ItemKindName = keyof typeof ITEM_KIND_SPECS;
export const ITEM_KIND_NAMES = Object.keys(ITEM_KIND_SPECS) as [ItemKindName, ...ItemKindName[]];

/** The spec of a kind (typed wide, so callers can read every member). */
export function itemKindSpec(kind: ItemKindName): ItemKindSpec {
  return ITEM_KIND_SPECS[kind];
}
