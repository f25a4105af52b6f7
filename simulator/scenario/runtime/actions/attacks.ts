/**
 * Attacks from an ordinary account and breaches (SCENARIOS.md S13, S14, S15, S18–S20 hosts):
 *   - `drain-prekeys` ("Prekey Pogo", [PKP]): the attacker's client fetches the target's bundles
 *     through the real server, which hands out (and deletes) one one-time prekey per device per fetch,
 *     then signed-prekey-only bundles. The server asks a logged-in device to refill when its stock runs
 *     low, so the attacker reads the target's online status off the refills;
 *   - `silent-probe` ("Careless Whisper", [CW]): reactions to a message that does not exist, end-to-end
 *     encrypted to every target device; each device shows nothing and returns a delivery receipt, and
 *     the attacker times the receipts;
 *   - `enumerate` ([HEY], [ATN]): contact-discovery lookups through the server;
 *   - `compromise`: the attacker reads what a host stores — the chat server's routing log and queued
 *     ciphertext, or the messages another host keeps (any party with `storedMessages()`).
 * Every observation is made by the attacker's own code from what it received.
 */
import { utf8 } from '../../../crypto/bytes.js';
import { contentDigest } from '../../../ledger/digest.js';
import { ChatServer, PREKEY_REFILL_THRESHOLD } from '../../../parties/chat-server.js';
import { type ClientDevice, PREKEY_BATCH } from '../../../parties/client/client-device.js';
import type { User } from '../../../parties/user.js';
import type { Stanza } from '../../../world/stanza.js';
import type { World } from '../../../world/world.js';
import { type RunContext, RunError } from '../context.js';
import { fetchProfile } from '../profiles.js';
import { type ActionHandlers, done } from './types.js';

/** The attacker's client pauses this long between bundle fetches. */
export const DRAIN_PAUSE_MS = 250;
/**
 * The most one-time prekeys a device can have on the server at once: a fresh batch on top of a stock
 * just under the refill threshold. Public client behaviour, so the attacker knows it too.
 */
export const MAX_PREKEY_STOCK = PREKEY_BATCH + PREKEY_REFILL_THRESHOLD - 1;
/** A probe receipt within this round trip means the device was online when the probe arrived. */
export const ONLINE_RTT_MS = 2_000;
/** Numbers per contact-discovery request. */
export const LOOKUP_BATCH = 1_000;
/** A breached host's store is read again this often. */
export const BREACH_POLL_MS = 60_000;

/**
 * The logged-in device an actor acts from: the primary of its own account (attackers that declare a
 * `number` are registered with one at setup), else any account it controls.
 */
export function accountDevice(context: RunContext, actorId: string): ClientDevice {
  const actor = context.actor(actorId);
  const own = context.attackerNumbers.get(actorId) ?? context.users.get(actorId)?.number;
  const device =
    (own !== undefined ? actor.primaryFor(own) : undefined) ?? actor.devices.find((d) => !d.loggedOut);
  if (!device) throw new RunError(`${actorId} has no account to act from — give it a \`number\` of its own`);
  return device;
}

/** Registers (once) the item for what can be inferred about a user's presence. */
function presenceItem(world: World, target: User): string {
  const item = `presence:${target.number}`;
  world.registerItem(item, 'other', `online status of ${target.id}`, target.id);
  return item;
}

/** Registers (once) the item for a user's device list and public keys. */
function deviceListItem(world: World, target: User): string {
  const item = `devices:${target.number}`;
  world.registerItem(item, 'device-list', `devices and public keys of ${target.id}`, target.id);
  return item;
}

function at(context: RunContext, t: number): string {
  return `t+${((t - context.startMs) / 1000).toFixed(1)} s`;
}

interface DeviceStock {
  readonly taken: Set<number>;
  /** When the attacker first got a bundle without a one-time prekey, while that lasts. */
  emptySince?: number;
  /** Refills inferred so far. */
  refills: number;
}

