/**
 * docs/model.md, "Linked (companion) devices" (L1–L4), "Code on the device" (E1–E2) and "Groups" (G1):
 * each claim on a real run's ledger.
 */
import { describe, expect, it } from 'vitest';
import { contentHows, events, header, holdsAnything, outcome, reads, run } from './helpers.js';

const PARTIES = `  - { id: alice, kind: user }
  - { id: bob, kind: user, history_sync: { max_age: 90d } }
  - { id: mallory, kind: attacker }
  - { id: whatsapp, kind: chat-server }
  - { id: carrier, kind: carrier }
  - { id: registration, kind: registration }`;

/** m1 is 100 days old when Bob is lured into linking Mallory's browser; m2 and m3 are recent. */
function lure(parties = PARTIES, defences = '  []', after = ''): string {
  return `${header('pairing', parties)}
defences:
${defences}
steps:
  - send: { id: m1, from: alice, to: bob, text: "a hundred days ago" }
  - at: 100d
    send: { id: m2, from: alice, to: bob, text: "yesterday" }
  - send: { id: m3, from: bob, to: alice, text: "today" }
  - id: lure
    pairing-lure: { attacker: mallory, victim: bob }
  - wait: { duration: 10s }
  - send: { id: m4, from: alice, to: bob, text: "after linking" }
${after}`;
}

describe('linked devices', () => {
  it('[L1] linking sends recent history only, end-to-end encrypted; the server holds ciphertext', () => {
    const result = run(lure());
    expect(contentHows(result, 'mallory', 'm2')).toEqual(['decrypted']);
    expect(reads(result, 'mallory', 'm3')).toBe(true);
    expect(reads(result, 'mallory', 'm1')).toBe(false); // older than max_age
    expect(reads(result, 'mallory', 'm4')).toBe(true);
    expect(events(result, 'client.history-sent')[0]).toMatchObject({ entries: 2 });
    for (const m of ['m1', 'm2', 'm3']) expect(reads(result, 'whatsapp', m)).toBe(false);
    // A longer max_age takes m1 along; max_messages keeps only the newest.
    const everything = run(lure(PARTIES.replace('max_age: 90d', 'max_age: 365d')));
    expect(reads(everything, 'mallory', 'm1')).toBe(true);
    const newest = run(lure(PARTIES.replace('max_age: 90d', 'max_age: 365d, max_messages: 1')));
    expect(reads(newest, 'mallory', 'm3')).toBe(true);
    expect(reads(newest, 'mallory', 'm2')).toBe(false);
    expect(reads(newest, 'mallory', 'm1')).toBe(false);
    // The default (no history_sync given) is 90 days.
    const defaults = run(lure(PARTIES.replace(', history_sync: { max_age: 90d }', '')));
    expect(reads(defaults, 'mallory', 'm1')).toBe(false);
    expect(reads(defaults, 'mallory', 'm2')).toBe(true);
  });

  it('[L2] two-step verification does not stop linking', () => {
    const result = run(
      lure(
        PARTIES,
        '  - { id: bob-2sv, kind: two-step-verification, party: bob, pin: "135790", enabled: true }',
      ),
    );
    expect(outcome(result, 'lure').ok).toBe(true);
    expect(reads(result, 'mallory', 'm2')).toBe(true);
    expect(reads(result, 'mallory', 'm4')).toBe(true);
  });

  it('[L3] re-registering the primary ends every companion: it keeps what it stored, gets nothing new', () => {
    const result = run(
      lure(
        PARTIES,
        '  []',
        `  - wait: { duration: 1m }
  - id: bob-reinstalls
    register: { user: bob, device: bob-new-phone }
  - wait: { duration: 1m }
  - send: { id: m5, from: alice, to: bob, text: "after bob reinstalled" }
`,
      ),
    );
    expect(outcome(result, 'bob-reinstalls').ok).toBe(true);
    expect(reads(result, 'mallory', 'm4')).toBe(true);
    expect(reads(result, 'mallory', 'm5')).toBe(false);
    expect(reads(result, 'bob', 'm5')).toBe(true);
    expect(
      events(result, 'server.logout').some((e) => e['reason'] === 're-registration' && e['device'] === 2),
    ).toBe(true);
  });

  it('[L4] the server links at most max_linked_devices companions (four by default): a lure past it is refused', () => {
    const full = PARTIES.replace(
      '{ id: bob, kind: user, history_sync: { max_age: 90d } }',
      '{ id: bob, kind: user, history_sync: { max_age: 90d }, linked_devices: [bob-1, bob-2, bob-3, bob-4] }',
    );
    const atFour = run(lure(full));
    expect(outcome(atFour, 'lure')).toEqual({
      ok: false,
      reason: 'whatsapp refuses another linked device for bob: 4 of 4 already linked',
    });
    expect(events(atFour, 'server.link-refused')).toEqual([
      expect.objectContaining({ companions: 4, max: 4 }),
    ]);
    for (const m of ['m2', 'm3', 'm4']) expect(holdsAnything(atFour, 'mallory', m)).toBe(false);
    // Three companions leave room for the lure.
    const atThree = run(lure(full.replace(', bob-4]', ']')));
    expect(outcome(atThree, 'lure').ok).toBe(true);
    expect(reads(atThree, 'mallory', 'm4')).toBe(true);
    // An organisation allowing none stops the lure with no companion at all.
    const none = run(
      lure(
        PARTIES.replace(
          '{ id: whatsapp, kind: chat-server }',
          '{ id: whatsapp, kind: chat-server, max_linked_devices: 0 }',
        ),
      ),
    );
    expect(outcome(none, 'lure').ok).toBe(false);
    expect(reads(none, 'mallory', 'm2')).toBe(false);
    expect(reads(none, 'bob', 'm4')).toBe(true);
  });
});

