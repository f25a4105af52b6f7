/**
 * One installed WhatsApp-style client on one device (a primary phone or a companion): its protocol
 * engine, its Noise connection to the chat server, its message store, and the client behaviours the
 * scenarios depend on — client fan-out to every device of the recipient and the sender's own other
 * devices (Sesame), Sender Keys for groups with server fan-out, device-list verification, retry
 * receipts, and WhatsApp's non-blocking re-send after a contact re-registers ([BOEL]).
 *
 * Every ledger observation a client makes follows from bytes it actually handled: content is
 * recorded only after its own code decrypted it (or it authored it).
 */
import { toHex } from '../../crypto/bytes.js';
import type { KeyPair } from '../../crypto/provider.js';
import type { SeededRandom } from '../../crypto/seeded-random.js';
import { ProtocolDevice, type IdentityChange } from '../../protocol/device.js';
import { ProtocolError } from '../../protocol/errors.js';
import { serializePublicKey, type PreKeyBundle } from '../../protocol/keys.js';
import { PQXDH_CIPHERTEXT_VERSION } from '../../protocol/constants.js';
import { padPlaintext, unpadPlaintext } from '../../protocol/padding.js';
import {
  RecordSenderKeyStore,
  createSenderKeyDistributionMessage,
  groupDecrypt,
  groupEncrypt,
  processSenderKeyDistributionMessage,
  rotateSenderKey,
  type SenderKeyName,
} from '../../protocol/sender-keys/index.js';
import type { DeliveredFrame } from '../../network/network.js';
import { TransportClient } from '../../network/transport-client.js';
import type { World } from '../../world/world.js';
import { type HistoryEntry, type Payload, decodePayload, encodePayload } from '../../world/payload.js';
import {
  type DeviceBundle,
  type DeviceMessage,
  type KeyUpload,
  type Stanza,
  decodeStanza,
  withStanza,
} from '../../world/stanza.js';
import type { ChatServer } from '../chat-server.js';
import { encodeLogin } from '../chat-server.js';
import { verifyCompanion, verifyDeviceList, verifyGroupChange } from './device-signatures.js';

/** One-time prekeys a device publishes at a time. */
export const PREKEY_BATCH = 20;

/** Settings and policies a client consults; functions so defences can flip mid-run. */
export interface ClientPolicy {
  /** Show "security code changed" notices (opt-in in WhatsApp). */
  securityNotifications(): boolean;
  /** Hold re-sends (and sends to a verified contact) after a key change instead of re-sending automatically. */
  blockingResend(): boolean;
  /** Check served identity keys against the key-transparency log. */
  keyTransparency(): boolean;
  /** Accept group membership only when signed by an admin (defence `signed-group-membership`). */
  signedGroupMembership(groupId: string): boolean;
  /** Send read receipts. */
  readReceipts(): boolean;
  /**
   * Whether the user compared security codes with `contact` (party id) out of band before the run
   * (defence `verify-security-code`): the first key this device sees for them counts as verified.
   */
  verifiedContact?(contact: string): boolean;
}

export interface ClientDeviceOptions {
  readonly world: World;
  readonly server: ChatServer;
  /** Party controlling this device (the ledger's observer). */
  readonly holder: string;
  /** Party id of the account owner. */
  readonly account: string;
  readonly number: string;
  readonly deviceId: number;
  /** Label, e.g. `alice.phone`; also the network endpoint id. */
  readonly label: string;
  readonly policy: ClientPolicy;
  /** Called when the device's user should be shown a notice. */
  readonly notify: (kind: string, about?: string, detail?: string) => void;
  readonly online?: boolean;
}

/** A message as stored on the device. */
export interface StoredMessage extends HistoryEntry {
  readonly groupId?: string;
  readonly direction: 'in' | 'out';
  disappearsAt?: number;
}

interface OutgoingMessage {
  readonly messageId: string;
  readonly to?: string;
  readonly groupId?: string;
  readonly payload: Payload;
  /** Devices (addresses) this message was encrypted to. */
  readonly sentTo: Set<string>;
  acked: boolean;
  /** Addresses that confirmed delivery. */
  readonly delivered: Set<string>;
}

interface ContactDevices {
  primaryIdentity?: Uint8Array;
  devices: number[];
  verified: boolean;
}

type KeysCallback = (stanza: Stanza) => void;

/** Observers of plaintext and keys on this device (modded clients, spyware): ground-truth hooks. */
export type DeviceTap = (
  event: { kind: 'plaintext'; item: string; text: string } | { kind: 'keys'; detail: string },
) => void;

/** Code installed with the app on every new device of a world (e.g. a modded build used from the start). */
export type DeviceCreationHook = (device: ClientDevice) => void;
const creationHooks = new WeakMap<World, DeviceCreationHook[]>();

/** Runs `hook` on each device created in `world` from now on, once the device is built and before it connects. */
export function onDeviceCreated(world: World, hook: DeviceCreationHook): void {
  const hooks = creationHooks.get(world) ?? [];
  hooks.push(hook);
  creationHooks.set(world, hooks);
}

