/**
 * Every declared option changes at least one ledger outcome (issue 15, §2: "no option may parse and
 * then be ignored").
 *
 * The list of options is walked out of the zod schema, so a new option fails this test until it has
 * an effect and an entry:
 *   - every defence kind: it must change the ledger when switched. Tried generically on the built-in
 *     library: some variant that flips only a defence of that kind must give a different ledger than
 *     the base scenario.
 *   - every field of every defence kind and of every party kind (nested objects down to their leaves):
 *     OPTION_CASES gives a small scenario and two values; the two runs' ledgers must differ.
 * "Ledger outcome" is the set of observations (party, item, fields, how, and the digest of the
 * plaintext held), times left out: an option
 * that only moves events in time, or only writes the journal, does not count.
 * Options that by design affect something else than the ledger are listed, with the reason, in
 * NOT_LEDGER; identifiers and scopes in NAMES_AND_SCOPES. Anything else without a case fails.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { loadScenario } from '../../simulator/scenario/loader.js';
import type { RunResult } from '../../simulator/scenario/result.js';
import { defenceSchemas } from '../../simulator/scenario/schema-defences.js';
import { partySchema } from '../../simulator/scenario/schema-parties.js';
import { resolveVariant } from '../../simulator/scenario/variants.js';
import { header, run } from './helpers.js';

// ---- the options, from the schema ---------------------------------------------------------------

type Schema = z.ZodType;

function unwrap(schema: Schema): Schema {
  let current = schema;
  for (let depth = 0; depth < 16; depth++) {
    if (
      current instanceof z.ZodOptional ||
      current instanceof z.ZodNullable ||
      current instanceof z.ZodDefault ||
      current instanceof z.ZodPrefault
    )
      current = current.unwrap() as Schema;
    else if (current instanceof z.ZodPipe) current = current.in as Schema;
    else return current;
  }
  return current;
}

/** Leaf paths of an object schema, minus `skip` at the top level: `backup.mode`, `history_sync.max_age`, … */
function leaves(schema: Schema, skip: readonly string[], prefix = ''): string[] {
  const object = unwrap(schema);
  if (!(object instanceof z.ZodObject)) return [prefix];
  return Object.entries(object.shape as Record<string, Schema>)
    .filter(([key]) => prefix !== '' || !skip.includes(key))
    .flatMap(([key, field]) => leaves(field, skip, prefix ? `${prefix}.${key}` : key));
}

/** Fields every defence has (its identity and switch), and every party has (identity and labels). */
const DEFENCE_BASE = ['id', 'kind', 'enabled', 'note'];
const PARTY_BASE = ['id', 'kind', 'name', 'note'];

const defenceKinds = defenceSchemas.map((s) => s.shape.kind.value as string);
const defenceFields = defenceSchemas.flatMap((s) =>
  leaves(s, DEFENCE_BASE).map((field) => `defence:${s.shape.kind.value}.${field}`),
);
const partyFields = partySchema.options.flatMap((option) => {
  const object = unwrap(option) as z.ZodObject;
  const kind = (object.shape['kind'] as z.ZodLiteral).value as string;
  return leaves(object, PARTY_BASE).map((field) => `party:${kind}.${field}`);
});

// ---- what does not count -------------------------------------------------------------------------

/** Options whose effect is, by design, outside the ledger (what the user is shown, or the journal). */
const NOT_LEDGER: Record<string, string> = {
  'defence:security-notifications':
    'shows "security code changed" notices (a notice expectation checks it); seeing a notice changes what the user knows, not what any party holds',
  'party:user.security_notifications': 'the same notices, as a user setting',
  'defence:chat-lock':
    'a lock screen inside the app: against every threat the lab models (spyware, mods, backups, breaches) it hides nothing — S22 shows that; its trace is the journal line spyware.chat-lock-bypassed',
  'defence:chat-lock.chats': 'which chats the lock covers (journal only, as above)',
  'defence:verify-security-code':
    'the user compared codes with this contact: their client shows "security code changed" for them even with notifications off — and, as in WhatsApp, never blocks a re-send ([BOEL]; S6#verified-only: "a warning, not a defence"). The blocking behaviour is blocking-resend',
  'defence:verify-security-code.contact': 'whose code was compared (the notice above)',
  'defence:local-storage':
    'Local Storage changes where the Cloud API keeps its copies (in the chosen region; in-use copies elsewhere at most 60 minutes, [LS]), not who decrypts nor how long the host keeps them — S20 and S27 show that; the lab has no regions or jurisdictions, so its trace is the retention places in the journal',
};

