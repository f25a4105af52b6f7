/**
 * The chat operator's key for backups that are not end-to-end encrypted (SCENARIOS.md A13, S18; see
 * docs/model.md, "Plain backups"). Such a backup is not plaintext in the cloud: the client encrypts it
 * under a per-account key that WhatsApp's server keeps and hands only to an install that completed
 * registration on the account's number (the 2017 iCloud change, where forensic vendors could decrypt
 * only with the SIM that receives the registration code [TC17]; on Android the crypt12/14 key file is
 * fetched from the server again after re-registering [DFC]). So the cloud provider holds ciphertext and
 * metadata, WhatsApp holds the key but not the file ([BKP]: "WhatsApp does not have access to these
 * backups"), and whoever registers the number — the owner or a SIM-swapper who gets past two-step
 * verification — gets the key.
 *
 * The release is a direct call (as the key vault's exchanges are): the server checks that the asking
 * install is the number's current primary, by the transport static key the registration recorded, and
 * seals the key to that public key (X25519 → HKDF-SHA256 → AES-256-CBC + HMAC-SHA256, ./seal.ts). Only
 * the holder of the install's private transport key can open it, so a logged-out or never-registered
 * install gets nothing it could use.
 */
import { bytesEqual, concatBytes, toHex, utf8 } from '../../crypto/bytes.js';
import type { RandomSource } from '../../crypto/provider.js';
import type { SeededRandom } from '../../crypto/seeded-random.js';
import type { ChatServer } from '../chat-server.js';
import type { ClientDevice } from '../client/client-device.js';
import { BACKUP_KEY_LENGTH } from './blob.js';
import { SealError, open, seal } from './seal.js';

const RELEASE_INFO = 'sightline/account-backup-key/v1';
const SEAL_PURPOSE = 'account-backup-key-release';

/** What the server hands a registered install: its ephemeral public key and the sealed key. */
export interface SealedRelease {
  readonly ephemeralPublic: Uint8Array;
  readonly box: Uint8Array;
}

/** The answer to a release request. */
export type ReleaseResult =
  | { readonly ok: true; readonly key: Uint8Array; readonly item: string }
  | { readonly ok: false; readonly reason: string };

/** A key the server keeps: its bytes and its ledger item. */
export interface StoredKey {
  readonly key: Uint8Array;
  readonly item: string;
}

/** The ledger item of `owner`'s server-held backup key. */
export function accountKeyItem(owner: string): string {
  return `backup-key:${owner}:server`;
}

/** The per-account backup keys one chat server keeps, and the installs it released them to. */
export class AccountBackupKeys {
  private readonly keys = new Map<string, StoredKey>();
  /** What each install holds after a release it opened (number → key): the app's local key file. */
  private readonly held = new WeakMap<ClientDevice, Map<string, Uint8Array>>();
  private readonly random: SeededRandom;
  private releases = 0;

  constructor(readonly server: ChatServer) {
    this.random = server.world.random.fork(`account-backup-keys:${server.id}`);
  }

  /** Whether the server keeps a backup key for `number`. */
  has(number: string): boolean {
    return this.keys.has(number);
  }

  /** The key `device` holds for `number`'s backups, if it was ever released to it. */
  heldBy(device: ClientDevice, number: string): Uint8Array | undefined {
    return this.held.get(device)?.get(number);
  }

