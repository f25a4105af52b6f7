/**
 * Which fields refer to what. One table per section, typed against the schema so a renamed field
 * fails to compile here. cross-check.ts walks these tables; nothing else knows the rules.
 */
import type { ActionPayload, ActionType } from './schema-actions.js';
import type { DefenceKind } from './schema-defences.js';
import type { CheckPayload, ExpectationKind } from './schema-expectations.js';
import type { PartyKind } from './schema-parties.js';

/** What a reference field may name. */
export type Target =
  /** A party of one of these kinds; with `devices`, also a device (whose owner must be a user). */
  | { ref: 'party'; kinds: readonly PartyKind[]; devices?: boolean; noun: string }
  /** Any party or device. */
  | { ref: 'actor' }
  | { ref: 'device' }
  | { ref: 'group' }
  | { ref: 'defence' }
  | { ref: 'message' }
  | { ref: 'step' }
  /** A chat: a user, attacker or business (1:1) or a group. */
  | { ref: 'chat' };

const party = (noun: string, ...kinds: PartyKind[]): Target => ({ ref: 'party', kinds, noun });

export const USER = party('a user', 'user');
export const USER_OR_ATTACKER = party('a user or an attacker', 'user', 'attacker');
const ATTACKER = party('an attacker', 'attacker');
const SERVER = party('a chat-server', 'chat-server');
const GROUP: Target = { ref: 'group' };
const MESSAGE: Target = { ref: 'message' };

type FieldTargets<P> = { readonly [F in Exclude<keyof P, 'type' | 'kind'>]?: Target };

/** Reference fields of each action. Fields that define new ids (send.id, link-device.device) are not here. */
export const ACTION_REFS: { readonly [K in ActionType]: FieldTargets<ActionPayload<K>> } = {
  send: {
    from: USER_OR_ATTACKER,
    as: USER,
    device: { ref: 'device' },
    to: USER_OR_ATTACKER,
    group: GROUP,
  },
  read: { user: USER, message: MESSAGE },
  'go-offline': { user: USER, device: { ref: 'device' } },
  'go-online': { user: USER, device: { ref: 'device' } },
  wait: {},
  'link-device': { user: USER },
  'unlink-device': { user: USER, device: { ref: 'device' } },
  register: { user: USER, by: USER_OR_ATTACKER },
  'sim-swap': { attacker: ATTACKER, victim: USER, carrier: party('a carrier', 'carrier') },
  'phish-code': { attacker: ATTACKER, victim: USER },
  'voicemail-hijack': { attacker: ATTACKER, victim: USER },
  'pairing-lure': { attacker: ATTACKER, victim: USER },
  'set-two-step-pin': { user: USER, by: USER_OR_ATTACKER },
  'create-group': { group: GROUP, by: USER },
  'add-member': { group: GROUP, user: USER, by: USER },
  'remove-member': { group: GROUP, user: USER, by: USER },
  'server-add-member': { group: GROUP, member: USER_OR_ATTACKER, server: SERVER },
  'server-substitute-key': {
    target: USER,
    attacker: party(
      'an attacker, a chat-server or law-enforcement',
      'attacker',
      'chat-server',
      'law-enforcement',
    ),
    server: SERVER,
  },
  'server-inject-companion': { target: USER, server: SERVER },
  backup: { user: USER },
  'restore-backup': { by: USER_OR_ATTACKER, user: USER },
  'steal-backup-credentials': { attacker: ATTACKER, victim: USER },
  'guess-vault-password': { attacker: ATTACKER, victim: USER },
  compromise: {
    attacker: ATTACKER,
    host: party(
      'a host (chat-server, backup-provider, key-vault, cloud-api, bsp, crm, carrier or registration)',
      'chat-server',
      'backup-provider',
      'key-vault',
      'cloud-api',
      'bsp',
      'crm',
      'carrier',
      'registration',
    ),
  },
  'drain-prekeys': { attacker: ATTACKER, target: USER },
  'silent-probe': { attacker: ATTACKER, target: USER },
  enumerate: { attacker: ATTACKER },
  call: { from: USER_OR_ATTACKER, to: USER_OR_ATTACKER },
  'verify-security-code': { user: USER, contact: USER },
  'install-modded-client': { user: USER, vendor: party('a mod-vendor', 'mod-vendor') },
  'spyware-exploit': { attacker: ATTACKER, target: USER },
  'lawful-request': {
    agency: party('law-enforcement', 'law-enforcement'),
    target: USER,
    server: SERVER,
    provider: party('a backup-provider', 'backup-provider'),
  },
  'enable-defence': { defence: { ref: 'defence' } },
  'disable-defence': { defence: { ref: 'defence' } },
  'business-message': {
    from: party('a user or a business', 'user', 'business'),
    to: party('a user or a business', 'user', 'business'),
  },
  'quantum-break': { observer: party('a network-observer', 'network-observer') },
};

