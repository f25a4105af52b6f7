/**
 * Scenario-level tests of the engine: small scenarios whose outcomes follow only from the protocol
 * and the parties' code. Each expectation kind is exercised both holding and failing.
 */
import { describe, expect, it } from 'vitest';
import { nobleCryptoProvider } from '../../simulator/crypto/noble-provider.js';
import { runScenario } from '../../simulator/scenario/runner.js';
import { expectation, level, loadFixture, loadText, run } from '../helpers/scenarios.js';

const header = (id: string, extraParties = '') => `
sightline: 1
id: ${id}
title: ${id}
summary: test
parties:
  - { id: alice, kind: user }
  - { id: bob, kind: user }
  - { id: carol, kind: user }
  - { id: server, kind: chat-server }
  - { id: carrier, kind: carrier }
  - { id: isp, kind: network-observer, taps: [alice] }
${extraParties}`;

describe('first message, both online (S1)', () => {
  const loaded = loadText(`${header('first-message')}
steps:
  - send: { id: m1, from: alice, to: bob, text: "hello bob" }
  - read: { user: bob, message: m1 }
expectations:
  - { id: bob-reads, sees-content: { party: bob, messages: [m1] } }
  - { id: server-blind, never-sees-content: { party: server } }
  - { id: server-ip, sees-metadata: { party: server, field: ip, messages: [m1] } }
  - { id: isp-size, sees-metadata: { party: isp, field: size, messages: [m1] } }
  - { id: isp-blind, never-sees-content: { party: isp } }
  - { id: carol-nothing, sees-nothing: { party: carol, messages: [m1] } }
  - { id: delivered, delivered: { message: m1, to: bob } }
  - { id: wrong-claim, sees-content: { party: server, messages: [m1] } }
  - { id: wrong-lost, lost: { message: m1 } }
  - { id: wrong-nothing, sees-nothing: { party: server, messages: [m1] } }
`);
  const result = run(loaded);

  it('derives who sees what from the real protocol', () => {
    for (const id of [
      'bob-reads',
      'server-blind',
      'server-ip',
      'isp-size',
      'isp-blind',
      'carol-nothing',
      'delivered',
    ]) {
      expect(expectation(result, id).ok, `${id}: ${expectation(result, id).detail}`).toBe(true);
    }
    expect(level(result, 'bob', 'm1')).toBe('content');
    expect(level(result, 'server', 'm1')).toBe('metadata');
    expect(level(result, 'isp', 'm1')).toBe('metadata');
  });

  it('reports expectations that do not hold as failed, with the reason', () => {
    expect(expectation(result, 'wrong-claim').ok).toBe(false);
    expect(expectation(result, 'wrong-claim').detail).toMatch(/m1: metadata/);
    expect(expectation(result, 'wrong-lost').ok).toBe(false);
    expect(expectation(result, 'wrong-nothing').ok).toBe(false);
    expect(result.valid).toBe(false);
  });

  it('deletes the message from the server once delivered', () => {
    expect(result.events.some((e) => e.type === 'server.delete-delivered' && e.messageId === 'm1')).toBe(
      true,
    );
  });

  it('is deterministic: same seed same journal, another seed another journal, any provider', () => {
    expect(run(loaded, 'base', 1).journalHash).toBe(result.journalHash);
    expect(run(loaded, 'base', 2).journalHash).not.toBe(result.journalHash);
    expect(runScenario(loaded, { variant: 'base', seed: 1, crypto: nobleCryptoProvider }).journalHash).toBe(
      result.journalHash,
    );
  });
});

describe('recipient offline: the 30-day queue (S2)', () => {
  const loaded = loadText(`${header('offline')}
steps:
  - go-offline: { user: bob }
  - send: { id: m1, from: alice, to: bob, text: "are you there?" }
  - wait: { duration: 29d }
  - go-online: { user: bob }
  - go-offline: { user: bob }
  - send: { id: m2, from: alice, to: bob, text: "this one waits too long" }
  - wait: { duration: 31d }
  - go-online: { user: bob }
expectations:
  - { id: m1-delivered, delivered: { message: m1 } }
  - { id: m2-lost, lost: { message: m2 } }
  - { id: server-blind, never-sees-content: { party: server } }
`);
  const result = run(loaded);
  it('delivers within 30 days and drops after', () => {
    for (const id of ['m1-delivered', 'm2-lost', 'server-blind'])
      expect(expectation(result, id).ok, expectation(result, id).detail).toBe(true);
    expect(result.events.some((e) => e.type === 'server.expire' && e.messageId === 'm2')).toBe(true);
  });
});

