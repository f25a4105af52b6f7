/**
 * The chat server (SCENARIOS.md A1, A2, A7, A8, A9): prekey directory, device lists, routing with
 * store-and-forward queues, group membership, and the metadata it necessarily sees. It never holds
 * a session key, so it can read no content; a malicious or compelled server can only do what a real
 * one could: hand out keys it controls, forge device lists it cannot sign, add group members.
 */
import { bytesEqual, utf8, fromUtf8 } from '../crypto/bytes.js';
import type { KeyPair } from '../crypto/provider.js';
import type { DeliveredFrame } from '../network/network.js';
import { TransportServer, type TransportConnection } from '../network/transport-server.js';
import { Party, type World } from '../world/world.js';
import { SessionTable, deviceKey, type Login } from './server/session-table.js';
import {
  type DeviceBundle,
  type DeviceMessage,
  type KeyUpload,
  type Stanza,
  decodeStanza,
  encodeStanza,
  withStanza,
} from '../world/stanza.js';

export const DAY_MS = 24 * 60 * 60 * 1000;
/** Undelivered messages are kept, encrypted, for up to 30 days (WhatsApp privacy policy, [PP]). */
export const QUEUE_RETENTION_MS = 30 * DAY_MS;
/** Fetches of one target's bundles allowed per requester per hour with the prekey-rate-limit defence. */
export const PREKEY_FETCHES_PER_HOUR = 10;
/** Notifications kept per offline device (oldest dropped first). */
export const MAX_PENDING_NOTIFICATIONS = 1_000;
/**
 * One-time prekeys left on the server for a device below which the server asks that device (when it
 * is logged in, else at its next login) for a fresh batch, as WhatsApp's server does with its
 * low-prekey notification. Refills therefore happen only while the device is online ([PKP]).
 */
export const PREKEY_REFILL_THRESHOLD = 5;

/** One registered device of an account. */
export interface ServerDevice {
  readonly device: number;
  keys: KeyUpload;
  /** The client's transport static key: the login is accepted only with it. */
  readonly transportKey: Uint8Array;
  /** The primary's signature linking a companion (absent for the primary). */
  readonly accountSignature?: Uint8Array;
  /** Party that controls the device (ground truth for the ledger, never used for decisions). */
  readonly holder: string;
  /** Label for journals, e.g. `alice.phone`. */
  readonly label: string;
  /** Whether the server itself made this device up (malicious scenarios). */
  readonly forged?: boolean;
}

export interface ServerAccount {
  readonly number: string;
  /** Party id of the account's owner in the scenario (ground truth for the ledger). */
  readonly owner: string;
  devices: Map<number, ServerDevice>;
  deviceList: number[];
  deviceListSignature?: Uint8Array;
  twoStepPin?: string;
  twoStepPinSetAt?: number;
  /** Party that set the PIN (ground truth: who knows it). */
  twoStepPinSetBy?: string;
  /** Numbers this account has exchanged messages with (the social graph the server learns). */
  readonly contacts: Set<string>;
  registeredAt: number;
  /** Number of registrations of this number so far. */
  generation: number;
}

interface QueuedEnvelope {
  readonly serverId: number;
  readonly messageId: string;
  readonly from: string;
  readonly fromDevice: number;
  readonly to: string;
  readonly toDevice: number;
  readonly type: string;
  readonly body: Uint8Array;
  readonly groupId?: string;
  readonly enqueuedAt: number;
  /** A pairwise ciphertext for this device carried with a group message (its sender-key distribution). */
  readonly distribution?: { readonly type: string; readonly body: Uint8Array };
}

/** Who changed a group's membership, and the admin's signature over the change when there is one. */
export interface GroupChange {
  readonly by: string;
  readonly type: string;
  readonly signature?: Uint8Array;
}

interface Group {
  members: Set<string>;
}

/** A routing record the server keeps of every message (what a pen register discloses). */
export interface RoutingRecord {
  readonly t: number;
  readonly messageId: string;
  readonly from: string;
  readonly to: string;
  readonly size: number;
  readonly ip: string;
}

export class ChatServer extends Party {
  readonly kind = 'chat-server';
  readonly endpoint: string;
  readonly staticKey: KeyPair;
  readonly accounts = new Map<string, ServerAccount>();
  readonly groups = new Map<string, Group>();
  readonly routingLog: RoutingRecord[] = [];
  private readonly transport: TransportServer;
  private readonly sessions = new SessionTable();
  private readonly queues = new Map<string, QueuedEnvelope[]>();
  /** Device queues with an expiry sweep pending (see scheduleExpiry). */
  private readonly expirySweeps = new Set<string>();
  private readonly fetchCounts = new Map<string, number[]>();
  /** Lookups per requester: (window start, count) for the enumeration rate limit. */
  private readonly lookupCounts = new Map<string, { since: number; count: number }>();
  /** Notifications waiting for devices that were not connected. */
  private readonly notifications = new Map<string, Stanza[]>();
  /** Devices (`number.device`) asked for a prekey refill that have not uploaded yet. */
  private readonly refillRequested = new Set<string>();
  /** Accounts banned (number → reason), e.g. for running an unofficial client ([BAN]). */
  readonly banned = new Map<string, string>();
  private nextServerId = 1;
  /** Bundles the server hands out instead of the real ones (S10): number → the substitute device. */
  private readonly substitutes = new Map<string, Substitute>();
  /** Hooks for parties that read what the server handles (lawful intercept, a compromised host). */
  readonly routingWatchers: ((record: RoutingRecord) => void)[] = [];

