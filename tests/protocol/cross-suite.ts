/**
 * The conversation suite every 1:1 cross-implementation test runs (cross-libsignal.test.ts,
 * cross-privacyresearch.test.ts): a session opened from either side's bundle, ping-pong, bursts,
 * out-of-order and dropped delivery, and a session record round trip mid-conversation. Each peer
 * file supplies only its adapter ({@link ForeignPeer}) and its decoder cross-check; what the
 * peer does differently on the wire stays in its own file, next to the tests named after it.
 */
import { expect, it } from 'vitest';
import { toHex } from '../../simulator/crypto/bytes.js';
import type { CryptoProvider } from '../../simulator/crypto/provider.js';
import { SeededRandom } from '../../simulator/crypto/seeded-random.js';
import { ProtocolDevice } from '../../simulator/protocol/device.js';
import type { PreKeyBundle } from '../../simulator/protocol/keys.js';
import { parsePreKeyWhisperMessage } from '../../simulator/protocol/wire.js';
import {
  type Endpoint,
  OurEndpoint,
  type Wire,
  bursts,
  inspected,
  openSession,
  outOfOrder,
  pingPong,
} from './cross-peer.js';

/** Another implementation's device, as the suite drives it. */
export interface ForeignPeer extends Endpoint {
  /** The bundle the server would hand us for this device (identity key with its 0x05 prefix). */
  bundle(withOneTime: boolean): PreKeyBundle;
  /** X3DH as initiator from our bundle. */
  processBundle(bundle: PreKeyBundle): Promise<void>;
  /** The one-time prekeys it still holds, by id. */
  readonly preKeys: ReadonlyMap<number, unknown>;
}

/** How the suite reaches one peer implementation. */
export interface PeerHarness<P extends ForeignPeer> {
  create(): P | Promise<P>;
  /** The address our device files the peer's session under. */
  readonly addressAtUs: string;
  /** Both decoders agree on one wire message (run on every message either side sends). */
  crossCheck(wire: Wire): void;
}

/** Our endpoint and the peer's, with a session about to start. */
export interface Pair<P extends ForeignPeer> {
  readonly ours: OurEndpoint;
  readonly peer: P;
  /** Initiator and responder, both inspected. */
  readonly initiator: Endpoint;
  readonly responder: Endpoint;
  /** The bundle the initiator used. */
  readonly bundle: PreKeyBundle;
  readonly random: SeededRandom;
}

/** A fresh pair; the initiator has processed the responder's bundle, nothing has been sent yet. */
export async function makePair<P extends ForeignPeer>(
  harness: PeerHarness<P>,
  crypto: CryptoProvider,
  seed: string,
  weInitiate: boolean,
  withOneTime: boolean,
): Promise<Pair<P>> {
  const random = new SeededRandom(seed);
  const device = new ProtocolDevice({ crypto, random: random.fork('device') });
  const ours = new OurEndpoint(device, harness.addressAtUs);
  const peer = await harness.create();
  let bundle: PreKeyBundle;
  if (weInitiate) {
    bundle = peer.bundle(withOneTime);
    device.processPreKeyBundle(harness.addressAtUs, bundle);
  } else {
    const [preKey] = device.generatePreKeys(3);
    bundle = device.createBundle(1, withOneTime ? preKey!.id : undefined);
    await peer.processBundle(bundle);
  }
  const [initiator, responder] = weInitiate ? [ours, peer] : [peer, ours];
  return {
    ours,
    peer,
    initiator: inspected(initiator, harness.crossCheck),
    responder: inspected(responder, harness.crossCheck),
    bundle,
    random: random.fork('traffic'),
  };
}

