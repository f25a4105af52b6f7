/**
 * The client side of the cloud backup service: a phone uploading its backup, and a restoring party
 * (the owner on a new phone, or an attacker holding the owner's cloud credentials) downloading it.
 * Every request travels as a sealed record to the provider's pinned key (./channel.ts).
 *
 * Downloads arrive at a small endpoint of their own (`cloud:<party>`): in the simulation a device's
 * endpoint belongs to its chat transport, so the backup client gets its own socket.
 */
import { fromUtf8 } from '../../crypto/bytes.js';
import type { RandomSource } from '../../crypto/provider.js';
import type { DeliveredFrame } from '../../network/network.js';
import type { World } from '../../world/world.js';
import type { BackupProvider } from '../backup-provider.js';
import { type ChannelKeys, ChannelError, openResponse, sealRequest } from './channel.js';
import { FieldsError, packFields, unpackFields } from './fields.js';
import { sendReliably } from './transfer.js';

/** Outcome of sending an upload. */
export type UploadStatus = 'sent' | 'lost' | 'src-offline';

/** Sends a backup blob from endpoint `from` to the provider, signed in with `credential`. */
export function uploadBackup(
  world: World,
  random: RandomSource,
  from: string,
  provider: BackupProvider,
  upload: { owner: string; credential: string; name: string; blob: Uint8Array },
): UploadStatus {
  const request = packFields(['upload', upload.owner, upload.credential, upload.name, upload.blob]);
  const { record } = sealRequest(world.crypto, random, provider.publicKey, request);
  return sendReliably(world.network, from, provider.endpoint, record, 'tls.upload');
}

/** What a download returned. */
export type DownloadResult =
  | { readonly ok: true; readonly name: string; readonly blob: Uint8Array }
  | { readonly ok: false; readonly reason: string };

/** A party's backup client: requests its (or a victim's) latest backup and receives the answer. */
export class CloudClient {
  readonly endpoint: string;
  private pending: { keys: ChannelKeys; done: (result: DownloadResult) => void } | undefined;

  constructor(
    private readonly world: World,
    party: string,
  ) {
    this.endpoint = `cloud:${party}`;
    world.network.add({ id: this.endpoint, pool: 'client', receive: (frame) => this.onFrame(frame) });
  }

  /** Sends a download request; `done` runs when the answer arrives (or at once if it cannot be sent). */
  download(
    random: RandomSource,
    provider: BackupProvider,
    request: { owner: string; credential: string },
    done: (result: DownloadResult) => void,
  ): void {
    const { record, keys } = sealRequest(
      this.world.crypto,
      random,
      provider.publicKey,
      packFields(['download', request.owner, request.credential]),
    );
    this.pending = { keys, done };
    const status = sendReliably(this.world.network, this.endpoint, provider.endpoint, record, 'tls.download');
    if (status !== 'sent') {
      this.pending = undefined;
      done({ ok: false, reason: `the request to ${provider.id} never left (${status})` });
    }
  }

  private onFrame(frame: DeliveredFrame): void {
    const pending = this.pending;
    if (!pending) return;
    let fields: Uint8Array[];
    try {
      fields = unpackFields(openResponse(this.world.crypto, pending.keys, frame.bytes));
    } catch (error) {
      if (!(error instanceof ChannelError) && !(error instanceof FieldsError)) throw error;
      this.world.log('cloud.bad-response', { client: this.endpoint, reason: (error as Error).message });
      return;
    }
    this.pending = undefined;
    const status = fromUtf8(fields[0] ?? new Uint8Array());
    if (status === 'ok' && fields.length === 3)
      pending.done({ ok: true, name: fromUtf8(fields[1]!), blob: fields[2]! });
    else
      pending.done({
        ok: false,
        reason: fromUtf8(fields[1] ?? new Uint8Array()) || 'the provider gave no answer',
      });
  }
}