/** Identifiers and scopes: they say which party or device something is, or whom a defence covers. */
const NAMES_AND_SCOPES: Record<string, string> = {
  'party:user.number': 'the phone number (an identifier; any value behaves the same)',
  'party:user.phone': 'the primary phone’s device id',
  'party:business.number': 'the business’s number',
  'defence:two-step-verification.pin':
    'the PIN’s digits: the owner types it and no step guesses PINs, so any value protects the same way',
};
for (const kind of defenceKinds) {
  NAMES_AND_SCOPES[`defence:${kind}.party`] =
    'whom the defence covers: each kind’s switch is tested on a defence scoped this way (the library’s), and an unscoped defence covers everyone (world/defences.ts)';
  NAMES_AND_SCOPES[`defence:${kind}.group`] = 'which group the defence covers (scope, as `party`)';
}

// ---- the cases ----------------------------------------------------------------------------------

/** A scenario with a `$` placeholder, and the two values to put there. */
interface OptionCase {
  readonly yaml: string;
  readonly a: string;
  readonly b: string;
}

const at = (yaml: string, a: string, b: string): OptionCase => ({ yaml, a, b });

const PEOPLE = `  - { id: alice, kind: user }
  - { id: whatsapp, kind: chat-server }
  - { id: carrier, kind: carrier }
  - { id: registration, kind: registration }
  - { id: mallory, kind: attacker }`;

/** Bob's number is taken over (SIM swap, then a registration), with Alice's messages around it. */
function takeover(bob: string, defences: string, before = '', after = '', parties = ''): string {
  return `${header('takeover', `${PEOPLE}\n  - ${bob}\n${parties}`)}
defences:
${defences || '  []'}
steps:
  - send: { id: m1, from: alice, to: bob, text: "before" }
  - go-offline: { user: bob }
  - send: { id: m2, from: alice, to: bob, text: "pending" }
  - sim-swap: { attacker: mallory, victim: bob }
${before}  - id: takeover
    register: { user: bob, by: mallory }
  - wait: { duration: 1m }
  - send: { id: m3, from: alice, to: bob, text: "after" }
${after}`;
}

/** Bob backs up to a provider; Mallory takes the number over and guesses at the vault, then restores. */
function backupAttack(bob: string, defences: string, parties: string, guesses = '["hunter2"]'): string {
  return takeover(
    bob,
    defences,
    '  - backup: { user: bob }\n',
    `  - steal-backup-credentials: { attacker: mallory, victim: bob }
  - guess-vault-password: { attacker: mallory, victim: bob, attempts: 1, guesses: ${guesses} }
  - restore-backup: { by: mallory, user: bob }
`,
    parties,
  ).replace('  - go-offline: { user: bob }\n', '');
}

/** Bob is lured into linking Mallory's browser; m0 is 100 days old by then. */
function lure(bob: string, defences = '', after = ''): string {
  return `${header('lure', `${PEOPLE}\n  - ${bob}`)}
defences:
${defences || '  []'}
steps:
  - send: { id: m0, from: alice, to: bob, text: "long ago" }
  - at: 100d
    send: { id: m1, from: alice, to: bob, text: "recent" }
  - send: { id: m2, from: bob, to: alice, text: "latest" }
  - pairing-lure: { attacker: mallory, victim: bob }
  - wait: { duration: 10s }
${after}`;
}

/** Alice messages a business and Mallory breaches the hosts two days later. */
function business(parties: string, defences = ''): string {
  return `${header(
    'business',
    `  - { id: alice, kind: user }
  - { id: whatsapp, kind: chat-server }
  - { id: mallory, kind: attacker }
${parties}`,
  )}
defences:
${defences || '  []'}
steps:
  - business-message: { id: q1, from: alice, to: shop, text: "my order never came" }
  - at: 2d
    compromise: { attacker: mallory, host: capi }
  - compromise: { attacker: mallory, host: bsp }
  - compromise: { attacker: mallory, host: crm }
`;
}

const SHOP_HOSTS = `  - { id: capi, kind: cloud-api }
  - { id: bsp, kind: bsp }
  - { id: crm, kind: crm }`;

