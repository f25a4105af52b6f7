/**
 * The design overlay: turns one library scenario into "this attack, against this design" by setting
 * the scenario's own party options and defences from the design — the same engine then runs it. The
 * overlay never says what a party sees; it only configures parties and defences the scenario already
 * has (or adds the ones the design requires, e.g. a key vault for password-protected backups).
 *
 * A scenario the design cannot host is skipped with a reason: a business chat for a design without
 * business messaging, a step that targets a BSP for a design without one.
 */
import type { LoadedScenario } from '../scenario/loader.js';
import type { Defence, Party, Scenario } from '../scenario/schema.js';
import { MAX_LINKED_DEVICES, chatServerPartySchema } from '../scenario/schema-parties.js';
import type { Design } from './schema.js';

export type OverlayResult = { applies: true; loaded: LoadedScenario } | { applies: false; reason: string };

const DISAPPEARING_MS: Record<Exclude<Design['defences']['disappearing_default'], 'off'>, number> = {
  '24h': 24 * 3_600_000,
  '7d': 7 * 86_400_000,
  '90d': 90 * 86_400_000,
};

/** The 2SV PIN the overlay gives users that have none (attackers in the library never know it). */
export const DESIGN_PIN = '730194';
/** The backup password the overlay gives users that have none (not in any attacker's guess list). */
export const DESIGN_BACKUP_PASSWORD = 'design: long random passphrase 7c1f';

/** Which business roles a hosting option has. */
function businessRoles(hosting: Design['business']['hosting']): ReadonlySet<Party['kind']> {
  if (hosting === 'cloud-api') return new Set(['cloud-api']);
  if (hosting === 'cloud-api-bsp-crm') return new Set(['cloud-api', 'bsp', 'crm']);
  return new Set();
}

/** Party ids any step's action names (every string in the action payload that is a party id). */
function stepTargets(scenario: Scenario, ids: ReadonlySet<string>): Map<string, string> {
  const found = new Map<string, string>();
  const visit = (value: unknown, label: string): void => {
    if (typeof value === 'string') {
      if (ids.has(value) && !found.has(value)) found.set(value, label);
    } else if (Array.isArray(value)) value.forEach((v) => visit(v, label));
    else if (value !== null && typeof value === 'object')
      Object.values(value as Record<string, unknown>).forEach((v) => visit(v, label));
  };
  scenario.steps.forEach((step, index) => visit(step.action, step.id ?? `steps[${index}]`));
  return found;
}

function upsertDefence(
  scenario: Scenario,
  kind: Defence['kind'],
  enabled: boolean,
  add: () => Defence[],
): void {
  const existing = scenario.defences.filter((d) => d.kind === kind);
  for (const d of existing) d.enabled = enabled;
  if (enabled) scenario.defences.push(...add());
}

function usersOf(scenario: Scenario): Extract<Party, { kind: 'user' }>[] {
  return scenario.parties.filter((p): p is Extract<Party, { kind: 'user' }> => p.kind === 'user');
}

function uniqueId(scenario: Scenario, wanted: string): string {
  const taken = new Set([
    ...scenario.parties.map((p) => p.id),
    ...scenario.parties.flatMap((p) => (p.kind === 'user' ? [p.phone, ...p.linked_devices] : [])),
    ...scenario.defences.map((d) => d.id),
    ...scenario.groups.map((g) => g.id),
  ]);
  let id = wanted;
  for (let n = 2; taken.has(id); n++) id = `${wanted}-${n}`;
  return id;
}

function applyBusiness(scenario: Scenario, design: Design): string | undefined {
  const businesses = scenario.parties.filter((p) => p.kind === 'business');
  const roles = businessRoles(design.business.hosting);
  const businessKinds: readonly Party['kind'][] = ['cloud-api', 'bsp', 'crm'];
  const hosted = scenario.parties.filter((p) => businessKinds.includes(p.kind));
  const targets = stepTargets(scenario, new Set(hosted.map((p) => p.id)));
  for (const party of hosted) {
    const step = targets.get(party.id);
    if (step !== undefined && !roles.has(party.kind))
      return `needs a ${party.kind} (step ${step} targets ${party.id}); business messaging is ${design.business.hosting}`;
  }
  if (businesses.length === 0) return undefined;
  if (design.business.hosting === 'none')
    return `needs business messaging (it messages ${businesses.map((b) => b.id).join(', ')}); business messaging is none`;

  const firstOf = (kind: 'cloud-api' | 'bsp' | 'crm'): string => {
    const found = scenario.parties.find((p) => p.kind === kind);
    if (found !== undefined) return found.id;
    const id = uniqueId(scenario, `design-${kind}`);
    const party =
      kind === 'cloud-api'
        ? ({ id, kind, storage: 'default', retention_days: 30 } as const)
        : ({ id, kind } as const);
    scenario.parties.push(party as Party);
    return id;
  };
  for (const business of businesses) {
    if (business.kind !== 'business') continue;
    delete business.host;
    delete business.bsp;
    delete business.crm;
    if (design.business.hosting === 'on-premises') business.hosting = 'on-premises';
    else {
      business.hosting = 'cloud-api';
      business.host = firstOf('cloud-api');
      if (design.business.hosting === 'cloud-api-bsp-crm') {
        business.bsp = firstOf('bsp');
        business.crm = firstOf('crm');
      }
    }
  }
  return undefined;
}

