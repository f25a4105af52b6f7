/**
 * Harvest now, decrypt later (`quantum-break`, scenario 30): the observer's own code opens the
 * recorded Noise transport and the X3DH sessions with keys recovered by the simulated discrete-log
 * oracle, and reads the messages; with PQXDH the ML-KEM shared secret is out of reach and nothing
 * opens. The oracle refuses ML-KEM keys, and a forged recorded frame is never "opened".
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { concatBytes, fromUtf8, utf8 } from '../../simulator/crypto/bytes.js';
import { DiscreteLogOracle, OracleRefusal } from '../../simulator/crypto/discrete-log-oracle.js';
import { nobleCryptoProvider } from '../../simulator/crypto/noble-provider.js';
import { SeededRandom } from '../../simulator/crypto/seeded-random.js';
import { initiate, respond } from '../../simulator/network/noise.js';
import { FRAME_HANDSHAKE_INIT, FRAME_HANDSHAKE_RESPONSE } from '../../simulator/network/transport-frame.js';
import { TransportSession } from '../../simulator/network/transport-session.js';
import { SessionFollower } from '../../simulator/parties/harvest/follow-sessions.js';
import { openCapture } from '../../simulator/parties/harvest/open-transport.js';
import type { RecordedFrame } from '../../simulator/parties/network-observer.js';
import { ProtocolDevice } from '../../simulator/protocol/device.js';
import { serializeKemPublicKey } from '../../simulator/protocol/kem-keys.js';
import { padPlaintext } from '../../simulator/protocol/padding.js';
import { encodePayload } from '../../simulator/world/payload.js';
import { header, outcome, reads, run } from '../fidelity/helpers.js';

const SCENARIO = readFileSync('scenarios/30-harvest-now-decrypt-later.yaml', 'utf8');
const MESSAGES = ['m1', 'm2', 'm3'];

function observerFields(result: ReturnType<typeof run>, item: string): Set<string> {
  return new Set(
    result.ledger.observations
      .filter((o) => o.party === 'observer' && o.item === item)
      .flatMap((o) => o.fields),
  );
}

describe('quantum-break in scenario 30', () => {
  it('without pqxdh the observer decrypts every recorded message with keys it re-derived', () => {
    const result = run(SCENARIO);
    for (const message of MESSAGES) {
      const content = result.ledger.observations.filter(
        (o) => o.party === 'observer' && o.item === message && o.fields.includes('content'),
      );
      expect(content.length, message).toBe(1);
      const how = content[0]!.how;
      expect(how.kind).toBe('decrypted');
      expect(how.kind === 'decrypted' && how.with).toMatch(/^quantum break: X3DH session /);
      // The evidence is the plaintext its code produced; the ledger checks it against the item.
      const item = result.ledger.items.find((i) => i.id === message)!;
      expect(content[0]!.evidenceDigest).toBe(item.contentDigest);
    }
    expect(outcome(result, 'years-later')).toEqual({
      ok: true,
      reason: expect.stringContaining('decrypted 3 Signal messages') as unknown as string,
    });
    expect(result.valid).toBe(true);
  });

  it('with pqxdh the break opens the transport (who wrote to whom) but no message', () => {
    const result = run(SCENARIO, 'pqxdh');
    for (const message of MESSAGES) {
      expect(reads(result, 'observer', message), message).toBe(false);
      const fields = observerFields(result, message);
      expect(fields.has('recipient') && fields.has('sender') && fields.has('size'), message).toBe(true);
    }
    const reason = outcome(result, 'years-later').reason;
    expect(reason).toContain('decrypted 0 Signal messages');
    expect(reason).toContain('kem-protected');
    expect(result.valid).toBe(true);
  });

  it('before the break the observer holds no content and no recipient', () => {
    const result = run(SCENARIO);
    const breakStep = result.events.find((e) => e.type === 'attack.quantum-break')!;
    const before = result.ledger.observations.filter((o) => o.party === 'observer' && o.t < breakStep.t);
    expect(before.length).toBeGreaterThan(0);
    expect(before.some((o) => o.fields.includes('content') || o.fields.includes('recipient'))).toBe(false);
  });

  it('a scenario without a quantum-break step keeps no recording and reads nothing', () => {
    const result = run(SCENARIO.replace(/ {2}- id: years-later[\s\S]*?(?=expectations:)/, ''));
    for (const message of MESSAGES) expect(reads(result, 'observer', message)).toBe(false);
    expect(result.events.some((e) => e.type === 'attack.quantum-break')).toBe(false);
  });

  it('refuses a quantum-break aimed at a party that is not a network observer', () => {
    const yaml = `${header('qb-bad', '  - { id: alice, kind: user }\n  - { id: bob, kind: user }')}
steps:
  - quantum-break: { observer: alice }
`;
    expect(() => run(yaml)).toThrow(/network-observer/);
  });
});

describe('the discrete-log oracle', () => {
  const crypto = nobleCryptoProvider;

  it('answers for X25519 keys the run generated, checked, and for nothing else', () => {
    const oracle = new DiscreteLogOracle(crypto);
    const watched = oracle.watch(crypto);
    const pair = watched.generateKeyPair(new SeededRandom('oracle').fork('a'));
    expect(oracle.privateKeyOf(pair.publicKey)).toEqual(pair.privateKey);
    // A key the run never generated: no answer.
    const other = crypto.generateKeyPair(new SeededRandom('oracle').fork('b'));
    expect(oracle.privateKeyOf(other.publicKey)).toBeUndefined();
    // Watching changes nothing the run computes: same key pair from the same generator.
    expect(crypto.generateKeyPair(new SeededRandom('oracle').fork('a'))).toEqual(pair);
  });

  it('refuses ML-KEM-1024 keys and ciphertexts, raw or in EncodeKEM form, and never learns them', () => {
    const oracle = new DiscreteLogOracle(crypto);
    const watched = oracle.watch(crypto);
    const kem = watched.mlKem1024KeyPair(new SeededRandom('kem').bytes(64));
    expect(() => oracle.privateKeyOf(kem.publicKey)).toThrow(OracleRefusal);
    expect(() => oracle.privateKeyOf(serializeKemPublicKey(kem.publicKey))).toThrow(OracleRefusal);
    const { ciphertext } = crypto.mlKem1024Encapsulate(kem.publicKey, new Uint8Array(32));
    expect(() => oracle.privateKeyOf(ciphertext)).toThrow(OracleRefusal);
    // Its first 32 bytes are no X25519 key either: nothing was noted for ML-KEM key generation.
    expect(oracle.privateKeyOf(kem.publicKey.slice(0, 32))).toBeUndefined();
  });
});

/** A recorded IK handshake and DATA frames both ways, made with the real transport code. */
function recordedConnection(seed: string) {
  const crypto = nobleCryptoProvider;
  const oracle = new DiscreteLogOracle(crypto);
  const watched = oracle.watch(crypto);
  const random = new SeededRandom(seed);
  const server = watched.generateKeyPair(random.fork('server'));
  const client = watched.generateKeyPair(random.fork('client'));
  const pending = initiate(
    watched,
    random.fork('ce'),
    { staticKey: client, remoteStatic: server.publicKey },
    utf8('+15550001.1'),
  );
  const responder = respond(watched, random.fork('se'), { staticKey: server }, pending.message);
  const { message, keys: serverKeys } = responder.reply(new Uint8Array(0));
  const clientKeys = pending.finish(message).keys;
  const up = new TransportSession(clientKeys, watched);
  const down = new TransportSession(serverKeys, watched);
  let id = 0;
  const frame = (src: string, dst: string, bytes: Uint8Array): RecordedFrame => ({
    id: id++,
    t: id,
    srcAddress: src,
    dstAddress: dst,
    bytes,
  });
  const c = '10.0.0.2';
  const s = '192.0.2.1';
  const capture: RecordedFrame[] = [
    frame(c, s, concatBytes(new Uint8Array([FRAME_HANDSHAKE_INIT]), pending.message)),
    frame(s, c, concatBytes(new Uint8Array([FRAME_HANDSHAKE_RESPONSE]), message)),
    frame(c, s, up.seal(utf8('hello server'))),
    frame(s, c, down.seal(utf8('hello client'))),
  ];
  return { crypto, oracle, server, capture, frame, c, s, up };
}

