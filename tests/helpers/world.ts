/** Test helpers: a small world with a server, a carrier, a registration service and users. */
import { createHostCryptoProvider } from '../../simulator/crypto/host-provider.js';
import type { Actor } from '../../simulator/parties/actor.js';
import { Carrier } from '../../simulator/parties/carrier.js';
import { ChatServer } from '../../simulator/parties/chat-server.js';
import { RegistrationService } from '../../simulator/parties/registration.js';
import { Attacker, User } from '../../simulator/parties/user.js';
import type { DefenceSpec } from '../../simulator/world/defences.js';
import { World } from '../../simulator/world/world.js';

export function smallWorld(options: { names?: string[]; defences?: DefenceSpec[]; seed?: number } = {}) {
  const world = new World({
    seed: options.seed ?? 7,
    crypto: createHostCryptoProvider(),
    defences: options.defences ?? [],
  });
  const server = world.add(new ChatServer(world, 'server'));
  const carrier = world.add(new Carrier(world, 'carrier', 'weak', true));
  const actors = new Map<string, Actor>();
  const owners = new Map<string, string>();
  const users = new Map<string, User>();
  (options.names ?? ['alice', 'bob']).forEach((name, index) => {
    const number = `+1 555 01${String(index).padStart(2, '0')}`;
    const user = world.add(
      new User(world, name, number, { securityNotifications: true, readReceipts: true, online: true }),
    );
    users.set(name, user);
    actors.set(name, user);
    owners.set(number, name);
    carrier.subscribe(number, name);
  });
  const mallory = world.add(new Attacker(world, 'mallory'));
  actors.set('mallory', mallory);
  const registration = world.add(
    new RegistrationService(world, 'registration', server, [carrier], 7, owners, actors),
  );
  for (const user of users.values()) {
    registration.requestCode(user.number, 'sms');
    registration.register(user.number, user.latestCode(user.number), user, { label: `${user.id}-phone` });
  }
  world.loop.runUntil(world.now + 2_000);
  const settle = (ms = 5_000) => world.loop.runUntil(world.now + ms);
  const user = (name: string) => users.get(name)!;
  return { world, server, carrier, registration, mallory, user, settle };
}