describe('the 30-day queue expires each message on its own day', () => {
  const loaded = loadText(`${header('offline-staggered')}
steps:
  - go-offline: { user: bob }
  - send: { id: m1, from: alice, to: bob, text: "day 0" }
  - wait: { duration: 2d }
  - send: { id: m2, from: alice, to: bob, text: "day 2" }
  - wait: { duration: 29d }
  - go-online: { user: bob }
expectations:
  - { id: m1-lost, lost: { message: m1 } }
  - { id: m2-delivered, delivered: { message: m2 } }
`);
  const result = run(loaded);
  it('drops the older message at day 30 and still delivers the younger one at day 31', () => {
    for (const id of ['m1-lost', 'm2-delivered'])
      expect(expectation(result, id).ok, expectation(result, id).detail).toBe(true);
    const expired = result.events.filter((e) => e.type === 'server.expire');
    expect(expired.map((e) => e.messageId)).toEqual(['m1']);
    expect(expired[0]!.t).toBe(
      30 * 24 * 60 * 60 * 1000 +
        (result.events.find((e) => e.type === 'server.accept' && e.messageId === 'm1')?.t ?? 0),
    );
  });
});

describe('multi-device fan-out and linking (S3)', () => {
  const loaded = loadText(`
sightline: 1
id: fan-out
title: fan-out
summary: test
parties:
  - { id: alice, kind: user, linked_devices: [alice-laptop] }
  - { id: bob, kind: user }
  - { id: server, kind: chat-server }
steps:
  - send: { id: m1, from: bob, to: alice, text: "to all of alice's devices" }
  - send: { id: m2, from: alice, to: bob, text: "sent from the phone" }
  - link-device: { user: bob, device: bob-tablet }
  - wait: { duration: 10s }
  - send: { id: m3, from: alice, to: bob, text: "after the tablet" }
expectations:
  - { id: laptop, delivered: { message: m1, to: alice-laptop } }
  - { id: tablet-history, delivered: { message: m3, to: bob-tablet } }
  - { id: notice, notice: { user: bob, kind: new-device-linked } }
`);
  const result = run(loaded);
  it('encrypts to every device of the recipient and to the sender’s own other devices', () => {
    for (const id of ['laptop', 'tablet-history', 'notice'])
      expect(expectation(result, id).ok, expectation(result, id).detail).toBe(true);
    // The laptop sees what alice's phone sent (sender fan-out), decrypted with its own session.
    const laptopCopy = result.ledger.observations.find(
      (o) => o.item === 'm2' && o.party === 'alice' && o.how.kind === 'decrypted',
    );
    expect(laptopCopy).toBeDefined();
    // The new tablet got the history bundle: m1 and m2, decrypted from the bundle.
    const history = result.ledger.observations.filter(
      (o) => o.party === 'bob' && o.how.kind === 'decrypted' && JSON.stringify(o.how).includes('history'),
    );
    expect(new Set(history.map((o) => o.item))).toEqual(new Set(['m1', 'm2']));
  });
});

describe('groups: sender keys, removal, server-added members (S4, S12)', () => {
  const loaded = loadText(`${header('groups', '  - { id: ghost, kind: attacker, number: "+1 555 0999" }')}
groups:
  - { id: g1, name: Friends, admin: alice, members: [bob, carol] }
defences:
  - { id: signed, kind: signed-group-membership, enabled: false }
steps:
  - send: { id: m1, from: alice, group: g1, text: "hi all" }
  - remove-member: { group: g1, user: carol, by: alice }
  - wait: { duration: 5s }
  - send: { id: m2, from: bob, group: g1, text: "carol is gone" }
  - server-add-member: { group: g1, member: ghost }
  - wait: { duration: 5s }
  - send: { id: m3, from: alice, group: g1, text: "who is ghost?" }
expectations:
  - { id: carol-m1, sees-content: { party: carol, messages: [m1] } }
  - { id: carol-not-m2, never-sees-content: { party: carol, messages: [m2, m3] } }
  - { id: ghost-m3, sees-content: { party: ghost, messages: [m3] } }
  - { id: ghost-not-m1, never-sees-content: { party: ghost, messages: [m1, m2] } }
  - { id: server-blind, never-sees-content: { party: server } }
  - { id: server-groups, sees-metadata: { party: server, field: group-membership, messages: [m1] } }
variants:
  - id: signed
    title: membership signed by admins
    enable: [signed]
    expectations:
      - { id: ghost-m3, never-sees-content: { party: ghost } }
`);
  it('re-keys after a removal and lets a server-added member read only what follows', () => {
    const result = run(loaded);
    for (const e of result.expectations) expect(e.ok, `${e.id}: ${e.detail}`).toBe(true);
  });
  it('signed membership stops the ghost', () => {
    const result = run(loaded, 'signed');
    for (const e of result.expectations) expect(e.ok, `${e.id}: ${e.detail}`).toBe(true);
  });
});