describe('opening the recorded Noise transport', () => {
  it('opens a recorded handshake and its frames with recovered keys only', () => {
    const { crypto, oracle, server, capture } = recordedConnection('noise-open');
    const opened = openCapture(crypto, (k) => oracle.keyPairOf(k), [server.publicKey], capture);
    expect(opened.handshakesOpened).toBe(1);
    expect(opened.sessions).toBe(1);
    expect(opened.payloads.map((p) => [p.direction, p.login, fromUtf8(p.bytes)])).toEqual([
      ['up', '+15550001.1', 'hello server'],
      ['down', '+15550001.1', 'hello client'],
    ]);
  });

  it('rejects a forged or tampered recorded frame and opens the genuine ones', () => {
    const { crypto, oracle, server, capture, frame, c, s, up } = recordedConnection('noise-forge');
    const genuine = up.seal(utf8('genuine'));
    const tampered = genuine.slice();
    tampered[tampered.length - 1]! ^= 1;
    // A frame sealed under a key the attacker made up, with a counter the session never used.
    const forger = new TransportSession(
      {
        sendKey: new Uint8Array(32).fill(7),
        receiveKey: new Uint8Array(32),
        handshakeHash: new Uint8Array(32),
      },
      crypto,
    );
    for (let i = 0; i < 5; i++) forger.seal(new Uint8Array(0));
    const forged = forger.seal(utf8('forged'));
    const opened = openCapture(
      crypto,
      (k) => oracle.keyPairOf(k),
      [server.publicKey],
      [...capture, frame(c, s, tampered), frame(c, s, forged), frame(c, s, genuine)],
    );
    expect(opened.dataFrames).toBe(5);
    expect(opened.dataRejected).toBe(2);
    expect(opened.payloads.map((p) => fromUtf8(p.bytes))).toEqual([
      'hello server',
      'hello client',
      'genuine',
    ]);
  });

  it('opens nothing when the oracle has no answer (keys not generated in the run)', () => {
    const { crypto, server, capture } = recordedConnection('noise-blind');
    const opened = openCapture(crypto, () => undefined, [server.publicKey], capture);
    expect(opened.handshakesOpened).toBe(0);
    expect(opened.payloads).toEqual([]);
    expect(opened.dataRejected).toBe(2);
  });
});