export class ClientDevice {
  readonly world: World;
  readonly protocol: ProtocolDevice;
  readonly senderKeys = new RecordSenderKeyStore();
  readonly transportKey: KeyPair;
  readonly history = new Map<string, StoredMessage>();
  readonly contacts = new Map<string, ContactDevices>();
  readonly groups = new Map<string, string[]>();
  readonly taps: DeviceTap[] = [];
  /** Frames from anyone but the chat server (peer-to-peer call media): the call stack listens here. */
  readonly peerFrameListeners: ((frame: DeliveredFrame) => void)[] = [];
  /** The build the device runs, announced at login; undefined = the official app. */
  clientVersion: string | undefined;
  /** Whether the app deletes disappearing messages when their timer runs out (mods may not, [TRI] inf.). */
  honoursDisappearing = true;
  loggedOut = false;
  private readonly random: SeededRandom;
  private readonly transport: TransportClient;
  private readonly outbox = new Map<string, OutgoingMessage>();
  private readonly skdmSent = new Map<string, Set<string>>();
  private readonly keyRequests = new Map<number, KeysCallback>();
  private readonly waitingForKeys = new Map<string, (() => void)[]>();
  private readonly heldResends = new Map<string, string[]>();
  /** Numbers whose current primary identity key the user verified (kept across device-list refreshes). */
  private readonly verifiedNumbers = new Set<string>();
  private nextReqId = 1;
  /** Companions whose account signature and signed device list verified, per number (kept across refetches). */
  private readonly verifiedCompanions = new Map<string, Set<number>>();

  private rememberCompanion(number: string, deviceId: number): void {
    const known = this.verifiedCompanions.get(number) ?? new Set<number>();
    known.add(deviceId);
    this.verifiedCompanions.set(number, known);
  }

  constructor(readonly options: ClientDeviceOptions) {
    this.world = options.world;
    this.random = options.world.random.fork(`device:${options.label}`);
    this.transportKey = options.world.crypto.generateKeyPair(this.random.fork('transport-static'));
    this.protocol = new ProtocolDevice({
      crypto: options.world.crypto,
      random: this.random.fork('protocol'),
      onIdentityChange: (change) => this.onIdentityChange(change),
    });
    this.protocol.rotateSignedPreKey();
    this.protocol.generatePreKeys(options.server.oneTimePreKeys);
    options.world.registerDeviceTruth(this.transportKey.publicKey, options.holder, options.label);
    options.world.network.add({
      id: options.label,
      online: options.online ?? true,
      receive: (frame) => {
        if (frame.src === options.server.endpoint) this.transport.handleFrame(frame);
        else for (const listener of this.peerFrameListeners) listener(frame);
      },
    });
    const login = (): Uint8Array => encodeLogin(options.number, options.deviceId, this.clientVersion);
    this.transport = new TransportClient(
      {
        network: options.world.network,
        loop: options.world.loop,
        journal: options.world.journal,
        crypto: options.world.crypto,
      },
      {
        endpoint: options.label,
        server: options.server.endpoint,
        serverStatic: options.server.staticKey.publicKey,
        staticKey: this.transportKey,
        random: this.random.fork('transport'),
        // Read at each handshake, so a build switched mid-run announces itself at the next login.
        get login() {
          return login();
        },
        receive: (payload, frame) => this.onPayload(payload, frame),
        autoConnect: false,
      },
    );
    for (const hook of creationHooks.get(options.world) ?? []) hook(this);
  }

  get label(): string {
    return this.options.label;
  }
  get number(): string {
    return this.options.number;
  }
  get deviceId(): number {
    return this.options.deviceId;
  }
  get holder(): string {
    return this.options.holder;
  }
  get address(): string {
    return `${this.options.number}.${this.options.deviceId}`;
  }
  get online(): boolean {
    return this.world.network.isOnline(this.label);
  }

  /** Whether the `pqxdh` defence is on for this device's holder (read at each use: it can flip). */
  private get pqxdh(): boolean {
    return this.world.defences.active('pqxdh', this.options.holder) !== undefined;
  }

  /**
   * With `pqxdh`, the signed KEM prekeys to publish (PQXDH §3.2): made on first need, so a run without
   * the defence draws no randomness for them and stays byte-identical.
   */
  private kemUpload(): Pick<KeyUpload, 'kyberPreKeys' | 'lastResortKyberPreKey'> {
    if (!this.pqxdh) return {};
    if (!this.protocol.lastResortKyberPreKey) {
      this.protocol.rotateLastResortKyberPreKey();
      this.protocol.generateKyberPreKeys(this.options.server.oneTimePreKeys);
    }
    const signed = (id: number) => {
      const kem = this.protocol.kyberPreKeyPublic(id)!;
      return { id, key: kem.key, signature: kem.signature };
    };
    const kyberPreKeys = this.protocol.kyberPreKeyIds.map(signed);
    return {
      ...(kyberPreKeys.length > 0 ? { kyberPreKeys } : {}),
      lastResortKyberPreKey: signed(this.protocol.lastResortKyberPreKey!.id),
    };
  }

  /** The public keys this device publishes. */
  keyUpload(): KeyUpload {
    const signed = this.protocol.signedPreKey;
    return {
      ...this.kemUpload(),
      registrationId: this.protocol.registrationId,
      identityKey: this.protocol.identityKey,
      signedPreKeyId: signed.id,
      signedPreKey: serializePublicKey(signed.keyPair.publicKey),
      signedPreKeySignature: signed.signature,
      preKeys: this.protocol.preKeyIds.map((id) => ({ id, key: this.protocol.preKeyPublic(id)! })),
    };
  }

  /** Connects to the server (after registration or linking). */
  connect(): void {
    if (this.online) this.transport.connect();
  }

  setOnline(online: boolean): void {
    this.world.network.setOnline(this.label, online);
    if (online && !this.loggedOut) this.transport.connect();
  }

  /** The app restarts (after an update or a switch of build): it logs in again, announcing its build. */
  restartApp(): void {
    this.transport.close('app restarted');
    if (!this.loggedOut) this.connect();
  }

