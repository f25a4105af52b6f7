/**
 * The backup file format, its encryption, the 64-digit key form, the provider channel and the
 * OPAQUE exchange, tested without a scenario.
 */
import { describe, expect, it } from 'vitest';
import { toHex, utf8 } from '../../simulator/crypto/bytes.js';
import { nobleCryptoProvider as crypto } from '../../simulator/crypto/noble-provider.js';
import { SeededRandom } from '../../simulator/crypto/seeded-random.js';
import {
  BackupFormatError,
  digitsToKey,
  encryptedBlob,
  keyToDigits,
  openBlob,
  parseContents,
  plainBlob,
  readBlobHeader,
  serializeContents,
} from '../../simulator/parties/backup/blob.js';
import {
  ChannelError,
  openRequest,
  openResponse,
  sealRequest,
  sealResponse,
} from '../../simulator/parties/backup/channel.js';
import { packFields, unpackFields, FieldsError } from '../../simulator/parties/backup/fields.js';
import {
  OpaqueError,
  blindPassword,
  evaluateBlinded,
  finishLogin,
  finishRegistration,
  oprfKeyFor,
  respondToLogin,
  startLogin,
} from '../../simulator/parties/backup/opaque.js';
import { SealError } from '../../simulator/parties/backup/seal.js';

const contents = serializeContents({
  account: '+1 555 0101',
  createdAt: 42_000,
  messages: [
    { messageId: 'm1', from: '+1 555 0100', to: '+1 555 0101', text: 'hello', timestamp: 1000 },
    {
      messageId: 'g1',
      from: '+1 555 0101',
      to: 'group family',
      text: 'dinner at 8',
      timestamp: 2000,
      groupId: 'family',
    },
  ],
});

function flip(bytes: Uint8Array, index: number): Uint8Array {
  const copy = bytes.slice();
  copy[index]! ^= 0x01;
  return copy;
}

describe('backup blob', () => {
  const key = new SeededRandom('backup-key').bytes(32);

  it('a plain backup carries the serialized history as is', () => {
    const blob = plainBlob(contents);
    expect(readBlobHeader(blob).mode).toBe('plain');
    expect(openBlob(crypto, blob)).toEqual(contents);
    const parsed = parseContents(openBlob(crypto, blob));
    expect(parsed.messages.map((m) => m.messageId)).toEqual(['m1', 'g1']);
    expect(parsed.messages[1]!.groupId).toBe('family');
  });

  it('an encrypted backup opens with its key and hides the text', () => {
    const blob = encryptedBlob(crypto, new SeededRandom(1), 'encrypted-key', key, contents);
    expect(readBlobHeader(blob).mode).toBe('encrypted-key');
    expect(toHex(blob)).not.toContain(toHex(utf8('dinner at 8')));
    expect(openBlob(crypto, blob, key)).toEqual(contents);
  });

  it('rejects a wrong key, a missing key, and any changed byte (body or header)', () => {
    const blob = encryptedBlob(crypto, new SeededRandom(1), 'encrypted-password', key, contents);
    expect(() => openBlob(crypto, blob, new SeededRandom('other').bytes(32))).toThrow(SealError);
    expect(() => openBlob(crypto, blob)).toThrow(BackupFormatError);
    for (const index of [8, 30, blob.length - 40, blob.length - 1]) {
      expect(() => openBlob(crypto, flip(blob, index), key)).toThrow(SealError);
    }
    // Relabelling the mode in the header is caught too: the header is authenticated.
    const relabelled = blob.slice();
    relabelled[5] = 2;
    expect(readBlobHeader(relabelled).mode).toBe('encrypted-key');
    expect(() => openBlob(crypto, relabelled, key)).toThrow(SealError);
  });

  it('refuses bytes that are not a backup', () => {
    expect(() => readBlobHeader(utf8('hello world'))).toThrow(BackupFormatError);
    expect(() => parseContents(utf8('{"format":"other"}'))).toThrow(BackupFormatError);
  });

  it('is deterministic for a seed', () => {
    const a = encryptedBlob(crypto, new SeededRandom(7), 'encrypted-key', key, contents);
    const b = encryptedBlob(crypto, new SeededRandom(7), 'encrypted-key', key, contents);
    expect(a).toEqual(b);
  });
});

