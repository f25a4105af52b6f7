/**
 * The key vault and the backup provider as parties in a world: attempt counting and permanent
 * lock-out at the vault, credentials and derived visibility at the provider.
 */
import { describe, expect, it } from 'vitest';
import { nobleCryptoProvider } from '../../simulator/crypto/noble-provider.js';
import { BackupProvider } from '../../simulator/parties/backup-provider.js';
import { encryptedBlob, plainBlob, serializeContents } from '../../simulator/parties/backup/blob.js';
import {
  CloudClient,
  type DownloadResult,
  uploadBackup,
} from '../../simulator/parties/backup/cloud-client.js';
import { runUntilSettled } from '../../simulator/parties/backup/transfer.js';
import { requestKeyFromVault, storeKeyInVault } from '../../simulator/parties/backup/vault-client.js';
import { KeyVault } from '../../simulator/parties/key-vault.js';
import { World } from '../../simulator/world/world.js';

const ACCOUNT = '+1 555 0101';

function vaultWorld(maxAttempts = 10) {
  const world = new World({ seed: 'vault-test', crypto: nobleCryptoProvider });
  const vault = world.add(new KeyVault(world, 'hsm', maxAttempts));
  const key = world.random.fork('key').bytes(32);
  world.registerItem('backup-key:bob:1', 'key', "bob's backup key", 'bob', 'k');
  storeKeyInVault(world, world.random.fork('register'), vault, {
    account: ACCOUNT,
    password: 'tr0ub4dor&3',
    backupKey: key,
    keyItem: 'backup-key:bob:1',
  });
  let n = 0;
  const ask = (password: string) =>
    requestKeyFromVault(world, world.random.fork(`login:${n++}`), vault, ACCOUNT, password);
  return { world, vault, key, ask };
}

describe('KeyVault', () => {
  it('releases the key for the right password', () => {
    const { ask, key } = vaultWorld();
    const answer = ask('tr0ub4dor&3');
    expect(answer.ok).toBe(true);
    expect(answer.ok && answer.key).toEqual(key);
  });

  it('rejects a wrong password and counts every attempt', () => {
    const { ask, vault } = vaultWorld();
    const first = ask('password1');
    expect(first.ok).toBe(false);
    expect(!first.ok && first.attemptsLeft).toBe(9);
    ask('password2');
    expect(vault.attemptsLeft(ACCOUNT)).toBe(8);
  });

  it('resets the count after a successful login', () => {
    const { ask, vault } = vaultWorld();
    for (let i = 0; i < 9; i++) expect(ask(`wrong${i}`).ok).toBe(false);
    expect(vault.attemptsLeft(ACCOUNT)).toBe(1);
    expect(ask('tr0ub4dor&3').ok).toBe(true);
    expect(vault.attemptsLeft(ACCOUNT)).toBe(10);
  });

  it('destroys the record after max_attempts failures, permanently — even for the right password', () => {
    const { ask, vault, world } = vaultWorld(10);
    for (let i = 0; i < 9; i++) expect(ask(`wrong${i}`)).toMatchObject({ ok: false, erased: false });
    expect(ask('wrong9')).toMatchObject({ ok: false, erased: true, attemptsLeft: 0 });
    expect(vault.has(ACCOUNT)).toBe(false);
    expect(vault.wasDestroyed(ACCOUNT)).toBe(true);
    const late = ask('tr0ub4dor&3');
    expect(late.ok).toBe(false);
    expect(!late.ok && late.reason).toMatch(/destroyed/);
    expect(world.journal.events().filter((e) => e.type === 'vault.record-destroyed')).toHaveLength(1);
  });

  it('honours a smaller max_attempts', () => {
    const { ask, vault } = vaultWorld(3);
    ask('a');
    ask('b');
    expect(vault.has(ACCOUNT)).toBe(true);
    ask('c');
    expect(vault.has(ACCOUNT)).toBe(false);
  });

  it('counts a forged or abandoned login as a failed attempt', () => {
    const { vault } = vaultWorld(2);
    const start = vault.loginStart(ACCOUNT, new Uint8Array(10));
    expect(start.ok).toBe(false);
    expect(vault.attemptsLeft(ACCOUNT)).toBe(1);
    expect(vault.loginFinish(ACCOUNT, new Uint8Array(32))).toMatchObject({ ok: false });
  });

  it('records that it holds only the sealed key', () => {
    const { world } = vaultWorld();
    const seen = world.ledger.toJSON().observations.filter((o) => o.party === 'hsm');
    expect(seen).toHaveLength(1);
    expect(seen[0]!.how.kind).toBe('ciphertext');
    expect(seen[0]!.fields).toEqual([]);
  });
});