describe('following the Signal sessions', () => {
  const crypto = nobleCryptoProvider;

  function pair(seed: string) {
    const oracle = new DiscreteLogOracle(crypto);
    const watched = oracle.watch(crypto);
    const random = new SeededRandom(seed);
    const alice = new ProtocolDevice({ crypto: watched, random: random.fork('alice') });
    const bob = new ProtocolDevice({ crypto: watched, random: random.fork('bob') });
    const [preKey] = bob.generatePreKeys(2);
    bob.rotateLastResortKyberPreKey();
    const [kem] = bob.generateKyberPreKeys(1);
    const pad = random.fork('pad');
    const body = (id: string, text: string) =>
      padPlaintext(encodePayload({ kind: 'text', messageId: id, text }), pad);
    return { oracle, alice, bob, preKeyId: preKey!.id, kem: kem!, body };
  }

  /** Alice and Bob talk with several ratchet turns; the follower sees the bundle and every ciphertext. */
  function conversation(
    pq: boolean,
    kemSecretKeyOf: (key: Uint8Array) => Uint8Array | undefined,
    seed: string,
  ) {
    const { oracle, alice, bob, preKeyId, kem, body } = pair(seed);
    const bundle = pq ? bob.createPqBundle(1, preKeyId, kem.id) : bob.createBundle(1, preKeyId);
    alice.processPreKeyBundle('bob.1', bundle);
    const follower = new SessionFollower(crypto, (k) => oracle.keyPairOf(k), kemSecretKeyOf);
    follower.learnBundles('bob', [{ ...bundle, device: 1 }]);
    const opened: string[] = [];
    const say = (
      from: ProtocolDevice,
      fromAddress: string,
      toAddress: string,
      to: ProtocolDevice,
      id: string,
    ) => {
      const message = from.encrypt(toAddress, body(id, `text of ${id}`));
      to.decrypt(fromAddress, message);
      const got = follower.message(id, fromAddress, toAddress, message.type, message.body);
      if (got?.payload.text !== undefined) opened.push(got.payload.text);
    };
    say(alice, 'alice.1', 'bob.1', bob, 'a1');
    say(alice, 'alice.1', 'bob.1', bob, 'a2');
    say(bob, 'bob.1', 'alice.1', alice, 'b1');
    say(bob, 'bob.1', 'alice.1', alice, 'b2');
    say(alice, 'alice.1', 'bob.1', bob, 'a3');
    say(bob, 'bob.1', 'alice.1', alice, 'b3');
    return { opened, follower, kem };
  }

  it('re-derives an X3DH session and follows its ratchet turns both ways', () => {
    const { opened, follower } = conversation(false, () => undefined, 'follow-x3dh');
    expect(opened).toEqual([
      'text of a1',
      'text of a2',
      'text of b1',
      'text of b2',
      'text of a3',
      'text of b3',
    ]);
    expect(follower.opened).toBe(1);
  });

  it('a PQXDH session stays closed when the oracle refuses the ML-KEM key', () => {
    const oracle = new DiscreteLogOracle(crypto);
    const { opened, follower } = conversation(true, (key) => oracle.privateKeyOf(key), 'follow-pq');
    expect(opened).toEqual([]);
    expect(follower.opened).toBe(0);
    // a1 and a2 are both PreKeyWhisperMessages (no reply yet); the rest belong to no opened session.
    expect(follower.closed.get('kem-protected')).toBe(2);
    expect(follower.closed.get('no-session')).toBe(4);
  });

  it('the ML-KEM shared secret is the only missing piece: given the decapsulation key, the same code reads PQXDH', () => {
    // Test-only cheat (no attacker has it): hand the follower Bob's real KEM secret key.
    const secret = pair('follow-pq-cheat').kem.keyPair.secretKey;
    const { opened } = conversation(true, () => undefined, 'follow-pq-cheat');
    expect(opened).toEqual([]);
    const result = conversation(true, () => secret, 'follow-pq-cheat');
    expect(result.opened).toHaveLength(6);
  });
});
