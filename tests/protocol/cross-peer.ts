/**
 * Shared conversation scenarios for the cross-implementation tests (cross-libsignal.test.ts,
 * cross-privacyresearch.test.ts): the same traffic patterns run against every peer, with every
 * wire message inspected on the way.
 *
 * An {@link Endpoint} is one side of a 1:1 session (ours or a peer's). Scenarios only send and
 * deliver; {@link inspected} wraps an endpoint so that every message it sends is parsed by both
 * implementations' decoders and checked for the counter rules both must follow.
 */
import { expect } from 'vitest';
import { fromUtf8, toHex, utf8 } from '../../simulator/crypto/bytes.js';
import type { SeededRandom } from '../../simulator/crypto/seeded-random.js';
import type { ProtocolDevice } from '../../simulator/protocol/device.js';
import {
  type ParsedWhisperMessage,
  parsePreKeyWhisperMessage,
  parseWhisperMessage,
} from '../../simulator/protocol/wire.js';

/** A message on the wire, in our CiphertextMessage terms (libsignal's type 3 = prekey, 1 = whisper). */
export interface Wire {
  readonly type: 'prekey' | 'whisper';
  readonly body: Uint8Array;
}

/** One side of a 1:1 session with one remote device. */
export interface Endpoint {
  readonly label: string;
  send(text: string): Promise<Wire>;
  receive(wire: Wire): Promise<string>;
}

/** Our side: a ProtocolDevice talking to one remote address. */
export class OurEndpoint implements Endpoint {
  /** Whether the last message received started a session (PreKeyWhisperMessage answered with X3DH). */
  lastNewSession = false;

  constructor(
    readonly device: ProtocolDevice,
    readonly remote: string,
    readonly label = 'sightline',
  ) {}

  async send(text: string): Promise<Wire> {
    const message = this.device.encrypt(this.remote, utf8(text));
    return { type: message.type, body: message.body.slice() };
  }

  async receive(wire: Wire): Promise<string> {
    const result = this.device.decrypt(this.remote, { type: wire.type, body: wire.body.slice() });
    this.lastNewSession = result.newSession;
    return fromUtf8(result.plaintext);
  }
}

/** The inner WhisperMessage of either message type, parsed by our strict parser. */
export function innerWhisper(wire: Wire): ParsedWhisperMessage {
  return wire.type === 'prekey' ? parsePreKeyWhisperMessage(wire.body).inner : parseWhisperMessage(wire.body);
}

/**
 * Checks the numbering rules both implementations must share (Double Ratchet §3.4 as libsignal
 * does it): within one sending chain, counters run 0, 1, 2, …; a new chain starts at 0 and
 * carries previousCounter = (messages sent on the sender's previous chain) − 1, floored at 0; the
 * previousCounter stays the same for the whole chain.
 */
class CounterRules {
  private ratchetKey: string | undefined;
  private sentOnChain = 0;
  private previousCounter = 0;

  check(message: ParsedWhisperMessage, who: string): void {
    const key = toHex(message.ratchetKey);
    if (key !== this.ratchetKey) {
      this.previousCounter = this.ratchetKey === undefined ? 0 : Math.max(this.sentOnChain - 1, 0);
      this.ratchetKey = key;
      this.sentOnChain = 0;
    }
    expect(message.counter, `${who}: counter`).toBe(this.sentOnChain);
    expect(message.previousCounter, `${who}: previousCounter`).toBe(this.previousCounter);
    this.sentOnChain++;
  }
}

/**
 * Wraps `endpoint` so that every message it sends is checked: `crossCheck` (both implementations'
 * decoders agree, byte-level facts) and the shared counter rules.
 */
export function inspected(endpoint: Endpoint, crossCheck: (wire: Wire) => void): Endpoint {
  const rules = new CounterRules();
  return {
    label: endpoint.label,
    async send(text) {
      const wire = await endpoint.send(text);
      expect(wire.body[0], `${endpoint.label}: version byte`).toBe(0x33);
      crossCheck(wire);
      rules.check(innerWhisper(wire), endpoint.label);
      return wire;
    },
    receive: (wire) => endpoint.receive(wire),
  };
}

