import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../../simulator/crypto/seeded-random.js';
import { AddressAllocator } from '../../simulator/network/addresses.js';
import { SimulationError } from '../../simulator/network/errors.js';
import { EventLoop } from '../../simulator/network/event-loop.js';
import { wireSize } from '../../simulator/network/frame-size.js';
import { Journal } from '../../simulator/network/journal.js';
import { Link } from '../../simulator/network/link.js';
import { Network, type DeliveredFrame, type TappedFrame } from '../../simulator/network/network.js';

function world(seed: string, defaults = { latency_ms: 30, jitter_ms: 20, loss_rate: 0 }) {
  const loop = new EventLoop();
  const journal = new Journal(() => loop.now);
  const network = new Network(loop, journal, new SeededRandom(seed).fork('network'), defaults);
  return { loop, journal, network };
}

describe('Link', () => {
  it('delays stay in [latency, latency + jitter) with the uniform mean, and loss matches loss_rate', () => {
    const link = new Link(
      'a',
      'b',
      { latency_ms: 40, jitter_ms: 10, loss_rate: 0.2 },
      new SeededRandom('stats'),
    );
    const n = 20_000;
    let lost = 0;
    let sum = 0;
    let min = Infinity;
    let max = -Infinity;
    for (let i = 0; i < n; i++) {
      const s = link.sample();
      if (s.lost) lost++;
      sum += s.delay_ms;
      min = Math.min(min, s.delay_ms);
      max = Math.max(max, s.delay_ms);
    }
    expect(min).toBeGreaterThanOrEqual(40);
    expect(max).toBeLessThanOrEqual(50);
    expect(max - min).toBeGreaterThan(9.9); // jitter really spreads delays
    // Mean of U[40, 50) is 45; its standard error over 20 000 draws is ~0.02 ms.
    expect(Math.abs(sum / n - 45)).toBeLessThan(0.1);
    // Binomial(20 000, 0.2): σ ≈ 57 frames; allow 4σ.
    expect(Math.abs(lost - 0.2 * n)).toBeLessThan(4 * Math.sqrt(n * 0.2 * 0.8));
  });

  it('loss_rate 0 never loses and 1 always loses; jitter 0 gives exactly the latency', () => {
    const clean = new Link('a', 'b', { latency_ms: 12, jitter_ms: 0, loss_rate: 0 }, new SeededRandom(1));
    const dead = new Link('a', 'b', { latency_ms: 12, jitter_ms: 0, loss_rate: 1 }, new SeededRandom(1));
    for (let i = 0; i < 500; i++) {
      expect(clean.sample()).toEqual({ lost: false, delay_ms: 12 });
      expect(dead.sample().lost).toBe(true);
    }
  });

  it('refuses out-of-range options', () => {
    const r = new SeededRandom(1);
    expect(() => new Link('a', 'b', { latency_ms: -1, jitter_ms: 0, loss_rate: 0 }, r)).toThrow(
      SimulationError,
    );
    expect(() => new Link('a', 'b', { latency_ms: 1, jitter_ms: NaN, loss_rate: 0 }, r)).toThrow(
      SimulationError,
    );
    expect(() => new Link('a', 'b', { latency_ms: 1, jitter_ms: 0, loss_rate: 1.5 }, r)).toThrow(
      SimulationError,
    );
  });
});

describe('addresses', () => {
  it('are assigned in order per pool, skip .0/.255 and refuse duplicates', () => {
    const a = new AddressAllocator();
    expect(a.allocate('client')).toBe('100.64.0.1');
    expect(a.allocate('client')).toBe('100.64.0.2');
    expect(a.allocate('server')).toBe('203.0.113.1');
    expect(a.allocate('external')).toBe('198.51.100.1');
    expect(a.reserve('203.0.113.2')).toBe('203.0.113.2');
    expect(a.allocate('server')).toBe('203.0.113.3');
    expect(() => a.reserve('100.64.0.1')).toThrow(/already in use/);
    expect(() => a.reserve('300.1.1.1')).toThrow(SimulationError);
    for (let i = 3; i <= 254; i++) a.allocate('client');
    expect(a.allocate('client')).toBe('100.64.1.1');
  });

  it('run out with a clear error', () => {
    const a = new AddressAllocator();
    for (let i = 0; i < 254; i++) a.allocate('server');
    expect(() => a.allocate('server')).toThrow(expect.objectContaining({ code: 'address-exhausted' }));
  });
});

