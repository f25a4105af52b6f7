/**
 * Expectations: what a trainer claims will happen, checked against the ledger after the run. They
 * are claims to test, never inputs to the engine — a run cannot be made to pass by writing one.
 */
import { z } from 'zod';
import { FIELDS, type Field } from '../ledger/types.js';
import { ITEM_KIND_NAMES } from './item-kinds.js';
import { messageSetSchema, refSchema } from './schema-common.js';

/** Fields a party may learn without the content: the ledger's fields less `content` (one list, in the ledger). */
export type MetadataField = Exclude<Field, 'content'>;
export const METADATA_FIELDS = FIELDS.filter((field): field is MetadataField => field !== 'content') as [
  MetadataField,
  ...MetadataField[],
];

/**
 * What of an item `holds` / `lacks` / `never` are about: its plaintext, one metadata field, its
 * encrypted bytes, or anything at all.
 */
export const HOLDING_WHATS = ['content', ...METADATA_FIELDS, 'ciphertext', 'anything'] as const;
export type HoldingWhat = (typeof HOLDING_WHATS)[number];

/** `item: {kind, of?, id?}` — ledger items by kind, whose, or one by its id. */
export const itemSelectorSchema = z
  .strictObject({
    kind: z.enum(ITEM_KIND_NAMES).describe('The kind of item (see “Item kinds” above)'),
    of: refSchema(
      'Whose: a party or device (for `group-membership`, a group); default: every item of the kind',
    ).optional(),
    id: refSchema(
      'One item by its id: a message id, or an item id as a run lists it (e.g. `backup:bob:1`)',
    ).optional(),
  })
  .meta({
    id: 'ItemSelector',
    title: 'item selector',
    description: 'Ledger items by kind: `{kind, of?, id?}`',
  });

export type ItemSelector = z.output<typeof itemSelectorSchema>;

const itemSchema = z
  .union([
    refSchema('A message id (the `id` of a `send` or `business-message` step)'),
    z.array(refSchema('A message id')).min(1).max(64),
    itemSelectorSchema,
  ])
  .describe(
    'The item(s): a message id, a list of message ids, or a selector `{kind, of?, id?}` (every item it matches)',
  );

export type ItemRef = z.output<typeof itemSchema>;

const whatSchema = z
  .enum(HOLDING_WHATS)
  .optional()
  .describe(
    'What of it: `content` (the plaintext; the default for items that have one), a metadata field, ' +
      '`ciphertext` (its bytes, readable or not) or `anything` (the default for items without content)',
  );

const atStep = (what: string) => refSchema(`The \`id\` of a step: ${what}`);

/** Notices a user's client can show. */
export const NOTICE_KINDS = [
  'security-code-changed',
  'new-device-linked',
  'device-unlinked',
  'unusual-activity',
  'registration-code-requested',
  'logged-out',
  'two-step-pin-attempt',
  'two-step-pin-reset-requested',
  'security-code-mismatch',
  'messages-held',
  'key-transparency-mismatch',
  'group-member-added',
  'group-member-removed',
  'group-change-rejected',
  'business-chat-label',
  'incoming-call',
  'missed-call',
  'call-silenced',
] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];

const party = refSchema('The party (or device) whose view is checked');
const noticeShape = {
  user: refSchema('The `user` whose client shows (or does not show) the notice'),
  kind: z.enum(NOTICE_KINDS).describe('Which notice'),
  about: refSchema('The party the notice is about (e.g. the contact whose code changed)').optional(),
};

/** Every expectation kind, by the key that names it. */
export const checkSchemas = {
  holds: z
    .strictObject({
      party,
      item: itemSchema,
      what: whatSchema,
      at: atStep(
        'checked once that step and what it set off have played out, before the next step (default: the end of the run)',
      ).optional(),
    })
    .describe('The party holds every selected item (its content, a field, its bytes or anything of it)'),
  lacks: z
    .strictObject({
      party,
      item: itemSchema,
      what: whatSchema,
      at: atStep('checked once that step and what it set off have played out, before the next step'),
    })
    .describe('At that step, the party holds none of the selected items (it may later)'),
  never: z
    .strictObject({ party, item: itemSchema, what: whatSchema })
    .describe('At no point in the run does the party hold any of the selected items'),
  'sees-content': z
    .strictObject({ party, messages: messageSetSchema('Messages whose content the party must read') })
    .describe('The party reads the plaintext of every listed message'),
  'never-sees-content': z
    .strictObject({ party, messages: messageSetSchema('Messages checked').default('all') })
    .describe('The party never reads the plaintext of any listed message (default: all messages)'),
  'sees-metadata': z
    .strictObject({
      party,
      field: z.enum(METADATA_FIELDS).describe('The metadata field'),
      messages: messageSetSchema('Messages checked (default: any)').optional(),
    })
    .describe('The party learns this metadata field (of the listed messages, if given)'),
  'sees-nothing': z
    .strictObject({ party, messages: messageSetSchema('Messages checked') })
    .describe('The party holds nothing at all of the listed messages — not even ciphertext or metadata'),
  notice: z.strictObject(noticeShape).describe('The user’s client shows this notice'),
  'no-notice': z.strictObject(noticeShape).describe('The user’s client never shows this notice'),
  action: z
    .strictObject({
      step: refSchema('The `id` of the step checked'),
      outcome: z.enum(['succeeds', 'fails']).describe('`succeeds` or `fails`'),
    })
    .describe('A step succeeds or fails (e.g. a registration blocked by two-step verification)'),
  delivered: z
    .strictObject({
      message: refSchema('The message'),
      to: refSchema('A recipient party or device (default: every intended recipient)').optional(),
    })
    .describe('The message reaches its recipient(s)'),
  lost: z
    .strictObject({ message: refSchema('The message') })
    .describe('The message never reaches any recipient (e.g. it expired in the server queue)'),
} as const;

export type ExpectationKind = keyof typeof checkSchemas;
export const EXPECTATION_KINDS = Object.keys(checkSchemas) as ExpectationKind[];
export type CheckPayload<K extends ExpectationKind> = z.output<(typeof checkSchemas)[K]>;
/**
 * What an expectation claims, tagged by `type` (the expectation kind; `notice` payloads have a
 * `kind` field of their own).
 */
export type ExpectationCheck = { [K in ExpectationKind]: { type: K } & CheckPayload<K> }[ExpectationKind];
