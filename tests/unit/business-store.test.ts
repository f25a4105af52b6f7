/** A host's message store: copies per location, deletion on the virtual clock, honest answers about what is held. */
import { describe, expect, it } from 'vitest';
import { createNodeCryptoProvider } from '../../simulator/crypto/node-provider.js';
import { MessageStore, holdsMessages } from '../../simulator/parties/business/store.js';
import { World } from '../../simulator/world/world.js';

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;

function setUp() {
  const world = new World({ seed: 'store', crypto: createNodeCryptoProvider() });
  const gone: string[] = [];
  const store = new MessageStore(world, 'host', (id) => gone.push(id));
  return { world, store, gone };
}

describe('MessageStore', () => {
  it('deletes each copy when its retention is over, and says so in the journal', () => {
    const { world, store, gone } = setUp();
    store.keep('m1', 'hello', [
      { where: 'in use elsewhere', keepMs: HOUR },
      { where: 'at rest in region', keepMs: 30 * DAY },
    ]);
    expect(store.storedMessages()).toEqual([
      { messageId: 'm1', text: 'hello', where: ['in use elsewhere', 'at rest in region'], until: 30 * DAY },
    ]);
    world.loop.runUntil(HOUR - 1);
    expect(store.storedMessages()[0]!.where).toHaveLength(2);
    world.loop.runUntil(HOUR);
    expect(store.storedMessages()).toEqual([
      { messageId: 'm1', text: 'hello', where: ['at rest in region'], until: 30 * DAY },
    ]);
    expect(gone).toEqual([]);
    world.loop.runUntil(30 * DAY);
    expect(store.storedMessages()).toEqual([]);
    expect(store.holds('m1')).toBe(false);
    expect(gone).toEqual(['m1']);
    const deletions = world.journal.events().filter((e) => e.type === 'business.delete');
    expect(deletions.map((e) => [e.where, e.keptMs])).toEqual([
      ['in use elsewhere', HOUR],
      ['at rest in region', 30 * DAY],
    ]);
  });

  it('keeps copies without a retention until the end of the run', () => {
    const { world, store, gone } = setUp();
    store.keep('m1', 'kept', [{ where: 'crm database' }]);
    store.keep('m2', 'short', [{ where: 'crm database', keepMs: DAY }]);
    world.loop.runUntil(365 * DAY);
    expect(store.storedMessages()).toEqual([{ messageId: 'm1', text: 'kept', where: ['crm database'] }]);
    expect(gone).toEqual(['m2']);
  });

  it('tells watchers about each stored copy', () => {
    const { store } = setUp();
    const seen: string[] = [];
    store.watchers.push((m) => seen.push(`${m.messageId}@${m.where}`));
    store.keep('m1', 'x', [{ where: 'a' }, { where: 'b', keepMs: 1 }]);
    expect(seen).toEqual(['m1@a', 'm1@b']);
  });

  it('recognises parties that can say what they hold', () => {
    const { store } = setUp();
    expect(holdsMessages({ id: 'h', storedMessages: () => store.storedMessages() })).toBe(true);
    expect(holdsMessages({ id: 'user' })).toBe(false);
    expect(holdsMessages(undefined)).toBe(false);
  });
});