  // ---- sending ----------------------------------------------------------------------------------

  /** Sends a 1:1 text message: one ciphertext per device of the recipient and per own other device. */
  sendText(messageId: string, to: string, text: string, extra: Partial<Payload> = {}): void {
    const ttl = extra.disappearingMs ?? this.disappearingTimer({ to });
    const payload: Payload = {
      kind: 'text',
      messageId,
      text,
      from: this.number,
      to,
      timestamp: this.world.now,
      ...extra,
      ...(ttl !== undefined ? { disappearingMs: ttl } : {}),
    };
    this.authored(messageId, text, to);
    this.scheduleDisappearing(messageId, ttl);
    this.sendPayload(messageId, to, payload);
  }

  /** Sends any payload 1:1 (texts, probes, call offers). */
  sendPayload(messageId: string, to: string, payload: Payload): void {
    const outgoing: OutgoingMessage = {
      messageId,
      to,
      payload,
      sentTo: new Set(),
      acked: false,
      delivered: new Set(),
    };
    this.outbox.set(messageId, outgoing);
    this.withDevices([to, this.number], () => this.fanOut(outgoing, to));
  }

  /** Sends a group text: Sender Key distribution where missing, then one ciphertext the server fans out. */
  sendGroupText(messageId: string, groupId: string, text: string): void {
    const members = this.groups.get(groupId);
    if (!members) {
      this.world.log('client.not-a-member', { device: this.label, groupId });
      return;
    }
    const ttl = this.disappearingTimer({ groupId });
    const payload: Payload = {
      kind: 'text',
      messageId,
      text,
      groupId,
      from: this.number,
      timestamp: this.world.now,
      ...(ttl !== undefined ? { disappearingMs: ttl } : {}),
    };
    this.authored(messageId, text, `group ${groupId}`, 'group-message');
    this.scheduleDisappearing(messageId, ttl);
    const outgoing: OutgoingMessage = {
      messageId,
      groupId,
      payload,
      sentTo: new Set(),
      acked: false,
      delivered: new Set(),
    };
    this.outbox.set(messageId, outgoing);
    this.withDevices([...members, this.number], () => this.sendGroup(outgoing, groupId));
  }

  /** Forgets our sender key for a group so the next message distributes a fresh one (after a member left). */
  rotateGroupKey(groupId: string): void {
    rotateSenderKey(this.world.crypto, this.random, this.senderKeys, this.ownSenderKeyName(groupId));
    this.skdmSent.set(groupId, new Set());
    this.world.log('client.sender-key-rotated', { device: this.label, groupId });
  }

  /**
   * The chat's disappearing-messages timer (defence `disappearing-messages`): set for a group, or for
   * a user, in which case it covers every 1:1 chat that user is in — the timer is a chat setting both
   * sides' clients share, carried in each message ([WP]: disappearing messages are a client feature).
   */
  private disappearingTimer(chat: { to?: string; groupId?: string }): number | undefined {
    const peer = chat.to !== undefined ? this.ownerOf(chat.to) : undefined;
    for (const spec of this.world.defences.all()) {
      if (spec.kind !== 'disappearing-messages' || !spec.enabled || typeof spec.ttl !== 'number') continue;
      if (
        chat.groupId !== undefined
          ? spec.group === chat.groupId
          : spec.party === this.options.account || spec.party === peer
      )
        return spec.ttl;
    }
    return undefined;
  }

  /** Deletes a stored message from this device when its timer runs out (metadata elsewhere is untouched). */
  private scheduleDisappearing(messageId: string, ttl: number | undefined): void {
    const stored = this.history.get(messageId);
    if (ttl === undefined || ttl <= 0 || !stored) return;
    stored.disappearsAt = this.world.now + ttl;
    this.world.loop.schedule(
      ttl,
      () => {
        const current = this.history.get(messageId);
        if (
          !this.honoursDisappearing ||
          current?.disappearsAt === undefined ||
          current.disappearsAt > this.world.now
        )
          return;
        this.history.delete(messageId);
        this.world.log('client.message-disappeared', { device: this.label, messageId });
      },
      'client.disappear',
    );
  }

  private authored(
    messageId: string,
    text: string,
    to: string,
    kind: 'message' | 'group-message' = 'message',
  ): void {
    this.world.registerItem(messageId, kind, `${this.holder} → ${to}: "${text}"`, this.holder, text);
    this.world.observe(
      this.holder,
      messageId,
      ['content', 'sender', 'recipient', 'timestamp'],
      { kind: 'authored' },
      text,
    );
    this.history.set(messageId, {
      messageId,
      from: this.number,
      to,
      text,
      timestamp: this.world.now,
      direction: 'out',
    });
    for (const tap of this.taps) tap({ kind: 'plaintext', item: messageId, text });
  }

  /** Runs `then` once the device lists (and bundles for new devices) of every number are known. */
  private withDevices(numbers: readonly string[], then: () => void): void {
    const missing = [...new Set(numbers)].filter((number) => !this.contacts.has(number));
    if (missing.length === 0) {
      then();
      return;
    }
    let outstanding = missing.length;
    for (const number of missing) {
      this.fetchDevices(number, () => {
        outstanding--;
        if (outstanding === 0) then();
      });
    }
  }