/** Optional fields that default to "the only party of that kind" when omitted. */
export const ACTION_DEFAULT_PARTIES: { readonly [K in ActionType]?: { field: string; kind: PartyKind } } = {
  'sim-swap': { field: 'carrier', kind: 'carrier' },
  'server-add-member': { field: 'server', kind: 'chat-server' },
  'server-substitute-key': { field: 'server', kind: 'chat-server' },
  'server-inject-companion': { field: 'server', kind: 'chat-server' },
  'lawful-request': { field: 'server', kind: 'chat-server' },
};

const ANY: Target = { ref: 'actor' };

/** Reference fields of each expectation kind; `item` of holds/lacks/never is checked by cross-check.ts. */
export const CHECK_REFS: { readonly [K in ExpectationKind]: FieldTargets<CheckPayload<K>> } = {
  holds: { party: ANY, at: { ref: 'step' } },
  lacks: { party: ANY, at: { ref: 'step' } },
  never: { party: ANY },
  'sees-content': { party: ANY, messages: MESSAGE },
  'never-sees-content': { party: ANY, messages: MESSAGE },
  'sees-metadata': { party: ANY, messages: MESSAGE },
  'sees-nothing': { party: ANY, messages: MESSAGE },
  notice: { user: USER, about: ANY },
  'no-notice': { user: USER, about: ANY },
  action: { step: { ref: 'step' } },
  delivered: { message: MESSAGE, to: ANY },
  lost: { message: MESSAGE },
};

/** The `party` (and other) fields of each defence kind. */
export const DEFENCE_REFS: { readonly [K in DefenceKind]: Readonly<Record<string, Target>> } = {
  'two-step-verification': { party: USER, mailbox: party('a backup-provider', 'backup-provider') },
  'security-notifications': { party: USER },
  'verify-security-code': { party: USER, contact: USER },
  'carrier-port-pin': { party: USER },
  'voicemail-pin': { party: USER },
  'e2ee-backup': { party: USER },
  passkeys: { party: USER },
  'chat-lock': { party: USER, chats: { ref: 'chat' } },
  'ip-protection-calls': { party: USER },
  'unusual-activity-alert': { party: USER },
  'disappearing-messages': { party: USER, group: GROUP },
  'key-transparency': { party: USER },
  'review-linked-devices': { party: USER },
  'blocking-resend': { party: USER },
  'prekey-rate-limit': { party: SERVER },
  'receipt-hardening': { party: SERVER },
  'enumeration-rate-limit': { party: SERVER },
  'signed-group-membership': { group: GROUP },
  pqxdh: {},
  'official-client-only': { party: SERVER },
  'silence-unknown-callers': { party: USER },
  'local-storage': { party: party('a cloud-api', 'cloud-api') },
  'no-storage': { party: party('a cloud-api', 'cloud-api') },
};

/** Defence kinds whose omitted `party` means "the only chat-server". */
export const DEFENCE_DEFAULT_SERVER: readonly DefenceKind[] = [
  'prekey-rate-limit',
  'receipt-hardening',
  'enumeration-rate-limit',
  'official-client-only',
];