/** The PreKeyWhisperMessages name the bundle's keys and the initiator's identity, with one base key throughout. */
function expectPreKeyFields(pair: Pair<ForeignPeer>, weInitiate: boolean, wires: Wire[]): void {
  const theirs = pair.peer.bundle(false);
  const initiatorIdentity = weInitiate ? pair.ours.device.identityKey : theirs.identityKey;
  const initiatorRegistration = weInitiate ? pair.ours.device.registrationId : theirs.registrationId;
  const parsed = wires.map((wire) => parsePreKeyWhisperMessage(wire.body));
  for (const message of parsed) {
    expect(message.registrationId).toBe(initiatorRegistration);
    expect(message.signedPreKeyId).toBe(pair.bundle.signedPreKeyId);
    expect(message.preKeyId).toBe(pair.bundle.preKeyId);
    expect('05' + toHex(message.identityKey)).toBe(toHex(initiatorIdentity));
    expect(toHex(message.baseKey)).toBe(toHex(parsed[0]!.baseKey));
  }
}

/** 200 messages per direction pattern for each provider (the node provider is fast; noble keeps up here too). */
export const MESSAGES = 200;

/**
 * The traffic tests for one session set-up (who initiates, with or without a one-time prekey).
 * Call inside a `describe`.
 */
export function trafficTests<P extends ForeignPeer>(
  harness: PeerHarness<P>,
  crypto: CryptoProvider,
  seed: string,
  weInitiate: boolean,
  withOneTime: boolean,
): void {
  const pair = (suffix: string) => makePair(harness, crypto, `${seed}-${suffix}`, weInitiate, withOneTime);

  it(`opens from the bundle (prekey messages out of order, one dropped), then ${MESSAGES} messages ping-pong`, async () => {
    const opened = await pair('pp');
    const prekeys = await openSession(opened.initiator, opened.responder, 4, [2, 0, 3]);
    expectPreKeyFields(opened, weInitiate, prekeys);
    if (!weInitiate) expect(opened.ours.lastNewSession).toBe(false); // the last one reused the session
    if (withOneTime) {
      // The responder consumed the one-time prekey the initiator used.
      if (weInitiate) expect(opened.peer.preKeys.has(opened.bundle.preKeyId!)).toBe(false);
      else expect(opened.ours.device.preKeyIds).not.toContain(opened.bundle.preKeyId);
    }
    await pingPong(opened.initiator, opened.responder, MESSAGES);
  });

  it(`${MESSAGES} messages in bursts`, async () => {
    const opened = await pair('burst');
    await openSession(opened.initiator, opened.responder, 1);
    const sizes = await bursts(opened.initiator, opened.responder, MESSAGES, opened.random);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(MESSAGES);
    expect(Math.max(...sizes)).toBeGreaterThan(1);
  });

  it('out-of-order and dropped messages, in both directions, across several chains', async () => {
    const opened = await pair('ooo');
    await openSession(opened.initiator, opened.responder, 2, [1, 0]);
    const options = { chains: 3, perChain: 8, dropEvery: 4 };
    for (const [sender, receiver] of [
      [opened.initiator, opened.responder],
      [opened.responder, opened.initiator],
    ] as const) {
      expect(await outOfOrder(sender, receiver, opened.random, options)).toEqual({ late: 16, dropped: 5 });
    }
  });
}

/** Our session record exported and re-imported mid-conversation carries on with the peer. */
export function recordRoundTripTest<P extends ForeignPeer>(
  harness: PeerHarness<P>,
  crypto: CryptoProvider,
  seed: string,
): void {
  it(`a session record exported and re-imported mid-conversation carries on with ${harness.addressAtUs}`, async () => {
    const pair = await makePair(harness, crypto, seed, true, true);
    await openSession(pair.initiator, pair.responder, 2);
    const held = await pair.responder.send('held across the round trip');
    await pingPong(pair.initiator, pair.responder, 6);
    const exported = pair.ours.device.exportSession(harness.addressAtUs)!;
    pair.ours.device.importSession(harness.addressAtUs, exported);
    expect(toHex(pair.ours.device.exportSession(harness.addressAtUs)!)).toBe(toHex(exported));
    expect(await pair.initiator.receive(held)).toBe('held across the round trip');
    await pingPong(pair.initiator, pair.responder, 10, 'after-import');
  });
}