/**
 * First contact: the initiator sends `count` PreKeyWhisperMessages before any reply; the
 * responder receives those listed in `order` (indices into the sent list; an index left out is a
 * dropped message). The responder then answers, and from then on the initiator sends
 * WhisperMessages. Returns the PreKeyWhisperMessages for field checks.
 */
export async function openSession(
  initiator: Endpoint,
  responder: Endpoint,
  count: number,
  order: readonly number[] = Array.from({ length: count }, (_, i) => i),
): Promise<Wire[]> {
  const sent: Wire[] = [];
  for (let i = 0; i < count; i++) {
    const wire = await initiator.send(`hello ${i}`);
    expect(wire.type, `${initiator.label} message ${i} before any reply`).toBe('prekey');
    sent.push(wire);
  }
  for (const i of order) {
    expect(await responder.receive(sent[i]!)).toBe(`hello ${i}`);
  }
  const reply = await responder.send('first reply');
  expect(reply.type).toBe('whisper');
  expect(await initiator.receive(reply)).toBe('first reply');
  const next = await initiator.send('answered');
  expect(next.type, 'the initiator stops sending prekey messages once answered').toBe('whisper');
  expect(await responder.receive(next)).toBe('answered');
  return sent;
}

/** `count` messages alternating a→b, b→a, each delivered at once (a DH ratchet step every message). */
export async function pingPong(a: Endpoint, b: Endpoint, count: number, tag = 'pp'): Promise<void> {
  for (let i = 0; i < count; i++) {
    const [from, to] = i % 2 === 0 ? [a, b] : [b, a];
    const text = `${tag} ${i} from ${from.label}`;
    const wire = await from.send(text);
    expect(wire.type).toBe('whisper');
    expect(await to.receive(wire)).toBe(text);
  }
}

/**
 * `count` messages in bursts: one side sends 1..`maxBurst` messages in a row (drawn from
 * `random`), they are delivered in order, then the other side sends its burst.
 */
export async function bursts(
  a: Endpoint,
  b: Endpoint,
  count: number,
  random: SeededRandom,
  maxBurst = 16,
): Promise<number[]> {
  const sizes: number[] = [];
  let sent = 0;
  let turn = 0;
  while (sent < count) {
    const size = Math.min(random.int(1, maxBurst + 1), count - sent);
    const [from, to] = turn % 2 === 0 ? [a, b] : [b, a];
    const wires: Wire[] = [];
    for (let i = 0; i < size; i++) wires.push(await from.send(`burst ${turn}.${i}`));
    for (let i = 0; i < size; i++) expect(await to.receive(wires[i]!)).toBe(`burst ${turn}.${i}`);
    sizes.push(size);
    sent += size;
    turn++;
  }
  return sizes;
}

/**
 * Out-of-order and dropped delivery from `sender` to `receiver` across several sending chains:
 * in each of `chains` rounds the sender sends `perChain` messages; only the last one arrives at
 * once, the receiver answers (so the sender's next round is a new chain), and the rest are held
 * back. The held messages then arrive shuffled, every `dropEvery`-th of them dropped. Returns how
 * many were delivered late and how many dropped.
 */
export async function outOfOrder(
  sender: Endpoint,
  receiver: Endpoint,
  random: SeededRandom,
  options: { chains: number; perChain: number; dropEvery: number },
): Promise<{ late: number; dropped: number }> {
  const held: { wire: Wire; text: string }[] = [];
  for (let round = 0; round < options.chains; round++) {
    for (let i = 0; i < options.perChain; i++) {
      const text = `ooo ${sender.label} ${round}.${i}`;
      const wire = await sender.send(text);
      if (i < options.perChain - 1) held.push({ wire, text });
      else expect(await receiver.receive(wire)).toBe(text);
    }
    const answer = `ack ${round} from ${receiver.label}`;
    expect(await sender.receive(await receiver.send(answer))).toBe(answer);
  }
  const shuffled = random.shuffle(held);
  let late = 0;
  let dropped = 0;
  for (const [index, { wire, text }] of shuffled.entries()) {
    if (index % options.dropEvery === options.dropEvery - 1) {
      dropped++;
      continue;
    }
    expect(await receiver.receive(wire)).toBe(text);
    late++;
  }
  // The session is still healthy in both directions afterwards.
  await pingPong(sender, receiver, 4, 'after-ooo');
  return { late, dropped };
}
