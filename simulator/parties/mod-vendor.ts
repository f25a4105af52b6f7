/**
 * Code that runs on a user's device for someone else (SCENARIOS.md S21, S22): a modded client's
 * vendor build, or spyware dropped by an exploit. Such code holds what the app holds — plaintext as
 * it is handled, the stored history, the identity private key — and sends it home over the network.
 *
 * - `DeviceImplant` runs on one `ClientDevice`: it reads the device's store and keys, hooks
 *   `ClientDevice.taps`, and sends each report sealed to its collector (X25519 + HKDF + AES-CBC +
 *   HMAC, so an on-path observer sees only a flow to the collector's address).
 * - `ExfilCollector` is the receiving server: it opens reports and records what its owner learned,
 *   with the bytes it actually received as evidence (`exfiltrated`).
 * - `ModVendor` is the vendor party of a GB/FM/YoWhatsApp-style build: users who run it announce the
 *   build at login (what `official-client-only` keys on) and, when `exfiltrates`, report home
 *   ([TRI]: trojanised builds stole messages and WhatsApp keys).
 */
import { bytesEqual, concatBytes, fromHex, fromUtf8, toHex, utf8 } from '../crypto/bytes.js';
import type { KeyPair } from '../crypto/provider.js';
import type { SeededRandom } from '../crypto/seeded-random.js';
import { contentDigest } from '../ledger/digest.js';
import type { DeliveredFrame } from '../network/network.js';
import { Party, type World } from '../world/world.js';
import { type ClientDevice, type DeviceTap, onDeviceCreated } from './client/client-device.js';

/** First byte of a sealed report frame (distinct from the transport's frame types 1–3). */
export const EXFIL_FRAME = 0x17;
/** Wait before re-sending a report frame the network lost, ms. */
export const EXFIL_RETRY_MS = 1_000;
const EXFIL_INFO = utf8('sightline exfil v1');
const MAC_BYTES = 32;

/** What an implant reports. */
type Report =
  | { readonly kind: 'plaintext'; readonly by: string; readonly item: string; readonly text: string }
  | { readonly kind: 'key'; readonly by: string; readonly item: string; readonly key: string };

/** Where implants send reports: an endpoint and the public key reports are sealed to. */
export interface CollectorAddress {
  readonly endpoint: string;
  readonly publicKey: Uint8Array;
}

function reportKeys(world: World, shared: Uint8Array): { enc: Uint8Array; mac: Uint8Array } {
  const okm = world.crypto.hkdfSha256(shared, new Uint8Array(32), EXFIL_INFO, 64);
  return { enc: okm.slice(0, 32), mac: okm.slice(32) };
}

/** The receiving end of implants' reports; observations are recorded for `owner`. */
export class ExfilCollector implements CollectorAddress {
  private readonly keyPair: KeyPair;
  private readonly sessions = new Map<string, { enc: Uint8Array; mac: Uint8Array }>();
  /** Reports received, for views and tests. */
  received = 0;

  constructor(
    private readonly world: World,
    readonly owner: string,
    readonly endpoint: string,
  ) {
    this.keyPair = world.crypto.generateKeyPair(world.random.fork(`exfil-collector:${endpoint}`));
    world.network.add({ id: endpoint, pool: 'external', receive: (frame) => this.receive(frame) });
  }

  get publicKey(): Uint8Array {
    return this.keyPair.publicKey;
  }

  private receive(frame: DeliveredFrame): void {
    const report = this.open(frame.bytes);
    if (!report) {
      this.world.log('exfil.bad-frame', { collector: this.endpoint, from: frame.srcAddress });
      return;
    }
    this.received++;
    const how = { kind: 'exfiltrated' as const, by: report.by };
    const item = this.world.ledger.item(report.item);
    const evidence = report.kind === 'key' ? fromHex(report.key) : utf8(report.text);
    this.world.log('exfil.received', {
      collector: this.endpoint,
      owner: this.owner,
      kind: report.kind,
      item: report.item,
      from: frame.srcAddress,
    });
    // Content is claimed only with the bytes received, and only when they are the item's plaintext.
    if (!item || item.contentDigest !== contentDigest(evidence)) return;
    const fields =
      report.kind === 'key'
        ? (['content', 'keys'] as const)
        : (['content', 'sender', 'recipient', 'timestamp'] as const);
    this.world.observe(this.owner, report.item, fields, how, evidence);
  }

  private open(bytes: Uint8Array): Report | undefined {
    if (bytes[0] !== EXFIL_FRAME || bytes.length < 1 + 32 + 16 + 16 + MAC_BYTES) return undefined;
    const ephemeral = bytes.slice(1, 33);
    let keys = this.sessions.get(toHex(ephemeral));
    if (!keys) {
      keys = reportKeys(this.world, this.world.crypto.x25519(this.keyPair.privateKey, ephemeral));
      this.sessions.set(toHex(ephemeral), keys);
    }
    const body = bytes.slice(0, bytes.length - MAC_BYTES);
    if (!bytesEqual(this.world.crypto.hmacSha256(keys.mac, body), bytes.slice(bytes.length - MAC_BYTES)))
      return undefined;
    try {
      const plaintext = this.world.crypto.aes256CbcDecrypt(
        keys.enc,
        bytes.slice(33, 49),
        bytes.slice(49, bytes.length - MAC_BYTES),
      );
      return JSON.parse(fromUtf8(plaintext)) as Report;
    } catch {
      return undefined;
    }
  }
}