  /** Asks the server for `number`'s device list and bundles for devices we have no session with. */
  private fetchDevices(number: string, then: () => void): void {
    const waiting = this.waitingForKeys.get(number);
    if (waiting) {
      waiting.push(then);
      return;
    }
    this.waitingForKeys.set(number, [then]);
    const reqId = this.nextReqId++;
    // Devices we already hold sessions with need no bundle (and must not cost a one-time prekey).
    const known = this.protocol.sessionAddresses
      .filter((address) => address.startsWith(`${number}.`) && this.protocol.hasSession(address))
      .map((address) => splitAddress(address)[1]);

    this.keyRequests.set(reqId, (reply) => {
      this.onKeys(number, reply);
      const callbacks = this.waitingForKeys.get(number) ?? [];
      this.waitingForKeys.delete(number);
      for (const callback of callbacks) callback();
    });
    this.send({ kind: 'fetch-keys', reqId, user: number, deviceList: known });
  }

  private onKeys(number: string, reply: Stanza): void {
    if (reply.error) {
      this.world.log('client.keys-refused', { device: this.label, number, reason: reply.error });
      this.contacts.set(number, { devices: [], verified: false });
      return;
    }
    const bundles = reply.bundles ?? [];
    const previous = this.contacts.get(number);
    const primary = bundles.find((b) => b.device === 1);
    if (
      primary &&
      this.protocol.trustedIdentity(`${number}.1`) === undefined &&
      this.options.policy.verifiedContact?.(this.ownerOf(number)) === true
    )
      this.verifiedNumbers.add(number);
    const primaryIdentity =
      primary?.identityKey ?? previous?.primaryIdentity ?? this.protocol.trustedIdentity(`${number}.1`);
    if (
      primary &&
      this.options.policy.keyTransparency() &&
      !this.options.server.keyTransparencyHas(number, primary.identityKey)
    ) {
      this.world.log('client.kt-mismatch', { device: this.label, number });
      this.options.notify(
        'key-transparency-mismatch',
        this.ownerOf(number),
        'served key is not in the audited key directory',
      );
      this.contacts.set(number, { devices: [], verified: false });
      return;
    }
    const accepted: number[] = [];
    for (const deviceId of reply.deviceList ?? []) {
      const bundle = bundles.find((b) => b.device === deviceId);
      const hasSession = this.protocol.hasSession(`${number}.${deviceId}`);
      if (deviceId !== 1) {
        // Companions must carry the primary's account signature; the list must be signed too ([WP]).
        // A list the server altered no longer verifies; then only companions verified before stay.
        const accountSigned =
          bundle?.accountSignature !== undefined &&
          primaryIdentity !== undefined &&
          verifyCompanion(this.world.crypto, primaryIdentity, bundle.identityKey, bundle.accountSignature);
        const listSigned =
          primaryIdentity !== undefined &&
          reply.deviceListSignature !== undefined &&
          verifyDeviceList(
            this.world.crypto,
            primaryIdentity,
            number,
            reply.deviceList ?? [],
            reply.deviceListSignature,
          );
        const knownGood = this.verifiedCompanions.get(number)?.has(deviceId) ?? false;
        const signed = accountSigned && (listSigned || knownGood);
        if (signed) this.rememberCompanion(number, deviceId);
        if (bundle && !signed) {
          this.world.log('client.device-rejected', {
            device: this.label,
            number,
            companion: deviceId,
            reason: 'bad account signature',
          });
          continue;
        }
      }
      if (bundle && !hasSession) {
        try {
          this.protocol.processPreKeyBundle(`${number}.${deviceId}`, toPreKeyBundle(bundle, this.pqxdh));
          // Logged only for PQXDH sessions, so X3DH runs keep their journals byte for byte.
          if (this.protocol.sessionState(`${number}.${deviceId}`)?.version === PQXDH_CIPHERTEXT_VERSION)
            this.world.log('client.session-pqxdh', {
              device: this.label,
              peer: `${number}.${deviceId}`,
              kemPreKeyId: bundle.kyberPreKeyId,
            });
          if (bundle.preKey === undefined)
            this.world.log('client.session-without-one-time-prekey', {
              device: this.label,
              peer: `${number}.${deviceId}`,
            });
        } catch (error) {
          if (!(error instanceof ProtocolError)) throw error;
          this.world.log('client.bundle-rejected', {
            device: this.label,
            peer: `${number}.${deviceId}`,
            code: error.code,
          });
          continue;
        }
      }
      if (bundle || hasSession) accepted.push(deviceId);
    }
    this.contacts.set(number, {
      devices: accepted,
      verified: (previous?.verified ?? false) || this.verifiedNumbers.has(number),
      ...(primaryIdentity ? { primaryIdentity } : {}),
    });
    if (number !== this.number) {
      const owner = this.ownerOf(number);
      this.world.ensureItem(`devices:${number}`, 'device-list', `device list of ${owner}`, owner);
      this.world.observe(this.holder, `devices:${number}`, ['device-list', 'keys'], {
        kind: 'routing',
        detail: 'device list fetched for fan-out',
      });
    }
  }

  private fanOut(outgoing: OutgoingMessage, to: string): void {
    const targets: string[] = [];
    for (const number of [to, this.number]) {
      for (const device of this.contacts.get(number)?.devices ?? []) {
        const address = `${number}.${device}`;
        if (address !== this.address && !outgoing.sentTo.has(address)) targets.push(address);
      }
    }
    if (this.isHeld(to)) {
      this.hold(to, outgoing.messageId);
      return;
    }
    const messages = targets.flatMap((address) => this.encryptFor(address, outgoing.payload));
    for (const message of messages) outgoing.sentTo.add(`${message.user}.${message.device}`);
    if (messages.length === 0) {
      this.world.log('client.nothing-to-send', { device: this.label, messageId: outgoing.messageId });
      return;
    }
    this.send({ kind: 'send', messageId: outgoing.messageId, user: to, messages }, [outgoing.messageId]);
  }