/** Fetches `count` bundles of `target`, one after the other, and reads the refills (S13). */
function drainPrekeys(context: RunContext, device: ClientDevice, target: User, count: number): void {
  const { world } = context;
  const attacker = device.holder;
  const presence = presenceItem(world, target);
  const devices = deviceListItem(world, target);
  const stocks = new Map<number, DeviceStock>();
  let sent = 0;
  let refused = 0;
  let taken = 0;
  const observe = (detail: string): void =>
    world.observe(attacker, presence, ['online-status'], { kind: 'timing', detail });
  const onReply = (reply: Stanza): void => {
    if (reply.error !== undefined) {
      refused++;
      world.log('attack.drain-refused', { attacker, target: target.id, reason: reply.error });
      return;
    }
    world.observe(attacker, devices, ['device-list', 'keys'], { kind: 'clear', via: 'prekey bundle fetch' });
    for (const bundle of reply.bundles ?? []) {
      let stock = stocks.get(bundle.device);
      if (!stock) stocks.set(bundle.device, (stock = { taken: new Set(), refills: 0 }));
      if (bundle.preKeyId === undefined || bundle.preKey === undefined) {
        if (stock.emptySince === undefined) {
          stock.emptySince = world.now;
          observe(
            `device ${bundle.device} is out of one-time prekeys and has not refilled: offline since its stock ran out (${at(context, world.now)})`,
          );
        }
        continue;
      }
      taken++;
      stock.taken.add(bundle.preKeyId);
      if (stock.emptySince !== undefined) {
        stock.refills++;
        observe(
          `device ${bundle.device} refilled its one-time prekeys between ${at(context, stock.emptySince)} and ${at(context, world.now)}: it came online`,
        );
        delete stock.emptySince;
      } else if (stock.taken.size > MAX_PREKEY_STOCK + stock.refills * PREKEY_BATCH) {
        stock.refills++;
        observe(
          `device ${bundle.device} handed out more one-time prekeys than it ever holds at once by ${at(context, world.now)}: it uploaded a fresh batch, so it was online`,
        );
      }
    }
  };
  const next = (): void => {
    if (sent >= count || device.loggedOut) {
      world.log('attack.drain-done', {
        attacker,
        target: target.id,
        fetches: sent,
        refused,
        oneTimePreKeys: taken,
      });
      return;
    }
    sent++;
    device.request({ kind: 'fetch-keys', user: target.number, deviceList: [] }, (reply) => {
      onReply(reply);
      world.loop.schedule(DRAIN_PAUSE_MS, next, 'attack.drain');
    });
  };
  next();
}

