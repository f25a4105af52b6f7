/**
 * The linking handshake itself (WhatsApp multi-device, [MD]): the primary signs the companion's
 * identity (account signature) and the new device list and tells the server; the companion logs in
 * once the server has its keys. Who holds the companion — the owner or an attacker who lured them —
 * changes nothing here.
 */
import type { Actor } from '../actor.js';
import type { ChatServer } from '../chat-server.js';
import type { User } from '../user.js';
import type { ClientDevice } from './client-device.js';
import { signCompanion, signDeviceList } from './device-signatures.js';

/** Delay before a freshly linked companion logs in (a QR scan takes a moment anyway). */
export const COMPANION_LOGIN_DELAY_MS = 2_000;

/**
 * Links a new companion held by `holder` into `owner`'s account from the owner's primary phone.
 * @throws Error when the owner has no logged-in primary or no account.
 */
export function linkCompanionDevice(
  server: ChatServer,
  owner: User,
  holder: Actor,
  label: string,
): ClientDevice {
  const { world } = server;
  const primary = owner.phone;
  const account = server.account(owner.number);
  if (!primary || !account) throw new Error(`${owner.id} has no logged-in primary phone to link from`);
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
  const identity = primary.protocol.identityKeyPair;
  primary.send({
    kind: 'link-device',
    device: deviceId,
    keys: companion.keyUpload(),
    accountSignature: signCompanion(world.crypto, random, identity, companion.protocol.identityKey),
    deviceList,
    deviceListSignature: signDeviceList(world.crypto, random, identity, owner.number, deviceList),
    body: companion.transportKey.publicKey,
  });
  world.loop.schedule(COMPANION_LOGIN_DELAY_MS, () => companion.connect(), 'link.connect');
  return companion;
}
