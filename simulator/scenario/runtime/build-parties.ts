/**
 * Builds the world's parties from a scenario's `parties` list, then sets up the starting state:
 * every user registered with a primary phone (long before the scenario starts), declared companions
 * linked, groups created, and defences that are settings (two-step PIN, verified contacts) applied.
 */
import { Attacker, User } from '../../parties/user.js';
import { Carrier } from '../../parties/carrier.js';
import { ChatServer, DAY_MS } from '../../parties/chat-server.js';
import { NetworkObserver } from '../../parties/network-observer.js';
import { RegistrationService } from '../../parties/registration.js';
import { type RunContext, RunError } from './context.js';
import { linkCompanion, linkRefusal } from './linking.js';
import { buildBusinessParty } from './actions/business.js';
import { buildBackupParty } from './actions/backups.js';
import { buildModVendor } from './actions/endpoints.js';
import { buildLawEnforcement } from './actions/lawful.js';
import type { ExtraPartyBuilder } from './party-builder.js';
import { setUpProfiles } from './profiles.js';

export type { ExtraPartyBuilder } from './party-builder.js';

/** Builders registered by other modules for the party kinds they own. */
export const extraPartyBuilders: ExtraPartyBuilder[] = [
  buildBusinessParty,
  buildBackupParty,
  buildModVendor,
  buildLawEnforcement,
];

/** A deterministic number for a user that did not declare one: +1 555 01xx. */
function generatedNumber(index: number): string {
  return `+1 555 ${String(100 + index).padStart(4, '0')}`;
}

/** Time for one link-device stanza to reach the server before the primary links the next companion. */
const LINK_SETTLE_MS = 1_000;

export function buildParties(context: RunContext): void {
  const { scenario, world } = context;
  const specs = scenario.parties;
  // Servers first: clients need their static keys.
  for (const spec of specs)
    if (spec.kind === 'chat-server') {
      context.add(
        spec,
        new ChatServer(world, spec.id, spec.one_time_prekeys, spec.queue_retention_days * DAY_MS),
      );
    }
  if (
    ![...context.parties.values()].some((p) => p instanceof ChatServer) &&
    specs.some((s) => s.kind === 'user')
  ) {
    context.add(undefined, new ChatServer(world, 'chat-server'));
  }
  let userIndex = 0;
  for (const spec of specs) {
    if (spec.kind === 'user') {
      const number = spec.number ?? generatedNumber(userIndex);
      userIndex++;
      const user = context.add(
        spec,
        new User(world, spec.id, number, {
          securityNotifications: spec.security_notifications,
          readReceipts: spec.read_receipts,
          online: spec.online,
        }),
      );
      context.users.set(spec.id, user);
      context.actors.set(spec.id, user);
      context.owners.set(number, spec.id);
    } else if (spec.kind === 'attacker') {
      const attacker = context.add(spec, new Attacker(world, spec.id));
      context.actors.set(spec.id, attacker);
      if (spec.number) {
        context.attackerNumbers.set(spec.id, spec.number);
        context.owners.set(spec.number, spec.id);
      }
    }
  }
  for (const spec of specs) {
    if (spec.kind === 'carrier') {
      const carrier = context.add(
        spec,
        new Carrier(world, spec.id, spec.sim_swap_checks, spec.voicemail_default_pin),
      );
      const served = spec.subscribers ?? [...context.users.keys()];
      for (const id of served) carrier.subscribe(context.user(id).number, id);
      for (const [id, number] of context.attackerNumbers) carrier.subscribe(number, id);
    }
  }
  const servers = [...context.parties.values()].filter((p): p is ChatServer => p instanceof ChatServer);
  const carriers = [...context.parties.values()].filter((p): p is Carrier => p instanceof Carrier);
  const registrationSpec = specs.find((s) => s.kind === 'registration');
  if (servers.length > 0) {
    context.add(
      registrationSpec,
      new RegistrationService(
        world,
        registrationSpec?.id ?? 'registration',
        servers[0]!,
        carriers,
        registrationSpec?.kind === 'registration' ? registrationSpec.pin_reset_wait_days : 7,
        context.owners,
        context.actors,
        registrationSpec?.kind === 'registration' && registrationSpec.email_reset_drops_pending,
      ),
    );
  }
  for (const spec of specs) {
    if (['user', 'attacker', 'chat-server', 'carrier', 'registration'].includes(spec.kind)) continue;
    if (spec.kind === 'network-observer') {
      const endpoints = spec.taps === 'all' ? 'all' : spec.taps.flatMap((ref) => endpointsFor(context, ref));
      // Harvest now, decrypt later: an observer that a `quantum-break` step attacks keeps its capture.
      const records = context.scenario.steps.some(
        (step) => step.action.type === 'quantum-break' && step.action.observer === spec.id,
      );
      context.add(spec, new NetworkObserver(world, spec.id, endpoints, records));
      continue;
    }
    if (!extraPartyBuilders.some((build) => build(spec, context))) {
      throw new RunError(`party kind '${spec.kind}' (${spec.id}) is not supported by this build`);
    }
  }
}

