/** The HTTPS stand-in between business-side hosts: plaintext to the application, ciphertext on the wire, at-least-once delivery. */
import { describe, expect, it } from 'vitest';
import { fromUtf8, toHex, utf8 } from '../../simulator/crypto/bytes.js';
import { createNodeCryptoProvider } from '../../simulator/crypto/node-provider.js';
import { HTTPS_MAX_ATTEMPTS, HttpsEndpoint } from '../../simulator/parties/business/https.js';
import { World } from '../../simulator/world/world.js';

const crypto = createNodeCryptoProvider();

function setUp(options: { loss?: number; seed?: string } = {}) {
  const world = new World({ seed: options.seed ?? 'https', crypto, link: { loss_rate: options.loss ?? 0 } });
  const got: { at: string; text: string }[] = [];
  const a = new HttpsEndpoint(world, 'cloud', 'server', (body) =>
    got.push({ at: 'cloud', text: fromUtf8(body) }),
  );
  const b = new HttpsEndpoint(world, 'bsp', 'external', (body) =>
    got.push({ at: 'bsp', text: fromUtf8(body) }),
  );
  const wire: Uint8Array[] = [];
  world.network.tap({ on: 'all', see: (frame) => wire.push(frame.bytes) });
  return { world, a, b, got, wire };
}

describe('HttpsEndpoint', () => {
  it('hands the receiving application the plaintext while the wire carries only ciphertext', () => {
    const { world, a, b, got, wire } = setUp();
    const secret = 'my card number is 4111 1111 1111 1111';
    a.post(b, 'r1', utf8(secret), 'webhook.message');
    world.loop.runUntil(10_000);
    expect(got).toEqual([{ at: 'bsp', text: secret }]);
    expect(wire.length).toBe(2); // the request and the 200 OK
    const needle = toHex(utf8('4111 1111'));
    for (const frame of wire) expect(toHex(frame)).not.toContain(needle);
    expect(a.inFlight).toBe(0);
  });

  it('re-sends until acknowledged on a lossy link and hands each request over once', () => {
    const { world, a, b, got } = setUp({ loss: 0.5, seed: 'lossy' });
    for (let i = 0; i < 10; i++) a.post(b, `r${i}`, utf8(`event ${i}`), 'webhook.message');
    world.loop.runUntil(60 * 60 * 1000);
    expect(got.map((g) => g.text).sort()).toEqual([...Array(10).keys()].map((i) => `event ${i}`).sort());
    expect(world.journal.events().some((e) => e.type === 'https.request' && e.attempt === 2)).toBe(true);
    expect(a.inFlight).toBe(0);
  });

  it('gives up after the last attempt when the receiver stays unreachable', () => {
    const { world, a, b, got } = setUp();
    world.network.setOnline('bsp', false);
    a.post(b, 'r1', utf8('lost'), 'webhook.message');
    world.loop.runUntil(24 * 60 * 60 * 1000);
    expect(got).toEqual([]);
    const attempts = world.journal.events().filter((e) => e.type === 'https.request');
    expect(attempts.length).toBe(HTTPS_MAX_ATTEMPTS);
    expect(world.journal.events().some((e) => e.type === 'https.gave-up')).toBe(true);
    expect(a.inFlight).toBe(0);
  });

  it('refuses a tampered request', () => {
    const { world, a, b, got, wire } = setUp();
    world.network.setOnline('bsp', false);
    a.post(b, 'r1', utf8('hello'), 'webhook.message');
    world.loop.runUntil(1_000); // the original arrives while the BSP is down
    world.network.setOnline('bsp', true);
    const bad = wire[0]!.slice();
    bad[bad.length - 40]! ^= 1;
    world.network.send('cloud', 'bsp', bad);
    world.loop.runUntil(2_000); // before the first re-send
    expect(got).toEqual([]);
    expect(world.journal.events().some((e) => e.type === 'https.bad-request')).toBe(true);
  });

  it('is deterministic for a seed', () => {
    const run = (seed: string) => {
      const { world, a, b } = setUp({ seed, loss: 0.3 });
      for (let i = 0; i < 5; i++) a.post(b, `r${i}`, utf8(`event ${i}`), 'webhook.message');
      world.loop.runUntil(600_000);
      return world.journal.hash();
    };
    expect(run('s1')).toBe(run('s1'));
    expect(run('s1')).not.toBe(run('s2'));
  });
});
