/**
 * Expectations: what a trainer claims will happen, checked against the ledger after the run. They
 * are claims to test, never inputs to the engine — a run cannot be made to pass by writing one.
 */
import { z } from 'zod';
import { FIELDS, type Field } from '../ledger/types.js';
import { messageSetSchema, refSchema } from './schema-common.js';

/** Fields a party may learn without the content: the ledger's fields less `content` (one list, in the ledger). */
export type MetadataField = Exclude<Field, 'content'>;
export const METADATA_FIELDS = FIELDS.filter((field): field is MetadataField => field !== 'content') as [
  MetadataField,
  ...MetadataField[],
];

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
