/**
 * Defences: named, flippable protections. The base scenario says whether each is on; variants flip
 * them. The engine consults them; no defence declares an outcome (whether it helps is what the run
 * shows).
 */
import { z } from 'zod';
import { durationSchema, idSchema, pinSchema, refSchema, textSchema } from './schema-common.js';

function base<K extends string>(kind: K, what: string) {
  return {
    id: idSchema('Unique id of this defence, used by variants and `enable-defence`/`disable-defence` steps'),
    kind: z.literal(kind).describe(`\`${kind}\`: ${what}`),
    enabled: z.boolean().describe('Whether the defence is on in the base scenario (variants may flip it)'),
    note: textSchema('Trainer note: what this defence does and does not stop (Markdown)').optional(),
  };
}

const userParty = (what: string) => refSchema(`The \`user\` ${what}`);
const serverParty = refSchema(
  'The `chat-server` applying it (may be omitted when there is exactly one)',
).optional();

function defence<K extends string, S extends z.core.$ZodLooseShape>(kind: K, what: string, shape: S) {
  return z.strictObject({ ...base(kind, what), ...shape }).meta({ id: `Defence-${kind}`, title: kind });
}

export const defenceSchemas = [
  defence('two-step-verification', 'a 6-digit PIN is needed to register the account on a new phone', {
    party: userParty('whose account is protected'),
    pin: pinSchema('The 6-digit PIN, quoted'),
    email_reset: z
      .boolean()
      .default(false)
      .describe(
        'Whether the user added a recovery email: "Forgot PIN?" then mails a reset link there, and whoever can read that mailbox (the user, or someone with the account’s stolen credentials) can follow it and register at once, without the 7-day wait',
      ),
    mailbox: refSchema(
      'The `backup-provider` whose account holds the recovery mailbox (Google/Apple accounts serve mail too; default: the user’s backup provider, or the only one)',
    ).optional(),
  }),
  defence('security-notifications', 'the user is shown "security code changed" notices', {
    party: userParty('who sees the notices'),
  }),
  defence('verify-security-code', 'the user compared security codes with a contact out of band', {
    party: userParty('who verified'),
    contact: refSchema('The `user` whose code was verified'),
  }),
  defence('carrier-port-pin', 'the carrier requires a port-out PIN before a SIM swap', {
    party: userParty('whose line is protected'),
  }),
  defence('voicemail-pin', 'the user replaced the default voicemail PIN', {
    party: userParty('who set their own voicemail PIN'),
  }),
  defence('e2ee-backup', 'chat backups are end-to-end encrypted', {
    party: userParty('whose backups are encrypted'),
    mode: z
      .enum(['password', 'key'])
      .describe(
        '`password` (key in the key vault behind a password) or `key` (64-digit key kept by the user)',
      ),
    password: textSchema('The backup password (needed for `password` mode)', 200).optional(),
  }),
  defence('passkeys', 'the account signs in with a passkey instead of an SMS code', {
    party: userParty('who uses a passkey'),
    sms_fallback: z
      .boolean()
      .default(true)
      .describe(
        'Whether SMS registration still works as a fallback (undocumented; default true, an inference)',
      ),
  }),
  defence('chat-lock', 'chats are locked behind a device passcode (device-local only)', {
    party: userParty('who locks chats'),
    chats: z
      .array(refSchema('A `user` or group id whose chat is locked'))
      .optional()
      .describe('Locked chats (default all)'),
  }),
  defence('ip-protection-calls', 'calls are relayed through the server, hiding IP addresses from the peer', {
    party: userParty('who turned it on'),
  }),
  defence(
    'unusual-activity-alert',
    'the user is alerted to unusual activity and offered to log out other sessions',
    {
      party: userParty('who is alerted'),
    },
  ),
  defence('disappearing-messages', 'messages in a chat are deleted from devices after a time', {
    party: refSchema('The `user` whose chats use it (omit when `group` is given)').optional(),
    group: refSchema('The group whose chat uses it').optional(),
    ttl: durationSchema('How long a message stays on devices'),
  }),
  defence('key-transparency', 'clients check keys against an audited, append-only key directory', {
    party: refSchema('The `user` whose client verifies (omit: every client)').optional(),
  }),
  defence('review-linked-devices', 'the user periodically reviews Linked Devices and removes unknown ones', {
    party: userParty('who reviews'),
    interval: durationSchema('Time between reviews').prefault('1d'),
  }),
  defence(
    'blocking-resend',
    'undelivered messages are NOT re-sent to a changed key until the user approves',
    {
      party: refSchema('The `user` whose client blocks (omit: every client)').optional(),
    },
  ),
  defence('prekey-rate-limit', 'the server limits prekey bundle fetches per requester', {
    party: serverParty,
    max_fetches: z.number().int().min(1).max(100_000).default(10).describe('Fetches allowed per window'),
    window: durationSchema('The rate-limit window').prefault('1h'),
  }),
  defence(
    'receipt-hardening',
    'the server suppresses receipts for probes (reactions to unknown messages etc.)',
    {
      party: serverParty,
    },
  ),
  defence('enumeration-rate-limit', 'the server limits contact-discovery lookups', {
    party: serverParty,
    max_lookups: z.number().int().min(1).max(10_000_000).default(1000).describe('Lookups allowed per window'),
    window: durationSchema('The rate-limit window').prefault('1h'),
  }),
  defence('signed-group-membership', 'group membership changes must be signed by an admin (Signal-style)', {
    group: refSchema('The group (omit: every group)').optional(),
  }),
  defence('pqxdh', 'post-quantum prekeys (ML-KEM) in session setup; off in WhatsApp’s whitepaper', {}),
  defence('official-client-only', 'the server bans accounts seen using modded clients', {
    party: serverParty,
  }),
  defence('silence-unknown-callers', 'calls from unknown numbers do not ring', {
    party: userParty('who silences unknown callers'),
  }),
  defence('local-storage', 'the Cloud API host keeps data at rest only in the chosen region', {
    party: refSchema('The `cloud-api` party'),
  }),
  defence('no-storage', 'the Cloud API host keeps in-use data at most an hour', {
    party: refSchema('The `cloud-api` party'),
  }),
] as const;

export const defenceSchema = z
  .discriminatedUnion('kind', defenceSchemas)
  .describe('A defence: `id`, `kind`, `enabled` and the fields of that kind');

export type Defence = z.output<typeof defenceSchema>;
export type DefenceKind = Defence['kind'];
export const DEFENCE_KINDS: readonly DefenceKind[] = defenceSchemas.map((s) => s.shape.kind.value);