  /**
   * @param oneTimePreKeys how many one-time prekeys each device keeps published (the scenario's
   *   `one_time_prekeys`; 0 makes every session signed-prekey-only, X3DH §3.3).
   */
  constructor(
    world: World,
    id: string,
    readonly oneTimePreKeys = 20,
    /** How long undelivered messages are kept before they are dropped ([PP]: 30 days). */
    readonly queueRetentionMs = QUEUE_RETENTION_MS,
  ) {
    super(world, id);
    this.endpoint = id;
    const random = world.random.fork(`party:${id}`);
    this.staticKey = world.crypto.generateKeyPair(random);
    world.network.add({ id, pool: 'server', receive: (frame) => this.transport.handleFrame(frame) });
    this.transport = new TransportServer(
      { network: world.network, loop: world.loop, journal: world.journal, crypto: world.crypto },
      {
        endpoint: id,
        staticKey: this.staticKey,
        random: random.fork('transport'),
        receive: (connection, payload, frame) => this.onPayload(connection, payload, frame),
        onConnect: (connection) => this.onConnect(connection),
      },
    );
  }

  // ---- accounts -------------------------------------------------------------------------------

  account(number: string): ServerAccount | undefined {
    return this.accounts.get(number);
  }

  /**
   * Installs a freshly registered primary device for `number` (called by the registration service
   * after a successful verification). Every other device of the number is logged out and its queue
   * dropped; contacts are told the device list changed, with the ids of messages that were waiting
   * for the old devices so their clients can re-send them (WhatsApp's non-blocking behaviour, [BOEL]).
   */
  registerPrimary(
    number: string,
    owner: string,
    device: Omit<ServerDevice, 'device'>,
    dropPending = false,
  ): ServerAccount {
    const existing = this.accounts.get(number);
    const pendingBySender = new Map<string, string[]>();
    if (existing) {
      for (const old of existing.devices.values()) {
        for (const envelope of this.queues.get(deviceKey(number, old.device)) ?? []) {
          const list = pendingBySender.get(envelope.from) ?? [];
          if (!list.includes(envelope.messageId)) list.push(envelope.messageId);
          pendingBySender.set(envelope.from, list);
          this.world.log('server.drop-queued', {
            messageId: envelope.messageId,
            to: `${number}.${old.device}`,
            reason: 'reregistered',
          });
        }
        this.queues.delete(deviceKey(number, old.device));
        this.logOut(number, old.device, 're-registration');
      }
    }
    const account: ServerAccount = existing ?? {
      number,
      owner,
      devices: new Map(),
      deviceList: [],
      contacts: new Set(),
      registeredAt: this.world.now,
      generation: 0,
    };
    account.devices = new Map([[1, { ...device, device: 1 }]]);
    this.keyDirectory.set(number, [...(this.keyDirectory.get(number) ?? []), device.keys.identityKey]);
    account.deviceList = [1];
    delete account.deviceListSignature;
    account.registeredAt = this.world.now;
    account.generation++;
    this.accounts.set(number, account);
    this.world.log('server.register', { number, device: device.label, generation: account.generation });
    this.world.ensureItem(`registration:${number}`, 'registration', `registration of ${owner}`, owner);
    this.world.observe(this.id, `registration:${number}`, ['keys', 'ip', 'timestamp', 'device-list'], {
      kind: 'routing',
      detail: 'new identity key uploaded at registration',
    });
    if (existing) {
      for (const contact of account.contacts) {
        this.push(contact, {
          kind: 'devices-changed',
          user: number,
          error: 'reregistered',
          pending: dropPending ? [] : (pendingBySender.get(contact) ?? []),
        });
      }
    }
    return account;
  }

  /** Adds a companion (after the primary's link-device stanza, or forged by a malicious server). */
  private addCompanion(
    account: ServerAccount,
    companion: ServerDevice,
    list: number[],
    signature?: Uint8Array,
  ): void {
    account.devices.set(companion.device, companion);
    account.deviceList = list;
    if (signature) account.deviceListSignature = signature;
    this.world.log('server.link-device', {
      number: account.number,
      device: companion.label,
      forged: companion.forged,
    });
    this.world.ensureItem(
      `devices:${account.number}`,
      'device-list',
      `device list of ${account.owner}`,
      account.owner,
    );
    this.world.observe(this.id, `devices:${account.number}`, ['device-list', 'timestamp'], {
      kind: 'routing',
    });
    for (const contact of account.contacts)
      this.push(contact, { kind: 'devices-changed', user: account.number, pending: [] });
  }