  /**
   * Releases `number`'s key to `device`, creating it first when `create` is set and none exists (a
   * phone's first backup). Refused unless `device` is the number's current registered primary.
   */
  release(device: ClientDevice, number: string, create = false): ReleaseResult {
    const { world } = this.server;
    const account = this.server.account(number);
    const primary = account?.devices.get(1);
    if (!account || !primary || !bytesEqual(primary.transportKey, device.transportKey.publicKey)) {
      const reason = `${this.server.id} releases ${account?.owner ?? number}'s backup key only to the install registered on the number`;
      world.log('backup.server-key-refused', { server: this.server.id, number, device: device.label });
      return { ok: false, reason };
    }
    let stored = this.keys.get(number);
    if (!stored) {
      if (!create) return { ok: false, reason: `${this.server.id} holds no backup key for ${account.owner}` };
      stored = this.create(number, account.owner);
    }
    const sealed = this.sealTo(primary.transportKey, number, stored.key);
    world.log('backup.server-key-released', { server: this.server.id, number, device: device.label });
    let key: Uint8Array;
    try {
      key = openRelease(world.crypto, device, number, sealed);
    } catch (error) {
      if (!(error instanceof SealError)) throw error;
      return { ok: false, reason: 'the released backup key did not authenticate' };
    }
    let mine = this.held.get(device);
    if (!mine) this.held.set(device, (mine = new Map()));
    mine.set(number, key);
    world.observe(
      device.holder,
      stored.item,
      ['content', 'keys'],
      {
        kind: 'decrypted',
        with: `release from ${this.server.id} to ${device.label}, the install registered on ${number}`,
      },
      toHex(key),
    );
    return { ok: true, key, item: stored.item };
  }

  /**
   * Hands `number`'s key to a lawful request, when the server is configured to (chat-server option
   * `backup_keys_on_warrant`; the sources say nothing either way). The caller records the disclosure.
   */
  disclose(number: string): StoredKey | undefined {
    const stored = this.keys.get(number);
    this.server.world.log('backup.server-key-disclosed', {
      server: this.server.id,
      number,
      found: stored !== undefined,
    });
    return stored;
  }

  private create(number: string, owner: string): StoredKey {
    const { world } = this.server;
    const key = this.random.fork(`key:${number}`).bytes(BACKUP_KEY_LENGTH);
    const item = accountKeyItem(owner);
    world.registerItem(
      item,
      'key',
      `${owner}'s backup key held by ${this.server.id} (backups that are not end-to-end encrypted)`,
      this.server.id,
      toHex(key),
    );
    world.observe(this.server.id, item, ['content', 'keys'], { kind: 'authored' }, toHex(key));
    world.log('backup.server-key-created', { server: this.server.id, number, item });
    const stored = { key, item };
    this.keys.set(number, stored);
    return stored;
  }

  private sealTo(devicePublic: Uint8Array, number: string, key: Uint8Array): SealedRelease {
    const { crypto } = this.server.world;
    return sealRelease(crypto, this.random.fork(`release:${this.releases++}`), devicePublic, number, key);
  }
}

type Crypto = ChatServer['world']['crypto'];

/** The server's side: seals `key` to an install's transport public key (ephemeral X25519, HKDF, seal). */
export function sealRelease(
  crypto: Crypto,
  random: RandomSource,
  devicePublic: Uint8Array,
  number: string,
  key: Uint8Array,
): SealedRelease {
  const ephemeral = crypto.generateKeyPair(random);
  const wrap = releaseKey(crypto, crypto.x25519(ephemeral.privateKey, devicePublic), number);
  return {
    ephemeralPublic: ephemeral.publicKey,
    box: seal(crypto, random, wrap, SEAL_PURPOSE, key, utf8(number)),
  };
}

function releaseKey(crypto: Crypto, shared: Uint8Array, number: string): Uint8Array {
  return crypto.hkdfSha256(shared, new Uint8Array(32), concatBytes(utf8(RELEASE_INFO), utf8(number)), 32);
}

/**
 * The install's side: opens a release with its private transport key.
 * @throws SealError when the box was not sealed to this install.
 */
export function openRelease(
  crypto: Crypto,
  device: ClientDevice,
  number: string,
  sealed: SealedRelease,
): Uint8Array {
  const wrap = releaseKey(
    crypto,
    crypto.x25519(device.transportKey.privateKey, sealed.ephemeralPublic),
    number,
  );
  return open(crypto, wrap, SEAL_PURPOSE, sealed.box, utf8(number));
}