describe('code on the device', () => {
  const endpoint = `${header(
    'endpoint',
    `  - { id: alice, kind: user }
  - { id: bob, kind: user }
  - { id: mallory, kind: attacker, number: "+1 555 0666" }
  - { id: whatsapp, kind: chat-server }
  - { id: gbmods, kind: mod-vendor }`,
  )}
steps:
  - send: { id: m1, from: alice, to: bob, text: "stored before" }
  - at: 1h
    STEP
  - wait: { duration: 1m }
  - send: { id: m2, from: alice, to: bob, text: "handled after" }
`;

  it('[E1] a modded client’s vendor gets the stored history, the identity key and every new plaintext', () => {
    const result = run(endpoint.replace('STEP', 'install-modded-client: { user: bob, vendor: gbmods }'));
    expect(contentHows(result, 'gbmods', 'm1')).toEqual(['exfiltrated']);
    expect(contentHows(result, 'gbmods', 'm2')).toEqual(['exfiltrated']);
    expect(contentHows(result, 'gbmods', 'key:bob-phone')).toEqual(['exfiltrated']);
    // Without exfiltration the build reports nothing.
    const quiet = run(
      endpoint
        .replace('STEP', 'install-modded-client: { user: bob, vendor: gbmods }')
        .replace('{ id: gbmods, kind: mod-vendor }', '{ id: gbmods, kind: mod-vendor, exfiltrates: false }'),
    );
    expect(reads(quiet, 'gbmods', 'm1')).toBe(false);
    expect(holdsAnything(quiet, 'gbmods', 'key:bob-phone')).toBe(false);
  });

  it('[E2] spyware from a zero-click call reads the store and keys, and every plaintext after', () => {
    const result = run(endpoint.replace('STEP', 'spyware-exploit: { attacker: mallory, target: bob }'));
    expect(contentHows(result, 'mallory', 'm1')).toEqual(['exfiltrated']);
    expect(contentHows(result, 'mallory', 'm2')).toEqual(['exfiltrated']);
    expect(contentHows(result, 'mallory', 'key:bob-phone')).toEqual(['exfiltrated']);
  });
});

describe('groups', () => {
  it('[G1] a member added later — by an admin or by the server — gets future messages only', () => {
    const group = (add: string) => `${header(
      'group',
      `  - { id: alice, kind: user }
  - { id: bob, kind: user }
  - { id: carol, kind: user }
  - { id: mallory, kind: attacker, number: "+1 555 0666" }
  - { id: whatsapp, kind: chat-server }`,
    )}
groups:
  - { id: team, name: Team, admin: alice, members: [bob] }
steps:
  - send: { id: g1, from: alice, group: team, text: "before anyone joined" }
  - ${add}
  - wait: { duration: 10s }
  - send: { id: g2, from: alice, group: team, text: "after the join" }
`;
    const byAdmin = run(group('add-member: { group: team, user: carol, by: alice }'));
    expect(reads(byAdmin, 'carol', 'g1')).toBe(false);
    expect(reads(byAdmin, 'carol', 'g2')).toBe(true);
    const byServer = run(group('server-add-member: { group: team, member: mallory }'));
    expect(reads(byServer, 'mallory', 'g1')).toBe(false);
    expect(reads(byServer, 'mallory', 'g2')).toBe(true);
  });
});