describe('Network', () => {
  it('delivers after the link delay with addresses and wire size, and journals send/deliver', () => {
    const { loop, network, journal } = world('n1', { latency_ms: 25, jitter_ms: 0, loss_rate: 0 });
    const got: DeliveredFrame[] = [];
    network.add({ id: 'phone', receive: () => {} });
    network.add({ id: 'server', pool: 'server', receive: (f) => got.push(f) });
    network.send('phone', 'server', new Uint8Array(100));
    loop.runUntilIdle();
    expect(got).toHaveLength(1);
    expect(got[0]).toMatchObject({
      src: 'phone',
      srcAddress: '100.64.0.1',
      dstAddress: '203.0.113.1',
      sentAt: 0,
      deliveredAt: 25,
    });
    expect(got[0]!.size).toBe(140);
    expect(journal.events().map((e) => e.type)).toEqual([
      'net.endpoint',
      'net.endpoint',
      'net.send',
      'net.deliver',
    ]);
  });

  it('drops frames that arrive at an offline endpoint and frames sent by one, and journals why', () => {
    const { loop, network, journal } = world('n2', { latency_ms: 10, jitter_ms: 0, loss_rate: 0 });
    const got: number[] = [];
    const status: string[] = [];
    network.add({ id: 'a', receive: () => {} });
    network.add({ id: 'b', receive: (f) => got.push(f.bytes[0]!) });
    network.watch('b', (id, online) => status.push(`${id}:${online}`));
    network.send('a', 'b', new Uint8Array([1]));
    loop.at(5, () => network.setOnline('b', false));
    loop.at(6, () => network.send('a', 'b', new Uint8Array([2])));
    loop.at(20, () => network.setOnline('b', true));
    loop.at(21, () => network.send('a', 'b', new Uint8Array([3])));
    loop.runUntilIdle();
    expect(got).toEqual([3]);
    expect(status).toEqual(['b:false', 'b:true']);
    const drops = journal.events().filter((e) => e.type === 'net.drop');
    expect(drops.map((e) => e.reason)).toEqual(['dst-offline', 'dst-offline']);
    network.setOnline('a', false);
    expect(network.send('a', 'b', new Uint8Array([4])).status).toBe('src-offline');
    expect(journal.events().at(-1)).toMatchObject({ type: 'net.drop', reason: 'src-offline' });
  });

  it('taps see frames on the links they tap — addresses, size, time, bytes — and nothing else', () => {
    const { loop, network } = world('n3');
    const seenByCarrier: TappedFrame[] = [];
    const seenEverywhere: TappedFrame[] = [];
    for (const id of ['alice', 'bob']) network.add({ id, receive: () => {} });
    network.add({ id: 'server', pool: 'server', receive: () => {} });
    network.tap({ on: ['alice'], see: (f) => seenByCarrier.push(f) });
    network.tap({ on: 'all', see: (f) => seenEverywhere.push(f) });
    network.send('alice', 'server', new Uint8Array([1, 2, 3]));
    network.send('bob', 'server', new Uint8Array([4]));
    loop.at(100, () => network.send('server', 'alice', new Uint8Array([5, 6])));
    loop.runUntilIdle();
    expect(seenByCarrier.map((f) => [f.srcAddress, f.dstAddress, f.size, f.t])).toEqual([
      ['100.64.0.1', '203.0.113.1', 43, 0],
      ['203.0.113.1', '100.64.0.1', 42, 100],
    ]);
    expect(seenEverywhere).toHaveLength(3);
    expect(Object.keys(seenByCarrier[0]!).sort()).toEqual([
      'bytes',
      'carries',
      'dstAddress',
      'id',
      'protocol',
      'size',
      'srcAddress',
      't',
    ]);
    // The tap gets a copy: changing it does not change what is delivered.
    seenByCarrier[0]!.bytes[0] = 99;
    expect(seenEverywhere[0]!.bytes[0]).toBe(1);
  });

  it('loses frames at loss_rate and journals each loss', () => {
    const { loop, network, journal } = world('n4', { latency_ms: 5, jitter_ms: 0, loss_rate: 0.3 });
    let delivered = 0;
    network.add({ id: 'a', receive: () => {} });
    network.add({ id: 'b', receive: () => delivered++ });
    const n = 4000;
    for (let i = 0; i < n; i++) network.send('a', 'b', new Uint8Array(1));
    loop.runUntilIdle();
    const lost = journal.countsByType()['net.lost'] ?? 0;
    expect(lost + delivered).toBe(n);
    expect(Math.abs(lost - 0.3 * n)).toBeLessThan(4 * Math.sqrt(n * 0.3 * 0.7));
  });

  it('uses explicit per-link options from connect()', () => {
    const { loop, network } = world('n5', { latency_ms: 10, jitter_ms: 0, loss_rate: 0 });
    const at: number[] = [];
    network.add({ id: 'a', receive: () => {} });
    network.add({ id: 'b', receive: () => at.push(loop.now) });
    network.add({ id: 'c', receive: () => at.push(loop.now) });
    network.connect('a', 'c', { latency_ms: 300 });
    network.send('a', 'b', new Uint8Array(1));
    network.send('a', 'c', new Uint8Array(1));
    loop.runUntilIdle();
    expect(at).toEqual([10, 300]);
    expect(() => network.connect('a', 'c')).toThrow(SimulationError);
  });

  it('TCP frames on one direction of a link arrive in send order despite jitter; UDP frames may not', () => {
    // Frames sent 1 ms apart with 50 ms of jitter: an independent draw per frame would reorder many.
    const { loop, network } = world('fifo', { latency_ms: 5, jitter_ms: 50, loss_rate: 0 });
    const got: { id: number; protocol: string; deliveredAt: number }[] = [];
    network.add({ id: 'phone', receive: () => {} });
    network.add({ id: 'server', pool: 'server', receive: (f) => got.push(f) });
    const tcp: number[] = [];
    const udp: number[] = [];
    for (let i = 0; i < 100; i++) {
      loop.at(i, () => {
        tcp.push(network.send('phone', 'server', new Uint8Array(1)).id);
        udp.push(network.send('phone', 'server', new Uint8Array(1), { protocol: 'udp' }).id);
      });
    }
    loop.runUntilIdle();
    const arrived = (protocol: string) => got.filter((f) => f.protocol === protocol);
    expect(arrived('tcp').map((f) => f.id)).toEqual(tcp);
    // Jitter still spreads TCP delays (it only never lets a frame overtake the one before it).
    const delays = new Set(arrived('tcp').map((f, i) => f.deliveredAt - i));
    expect(delays.size).toBeGreaterThan(10);
    expect(arrived('udp').map((f) => f.id)).not.toEqual(udp);
    expect(
      arrived('udp')
        .map((f) => f.id)
        .sort((x, y) => x - y),
    ).toEqual(udp);
  });

  it('refuses unknown endpoints and duplicate ids', () => {
    const { network } = world('n6');
    network.add({ id: 'a', receive: () => {} });
    expect(() => network.add({ id: 'a', receive: () => {} })).toThrow(
      expect.objectContaining({ code: 'duplicate-id' }),
    );
    expect(() => network.send('a', 'nobody', new Uint8Array(1))).toThrow(
      expect.objectContaining({ code: 'unknown-endpoint' }),
    );
    expect(() => network.tap({ on: ['ghost'], see: () => {} })).toThrow(SimulationError);
  });

  it('the same seed gives the same delivery schedule; another seed a different one', () => {
    const schedule = (seed: string): string => {
      const { loop, network, journal } = world(seed, { latency_ms: 20, jitter_ms: 30, loss_rate: 0.1 });
      for (const id of ['a', 'b', 'c']) network.add({ id, receive: () => {} });
      for (let i = 0; i < 200; i++)
        network.send(['a', 'b', 'c'][i % 3]!, ['b', 'c', 'a'][i % 3]!, new Uint8Array(i % 7));
      loop.runUntilIdle();
      return journal.hash();
    };
    expect(schedule('s1')).toBe(schedule('s1'));
    expect(schedule('s1')).not.toBe(schedule('s2'));
  });
});

describe('wireSize', () => {
  it('adds IPv4+TCP headers per 1460-byte segment, or IPv4+UDP once', () => {
    expect(wireSize(0)).toBe(40);
    expect(wireSize(1460)).toBe(1500);
    expect(wireSize(1461)).toBe(1541);
    expect(wireSize(100, 'udp')).toBe(128);
  });
});
