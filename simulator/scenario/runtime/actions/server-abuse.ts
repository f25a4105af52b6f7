/**
 * What a malicious or compelled chat server can try (S10, S11): hand out keys it controls for a user,
 * or append a companion to a user's device list. It holds no user's identity key, so it cannot sign
 * a companion; whether clients notice is decided by their own checks.
 */
import { ClientDevice } from '../../../parties/client/client-device.js';
import type { Actor } from '../../../parties/actor.js';
import { plainPolicy } from '../../../parties/actor.js';
import type { RunContext } from '../context.js';
import { type ActionHandlers, done } from './types.js';

/** A device run by `holder` (an attacker, the server itself, an agency) that no user installed. */
function rogueDevice(
  context: RunContext,
  holder: string,
  number: string,
  deviceId: number,
  label: string,
): ClientDevice {
  const actor = context.actors.get(holder) as Actor | undefined;
  if (actor)
    return actor.installDevice({
      server: context.server(),
      account: context.owners.get(number) ?? number,
      number,
      deviceId,
      label,
    });
  return new ClientDevice({
    world: context.world,
    server: context.server(),
    holder,
    account: context.owners.get(number) ?? number,
    number,
    deviceId,
    label,
    policy: plainPolicy(context.world, holder),
    notify: () => undefined,
  });
}

export const serverAbuseActions: ActionHandlers = {
  'server-substitute-key': (action, context) => {
    const server = context.server(action.server);
    const target = context.user(action.target);
    const device = rogueDevice(
      context,
      action.attacker,
      target.number,
      1,
      context.freshLabel(`${action.attacker}-as-${target.id}`),
    );
    server.substituteKeys(target.number, device.keyUpload(), action.attacker, device.transportKey.publicKey);
    device.connect();
    return done(`${server.id} now hands out ${action.attacker}'s keys as ${target.id}'s`);
  },
  'server-inject-companion': (action, context) => {
    const server = context.server(action.server);
    const target = context.user(action.target);
    const account = server.account(target.number)!;
    const deviceId = Math.max(...account.deviceList) + 1;
    const device = rogueDevice(
      context,
      server.id,
      target.number,
      deviceId,
      context.freshLabel(`${server.id}-ghost-${target.id}`),
    );
    server.injectCompanion(target.number, device.keyUpload(), server.id, device.transportKey.publicKey);
    context.world.loop.schedule(1_000, () => device.connect(), 'ghost.connect');
    return done(`${server.id} appended ${device.label} to ${target.id}'s device list without a signature`);
  },
};
