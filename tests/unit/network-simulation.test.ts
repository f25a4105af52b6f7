import { describe, expect, it } from 'vitest';
import { fromUtf8, utf8 } from '../../simulator/crypto/bytes.js';
import { nobleCryptoProvider as crypto } from '../../simulator/crypto/noble-provider.js';
import { contentDigest } from '../../simulator/ledger/digest.js';
import { SimulationError } from '../../simulator/network/errors.js';
import { resolveSimulationOptions, type SimulationOptions } from '../../simulator/network/options.js';
import { Simulation } from '../../simulator/network/simulation.js';
import { TransportClient } from '../../simulator/network/transport-client.js';
import { TransportServer } from '../../simulator/network/transport-server.js';

/**
 * A miniature run: three phones talk to a relay server over Noise with jitter and some loss; the
 * server relays each payload to its addressee and records what it handled in the ledger.
 */
function run(options: Partial<SimulationOptions>): Simulation {
  const sim = new Simulation(crypto, { latency_ms: 20, jitter_ms: 30, loss_rate: 0.05, ...options });
  const users = ['alice', 'bob', 'carol'];
  const serverKey = crypto.generateKeyPair(sim.random.fork('server/static'));
  sim.parties.add({ id: 'server', kind: 'chat-server' });
  sim.network.add({ id: 'server', pool: 'server', receive: (f) => server.handleFrame(f) });
  const server: TransportServer = new TransportServer(sim, {
    endpoint: 'server',
    staticKey: serverKey,
    random: sim.random.fork('server/ephemeral'),
    receive: (_connection, payload) => {
      const [to, id] = fromUtf8(payload).split('|') as [string, string];
      sim.ledger.observe({
        t: sim.now,
        party: 'server',
        item: id,
        fields: ['sender', 'recipient', 'size'],
        how: { kind: 'routing' },
      });
      server.send(to, payload);
    },
  });
  const clients = new Map<string, TransportClient>();
  for (const user of users) {
    sim.parties.add({ id: user, kind: 'user' });
    sim.network.add({ id: user, receive: (f) => clients.get(user)!.handleFrame(f) });
    clients.set(
      user,
      new TransportClient(sim, {
        endpoint: user,
        server: 'server',
        serverStatic: serverKey.publicKey,
        staticKey: crypto.generateKeyPair(sim.random.fork(`${user}/static`)),
        random: sim.random.fork(`${user}/ephemeral`),
        login: utf8(user),
        receive: (payload) => {
          const id = fromUtf8(payload).split('|')[1]!;
          sim.ledger.observe({
            t: sim.now,
            party: user,
            item: id,
            fields: ['content'],
            how: { kind: 'clear' },
            evidence: payload,
          });
        },
      }),
    );
  }
  for (let i = 0; i < 30; i++) {
    const from = users[i % 3]!;
    const to = users[(i + 1) % 3]!;
    sim.at(1000 + i * 50, () => {
      const payload = utf8(`${to}|m${i}`);
      sim.ledger.registerItem({
        id: `m${i}`,
        kind: 'message',
        label: `${from}→${to}`,
        author: from,
        contentDigest: contentDigest(payload),
      });
      clients.get(from)!.send(payload);
    });
  }
  sim.at(1400, () => sim.network.setOnline('carol', false));
  sim.at(2500, () => sim.network.setOnline('carol', true));
  sim.runUntilIdle();
  return sim;
}

describe('Simulation', () => {
  it('the same seed gives the same journal hash; another seed gives another', () => {
    const a = run({ seed: 'alpha' });
    const b = run({ seed: 'alpha' });
    const c = run({ seed: 'beta' });
    expect(a.journal.length).toBeGreaterThan(100);
    expect(a.journal.hash()).toBe(b.journal.hash());
    expect(a.journal.toJsonl()).toBe(b.journal.toJsonl());
    expect(c.journal.hash()).not.toBe(a.journal.hash());
  });

  it('summary journal mode hashes exactly like full mode', () => {
    const full = run({ seed: 7 });
    const summary = run({ seed: 7, journal_mode: 'summary' });
    expect(summary.journal.hash()).toBe(full.journal.hash());
    expect(summary.journal.countsByType()).toEqual(full.journal.countsByType());
  });

  it('journals ledger writes, network and transport events, starting with the options', () => {
    const sim = run({ seed: 'journal' });
    const counts = sim.journal.countsByType();
    expect(sim.journal.events()[0]).toMatchObject({
      type: 'sim.start',
      seed: 'journal',
      latency_ms: 20,
    });
    // The provider is not journalled: noble and node runs must give the same journal.
    expect(sim.journal.events()[0]).not.toHaveProperty('crypto');
    expect(counts['ledger.item']).toBe(30);
    expect(counts['ledger.observe']).toBe(sim.ledger.observations().length);
    expect(counts['transport.open']).toBeGreaterThanOrEqual(3);
    expect(counts['net.offline']).toBe(1);
    expect(sim.parties.list().map((p) => p.id)).toEqual(['server', 'alice', 'bob', 'carol']);
  });

  it('stops a run that exceeds max_events', () => {
    expect(() => run({ seed: 1, max_events: 50 })).toThrow(expect.objectContaining({ code: 'event-limit' }));
  });

  it('validates options with messages that name the option', () => {
    expect(() => resolveSimulationOptions({ loss_rate: 2 })).toThrow(/loss_rate/);
    expect(() => resolveSimulationOptions({ latency_ms: -5 })).toThrow(/latency_ms/);
    expect(() => resolveSimulationOptions({ max_events: 0 })).toThrow(/max_events/);
    expect(() => resolveSimulationOptions({ journal_mode: 'verbose' as never })).toThrow(SimulationError);
    expect(resolveSimulationOptions({ latency_ms: undefined }).latency_ms).toBe(40);
  });

  it('refuses duplicate parties', () => {
    const sim = new Simulation(crypto, { seed: 1 });
    sim.parties.add({ id: 'x', kind: 'user' });
    expect(() => sim.parties.add({ id: 'x', kind: 'user' })).toThrow(
      expect.objectContaining({ code: 'duplicate-id' }),
    );
    expect(() => sim.parties.get('y')).toThrow(/no party "y"/);
  });
});