/**
 * Code running on one device for a third party. It sees what the app sees from the moment it runs:
 * the stored history (what disappearing-message timers have not yet deleted; chat lock does not
 * hide anything from code inside the app), the identity private key, and every plaintext handled
 * from then on. Reports wait while the device is offline.
 */
export class DeviceImplant {
  private readonly random: SeededRandom;
  private readonly ephemeral: KeyPair;
  private readonly keys: { enc: Uint8Array; mac: Uint8Array };
  /** Sealed reports waiting to leave, with the item each carries (ground truth for taps). */
  private readonly outbox: { frame: Uint8Array; item: string }[] = [];
  private readonly tap: DeviceTap;
  private active = false;

  constructor(
    readonly device: ClientDevice,
    private readonly collector: CollectorAddress,
    /** How the owner came by it, for the ledger, e.g. `spyware on bob-phone`. */
    readonly by: string,
  ) {
    const world = device.world;
    this.random = world.random.fork(`implant:${collector.endpoint}:${device.label}`);
    this.ephemeral = world.crypto.generateKeyPair(this.random.fork('ephemeral'));
    this.keys = reportKeys(world, world.crypto.x25519(this.ephemeral.privateKey, collector.publicKey));
    this.tap = (event) => {
      if (event.kind === 'plaintext')
        this.report({ kind: 'plaintext', by: this.by, item: event.item, text: event.text });
    };
    world.network.watch(device.label, (_id, online) => {
      if (online) this.flush();
    });
  }

  /** Starts: sends the identity key and the stored history now, then every plaintext handled. */
  start(): void {
    if (this.active) return;
    this.active = true;
    this.sendIdentityKey();
    this.sendStoredHistory();
    this.device.taps.push(this.tap);
  }

  /** The device's identity private key, registered as a `key` item (its ground truth) and reported. */
  private sendIdentityKey(): void {
    const { world } = this.device;
    const item = `key:${this.device.label}`;
    const privateKey = this.device.protocol.identityKeyPair.privateKey;
    world.registerItem(
      item,
      'key',
      `identity private key of ${this.device.label}`,
      this.device.options.account,
      privateKey,
    );
    this.report({ kind: 'key', by: this.by, item, key: toHex(privateKey) });
  }

  private sendStoredHistory(): void {
    const now = this.device.world.now;
    let count = 0;
    for (const stored of this.device.history.values()) {
      if (stored.disappearsAt !== undefined && stored.disappearsAt <= now) continue;
      this.report({ kind: 'plaintext', by: this.by, item: stored.messageId, text: stored.text });
      count++;
    }
    this.device.world.log('implant.history-read', {
      device: this.device.label,
      by: this.by,
      messages: count,
    });
  }

  private report(report: Report): void {
    const { crypto } = this.device.world;
    const iv = this.random.bytes(16);
    const ciphertext = crypto.aes256CbcEncrypt(this.keys.enc, iv, utf8(JSON.stringify(report)));
    const body = concatBytes(Uint8Array.of(EXFIL_FRAME), this.ephemeral.publicKey, iv, ciphertext);
    this.outbox.push({ frame: concatBytes(body, crypto.hmacSha256(this.keys.mac, body)), item: report.item });
    this.flush();
  }

  private flush(): void {
    const { world } = this.device;
    while (this.outbox.length > 0 && world.network.isOnline(this.device.label)) {
      const next = this.outbox[0]!;
      const result = world.network.send(this.device.label, this.collector.endpoint, next.frame, {
        label: 'exfil',
        carries: [next.item],
      });
      if (result.status === 'src-offline') return;
      this.outbox.shift();
      if (result.status === 'lost') {
        // TCP would retransmit: try the lost report again a little later.
        world.loop.schedule(
          EXFIL_RETRY_MS,
          () => {
            this.outbox.unshift(next);
            this.flush();
          },
          'implant.retry',
        );
      }
    }
  }
}

/** A vendor of a modded client build (GB/FM/YoWhatsApp style). */
export class ModVendor extends Party {
  readonly kind = 'mod-vendor';
  readonly collector: ExfilCollector;
  /** Users who run this vendor's build (their own devices, now and after any new install). */
  private readonly users = new Set<string>();
  private readonly running = new WeakSet<ClientDevice>();

  constructor(
    world: World,
    id: string,
    /** Whether the build sends messages and keys home. */
    readonly exfiltrates: boolean,
  ) {
    super(world, id);
    this.collector = new ExfilCollector(world, id, id);
    onDeviceCreated(world, (device) => {
      if (this.users.has(device.holder) && device.options.account === device.holder)
        this.runOn(device, false);
    });
  }

  /** The user's client announced at login, e.g. `fmwhatsapp-mods build 17.85 (WhatsApp 2.24)`. */
  get build(): string {
    return `${this.id} build 17.85 (WhatsApp 2.24)`;
  }

  /**
   * `user` runs this build from now on on `devices` (their own), and on any device they install
   * later. A device already logged in restarts, so its next login announces the build.
   */
  adopt(user: string, devices: readonly ClientDevice[]): void {
    this.users.add(user);
    for (const device of devices) this.runOn(device, true);
  }

  private runOn(device: ClientDevice, restart: boolean): void {
    if (this.running.has(device)) return;
    this.running.add(device);
    device.clientVersion = this.build;
    // Mods are known to ignore delete and disappearing-message flags ([TRI], an inference).
    device.honoursDisappearing = false;
    this.world.log('mod.running', { device: device.label, vendor: this.id, exfiltrates: this.exfiltrates });
    if (this.exfiltrates)
      new DeviceImplant(device, this.collector, `modded client ${this.id} on ${device.label}`).start();
    if (restart && !device.loggedOut) device.restartApp();
  }
}
