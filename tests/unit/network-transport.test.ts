import { describe, expect, it } from 'vitest';
import { bytesEqual, fromUtf8, toHex, utf8 } from '../../simulator/crypto/bytes.js';
import { nobleCryptoProvider as crypto } from '../../simulator/crypto/noble-provider.js';
import { SeededRandom } from '../../simulator/crypto/seeded-random.js';
import type { DeliveredFrame, TappedFrame } from '../../simulator/network/network.js';
import { NoiseError, initiate, respond } from '../../simulator/network/noise.js';
import { Simulation } from '../../simulator/network/simulation.js';
import { TransportClient } from '../../simulator/network/transport-client.js';
import { DATA_OVERHEAD_BYTES } from '../../simulator/network/transport-frame.js';
import { TransportServer, type TransportConnection } from '../../simulator/network/transport-server.js';
import {
  REPLAY_WINDOW,
  TransportError,
  TransportSession,
} from '../../simulator/network/transport-session.js';

const random = new SeededRandom('transport-tests');
const serverKey = crypto.generateKeyPair(random.fork('server'));
const clientKey = crypto.generateKeyPair(random.fork('client'));

function handshake(login = utf8('alice.phone')) {
  const init = initiate(
    crypto,
    random.fork('e1'),
    { staticKey: clientKey, remoteStatic: serverKey.publicKey },
    login,
  );
  const resp = respond(crypto, random.fork('e2'), { staticKey: serverKey }, init.message);
  const reply = resp.reply(new Uint8Array(0));
  const done = init.finish(reply.message);
  return { init, resp, reply, done };
}

function reason(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    if (error instanceof TransportError) return error.reason;
    throw error;
  }
  return undefined;
}

describe('Noise IK handshake', () => {
  it('both sides derive crossed transport keys and the same handshake hash; sizes follow the pattern', () => {
    const { init, resp, reply, done } = handshake(utf8('login!'));
    expect(init.message.length).toBe(32 + 48 + 6 + 16);
    expect(reply.message.length).toBe(32 + 16);
    expect(toHex(resp.remoteStatic)).toBe(toHex(clientKey.publicKey));
    expect(fromUtf8(resp.payload)).toBe('login!');
    expect(bytesEqual(done.keys.sendKey, reply.keys.receiveKey)).toBe(true);
    expect(bytesEqual(done.keys.receiveKey, reply.keys.sendKey)).toBe(true);
    expect(bytesEqual(done.keys.sendKey, done.keys.receiveKey)).toBe(false);
    expect(bytesEqual(done.keys.handshakeHash, reply.keys.handshakeHash)).toBe(true);
  });

  it('message 1 hides the client static key and the login from the wire', () => {
    const login = utf8('alice.phone +15550001');
    const { init } = handshake(login);
    const wire = toHex(init.message);
    expect(wire.includes(toHex(clientKey.publicKey))).toBe(false);
    expect(wire.includes(toHex(login))).toBe(false);
  });

  it('rejects any flipped bit in message 1 or 2, and a client that pinned another server key', () => {
    const init = initiate(
      crypto,
      random.fork('t1'),
      { staticKey: clientKey, remoteStatic: serverKey.publicKey },
      utf8('x'),
    );
    for (const i of [0, 40, 90]) {
      const tampered = init.message.slice();
      tampered[i]! ^= 1;
      expect(() => respond(crypto, random, { staticKey: serverKey }, tampered)).toThrow(NoiseError);
    }
    const reply = respond(crypto, random.fork('t2'), { staticKey: serverKey }, init.message).reply(
      new Uint8Array(0),
    );
    const bad = reply.message.slice();
    bad[35]! ^= 0x80;
    expect(() => init.finish(bad)).toThrow(NoiseError);

    const impostor = crypto.generateKeyPair(random.fork('impostor'));
    const wrong = initiate(
      crypto,
      random.fork('t3'),
      { staticKey: clientKey, remoteStatic: impostor.publicKey },
      utf8('x'),
    );
    expect(() => respond(crypto, random, { staticKey: serverKey }, wrong.message)).toThrow(NoiseError);
    expect(() => respond(crypto, random, { staticKey: serverKey }, new Uint8Array(20))).toThrow(NoiseError);
  });
});

