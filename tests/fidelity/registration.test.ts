/** docs/model.md, "Re-registration and two-step verification": claims R1–R6 on real runs. */
import { describe, expect, it } from 'vitest';
import { events, header, noticed, outcome, reads, run } from './helpers.js';

const PARTIES = `  - { id: alice, kind: user }
  - { id: bob, kind: user, linked_devices: [bob-laptop] }
  - { id: mallory, kind: attacker }
  - { id: whatsapp, kind: chat-server }
  - { id: carrier, kind: carrier }
  - { id: registration, kind: registration }
  - { id: google, kind: backup-provider }`;

/** Alice writes to Bob (m1 delivered), Bob's phone goes offline, m2 waits; Mallory SIM-swaps and registers; m3 after. */
function takeover(defences = '', extraSteps = ''): string {
  return `${header('takeover', PARTIES)}
defences:
${defences || '  []'}
steps:
  - send: { id: m1, from: alice, to: bob, text: "delivered before" }
  - go-offline: { device: bob-phone }
  - go-offline: { device: bob-laptop }
  - send: { id: m2, from: alice, to: bob, text: "waiting for bob" }
  - sim-swap: { attacker: mallory, victim: bob }
${extraSteps}  - id: takeover
    register: { user: bob, by: mallory }
  - wait: { duration: 1m }
  - send: { id: m3, from: alice, to: bob, text: "after the takeover" }
  - go-online: { device: bob-laptop }
  - wait: { duration: 1m }
`;
}

describe('re-registration', () => {
  it('[R1] a new install starts empty and ends the old primary and every companion', () => {
    const result = run(takeover());
    expect(outcome(result, 'takeover').ok).toBe(true);
    expect(reads(result, 'mallory', 'm1')).toBe(false);
    expect(reads(result, 'mallory', 'm3')).toBe(true);
    const loggedOut = events(result, 'server.logout')
      .filter((e) => e['number'] === '+1 555 0101' && e['reason'] === 're-registration')
      .map((e) => e['device']);
    expect(loggedOut).toEqual([1, 2]); // the phone and the laptop
    // The companion came back online after the takeover and got nothing new.
    expect(reads(result, 'bob', 'm3')).toBe(false);
    expect(events(result, 'server.register').at(-1)).toMatchObject({ generation: 2 });
  });

  it('[R2] pending messages are re-sent to the new key, delivered ones never; blocking-resend holds them', () => {
    const result = run(takeover());
    expect(reads(result, 'mallory', 'm2')).toBe(true);
    expect(reads(result, 'mallory', 'm1')).toBe(false);
    const held = run(takeover('  - { id: block, kind: blocking-resend, party: alice, enabled: true }'));
    expect(outcome(held, 'takeover').ok).toBe(true);
    expect(reads(held, 'mallory', 'm2')).toBe(false);
  });
});

describe('two-step verification', () => {
  const twoStep = (extra = '') =>
    `  - { id: bob-2sv, kind: two-step-verification, party: bob, pin: "246810", enabled: true${extra} }`;

  it('[R3] without the PIN the registration is refused; Bob keeps his account and is told', () => {
    const result = run(takeover(twoStep()));
    expect(outcome(result, 'takeover')).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/PIN required/),
    });
    expect(noticed(result, 'bob', 'two-step-pin-attempt')).toBe(true);
    expect(reads(result, 'mallory', 'm2')).toBe(false);
    expect(reads(result, 'mallory', 'm3')).toBe(false);
    expect(reads(result, 'bob', 'm3')).toBe(true); // on the laptop, still linked
  });

  it('[R4] after the 7-day wait the number registers without the PIN and pending messages are dropped', () => {
    const text = takeover(
      twoStep(),
      `  - id: first-try
    register: { user: bob, by: mallory }
  - at: 7d1h
    send: { id: m2b, from: alice, to: bob, text: "also waiting" }
`,
    );
    const result = run(text);
    expect(outcome(result, 'first-try').ok).toBe(false);
    expect(outcome(result, 'takeover').ok).toBe(true);
    expect(events(result, 'registration.pin-reset-after-wait')).toHaveLength(1);
    expect(reads(result, 'mallory', 'm2b')).toBe(false);
    expect(reads(result, 'mallory', 'm3')).toBe(true);
    // One day short of the wait, still refused.
    const early = run(text.replace('at: 7d1h', 'at: 6d'));
    expect(outcome(early, 'takeover').ok).toBe(false);
  });

  it('[R5] an email reset lets whoever reads the recovery mailbox register at once; the owner sees the link', () => {
    const withEmail = twoStep(', email_reset: true, mailbox: google');
    const steal = '  - steal-backup-credentials: { attacker: mallory, victim: bob }\n';
    const result = run(takeover(withEmail, steal));
    expect(outcome(result, 'takeover').ok).toBe(true);
    expect(events(result, 'registration.pin-reset-by-email')).toHaveLength(1);
    expect(noticed(result, 'bob', 'two-step-pin-reset-requested')).toBe(true);
    for (const party of ['bob', 'mallory', 'google', 'registration'])
      expect(reads(result, party, 'pin-reset:+1 555 0101:1')).toBe(true);
    // Pending messages are kept by default (email_reset_drops_pending: false) …
    expect(reads(result, 'mallory', 'm2')).toBe(true);
    // … and dropped with the option.
    const dropping = run(
      takeover(withEmail, steal).replace(
        '{ id: registration, kind: registration }',
        '{ id: registration, kind: registration, email_reset_drops_pending: true }',
      ),
    );
    expect(outcome(dropping, 'takeover').ok).toBe(true);
    expect(reads(dropping, 'mallory', 'm2')).toBe(false);
    // Without the mailbox credentials there is no link to follow, and nothing warns Bob.
    const noMailbox = run(takeover(withEmail));
    expect(outcome(noMailbox, 'takeover').ok).toBe(false);
    expect(noticed(noMailbox, 'bob', 'two-step-pin-reset-requested')).toBe(false);
    // Without email_reset the stolen mailbox is useless.
    const noEmail = run(takeover(twoStep(), steal));
    expect(outcome(noEmail, 'takeover').ok).toBe(false);
  });

  it('[R6] a passkey without SMS fallback refuses SMS registration; with the fallback (default) it does not', () => {
    const passkey = (fallback: string) =>
      `  - { id: bob-passkey, kind: passkeys, party: bob, enabled: true${fallback} }`;
    const strict = run(takeover(passkey(', sms_fallback: false')));
    expect(outcome(strict, 'takeover')).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/passkey/),
    });
    expect(reads(strict, 'mallory', 'm3')).toBe(false);
    const fallback = run(takeover(passkey('')));
    expect(outcome(fallback, 'takeover').ok).toBe(true);
  });
});