  /** A malicious server appends a device it made up to `number`'s list; it cannot sign it. */
  injectCompanion(number: string, keys: KeyUpload, holder: string, transportKey: Uint8Array): number {
    const account = this.requireAccount(number);
    const device = Math.max(...account.deviceList) + 1;
    this.addCompanion(
      account,
      { device, keys, transportKey, holder, label: `${number}.ghost${device}`, forged: true },
      [...account.deviceList, device],
    );
    return device;
  }

  /**
   * A malicious or compelled server hands out `keys` as `number`'s primary from now on, and diverts
   * what senders encrypt to those keys to the device holding them (`transportKey` logs it in). It
   * tells the target's contacts the number "changed phones", as a re-registration would (S10).
   */
  substituteKeys(number: string, keys: KeyUpload, holder: string, transportKey: Uint8Array): void {
    const account = this.requireAccount(number);
    this.substitutes.set(number, { keys, holder, transportKey, servedTo: new Set() });
    this.world.log('server.substitute-keys', { number, holder });
    for (const contact of account.contacts) {
      this.push(contact, { kind: 'devices-changed', user: number, error: 'reregistered', pending: [] });
    }
  }

  /**
   * Key transparency ([KT]): an append-only directory of each number's primary identity keys, as
   * published at registration and audited by a third party. Keys the server hands out off the record
   * (substitution) are not in it, because an audited log cannot be forked unnoticed.
   */
  private readonly keyDirectory = new Map<string, Uint8Array[]>();

  /** Whether `identityKey` is the latest key the audited directory holds for `number`. */
  keyTransparencyHas(number: string, identityKey: Uint8Array): boolean {
    const entries = this.keyDirectory.get(number);
    const latest = entries?.[entries.length - 1];
    return latest !== undefined && bytesEqual(latest, identityKey);
  }

  setTwoStepPin(number: string, pin: string, by?: string): void {
    const account = this.requireAccount(number);
    account.twoStepPin = pin;
    account.twoStepPinSetAt = this.world.now;
    if (by !== undefined) account.twoStepPinSetBy = by;
    else delete account.twoStepPinSetBy;
  }

  /** What the server holds right now in its queues: ciphertext and routing data only (for breaches). */
  queuedEnvelopes(): {
    messageId: string;
    from: string;
    to: string;
    toDevice: number;
    size: number;
    enqueuedAt: number;
  }[] {
    return [...this.queues.values()].flatMap((queue) =>
      queue.map((e) => ({
        messageId: e.messageId,
        from: e.from,
        to: e.to,
        toDevice: e.toDevice,
        size: e.body.length,
        enqueuedAt: e.enqueuedAt,
      })),
    );
  }

  /** Logs a device out: its session is dropped and it is told, if it is connected. */
  logOut(number: string, device: number, reason: string): void {
    for (const [endpoint] of this.sessions.ofDevice(number, device)) {
      this.transport.send(
        endpoint,
        encodeStanza({ kind: 'logged-out', user: number, device, error: reason }),
      );
      this.sessions.delete(endpoint);
    }
    this.world.log('server.logout', { number, device, reason });
  }

  // ---- groups (membership is the server's word: not cryptographically authenticated, [RMS]) -------

  /** A membership change as the server relays it: who changed it and, if signed, the signature. */
  setGroup(groupId: string, members: readonly string[], reason: string, change?: GroupChange): void {
    this.groups.set(groupId, { members: new Set(members) });
    this.world.log('server.group', { groupId, members: [...members], reason });
    this.world.ensureItem(`group:${groupId}`, 'other', `membership of group ${groupId}`);
    this.world.observe(this.id, `group:${groupId}`, ['group-membership'], { kind: 'routing' });
    for (const member of members) {
      this.push(member, {
        kind: 'group-update',
        groupId,
        members: [...members],
        error: reason,
        ...(change
          ? {
              user: change.by,
              type: change.type,
              ...(change.signature ? { accountSignature: change.signature } : {}),
            }
          : {}),
      });
    }
  }

  addGroupMember(groupId: string, number: string, reason: string, change?: GroupChange): void {
    const group = this.groups.get(groupId);
    if (!group) throw new Error(`no group ${groupId}`);
    this.setGroup(groupId, [...group.members, number], reason, change);
  }

  removeGroupMember(groupId: string, number: string, reason: string, change?: GroupChange): void {
    const group = this.groups.get(groupId);
    if (!group) throw new Error(`no group ${groupId}`);
    const remaining = [...group.members].filter((member) => member !== number);
    this.setGroup(groupId, remaining, reason, change);
    this.push(number, { kind: 'group-update', groupId, members: remaining, error: 'removed' });
  }

  // ---- transport --------------------------------------------------------------------------------