  private sendGroup(outgoing: OutgoingMessage, groupId: string): void {
    const members = this.groups.get(groupId) ?? [];
    const name = this.ownSenderKeyName(groupId);
    const skdm = createSenderKeyDistributionMessage(this.world.crypto, this.random, this.senderKeys, name);
    const sent = this.skdmSent.get(groupId) ?? new Set<string>();
    this.skdmSent.set(groupId, sent);
    const messages: DeviceMessage[] = [];
    for (const number of new Set([...members, this.number])) {
      for (const device of this.contacts.get(number)?.devices ?? []) {
        const address = `${number}.${device}`;
        if (address === this.address || sent.has(address)) continue;
        const distribution = this.encryptFor(address, {
          kind: 'sender-key',
          groupId,
          senderKeyDistribution: skdm,
          from: this.number,
        });
        if (distribution.length > 0) sent.add(address);
        messages.push(...distribution);
      }
    }
    const body = groupEncrypt(
      this.world.crypto,
      this.random,
      this.senderKeys,
      name,
      padPlaintext(encodePayload(outgoing.payload), this.random),
    );
    this.send({ kind: 'send', messageId: outgoing.messageId, groupId, body, messages }, [outgoing.messageId]);
  }

  private encryptFor(address: string, payload: Payload): DeviceMessage[] {
    if (!this.protocol.hasSession(address)) return [];
    const [number, device] = splitAddress(address);
    const message = this.protocol.encrypt(address, padPlaintext(encodePayload(payload), this.random));
    return [{ user: number, device, type: message.type, body: message.body }];
  }

  /**
   * Sends the stored chat history to one of our own new companions (the history bundle at linking,
   * [MD]), end-to-end encrypted to that device alone. `limits` keep it to recent messages: none older
   * than `maxAgeMs`, at most the newest `maxMessages`.
   */
  sendHistory(address: string, limits: { maxAgeMs?: number; maxMessages?: number } = {}): void {
    const [number] = splitAddress(address);
    this.contacts.delete(number);
    this.fetchDevices(number, () => {
      const oldest = limits.maxAgeMs === undefined ? -Infinity : this.world.now - limits.maxAgeMs;
      const kept = [...this.history.values()].filter(
        (m) => (m.disappearsAt === undefined || m.disappearsAt > this.world.now) && m.timestamp >= oldest,
      );
      const recent =
        limits.maxMessages === undefined || kept.length <= limits.maxMessages
          ? kept
          : [...kept]
              .sort((a, b) => b.timestamp - a.timestamp)
              .slice(0, limits.maxMessages)
              .sort((a, b) => a.timestamp - b.timestamp);
      const history = recent.map(({ messageId, from, to, text, timestamp }) => ({
        messageId,
        from,
        to,
        text,
        timestamp,
      }));
      const messages = this.encryptFor(address, { kind: 'history', history, from: this.number });
      if (messages.length === 0) {
        this.world.log('client.history-not-sent', { device: this.label, to: address });
        return;
      }
      this.world.log('client.history-sent', { device: this.label, to: address, entries: history.length });
      this.send(
        { kind: 'send', messageId: `history:${address}`, user: number, messages },
        history.map((m) => m.messageId),
      );
    });
  }

  private ownSenderKeyName(groupId: string): SenderKeyName {
    return { groupId, sender: { name: this.number, deviceId: this.deviceId } };
  }

  // ---- key changes, holds and re-sends -------------------------------------------------------------

  private onIdentityChange(change: IdentityChange): void {
    const [number, device] = splitAddress(change.address);
    if (device !== 1) return; // companion changes are verified automatically, without a notice ([MD])
    const contact = this.contacts.get(number);
    // The contact entry may have been dropped for a refresh (re-registration): the set remembers.
    const verified = contact?.verified === true || this.verifiedNumbers.has(number);
    this.verifiedNumbers.delete(number);
    this.world.log('client.identity-changed', { device: this.label, peer: change.address });
    if (this.options.policy.securityNotifications() || verified) {
      this.options.notify('security-code-changed', this.ownerOf(number));
    }
    if (contact?.verified) contact.verified = false;
  }

  /** True when sends to `number` must wait for the user (blocking mode after a key change). */
  private isHeld(number: string): boolean {
    return this.heldResends.has(number);
  }

  private hold(number: string, messageId: string): void {
    const held = this.heldResends.get(number) ?? [];
    if (!held.includes(messageId)) held.push(messageId);
    this.heldResends.set(number, held);
    this.world.log('client.held', { device: this.label, messageId, peer: number });
  }

  /** The contact re-registered or changed devices: refresh and re-send what never reached a device. */
  private onDevicesChanged(stanza: Stanza): void {
    const number = stanza.user ?? '';
    const reregistered = stanza.error === 'reregistered';
    if (reregistered) {
      for (const address of this.protocol.sessionAddresses)
        if (address.startsWith(`${number}.`)) this.protocol.deleteSession(address);
      // Companions were vouched for by the old primary identity; the new one must vouch again.
      this.verifiedCompanions.delete(number);
      // A new install holds none of our sender keys: distribute them again on the next group send.
      for (const sent of this.skdmSent.values())
        for (const address of [...sent]) if (address.startsWith(`${number}.`)) sent.delete(address);
    }
    const previous = this.contacts.get(number);
    this.contacts.delete(number);
    const pending = (stanza.pending ?? []).filter((id) => this.outbox.has(id));
    this.fetchDevices(number, () => {
      const contact = this.contacts.get(number);
      if (previous) contact!.verified = previous.verified && !reregistered;
      if (pending.length === 0) {
        for (const outgoing of this.outbox.values())
          if (outgoing.to === number && !outgoing.acked) this.fanOut(outgoing, number);
        return;
      }
      if (reregistered && this.options.policy.blockingResend()) {
        for (const id of pending) this.hold(number, id);
        this.options.notify(
          'messages-held',
          this.ownerOf(number),
          `${pending.length} message(s) held until you verify the new security code`,
        );
        return;
      }
      for (const id of pending) {
        const outgoing = this.outbox.get(id)!;
        for (const address of [...outgoing.sentTo])
          if (address.startsWith(`${number}.`)) outgoing.sentTo.delete(address);
        this.world.log('client.resend', {
          device: this.label,
          messageId: id,
          peer: number,
          reason: stanza.error ?? 'devices changed',
        });
        this.fanOut(outgoing, number);
      }
    });
  }

