/**
 * Code on the user's own device working for someone else (SCENARIOS.md S21, S22):
 *   - `install-modded-client` (and users declared with `client: modded`): the user's devices run the
 *     `mod-vendor`'s build, which announces itself at login and, if the vendor `exfiltrates`, sends
 *     the stored history, the identity key and every plaintext home. `official-client-only` is the
 *     server's check on the announced build: the account is banned and logged out.
 *   - `spyware-exploit`: a zero-click exploit delivered as a crafted call; when it rings on the
 *     target's phone the attacker's implant reads the stored history (what disappearing messages left;
 *     chat lock hides nothing from code inside the app) and keys, and taps plaintext from then on —
 *     until the device is replaced (re-registration installs a clean client: the Double Ratchet's
 *     post-compromise security only helps after that).
 */
import type { ClientDevice } from '../../../parties/client/client-device.js';
import { DeviceImplant, ExfilCollector, ModVendor } from '../../../parties/mod-vendor.js';
import type { Party as PartySpec } from '../../schema.js';
import type { RunContext } from '../context.js';
import { accountDevice } from './attacks.js';
import { placeCall } from './calls.js';
import { type ActionHandlers, done } from './types.js';

/** Builds `mod-vendor` parties; users declared with `client: modded` run the build from the start. */
export function buildModVendor(spec: PartySpec, context: RunContext): boolean {
  if (spec.kind !== 'mod-vendor') return false;
  const vendor = context.add(spec, new ModVendor(context.world, spec.id, spec.exfiltrates));
  for (const party of context.scenario.parties) {
    if (party.kind === 'user' && party.client === 'modded' && party.vendor === spec.id)
      vendor.adopt(party.id, []);
  }
  return true;
}

/** The attacker's command-and-control server, started on first use. */
function commandServer(context: RunContext, attacker: string): ExfilCollector {
  const servers =
    (context.extensions.get('endpoints.c2') as Map<string, ExfilCollector> | undefined) ??
    new Map<string, ExfilCollector>();
  context.extensions.set('endpoints.c2', servers);
  let server = servers.get(attacker);
  if (!server)
    servers.set(
      attacker,
      (server = new ExfilCollector(context.world, attacker, context.freshLabel(`${attacker}-c2`))),
    );
  return server;
}

/** Journals how much of the stored history sat in chats the user had locked (chat lock is app-level only). */
function noteChatLock(context: RunContext, device: ClientDevice, owner: string): void {
  const lock = context.world.defences.active('chat-lock', owner);
  if (!lock) return;
  const chats = Array.isArray(lock.chats) ? (lock.chats as string[]) : undefined;
  const server = device.options.server;
  let locked = 0;
  for (const stored of device.history.values()) {
    const peer = stored.direction === 'out' ? stored.to : stored.from;
    const chat = stored.groupId ?? server.account(peer)?.owner ?? peer;
    if (chats === undefined || chats.includes(chat)) locked++;
  }
  context.world.log('spyware.chat-lock-bypassed', { device: device.label, lockedMessages: locked });
}

export const endpointActions: ActionHandlers = {
  'install-modded-client': (action, context) => {
    const user = context.user(action.user);
    const vendor = context.party(action.vendor, ModVendor, 'mod-vendor');
    const devices = user.ownDevices;
    vendor.adopt(user.id, devices);
    return done(
      `${user.id} now runs ${vendor.id}'s build on ${devices.map((d) => d.label).join(', ') || 'future installs'}`,
    );
  },
  'spyware-exploit': (action, context) => {
    const caller = accountDevice(context, action.attacker);
    const target = context.user(action.target);
    const c2 = commandServer(context, action.attacker);
    const callId = placeCall(context, caller, target.number, {
      exploit: (device) => {
        noteChatLock(context, device, target.id);
        new DeviceImplant(device, c2, `spyware on ${device.label} (zero-click call exploit)`).start();
      },
    });
    return done(`${action.attacker} places a crafted call to ${target.id} (${callId})`);
  },
};
