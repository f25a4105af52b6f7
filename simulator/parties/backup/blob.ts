/**
 * The chat backup file: what a phone uploads to Google Drive / iCloud (SCENARIOS.md A13, S18, S19).
 *
 * A blob is a small header (magic, version, protection) followed by the body. A backup that is not
 * end-to-end encrypted (the user's `plain` mode) is by default sealed under the account's key that the
 * chat operator holds and releases only to an install registered on the number (`server-key`,
 * ./account-key.ts, [TC17]); with the chat-server option `plain_backup_encryption: none` it is the
 * serialized history itself (`plain` here), which the cloud operator can read (the reading of
 * [ENG18] in which Google can access it). An end-to-end encrypted backup's body is that serialization
 * sealed under a random 256-bit backup key; the key is either shown to the user as 64 hexadecimal
 * digits or kept in the HSM key vault behind a password ([BKP]). Every sealed body is AES-256-CBC +
 * HMAC-SHA256 with the header bound in as associated data.
 */
import { concatBytes, fromHex, fromUtf8, toHex, utf8 } from '../../crypto/bytes.js';
import type { CryptoProvider, RandomSource } from '../../crypto/provider.js';
import { open, seal } from './seal.js';

/** How a user's backups are protected (userPartySchema.backup.mode). */
export type BackupMode = 'plain' | 'encrypted-password' | 'encrypted-key';

/**
 * How one blob is protected: `plain` (unencrypted), `server-key` (not end-to-end encrypted: sealed
 * under the chat operator's account key), or one of the end-to-end encrypted modes.
 */
export type BlobMode = BackupMode | 'server-key';

/** Blob modes sealed under a key (everything but `plain`). */
export type SealedMode = Exclude<BlobMode, 'plain'>;

/** Length of a backup key: 256 bits ([BKP]). */
export const BACKUP_KEY_LENGTH = 32;

/** One message as stored in a backup. */
export interface BackupMessage {
  readonly messageId: string;
  readonly from: string;
  readonly to: string;
  readonly text: string;
  readonly timestamp: number;
  readonly groupId?: string;
}

/** What a backup holds: the account's on-device history at one moment. */
export interface BackupContents {
  /** Phone number of the account backed up. */
  readonly account: string;
  /** Virtual time the backup was made, ms. */
  readonly createdAt: number;
  readonly messages: readonly BackupMessage[];
}

/** The bytes are not a backup this build understands. */
export class BackupFormatError extends Error {
  override readonly name = 'BackupFormatError';
}

const MAGIC = utf8('SLBK');
const VERSION = 1;
const MODE_BYTES: Record<BlobMode, number> = {
  plain: 0,
  'encrypted-password': 1,
  'encrypted-key': 2,
  'server-key': 3,
};
const HEADER_LENGTH = MAGIC.length + 2;
const SEAL_PURPOSE = 'chat-backup';

/** Serializes backup contents (fixed key order, so the same history gives the same bytes). */
export function serializeContents(contents: BackupContents): Uint8Array {
  const messages = contents.messages.map((m) => ({
    messageId: m.messageId,
    from: m.from,
    to: m.to,
    text: m.text,
    timestamp: m.timestamp,
    ...(m.groupId !== undefined ? { groupId: m.groupId } : {}),
  }));
  return utf8(
    JSON.stringify({
      format: 'sightline-backup/1',
      account: contents.account,
      createdAt: contents.createdAt,
      messages,
    }),
  );
}

/**
 * Parses serialized contents.
 * @throws BackupFormatError when the bytes are not a serialized backup.
 */