  private onConnect(connection: TransportConnection): void {
    const parsed = parseLogin(connection.login);
    const substitute = parsed && this.substitutes.get(parsed.number);
    if (parsed && substitute && bytesEqual(substitute.transportKey, connection.remoteStatic)) {
      this.sessions.set(connection.client, { ...parsed, shadow: true });
      this.flushQueue(parsed.number, parsed.device);
      return;
    }
    const login = parsed;
    const device = login && this.accounts.get(login.number)?.devices.get(login.device);
    if (!login || !device || !bytesEqual(device.transportKey, connection.remoteStatic)) {
      this.world.log('server.login-refused', { client: connection.client });
      this.transport.send(connection.client, encodeStanza({ kind: 'logged-out', error: 'unknown device' }));
      return;
    }
    if (!this.admitClient(connection.client, login)) return;
    this.sessions.set(connection.client, login);
    this.flushNotifications(connection.client, login.number, login.device);
    this.flushQueue(login.number, login.device);
    // A device that was asked for prekeys while away is asked again now that it is here.
    this.refillRequested.delete(deviceKey(login.number, login.device));
    this.checkPreKeyStock(login.number, login.device);
  }

  /**
   * Banned accounts stay out; with `official-client-only`, a login announcing an unofficial build
   * gets the whole account banned and logged out ([BAN]). The server sees only what the client
   * announces in its login (its user agent); a mod that spoofed the official one perfectly would
   * pass this check.
   */
  private admitClient(client: string, login: Login): boolean {
    const refuse = (reason: string): false => {
      this.world.log('server.login-refused', { client, number: login.number, reason });
      this.transport.send(
        client,
        encodeStanza({ kind: 'logged-out', user: login.number, device: login.device, error: reason }),
      );
      return false;
    };
    const banned = this.banned.get(login.number);
    if (banned !== undefined) return refuse(banned);
    if (login.client === undefined) return true;
    this.world.log('server.unofficial-client', {
      number: login.number,
      device: login.device,
      client: login.client,
    });
    if (!this.world.defences.isOn('official-client-only', this.id)) return true;
    this.ban(login.number, `account banned: unofficial client (${login.client})`);
    return refuse(this.banned.get(login.number)!);
  }

  /** Bans an account: every device is logged out and further logins are refused. */
  ban(number: string, reason: string): void {
    this.banned.set(number, reason);
    this.world.log('server.ban', { number, reason });
    for (const device of this.accounts.get(number)?.devices.keys() ?? []) this.logOut(number, device, reason);
  }

  private onPayload(connection: TransportConnection, payload: Uint8Array, frame: DeliveredFrame): void {
    const login = this.sessions.get(connection.client);
    if (!login) return;
    let stanza: Stanza;
    try {
      stanza = decodeStanza(payload);
    } catch {
      this.world.log('server.bad-stanza', { client: connection.client });
      return;
    }
    switch (stanza.kind) {
      case 'upload-keys':
        return this.onUploadKeys(login, stanza);
      case 'fetch-keys':
        return this.onFetchKeys(connection, login, stanza);
      case 'send':
        return this.onSend(login, stanza, frame);
      case 'receipt':
        return this.onReceipt(login, stanza);
      case 'link-device':
        return this.onLinkDevice(login, stanza);
      case 'unlink-device':
        return this.onUnlinkDevice(login, stanza);
      case 'lookup':
        return this.onLookup(connection, login, stanza);
      case 'group-op':
        return this.onGroupOp(login, stanza);
      default:
        this.world.log('server.unexpected-stanza', { kind: stanza.kind });
    }
  }

  private onUploadKeys(login: Login, stanza: Stanza): void {
    const device = this.accounts.get(login.number)?.devices.get(login.device);
    if (!device || !stanza.keys) return;
    this.refillRequested.delete(deviceKey(login.number, login.device));
    const known = new Set(device.keys.preKeys.map((p) => p.id));
    // An empty repeated field is absent on the wire: a device publishing no one-time prekeys
    // (`one_time_prekeys: 0`) uploads none at all.
    const uploaded = stanza.keys.preKeys ?? [];
    // PQXDH §3.2: one-time KEM prekeys accumulate like EC ones; the last-resort one is replaced.
    const knownKem = new Set((device.keys.kyberPreKeys ?? []).map((p) => p.id));
    const kyberPreKeys = [
      ...(device.keys.kyberPreKeys ?? []),
      ...(stanza.keys.kyberPreKeys ?? []).filter((p) => !knownKem.has(p.id)),
    ];
    const lastResort = stanza.keys.lastResortKyberPreKey ?? device.keys.lastResortKyberPreKey;
    device.keys = {
      ...stanza.keys,
      preKeys: [...device.keys.preKeys, ...uploaded.filter((p) => !known.has(p.id))],
      ...(kyberPreKeys.length > 0 ? { kyberPreKeys } : {}),
      ...(lastResort ? { lastResortKyberPreKey: lastResort } : {}),
    };
    this.world.log('server.prekeys-uploaded', {
      number: login.number,
      device: login.device,
      count: uploaded.length,
    });
  }