function applyRetention(scenario: Scenario, design: Design): void {
  for (const party of scenario.parties) {
    if (party.kind === 'chat-server') party.queue_retention_days = design.retention.chat_server_queue_days;
    if (party.kind === 'cloud-api') {
      party.retention_days = design.retention.cloud_api_days;
      party.storage = design.business.cloud_api_storage;
    }
    if (party.kind === 'bsp') setOptional(party, design.retention.bsp_days);
    if (party.kind === 'crm') setOptional(party, design.retention.crm_days);
    if (party.kind === 'registration') party.pin_reset_wait_days = design.defences.registration_lock_days;
  }
  for (const d of scenario.defences) {
    if (d.kind === 'local-storage') d.enabled = design.business.cloud_api_storage === 'local';
    if (d.kind === 'no-storage') d.enabled = design.business.cloud_api_storage === 'none';
  }
}

function setOptional(party: { retention_days?: number | undefined }, days: number | undefined): void {
  if (days === undefined) delete party.retention_days;
  else party.retention_days = days;
}

function applyBackup(scenario: Scenario, design: Design): void {
  const providers = scenario.parties.filter((p) => p.kind === 'backup-provider');
  const e2ee = design.backup.startsWith('e2ee-');
  const keyMode = design.backup === 'e2ee-key' || design.backup === 'e2ee-passkey';
  let vault: string | undefined;
  const vaultId = (): string => {
    if (vault !== undefined) return vault;
    const found = scenario.parties.find((p) => p.kind === 'key-vault');
    if (found !== undefined) return (vault = found.id);
    vault = uniqueId(scenario, 'design-key-vault');
    scenario.parties.push({ id: vault, kind: 'key-vault', max_attempts: 10 } as Party);
    return vault;
  };
  for (const d of scenario.defences) {
    if (d.kind !== 'e2ee-backup') continue;
    d.enabled = e2ee;
    if (e2ee) {
      d.mode = keyMode ? 'key' : 'password';
      if (!keyMode && d.password === undefined) d.password = DESIGN_BACKUP_PASSWORD;
    }
  }
  if (design.backup === 'off') {
    // No backups at all: users keep no backup settings and the timeline's backup steps do nothing.
    for (const user of usersOf(scenario)) delete user.backup;
    scenario.steps = scenario.steps.map((step) =>
      step.action.type === 'backup' ? { ...step, action: { type: 'wait', duration: 0 } } : step,
    );
    return;
  }
  if (providers.length === 0) return;
  for (const user of usersOf(scenario)) {
    if (user.backup === undefined) {
      if (providers.length !== 1) continue;
      user.backup = { provider: providers[0]!.id, mode: 'plain' };
    }
    const settings = user.backup;
    if (!e2ee) {
      settings.mode = 'plain';
      continue;
    }
    if (keyMode) settings.mode = 'encrypted-key';
    else {
      settings.mode = 'encrypted-password';
      settings.password ??= DESIGN_BACKUP_PASSWORD;
      settings.vault ??= vaultId();
    }
  }
}

