/**
 * The `pqxdh` defence end to end (PQXDH §3.2–§3.4): clients publish signed KEM prekeys, the server
 * hands out one-time ones once and then the last-resort one, initiators start version-4 sessions,
 * and messages still decrypt. Without the defence nothing of this appears.
 */
import { describe, expect, it } from 'vitest';
import { header, reads, run } from '../fidelity/helpers.js';

const SCENARIO = `${header(
  'pqxdh-wiring',
  `  - { id: alice, kind: user }
  - { id: bob, kind: user }
  - { id: carol, kind: user }
  - { id: whatsapp, kind: chat-server, one_time_prekeys: 1 }`,
)}
defences:
  - { id: pq, kind: pqxdh, enabled: false }
steps:
  - send: { id: m1, from: alice, to: bob, text: "first" }
  - send: { id: m2, from: carol, to: bob, text: "second" }
  - send: { id: m3, from: bob, to: alice, text: "reply" }
variants:
  - { id: on, title: PQXDH on, enable: [pq] }
`;

describe('pqxdh defence wiring', () => {
  it('with pqxdh, sessions are PQXDH over a one-time then the last-resort KEM prekey', () => {
    const result = run(SCENARIO, 'on');
    const pq = result.events.filter((e) => e.type === 'client.session-pqxdh');
    // Bob's server holds one one-time KEM prekey: Alice's session takes it, Carol's then gets the
    // last-resort one, and a later session to the same device reuses that last-resort key.
    const peersOf = (device: string) =>
      new Set(pq.filter((e) => e.device === device).map((e) => String(e.peer)));
    const carolPeers = peersOf('carol-phone');
    const bobDevice = [...peersOf('alice-phone')].find((peer) => carolPeers.has(peer))!;
    expect(bobDevice).toBeDefined();
    const kemIds = pq.filter((e) => e.peer === bobDevice).map((e) => e.kemPreKeyId);
    expect(kemIds.length).toBeGreaterThanOrEqual(3);
    expect(kemIds[0]).not.toBe(kemIds[1]);
    expect(kemIds.slice(2).every((id) => id === kemIds[1])).toBe(true);
    const served = result.events.filter((e) => e.type === 'server.keys-served' && Number(e.devices) > 0);
    expect(served.length).toBeGreaterThan(0);
    expect(served.every((e) => e.kemPreKeys === e.devices)).toBe(true);
    expect(reads(result, 'bob', 'm1')).toBe(true);
    expect(reads(result, 'bob', 'm2')).toBe(true);
    expect(reads(result, 'alice', 'm3')).toBe(true);
  });

  it('without it, no KEM prekey is published or served and sessions are X3DH', () => {
    const result = run(SCENARIO);
    expect(result.events.some((e) => e.type === 'client.session-pqxdh')).toBe(false);
    expect(result.events.some((e) => e.type === 'server.keys-served' && 'kemPreKeys' in e)).toBe(false);
    expect(reads(result, 'bob', 'm1')).toBe(true);
    expect(reads(result, 'alice', 'm3')).toBe(true);
  });
});