  private onFetchKeys(connection: TransportConnection, login: Login, stanza: Stanza): void {
    const target = stanza.user ?? '';
    const account = this.accounts.get(target);
    const reply: Stanza = {
      kind: 'keys',
      user: target,
      ...(stanza.reqId !== undefined ? { reqId: stanza.reqId } : {}),
    };
    if (!account) {
      this.reply(connection.client, { ...reply, error: 'not-registered' });
      return;
    }
    const rateLimit = this.world.defences.active('prekey-rate-limit', this.id);
    if (rateLimit && !this.allowFetch(`${login.number}→${target}`, rateLimit)) {
      this.world.log('server.rate-limited', { requester: login.number, target });
      this.reply(connection.client, { ...reply, error: 'rate-limited' });
      return;
    }
    // The requester lists the devices it already has sessions with; bundles come for the others.
    const known = new Set(stanza.deviceList ?? []);
    const bundles: DeviceBundle[] = [];
    for (const deviceId of account.deviceList) {
      if (known.has(deviceId)) continue;
      const substitute = deviceId === 1 ? this.substitutes.get(target) : undefined;
      substitute?.servedTo.add(login.number);
      const device = account.devices.get(deviceId)!;
      const keys = substitute?.keys ?? device.keys;
      const preKey = keys.preKeys.shift();
      if (!preKey) this.world.log('server.prekeys-exhausted', { number: target, device: deviceId });
      if (!substitute) this.checkPreKeyStock(target, deviceId);
      // PQXDH §3.3: a one-time KEM prekey is handed out once (deleted here); else the last-resort one.
      const kem = keys.kyberPreKeys?.shift() ?? keys.lastResortKyberPreKey;
      bundles.push({
        device: deviceId,
        registrationId: keys.registrationId,
        identityKey: keys.identityKey,
        signedPreKeyId: keys.signedPreKeyId,
        signedPreKey: keys.signedPreKey,
        signedPreKeySignature: keys.signedPreKeySignature,
        ...(preKey ? { preKeyId: preKey.id, preKey: preKey.key } : {}),
        ...(kem ? { kyberPreKeyId: kem.id, kyberPreKey: kem.key, kyberPreKeySignature: kem.signature } : {}),
        ...(device.accountSignature ? { accountSignature: device.accountSignature } : {}),
      });
    }
    this.world.log('server.keys-served', {
      requester: login.number,
      target,
      devices: bundles.length,
      oneTimePreKeys: bundles.filter((b) => b.preKey).length,
      ...(bundles.some((b) => b.kyberPreKey)
        ? { kemPreKeys: bundles.filter((b) => b.kyberPreKey).length }
        : {}),
      remaining: account.devices.get(1)?.keys.preKeys.length ?? 0,
    });
    this.reply(connection.client, {
      ...reply,
      bundles,
      deviceList: account.deviceList,
      ...(account.deviceListSignature ? { deviceListSignature: account.deviceListSignature } : {}),
    });
  }

  /**
   * Asks a logged-in device for a fresh batch of one-time prekeys when its stock on the server runs
   * low (X3DH §3.3: Bob replenishes one-time prekeys; [PKP]: the refill only happens while the device
   * is online, which is what leaks its online status to whoever drains the stock).
   */
  private checkPreKeyStock(number: string, deviceId: number): void {
    const device = this.accounts.get(number)?.devices.get(deviceId);
    const key = deviceKey(number, deviceId);
    if (
      !device ||
      device.forged ||
      device.keys.preKeys.length >= PREKEY_REFILL_THRESHOLD ||
      this.refillRequested.has(key)
    )
      return;
    for (const [endpoint, login] of this.sessions.ofDevice(number, deviceId)) {
      if (login.shadow) continue;
      this.refillRequested.add(key);
      this.world.log('server.prekeys-low', {
        number,
        device: deviceId,
        remaining: device.keys.preKeys.length,
      });
      this.sendTo(endpoint, { kind: 'upload-keys', device: deviceId, error: 'prekeys-low' }, []);
    }
  }

  private allowFetch(key: string, limit: { readonly [param: string]: unknown }): boolean {
    const window = typeof limit.window === 'number' ? limit.window : 60 * 60 * 1000;
    const max = typeof limit.max_fetches === 'number' ? limit.max_fetches : PREKEY_FETCHES_PER_HOUR;
    const recent = (this.fetchCounts.get(key) ?? []).filter((t) => this.world.now - t < window);
    if (recent.length >= max) return false;
    recent.push(this.world.now);
    this.fetchCounts.set(key, recent);
    return true;
  }