/** Mallory scans numbers that include Alice's, whose profile is `profile`. */
function profileLookup(profile: string): string {
  return `${header(
    'profile',
    `  - { id: alice, kind: user, number: "+1 202 555 0142", profile: ${profile} }
  - { id: mallory, kind: attacker, number: "+1 202 555 9999" }
  - { id: whatsapp, kind: chat-server }`,
  )}
steps:
  - enumerate: { attacker: mallory, count: 2000 }
`;
}

/** Mallory (with her own account) drains Bob's prekeys while he is offline, then again after he was online. */
function drain(defence: string): string {
  return `${header(
    'drain',
    `  - { id: alice, kind: user }
  - { id: bob, kind: user }
  - { id: mallory, kind: attacker, number: "+1 555 0666" }
  - { id: whatsapp, kind: chat-server }`,
  )}
defences:
${defence}
steps:
  - go-offline: { user: bob }
  - drain-prekeys: { attacker: mallory, target: bob, count: 40 }
  - at: 1h
    go-online: { user: bob }
  - wait: { duration: 1m }
  - drain-prekeys: { attacker: mallory, target: bob, count: 30 }
  - wait: { duration: 1m }
`;
}

/** Mallory enumerates numbers through contact discovery. */
function enumeration(defence: string): string {
  return `${header(
    'enumerate',
    `  - { id: alice, kind: user, number: "+1 202 555 0142" }
  - { id: bob, kind: user, number: "+1 202 555 7310" }
  - { id: mallory, kind: attacker, number: "+1 202 555 9999" }
  - { id: whatsapp, kind: chat-server }`,
  )}
defences:
${defence}
steps:
  - enumerate: { attacker: mallory, count: 20000 }
  - wait: { duration: 5m }
`;
}

const TWO_PROVIDERS = `  - { id: google, kind: backup-provider }
  - { id: icloud, kind: backup-provider }`;
const VAULT = '  - { id: hsm, kind: key-vault }';
const TWO_STEP = (extra: string) =>
  `  - { id: bob-2sv, kind: two-step-verification, party: bob, pin: "246810", enabled: true${extra} }`;
const STEAL = '  - steal-backup-credentials: { attacker: mallory, victim: bob }\n';
const BOB_AT_GOOGLE = '{ id: bob, kind: user, backup: { provider: google } }';
const PLAIN_BACKUP_NONE = `${header(
  'backup-none',
  `  - { id: alice, kind: user, backup: { provider: google } }
  - { id: bob, kind: user }
  - { id: whatsapp, kind: chat-server, plain_backup_encryption: none }
  - { id: google, kind: backup-provider }`,
)}`;

