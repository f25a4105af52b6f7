/**
 * Parties: everyone who can hold bytes in a run. A party's fields set its initial configuration
 * only; what it ends up seeing is recorded by its own code in the ledger, never declared here.
 * Options the sources leave open (SCENARIOS.md "inf.") are fields with a stated default.
 */
import { profileSchema } from './schema-profile.js';
import { z } from 'zod';
import { durationSchema, idSchema, refSchema, textSchema } from './schema-common.js';

/** Up to four companions per account (SCENARIOS.md A.8). */
export const MAX_LINKED_DEVICES = 4;

function base<K extends string>(kind: K, what: string) {
  return {
    id: idSchema(
      'Unique id of this party, used by steps and expectations (parties and devices share one namespace)',
    ),
    kind: z.literal(kind).describe(`\`${kind}\`: ${what}`),
    name: textSchema('Display name in reports and the UI (defaults to the id)', 200).optional(),
    note: textSchema('Trainer note about this party (Markdown)').optional(),
  };
}

const retentionDays = (what: string) => z.number().int().min(0).max(3650).describe(`${what}, in days`);

export const backupSettingsSchema = z
  .strictObject({
    provider: refSchema('The `backup-provider` party that stores the backup (e.g. Google Drive, iCloud)'),
    mode: z
      .enum(['plain', 'encrypted-password', 'encrypted-key'])
      .default('plain')
      .describe(
        'How the backup is protected: `plain` (not end-to-end encrypted, the default), `encrypted-password` (key held by the key vault behind a password), `encrypted-key` (64-digit key kept by the user)',
      ),
    password: textSchema('Backup password for `encrypted-password` mode', 200).optional(),
    vault: refSchema(
      'The `key-vault` party holding the backup key in password mode (may be omitted when there is exactly one)',
    ).optional(),
  })
  .describe('Chat backup settings of this user');

/**
 * What a primary sends a newly linked device. [MD]: "a bundle of the messages from recent chats";
 * secondary sources say the last three months. How recent, and whether there is a count limit, is not
 * documented, so both are options with a stated default (docs/model.md).
 */
export const historySyncSchema = z
  .strictObject({
    max_age: durationSchema(
      'Oldest message (by its timestamp) the primary puts in the history bundle for a newly linked device; default 90d, an inference from secondary sources ("the last three months")',
    ).prefault('90d'),
    max_messages: z
      .number()
      .int()
      .min(0)
      .max(1_000_000)
      .optional()
      .describe('Most messages in the bundle, the newest kept (omit: no count limit; undocumented)'),
  })
  .describe('The history bundle this user’s primary sends a newly linked device (recent messages only)');

export const userPartySchema = z
  .strictObject({
    ...base('user', 'a person with a primary phone and optional linked devices'),
    number: textSchema('Phone number, quoted (e.g. "+1 555 0100"); generated when omitted', 32).optional(),
    phone: idSchema('Device id of the primary phone (default `<id>-phone`)').optional(),
    linked_devices: z
      .array(idSchema('Device id of a companion (linked device)'))
      .max(MAX_LINKED_DEVICES)
      .default([])
      .describe(`Companion devices linked before the run starts (at most ${MAX_LINKED_DEVICES})`),
    online: z.boolean().default(true).describe('Whether the user’s devices are online when the run starts'),
    profile: profileSchema.optional(),
    security_notifications: z
      .boolean()
      .default(false)
      .describe(
        'Shows "security code changed" notices (opt-in in WhatsApp). A `security-notifications` defence for this user overrides it',
      ),
    read_receipts: z
      .boolean()
      .default(true)
      .describe('Sends read receipts (delivery receipts are always sent)'),
    backup: backupSettingsSchema.optional(),
    history_sync: historySyncSchema.prefault({}),
    client: z
      .enum(['official', 'modded'])
      .default('official')
      .describe('The app this user runs: `official` or a `modded` build (needs `vendor`)'),
    vendor: refSchema('The `mod-vendor` party whose modded client this user runs').optional(),
  })
  .transform((user) => ({ ...user, phone: user.phone ?? `${user.id}-phone` }))
  .meta({ id: 'UserParty', title: 'user' });