describe('TransportSession', () => {
  it('round-trips, accepts reordering within the window, rejects replays, tampering and stale counters', () => {
    const { reply, done } = handshake();
    const client = new TransportSession(done.keys, crypto);
    const server = new TransportSession(reply.keys, crypto);
    const frames = Array.from({ length: 5 }, (_, i) => client.seal(utf8(`m${i}`)));
    expect(frames[0]!.length).toBe(2 + DATA_OVERHEAD_BYTES);
    expect(fromUtf8(server.open(frames[3]!))).toBe('m3');
    expect(fromUtf8(server.open(frames[0]!))).toBe('m0');
    expect(reason(() => server.open(frames[3]!))).toBe('replay');
    for (let byte = 0; byte < frames[1]!.length; byte++) {
      const tampered = frames[1]!.slice();
      tampered[byte]! ^= 0x01;
      const why = reason(() => server.open(tampered));
      expect(['bad-tag', 'malformed', 'too-old', 'replay']).toContain(why);
    }
    // The rejected copies changed nothing: the genuine frame still opens.
    expect(fromUtf8(server.open(frames[1]!))).toBe('m1');
    expect(reason(() => server.open(new Uint8Array(3)))).toBe('malformed');
    // A frame from the other direction's key does not open here.
    expect(reason(() => client.open(frames[2]!))).toBe('bad-tag');
    for (let i = 0; i < REPLAY_WINDOW + 10; i++) client.seal(new Uint8Array(0));
    const fresh = client.seal(utf8('late'));
    expect(fromUtf8(server.open(fresh))).toBe('late');
    expect(reason(() => server.open(frames[2]!))).toBe('too-old');
  });
});

/** A server and two phones on one simulation, with everything each side received. */
function chatWorld(seed: string, options = {}, tcpInOrder = true) {
  const sim = new Simulation(crypto, { seed, latency_ms: 30, jitter_ms: 40, ...options });
  sim.network.tcpInOrder = tcpInOrder;
  const atServer: { from: string; text: string; size: number }[] = [];
  const connects: TransportConnection[] = [];
  sim.network.add({ id: 'server', pool: 'server', receive: (f) => server.handleFrame(f) });
  const serverStatic = crypto.generateKeyPair(sim.random.fork('server-static'));
  const server: TransportServer = new TransportServer(sim, {
    endpoint: 'server',
    staticKey: serverStatic,
    random: sim.random.fork('server-ephemeral'),
    receive: (conn, payload, frame) =>
      atServer.push({ from: fromUtf8(conn.login), text: fromUtf8(payload), size: frame.size }),
    onConnect: (conn) => connects.push(conn),
  });
  const clients = new Map<string, TransportClient>();
  const atClient = new Map<string, string[]>();
  // An observer on alice's access link, present from the start (before any handshake).
  const aliceLink: TappedFrame[] = [];
  sim.network.add({ id: 'alice', receive: (f: DeliveredFrame) => clients.get('alice')!.handleFrame(f) });
  sim.network.tap({ on: ['alice'], see: (f) => aliceLink.push(f) });
  for (const id of ['alice', 'bob']) {
    atClient.set(id, []);
    if (id !== 'alice')
      sim.network.add({ id, receive: (f: DeliveredFrame) => clients.get(id)!.handleFrame(f) });
    clients.set(
      id,
      new TransportClient(sim, {
        endpoint: id,
        server: 'server',
        serverStatic: serverStatic.publicKey,
        staticKey: crypto.generateKeyPair(sim.random.fork(`${id}-static`)),
        random: sim.random.fork(`${id}-ephemeral`),
        login: utf8(id),
        receive: (payload) => atClient.get(id)!.push(fromUtf8(payload)),
      }),
    );
  }
  return { sim, server, clients, atServer, atClient, connects, aliceLink };
}