describe('64-digit backup key', () => {
  it('shows 256 bits as 64 hexadecimal digits and reads them back', () => {
    const key = new SeededRandom('k').bytes(32);
    const digits = keyToDigits(key);
    const compact = digits.replace(/ /g, '');
    expect(compact).toMatch(/^[0-9a-f]{64}$/);
    expect(digits.split(' ')).toHaveLength(16);
    expect(digitsToKey(digits)).toEqual(key);
    expect(digitsToKey(compact.toUpperCase())).toEqual(key);
  });

  it('round-trips a backup through the written-down digits', () => {
    const key = new SeededRandom('k2').bytes(32);
    const blob = encryptedBlob(crypto, new SeededRandom(3), 'encrypted-key', key, contents);
    expect(openBlob(crypto, blob, digitsToKey(keyToDigits(key)))).toEqual(contents);
  });

  it('rejects a mistyped key', () => {
    const digits = keyToDigits(new SeededRandom('k3').bytes(32));
    expect(() => digitsToKey(digits.slice(0, -1))).toThrow(BackupFormatError);
    expect(() => digitsToKey(digits.replace(/[0-9a-f]$/, 'g'))).toThrow(BackupFormatError);
  });
});

describe('service channel', () => {
  const random = new SeededRandom('channel');
  const service = crypto.generateKeyPair(random.fork('service'));

  it('delivers a request to the service and the response back', () => {
    const { record, keys } = sealRequest(crypto, random, service.publicKey, utf8('download bob'));
    const opened = openRequest(crypto, service, record);
    expect(opened.request).toEqual(utf8('download bob'));
    const response = sealResponse(crypto, random, opened.keys, utf8('here it is'));
    expect(openResponse(crypto, keys, response)).toEqual(utf8('here it is'));
    expect(toHex(record)).not.toContain(toHex(utf8('download bob')));
  });

  it('rejects a changed record and a record for another service', () => {
    const { record } = sealRequest(crypto, random, service.publicKey, utf8('upload'));
    expect(() => openRequest(crypto, service, flip(record, record.length - 5))).toThrow(ChannelError);
    const other = crypto.generateKeyPair(random.fork('other'));
    expect(() => openRequest(crypto, other, record)).toThrow(ChannelError);
  });
});

describe('fields codec', () => {
  it('round-trips and refuses truncation', () => {
    const packed = packFields(['a', new Uint8Array([1, 2, 3]), '']);
    expect(unpackFields(packed, 3).map((f) => f.length)).toEqual([1, 3, 0]);
    expect(() => unpackFields(packed.subarray(0, packed.length - 1))).toThrow(FieldsError);
    expect(() => unpackFields(packed, 2)).toThrow(FieldsError);
  });
});

describe('OPAQUE exchange', () => {
  const random = new SeededRandom('opaque');
  const vault = crypto.generateKeyPair(random.fork('vault'));
  const oprfKey = oprfKeyFor(crypto, random.fork('seed').bytes(32), '+1 555 0101');
  const backupKey = random.fork('backup-key').bytes(32);
  const blinded = blindPassword(random, 'correct horse');
  const record = finishRegistration(
    crypto,
    random,
    blinded,
    evaluateBlinded(oprfKey, blinded.blinded),
    vault.publicKey,
    backupKey,
  );

  it('stores nothing that reveals the password or the key', () => {
    const stored = toHex(
      new Uint8Array([...record.clientPublicKey, ...record.envelope, ...record.sealedKey]),
    );
    expect(stored).not.toContain(toHex(backupKey));
    expect(stored).not.toContain(toHex(utf8('correct horse')));
  });

  it('blinds the password: two logins send unrelated elements', () => {
    const a = startLogin(crypto, random, 'correct horse');
    const b = startLogin(crypto, random, 'correct horse');
    expect(unpackFields(a.ke1)[0]).not.toEqual(unpackFields(b.ke1)[0]);
  });

  it('the right password authenticates both sides; a wrong one cannot open the envelope', () => {
    const good = startLogin(crypto, random, 'correct horse');
    const answer = respondToLogin(crypto, random, vault, oprfKey, record, good.ke1);
    const client = finishLogin(crypto, good, vault.publicKey, answer.ke2);
    expect(client.ke3).toEqual(answer.state.expectedClientMac);
    expect(client.sessionKey).toEqual(answer.state.sessionKey);

    const bad = startLogin(crypto, random, 'Correct horse');
    const badAnswer = respondToLogin(crypto, random, vault, oprfKey, record, bad.ke1);
    expect(() => finishLogin(crypto, bad, vault.publicKey, badAnswer.ke2)).toThrow(OpaqueError);
  });

  it('a party without the vault key cannot pose as the vault', () => {
    const impostor = crypto.generateKeyPair(random.fork('impostor'));
    const login = startLogin(crypto, random, 'correct horse');
    const answer = respondToLogin(crypto, random, impostor, oprfKey, record, login.ke1);
    let code: string | undefined;
    try {
      finishLogin(crypto, login, vault.publicKey, answer.ke2);
    } catch (error) {
      code = (error as OpaqueError).code;
    }
    expect(code).toBe('server-auth');
  });
});
