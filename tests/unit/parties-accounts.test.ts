import { describe, expect, it } from 'vitest';
import { smallWorld } from '../helpers/world.js';

describe('carrier and registration', () => {
  it('a SIM swap moves SMS codes to the attacker; the carrier reads them in the clear', () => {
    const { world, carrier, registration, mallory, user } = smallWorld();
    const bob = user('bob');
    expect(carrier.simSwap(mallory, bob.number, 'bob').ok).toBe(true);
    const item = registration.requestCode(bob.number, 'sms');
    expect(mallory.latestCode(bob.number)).toMatch(/^\d{6}$/);
    const seen = world.ledger.observations().filter((o) => o.item === item && o.fields.includes('content'));
    expect(new Set(seen.map((o) => o.party))).toEqual(new Set(['registration', 'carrier', 'mallory']));
  });

  it('strong checks and a port-out PIN refuse the swap', () => {
    const strong = smallWorld();
    const weakCarrier = strong.carrier;
    const withPin = smallWorld({
      defences: [{ id: 'pin', kind: 'carrier-port-pin', party: 'bob', enabled: true }],
    });
    expect(withPin.carrier.simSwap(withPin.mallory, withPin.user('bob').number, 'bob').ok).toBe(false);
    expect(weakCarrier.simSwap(strong.mallory, strong.user('bob').number, 'bob').ok).toBe(true);
  });

  it('two-step verification blocks re-registration until the 7-day wait, then drops pending messages', () => {
    const { world, server, carrier, registration, mallory, user, settle } = smallWorld();
    const bob = user('bob');
    server.setTwoStepPin(bob.number, '111222');
    carrier.simSwap(mallory, bob.number, 'bob');
    registration.requestCode(bob.number, 'sms');
    const first = registration.register(bob.number, mallory.latestCode(bob.number), mallory, {
      label: 'mallory-phone',
    });
    expect(first.ok).toBe(false);
    expect(first.reason).toMatch(/two-step/);
    bob.phone!.setOnline(false);
    user('alice').phone!.sendText('m1', bob.number, 'pending during the wait');
    settle(7 * 24 * 3600_000 + 1000);
    registration.requestCode(bob.number, 'sms');
    const later = registration.register(bob.number, mallory.latestCode(bob.number), mallory, {
      label: 'mallory-phone-2',
    });
    expect(later.ok).toBe(true);
    settle();
    expect(
      world.ledger
        .observations()
        .some((o) => o.party === 'mallory' && o.item === 'm1' && o.fields.includes('content')),
    ).toBe(false);
  });

  it('a registration with the right code logs the old phone out and changes the security code', () => {
    const { world, carrier, registration, mallory, user, settle } = smallWorld();
    const bob = user('bob');
    user('alice').phone!.sendText('m0', bob.number, 'hello');
    settle();
    carrier.simSwap(mallory, bob.number, 'bob');
    registration.requestCode(bob.number, 'sms');
    expect(
      registration.register(bob.number, mallory.latestCode(bob.number), mallory, { label: 'mallory-phone' })
        .ok,
    ).toBe(true);
    settle();
    expect(bob.devices[0]!.loggedOut).toBe(true);
    user('alice').phone!.sendText('m1', bob.number, 'to the new install');
    settle();
    expect(
      world.notices.some(
        (n) => n.user === 'alice' && n.kind === 'security-code-changed' && n.about === 'bob',
      ),
    ).toBe(true);
    expect(
      world.ledger
        .observations()
        .some((o) => o.party === 'mallory' && o.item === 'm1' && o.fields.includes('content')),
    ).toBe(true);
  });

  it('voicemail with the default PIN gives the code away; a custom PIN does not', () => {
    const open = smallWorld();
    open.registration.requestCode(open.user('bob').number, 'voice', false);
    expect(open.carrier.readVoicemail(open.mallory, open.user('bob').number, 'bob').ok).toBe(true);
    expect(open.mallory.latestCode(open.user('bob').number)).toMatch(/^\d{6}$/);
    const locked = smallWorld({
      defences: [{ id: 'vm', kind: 'voicemail-pin', party: 'bob', enabled: true }],
    });
    locked.registration.requestCode(locked.user('bob').number, 'voice', false);
    expect(locked.carrier.readVoicemail(locked.mallory, locked.user('bob').number, 'bob').ok).toBe(false);
    expect(locked.mallory.latestCode(locked.user('bob').number)).toBeUndefined();
  });

  it('passkeys without SMS fallback refuse a code-based takeover', () => {
    const { carrier, registration, mallory, user } = smallWorld({
      defences: [{ id: 'pk', kind: 'passkeys', party: 'bob', enabled: true, sms_fallback: false }],
    });
    carrier.simSwap(mallory, user('bob').number, 'bob');
    registration.requestCode(user('bob').number, 'sms');
    const result = registration.register(
      user('bob').number,
      mallory.latestCode(user('bob').number),
      mallory,
      { label: 'm' },
    );
    expect(result.ok).toBe(false);
    expect(result.reason).toMatch(/passkey/);
  });
});