export const chatServerPartySchema = z
  .strictObject({
    ...base('chat-server', 'the messaging service: prekey directory, device lists, routing, queues, groups'),
    queue_retention_days: retentionDays(
      'How long undelivered (encrypted) messages are kept before being dropped',
    ).default(30),
    one_time_prekeys: z
      .number()
      .int()
      .min(0)
      .max(1000)
      .default(20)
      .describe(
        'One-time prekeys each device uploads and keeps topped up (0 = signed-prekey-only sessions). WhatsApp does not publish its count; 20 keeps runs fast and makes depletion easy to show',
      ),
    plain_backup_encryption: z
      .enum(['server-key', 'none'])
      .default('server-key')
      .describe(
        'How a backup that is not end-to-end encrypted (user backup mode `plain`) is protected: `server-key` (the default: encrypted under a per-account key this server holds and releases only to an install registered on the number, so the cloud provider holds ciphertext) or `none` (uploaded as readable history, so the provider reads it). Sources differ on whether the provider can read such backups; see docs/model.md',
      ),
    backup_keys_on_warrant: z
      .boolean()
      .default(false)
      .describe(
        'Whether a search warrant on this server also discloses the target’s server-held backup key (sources are silent; default false, an inference)',
      ),
    max_linked_devices: z
      .number()
      .int()
      .min(0)
      .max(MAX_LINKED_DEVICES)
      .default(MAX_LINKED_DEVICES)
      .describe(
        'Most companion devices one account may link; a further link (a user’s own, or a victim lured into scanning an attacker’s code) is refused. WhatsApp allows four; a lower number models an organisation’s policy',
      ),
  })
  .meta({ id: 'ChatServerParty', title: 'chat-server' });

export const registrationPartySchema = z
  .strictObject({
    ...base('registration', 'the SMS/voice registration-code service and two-step verification check'),
    pin_reset_wait_days: retentionDays(
      'Wait before a number can be re-registered without the two-step PIN (pending messages are then dropped)',
    ).default(7),
    email_reset_drops_pending: z
      .boolean()
      .default(false)
      .describe(
        'Whether registering after an email PIN reset also drops the messages waiting for the old phone, as the 7-day reset does (sources are silent; default false, an inference)',
      ),
  })
  .meta({ id: 'RegistrationParty', title: 'registration' });

export const carrierPartySchema = z
  .strictObject({
    ...base('carrier', 'the mobile carrier: SIMs, SMS delivery, voicemail'),
    sim_swap_checks: z
      .enum(['none', 'weak', 'strong'])
      .default('weak')
      .describe(
        'Identity checks before a SIM swap: `none`, `weak` (social engineering works; default), `strong`',
      ),
    voicemail_default_pin: z
      .boolean()
      .default(true)
      .describe(
        'Voicemail boxes still use the carrier’s default PIN unless the user set one (`voicemail-pin`)',
      ),
    subscribers: z
      .array(refSchema('A `user` served by this carrier'))
      .optional()
      .describe('Users whose numbers this carrier serves (default: every user)'),
  })
  .meta({ id: 'CarrierParty', title: 'carrier' });

export const networkObserverPartySchema = z
  .strictObject({
    ...base('network-observer', 'someone on the network path (ISP, Wi-Fi operator, state tap)'),
    taps: z
      .union([z.literal('all'), z.array(refSchema('A user or device whose link is tapped')).min(1)])
      .default('all')
      .describe('Which links this observer sees: a list of user or device ids, or `all`'),
  })
  .meta({ id: 'NetworkObserverParty', title: 'network-observer' });

export const backupProviderPartySchema = z
  .strictObject({ ...base('backup-provider', 'a cloud storage service holding chat backups') })
  .meta({ id: 'BackupProviderParty', title: 'backup-provider' });

