/**
 * Linking a companion device (SCENARIOS.md A8, S3, S9): the primary signs the companion's identity
 * (account signature) and the new device list, tells the server, and sends the companion a history
 * bundle over a fresh pairwise session. The same code serves a user linking their own laptop and a
 * victim lured into linking an attacker's browser — the difference is only who holds the companion.
 */
import type { Actor } from '../../parties/actor.js';
import type { ClientDevice } from '../../parties/client/client-device.js';
import { signCompanion, signDeviceList } from '../../parties/client/device-signatures.js';
import type { User } from '../../parties/user.js';
import { type RunContext, RunError } from './context.js';

/** Links a new companion held by `holder` to `owner`'s account; returns the companion. */
export function linkCompanion(
  context: RunContext,
  owner: User,
  holder: Actor,
  label: string,
  options: { history: boolean },
): ClientDevice {
  const { world } = context;
  const server = context.server();
  const primary = owner.phone;
  if (!primary) throw new RunError(`${owner.id} has no logged-in primary phone to link from`);
  const account = server.account(owner.number);
  if (!account) throw new RunError(`${owner.id} is not registered`);
  if (account.deviceList.length >= 5) throw new RunError(`${owner.id} already has four linked devices`);
  const deviceId = Math.max(...account.deviceList) + 1;
  const companion = holder.installDevice({
    server,
    account: owner.id,
    number: owner.number,
    deviceId,
    label,
  });
  const random = world.random.fork(`link:${label}`);
  const deviceList = [...account.deviceList, deviceId];
  primary.send({
    kind: 'link-device',
    device: deviceId,
    keys: companion.keyUpload(),
    accountSignature: signCompanion(
      world.crypto,
      random,
      primary.protocol.identityKeyPair,
      companion.protocol.identityKey,
    ),
    deviceList,
    deviceListSignature: signDeviceList(
      world.crypto,
      random,
      primary.protocol.identityKeyPair,
      owner.number,
      deviceList,
    ),
    body: companion.transportKey.publicKey,
  });
  // The companion logs in once the server has its keys (a QR scan takes a moment anyway).
  world.loop.schedule(2_000, () => companion.connect(), 'link.connect');
  world.notice(owner.id, 'new-device-linked', holder.id === owner.id ? undefined : holder.id, label);
  if (options.history)
    world.loop.schedule(3_000, () => primary.sendHistory(companion.address), 'link.history');
  return companion;
}
