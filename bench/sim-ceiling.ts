/**
 * The crypto-only ceiling of `bench:sim`: the same Signal work for the same plan (sim-plan.ts) as the
 * full simulation, and nothing else — no network, transport, server, ledger, journal or parties.
 * Every device is a bare ProtocolDevice (plus a sender-key store); each send is encrypted for every
 * device the full run's client encrypts it for, and decrypted at once by each of them:
 *   - 1:1: one Double Ratchet message per device of the recipient and per other own device, with
 *     X3DH from a fresh bundle (and one-time prekey) the first time a pair talks;
 *   - group: the sender-key distribution, pairwise, to member devices that lack it, then one
 *     Sender Key message that every other member device decrypts.
 * The plaintext is the same payload protobuf the client encrypts, padded the same way.
 */
import type { CryptoProvider } from '../simulator/crypto/provider.js';
import { SeededRandom } from '../simulator/crypto/seeded-random.js';
import { ProtocolDevice } from '../simulator/protocol/device.js';
import { padPlaintext, unpadPlaintext } from '../simulator/protocol/padding.js';
import {
  RecordSenderKeyStore,
  createSenderKeyDistributionMessage,
  groupDecrypt,
  groupEncrypt,
  processSenderKeyDistributionMessage,
  type SenderKeyName,
} from '../simulator/protocol/sender-keys/index.js';
import { type Payload, encodePayload } from '../simulator/world/payload.js';
import { type Plan, hasCompanion, numberOf, textOf } from './sim-plan.js';

/** One-time prekeys a device publishes at a time, and the stock below which it publishes more (as the server asks). */
const PREKEY_BATCH = 20;
const PREKEY_REFILL_BELOW = 5;

interface Device {
  readonly number: string;
  readonly deviceId: number;
  readonly address: string;
  readonly protocol: ProtocolDevice;
  readonly random: SeededRandom;
  readonly senderKeys: RecordSenderKeyStore;
  /** One-time prekey ids still published. */
  readonly preKeys: number[];
  /** Per group: addresses that hold our sender key. */
  readonly distributed: Map<number, Set<string>>;
}

/** A prepared ceiling run: devices made (untimed); `run()` does the plan's crypto and returns its time. */
export class CryptoCeiling {
  private readonly devices: Device[][];
  /** Sends `run` processed and decryptions it checked (a guard that the work really happened). */
  decrypted = 0;

  constructor(
    private readonly crypto: CryptoProvider,
    private readonly plan: Plan,
  ) {
    const root = new SeededRandom('bench-ceiling');
    this.devices = [];
    for (let i = 0; i < plan.options.accounts; i++) {
      const list = [this.device(root, i, 1)];
      if (hasCompanion(plan.options, i)) list.push(this.device(root, i, 2));
      this.devices.push(list);
    }
  }

  private device(root: SeededRandom, account: number, deviceId: number): Device {
    const number = numberOf(account);
    const random = root.fork(`${account}.${deviceId}`);
    const protocol = new ProtocolDevice({ crypto: this.crypto, random: random.fork('protocol') });
    protocol.rotateSignedPreKey();
    const preKeys = protocol.generatePreKeys(PREKEY_BATCH).map((record) => record.id);
    return {
      number,
      deviceId,
      address: `${number}.${deviceId}`,
      protocol,
      random,
      senderKeys: new RecordSenderKeyStore(),
      preKeys,
      distributed: new Map(),
    };
  }

  /** Runs sends `from` (inclusive) to `to` (exclusive) of the plan, in order. */
  run(from = 0, to = this.plan.sender.length): void {
    const { plan } = this;
    for (let m = from; m < to; m++) {
      const sender = this.devices[plan.sender[m]!]![0]!;
      const target = plan.target[m]!;
      const text = textOf(plan, m);
      const timestamp = m * 20;
      if (target >= 0) {
        const to = numberOf(target);
        const plaintext = encodePayload({
          kind: 'text',
          messageId: `m${m}`,
          text,
          from: sender.number,
          to,
          timestamp,
        });
        for (const device of [...this.devices[target]!, ...this.devices[plan.sender[m]!]!]) {
          if (device !== sender) this.pairwise(sender, device, plaintext);
        }
      } else {
        this.group(sender, -1 - target, `m${m}`, text, timestamp);
      }
    }
  }

  /** One Double Ratchet message from `from` to `to` (X3DH first when they have no session), decrypted. */
  private pairwise(from: Device, to: Device, plaintext: Uint8Array): Uint8Array {
    if (!from.protocol.hasSession(to.address)) {
      const preKeyId = to.preKeys.shift();
      from.protocol.processPreKeyBundle(to.address, to.protocol.createBundle(to.deviceId, preKeyId));
      if (to.preKeys.length < PREKEY_REFILL_BELOW)
        for (const record of to.protocol.generatePreKeys(PREKEY_BATCH)) to.preKeys.push(record.id);
    }
    const message = from.protocol.encrypt(to.address, padPlaintext(plaintext, from.random));
    const opened = unpadPlaintext(to.protocol.decrypt(from.address, message).plaintext);
    this.decrypted++;
    return opened;
  }

  private group(sender: Device, group: number, messageId: string, text: string, timestamp: number): void {
    const groupId = `g${group}`;
    const name: SenderKeyName = { groupId, sender: { name: sender.number, deviceId: sender.deviceId } };
    const skdm = createSenderKeyDistributionMessage(this.crypto, sender.random, sender.senderKeys, name);
    let sent = sender.distributed.get(group);
    if (sent === undefined) sender.distributed.set(group, (sent = new Set()));
    const members: Device[] = [];
    for (const account of this.plan.groupMembers[group]!)
      for (const device of this.devices[account]!) if (device !== sender) members.push(device);
    // The sender's own companion gets the group message too, as the server fans out to it.
    for (const device of this.devices[this.accountOf(sender)]!)
      if (device !== sender && !members.includes(device)) members.push(device);
    for (const device of members) {
      if (sent.has(device.address)) continue;
      const distribution: Payload = {
        kind: 'sender-key',
        groupId,
        senderKeyDistribution: skdm,
        from: sender.number,
      };
      this.pairwise(sender, device, encodePayload(distribution));
      processSenderKeyDistributionMessage(device.senderKeys, name, skdm);
      sent.add(device.address);
    }
    const body = groupEncrypt(
      this.crypto,
      sender.random,
      sender.senderKeys,
      name,
      padPlaintext(
        encodePayload({ kind: 'text', messageId, text, groupId, from: sender.number, timestamp }),
        sender.random,
      ),
    );
    for (const device of members) {
      unpadPlaintext(groupDecrypt(this.crypto, device.senderKeys, name, body));
      this.decrypted++;
    }
  }

  private accountOf(device: Device): number {
    return Number(device.number.slice(-6));
  }
}
