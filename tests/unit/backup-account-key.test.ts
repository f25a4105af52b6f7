/**
 * The chat operator's account backup key (simulator/parties/backup/account-key.ts): released only to
 * the install registered on the number, sealed so that only that install can open it, and the same
 * key across re-registrations (it decrypts older backups).
 */
import { describe, expect, it } from 'vitest';
import {
  AccountBackupKeys,
  accountKeyItem,
  openRelease,
  sealRelease,
} from '../../simulator/parties/backup/account-key.js';
import { SealError } from '../../simulator/parties/backup/seal.js';
import { smallWorld } from '../helpers/world.js';

describe('account backup keys', () => {
  it('are created for and released to the registered primary only', () => {
    const { server, user, mallory, world } = smallWorld();
    const keys = new AccountBackupKeys(server);
    const bob = user('bob');
    expect(keys.release(bob.phone!, bob.number)).toMatchObject({ ok: false });
    expect(keys.has(bob.number)).toBe(false);
    const made = keys.release(bob.phone!, bob.number, true);
    expect(made.ok).toBe(true);
    expect(keys.heldBy(bob.phone!, bob.number)).toEqual(made.ok && made.key);
    // Another party's install on the same number, never registered, gets nothing.
    const rogue = mallory.installDevice({
      server,
      account: 'bob',
      number: bob.number,
      deviceId: 1,
      label: 'rogue',
    });
    expect(keys.release(rogue, bob.number)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/only to the install registered on the number/),
    });
    expect(keys.heldBy(rogue, bob.number)).toBeUndefined();
    const item = accountKeyItem('bob');
    const holders = world.ledger
      .observations()
      .filter((o) => o.item === item)
      .map((o) => o.party);
    expect(holders.sort()).toEqual(['bob', 'server']);
  });

  it('survive re-registration: the new install gets the same key', () => {
    const { server, user, registration, carrier, mallory, settle } = smallWorld();
    const keys = new AccountBackupKeys(server);
    const bob = user('bob');
    const first = keys.release(bob.phone!, bob.number, true);
    carrier.simSwap(mallory, bob.number, 'bob');
    registration.requestCode(bob.number, 'sms');
    const taken = registration.register(bob.number, mallory.latestCode(bob.number), mallory, {
      label: 'mallory-phone',
    });
    expect(taken.ok).toBe(true);
    settle();
    // Bob's old phone is no longer the registered install.
    expect(keys.release(bob.devices[0]!, bob.number)).toMatchObject({ ok: false });
    const second = keys.release(taken.device!, bob.number);
    expect(second.ok && first.ok && second.key).toEqual(first.ok && first.key);
  });

  it('are sealed to the install: only its private transport key opens a release', () => {
    const { user, world } = smallWorld();
    const bob = user('bob');
    const alice = user('alice');
    const key = world.random.fork('test-key').bytes(32);
    const sealed = sealRelease(
      world.crypto,
      world.random.fork('test-release'),
      bob.phone!.transportKey.publicKey,
      bob.number,
      key,
    );
    expect(openRelease(world.crypto, bob.phone!, bob.number, sealed)).toEqual(key);
    expect(() => openRelease(world.crypto, alice.phone!, bob.number, sealed)).toThrow(SealError);
    // Bound to the number: the same box offered for another number does not open either.
    expect(() => openRelease(world.crypto, bob.phone!, alice.number, sealed)).toThrow(SealError);
    const tampered = { ...sealed, box: sealed.box.map((b, i) => (i === 20 ? b ^ 1 : b)) };
    expect(() => openRelease(world.crypto, bob.phone!, bob.number, tampered)).toThrow(SealError);
  });
});