/** Network endpoints of a user (its declared devices) or of a device id. */
function endpointsFor(context: RunContext, ref: string): string[] {
  const spec = context.scenario.parties.find((p) => p.id === ref);
  if (spec?.kind === 'user') return [spec.phone, ...spec.linked_devices];
  return [ref];
}

/** Registers users, links declared companions, applies setting-like defences, creates groups. */
export function setUpStartingState(context: RunContext): void {
  const { world } = context;
  for (const spec of context.scenario.parties) {
    if (spec.kind !== 'user') continue;
    const user = context.user(spec.id);
    const server = context.server();
    const phone = user.installDevice({
      server,
      account: user.id,
      number: user.number,
      deviceId: 1,
      label: spec.phone,
      online: true,
    });
    server.registerPrimary(user.number, user.id, {
      keys: phone.keyUpload(),
      transportKey: phone.transportKey.publicKey,
      holder: user.id,
      label: spec.phone,
    });
    phone.connect();
  }
  // Attackers that declare a number run an ordinary registered account of their own.
  for (const [id, number] of context.attackerNumbers) {
    const attacker = context.actor(id);
    const server = context.server();
    const label = context.freshLabel(`${id}-phone`);
    const phone = attacker.installDevice({ server, account: id, number, deviceId: 1, label });
    server.registerPrimary(number, id, {
      keys: phone.keyUpload(),
      transportKey: phone.transportKey.publicKey,
      holder: id,
      label,
    });
    phone.connect();
  }
  world.loop.runUntil(world.now + 2_000);
  for (const spec of context.scenario.parties) {
    if (spec.kind !== 'user') continue;
    for (const [index, deviceId] of spec.linked_devices.entries()) {
      // The primary numbers a companion after the list the server holds, so let each link land
      // before the next (two links in one instant would both take device id 2).
      if (index > 0) world.loop.runUntil(world.now + LINK_SETTLE_MS);
      const refusal = linkRefusal(context, context.user(spec.id));
      if (refusal !== undefined) {
        world.log('setup.link-skipped', { user: spec.id, device: deviceId, reason: refusal });
        continue;
      }
      try {
        linkCompanion(context, context.user(spec.id), context.user(spec.id), deviceId, { history: false });
      } catch (error) {
        // E.g. a modded client banned at its first login: the run goes on without the companion.
        if (!(error instanceof RunError)) throw error;
        world.log('setup.link-skipped', { user: spec.id, device: deviceId, reason: error.message });
      }
    }
  }
  world.loop.runUntil(world.now + 5_000);
  for (const defence of context.scenario.defences) {
    if (!context.variant.defences[defence.id]) continue;
    if (defence.kind === 'two-step-verification')
      context.server().setTwoStepPin(context.user(defence.party).number, defence.pin);
  }
  for (const group of context.scenario.groups) {
    const members = [group.admin, ...group.members.filter((m) => m !== group.admin)].map((id) =>
      context.numberOf(id),
    );
    const created = context.scenario.steps.some(
      (s) => s.action.type === 'create-group' && s.action.group === group.id,
    );
    if (!created) context.server().setGroup(group.id, members, 'created');
  }
  world.loop.runUntil(world.now + 2_000);
  for (const spec of context.scenario.parties) {
    if (spec.kind === 'user' && !spec.online)
      for (const device of context.user(spec.id).devices) device.setOnline(false);
  }
  setUpProfiles(context);
}