describe('SIM swap and two-step verification (S6, S8)', () => {
  const loaded = loadFixture('sim-swap.yaml');
  it('the attacker reads pending and new messages, not history', () => {
    const result = run(loaded);
    expect(result.valid, JSON.stringify(result.expectations.filter((e) => !e.ok))).toBe(true);
    expect(level(result, 'mallory', 'm1')).toBe('none');
    expect(level(result, 'mallory', 'm3')).toBe('content');
  });
  it('two-step verification blocks the registration', () => {
    const result = run(loaded, 'with-2sv');
    expect(result.valid, JSON.stringify(result.expectations.filter((e) => !e.ok))).toBe(true);
    expect(expectation(result, 'takeover-result').detail).toMatch(/two-step/);
  });
});

describe('pairing-code lure (S9) and a server-injected companion (S11)', () => {
  const loaded = loadText(`${header('pairing', '  - { id: mallory, kind: attacker }')}
defences:
  - { id: bob-2sv, kind: two-step-verification, party: bob, pin: "135790", enabled: true }
steps:
  - send: { id: m1, from: alice, to: bob, text: "old news" }
  - pairing-lure: { attacker: mallory, victim: bob }
  - wait: { duration: 10s }
  - send: { id: m2, from: alice, to: bob, text: "new news" }
  - server-inject-companion: { target: alice }
  - wait: { duration: 10s }
  - send: { id: m3, from: bob, to: alice, text: "to alice's real devices only" }
expectations:
  - { id: history, sees-content: { party: mallory, messages: [m1, m2] } }
  - { id: no-code-change, no-notice: { user: alice, kind: security-code-changed } }
  - { id: linked-notice, notice: { user: bob, kind: new-device-linked, about: mallory } }
  - { id: ghost-fails, never-sees-content: { party: server } }
`);
  it('links the attacker even with two-step verification, and the forged companion gets nothing', () => {
    const result = run(loaded);
    for (const e of result.expectations) expect(e.ok, `${e.id}: ${e.detail}`).toBe(true);
    expect(result.events.some((e) => e.type === 'client.device-rejected')).toBe(true);
  });
});

describe('server key substitution (S10)', () => {
  const loaded = loadText(`${header('substitution')}
defences:
  - { id: kt, kind: key-transparency, enabled: false }
steps:
  - send: { id: m1, from: alice, to: bob, text: "before" }
  - send: { id: m2, from: bob, to: alice, text: "reply" }
  - id: swap
    server-substitute-key: { target: bob, attacker: server }
  - wait: { duration: 5s }
  - send: { id: m3, from: alice, to: bob, text: "intercepted?" }
  - id: compare
    verify-security-code: { user: alice, contact: bob }
expectations:
  - { id: server-reads, sees-content: { party: server, messages: [m3] } }
  - { id: not-before, never-sees-content: { party: server, messages: [m1, m2] } }
  - { id: codes-differ, action: { step: compare, outcome: fails } }
variants:
  - id: kt
    title: key transparency
    enable: [kt]
    expectations:
      - { id: server-reads, never-sees-content: { party: server } }
`);
  it('lets a malicious server read targeted traffic, and comparing codes exposes it', () => {
    const result = run(loaded);
    for (const e of result.expectations) expect(e.ok, `${e.id}: ${e.detail}`).toBe(true);
  });
  it('key transparency makes the client refuse the substituted key', () => {
    const result = run(loaded, 'kt');
    expect(expectation(result, 'server-reads').ok, expectation(result, 'server-reads').detail).toBe(true);
  });
});