  /** The user compared security codes out of band: held messages are released. */
  markVerified(number: string): void {
    const contact = this.contacts.get(number);
    if (contact) contact.verified = true;
    this.verifiedNumbers.add(number);
    const held = this.heldResends.get(number) ?? [];
    this.heldResends.delete(number);
    for (const id of held) {
      const outgoing = this.outbox.get(id);
      if (!outgoing) continue;
      for (const address of [...outgoing.sentTo])
        if (address.startsWith(`${number}.`)) outgoing.sentTo.delete(address);
      this.fanOut(outgoing, number);
    }
  }

  // ---- receiving --------------------------------------------------------------------------------

  private onPayload(payload: Uint8Array, _frame: DeliveredFrame): void {
    let stanza: Stanza;
    try {
      stanza = decodeStanza(payload);
    } catch {
      this.world.log('client.bad-stanza', { device: this.label });
      return;
    }
    switch (stanza.kind) {
      case 'keys': {
        const callback = stanza.reqId !== undefined ? this.keyRequests.get(stanza.reqId) : undefined;
        if (stanza.reqId !== undefined) this.keyRequests.delete(stanza.reqId);
        callback?.(stanza);
        return;
      }
      case 'deliver':
        return this.onDeliver(stanza);
      case 'ack': {
        const outgoing = this.outbox.get(stanza.messageId ?? '');
        if (outgoing) outgoing.acked = true;
        return;
      }
      case 'receipt':
        return this.onReceipt(stanza);
      case 'devices-changed':
        return this.onDevicesChanged(stanza);
      case 'group-update':
        return this.onGroupUpdate(stanza);
      case 'logged-out':
        this.loggedOut = true;
        this.transport.close('logged-out');
        this.world.log('client.logged-out', { device: this.label, reason: stanza.error });
        this.options.notify('logged-out', undefined, stanza.error);
        return;
      case 'upload-keys':
        return this.refillPreKeys();
      case 'lookup-result': {
        const callback = stanza.reqId !== undefined ? this.keyRequests.get(stanza.reqId) : undefined;
        if (stanza.reqId !== undefined) this.keyRequests.delete(stanza.reqId);
        callback?.(stanza);
        return;
      }
      default:
        this.world.log('client.unexpected-stanza', { device: this.label, kind: stanza.kind });
    }
  }

  private onDeliver(stanza: Stanza): void {
    const from = stanza.user ?? '';
    const fromDevice = stanza.device ?? 0;
    const messageId = stanza.messageId ?? '';
    // A group message may carry this device's copy of the sender-key distribution: open it first.
    for (const distribution of stanza.messages ?? []) {
      const opened = this.open(from, fromDevice, messageId, distribution.type, distribution.body, undefined);
      if (opened)
        this.onDecrypted(
          opened.payload,
          { from, fromDevice, messageId, key: opened.key, groupId: undefined, timestamp: 0 },
          false,
        );
    }
    const opened = this.open(
      from,
      fromDevice,
      messageId,
      stanza.type ?? '',
      stanza.body ?? new Uint8Array(),
      stanza.groupId,
    );
    if (!opened) return;
    this.onDecrypted(opened.payload, {
      from,
      fromDevice,
      messageId,
      key: opened.key,
      groupId: stanza.groupId,
      timestamp: stanza.timestamp ?? 0,
    });
  }

  /** Decrypts one ciphertext; on failure journals it, records the ciphertext and asks for a retry. */
  private open(
    from: string,
    fromDevice: number,
    messageId: string,
    type: string,
    body: Uint8Array,
    groupId: string | undefined,
  ): { payload: Payload; key: string } | undefined {
    const address = `${from}.${fromDevice}`;
    let plaintext: Uint8Array;
    let key: string;
    try {
      if (type === 'skmsg') {
        const name: SenderKeyName = { groupId: groupId ?? '', sender: { name: from, deviceId: fromDevice } };
        plaintext = groupDecrypt(this.world.crypto, this.senderKeys, name, body);
        key = `sender key ${groupId}/${address}`;
      } else {
        plaintext = this.protocol.decrypt(address, {
          type: type === 'prekey' ? 'prekey' : 'whisper',
          body,
        }).plaintext;
        key = `session ${address}→${this.address}`;
      }
    } catch (error) {
      if (!(error instanceof ProtocolError)) throw error;
      this.world.log('client.decrypt-failed', {
        device: this.label,
        messageId,
        from: address,
        code: error.code,
      });
      this.world.observe(this.holder, messageId, [], {
        kind: 'ciphertext',
        detail: `could not decrypt: ${error.code}`,
      });
      this.receipt(from, fromDevice, messageId, error.code === 'duplicate-message' ? 'delivered' : 'retry');
      return undefined;
    }
    try {
      return { payload: decodePayload(unpadPlaintext(plaintext)), key };
    } catch {
      this.world.log('client.bad-payload', { device: this.label, messageId });
      return undefined;
    }
  }

