import { describe, expect, it } from 'vitest';
import { smallWorld } from '../helpers/world.js';

describe('chat server', () => {
  it('hands out each one-time prekey once, deletes it, and falls back to signed-prekey-only bundles', () => {
    const { world, server, user, settle } = smallWorld({ names: ['alice', 'bob', 'carol'] });
    const bob = server.account(user('bob').number)!;
    const stock = bob.devices.get(1)!.keys.preKeys.length;
    expect(stock).toBeGreaterThan(0);
    user('alice').phone!.sendText('m1', user('bob').number, 'hi');
    settle();
    expect(bob.devices.get(1)!.keys.preKeys.length).toBe(stock - 1);
    bob.devices.get(1)!.keys.preKeys.length = 0; // drained
    user('carol').phone!.sendText('m2', user('bob').number, 'hi without DH4');
    settle();
    const events = world.journal.events();
    expect(events.some((e) => e.type === 'server.prekeys-exhausted')).toBe(true);
    expect(events.some((e) => e.type === 'client.session-without-one-time-prekey')).toBe(true);
    expect(world.deliveries.get('m2')?.get('bob-phone')?.deliveredAt).toBeDefined();
  });

  it('queues messages for offline devices, deletes them on delivery, drops them after 30 days', () => {
    const { world, user, settle } = smallWorld();
    user('bob').phone!.setOnline(false);
    user('alice').phone!.sendText('m1', user('bob').number, 'later');
    settle(10 * 24 * 3600_000);
    expect(world.deliveries.get('m1')?.get('bob-phone')?.deliveredAt).toBeUndefined();
    user('bob').phone!.setOnline(true);
    settle();
    expect(world.deliveries.get('m1')?.get('bob-phone')?.deliveredAt).toBeDefined();
    expect(
      world.journal.events().some((e) => e.type === 'server.delete-delivered' && e.messageId === 'm1'),
    ).toBe(true);
    user('bob').phone!.setOnline(false);
    user('alice').phone!.sendText('m2', user('bob').number, 'too late');
    settle(31 * 24 * 3600_000);
    user('bob').phone!.setOnline(true);
    settle();
    const state = world.deliveries.get('m2')?.get('bob-phone');
    expect(state?.deliveredAt).toBeUndefined();
    expect(state?.lostReason).toMatch(/30 days/);
  });

  it('records routing metadata and ciphertext, never content', () => {
    const { world, user, settle } = smallWorld();
    user('alice').phone!.sendText('m1', user('bob').number, 'private');
    settle();
    const mine = world.ledger.observations().filter((o) => o.party === 'server' && o.item === 'm1');
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.flatMap((o) => o.fields)).toEqual(
      expect.arrayContaining(['sender', 'recipient', 'ip', 'size', 'timestamp']),
    );
    expect(mine.some((o) => o.fields.includes('content'))).toBe(false);
  });

  it('refuses a login whose transport key is not the registered device’s', () => {
    const { world, server, mallory, user, settle } = smallWorld();
    const impostor = mallory.installDevice({
      server,
      account: 'bob',
      number: user('bob').number,
      deviceId: 1,
      label: 'fake-bob',
    });
    impostor.connect();
    settle();
    expect(world.journal.events().some((e) => e.type === 'server.login-refused')).toBe(true);
    user('alice').phone!.sendText('m1', user('bob').number, 'for the real bob');
    settle();
    expect(world.ledger.observations().some((o) => o.party === 'mallory' && o.item === 'm1')).toBe(false);
  });
});