const CASES: Record<string, OptionCase> = {
  // --- defences ---
  'defence:two-step-verification.email_reset': at(
    takeover(BOB_AT_GOOGLE, TWO_STEP(', email_reset: $, mailbox: google'), STEAL, '', TWO_PROVIDERS),
    'true',
    'false',
  ),
  'defence:two-step-verification.mailbox': at(
    takeover(
      '{ id: bob, kind: user, backup: { provider: google } }',
      TWO_STEP(', email_reset: true, mailbox: $'),
      STEAL,
      '',
      TWO_PROVIDERS,
    ),
    'google',
    'icloud',
  ),
  'defence:e2ee-backup.mode': at(
    backupAttack(
      '{ id: bob, kind: user, backup: { provider: google } }',
      '  - { id: e2ee, kind: e2ee-backup, party: bob, mode: $, password: "hunter2", enabled: true }',
      `${TWO_PROVIDERS}\n${VAULT}`,
    ),
    'password',
    'key',
  ),
  'defence:e2ee-backup.password': at(
    backupAttack(
      '{ id: bob, kind: user, backup: { provider: google } }',
      '  - { id: e2ee, kind: e2ee-backup, party: bob, mode: password, password: "$", enabled: true }',
      `${TWO_PROVIDERS}\n${VAULT}`,
    ),
    'hunter2',
    'correct horse',
  ),
  'defence:passkeys.sms_fallback': at(
    takeover(
      '{ id: bob, kind: user }',
      '  - { id: pk, kind: passkeys, party: bob, sms_fallback: $, enabled: true }',
    ),
    'true',
    'false',
  ),
  'defence:disappearing-messages.ttl': at(
    `${PLAIN_BACKUP_NONE}
defences:
  - { id: dm, kind: disappearing-messages, party: alice, ttl: $, enabled: true }
steps:
  - send: { id: m1, from: bob, to: alice, text: "vanishing" }
  - wait: { duration: 1h }
  - backup: { user: alice }
`,
    '1m',
    '1d',
  ),
  'defence:review-linked-devices.interval': at(
    lure(
      '{ id: bob, kind: user }',
      '  - { id: review, kind: review-linked-devices, party: bob, interval: $, enabled: true }',
      '  - at: 101d\n    send: { id: m3, from: alice, to: bob, text: "a day after the lure" }\n',
    ),
    '1h',
    '30d',
  ),
  'defence:prekey-rate-limit.max_fetches': at(
    drain('  - { id: limit, kind: prekey-rate-limit, max_fetches: $, window: 1h, enabled: true }'),
    '5',
    '1000',
  ),
  'defence:prekey-rate-limit.window': at(
    drain('  - { id: limit, kind: prekey-rate-limit, max_fetches: 5, window: $, enabled: true }'),
    '1s',
    '1h',
  ),
  'defence:enumeration-rate-limit.max_lookups': at(
    enumeration('  - { id: limit, kind: enumeration-rate-limit, max_lookups: $, window: 1h, enabled: true }'),
    '1000',
    '100000',
  ),
  'defence:enumeration-rate-limit.window': at(
    enumeration(
      '  - { id: limit, kind: enumeration-rate-limit, max_lookups: 1000, window: $, enabled: true }',
    ),
    '1ms',
    '1h',
  ),
  // --- users ---
  'party:user.linked_devices': at(
    takeover('{ id: bob, kind: user, linked_devices: $ }', ''),
    '[]',
    '[bob-laptop]',
  ),
  'party:user.online': at(
    `${header('online', `  - { id: alice, kind: user }\n  - { id: bob, kind: user, online: $ }`)}
steps:
  - send: { id: m1, from: alice, to: bob, text: "are you there?" }
`,
    'true',
    'false',
  ),
  'party:user.read_receipts': at(
    `${header('receipts', `  - { id: alice, kind: user }\n  - { id: bob, kind: user, read_receipts: $ }`)}
steps:
  - send: { id: m1, from: alice, to: bob, text: "did you read this?" }
  - read: { user: bob, message: m1 }
  - wait: { duration: 10s }
`,
    'true',
    'false',
  ),
  'party:user.backup.provider': at(
    backupAttack('{ id: bob, kind: user, backup: { provider: $ } }', '', TWO_PROVIDERS),
    'google',
    'icloud',
  ),
  'party:user.backup.mode': at(
    backupAttack('{ id: bob, kind: user, backup: { provider: google, mode: $ } }', '', TWO_PROVIDERS),
    'plain',
    'encrypted-key',
  ),
  'party:user.backup.password': at(
    backupAttack(
      '{ id: bob, kind: user, backup: { provider: google, mode: encrypted-password, password: "$" } }',
      '',
      `${TWO_PROVIDERS}\n${VAULT}`,
    ),
    'hunter2',
    'correct horse',
  ),
  'party:user.backup.vault': at(
    backupAttack(
      '{ id: bob, kind: user, backup: { provider: google, mode: encrypted-password, password: "pw", vault: $ } }',
      '',
      `${TWO_PROVIDERS}\n  - { id: hsm1, kind: key-vault }\n  - { id: hsm2, kind: key-vault }`,
    ),
    'hsm1',
    'hsm2',
  ),
  'party:user.history_sync.max_age': at(
    lure('{ id: bob, kind: user, history_sync: { max_age: $ } }'),
    '90d',
    '365d',
  ),
  'party:user.history_sync.max_messages': at(
    lure('{ id: bob, kind: user, history_sync: { max_age: 365d$ } }'),
    '',
    ', max_messages: 1',
  ),
  'party:user.client': at(
    `${header(
      'client',
      `  - { id: alice, kind: user }\n  - { id: bob, kind: user, client: $ }\n  - { id: gbmods, kind: mod-vendor }`,
    )}
steps:
  - send: { id: m1, from: alice, to: bob, text: "hello" }
`,
    'official',
    'modded, vendor: gbmods',
  ),
  'party:user.vendor': at(
    `${header(
      'vendor',
      `  - { id: alice, kind: user }
  - { id: bob, kind: user, client: modded, vendor: $ }
  - { id: gbmods, kind: mod-vendor }
  - { id: fmmods, kind: mod-vendor }`,
    )}
steps:
  - send: { id: m1, from: alice, to: bob, text: "hello" }
`,
    'gbmods',
    'fmmods',
  ),
  // --- services ---
  'party:chat-server.queue_retention_days': at(
    `${header(
      'retention',
      `  - { id: alice, kind: user }\n  - { id: bob, kind: user }\n  - { id: whatsapp, kind: chat-server, queue_retention_days: $ }`,
    )}
steps:
  - go-offline: { user: bob }
  - send: { id: m1, from: alice, to: bob, text: "queued" }
  - at: 10d
    go-online: { user: bob }
  - wait: { duration: 1m }
`,
    '30',
    '5',
  ),
  'party:chat-server.max_linked_devices': at(
    lure('{ id: bob, kind: user }').replace(
      '{ id: whatsapp, kind: chat-server }',
      '{ id: whatsapp, kind: chat-server, max_linked_devices: $ }',
    ),
    '4',
    '0',
  ),
  'party:chat-server.one_time_prekeys': at(
    drain('  []').replace(
      '{ id: whatsapp, kind: chat-server }',
      '{ id: whatsapp, kind: chat-server, one_time_prekeys: $ }',
    ),
    '20',
    '0',
  ),
  'party:chat-server.plain_backup_encryption': at(
    backupAttack('{ id: bob, kind: user, backup: { provider: google } }', '', TWO_PROVIDERS).replace(
      '{ id: whatsapp, kind: chat-server }',
      '{ id: whatsapp, kind: chat-server, plain_backup_encryption: $ }',
    ),
    'server-key',
    'none',
  ),
  'party:chat-server.backup_keys_on_warrant': at(
    `${header(
      'warrant',
      `  - { id: alice, kind: user, backup: { provider: google } }
  - { id: bob, kind: user }
  - { id: whatsapp, kind: chat-server, backup_keys_on_warrant: $ }
  - { id: google, kind: backup-provider }
  - { id: fbi, kind: law-enforcement }`,
    )}
steps:
  - send: { id: m1, from: bob, to: alice, text: "meet me" }
  - backup: { user: alice }
  - lawful-request: { agency: fbi, target: alice, kind: warrant, provider: google }
  - lawful-request: { agency: fbi, target: alice, kind: warrant }
`,
    'false',
    'true',
  ),
  'party:registration.pin_reset_wait_days': at(
    takeover(
      '{ id: bob, kind: user }',
      TWO_STEP(''),
      '  - register: { user: bob, by: mallory }\n  - at: 3d1h\n    wait: { duration: 1s }\n',
    ).replace(
      '{ id: registration, kind: registration }',
      '{ id: registration, kind: registration, pin_reset_wait_days: $ }',
    ),
    '3',
    '7',
  ),
  'party:registration.email_reset_drops_pending': at(
    takeover(
      BOB_AT_GOOGLE,
      TWO_STEP(', email_reset: true, mailbox: google'),
      STEAL,
      '',
      TWO_PROVIDERS,
    ).replace(
      '{ id: registration, kind: registration }',
      '{ id: registration, kind: registration, email_reset_drops_pending: $ }',
    ),
    'false',
    'true',
  ),
  'party:carrier.sim_swap_checks': at(
    takeover('{ id: bob, kind: user }', '').replace(
      '{ id: carrier, kind: carrier }',
      '{ id: carrier, kind: carrier, sim_swap_checks: $ }',
    ),
    'weak',
    'strong',
  ),
  'party:carrier.voicemail_default_pin': at(
    takeover('{ id: bob, kind: user }', '')
      .replace(
        '  - sim-swap: { attacker: mallory, victim: bob }\n',
        '  - voicemail-hijack: { attacker: mallory, victim: bob }\n',
      )
      .replace('{ id: carrier, kind: carrier }', '{ id: carrier, kind: carrier, voicemail_default_pin: $ }'),
    'true',
    'false',
  ),
  'party:carrier.subscribers': at(
    takeover('{ id: bob, kind: user }', '').replace(
      '{ id: carrier, kind: carrier }',
      '{ id: carrier, kind: carrier$ }',
    ),
    '',
    ', subscribers: [alice]',
  ),
  'party:network-observer.taps': at(
    `${header(
      'taps',
      `  - { id: alice, kind: user }\n  - { id: bob, kind: user }\n  - { id: carol, kind: user }\n  - { id: isp, kind: network-observer, taps: $ }`,
    )}
steps:
  - send: { id: m1, from: alice, to: bob, text: "hi bob" }
  - send: { id: m2, from: carol, to: bob, text: "hi from carol" }
`,
    'all',
    '[alice]',
  ),
  'party:key-vault.max_attempts': at(
    backupAttack(
      '{ id: bob, kind: user, backup: { provider: google, mode: encrypted-password, password: "hunter2" } }',
      '',
      `${TWO_PROVIDERS}\n  - { id: hsm, kind: key-vault, max_attempts: $ }`,
      '["a", "b", "c", "hunter2"]',
    ).replace('attempts: 1, guesses', 'attempts: 4, guesses'),
    '3',
    '10',
  ),
  'party:cloud-api.storage': at(
    business(
      `  - { id: capi, kind: cloud-api, storage: $ }
  - { id: bsp, kind: bsp }
  - { id: crm, kind: crm }
  - { id: shop, kind: business, hosting: cloud-api, host: capi, bsp: bsp, crm: crm }`,
    ),
    'default',
    'none',
  ),
  'party:cloud-api.retention_days': at(
    business(
      `  - { id: capi, kind: cloud-api, retention_days: $ }
  - { id: bsp, kind: bsp }
  - { id: crm, kind: crm }
  - { id: shop, kind: business, hosting: cloud-api, host: capi, bsp: bsp, crm: crm }`,
    ),
    '30',
    '1',
  ),
  'party:bsp.retention_days': at(
    business(
      `  - { id: capi, kind: cloud-api }
  - { id: bsp, kind: bsp$ }
  - { id: crm, kind: crm }
  - { id: shop, kind: business, hosting: cloud-api, host: capi, bsp: bsp, crm: crm }`,
    ),
    '',
    ', retention_days: 1',
  ),
  'party:crm.retention_days': at(
    business(
      `  - { id: capi, kind: cloud-api }
  - { id: bsp, kind: bsp }
  - { id: crm, kind: crm$ }
  - { id: shop, kind: business, hosting: cloud-api, host: capi, bsp: bsp, crm: crm }`,
    ),
    '',
    ', retention_days: 1',
  ),
  'party:business.hosting': at(
    business(`${SHOP_HOSTS}\n  - { id: shop, kind: business, hosting: $, bsp: bsp, crm: crm }`),
    'cloud-api, host: capi',
    'on-premises',
  ),
  'party:business.host': at(
    business(
      `${SHOP_HOSTS}\n  - { id: capi2, kind: cloud-api }\n  - { id: shop, kind: business, hosting: cloud-api, host: $, bsp: bsp, crm: crm }`,
    ),
    'capi',
    'capi2',
  ),
  'party:business.bsp': at(
    business(`${SHOP_HOSTS}\n  - { id: shop, kind: business, hosting: cloud-api, host: capi$, crm: crm }`),
    '',
    ', bsp: bsp',
  ),
  'party:business.crm': at(
    business(`${SHOP_HOSTS}\n  - { id: shop, kind: business, hosting: cloud-api, host: capi, bsp: bsp$ }`),
    '',
    ', crm: crm',
  ),
  'party:mod-vendor.exfiltrates': at(
    `${header(
      'exfil',
      `  - { id: alice, kind: user }\n  - { id: bob, kind: user, client: modded, vendor: gbmods }\n  - { id: gbmods, kind: mod-vendor, exfiltrates: $ }`,
    )}
steps:
  - send: { id: m1, from: alice, to: bob, text: "hello" }
`,
    'true',
    'false',
  ),
  'party:user.profile.visibility': at(
    profileLookup('{ about: "Hiking", visibility: $ }'),
    'everyone',
    'nobody',
  ),
  'party:user.profile.about': at(profileLookup('{ about: $ }'), '"Hiking"', '"Busy"'),
  'party:user.profile.photo': at(profileLookup('{ photo: $ }'), '"summit.jpg"', '"cat.jpg"'),
  'party:attacker.number': at(
    `${header(
      'attacker-number',
      `  - { id: alice, kind: user }\n  - { id: bob, kind: user }\n  - { id: mallory, kind: attacker$ }`,
    )}
steps:
  - silent-probe: { attacker: mallory, target: bob, count: 5, interval: 1m }
  - wait: { duration: 10m }
`,
    ', number: "+1 555 0666"',
    '',
  ),
};

