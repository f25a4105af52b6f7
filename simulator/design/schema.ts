/**
 * The design format, version 1: an architect's choices for a WhatsApp-style deployment. A design is
 * not a second model: it is an overlay (overlay.ts) that the scenario engine applies to every library
 * scenario, so what a design "gets" is whatever the real runs put in the ledger. Every field has a
 * default matching consumer WhatsApp today, so `{}` plus the version is the consumer design.
 * The JSON Schema and docs/designs.md are generated from this file (scripts/gen-design-schema.ts).
 */
import { z } from 'zod';
import { KEBAB_CASE } from '../scenario/schema.js';

/** The design format version this build reads and writes. */
export const DESIGN_VERSION = 1;

/**
 * Regions a hosted party can sit in. `us-dpf` is a US host certified under the EU-U.S. Data Privacy
 * Framework (an adequacy decision, GDPR Art. 45); `us` is a US host without it.
 */
export const REGIONS = ['eu', 'eea', 'uk', 'ch', 'us-dpf', 'us', 'in', 'br', 'sg', 'other'] as const;
export type Region = (typeof REGIONS)[number];

const region = (what: string, fallback: Region) =>
  z.enum(REGIONS).default(fallback).describe(`Region of ${what} (default \`${fallback}\`)`);

const days = (what: string) =>
  z.number().int().min(0).max(3650).describe(`${what}, in days (omit: kept indefinitely)`);

export const BUSINESS_HOSTING = ['none', 'on-premises', 'cloud-api', 'cloud-api-bsp-crm'] as const;
export type BusinessHosting = (typeof BUSINESS_HOSTING)[number];

export const BACKUP_MODES = ['off', 'plain', 'e2ee-password', 'e2ee-key', 'e2ee-passkey'] as const;
export type BackupPolicy = (typeof BACKUP_MODES)[number];

export const DISAPPEARING_DEFAULTS = ['off', '24h', '7d', '90d'] as const;
export type DisappearingDefault = (typeof DISAPPEARING_DEFAULTS)[number];

export const businessSchema = z
  .strictObject({
    hosting: z
      .enum(BUSINESS_HOSTING)
      .default('none')
      .describe(
        'Business messaging: `none` (consumer chats only, the default), `on-premises` (the business runs its own client), `cloud-api` (Meta’s Cloud API decrypts on the business’s behalf), `cloud-api-bsp-crm` (Cloud API, then a Business Solution Provider webhook feeding a CRM)',
      ),
    cloud_api_storage: z
      .enum(['default', 'local', 'none'])
      .default('default')
      .describe(
        'Cloud API storage option: `default` (messages kept up to the Cloud API retention), `local` (Local Storage: at rest only in the chosen region), `none` (No Storage: in-use data at most an hour)',
      ),
  })
  .describe('How businesses are reached');

export const regionsSchema = z
  .strictObject({
    users: region('the users whose data this is (the data subjects)', 'eu'),
    chat_server: region('the chat server', 'us-dpf'),
    cloud_api: region('the Cloud API host', 'us-dpf'),
    bsp: region('the Business Solution Provider', 'eu'),
    crm: region('the CRM', 'eu'),
    backup_provider: region('the cloud backup provider', 'us-dpf'),
    key_vault: region('the backup key vault (HSM)', 'us-dpf'),
  })
  .describe('Where every hosted party runs');

export const retentionSchema = z
  .strictObject({
    chat_server_queue_days: days('How long the chat server keeps undelivered (encrypted) messages').default(
      30,
    ),
    cloud_api_days: days('How long the Cloud API keeps decrypted messages (storage `default`)').default(30),
    bsp_days: days('How long the BSP keeps messages').optional(),
    crm_days: days('How long the CRM keeps messages').optional(),
  })
  .describe('Retention per hosted party');

export const defencesSchema = z
  .strictObject({
    two_step_verification: z
      .boolean()
      .default(false)
      .describe('Every user sets a two-step verification PIN (opt-in in WhatsApp; default off)'),
    registration_lock_days: z
      .number()
      .int()
      .min(0)
      .max(3650)
      .default(7)
      .describe(
        'Registration lock: days a number stays locked to its 2SV PIN before it can be re-registered without it (WhatsApp: 7)',
      ),
    linked_device_limit: z
      .number()
      .int()
      .min(0)
      .max(4)
      .default(4)
      .describe('Most companion devices an account may link (WhatsApp: 4)'),
    chat_lock: z.boolean().default(false).describe('Users lock their chats behind a device passcode'),
    call_ip_protection: z
      .boolean()
      .default(false)
      .describe('Calls are relayed through the server, hiding IP addresses from the peer'),
    disappearing_default: z
      .enum(DISAPPEARING_DEFAULTS)
      .default('off')
      .describe('Default disappearing-messages timer for new chats (`off`, `24h`, `7d`, `90d`)'),
    safety_number_verification: z
      .boolean()
      .default(false)
      .describe('Users habitually compare security codes out of band and turn on security notifications'),
    mod_client_attestation: z
      .boolean()
      .default(false)
      .describe('The server attests clients and bans accounts using modded builds'),
  })
  .describe('Account and chat defences');

export const designSchema = z
  .strictObject({
    'sightline-design': z
      .literal(DESIGN_VERSION)
      .describe('Design format version; this build reads version 1'),
    id: z
      .string()
      .regex(KEBAB_CASE, { error: 'design ids are kebab-case, e.g. `business-cloud-api`' })
      .max(80)
      .describe('Unique kebab-case id of the design'),
    title: z.string().min(1).max(200).describe('Title shown in reports and the app'),
    description: z.string().max(5000).optional().describe('What this design is and why (Markdown)'),
    business: businessSchema.prefault({}),
    regions: regionsSchema.prefault({}),
    retention: retentionSchema.prefault({}),
    backup: z
      .enum(BACKUP_MODES)
      .default('plain')
      .describe(
        'Chat backups: `off`, `plain` (not end-to-end encrypted; the default), `e2ee-password`, `e2ee-key` (64-digit key), `e2ee-passkey`',
      ),
    plain_backup_protection: z
      .enum(['server-key', 'none'])
      .default('server-key')
      .describe(
        'How a `plain` backup is protected: `server-key` (sealed under a key the chat operator holds and releases only at registration, so the cloud provider holds ciphertext; the default) or `none` (readable by the cloud provider). Sources differ (docs/model.md B6); this sets the chat server’s `plain_backup_encryption`',
      ),
    defences: defencesSchema.prefault({}),
    group_size: z
      .number()
      .int()
      .min(0)
      .max(256)
      .default(0)
      .describe('Members of every group chat (0: as each scenario has it)'),
  })
  .meta({ id: 'Design', title: 'Sightline design', description: 'A Sightline design document (version 1)' });

/** A parsed design (defaults applied). */
export type Design = z.output<typeof designSchema>;
/** A design as written in YAML. */
export type DesignInput = z.input<typeof designSchema>;
