/**
 * Code on the user's own device (S21 modded clients) and the device-side settings that decide what is
 * stored there (disappearing messages, chat lock).
 */
import { describe, expect, it } from 'vitest';
import type { RunResult } from '../../simulator/scenario/result.js';
import { level, loadFixture, loadText, run } from '../helpers/scenarios.js';

function allOk(result: RunResult): void {
  for (const e of result.expectations) expect(e.ok, `${e.id}: ${e.detail}`).toBe(true);
}

describe('install-modded-client (S21)', () => {
  const loaded = loadFixture('attacks-modded-client.yaml');
  const base = run(loaded);
  const banned = run(loaded, 'official-only');

  it('the vendor gets the stored history, the identity key and every later message, with the real text', () => {
    allOk(base);
    for (const item of ['m1', 'm2', 'key:bob-phone']) expect(level(base, 'modder', item)).toBe('content');
    const how = base.ledger.observations.find((o) => o.party === 'modder' && o.item === 'm2')!.how;
    expect(how).toEqual({ kind: 'exfiltrated', by: 'modded client modder on bob-phone' });
    // The reports travel over the network from bob's phone to the vendor, sealed.
    expect(
      base.events.some(
        (e) => e.type === 'net.send' && e.label === 'exfil' && e.src === 'bob-phone' && e.dst === 'modder',
      ),
    ).toBe(true);
    expect(base.events.some((e) => e.type === 'server.unofficial-client')).toBe(true);
  });

  it('with official-client-only the server bans the account at the modded login: no new messages reach the vendor', () => {
    allOk(banned);
    expect(banned.events.some((e) => e.type === 'server.ban')).toBe(true);
    expect(level(banned, 'modder', 'm2')).toBe('none');
    // What was on the phone when the mod was installed had already left.
    expect(level(banned, 'modder', 'm1')).toBe('content');
    expect(banned.events.some((e) => e.type === 'client.logged-out' && e.device === 'bob-phone')).toBe(true);
  });
});

const fromStart = (exfiltrates: boolean, officialOnly: boolean) =>
  loadText(`
sightline: 1
id: mod-from-start
title: modded from the start
summary: test
parties:
  - { id: alice, kind: user }
  - { id: bob, kind: user, client: modded, vendor: modder }
  - { id: modder, kind: mod-vendor, exfiltrates: ${exfiltrates} }
  - { id: server, kind: chat-server }
defences:
  - { id: official-only, kind: official-client-only, enabled: ${officialOnly} }
  - { id: vanish, kind: disappearing-messages, party: bob, ttl: 5s, enabled: true }
steps:
  - send: { id: m1, from: alice, to: bob, text: "hello" }
  - send: { id: m2, from: bob, to: alice, text: "hi" }
  - wait: { duration: 20s }
expectations:
  - { id: alice-reads, sees-content: { party: alice, messages: [m2] } }
`);

describe('client: modded from the start', () => {
  it('exfiltrates every message, and the mod ignores the disappearing timer on bob’s phone', () => {
    const result = run(fromStart(true, false));
    expect(level(result, 'modder', 'm1')).toBe('content');
    expect(level(result, 'modder', 'm2')).toBe('content');
    const gone = result.events.filter((e) => e.type === 'client.message-disappeared').map((e) => e.device);
    expect(gone).toContain('alice-phone');
    expect(gone).not.toContain('bob-phone');
  });

  it('a vendor that does not exfiltrate learns nothing, though its build is still announced', () => {
    const result = run(fromStart(false, false));
    expect(result.ledger.observations.some((o) => o.party === 'modder')).toBe(false);
    expect(result.events.some((e) => e.type === 'server.unofficial-client')).toBe(true);
  });

  it('with official-client-only the account is banned at its first login: only the key leaves', () => {
    const result = run(fromStart(true, true));
    expect(level(result, 'modder', 'key:bob-phone')).toBe('content');
    expect(level(result, 'modder', 'm1')).toBe('none');
    expect(result.events.some((e) => e.type === 'server.login-refused' && e.number === '+1 555 0101')).toBe(
      true,
    );
  });
});

describe('disappearing-messages on devices', () => {
  const loaded = loadText(`
sightline: 1
id: vanish-history
title: disappearing history
summary: test
parties:
  - { id: alice, kind: user }
  - { id: bob, kind: user }
  - { id: server, kind: chat-server }
defences:
  - { id: vanish, kind: disappearing-messages, party: bob, ttl: 1m, enabled: true }
steps:
  - send: { id: m1, from: alice, to: bob, text: "gone in a minute" }
  - at: 2m
    send: { id: m2, from: alice, to: bob, text: "still here" }
  - link-device: { user: bob, device: bob-laptop }
  - wait: { duration: 10s }
expectations:
  - { id: server-routes, sees-metadata: { party: server, field: sender, messages: [m1, m2] } }
variants:
  - { id: off, title: no timer, disable: [vanish] }
`);
  const on = run(loaded);
  const off = run(loaded, 'off');
  const viaHistory = (result: RunResult, item: string) =>
    result.ledger.observations.some(
      (o) => o.item === item && o.party === 'bob' && JSON.stringify(o.how).includes('history bundle'),
    );

  it('deletes the message on both sides after the timer; the history bundle no longer carries it', () => {
    allOk(on);
    const gone = on.events
      .filter((e) => e.type === 'client.message-disappeared' && e.messageId === 'm1')
      .map((e) => e.device);
    expect(gone.sort()).toEqual(['alice-phone', 'bob-phone']);
    expect(viaHistory(on, 'm1')).toBe(false);
    expect(viaHistory(on, 'm2')).toBe(true);
  });

  it('without the timer the linked laptop receives the old message in the history bundle', () => {
    allOk(off);
    expect(viaHistory(off, 'm1')).toBe(true);
  });
});