// ---- the test -----------------------------------------------------------------------------------

/** What a run's ledger says: every (party, item, fields, how, which plaintext), without times. */
function outcomes(result: RunResult): Set<string> {
  return new Set(
    result.ledger.observations.map(
      (o) =>
        `${o.party}|${o.item}|${[...o.fields].sort().join(',')}|${JSON.stringify(o.how)}|${o.evidenceDigest ?? ''}`,
    ),
  );
}

function differ(a: RunResult, b: RunResult): string[] {
  const left = outcomes(a);
  const right = outcomes(b);
  return [...[...left].filter((x) => !right.has(x)), ...[...right].filter((x) => !left.has(x))];
}

/** Library variants that flip exactly one defence, by its kind. */
function libraryFlips(): Map<string, { file: string; variant: string }[]> {
  const flips = new Map<string, { file: string; variant: string }[]>();
  for (const file of readdirSync('scenarios')
    .filter((f) => f.endsWith('.yaml'))
    .sort()) {
    const loaded = loadScenario(readFileSync(`scenarios/${file}`, 'utf8'), file);
    const base = resolveVariant(loaded, 'base');
    for (const variant of loaded.scenario.variants) {
      const resolved = resolveVariant(loaded, variant.id);
      const flipped = loaded.scenario.defences.filter((d) => resolved.defences[d.id] !== base.defences[d.id]);
      if (flipped.length !== 1) continue;
      const list = flips.get(flipped[0]!.kind) ?? [];
      list.push({ file, variant: variant.id });
      flips.set(flipped[0]!.kind, list);
    }
  }
  return flips;
}