describe('TransportClient / TransportServer over the simulated network', () => {
  it('carries payloads both ways once the handshake completes', () => {
    const w = chatWorld('t-basic');
    w.clients.get('alice')!.send(utf8('hello server'));
    w.sim.runUntil(1000);
    expect(w.atServer.map((m) => [m.from, m.text])).toEqual([['alice', 'hello server']]);
    expect(w.connects.map((c) => fromUtf8(c.login)).sort()).toEqual(['alice', 'bob']);
    expect(w.server.send('bob', utf8('for bob'))).toBe(true);
    w.sim.runUntil(2000);
    expect(w.atClient.get('bob')).toEqual(['for bob']);
    expect(w.atServer[0]!.size).toBe('hello server'.length + DATA_OVERHEAD_BYTES + 40);
  });

  it('a tap on the path sees only ciphertext: no plaintext, login or static key in any frame, and real sizes', () => {
    const w = chatWorld('t-tap');
    const seen = w.aliceLink;
    const secret = utf8('the launch code is 0000 — meet at the old mill at 8');
    w.clients.get('alice')!.send(secret);
    w.sim.runUntil(500);
    w.server.send('alice', secret);
    w.sim.runUntilIdle();
    expect(w.atServer.map((m) => m.text)).toEqual([fromUtf8(secret)]);
    expect(w.atClient.get('alice')).toEqual([fromUtf8(secret)]);
    const wire = seen.map((f) => toHex(f.bytes)).join('|');
    for (const needle of [secret, secret.subarray(0, 8), utf8('alice')])
      expect(wire.includes(toHex(needle))).toBe(false);
    expect(seen.length).toBe(4); // handshake out and back, one data frame each way
    const data = seen.filter((f) => f.bytes[0] === 3);
    expect(data.map((f) => f.size)).toEqual([
      secret.length + DATA_OVERHEAD_BYTES + 40,
      secret.length + DATA_OVERHEAD_BYTES + 40,
    ]);
    expect(new Set(seen.map((f) => f.srcAddress))).toEqual(new Set(['100.64.0.1', '203.0.113.1']));
  });

  it('a frame tampered on the path is rejected and journalled; the genuine one still gets through', () => {
    const w = chatWorld('t-tamper', { jitter_ms: 0 });
    w.sim.runUntil(500);
    const alice = w.clients.get('alice')!;
    // A man in the middle copies alice's next frame, flips a ciphertext bit and races it to the server.
    const stop = w.sim.network.tap({
      on: ['alice'],
      see: (f) => {
        const forged = f.bytes.slice();
        forged[forged.length - 20]! ^= 0x04;
        w.sim.schedule(1, () =>
          w.server.handleFrame({
            ...f,
            id: 999,
            src: 'alice',
            dst: 'server',
            bytes: forged,
            sentAt: f.t,
            deliveredAt: w.sim.now,
          }),
        );
      },
    });
    alice.send(utf8('pay 10'));
    stop();
    w.sim.runUntil(1000);
    expect(w.atServer.map((m) => m.text)).toEqual(['pay 10']);
    expect(w.sim.journal.events().filter((e) => e.type === 'transport.reject')).toEqual([
      expect.objectContaining({ at: 'server', frame: 999, reason: 'bad-tag' }),
    ]);
    alice.send(utf8('pay 11'));
    w.sim.runUntilIdle();
    expect(w.atServer.map((m) => m.text)).toEqual(['pay 10', 'pay 11']);
  });

  it('going offline closes the session; sends wait in the outbox and go out after the reconnect', () => {
    const w = chatWorld('t-offline');
    w.sim.runUntil(500);
    const bob = w.clients.get('bob')!;
    expect(bob.state).toBe('open');
    w.sim.network.setOnline('bob', false);
    expect(bob.state).toBe('closed');
    expect(w.server.isConnected('bob')).toBe(false);
    expect(w.server.send('bob', utf8('x'))).toBe(false);
    bob.send(utf8('written offline 1'));
    bob.send(utf8('written offline 2'));
    expect(bob.queued).toBe(2);
    w.sim.runUntil(5000);
    expect(w.atServer).toEqual([]);
    w.sim.at(6000, () => w.sim.network.setOnline('bob', true));
    w.sim.runUntil(7000);
    expect(bob.state).toBe('open');
    expect(w.atServer.map((m) => m.text)).toEqual(['written offline 1', 'written offline 2']);
    expect(w.connects.filter((c) => c.client === 'bob')).toHaveLength(2);
  });

  it('a payload queued while offline is a copy: the sender may reuse its buffer after send', () => {
    const w = chatWorld('t-borrowed');
    w.sim.runUntil(500);
    const bob = w.clients.get('bob')!;
    w.sim.network.setOnline('bob', false);
    const buffer = utf8('written offline 1');
    bob.send(buffer);
    buffer.set(utf8('overwritten later'));
    bob.send(buffer);
    w.sim.at(6000, () => w.sim.network.setOnline('bob', true));
    w.sim.runUntil(7000);
    expect(w.atServer.map((m) => m.text)).toEqual(['written offline 1', 'overwritten later']);
  });

  it('on a path that reorders (tcpInOrder off), every payload still arrives exactly once', () => {
    const w = chatWorld('t-reorder', { latency_ms: 5, jitter_ms: 400 }, false);
    w.sim.runUntil(2000);
    const alice = w.clients.get('alice')!;
    for (let i = 0; i < 50; i++) alice.send(utf8(`n${i}`));
    w.sim.runUntilIdle();
    const got = w.atServer.map((m) => m.text);
    expect(got.slice().sort()).toEqual(Array.from({ length: 50 }, (_, i) => `n${i}`).sort());
    expect(got).not.toEqual(Array.from({ length: 50 }, (_, i) => `n${i}`)); // really reordered
  });

  it('retries a lost handshake and gives up after the attempt limit', () => {
    const w = chatWorld('t-retry', { loss_rate: 1 });
    w.sim.runUntilIdle();
    const events = w.sim.journal.events();
    const attempts = events.filter((e) => e.type === 'transport.connect' && e.client === 'alice');
    expect(attempts.map((e) => e.attempt)).toEqual([1, 2, 3, 4, 5]);
    expect(
      events.some(
        (e) => e.type === 'transport.close' && e.client === 'alice' && e.reason === 'handshake-timeout',
      ),
    ).toBe(true);
    expect(w.clients.get('alice')!.state).toBe('closed');
  });

  it('server data that overtakes the handshake response is held and opened after it', () => {
    const w = chatWorld('t-early', { latency_ms: 1, jitter_ms: 200 }, false);
    // Send as soon as the server accepts, racing the handshake response.
    const sent: string[] = [];
    w.sim.runUntil(0);
    for (let t = 1; t < 400; t++) {
      w.sim.at(t, () => {
        if (w.server.isConnected('bob') && sent.length < 10) {
          const text = `early${sent.length}`;
          sent.push(text);
          w.server.send('bob', utf8(text));
        }
      });
    }
    w.sim.runUntilIdle();
    expect(w.atClient.get('bob')!.slice().sort()).toEqual(sent.slice().sort());
    expect(sent).toHaveLength(10);
    // At least one data frame really reached bob before his session opened.
    const events = w.sim.journal.events();
    const dataToBob = new Set(
      events
        .filter((e) => e.type === 'net.send' && e.dst === 'bob' && e.label === 'noise.data')
        .map((e) => e.frame),
    );
    const opened = events.findIndex((e) => e.type === 'transport.open' && e.client === 'bob');
    expect(events.slice(0, opened).some((e) => e.type === 'net.deliver' && dataToBob.has(e.frame))).toBe(
      true,
    );
  });

  it('a payload larger than one TCP segment is counted with its extra headers', () => {
    const w = chatWorld('t-big', { jitter_ms: 0 });
    w.sim.runUntil(500);
    w.clients.get('alice')!.send(new Uint8Array(3000));
    w.sim.runUntilIdle();
    const frame = 3000 + DATA_OVERHEAD_BYTES;
    expect(w.atServer[0]!.size).toBe(frame + 3 * 40);
  });
});
