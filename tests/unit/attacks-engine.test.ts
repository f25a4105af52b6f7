/**
 * Engine pieces behind the attacker actions, on a bare World: prekey refills never hand a one-time
 * prekey out twice, the server reads the client build from the login, and implants report to their
 * collector over the network, sealed, waiting while the device is offline.
 */
import { describe, expect, it } from 'vitest';
import { createNodeCryptoProvider } from '../../simulator/crypto/node-provider.js';
import { ChatServer, PREKEY_REFILL_THRESHOLD, encodeLogin } from '../../simulator/parties/chat-server.js';
import { type ClientDevice, PREKEY_BATCH } from '../../simulator/parties/client/client-device.js';
import { DeviceImplant, ExfilCollector } from '../../simulator/parties/mod-vendor.js';
import { User } from '../../simulator/parties/user.js';
import type { Stanza } from '../../simulator/world/stanza.js';
import { World } from '../../simulator/world/world.js';
import { fromUtf8 } from '../../simulator/crypto/bytes.js';

function setUp(defences: { id: string; kind: string; enabled: boolean }[] = []) {
  const world = new World({ seed: 'attacks-engine', crypto: createNodeCryptoProvider(), defences });
  const server = world.add(new ChatServer(world, 'server'));
  const install = (id: string, number: string): ClientDevice => {
    const user = world.add(
      new User(world, id, number, { securityNotifications: false, readReceipts: true, online: true }),
    );
    const device = user.installDevice({ server, account: id, number, deviceId: 1, label: `${id}-phone` });
    server.registerPrimary(number, id, {
      keys: device.keyUpload(),
      transportKey: device.transportKey.publicKey,
      holder: id,
      label: device.label,
    });
    device.connect();
    return device;
  };
  const alice = install('alice', '+1 555 0100');
  const bob = install('bob', '+1 555 0101');
  world.loop.runUntil(world.now + 1_000);
  return { world, server, alice, bob };
}

/** Fetches bob's bundle `count` times, one after the other, collecting the one-time prekey ids. */
function fetch(world: World, from: ClientDevice, number: string, count: number): (number | undefined)[] {
  const ids: (number | undefined)[] = [];
  const next = (left: number): void => {
    if (left === 0) return;
    from.request({ kind: 'fetch-keys', user: number, deviceList: [] }, (reply: Stanza) => {
      ids.push(reply.bundles?.[0]?.preKeyId);
      world.loop.schedule(300, () => next(left - 1));
    });
  };
  next(count);
  world.loop.runUntil(world.now + count * 500);
  return ids;
}

describe('prekey refill', () => {
  it('an online device refills before running out, and no one-time prekey is served twice', () => {
    const { world, alice, bob } = setUp();
    const ids = fetch(world, alice, bob.number, 3 * PREKEY_BATCH);
    expect(ids.every((id) => id !== undefined)).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    const refills = world.journal.events().filter((e) => e.type === 'client.prekeys-refilled');
    expect(refills.length).toBeGreaterThanOrEqual(2);
  });

  it('an offline device is asked at its next login, and only then do one-time prekeys come back', () => {
    const { world, server, alice, bob } = setUp();
    bob.setOnline(false);
    const drained = fetch(world, alice, bob.number, PREKEY_BATCH + 3);
    expect(drained.slice(-3)).toEqual([undefined, undefined, undefined]);
    expect(server.account(bob.number)!.devices.get(1)!.keys.preKeys.length).toBe(0);
    bob.setOnline(true);
    world.loop.runUntil(world.now + 1_000);
    expect(server.account(bob.number)!.devices.get(1)!.keys.preKeys.length).toBeGreaterThanOrEqual(
      PREKEY_BATCH,
    );
    const after = fetch(world, alice, bob.number, 1);
    expect(after[0]).toBeDefined();
    expect(drained).not.toContain(after[0]);
    expect(PREKEY_REFILL_THRESHOLD).toBeLessThan(PREKEY_BATCH);
  });
});

describe('client build at login', () => {
  it('the official login is unchanged; another build is announced after the device address', () => {
    expect(fromUtf8(encodeLogin('+1 555 0100', 2))).toBe('+1 555 0100.2');
    expect(fromUtf8(encodeLogin('+1 555 0100', 2, 'gb 1.2'))).toBe('+1 555 0100.2;client=gb 1.2');
  });

  it('with official-client-only a restart announcing a mod bans the account; without it, it is only journalled', () => {
    for (const enabled of [false, true]) {
      const { world, server, bob } = setUp([{ id: 'official', kind: 'official-client-only', enabled }]);
      bob.clientVersion = 'gb 1.2';
      bob.restartApp();
      world.loop.runUntil(world.now + 1_000);
      expect(
        world.journal.events().some((e) => e.type === 'server.unofficial-client' && e.client === 'gb 1.2'),
      ).toBe(true);
      expect(server.banned.has(bob.number)).toBe(enabled);
      expect(bob.loggedOut).toBe(enabled);
    }
  });
});

describe('implant and collector', () => {
  it('reports stored plaintext and the identity key, sealed, and waits while the device is offline', () => {
    const { world, alice, bob } = setUp();
    alice.sendText('m1', bob.number, 'first secret');
    world.loop.runUntil(world.now + 1_000);
    const collector = new ExfilCollector(world, 'vendor', 'vendor-server');
    const frames: Uint8Array[] = [];
    world.network.tap({ on: ['vendor-server'], see: (frame) => frames.push(frame.bytes) });
    bob.setOnline(false);
    new DeviceImplant(bob, collector, 'test implant').start();
    world.loop.runUntil(world.now + 1_000);
    expect(collector.received).toBe(0);
    bob.setOnline(true);
    world.loop.runUntil(world.now + 1_000);
    expect(collector.received).toBe(2);
    const seen = world.ledger
      .observations()
      .filter((o) => o.party === 'vendor')
      .map((o) => o.item)
      .sort();
    expect(seen).toEqual(['key:bob-phone', 'm1']);
    for (const frame of frames) expect(fromUtf8(frame)).not.toContain('first secret');
    // A frame that is not sealed to the collector is refused.
    world.network.send(
      'alice-phone',
      'vendor-server',
      frames[0]!.map((b, i) => (i === 40 ? b ^ 1 : b)),
    );
    world.loop.runUntil(world.now + 1_000);
    expect(collector.received).toBe(2);
    expect(world.journal.events().some((e) => e.type === 'exfil.bad-frame')).toBe(true);
  });
});