  private onDecrypted(
    payload: Payload,
    meta: {
      from: string;
      fromDevice: number;
      messageId: string;
      key: string;
      groupId: string | undefined;
      timestamp: number;
    },
    sendReceipt = true,
  ): void {
    const how = { kind: 'decrypted' as const, with: meta.key };
    let silent = false;
    switch (payload.kind) {
      case 'text': {
        const text = payload.text ?? '';
        const itemId = payload.messageId ?? meta.messageId;
        const fields = ['content', 'sender', 'recipient', 'timestamp', 'size'] as const;
        this.world.observe(
          this.holder,
          itemId,
          meta.groupId ? [...fields, 'group-membership'] : fields,
          how,
          text,
        );
        const direction = meta.from === this.number ? 'out' : 'in';
        const stored: StoredMessage = {
          messageId: itemId,
          from: payload.from ?? meta.from,
          to: payload.to ?? this.number,
          text,
          timestamp: payload.timestamp ?? meta.timestamp,
          direction,
          ...(meta.groupId ? { groupId: meta.groupId } : {}),
        };
        this.history.set(itemId, stored);
        this.scheduleDisappearing(itemId, payload.disappearingMs);
        for (const tap of this.taps) tap({ kind: 'plaintext', item: itemId, text });
        const state = this.world.delivery(itemId, this.label, this.holder, this.options.account);
        state.deliveredAt ??= this.world.now;
        break;
      }
      case 'sender-key':
        if (payload.senderKeyDistribution && payload.groupId) {
          const name: SenderKeyName = {
            groupId: payload.groupId,
            sender: { name: meta.from, deviceId: meta.fromDevice },
          };
          try {
            processSenderKeyDistributionMessage(this.senderKeys, name, payload.senderKeyDistribution);
            this.world.log('client.sender-key-received', {
              device: this.label,
              groupId: payload.groupId,
              from: `${meta.from}.${meta.fromDevice}`,
            });
          } catch (error) {
            if (!(error instanceof ProtocolError)) throw error;
            this.world.log('client.sender-key-rejected', { device: this.label, code: error.code });
          }
        }
        break;
      case 'history':
        for (const entry of payload.history ?? []) {
          this.world.observe(
            this.holder,
            entry.messageId,
            ['content', 'sender', 'recipient', 'timestamp'],
            {
              kind: 'decrypted',
              with: `history bundle from ${meta.from}.${meta.fromDevice} (${meta.key})`,
            },
            entry.text,
          );
          this.history.set(entry.messageId, {
            ...entry,
            direction: entry.from === this.number ? 'out' : 'in',
          });
          for (const tap of this.taps) tap({ kind: 'plaintext', item: entry.messageId, text: entry.text });
        }
        this.world.log('client.history-received', {
          device: this.label,
          entries: payload.history?.length ?? 0,
        });
        break;
      case 'reaction':
        // Nothing is shown for a reaction to a message we do not have; the receipt still goes back ([CW]),
        // marked as one for a payload that showed nothing (what receipt hardening keys on).
        silent = payload.messageId === undefined || !this.history.has(payload.messageId);
        break;
      default:
        this.onOtherPayload?.(payload, meta);
    }
    if (sendReceipt) this.receipt(meta.from, meta.fromDevice, meta.messageId, 'delivered', silent);
  }

  /** Extension point for payload kinds handled by other modules (calls). */
  onOtherPayload:
    ((payload: Payload, meta: { from: string; fromDevice: number; messageId: string }) => void) | undefined;

  private receipt(
    to: string,
    toDevice: number,
    messageId: string,
    kind: 'delivered' | 'read' | 'retry',
    silent = false,
  ): void {
    this.send({
      kind: 'receipt',
      messageId,
      receipt: kind,
      user: to,
      device: toDevice,
      timestamp: this.world.now,
      ...(silent ? { type: 'silent' } : {}),
    });
  }

  /** The user opened `messageId`: a read receipt goes back if read receipts are on. */
  markRead(messageId: string): void {
    const stored = this.history.get(messageId);
    if (!stored || stored.direction !== 'in') return;
    const state = this.world.delivery(messageId, this.label, this.holder, this.options.account);
    state.readAt ??= this.world.now;
    if (this.options.policy.readReceipts())
      this.send({
        kind: 'receipt',
        messageId,
        receipt: 'read',
        user: stored.from,
        timestamp: this.world.now,
      });
  }

  private onReceipt(stanza: Stanza): void {
    const outgoing = this.outbox.get(stanza.messageId ?? '');
    const from = `${stanza.user}.${stanza.device}`;
    this.world.observe(this.holder, stanza.messageId ?? '', ['timestamp', 'online-status'], {
      kind: 'timing',
      detail: `${stanza.receipt} receipt from ${from}`,
    });
    this.receiptListeners.forEach((listener) => listener(stanza));
    if (!outgoing) return;
    if (stanza.receipt === 'delivered') {
      outgoing.delivered.add(from);
      // Every device it went to has it: nothing left to re-send (the message stays in `history`).
      if (outgoing.acked && [...outgoing.sentTo].every((address) => outgoing.delivered.has(address))) {
        this.outbox.delete(outgoing.messageId);
      }
    }
    if (stanza.receipt === 'retry' && outgoing.to) {
      // The recipient device could not decrypt (new install, lost session): start over with it.
      this.world.log('client.retry', { device: this.label, messageId: outgoing.messageId, peer: from });
      this.protocol.deleteSession(from);
      outgoing.sentTo.delete(from);
      this.contacts.delete(stanza.user ?? '');
      this.withDevices([stanza.user ?? ''], () => this.fanOut(outgoing, outgoing.to!));
    }
  }

