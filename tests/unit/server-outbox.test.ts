import { describe, expect, it } from 'vitest';
import { smallWorld } from '../helpers/world.js';

/**
 * Issue 15 §4: the server deletes what it delivered, so what it holds does not grow with delivered
 * history — while what it could not deliver stays queued (up to 30 days, scenario 26).
 */
describe('chat server outboxes', () => {
  it('holds nothing after many delivered messages, and holds every undelivered one until delivery', () => {
    const { world, server, user, settle } = smallWorld({ names: ['alice', 'bob', 'carol'] });
    const alice = user('alice').phone!;
    const heldAfter: number[] = [];
    for (let round = 0; round < 4; round++) {
      for (let i = 0; i < 50; i++) {
        alice.sendText(`a${round}-${i}`, user('bob').number, `hello ${i}`);
        settle(50);
      }
      settle();
      heldAfter.push(server.queuedEnvelopes().length);
    }
    // 200 delivered messages: nothing held after any round, so the outbox does not grow.
    expect(heldAfter).toEqual([0, 0, 0, 0]);
    expect(world.deliveries.get('a3-49')?.get('bob-phone')?.deliveredAt).toBeDefined();

    user('carol').phone!.setOnline(false);
    for (let i = 0; i < 30; i++) alice.sendText(`c${i}`, user('carol').number, `while away ${i}`);
    settle(24 * 3600_000);
    const held = server.queuedEnvelopes();
    // Sent at the same instant, they reach the server in jitter order: compare as sets.
    expect(new Set(held.map((e) => e.messageId))).toEqual(
      new Set(Array.from({ length: 30 }, (_, i) => `c${i}`)),
    );
    expect(held).toHaveLength(30);
    expect(held.every((e) => e.to === user('carol').number)).toBe(true);
    user('carol').phone!.setOnline(true);
    settle();
    expect(server.queuedEnvelopes()).toEqual([]);
    for (let i = 0; i < 30; i++)
      expect(world.deliveries.get(`c${i}`)?.get('carol-phone')?.deliveredAt).toBeDefined();
  });
});
