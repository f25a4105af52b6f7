/**
 * A cloud storage service holding chat backups — Google Drive or iCloud (SCENARIOS.md A13, S18,
 * S19). Backups reach it over the network inside a TLS-like channel that ends at the provider
 * (./backup/channel.ts), so it holds exactly what the phone uploaded: a backup that is not end-to-end
 * encrypted is by default sealed under a key only the chat operator holds (./backup/account-key.ts),
 * so the provider holds ciphertext plus its size, time and owner — as for an end-to-end encrypted one;
 * only an unencrypted upload (`plain_backup_encryption: none`) is readable history to it ([ENG18]).
 *
 * Access to a stored backup takes the cloud account's credentials. The owner has them; an attacker
 * gets them only by stealing them (`steal-backup-credentials`). The provider keeps the latest
 * backup per account, as WhatsApp's Drive backups do.
 */
import { bytesEqual, fromUtf8, toHex, utf8 } from '../crypto/bytes.js';
import type { KeyPair } from '../crypto/provider.js';
import type { SeededRandom } from '../crypto/seeded-random.js';
import type { DeliveredFrame } from '../network/network.js';
import type { Field } from '../ledger/types.js';
import { Party, type World } from '../world/world.js';
import { type BlobMode, BackupFormatError, parseContents, readBlobHeader } from './backup/blob.js';
import { ChannelError, openRequest, sealResponse } from './backup/channel.js';
import { FieldsError, packFields, unpackFields } from './backup/fields.js';
import { sendReliably } from './backup/transfer.js';

/** A backup file as the provider stores it. */
export interface StoredBackup {
  /** File name: the backup's ledger item id. */
  readonly name: string;
  /** Cloud account (party id of the owner). */
  readonly owner: string;
  readonly blob: Uint8Array;
  readonly mode: BlobMode;
  readonly uploadedAt: number;
}

export class BackupProvider extends Party {
  readonly kind = 'backup-provider';
  readonly endpoint: string;
  /** The provider's TLS certificate key (clients pin its public half). */
  readonly keyPair: KeyPair;
  private readonly random: SeededRandom;
  private readonly credentials = new Map<string, Uint8Array>();
  private readonly files = new Map<string, StoredBackup>();
  /** Ground truth: ledger items inside each encrypted blob, by blob digest (attribution only). */
  private readonly carried = new Map<string, readonly string[]>();
  private responses = 0;

  constructor(world: World, id: string) {
    super(world, id);
    this.endpoint = id;
    this.random = world.random.fork(`backup-provider:${id}`);
    this.keyPair = world.crypto.generateKeyPair(this.random.fork('certificate'));
    world.network.add({ id, pool: 'external', receive: (frame) => this.onFrame(frame) });
  }

  get publicKey(): Uint8Array {
    return this.keyPair.publicKey;
  }

  /** Opens (or returns) `owner`'s cloud account and hands the owner its credentials. */
  openAccount(owner: string): string {
    let secret = this.credentials.get(owner);
    if (!secret) {
      secret = this.random.fork(`account:${owner}`).bytes(16);
      this.credentials.set(owner, secret);
      this.world.log('cloud.account-opened', { provider: this.id, owner });
    }
    return toHex(secret);
  }

  /** The latest backup stored for `owner`, if any. */
  latest(owner: string): StoredBackup | undefined {
    return this.files.get(owner);
  }

  /**
   * The messages the provider can read in what it stores: those of unencrypted backups, parsed from
   * the bytes (sealed ones — under the chat operator's key or end-to-end — yield nothing). What a breach of the provider exposes (`compromise`).
   */
  storedMessages(): { messageId: string; text: string }[] {
    const out: { messageId: string; text: string }[] = [];
    for (const file of this.files.values()) {
      if (file.mode !== 'plain') continue;
      try {
        for (const m of parseContents(readBlobHeader(file.blob).body).messages)
          out.push({ messageId: m.messageId, text: m.text });
      } catch (error) {
        if (!(error instanceof BackupFormatError)) throw error;
      }
    }
    return out;
  }

  /**
   * Ground truth from the uploader: the ledger items an encrypted blob carries, so the provider's
   * ciphertext observations name them. Never used to decide anything.
   */
  attribute(blob: Uint8Array, items: readonly string[]): void {
    this.carried.set(toHex(this.world.crypto.sha256(blob)), [...items]);
  }

  private authorized(owner: string, credential: Uint8Array): boolean {
    const secret = this.credentials.get(owner);
    return secret !== undefined && bytesEqual(utf8(toHex(secret)), credential);
  }