function applyDefences(scenario: Scenario, design: Design): void {
  const d = design.defences;
  const users = usersOf(scenario);
  const perUser = (kind: string, extra: (user: string) => Record<string, unknown> = () => ({})) =>
    users
      .filter((u) => !scenario.defences.some((x) => x.kind === kind && 'party' in x && x.party === u.id))
      .map(
        (u) =>
          ({
            id: uniqueId(scenario, `design-${kind}-${u.id}`),
            kind,
            enabled: true,
            party: u.id,
            ...extra(u.id),
          }) as Defence,
      );

  upsertDefence(scenario, 'two-step-verification', d.two_step_verification, () =>
    perUser('two-step-verification', () => ({ pin: DESIGN_PIN, email_reset: false })),
  );
  upsertDefence(scenario, 'chat-lock', d.chat_lock, () => perUser('chat-lock'));
  upsertDefence(scenario, 'ip-protection-calls', d.call_ip_protection, () => perUser('ip-protection-calls'));
  const ttl = d.disappearing_default === 'off' ? undefined : DISAPPEARING_MS[d.disappearing_default];
  upsertDefence(scenario, 'disappearing-messages', ttl !== undefined, () =>
    perUser('disappearing-messages', () => ({ ttl })),
  );
  if (ttl !== undefined)
    for (const x of scenario.defences) if (x.kind === 'disappearing-messages') x.ttl = ttl;
  upsertDefence(scenario, 'security-notifications', d.safety_number_verification, () =>
    perUser('security-notifications'),
  );
  upsertDefence(scenario, 'verify-security-code', d.safety_number_verification, () =>
    users.flatMap((a) =>
      users
        .filter(
          (b) =>
            b.id !== a.id &&
            !scenario.defences.some(
              (x) => x.kind === 'verify-security-code' && x.party === a.id && x.contact === b.id,
            ),
        )
        .map(
          (b) =>
            ({
              id: uniqueId(scenario, `design-verify-${a.id}-${b.id}`),
              kind: 'verify-security-code',
              enabled: true,
              party: a.id,
              contact: b.id,
            }) as Defence,
        ),
    ),
  );
  upsertDefence(scenario, 'official-client-only', d.mod_client_attestation, () => {
    if (scenario.defences.some((x) => x.kind === 'official-client-only')) return [];
    return scenario.parties
      .filter((p) => p.kind === 'chat-server')
      .map(
        (p) =>
          ({
            id: uniqueId(scenario, `design-attestation-${p.id}`),
            kind: 'official-client-only',
            enabled: true,
            party: p.id,
          }) as Defence,
      );
  });
}

function applyGroupSize(scenario: Scenario, design: Design): void {
  if (design.group_size === 0) return;
  let n = 0;
  for (const group of scenario.groups) {
    while (group.members.length + 1 < design.group_size) {
      const id = uniqueId(scenario, `design-member-${++n}`);
      scenario.parties.push({
        id,
        kind: 'user',
        phone: `${id}-phone`,
        linked_devices: [],
        online: true,
        security_notifications: false,
        read_receipts: true,
        history_sync: { max_age: 90 * 86_400_000 },
        client: 'official',
      } as Party);
      group.members.push(id);
    }
  }
}

/** The linked-device limit: a scenario that starts with more companions than the design allows is skipped. */
function linkedDeviceLimit(scenario: Scenario, design: Design): string | undefined {
  const limit = design.defences.linked_device_limit;
  for (const user of usersOf(scenario))
    if (user.linked_devices.length > limit)
      return `starts with ${user.linked_devices.length} linked devices for ${user.id}; the design allows ${limit}`;
  return undefined;
}

/**
 * The chat server's part of the design: the linked-device limit it enforces (`max_linked_devices`,
 * docs/model.md L4) and how it protects plain backups (`plain_backup_encryption`, B6). A scenario
 * whose server is implicit gets it declared — first, where the implicit one would be — when the
 * design departs from the defaults, so the setting reaches the server.
 */
function applyChatServer(scenario: Scenario, design: Design): void {
  const settings = {
    max_linked_devices: design.defences.linked_device_limit,
    plain_backup_encryption: design.plain_backup_protection,
  };
  const servers = scenario.parties.filter((p) => p.kind === 'chat-server');
  for (const server of servers) Object.assign(server, settings);
  const defaults =
    settings.max_linked_devices === MAX_LINKED_DEVICES && settings.plain_backup_encryption === 'server-key';
  if (servers.length > 0 || defaults || usersOf(scenario).length === 0) return;
  scenario.parties.unshift(
    chatServerPartySchema.parse({ kind: 'chat-server', id: 'chat-server', ...settings }),
  );
}

/** Applies the design to one scenario: a new LoadedScenario (the input is not changed), or why it does not apply. */
export function applyDesign(loaded: LoadedScenario, design: Design): OverlayResult {
  const scenario = JSON.parse(JSON.stringify(loaded.scenario)) as Scenario;
  const skip = applyBusiness(scenario, design) ?? linkedDeviceLimit(scenario, design);
  if (skip !== undefined) return { applies: false, reason: skip };
  applyRetention(scenario, design);
  applyBackup(scenario, design);
  applyDefences(scenario, design);
  applyChatServer(scenario, design);
  applyGroupSize(scenario, design);
  return { applies: true, loaded: { ...loaded, scenario } };
}