function providerWorld() {
  const world = new World({ seed: 'provider-test', crypto: nobleCryptoProvider });
  const provider = world.add(new BackupProvider(world, 'gdrive'));
  world.network.add({ id: 'bob-phone', receive: () => undefined });
  world.registerItem('m1', 'message', 'alice → bob', 'alice', 'see you at 8');
  const contents = serializeContents({
    account: ACCOUNT,
    createdAt: 0,
    messages: [{ messageId: 'm1', from: '+1 555 0100', to: ACCOUNT, text: 'see you at 8', timestamp: 0 }],
  });
  world.registerItem('backup:bob:1', 'backup', "bob's backup", 'bob', contents);
  const credential = provider.openAccount('bob');
  const upload = (blob: Uint8Array) =>
    uploadBackup(world, world.random.fork('upload'), 'bob-phone', provider, {
      owner: 'bob',
      credential,
      name: 'backup:bob:1',
      blob,
    });
  const level = (party: string, item: string) =>
    world.ledger
      .toJSON()
      .observations.filter((o) => o.party === party && o.item === item)
      .map((o) => (o.fields.includes('content') ? 'content' : o.how.kind));
  return { world, provider, contents, credential, upload, level };
}

describe('BackupProvider', () => {
  it('reads a plain backup once it arrives over the network', () => {
    const { world, contents, upload, level, provider } = providerWorld();
    expect(upload(plainBlob(contents))).toBe('sent');
    expect(level('gdrive', 'm1')).toEqual([]);
    world.loop.runUntil(world.now + 1_000);
    expect(level('gdrive', 'm1')).toEqual(['content']);
    expect(level('gdrive', 'backup:bob:1')).toEqual(['content']);
    expect(provider.latest('bob')?.mode).toBe('plain');
  });

  it('exposes the messages of plain backups (and only those) to a breach', () => {
    const plain = providerWorld();
    plain.upload(plainBlob(plain.contents));
    plain.world.loop.runUntil(plain.world.now + 1_000);
    expect(plain.provider.storedMessages()).toEqual([{ messageId: 'm1', text: 'see you at 8' }]);
    const sealed = providerWorld();
    const key = sealed.world.random.fork('k').bytes(32);
    sealed.upload(
      encryptedBlob(
        sealed.world.crypto,
        sealed.world.random.fork('seal'),
        'encrypted-key',
        key,
        sealed.contents,
      ),
    );
    sealed.world.loop.runUntil(sealed.world.now + 1_000);
    expect(sealed.provider.latest('bob')?.mode).toBe('encrypted-key');
    expect(sealed.provider.storedMessages()).toEqual([]);
  });

  it('holds only ciphertext of an encrypted backup', () => {
    const { world, contents, upload, level, provider } = providerWorld();
    const blob = encryptedBlob(
      world.crypto,
      world.random.fork('seal'),
      'encrypted-key',
      world.random.fork('k').bytes(32),
      contents,
    );
    provider.attribute(blob, ['m1']);
    upload(blob);
    world.loop.runUntil(world.now + 1_000);
    expect(level('gdrive', 'm1')).toEqual(['ciphertext']);
    expect(level('gdrive', 'backup:bob:1')).toEqual(['ciphertext']);
  });

  it('serves a download only with the account credentials', () => {
    const { world, contents, upload, credential, provider } = providerWorld();
    upload(plainBlob(contents));
    world.loop.runUntil(world.now + 1_000);
    const client = new CloudClient(world, 'mallory');
    const fetch = (secret: string): DownloadResult | undefined => {
      let result: DownloadResult | undefined;
      client.download(
        world.random.fork(`dl:${secret}`),
        provider,
        { owner: 'bob', credential: secret },
        (r) => (result = r),
      );
      runUntilSettled(world, () => result !== undefined, 900);
      return result;
    };
    expect(fetch('0'.repeat(32))).toMatchObject({ ok: false });
    const stolen = fetch(credential);
    expect(stolen?.ok).toBe(true);
    expect(stolen?.ok && stolen.blob).toEqual(plainBlob(contents));
  });
});
