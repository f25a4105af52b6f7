import { describe, expect, it } from 'vitest';
import { NetworkObserver } from '../../simulator/parties/network-observer.js';
import { smallWorld } from '../helpers/world.js';

describe('client devices', () => {
  it('retries after the recipient lost its session (retry receipt) and the message still arrives', () => {
    const { world, user, settle } = smallWorld();
    user('alice').phone!.sendText('m1', user('bob').number, 'first');
    settle();
    user('bob').phone!.protocol.deleteSession(`${user('alice').number}.1`);
    user('alice').phone!.sendText('m2', user('bob').number, 'after bob lost the session');
    settle();
    const events = world.journal.events();
    expect(events.some((e) => e.type === 'client.decrypt-failed' && e.messageId === 'm2')).toBe(true);
    expect(events.some((e) => e.type === 'client.retry' && e.messageId === 'm2')).toBe(true);
    expect(world.deliveries.get('m2')?.get('bob-phone')?.deliveredAt).toBeDefined();
  });

  it('a read receipt flows back only when read receipts are on', () => {
    const { world, user, settle } = smallWorld();
    user('alice').phone!.sendText('m1', user('bob').number, 'read me');
    settle();
    user('bob').phone!.markRead('m1');
    settle();
    expect(
      world.ledger
        .observations()
        .some(
          (o) => o.party === 'alice' && o.item === 'm1' && JSON.stringify(o.how).includes('read receipt'),
        ),
    ).toBe(true);
  });

  it('a network observer sees sizes and addresses of a message but never its bytes in the clear', () => {
    const setup = smallWorld();
    const observer = setup.world.add(new NetworkObserver(setup.world, 'isp', 'all'));
    setup.user('alice').phone!.sendText('m1', setup.user('bob').number, 'secret words');
    setup.settle();
    const seen = setup.world.ledger.observations().filter((o) => o.party === 'isp');
    expect(seen.some((o) => o.item === 'm1' && o.fields.includes('size'))).toBe(true);
    expect(seen.some((o) => o.fields.includes('content'))).toBe(false);
    expect(observer.framesSeen).toBeGreaterThan(0);
  });
});