export function parseContents(bytes: Uint8Array): BackupContents {
  let value: unknown;
  try {
    value = JSON.parse(fromUtf8(bytes));
  } catch {
    throw new BackupFormatError('backup contents are not readable');
  }
  const record = value as { format?: unknown; account?: unknown; createdAt?: unknown; messages?: unknown };
  if (
    record?.format !== 'sightline-backup/1' ||
    typeof record.account !== 'string' ||
    typeof record.createdAt !== 'number'
  ) {
    throw new BackupFormatError('not a sightline backup');
  }
  if (!Array.isArray(record.messages)) throw new BackupFormatError('backup has no message list');
  const messages = record.messages.map((entry: unknown): BackupMessage => {
    const m = entry as Record<string, unknown>;
    const strings = ['messageId', 'from', 'to', 'text'].every((k) => typeof m[k] === 'string');
    if (
      !strings ||
      typeof m['timestamp'] !== 'number' ||
      (m['groupId'] !== undefined && typeof m['groupId'] !== 'string')
    ) {
      throw new BackupFormatError('malformed message in backup');
    }
    return {
      messageId: m['messageId'] as string,
      from: m['from'] as string,
      to: m['to'] as string,
      text: m['text'] as string,
      timestamp: m['timestamp'],
      ...(m['groupId'] !== undefined ? { groupId: m['groupId'] as string } : {}),
    };
  });
  return { account: record.account, createdAt: record.createdAt, messages };
}

function header(mode: BlobMode): Uint8Array {
  return concatBytes(MAGIC, Uint8Array.of(VERSION, MODE_BYTES[mode]));
}

/** A plain (not end-to-end encrypted) backup: whoever stores it can read it. */
export function plainBlob(contents: Uint8Array): Uint8Array {
  return concatBytes(header('plain'), contents);
}

/**
 * A sealed backup: the contents under `key` (an end-to-end encrypted backup's own key, or the chat
 * operator's account key for `server-key`), the header authenticated too.
 */
export function encryptedBlob(
  crypto: CryptoProvider,
  random: RandomSource,
  mode: SealedMode,
  key: Uint8Array,
  contents: Uint8Array,
): Uint8Array {
  requireKey(key);
  const head = header(mode);
  return concatBytes(head, seal(crypto, random, key, SEAL_PURPOSE, contents, head));
}

/**
 * The header of a blob: its mode and body. Anyone holding the blob can read this much.
 * @throws BackupFormatError when the bytes are not a backup blob.
 */
export function readBlobHeader(blob: Uint8Array): { mode: BlobMode; body: Uint8Array } {
  if (
    blob.length < HEADER_LENGTH ||
    MAGIC.some((byte, i) => blob[i] !== byte) ||
    blob[MAGIC.length] !== VERSION
  ) {
    throw new BackupFormatError('not a backup blob');
  }
  const mode = (Object.keys(MODE_BYTES) as BlobMode[]).find((m) => MODE_BYTES[m] === blob[MAGIC.length + 1]);
  if (!mode) throw new BackupFormatError('unknown backup protection mode');
  return { mode, body: blob.subarray(HEADER_LENGTH) };
}

/**
 * The serialized contents of a blob: read directly for a plain one, decrypted with `key` otherwise.
 * @throws SealError for a wrong key or a tampered blob; BackupFormatError for a malformed one or a
 *   missing key.
 */
export function openBlob(crypto: CryptoProvider, blob: Uint8Array, key?: Uint8Array): Uint8Array {
  const { mode, body } = readBlobHeader(blob);
  if (mode === 'plain') return body.slice();
  if (key === undefined) throw new BackupFormatError('the backup is encrypted and no key was given');
  requireKey(key);
  return open(crypto, key, SEAL_PURPOSE, body, blob.subarray(0, HEADER_LENGTH));
}

function requireKey(key: Uint8Array): void {
  if (key.length !== BACKUP_KEY_LENGTH)
    throw new BackupFormatError(`a backup key is ${BACKUP_KEY_LENGTH} bytes`);
}

/**
 * The 64-digit form of a backup key that WhatsApp shows the user to write down: 64 hexadecimal
 * digits (256 bits), grouped by four for reading ([BKP]).
 */
export function keyToDigits(key: Uint8Array): string {
  requireKey(key);
  return (toHex(key).match(/.{4}/g) ?? []).join(' ');
}

/**
 * Parses a typed-in 64-digit key (spaces ignored, either case).
 * @throws BackupFormatError unless it is exactly 64 hexadecimal digits.
 */
export function digitsToKey(digits: string): Uint8Array {
  const compact = digits.replace(/\s+/g, '');
  if (!/^[0-9a-fA-F]{64}$/.test(compact))
    throw new BackupFormatError('a backup key is 64 hexadecimal digits');
  return fromHex(compact);
}
