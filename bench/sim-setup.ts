/** Benchmark setup helper: links a companion the way the runtime does, without a scenario. */
import { signCompanion, signDeviceList } from '../simulator/parties/client/device-signatures.js';
import type { ChatServer } from '../simulator/parties/chat-server.js';
import type { User } from '../simulator/parties/user.js';
import type { World } from '../simulator/world/world.js';

export function linkCompanionDirect(world: World, server: ChatServer, user: User, label: string): void {
  const primary = user.phone!;
  const account = server.account(user.number)!;
  const deviceId = Math.max(...account.deviceList) + 1;
  const companion = user.installDevice({ server, account: user.id, number: user.number, deviceId, label });
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
      user.number,
      deviceList,
    ),
    body: companion.transportKey.publicKey,
  });
  world.loop.schedule(2_000, () => companion.connect(), 'link.connect');
}