/** Sends `count` invisible probes `interval` apart and times the delivery receipts (S14). */
function silentProbe(
  context: RunContext,
  device: ClientDevice,
  target: User,
  count: number,
  interval: number,
): void {
  const { world } = context;
  const attacker = device.holder;
  const presence = presenceItem(world, target);
  deviceListItem(world, target); // the fan-out's device-list fetch is recorded against it
  const state = context.extensions.get('attacks.probes') as { next: number } | undefined;
  const counter = state ?? { next: 0 };
  context.extensions.set('attacks.probes', counter);
  const sentAt = new Map<string, number>();
  /** Devices that answered each probe, and each device's last inferred state. */
  const answered = new Map<string, Set<number>>();
  const lastState = new Map<number, string>();
  let receipts = 0;
  const infer = (deviceId: number, state: string, detail: string): void => {
    if (lastState.get(deviceId) === state) return;
    lastState.set(deviceId, state);
    world.observe(attacker, presence, ['device-list', 'online-status'], {
      kind: 'timing',
      detail: `${detail} (${at(context, world.now)}): ${state}`,
    });
  };
  device.receiptListeners.push((stanza) => {
    const id = stanza.messageId ?? '';
    const t0 = sentAt.get(id);
    if (t0 === undefined || stanza.receipt !== 'delivered' || stanza.user !== target.number) return;
    receipts++;
    const rtt = Math.round(world.now - t0);
    const deviceId = stanza.device ?? 0;
    answered.get(id)?.add(deviceId);
    infer(
      deviceId,
      rtt <= ONLINE_RTT_MS ? 'online' : 'back online',
      `receipt from device ${deviceId} after ${rtt} ms`,
    );
  });
  for (let i = 0; i < count; i++) {
    world.loop.schedule(
      i * interval,
      () => {
        const seq = ++counter.next;
        const id = `probe:${attacker}:${seq}`;
        sentAt.set(id, world.now);
        answered.set(id, new Set());
        device.sendPayload(id, target.number, {
          kind: 'reaction',
          messageId: `no-such-message-${seq}`,
          text: '👍',
          from: device.number,
          to: target.number,
          timestamp: world.now,
        });
        // A device that answered earlier probes but not this one within the window is offline (or asleep).
        world.loop.schedule(
          ONLINE_RTT_MS,
          () => {
            for (const deviceId of lastState.keys()) {
              if (!answered.get(id)!.has(deviceId))
                infer(deviceId, 'offline', `no receipt from device ${deviceId} within ${ONLINE_RTT_MS} ms`);
            }
          },
          'attack.probe-timeout',
        );
      },
      'attack.probe',
    );
  }
  world.loop.schedule(
    (count - 1) * interval + 10_000,
    () => {
      world.log('attack.probe-summary', {
        attacker,
        target: target.id,
        probes: count,
        receipts,
        devicesAnswered: lastState.size,
      });
    },
    'attack.probe-summary',
  );
}

/**
 * The numbers an enumeration scans: the 10,000-number blocks (last four digits) that the scenario's
 * numbers sit in, in order — a real scan covers whole national ranges, which contain them.
 */