  private onSend(login: Login, stanza: Stanza, frame: DeliveredFrame): void {
    const messageId = stanza.messageId ?? `srv${this.nextServerId}`;
    const sender = this.accounts.get(login.number);
    const recipients = new Set<string>();
    const envelopes: QueuedEnvelope[] = [];
    // Per-device ciphertexts; in a group send they carry the sender-key distribution and travel in
    // the same stanza as the group ciphertext, as WhatsApp's participant nodes do.
    const perDevice = new Map((stanza.messages ?? []).map((m) => [`${m.user}.${m.device}`, m]));
    if (stanza.groupId !== undefined && stanza.body) {
      // Server fan-out of the one group ciphertext to every member device the server lists ([WP]).
      const group = this.groups.get(stanza.groupId);
      for (const member of group?.members ?? []) {
        const account = this.accounts.get(member);
        for (const deviceId of account?.deviceList ?? []) {
          if (member === login.number && deviceId === login.device) continue;
          const distribution = perDevice.get(`${member}.${deviceId}`);
          perDevice.delete(`${member}.${deviceId}`);
          envelopes.push(
            this.envelope(
              login,
              messageId,
              member,
              deviceId,
              'skmsg',
              stanza.body,
              stanza.groupId,
              distribution,
            ),
          );
          recipients.add(member);
        }
      }
    }
    for (const message of perDevice.values()) {
      envelopes.push(
        this.envelope(
          login,
          messageId,
          message.user,
          message.device,
          message.type,
          message.body,
          stanza.groupId,
        ),
      );
      recipients.add(message.user);
    }
    for (const recipient of recipients) {
      if (recipient === login.number) continue;
      sender?.contacts.add(recipient);
      this.accounts.get(recipient)?.contacts.add(login.number);
    }
    const fields =
      stanza.groupId !== undefined
        ? (['sender', 'recipient', 'timestamp', 'size', 'ip', 'group-membership'] as const)
        : (['sender', 'recipient', 'timestamp', 'size', 'ip'] as const);
    this.world.observe(this.id, messageId, fields, {
      kind: 'routing',
      detail: 'routed and queued the ciphertext',
    });
    this.world.observe(this.id, messageId, [], {
      kind: 'ciphertext',
      detail: `${envelopes.length} device ciphertexts`,
    });
    const record: RoutingRecord = {
      t: this.world.now,
      messageId,
      from: login.number,
      to: stanza.groupId !== undefined ? `group:${stanza.groupId}` : [...recipients].join(','),
      size: frame.size,
      ip: frame.srcAddress,
    };
    this.routingLog.push(record);
    for (const watcher of this.routingWatchers) watcher(record);
    this.world.log('server.accept', {
      messageId,
      from: `${login.number}.${login.device}`,
      envelopes: envelopes.length,
    });
    this.push(login.number, { kind: 'ack', messageId }, login.device);
    for (const envelope of envelopes) this.enqueue(envelope);
  }

  private envelope(
    login: Login,
    messageId: string,
    to: string,
    toDevice: number,
    type: string,
    body: Uint8Array,
    groupId: string | undefined,
    distribution?: DeviceMessage,
  ): QueuedEnvelope {
    return {
      serverId: this.nextServerId++,
      messageId,
      from: login.number,
      fromDevice: login.device,
      to,
      toDevice,
      type,
      body,
      enqueuedAt: this.world.now,
      ...(groupId !== undefined ? { groupId } : {}),
      ...(distribution ? { distribution: { type: distribution.type, body: distribution.body } } : {}),
    };
  }

  private enqueue(envelope: QueuedEnvelope): void {
    const key = deviceKey(envelope.to, envelope.toDevice);
    const account = this.accounts.get(envelope.to);
    if (!account?.devices.has(envelope.toDevice)) {
      this.world.log('server.no-such-device', { messageId: envelope.messageId, to: key });
      return;
    }
    const queue = this.queues.get(key) ?? [];
    queue.push(envelope);
    this.queues.set(key, queue);
    this.scheduleExpiry(key);
    this.deliverIfConnected(envelope);
  }

  /**
   * One pending expiry sweep per device queue, due when its oldest envelope reaches the retention
   * limit (a queue is in enqueue order). One event per envelope instead would keep every message
   * of a long run in the event heap for 30 virtual days.
   */
  private scheduleExpiry(key: string): void {
    const oldest = this.queues.get(key)?.[0];
    if (oldest === undefined || this.expirySweeps.has(key)) return;
    this.expirySweeps.add(key);
    this.world.loop.at(oldest.enqueuedAt + this.queueRetentionMs, () => this.expire(key), 'server.expire');
  }

  /** Drops every envelope of the queue that reached the retention limit, then waits for the next. */
  private expire(key: string): void {
    this.expirySweeps.delete(key);
    const queue = this.queues.get(key);
    while (queue?.[0] !== undefined && queue[0].enqueuedAt + this.queueRetentionMs <= this.world.now) {
      const envelope = queue.shift()!;
      this.world.log('server.expire', {
        messageId: envelope.messageId,
        to: key,
        ageDays: this.queueRetentionMs / DAY_MS,
      });
      this.markLost(envelope, `expired after ${this.queueRetentionMs / DAY_MS} days undelivered`);
    }
    this.scheduleExpiry(key);
  }