  private onFrame(frame: DeliveredFrame): void {
    let request: Uint8Array;
    let keys;
    try {
      ({ request, keys } = openRequest(this.world.crypto, this.keyPair, frame.bytes));
    } catch (error) {
      if (!(error instanceof ChannelError)) throw error;
      this.world.log('cloud.bad-record', {
        provider: this.id,
        from: frame.srcAddress,
        reason: error.message,
      });
      return;
    }
    let fields: Uint8Array[];
    try {
      fields = unpackFields(request);
    } catch (error) {
      if (!(error instanceof FieldsError)) throw error;
      this.world.log('cloud.bad-request', { provider: this.id, from: frame.srcAddress });
      return;
    }
    const [op, owner, credential] = [
      fromUtf8(fields[0] ?? new Uint8Array()),
      fromUtf8(fields[1] ?? new Uint8Array()),
      fields[2] ?? new Uint8Array(),
    ];
    const reply = (response: (Uint8Array | string)[]): void => {
      const record = sealResponse(
        this.world.crypto,
        this.random.fork(`response:${this.responses++}`),
        keys,
        packFields(response),
      );
      sendReliably(this.world.network, this.endpoint, frame.src, record, 'tls.response');
    };
    if (!this.authorized(owner, credential)) {
      this.world.log('cloud.denied', { provider: this.id, owner, op, from: frame.srcAddress });
      if (op === 'download') reply(['denied', `${this.id} refused the sign-in to ${owner}'s cloud account`]);
      return;
    }
    if (op === 'upload' && fields.length === 5) this.store(owner, fromUtf8(fields[3]!), fields[4]!, frame);
    else if (op === 'download') {
      const file = this.files.get(owner);
      this.world.log('cloud.download', {
        provider: this.id,
        owner,
        from: frame.srcAddress,
        found: file !== undefined,
      });
      reply(file ? ['ok', file.name, file.blob] : ['none', `${owner}'s cloud account holds no chat backup`]);
    } else this.world.log('cloud.bad-request', { provider: this.id, op });
  }

  /** Stores an uploaded blob and records what the provider can now read of it. */
  private store(owner: string, name: string, blob: Uint8Array, frame: DeliveredFrame): void {
    let mode: BlobMode;
    try {
      mode = readBlobHeader(blob).mode;
    } catch (error) {
      if (!(error instanceof BackupFormatError)) throw error;
      this.world.log('cloud.bad-backup', { provider: this.id, owner, name });
      return;
    }
    this.files.set(owner, { name, owner, blob, mode, uploadedAt: this.world.now });
    this.world.log('cloud.upload', {
      provider: this.id,
      owner,
      name,
      mode,
      bytes: blob.length,
      from: frame.srcAddress,
    });
    this.observeStored(this.id, this.files.get(owner)!);
  }

  /**
   * Records what `party` learns by holding `file`: the contents of a plain backup (parsed from the
   * bytes themselves), or only the ciphertext of an encrypted one. Also used for whoever reads the
   * provider's storage (a breach, a warrant).
   */
  observeStored(party: string, file: StoredBackup): void {
    const { world } = this;
    const body = readBlobHeader(file.blob).body;
    if (file.mode !== 'plain') {
      const detail =
        file.mode === 'server-key'
          ? `${file.owner}'s backup, encrypted under a key the chat operator holds (${file.blob.length} bytes)`
          : `end-to-end encrypted backup of ${file.owner} (${file.blob.length} bytes)`;
      world.observe(party, file.name, ['sender', 'timestamp', 'size'], { kind: 'ciphertext', detail });
      const items = this.carried.get(toHex(world.crypto.sha256(file.blob))) ?? [];
      for (const item of items)
        world.observe(party, item, [], {
          kind: 'ciphertext',
          detail: `inside ${file.owner}'s encrypted backup`,
        });
      return;
    }
    let contents;
    try {
      contents = parseContents(body);
    } catch (error) {
      if (!(error instanceof BackupFormatError)) throw error;
      world.log('cloud.unreadable-backup', { provider: this.id, owner: file.owner, name: file.name });
      return;
    }
    const how = { kind: 'backup' as const, source: `${this.id} backup of ${file.owner} (unencrypted)` };
    world.observe(party, file.name, ['content', 'sender', 'timestamp', 'size'], how, body);
    for (const message of contents.messages) {
      const fields: Field[] = ['content', 'sender', 'recipient', 'timestamp'];
      if (message.groupId !== undefined) fields.push('group-membership');
      world.observe(party, message.messageId, fields, how, message.text);
    }
  }
}