export const keyVaultPartySchema = z
  .strictObject({
    ...base('key-vault', 'the HSM backup key vault (password-protected backup keys)'),
    max_attempts: z
      .number()
      .int()
      .min(1)
      .max(100)
      .default(10)
      .describe('Wrong password attempts before the key is locked out permanently'),
  })
  .meta({ id: 'KeyVaultParty', title: 'key-vault' });

export const cloudApiPartySchema = z
  .strictObject({
    ...base('cloud-api', 'a Cloud API host that decrypts messages on a business’s behalf'),
    storage: z
      .enum(['default', 'local', 'none'])
      .default('default')
      .describe(
        '`default` (keeps messages up to `retention_days`), `local` (Local Storage), `none` (No Storage)',
      ),
    retention_days: retentionDays('How long decrypted messages are kept').default(30),
  })
  .meta({ id: 'CloudApiParty', title: 'cloud-api' });

export const bspPartySchema = z
  .strictObject({
    ...base('bsp', 'a Business Solution Provider receiving messages by webhook'),
    retention_days: retentionDays('How long the BSP keeps messages (omit: kept indefinitely)').optional(),
  })
  .meta({ id: 'BspParty', title: 'bsp' });

export const crmPartySchema = z
  .strictObject({
    ...base('crm', 'a business CRM or dashboard'),
    retention_days: retentionDays('How long the CRM keeps messages (omit: kept indefinitely)').optional(),
  })
  .meta({ id: 'CrmParty', title: 'crm' });

export const businessPartySchema = z
  .strictObject({
    ...base('business', 'a business account customers message'),
    number: textSchema('Business phone number, quoted', 32).optional(),
    hosting: z
      .enum(['cloud-api', 'on-premises', 'bsp-hosted'])
      .describe('Where the business’s WhatsApp client runs: `cloud-api`, `on-premises` or `bsp-hosted`'),
    host: refSchema(
      'The party running the client: a `cloud-api` party for `cloud-api`, a `bsp` for `bsp-hosted`; omit for `on-premises`',
    ).optional(),
    bsp: refSchema('The `bsp` party messages are forwarded to by webhook').optional(),
    crm: refSchema('The `crm` party messages end up in').optional(),
  })
  .meta({ id: 'BusinessParty', title: 'business' });

export const modVendorPartySchema = z
  .strictObject({
    ...base('mod-vendor', 'the vendor of a modded client (GB/FM/YoWhatsApp style)'),
    exfiltrates: z
      .boolean()
      .default(true)
      .describe('Whether the vendor’s build sends messages and keys home (known trojanised builds did)'),
  })
  .meta({ id: 'ModVendorParty', title: 'mod-vendor' });

export const attackerPartySchema = z
  .strictObject({
    ...base('attacker', 'an attacker; its capabilities come only from the steps it performs'),
    number: textSchema('The attacker’s own phone number, quoted', 32).optional(),
  })
  .meta({ id: 'AttackerParty', title: 'attacker' });

export const lawEnforcementPartySchema = z
  .strictObject({ ...base('law-enforcement', 'an agency making lawful requests to the service') })
  .meta({ id: 'LawEnforcementParty', title: 'law-enforcement' });

export const partySchema = z
  .discriminatedUnion('kind', [
    userPartySchema,
    chatServerPartySchema,
    registrationPartySchema,
    carrierPartySchema,
    networkObserverPartySchema,
    backupProviderPartySchema,
    keyVaultPartySchema,
    cloudApiPartySchema,
    bspPartySchema,
    crmPartySchema,
    businessPartySchema,
    modVendorPartySchema,
    attackerPartySchema,
    lawEnforcementPartySchema,
  ])
  .describe('A party: `id`, `kind` and the fields of that kind');

/** A party as the runner receives it (defaults applied). */
export type Party = z.output<typeof partySchema>;
/** Every party kind, in schema order. */
export type PartyKind = Party['kind'];
export type UserParty = z.output<typeof userPartySchema>;
export type BusinessParty = z.output<typeof businessPartySchema>;

export const PARTY_KINDS: readonly PartyKind[] = partySchema.options.map(
  (option) => (option instanceof z.ZodPipe ? option.in : option).shape.kind.value,
);