  private markLost(envelope: QueuedEnvelope, reason: string): void {
    const device = this.accounts.get(envelope.to)?.devices.get(envelope.toDevice);
    if (!device) return;
    const state = this.world.delivery(
      envelope.messageId,
      device.label,
      device.holder,
      this.accounts.get(envelope.to)!.owner,
    );
    if (state.deliveredAt === undefined) {
      state.lostAt = this.world.now;
      state.lostReason = reason;
    }
  }

  private deliverIfConnected(envelope: QueuedEnvelope): void {
    const substitute = envelope.toDevice === 1 ? this.substitutes.get(envelope.to) : undefined;
    const divert =
      substitute !== undefined && envelope.type !== 'skmsg' && substitute.servedTo.has(envelope.from);
    for (const [endpoint, login] of this.sessions.ofDevice(envelope.to, envelope.toDevice)) {
      if ((login.shadow ?? false) !== divert) continue;
      this.sendTo(
        endpoint,
        {
          kind: 'deliver',
          messageId: envelope.messageId,
          user: envelope.from,
          device: envelope.fromDevice,
          type: envelope.type,
          body: envelope.body,
          timestamp: envelope.enqueuedAt,
          ...(envelope.groupId !== undefined ? { groupId: envelope.groupId } : {}),
          ...(envelope.distribution
            ? { messages: [{ user: envelope.from, device: envelope.fromDevice, ...envelope.distribution }] }
            : {}),
        },
        [envelope.messageId],
      );
    }
  }

  private flushQueue(number: string, device: number): void {
    for (const envelope of this.queues.get(deviceKey(number, device)) ?? [])
      this.deliverIfConnected(envelope);
  }

  private onReceipt(login: Login, stanza: Stanza): void {
    const messageId = stanza.messageId ?? '';
    if (stanza.receipt === 'delivered') {
      const key = deviceKey(login.number, login.device);
      const queue = this.queues.get(key) ?? [];
      const before = queue.length;
      this.queues.set(
        key,
        queue.filter((e) => e.messageId !== messageId),
      );
      if (before !== this.queues.get(key)!.length) {
        // Delivered messages are deleted from the server ([PP]).
        this.world.log('server.delete-delivered', { messageId, to: key });
      }
    }
    this.world.observe(this.id, messageId, ['timestamp'], {
      kind: 'routing',
      detail: `${stanza.receipt} receipt`,
    });
    if (stanza.user && stanza.type === 'silent' && this.world.defences.isOn('receipt-hardening', this.id)) {
      // Receipt hardening (a mitigation [CW] discusses): the server cannot read the payload, but the recipient's client
      // marks receipts for payloads that showed nothing (a reaction to a message it does not have);
      // the server still dequeues the message and withholds the receipt from the sender.
      this.world.log('server.receipt-suppressed', {
        messageId,
        from: `${login.number}.${login.device}`,
        to: stanza.user,
      });
      return;
    }
    if (stanza.user) {
      this.push(stanza.user, {
        kind: 'receipt',
        messageId,
        receipt: stanza.receipt ?? 'delivered',
        user: login.number,
        device: login.device,
        ...(stanza.timestamp !== undefined ? { timestamp: stanza.timestamp } : {}),
      });
    }
  }

  private onLinkDevice(login: Login, stanza: Stanza): void {
    const account = this.accounts.get(login.number);
    if (!account || login.device !== 1 || !stanza.keys || stanza.device === undefined || !stanza.body) return;
    // The body is the companion's transport static key, as the pairing QR code carries it.
    const transportKey = stanza.body;
    const truth = this.world.deviceTruth(transportKey);
    this.addCompanion(
      account,
      {
        device: stanza.device,
        keys: { ...stanza.keys, preKeys: stanza.keys.preKeys ?? [] },
        transportKey,
        holder: truth.holder,
        label: truth.label,
        ...(stanza.accountSignature ? { accountSignature: stanza.accountSignature } : {}),
      },
      stanza.deviceList ?? [...account.deviceList, stanza.device],
      stanza.deviceListSignature,
    );
  }

  private onUnlinkDevice(login: Login, stanza: Stanza): void {
    const account = this.accounts.get(login.number);
    if (!account || login.device !== 1 || stanza.device === undefined) return;
    account.devices.delete(stanza.device);
    account.deviceList = stanza.deviceList ?? account.deviceList.filter((d) => d !== stanza.device);
    if (stanza.deviceListSignature) account.deviceListSignature = stanza.deviceListSignature;
    this.queues.delete(deviceKey(login.number, stanza.device));
    this.logOut(login.number, stanza.device, 'unlinked by the primary');
    for (const contact of account.contacts)
      this.push(contact, { kind: 'devices-changed', user: account.number, pending: [] });
  }