  /**
   * The server says our one-time prekeys are running low: publish a fresh batch (X3DH §3.3, Bob
   * replenishes one-time prekeys). Only the new keys go up, so none is handed out twice.
   */
  private refillPreKeys(): void {
    const fresh = this.protocol.generatePreKeys(this.options.server.oneTimePreKeys);
    this.world.log('client.prekeys-refilled', { device: this.label, count: fresh.length });
    const preKeys = fresh.map((record) => ({
      id: record.id,
      key: serializePublicKey(record.keyPair.publicKey),
    }));
    // Only the new one-time keys go up; KEM prekeys already published are not resent.
    const { kyberPreKeys: _published, ...upload } = this.keyUpload();
    this.send({ kind: 'upload-keys', keys: { ...upload, preKeys } });
  }

  /** Listeners for receipts arriving at this device (silent-probe timing). */
  readonly receiptListeners: ((stanza: Stanza) => void)[] = [];

  private onGroupUpdate(stanza: Stanza): void {
    const groupId = stanza.groupId ?? '';
    const before = this.groups.get(groupId) ?? [];
    const members = stanza.members ?? [];
    if (!members.includes(this.number)) {
      this.groups.delete(groupId);
      this.world.log('client.left-group', { device: this.label, groupId });
      return;
    }
    const added = members.filter((m) => !before.includes(m));
    const removed = before.filter((m) => !members.includes(m));
    if (before.length > 0 && added.length > 0 && this.options.policy.signedGroupMembership(groupId)) {
      // Signal-style group state: an addition counts only with an admin's signature ([RMS]).
      const unsigned = added.filter((member) => !this.verifyGroupChange(stanza, groupId, member));
      if (unsigned.length > 0) {
        this.world.log('client.group-change-rejected', {
          device: this.label,
          groupId,
          added: unsigned,
          reason: 'not signed by a member',
        });
        this.options.notify('group-change-rejected', undefined, `${groupId}: unsigned addition refused`);
        return;
      }
    }
    this.groups.set(groupId, members);
    if (before.length > 0) {
      for (const member of added) this.options.notify('group-member-added', this.ownerOf(member), groupId);
      for (const member of removed)
        this.options.notify('group-member-removed', this.ownerOf(member), groupId);
    }
    if (removed.length > 0) this.rotateGroupKey(groupId);
  }

  private verifyGroupChange(stanza: Stanza, groupId: string, member: string): boolean {
    if (!stanza.user || !stanza.accountSignature) return false;
    const signer =
      stanza.user === this.number
        ? this.protocol.identityKey
        : this.protocol.trustedIdentity(`${stanza.user}.1`);
    if (!signer) return false;
    return verifyGroupChange(
      this.world.crypto,
      signer,
      groupId,
      stanza.type ?? 'add',
      member,
      stanza.accountSignature,
    );
  }

  // ---- plumbing ---------------------------------------------------------------------------------

  /** Sends a stanza to the server over the transport (queued while offline). */
  send(stanza: Stanza, items: string[] = []): void {
    if (this.loggedOut) {
      this.world.log('client.logged-out-send-refused', { device: this.label, kind: stanza.kind });
      return;
    }
    withStanza(stanza, (bytes) => this.transport.send(bytes, items)); // sealed at once, or copied to wait
  }

  /** A request/response exchange with the server (lookups). */
  request(stanza: Stanza, then: (reply: Stanza) => void): void {
    const reqId = this.nextReqId++;
    this.keyRequests.set(reqId, then);
    this.send({ ...stanza, reqId });
  }

  /** Party id of the owner of `number`, for notices (ground truth lookup through the server's registry). */
  private ownerOf(number: string): string {
    return this.options.server.account(number)?.owner ?? number;
  }

  /** Hex fingerprint of the identity key, for journals. */
  get identityFingerprint(): string {
    return toHex(this.protocol.identityKey).slice(2, 18);
  }
}

function splitAddress(address: string): [string, number] {
  const index = address.lastIndexOf('.');
  return [address.slice(0, index), Number(address.slice(index + 1))];
}

/**
 * The protocol's bundle from the server's answer. With `pqxdh` on, a KEM prekey in it makes the session
 * PQXDH (PQXDH §3.3); without the defence the client ignores it and runs X3DH (a client that does not
 * support PQXDH).
 */
function toPreKeyBundle(bundle: DeviceBundle, pqxdh: boolean): PreKeyBundle {
  return {
    registrationId: bundle.registrationId,
    deviceId: bundle.device,
    identityKey: bundle.identityKey,
    signedPreKeyId: bundle.signedPreKeyId,
    signedPreKey: bundle.signedPreKey,
    signedPreKeySignature: bundle.signedPreKeySignature,
    ...(bundle.preKey !== undefined && bundle.preKeyId !== undefined
      ? { preKeyId: bundle.preKeyId, preKey: bundle.preKey }
      : {}),
    ...(pqxdh && bundle.kyberPreKeyId !== undefined && bundle.kyberPreKey && bundle.kyberPreKeySignature
      ? {
          kyberPreKeyId: bundle.kyberPreKeyId,
          kyberPreKey: bundle.kyberPreKey,
          kyberPreKeySignature: bundle.kyberPreKeySignature,
        }
      : {}),
  };
}