const excluded = (path: string) => path in NOT_LEDGER || path in NAMES_AND_SCOPES;

describe('every declared option changes a ledger outcome', () => {
  it('finds the options in the schema', () => {
    expect(defenceKinds.length).toBeGreaterThan(20);
    expect(defenceFields).toContain('defence:two-step-verification.email_reset');
    expect(partyFields).toContain('party:user.backup.mode');
    expect(partyFields).toContain('party:chat-server.plain_backup_encryption');
  });

  it('has a case or a stated exclusion for every option, and none for options that do not exist', () => {
    const all = [...defenceKinds.map((k) => `defence:${k}`), ...defenceFields, ...partyFields];
    const kinds = new Set(defenceKinds.map((k) => `defence:${k}`));
    const missing = all.filter((path) => !kinds.has(path) && !excluded(path) && !(path in CASES));
    // A kind without a case is tried on the library (below); it needs no entry here.
    expect(missing).toEqual([]);
    const stale = [...Object.keys(CASES), ...Object.keys(NOT_LEDGER)].filter((p) => !all.includes(p));
    expect(stale).toEqual([]);
  });

  const flips = libraryFlips();
  for (const kind of defenceKinds) {
    if (excluded(`defence:${kind}`)) continue;
    if (`defence:${kind}` in CASES) continue; // tried by its case below
    it(`defence kind ${kind}`, () => {
      const candidates = flips.get(kind) ?? [];
      expect(candidates, `no library variant flips only a ${kind} defence`).not.toEqual([]);
      const tried: string[] = [];
      for (const { file, variant } of candidates) {
        const loaded = loadScenario(readFileSync(`scenarios/${file}`, 'utf8'), file);
        if (differ(run(loaded), run(loaded, variant)).length > 0) return;
        tried.push(`${file}#${variant}`);
      }
      expect.fail(`switching ${kind} changed no ledger outcome in ${tried.join(', ')}`);
    });
  }

  for (const [path, { yaml, a, b }] of Object.entries(CASES)) {
    it(`option ${path}`, () => {
      expect(yaml).toContain('$');
      const diff = differ(run(yaml.replace('$', a)), run(yaml.replace('$', b)));
      expect(diff.length, `${path}: "${a}" and "${b}" gave the same ledger`).toBeGreaterThan(0);
    });
  }
});