  private onLookup(connection: TransportConnection, login: Login, stanza: Stanza): void {
    const numbers = stanza.numbers ?? [];
    const defence = this.world.defences.active('enumeration-rate-limit', this.id);
    const limit = typeof defence?.max_lookups === 'number' ? defence.max_lookups : undefined;
    const window = typeof defence?.window === 'number' ? defence.window : 60 * 60 * 1000;
    const previous = this.lookupCounts.get(login.number);
    const current =
      previous && this.world.now - previous.since < window ? previous : { since: this.world.now, count: 0 };
    const allowed = limit === undefined ? numbers : numbers.slice(0, Math.max(0, limit - current.count));
    this.lookupCounts.set(login.number, { since: current.since, count: current.count + allowed.length });
    if (allowed.length < numbers.length)
      this.world.log('server.rate-limited', { requester: login.number, lookups: numbers.length });
    const registered = allowed.filter((number) => this.accounts.has(number));
    const requester = this.accounts.get(login.number)?.owner ?? login.number;
    this.world.ensureItem(
      `address-book:${login.number}`,
      'address-book',
      `address book of ${requester}`,
      requester,
    );
    this.world.observe(this.id, `address-book:${login.number}`, ['address-book'], {
      kind: 'routing',
      detail: `contact discovery of ${numbers.length} numbers`,
    });
    this.reply(connection.client, {
      kind: 'lookup-result',
      numbers: registered,
      ...(stanza.reqId !== undefined ? { reqId: stanza.reqId } : {}),
    });
  }

  private onGroupOp(login: Login, stanza: Stanza): void {
    const groupId = stanza.groupId ?? '';
    const members = stanza.members ?? [];
    const change = (type: string): GroupChange => ({
      by: login.number,
      type,
      ...(stanza.accountSignature ? { signature: stanza.accountSignature } : {}),
    });
    if (stanza.type === 'create') {
      this.setGroup(
        groupId,
        [login.number, ...members.filter((m) => m !== login.number)],
        'created',
        change('create'),
      );
    } else if (stanza.type === 'add') {
      for (const member of members)
        this.addGroupMember(groupId, member, `added by ${login.number}`, change('add'));
    } else if (stanza.type === 'remove') {
      for (const member of members)
        this.removeGroupMember(groupId, member, `removed by ${login.number}`, change('remove'));
    }
  }

  // ---- sending ----------------------------------------------------------------------------------

  /** Sends a stanza to every connected device of `number` (or one device), queueing nothing. */
  /**
   * Sends a notification stanza (receipts, device changes, group updates) to every registered device
   * of `number` (or one device). Devices that are not connected get it when they next log in, as a
   * real server queues notifications; the queue per device is bounded.
   */
  private push(number: string, stanza: Stanza, onlyDevice?: number): void {
    const account = this.accounts.get(number);
    for (const deviceId of account?.deviceList ?? []) {
      if (onlyDevice !== undefined && deviceId !== onlyDevice) continue;
      const endpoint = this.sessions.endpointOf(number, deviceId);
      if (endpoint !== undefined) {
        this.sendTo(endpoint, stanza, []);
        continue;
      }
      const key = deviceKey(number, deviceId);
      const pending = this.notifications.get(key) ?? [];
      if (pending.length >= MAX_PENDING_NOTIFICATIONS) pending.shift();
      pending.push(stanza);
      this.notifications.set(key, pending);
    }
  }

  private flushNotifications(endpoint: string, number: string, device: number): void {
    const key = deviceKey(number, device);
    for (const stanza of this.notifications.get(key) ?? []) this.sendTo(endpoint, stanza, []);
    this.notifications.delete(key);
  }

  private reply(endpoint: string, stanza: Stanza): void {
    this.sendTo(endpoint, stanza, []);
  }

  private sendTo(endpoint: string, stanza: Stanza, items: string[]): void {
    withStanza(stanza, (bytes) => this.transport.send(endpoint, bytes, items)); // sealed at once
  }

  private requireAccount(number: string): ServerAccount {
    const account = this.accounts.get(number);
    if (!account) throw new Error(`${number} is not registered`);
    return account;
  }
}

interface Substitute {
  readonly keys: KeyUpload;
  readonly holder: string;
  readonly transportKey: Uint8Array;
  /** Senders that were handed the substitute bundle; their messages are diverted. */
  readonly servedTo: Set<string>;
}

/**
 * The login a client sends inside its Noise handshake: `number.device`, followed by `;client=…` when
 * the build is not the official app (WhatsApp clients announce their user agent at login).
 */
export function encodeLogin(number: string, device: number, client?: string): Uint8Array {
  return utf8(`${number}.${device}${client !== undefined ? `;client=${client}` : ''}`);
}

function parseLogin(login: Uint8Array): Login | undefined {
  const match = /^([^;]+)\.(\d+)(?:;client=(.+))?$/.exec(fromUtf8(login));
  if (!match) return undefined;
  return {
    number: match[1]!,
    device: Number(match[2]),
    ...(match[3] !== undefined ? { client: match[3] } : {}),
  };
}