export function enumerationCandidates(numbers: Iterable<string>, count: number): string[] {
  const templates = new Set<string>();
  for (const number of numbers) {
    const positions = [...number].flatMap((c, i) => (c >= '0' && c <= '9' ? [i] : []));
    if (positions.length < 5) continue;
    const chars = [...number];
    for (const i of positions.slice(-4)) chars[i] = '#';
    templates.add(chars.join(''));
  }
  const out: string[] = [];
  for (const template of [...templates].sort()) {
    for (let n = 0; n < 10_000 && out.length < count; n++) {
      const digits = String(n).padStart(4, '0');
      let k = 0;
      out.push(template.replace(/#/g, () => digits[k++]!));
    }
  }
  return out;
}

/** Looks `count` numbers up through contact discovery and records which are registered (S15). */
function enumerate(context: RunContext, device: ClientDevice, count: number): number {
  const { world } = context;
  const attacker = device.holder;
  const candidates = enumerationCandidates(context.owners.keys(), count);
  world.registerItem(
    `address-book:${device.number}`,
    'address-book',
    `numbers ${attacker} uploaded to contact discovery`,
    attacker,
  );
  let found = 0;
  const ask = (from: number): void => {
    if (from >= candidates.length) {
      world.log('attack.enumeration-done', { attacker, looked: candidates.length, found });
      return;
    }
    device.request({ kind: 'lookup', numbers: candidates.slice(from, from + LOOKUP_BATCH) }, (reply) => {
      for (const number of reply.numbers ?? []) {
        if (number === device.number) continue;
        found++;
        const owner = context.owners.get(number) ?? number;
        const item = `registration:${number}`;
        world.registerItem(item, 'registration', `${owner}'s number is registered`, owner);
        world.observe(attacker, item, ['address-book'], { kind: 'clear', via: 'contact discovery lookup' });
        fetchProfile(context, attacker, device.number, number);
      }
      ask(from + LOOKUP_BATCH);
    });
  };
  ask(0);
  return candidates.length;
}

/** A host that can say which messages it holds (business hosts, backup providers). */
export interface StoresMessages {
  readonly id: string;
  storedMessages(): readonly { readonly messageId: string; readonly text: string }[];
}

function storesMessages(party: unknown): party is StoresMessages {
  return typeof (party as Partial<StoresMessages> | undefined)?.storedMessages === 'function';
}

/** The attacker reads the server's routing log and queues, now and from then on: no content. */
function breachServer(world: World, attacker: string, server: ChatServer): string {
  const via = `breach of ${server.id}`;
  const fields = ['sender', 'recipient', 'timestamp', 'size', 'ip'] as const;
  const record = (messageId: string): void =>
    world.observe(attacker, messageId, fields, { kind: 'clear', via: `${via}: routing log` });
  for (const entry of server.routingLog) record(entry.messageId);
  const queued = server.queuedEnvelopes();
  for (const envelope of queued) {
    world.observe(attacker, envelope.messageId, [], {
      kind: 'ciphertext',
      detail: `${via}: queued for ${envelope.to}.${envelope.toDevice}`,
    });
  }
  server.routingWatchers.push((entry) => {
    record(entry.messageId);
    world.observe(attacker, entry.messageId, [], {
      kind: 'ciphertext',
      detail: `${via}: ciphertext passing through`,
    });
  });
  return `${server.routingLog.length} routing records and ${queued.length} queued ciphertexts, and everything routed from now on`;
}

/** The attacker reads a host's stored messages now and every BREACH_POLL_MS from then on. */
function breachStore(world: World, attacker: string, host: StoresMessages): string {
  const seen = new Set<string>();
  const by = `breach of ${host.id}`;
  const read = (): number => {
    let count = 0;
    for (const message of host.storedMessages()) {
      if (seen.has(message.messageId)) continue;
      seen.add(message.messageId);
      count++;
      const item = world.ledger.item(message.messageId);
      if (item?.contentDigest !== contentDigest(utf8(message.text))) {
        world.log('attack.breach-unmatched', { attacker, host: host.id, messageId: message.messageId });
        continue;
      }
      world.observe(attacker, message.messageId, ['content'], { kind: 'exfiltrated', by }, message.text);
    }
    return count;
  };
  const poll = (): void => {
    read();
    world.loop.schedule(BREACH_POLL_MS, poll, 'attack.breach-poll');
  };
  const now = read();
  world.loop.schedule(BREACH_POLL_MS, poll, 'attack.breach-poll');
  return `${now} stored messages now, and what it stores from now on`;
}

export const attackActions: ActionHandlers = {
  'drain-prekeys': (action, context) => {
    const device = accountDevice(context, action.attacker);
    const target = context.user(action.target);
    drainPrekeys(context, device, target, action.count);
    return done(
      `${action.attacker} fetches ${target.id}'s prekey bundles ${action.count} times from ${device.label}`,
    );
  },
  'silent-probe': (action, context) => {
    const device = accountDevice(context, action.attacker);
    const target = context.user(action.target);
    silentProbe(context, device, target, action.count, action.interval);
    return done(`${action.attacker} sends ${target.id} ${action.count} silent probes`);
  },
  enumerate: (action, context) => {
    const device = accountDevice(context, action.attacker);
    const looked = enumerate(context, device, action.count);
    return done(`${action.attacker} looks up ${looked} numbers through contact discovery`);
  },
  compromise: (action, context) => {
    context.actor(action.attacker);
    const host = context.parties.get(action.host);
    if (!host) throw new RunError(`no party '${action.host}'`);
    const { world } = context;
    world.log('attack.breach', { attacker: action.attacker, host: host.id });
    if (host instanceof ChatServer)
      return done(`${action.attacker} reads ${breachServer(world, action.attacker, host)}`);
    if (storesMessages(host))
      return done(`${action.attacker} reads ${breachStore(world, action.attacker, host)}`);
    return done(`${action.attacker} breached ${host.id}, which keeps no messages`);
  },
};
